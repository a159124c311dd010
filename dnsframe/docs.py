"""The reference pages generated from the code: ``python -m dnsframe.docs [--check] [DIR]``.

- ``language-reference.md``: every name of :data:`dnsframe.dsl.__all__`, its signature in
  DNSControl's words, what it does (the record type registry's ``doc`` and the functions'
  docstrings), an example that the tests run through ``dnsframe check``, and the shipped
  provider types that support it (their registered capabilities);
- ``cli.md``: every command and option of the ``dnsframe`` command, from click's own tree;
- ``providers.md``: every shipped provider type, its capabilities and creds fields (the
  registered JSON Schema's descriptions).

The pages are committed in ``docs/``; ``--check`` exits 1 when one differs from what the code
makes now (a test runs it), so a new function, option or field shows in the diff of its commit.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import click

#: The distributions of this repository whose provider types the pages describe (the
#: built-ins have none). Another installed plugin is left out, so the pages do not depend on
#: what else a developer has installed.
SHIPPED_DISTRIBUTIONS = ("dnsframe-gandi-v5",)

#: The lines every example of the language reference starts with (the tests prepend them).
PRELUDE = 'REG = NewRegistrar("none")\nDSP = NewDnsProvider("bind")\n'


def _d(*lines: str) -> str:
    """A ``D()`` of example.tld at BIND with ``lines`` as its modifiers."""
    body = "".join(f"    {line},\n" for line in lines)
    return f'D(\n    "example.tld",\n    REG,\n    DnsProvider(DSP),\n{body})\n'


#: An example for every name that is not a record type (record types have theirs in the
#: registry). Each is a dnsconfig.py after :data:`PRELUDE`.
EXAMPLES: Mapping[str, str] = {
    "D": _d('A("@", "192.0.2.1")', 'MX("@", 10, "mail.example.net.")'),
    "D_EXTEND": _d('A("@", "192.0.2.1")')
    + 'D_EXTEND("staging.example.tld", A("@", "192.0.2.2"), A("www", "192.0.2.3"))\n',
    "DEFAULTS": 'DEFAULTS(DefaultTTL("1h"), NO_PURGE)\n' + _d('A("@", "192.0.2.1")'),
    "DOMAIN_ELSEWHERE": 'DOMAIN_ELSEWHERE("example.tld", REG, ["ns1.host.net.", "ns2.host.net."])'
    "\n",
    "DOMAIN_ELSEWHERE_AUTO": 'DOMAIN_ELSEWHERE_AUTO("example.tld", REG, DSP)\n',
    "getConfiguredDomains": _d('A("@", "192.0.2.1")')
    + 'for name in getConfiguredDomains():\n    D_EXTEND(name, TXT("_owner", "dns-team"))\n',
    "NewRegistrar": 'GANDI = NewRegistrar("gandi", "GANDI_V5", {"nameserver_wait": 120})\n'
    'D("example.tld", GANDI, DnsProvider(DSP), A("@", "192.0.2.1"))\n',
    "NewDnsProvider": 'BIND = NewDnsProvider("bind", "BIND", {"default_ns": ["ns1.example.net."]})'
    "\n"
    'D("example.tld", REG, DnsProvider(BIND), A("@", "192.0.2.1"))\n',
    "DnsProvider": _d('A("@", "192.0.2.1")').replace("DnsProvider(DSP)", "DnsProvider(DSP, 0)"),
    "DefaultTTL": _d('DefaultTTL("1h")', 'A("@", "192.0.2.1")', 'A("www", "192.0.2.1", TTL(300))'),
    "TTL": _d('A("@", "192.0.2.1", TTL("5m"))'),
    "IGNORE": _d('A("@", "192.0.2.1")', 'IGNORE("_acme-challenge", "TXT")', 'IGNORE("*.k8s", "A")'),
    "IGNORE_NAME": _d('IGNORE_NAME("legacy", "A,AAAA")'),
    "IGNORE_TARGET": _d('IGNORE_TARGET("*.acm-validations.aws.", "CNAME")'),
    "INCLUDE": 'D("common.tld", REG, DnsProvider(DSP), MX("@", 10, "mail.example.net."))\n'
    + _d('INCLUDE("common.tld")', 'A("@", "192.0.2.1")'),
    "NAMESERVER": _d('NAMESERVER("ns1.example.net.")', 'NAMESERVER("ns2.example.net.")'),
    "NAMESERVER_TTL": _d('NAMESERVER("ns1.example.net.")', 'NAMESERVER_TTL("2d")'),
    "NO_PURGE": _d("NO_PURGE", 'A("www", "192.0.2.1")'),
    "PURGE": "DEFAULTS(NO_PURGE)\n" + _d("PURGE", 'A("www", "192.0.2.1")'),
    "ENSURE_ABSENT_REC": _d("NO_PURGE", 'A("old", "192.0.2.9", ENSURE_ABSENT_REC())'),
    "AUTODNSSEC_ON": 'GANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
    'D("example.tld", REG, DnsProvider(GANDI), AUTODNSSEC_ON, A("@", "192.0.2.1"))\n',
    "AUTODNSSEC_OFF": 'GANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
    'D("example.tld", REG, DnsProvider(GANDI), AUTODNSSEC_OFF, A("@", "192.0.2.1"))\n',
    "DISABLE_IGNORE_SAFETY_CHECK": _d(
        "DISABLE_IGNORE_SAFETY_CHECK", 'IGNORE("www", "A")', 'A("www", "192.0.2.1")'
    ),
    "END": _d('A("@", "192.0.2.1")', "END"),
    "CAA_CRITICAL": _d('CAA("@", "issue", "letsencrypt.org", CAA_CRITICAL)'),
    "SAFETY": _d("SAFETY(max_change=0.5, min_records=20)", 'A("@", "192.0.2.1")'),
    "IP": _d('A("web", IP("192.0.2.10"))', 'A("web2", IP("192.0.2.10") + 1)'),
    "REV": 'D(REV("192.0.2.0/24"), REG, DnsProvider(DSP), PTR("1", "www.example.tld."))\n',
    "CAA_BUILDER": _d(
        'CAA_BUILDER({"label": "@", "iodef": "mailto:security@example.tld", '
        '"issue": ["letsencrypt.org"], "issuewild": "none"})'
    ),
    "DMARC_BUILDER": _d(
        'DMARC_BUILDER({"policy": "reject", "rua": ["mailto:dmarc@example.tld"], "percent": 100})'
    ),
    "SPF_BUILDER": _d(
        'SPF_BUILDER({"label": "@", "parts": ["v=spf1", "include:_spf.example.net", "~all"]})'
    ),
    "DKIM_BUILDER": _d(
        'DKIM_BUILDER({"selector": "s1", "pubkey": "MIGfMA0GCSqGSIb3DQEBAQUAA4GN"})'
    ),
    "M365_BUILDER": _d('M365_BUILDER("example.tld", {"initialDomain": "contoso.onmicrosoft.com"})'),
    "LOC_BUILDER_DD": _d(
        'LOC_BUILDER_DD({"label": "big-ben", "x": 51.5008, "y": -0.1246, "alt": 6})'
    ),
    "LOC_BUILDER_DMM_STR": _d(
        'LOC_BUILDER_DMM_STR({"label": "tasmania", "str": "42.5 S 147.2 E", "alt": 3})'
    ),
    "LOC_BUILDER_DMS_STR": _d(
        'LOC_BUILDER_DMS_STR({"label": "opera", "str": "33d51m31sS 151d12m51sE", "alt": 4})'
    ),
    "LOC_BUILDER_STR": _d('LOC_BUILDER_STR({"label": "office", "str": "52.37 N 4.89 E"})'),
    "CLI_DEFAULTS": 'CLI_DEFAULTS({"view": "external"})\n'
    + _d('A("@", "192.0.2.1" if CLI_VARS["view"] == "external" else "10.0.0.1")'),
    "CLI_VARS": _d('A("@", CLI_VARS.get("address", "192.0.2.1"))'),
    # DNSControl's provider-specific modifiers: evaluated everywhere, used where declared.
    "CF_PROXY_ON": _d('A("www", "192.0.2.1", CF_PROXY_ON)'),
    "CF_PROXY_OFF": _d('A("www", "192.0.2.1", CF_PROXY_OFF)'),
    "CF_PROXY_FULL": _d('A("www", "192.0.2.1", CF_PROXY_FULL)'),
    "CF_CNAME_FLATTEN_ON": _d('CNAME("shop", "shops.example.net.", CF_CNAME_FLATTEN_ON)'),
    "CF_CNAME_FLATTEN_OFF": _d('CNAME("shop", "shops.example.net.", CF_CNAME_FLATTEN_OFF)'),
    "CF_PROXY_DEFAULT_ON": _d("CF_PROXY_DEFAULT_ON", 'A("www", "192.0.2.1")'),
    "CF_PROXY_DEFAULT_OFF": _d("CF_PROXY_DEFAULT_OFF", 'A("www", "192.0.2.1")'),
    "CF_UNIVERSALSSL_ON": _d("CF_UNIVERSALSSL_ON", 'A("www", "192.0.2.1")'),
    "CF_UNIVERSALSSL_OFF": _d("CF_UNIVERSALSSL_OFF", 'A("www", "192.0.2.1")'),
    "CF_MANAGE_COMMENTS": _d("CF_MANAGE_COMMENTS", 'A("www", "192.0.2.1", CF_COMMENT("web"))'),
    "CF_MANAGE_TAGS": _d("CF_MANAGE_TAGS", 'A("www", "192.0.2.1", CF_TAGS("web", "prod"))'),
    "CF_COMMENT": _d('A("www", "192.0.2.1", CF_COMMENT("the web server"))'),
    "CF_TAGS": _d('A("www", "192.0.2.1", CF_TAGS("web", "prod"))'),
    "HEDNS_DYNAMIC_ON": _d('A("home", "192.0.2.1", HEDNS_DYNAMIC_ON)'),
    "HEDNS_DYNAMIC_OFF": _d('A("home", "192.0.2.1", HEDNS_DYNAMIC_OFF)'),
    "HEDNS_DDNS_KEY": _d('A("home", "192.0.2.1", HEDNS_DDNS_KEY("a-ddns-key"))'),
    "R53_WEIGHT": _d('A("www", "192.0.2.1", R53_WEIGHT(70, "web-east"))'),
    "R53_HEALTH_CHECK_ID": _d('A("www", "192.0.2.1", R53_HEALTH_CHECK_ID("hc-1234"))'),
    "R53_ZONE": _d('R53_ZONE("Z1234567890")', 'A("www", "192.0.2.1")'),
    "R53_EVALUATE_TARGET_HEALTH": _d('A("www", "192.0.2.1", R53_EVALUATE_TARGET_HEALTH(True))'),
    "GIDINET_PREMIUM_NS": _d("GIDINET_PREMIUM_NS()"),
    "DISABLE_REPEATED_DOMAIN_CHECK": _d(
        'A("www.example.tld", "192.0.2.1", DISABLE_REPEATED_DOMAIN_CHECK)'
    ),
    "AUTOSPLIT": _d('TXT("long", "x" * 300, AUTOSPLIT)'),
    "DKIM": _d('TXT("s1._domainkey", DKIM("v=DKIM1; k=rsa; p=MIGf"))'),
}

#: The signature of names whose docstring does not start with one, in DNSControl's words.
SIGNATURES: Mapping[str, str] = {
    "CLI_VARS": 'CLI_VARS["name"]',
    "ENSURE_ABSENT_REC": "ENSURE_ABSENT_REC()",
    "DOMAIN_ELSEWHERE": "DOMAIN_ELSEWHERE(name, registrar, nameserver_names)",
    "DOMAIN_ELSEWHERE_AUTO": "DOMAIN_ELSEWHERE_AUTO(name, registrar, dnsProvider)",
    "DnsProvider": "DnsProvider(name, nsCount)",
    "NewRegistrar": "NewRegistrar(name, type, meta)",
    "NewDnsProvider": "NewDnsProvider(name, type, meta)",
    "DefaultTTL": "DefaultTTL(ttl)",
    "TTL": "TTL(ttl)",
    "NAMESERVER": "NAMESERVER(name)",
    "NAMESERVER_TTL": "NAMESERVER_TTL(ttl)",
    "INCLUDE": "INCLUDE(domain)",
    "DEFAULTS": "DEFAULTS(modifiers...)",
    "IP": "IP(address)",
    "REV": "REV(address)",
    "CAA_BUILDER": "CAA_BUILDER({label, iodef, issue, issuewild, issuevmc, issuemail, ttl, ...})",
    "DMARC_BUILDER": "DMARC_BUILDER({label, version, policy, subdomainPolicy, rua, ruf, ...})",
    "SPF_BUILDER": "SPF_BUILDER({label, parts, overflow, txtMaxSize, ttl, ...})",
    "DKIM_BUILDER": "DKIM_BUILDER({selector, pubkey, label, keytype, ttl, ...})",
    "M365_BUILDER": "M365_BUILDER(name, {label, mx, autodiscover, dkim, initialDomain, ...})",
    "LOC_BUILDER_DD": "LOC_BUILDER_DD({label, x, y, alt, ttl})",
    "LOC_BUILDER_DMM_STR": "LOC_BUILDER_DMM_STR({label, str, alt, ttl})",
    "LOC_BUILDER_DMS_STR": "LOC_BUILDER_DMS_STR({label, str, alt, ttl})",
    "LOC_BUILDER_STR": "LOC_BUILDER_STR({label, str, alt, ttl})",
    "CLI_DEFAULTS": "CLI_DEFAULTS({name: value, ...})",
    "R53_WEIGHT": "R53_WEIGHT(weight, setIdentifier)",
    "SAFETY": "SAFETY(max_change, min_records)",
}

#: The sections of the language reference, in order; a name in none of them goes to the last.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Domains and providers",
        (
            "D", "D_EXTEND", "DEFAULTS", "DOMAIN_ELSEWHERE", "DOMAIN_ELSEWHERE_AUTO",
            "getConfiguredDomains", "NewRegistrar", "NewDnsProvider", "DnsProvider",
        ),
    ),
    ("Records", ()),  # the record types, from the registry
    (
        "Domain and record modifiers",
        (
            "DefaultTTL", "TTL", "IGNORE", "IGNORE_NAME", "IGNORE_TARGET", "INCLUDE", "NAMESERVER",
            "NAMESERVER_TTL", "NO_PURGE", "PURGE", "ENSURE_ABSENT_REC", "AUTODNSSEC_ON",
            "AUTODNSSEC_OFF", "DISABLE_IGNORE_SAFETY_CHECK", "END", "CAA_CRITICAL", "SAFETY",
        ),
    ),
    (
        "Helpers and builders",
        (
            "IP", "REV", "CAA_BUILDER", "DMARC_BUILDER", "SPF_BUILDER", "DKIM_BUILDER",
            "M365_BUILDER", "LOC_BUILDER_DD", "LOC_BUILDER_DMM_STR", "LOC_BUILDER_DMS_STR",
            "LOC_BUILDER_STR",
        ),
    ),
    ("Variables from the command line", ("CLI_VARS", "CLI_DEFAULTS")),
    ("Provider-specific modifiers", ()),  # the rest: dnsframe.dsl.vendors
)  # fmt: skip

#: The record name of a record type's example, where ``@`` would not do.
_EXAMPLE_NAMES: Mapping[str, str] = {
    "CNAME": "web",
    "DNAME": "old",
    "NS": "sub",
    "DS": "sub",
    "SRV": "_sip._tcp",
    "TLSA": "_443._tcp.www",
    "PTR": "1.2",
}

#: Names whose effect is the delegation, which registrars set.
_DELEGATION = frozenset(
    {
        "NAMESERVER", "NAMESERVER_TTL", "DOMAIN_ELSEWHERE", "DOMAIN_ELSEWHERE_AUTO",
        "GIDINET_PREMIUM_NS",
    }
)  # fmt: skip


def rst_to_md(text: str) -> str:
    """The docstrings' reStructuredText to Markdown: ````x```` and ``:func:`x``` to ```x```."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _one_paragraph(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shipped_types() -> list[Any]:
    """The provider types of dnsframe and of :data:`SHIPPED_DISTRIBUTIONS`, as registered."""
    from dnsframe.plugins import DEFAULT_PLUGINS, get_registry

    found = [
        p
        for p in get_registry()
        if p.plugin in DEFAULT_PLUGINS or p.distribution in SHIPPED_DISTRIBUTIONS
    ]
    missing = set(SHIPPED_DISTRIBUTIONS) - {p.distribution for p in found}
    if missing:
        raise SystemExit(
            f"dnsframe.docs: install {', '.join(sorted(missing))} (make venv) to generate the docs"
        )
    return sorted(found, key=lambda p: (p.name, p.kind))


