"""MX: a preference and a mail exchanger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.host import fast_host
from dnsframe.rtypes.registry import RecordType, register


def _fast(text: str, zone: str) -> str | None:
    parts = text.split()
    if len(parts) != 2:
        return None
    preference = args.plain_uint16(parts[0])
    host = fast_host(parts[1], zone) if preference is not None else None
    return None if host is None else f"{preference} {host}"


def _parse(values: Sequence[Any], flags: frozenset[str]) -> str:
    priority = args.uint(values[0], "priority", 16)
    return f"{priority} {args.host(values[1])}"


def _fields(content: str) -> dict[str, Any]:
    preference, target = content.split()
    return {"mxpreference": int(preference), "target": target}


def _target(content: str) -> str:
    parts = content.split()
    return parts[1] if len(parts) == 2 else content


register(
    RecordType(
        name="MX",
        example=(10, "mail.example.net."),
        params=("priority", "target"),
        doc="``MX(name, priority, target, modifiers...)``: a mail server for the name; the lowest "
        "``priority`` is tried first.",
        parse=_parse,
        fields=_fields,
        target=_target,
        fast=_fast,
    )
)
