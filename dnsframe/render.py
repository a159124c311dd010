"""Zones as text for ``get-zones``: config drafts (``dnsconfig.py``, and DNSControl's
``dnsconfig.js`` with trailing or leading commas), zone files, or tab-separated records.

Every rrset a zone has shows: the records dnsframe manages as DSL calls, and what it does not
manage (the SOA, the apex NS the provider owns, types dnsframe lacks) as comments at their place
in the drafts and as ordinary lines in zone files and TSV.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dnsframe import rdata
from dnsframe.model import Record
from dnsframe.names import host, label_sort_key
from dnsframe.names import py_literal as _q
from dnsframe.providers.base import UnmanagedRrset
from dnsframe.rtypes import get

#: What ``get-zones --format`` takes, as DNSControl's (plus ``py``, the default).
FORMATS = ("py", "js", "djs", "zone", "tsv", "nameonly")

#: The TTL that a draft without ``DefaultTTL()`` gives its records (DNSControl's too).
DSL_DEFAULT_TTL = 300


@dataclass(frozen=True, slots=True)
class ZoneRead:
    """One zone as ``get-zones`` read it: the records dnsframe manages, the rest of the zone
    (from an :class:`~dnsframe.providers.base.UnmanagedReporter`), and the nameservers the
    provider reports for the zone (apex NS among them need no ``NAMESERVER()``)."""

    name: str
    records: Sequence[Record]
    unmanaged: Sequence[UnmanagedRrset] = ()
    reported_ns: frozenset[str] = frozenset()


def js_literal(value: object) -> str:
    """``value`` as JavaScript source: strings JSON-quoted, numbers as they are, lists as
    arrays."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(js_literal(v) for v in value) + "]"
    return json.dumps(str(value))


def _literal(lang: str) -> Callable[[object], str]:
    return _q if lang == "py" else js_literal


def record_call(record: Record, default_ttl: int, lang: str = "py") -> str:
    """The DSL call that declares ``record``: ``MX("@", 10, "mail.example.tld.")``, in Python
    (``lang`` ``py``) or JavaScript (``js``); ``TTL()`` only when it is not ``default_ttl``."""
    rtype = get(record.type)
    literal = _literal(lang)
    args = [record.name, *rtype.dsl_arguments(record.content)]
    extra = "".join(f", {m}" for m in rtype.modifiers(record.content))
    if record.ttl != default_ttl:
        extra += f", TTL({record.ttl})"
    return f"{record.type}({', '.join(literal(a) for a in args)}{extra})"


def provider_variable(key: str) -> str:
    return "DSP_" + "".join(c if c.isalnum() else "_" for c in key.upper())


def config_header(key: str, fmt: str = "py", provider_type: str | None = None) -> str:
    """The lines before the first ``D()`` that make a draft run as it is. ``provider_type``:
    the type given on the command line in DNSControl's older form, which a ``js`` draft repeats
    in ``NewDnsProvider`` as DNSControl's does."""
    if fmt == "py":
        return (
            f"# Written by dnsframe get-zones from creds key {json.dumps(key)}.\n"
            'REG_CHANGEME = NewRegistrar("none")  # your registrar\n'
            f"{provider_variable(key)} = NewDnsProvider({json.dumps(key)})\n\n"
        )
    args = json.dumps(key) + (f", {json.dumps(provider_type)}" if provider_type else "")
    return (
        f"// Written by dnsframe get-zones from creds key {json.dumps(key)}: a first draft of\n"
        "// a DNSControl dnsconfig.js. Check it, and set your registrar.\n\n"
        f"var {provider_variable(key)} = NewDnsProvider({args});\n"
        'var REG_CHANGEME = NewRegistrar("none");\n\n'
    )


