"""A and AAAA: an address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.registry import RecordType, register


def _fast_a(text: str, zone: str) -> str | None:
    return args.canonical_ipv4(text)


def _fast_aaaa(text: str, zone: str) -> str | None:
    return args.canonical_ipv6(text)


def _parse_a(values: Sequence[Any], flags: frozenset[str]) -> str:
    return args.ip(values[0], 4)


def _parse_aaaa(values: Sequence[Any], flags: frozenset[str]) -> str:
    return args.ip(values[0], 6)


def _fields(content: str) -> dict[str, Any]:
    return {"target": content}


register(
    RecordType(
        name="A",
        example=("192.0.2.1",),
        params=("address",),
        doc="``A(name, address, modifiers...)``: the IPv4 address of a name.",
        parse=_parse_a,
        fields=_fields,
        fast=_fast_a,
        parsed_canonical=True,
    ),
    RecordType(
        name="AAAA",
        example=("2001:db8::1",),
        params=("address",),
        doc="``AAAA(name, address, modifiers...)``: the IPv6 address of a name.",
        parse=_parse_aaaa,
        fields=_fields,
        fast=_fast_aaaa,
        # not parsed_canonical: ipaddress writes ::ffff:192.0.2.1 as ::ffff:c000:201
    ),
)