def _names(types: Iterable[Any]) -> str:
    names = sorted({p.name for p in types})
    return ", ".join(f"`{n}`" for n in names) if names else "none"


def _support(name: str, obj: Any, types: list[Any]) -> str:
    """Which shipped provider types support ``name``, from their capabilities."""
    from dnsframe.rtypes import TYPES

    dns = [p for p in types if p.kind == "dns" and p.name != "NONE"]  # NONE takes anything
    registrars = [p for p in types if p.kind == "registrar"]
    if name in TYPES:
        able = [p for p in dns if name in p.capabilities.record_types]
        text = f"DNS providers: {_names(able)}."
        if name == "DS":
            apex = [p for p in able if p.capabilities.ds_at_apex]
            children = [p for p in able if p.capabilities.ds_on_children]
            text += f" At the apex: {_names(apex)}; on delegated children: {_names(children)}."
        return text
    if name in {"AUTODNSSEC_ON", "AUTODNSSEC_OFF"}:
        able = [p for p in dns if p.capabilities.autodnssec]
        return f"DNS providers: {_names(able)}; the others refuse it at `check`."
    if name in _DELEGATION:
        able = [p for p in registrars if p.capabilities.delegation]
        return f"Registrars that set delegations: {_names(able)}."
    keys = _metadata_keys(name, obj)
    if keys is not None:
        if not keys:
            return "Every provider (it changes nothing)."
        able = [p for p in types if set(keys) & p.capabilities.metadata_keys]
        shown = ", ".join(f"`{k}`" for k in keys)
        if not able:
            return (
                f"No shipped provider reads {shown}: it is kept in the IR and ignored, with one "
                "INFO line per key in preview and push."
            )
        return f"Providers that read {shown}: {_names(able)}."
    return "Every provider: dnsframe itself evaluates it."


