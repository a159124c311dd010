"""``dnsframe init``: the starter ``dnsconfig.py`` and ``creds.json`` for one provider type, and
shell completion's lookups (creds keys, domain names)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe.names import py_literal


def asked_fields(schema: Mapping[str, Any]) -> list[str]:
    """The creds fields ``init`` asks for: the schema's required ones, then the first of each
    set of alternatives (``anyOf``/``oneOf`` of ``required``: GANDI_V5's token or apikey)."""
    fields: list[str] = [str(f) for f in schema.get("required", []) if f != "TYPE"]
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator, [])
        if options and isinstance(options[0], dict):
            fields += [str(f) for f in options[0].get("required", []) if f not in fields]
    return fields


def env_var(type_name: str, field: str) -> str:
    """The variable a secret field is read from by default: ``GANDI_V5_TOKEN``."""
    return re.sub(r"[^A-Z0-9_]", "_", f"{type_name}_{field}".upper())


def creds_text(key: str, type_name: str, values: Mapping[str, str]) -> str:
    """creds.json with one entry, ``TYPE`` first."""
    return json.dumps({key: {"TYPE": type_name, **values}}, indent=2) + "\n"


def config_text(key: str, type_name: str, domains: Sequence[str]) -> str:
    """A starter dnsconfig.py: the provider declared, one ``D()`` per domain, no records yet."""
    lines = [
        "# dnsconfig.py, written by dnsframe init: the zones, in DNSControl's language.",
        "# dnsframe check validates it; dnsframe preview shows what push would change.",
        "",
        'REG_NONE = NewRegistrar("none")  # dnsframe does not change the delegation',
        f"DNS = NewDnsProvider({py_literal(key)}, {py_literal(type_name)})",
        "",
    ]
    for domain in domains or ["example.tld"]:
        lines += [
            f"D({py_literal(domain)}, REG_NONE, DnsProvider(DNS),",
            "    NO_PURGE,  # keeps the records not listed here; remove it once all are",
            '    # A("@", "192.0.2.1"),',
            '    # CNAME("www", "@"),',
            ")",
            "",
        ]
    return "\n".join(lines)
