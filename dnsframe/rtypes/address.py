"""A and AAAA: an address."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.registry import RecordType, register


def _fast_a(text: str, zone: str) -> str | None:
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        return None


def _fast_aaaa(text: str, zone: str) -> str | None:
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return None
    if address.scope_id is not None:
        return None  # "fe80::1%eth0": not DNS data, dnspython refuses it
    if int(address) >> 48 == 0:
        return None  # ::a.b.c.d and ::ffff:a.b.c.d: dnspython's own spelling
    return address.compressed


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
        doc="``A(name, address, modifiers...)``.",
        parse=_parse_a,
        fields=_fields,
        fast=_fast_a,
    ),
    RecordType(
        name="AAAA",
        example=("2001:db8::1",),
        params=("address",),
        doc="``AAAA(name, address, modifiers...)``.",
        parse=_parse_aaaa,
        fields=_fields,
        fast=_fast_aaaa,
    ),
)
