"""SRV and NAPTR: services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.data import name_text, parse, string
from dnsframe.rtypes.host import fast_host
from dnsframe.rtypes.registry import RecordType, register


def _fast_srv(text: str, zone: str) -> str | None:
    parts = text.split()
    if len(parts) != 4:
        return None
    number = args.plain_uint16
    priority, weight, port = number(parts[0]), number(parts[1]), number(parts[2])
    if priority is None or weight is None or port is None:
        return None
    host = fast_host(parts[3], zone)
    return None if host is None else f"{priority} {weight} {port} {host}"


def _parse_srv(values: Sequence[Any], flags: frozenset[str]) -> str:
    priority = args.uint(values[0], "priority", 16)
    weight = args.uint(values[1], "weight", 16)
    port = args.uint(values[2], "port", 16)
    return f"{priority} {weight} {port} {args.host(values[3])}"


def _fields_srv(content: str) -> dict[str, Any]:
    priority, weight, port, target = content.split()
    return {
        "srvpriority": int(priority),
        "srvweight": int(weight),
        "srvport": int(port),
        "target": target,
    }


def _target_srv(content: str) -> str:
    parts = content.split()
    return parts[3] if len(parts) == 4 else content


def _parse_naptr(values: Sequence[Any], flags: frozenset[str]) -> str:
    order = args.uint(values[0], "order", 16)
    preference = args.uint(values[1], "preference", 16)
    naptr_flags = args.text(values[2], "flags")
    service = args.text(values[3], "service")
    regexp = args.text(values[4], "regexp")
    replacement = args.text(values[5], "target").strip()
    replacement = args.host(replacement) if replacement else "."
    return (
        f"{order} {preference} {args.quoted(naptr_flags)} {args.quoted(service)} "
        f"{args.quoted(regexp)} {replacement}"
    )


def _fields_naptr(content: str) -> dict[str, Any]:
    rdata = parse("NAPTR", content, ".")
    import dns.rdtypes.IN.NAPTR

    assert isinstance(rdata, dns.rdtypes.IN.NAPTR.NAPTR)
    return {
        "naptrorder": int(rdata.order),
        "naptrpreference": int(rdata.preference),
        "naptrflags": string(rdata.flags),
        "naptrservice": string(rdata.service),
        "naptrregexp": string(rdata.regexp),
        "target": name_text(rdata.replacement),
    }


register(
    RecordType(
        name="SRV",
        example=(10, 60, 5060, "sip"),
        params=("priority", "weight", "port", "target"),
        doc="``SRV(name, priority, weight, port, target, modifiers...)``: where a service "
        "(``_sip._tcp``) runs: host and port, with priority and weight among several.",
        parse=_parse_srv,
        fields=_fields_srv,
        target=_target_srv,
        fast=_fast_srv,
    ),
    RecordType(
        name="NAPTR",
        example=(100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.tld!", "."),
        params=("order", "preference", "terminalflag", "service", "regexp", "target"),
        doc="``NAPTR(name, order, preference, terminalflag, service, regexp, target, "
        "modifiers...)``: a rewrite rule for a name (ENUM, SIP), as RFC 3403 defines it.",
        parse=_parse_naptr,
        fields=_fields_naptr,
    ),
)