def _metadata_keys(name: str, obj: Any) -> list[str] | None:
    """The metadata keys a provider-specific modifier stands for, or None for other names."""
    from dnsframe import dsl
    from dnsframe.dsl.vendors import CONSTANT_DOCS, VENDOR_NAMES

    if name not in VENDOR_NAMES or name in {"GIDINET_PREMIUM_NS", "DKIM"}:
        return None
    if name in CONSTANT_DOCS:
        return sorted(obj)
    call = re.search(rf"{name}\([^()]*\)", EXAMPLES[name])
    assert call is not None, name
    value = eval(call.group(0), {n: getattr(dsl, n) for n in dsl.__all__})
    return sorted(value)


def _entry(name: str, types: list[Any]) -> str:
    from dnsframe import dsl
    from dnsframe.dsl.values import Flag
    from dnsframe.dsl.vendors import CONSTANT_DOCS
    from dnsframe.rtypes import TYPES

    obj = getattr(dsl, name)
    if name in TYPES:
        rtype = TYPES[name]
        doc = rtype.doc
        args = ", ".join(_literal(a) for a in rtype.example)
        example = _d(f"{name}({_literal(_EXAMPLE_NAMES.get(name, '@'))}, {args})")
    else:
        if isinstance(obj, Flag):
            doc = obj.doc
        elif name in CONSTANT_DOCS:
            doc = CONSTANT_DOCS[name]
        else:
            doc = inspect.getdoc(obj) or ""
        example = EXAMPLES[name]
    doc = rst_to_md(_one_paragraph(doc))
    signature = SIGNATURES.get(name)
    if signature is None:
        lead = re.match(r"`([^`]+)`(?::|;|\.)?\s*(.*)", doc)
        if lead and lead.group(1).startswith(name):
            signature, doc = lead.group(1), lead.group(2)
        else:
            signature = name
    elif doc.startswith("`") and re.match(rf"`{re.escape(name)}\b", doc):
        doc = re.sub(r"^`[^`]*`\s*(\([^)]*\)\s*)?(in `D\(\)`\s*)?[:;,]?\s*", "", doc, count=1)
    doc = doc[:1].upper() + doc[1:] if doc else doc
    return (
        f"### {name}\n\n"
        f"`{signature}`\n\n"
        f"{doc}\n\n"
        f"Supported by: {_support(name, obj, types)}\n\n"
        "<!-- example: dnsconfig, prelude -->\n"
        f"```python\n{example}```\n"
    )


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def language_reference() -> str:
    """docs/language-reference.md."""
    from dnsframe import dsl
    from dnsframe.rtypes import TYPES

    types = shipped_types()
    placed = {n for _, names in SECTIONS for n in names}
    out = [
        "# The language reference\n\n",
        "<!-- Generated by `python -m dnsframe.docs` from the record type registry and the\n"
        "     docstrings of dnsframe.dsl: edit those, then run `make docs`. -->\n\n",
        "Every name that `dnsconfig.py` has in scope (`dnsframe.dsl.__all__`), by kind. Each\n"
        "signature names the arguments as DNSControl's reference does; each example is a whole\n"
        "`dnsconfig.py` once these two lines come first (the tests run every example, with them,\n"
        "through `dnsframe check`):\n\n",
        "<!-- example: prelude -->\n",
        f"```python\n{PRELUDE}```\n\n",
        "A record function takes the name, then its values in the order shown, then any\n"
        "modifiers: `TTL(...)`, a dict of metadata, provider-specific modifiers. *Supported by*\n"
        "names the provider types that come with dnsframe (`dnsframe providers` lists the\n"
        "capabilities of every installed one); `check` refuses a record type or a modifier that\n"
        "the domain's provider does not support.\n\n",
    ]
    for title, names in SECTIONS:
        if title == "Records":
            names = tuple(sorted(TYPES))
        elif title == "Provider-specific modifiers":
            names = tuple(sorted(set(dsl.__all__) - placed - set(TYPES)))
        out.append(f"## {title}\n\n")
        out.append(" · ".join(f"[{n}](#{n.lower()})" for n in names) + "\n\n")
        if title == "Provider-specific modifiers":
            out.append(
                "DNSControl's modifiers for one vendor's features. Each is the metadata it\n"
                "stands for in DNSControl, so a config shared with DNSControl users evaluates;\n"
                "a provider uses the keys its type declares (`Capabilities.metadata_keys`) and\n"
                "preview says once per key which it ignores.\n\n"
            )
        out.extend(_entry(n, types) + "\n" for n in names)
    return "".join(out).rstrip("\n") + "\n"


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        module = getattr(command.callback, "__module__", "") or ""
        if not module.startswith("dnsframe"):
            continue  # a plugin's command (register_commands), documented by its plugin
        path = f"{prefix} {name}"
        out.append((path, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


def _usage(path: str, command: click.Command) -> str:
    ctx = click.Context(command, info_name=path)
    pieces = command.collect_usage_pieces(ctx)
    return " ".join([path, *pieces])


def _option_row(param: click.Parameter) -> str:
    assert isinstance(param, click.Option)
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    if not param.is_flag and param.metavar:
        names += f" `{param.metavar}`"
    elif not param.is_flag:
        names += f" `{param.type.name.upper()}`"
    help_text = _one_paragraph(param.help or "").replace("|", "\\|")
    return f"| {names} | {help_text} |\n"


def cli_reference() -> str:
    """docs/cli.md."""
    from dnsframe.cli import cli

    out = [
        "# The dnsframe command\n\n",
        "<!-- Generated by `python -m dnsframe.docs` from the click commands of dnsframe/cli.py:\n"
        "     edit their help, then run `make docs`. -->\n\n",
        "Every command and option, as `dnsframe COMMAND --help` shows them. Exit status: 0\n"
        "success, 1 an error of any kind, 2 `preview --expect-no-changes` found corrections\n"
        "(130 or 143 when a signal stopped a push).\n\n",
    ]
    top = [p for p in cli.params if isinstance(p, click.Option)]
    out.append("## dnsframe\n\n")
    out.append(_one_paragraph(cli.help or "") + "\n\n")
    out.append("| option | what it does |\n| --- | --- |\n")
    out.extend(_option_row(p) for p in top)
    out.append("\n")
    for path, command in _commands(cli, "dnsframe"):
        out.append(f"## {path}\n\n")
        out.append(f"`{_usage(path, command)}`\n\n")
        out.append(_one_paragraph(command.help or "") + "\n\n")
        options = [p for p in command.params if isinstance(p, click.Option)]
        if options:
            out.append("| option | what it does |\n| --- | --- |\n")
            out.extend(_option_row(p) for p in options)
            out.append("\n")
    return "".join(out).rstrip("\n") + "\n"


_CAPABILITY_WORDS = {
    "ds_at_apex": "DS at the apex",
    "ds_on_children": "DS on children",
    "autodnssec": "AUTODNSSEC",
    "list_zones": "lists zones (get-zones all)",
    "concurrent": "thread-safe",
    "apex_ns": "stores apex NS",
    "views": "split-horizon views",
    "delegation": "sets delegations",
}

#: The hand-written page of each shipped type.
PROVIDER_PAGES: Mapping[str, str] = {
    "BIND": "providers/bind.md",
    "NONE": "providers/none.md",
    "GANDI_V5": "../providers/gandi_v5/README.md",
}


def providers_reference() -> str:
    """docs/providers.md."""
    out = [
        "# Providers that come with dnsframe\n\n",
        "<!-- Generated by `python -m dnsframe.docs` from the registered provider types: edit\n"
        "     their capabilities, creds schema and docs, then run `make docs`. -->\n\n",
        "What each provider type shipped in this repository declares when it registers\n"
        "(`dnsframe providers` shows the same for every installed one). Its own page says how it\n"
        "works.\n\n",
    ]
    by_name: dict[str, list[Any]] = {}
    for ptype in shipped_types():
        by_name.setdefault(ptype.name, []).append(ptype)
    for name, roles in by_name.items():
        first = roles[0]
        out.append(f"## {name}\n\n")
        out.append(f"{_one_paragraph(first.docs)} ([its page]({PROVIDER_PAGES[name]}))\n\n")
        out.append(f"From: `{first.distribution or 'dnsframe'}`.\n\n")
        out.append("| role | record types | capabilities |\n| --- | --- | --- |\n")
        for ptype in roles:
            caps = ptype.capabilities.as_dict()
            words = [
                w
                for key, w in _CAPABILITY_WORDS.items()
                if caps[key] and (key != "delegation" or ptype.kind == "registrar")
            ]
            if caps["metadata_keys"]:
                words.append("metadata " + ", ".join(f"`{k}`" for k in caps["metadata_keys"]))
            role = "DNS provider" if ptype.kind == "dns" else "registrar"
            rtypes = " ".join(caps["record_types"]) if ptype.kind == "dns" else ""
            out.append(f"| {role} | {rtypes} | {', '.join(words) or 'none'} |\n")
        out.append("\n")
        properties: Mapping[str, Any] = first.creds_schema.get("properties", {})
        required = set(first.creds_schema.get("required", ()))
        if properties:
            out.append("| creds field | type | what it is |\n| --- | --- | --- |\n")
            for field, spec in properties.items():
                kind = spec.get("type", "") if isinstance(spec.get("type"), str) else ""
                if "enum" in spec:
                    kind = " \\| ".join(f"`{v}`" for v in spec["enum"])
                notes = [_one_paragraph(str(spec.get("description", "")))]
                if field in required:
                    notes.append("required")
                if spec.get("secret"):
                    notes.append("secret: never shown in any output")
                text = "; ".join(n for n in notes if n).replace("|", "\\|")
                out.append(f"| `{field}` | {kind} | {text} |\n")
            out.append("\n")
        else:
            out.append("No creds field but `TYPE`.\n\n")
    return "".join(out).rstrip("\n") + "\n"


#: The generated pages, by file name in the docs folder.
PAGES = {
    "language-reference.md": language_reference,
    "cli.md": cli_reference,
    "providers.md": providers_reference,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dnsframe.docs", description=__doc__)
    parser.add_argument("docs", nargs="?", default="docs", help="the docs folder (docs)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is not current")
    args = parser.parse_args(argv)
    folder = Path(args.docs)
    stale = []
    for name, make in PAGES.items():
        path = folder / name
        text = make()
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(
            f"not current: {', '.join(stale)}; run `make docs` (python -m dnsframe.docs)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
