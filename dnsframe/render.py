"""Zones as text for ``get-zones``: dnsconfig.py code, zone files, or tab-separated records."""

from __future__ import annotations

import json
from collections.abc import Sequence

from dnsframe import rdata
from dnsframe.model import Record
from dnsframe.names import label_sort_key
from dnsframe.names import py_literal as _q
from dnsframe.rtypes import get


def record_call(record: Record, default_ttl: int) -> str:
    """The DSL call that declares ``record``: ``MX("@", 10, "mail.example.tld.")``."""
    rtype = get(record.type)
    args = [record.name, *rtype.dsl_arguments(record.content)]
    extra = "".join(f", {m}" for m in rtype.modifiers(record.content))
    if record.ttl != default_ttl:
        extra += f", TTL({record.ttl})"
    return f"{record.type}({', '.join(_q(a) for a in args)}{extra})"


def provider_variable(key: str) -> str:
    return "DSP_" + "".join(c if c.isalnum() else "_" for c in key.upper())


def config_header(key: str) -> str:
    """The lines that make ``get-zones --format py`` output a config that runs as it is."""
    return (
        f"# Written by dnsframe get-zones from creds key {json.dumps(key)}.\n"
        'REG_CHANGEME = NewRegistrar("none")  # your registrar\n'
        f"{provider_variable(key)} = NewDnsProvider({json.dumps(key)})\n\n"
    )


def render_zone(fmt: str, key: str, zone: str, records: Sequence[Record]) -> str:
    ordered = sorted(
        records,
        key=lambda r: (label_sort_key(r.name), r.type, r.content),
    )
    if fmt == "zone":
        lines = [f"$ORIGIN {zone}."]
        lines += [
            f"{r.name} {r.ttl} IN {r.type} {rdata.to_presentation(r.type, r.content)}"
            for r in ordered
        ]
        return "\n".join(lines) + "\n\n"
    if fmt == "tsv":
        rows = [
            (
                r.fqdn(zone),
                r.name,
                str(r.ttl),
                "IN",
                r.type,
                rdata.to_presentation(r.type, r.content),
            )
            for r in ordered
        ]
        return "".join("\t".join(row) + "\n" for row in rows)
    apex_ns = [r for r in ordered if r.name == "@" and r.type == "NS"]
    ordered = [r for r in ordered if r not in apex_ns]
    ttls = [r.ttl for r in ordered]
    default = max(set(ttls), key=ttls.count) if ttls else 300
    provider = provider_variable(key)
    lines = [f"D({_q(zone)}, REG_CHANGEME, DnsProvider({provider}),"]
    if default != 300:
        lines.append(f"    DefaultTTL({default}),")
    # The apex NS are the delegation: NAMESERVER() entries, not records.
    lines += [f"    NAMESERVER({_q(r.content)})," for r in apex_ns]
    if apex_ns and apex_ns[0].ttl != 300:
        lines.append(f"    NAMESERVER_TTL({apex_ns[0].ttl}),")
    lines += [f"    {record_call(r, default)}," for r in ordered]
    lines.append(")")
    return "\n".join(lines) + "\n\n"
