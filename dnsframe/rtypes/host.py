"""CNAME, NS, PTR, DNAME and ALIAS: one host name.

ALIAS is not a DNS type (providers implement it); its content is an absolute, lowercase host
name, as for CNAME.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.data import absolute_name
from dnsframe.rtypes.registry import RecordType, register

_PLAIN_HOST = re.compile(r"^(?:[A-Za-z0-9_*-]{1,63}\.)*[A-Za-z0-9_*-]{1,63}\.?$")


def fast_host(text: str, zone: str) -> str | None:
    """A plain host name made absolute and lowercase, or None when dnspython must decide."""
    if text == "@":
        return zone.lower() + "."
    if text == ".":
        return "."
    if len(text) > 253 or not _PLAIN_HOST.match(text) or "*" in text:
        return None
    text = text.lower()
    full = text if text.endswith(".") else f"{text}.{zone.lower()}."
    return full if len(full) <= 254 else None


def _parse(values: Sequence[Any], flags: frozenset[str]) -> str:
    return args.host(values[0])


def _fields(content: str) -> dict[str, Any]:
    return {"target": content}


def _alias(text: str, zone: str) -> str:
    return absolute_name(text.strip(), zone)


def _host_type(name: str, doc: str, example: str) -> RecordType:
    return RecordType(
        name=name,
        params=("target",),
        doc=doc,
        example=(example,),
        parse=_parse,
        fields=_fields,
        hostname=True,
        fast=fast_host,
    )


register(
    _host_type(
        "CNAME",
        "``CNAME(name, target, modifiers...)``: the name is an alias of ``target``; nothing "
        "else may be at that name, and never at the apex.",
        "www",
    ),
    _host_type(
        "DNAME",
        "``DNAME(name, target, modifiers...)``: every name below ``name`` is an alias of the same "
        "name below ``target``.",
        "example.net.",
    ),
    _host_type(
        "NS",
        "``NS(name, target, modifiers...)``: delegate a subdomain (use NAMESERVER for the apex).",
        "ns1.example.net.",
    ),
    _host_type(
        "PTR",
        "``PTR(name, target, modifiers...)``: the host name of an address, in a reverse zone "
        "(``REV()`` names it).",
        "host.example.net.",
    ),
    RecordType(
        name="ALIAS",
        example=("lb.example.net.",),
        params=("target",),
        doc="``ALIAS(name, target, modifiers...)``: a CNAME-like record that providers flatten.",
        parse=_parse,
        fields=_fields,
        hostname=True,
        canonicalize=_alias,
    ),
)