def _ordered(records: Sequence[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (label_sort_key(r.name), r.type, r.content))


def _lines(zone: ZoneRead) -> list[tuple[str, int, str, str]]:
    """Every record of the zone as (name, ttl, type, presentation data), in label order."""
    rows = [(r.name, r.ttl, r.type, rdata.to_presentation(r.type, r.content)) for r in zone.records]
    rows += [(u.name, u.ttl, u.type, v) for u in zone.unmanaged for v in u.values]
    return sorted(rows, key=lambda row: (label_sort_key(row[0]), row[2] != "SOA", row[2], row[3]))


def render_zone(fmt: str, key: str, zone: ZoneRead, ttl: int = 0) -> str:
    """``zone`` in ``fmt`` (one of :data:`FORMATS` but ``nameonly``). ``ttl``: the draft's
    ``DefaultTTL`` (a zone file's ``$TTL``); 0 picks the zone's most common TTL."""
    if fmt == "zone":
        lines = [f"$ORIGIN {zone.name}."]
        if not ttl:
            ttls = [t for _name, t, _rtype, _data in _lines(zone)]
            ttl = max(sorted(set(ttls)), key=ttls.count) if ttls else 0
        if ttl:
            lines.append(f"$TTL {ttl}")
        lines += [
            f"{name}{'' if t == ttl else f' {t}'} IN {rtype} {data}"
            for name, t, rtype, data in _lines(zone)
        ]
        return "\n".join(lines) + "\n\n"
    if fmt == "tsv":
        rows = [
            (
                zone.name if name == "@" else f"{name}.{zone.name}",
                name,
                str(t),
                "IN",
                rtype,
                data,
            )
            for name, t, rtype, data in _lines(zone)
        ]
        return "".join("\t".join(row) + "\n" for row in rows)
    return _draft(fmt, key, zone, ttl)


def _draft(fmt: str, key: str, zone: ZoneRead, ttl: int) -> str:
    """A ``D()`` for ``dnsconfig.py`` (``py``) or ``dnsconfig.js`` (``js``, ``djs``)."""
    lang = "py" if fmt == "py" else "js"
    literal = _literal(lang)
    records = _ordered(zone.records)
    apex_ns = [r for r in records if r.name == "@" and r.type == "NS"]
    records = [r for r in records if r not in apex_ns]
    if not ttl:
        ttls = [r.ttl for r in records]
        ttl = max(sorted(set(ttls)), key=ttls.count) if ttls else DSL_DEFAULT_TTL
    # Each item: (kind, text); kind "call" is live, "off" a call commented out, "note" a comment.
    items: list[tuple[str, str]] = []
    if lang == "js":
        items.append(("call", f"DnsProvider({provider_variable(key)})"))
    if ttl != DSL_DEFAULT_TTL:
        items.append(("call", f"DefaultTTL({ttl})"))

    def ttl_of(t: int) -> str:
        return "" if t == ttl else f", TTL({t})"

    unmanaged = sorted(
        zone.unmanaged, key=lambda u: (label_sort_key(u.name), u.type != "SOA", u.type)
    )
    for u in unmanaged:
        if u.name == "@" and u.type == "SOA":
            for value in u.values:
                parts = value.split()
                if len(parts) == 7:
                    args = [u.name, parts[0], parts[1], *map(int, parts[3:])]
                    call = f"SOA({', '.join(literal(a) for a in args)}{ttl_of(u.ttl)})"
                    items.append(("off", call))
                else:
                    items.append(("note", f"SOA {value}"))
    # The apex NS are the delegation. Those the provider reports itself need no NAMESERVER()
    # (as DNSControl's drafts, commented out); those it only stores as records do, or the
    # preview of the draft would delete them.
    owned = [h for u in unmanaged if u.name == "@" and u.type == "NS" for h in u.values]
    stored = [r.content for r in apex_ns]
    live = bool(stored) and {host(h) for h in stored} != zone.reported_ns
    for value in stored if live else [*stored, *owned]:
        items.append(("call" if live else "off", f"NAMESERVER({literal(value)})"))
    if live and apex_ns[0].ttl != DSL_DEFAULT_TTL:
        items.append(("call", f"NAMESERVER_TTL({apex_ns[0].ttl})"))
    others = [u for u in unmanaged if not (u.name == "@" and u.type in {"SOA", "NS"})]
    # The records, and the rrsets dnsframe does not manage as comments at their label.
    merged: list[tuple[tuple[int, tuple[str, ...]], int, str, str]] = [
        (label_sort_key(r.name), 0, r.type, record_call(r, ttl, lang)) for r in records
    ]
    merged += [
        (
            label_sort_key(u.name),
            1,
            u.type,
            f"not managed by dnsframe: {u.name} {u.ttl} IN {u.type} {value}",
        )
        for u in others
        for value in u.values
    ]
    for _label, kind, _type, text in sorted(merged, key=lambda m: (m[0], m[1], m[2])):
        items.append(("call" if kind == 0 else "note", text))
    return _layout(fmt, zone.name, provider_variable(key), items)


#: How each format writes a live call, a call commented out, and a note.
_STYLES = {
    "py": ("    {},", "    # {},", "    # {}"),
    "js": ("\t{},", "\t//{},", "\t// {}"),
    # Leading commas: a commented-out call keeps its comma after the //, as DNSControl's.
    "djs": ("\t, {}", "\t//, {}", "\t// {}"),
}


def _layout(fmt: str, name: str, provider: str, items: list[tuple[str, str]]) -> str:
    if fmt == "py":
        lines = [f"D({_q(name)}, REG_CHANGEME, DnsProvider({provider}),"]
    else:
        lines = [f"D({js_literal(name)}, REG_CHANGEME{',' if fmt == 'js' else ''}"]
    call, off, note = _STYLES[fmt]
    for kind, text in items:
        lines.append({"call": call, "off": off}.get(kind, note).format(text))
    lines.append(");" if fmt == "js" else ")")
    return "\n".join(lines) + "\n\n"
