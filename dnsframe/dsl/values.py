"""What the DSL functions return, and TTLs: the values a config passes around before ``D()``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dnsframe.model import SourcePos
from dnsframe.names import py_literal as _q

_DURATION = re.compile(r"(\d+)([smhdwny]?)", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "n": 2592000, "y": 31536000}


def parse_ttl(value: object) -> int:
    """A TTL in seconds from a number or one of DNSControl's duration strings: digits and at
    most one unit, ``s``, ``m``, ``h``, ``d``, ``w``, ``n`` (30 days) or ``y`` (365 days):
    ``"300"``, ``"5m"``, ``"1h"``, ``"2d"``, ``"1w"``. Raises ``ValueError`` for the user."""
    if isinstance(value, bool):
        raise ValueError(f"TTL must be a number of seconds or a duration like '1h', got {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float) and value.is_integer():
        seconds = int(value)
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value.strip())):
        seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    else:
        raise ValueError(
            f"TTL {value!r} is not a number of seconds or a duration like '300', '5m', '1h', "
            "'2d', '1w'"
        )
    if not 0 <= seconds <= 2**31 - 1:
        raise ValueError(f"TTL must be between 0 and 2147483647 seconds, got {seconds}")
    return seconds


class Flag:
    """A modifier that DNSControl writes bare (``NO_PURGE``); calling it returns itself."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        #: What it does, for the language reference (``python -m dnsframe.docs``).
        self.doc = doc

    def __call__(self) -> Flag:
        return self

    def __repr__(self) -> str:
        return self.name


NO_PURGE = Flag(
    "NO_PURGE",
    "``NO_PURGE`` in ``D()``: never delete a record of the zone that the config does not "
    "mention; only add and change (``ENSURE_ABSENT_REC`` still deletes).",
)
PURGE = Flag(
    "PURGE",
    "``PURGE`` in ``D()``: delete what the config does not mention (the default; undoes a "
    "``NO_PURGE`` of ``DEFAULTS``).",
)
AUTODNSSEC_ON = Flag(
    "AUTODNSSEC_ON",
    "``AUTODNSSEC_ON`` in ``D()``: the DNS provider signs the zone (DNSSEC) and keeps its keys.",
)
AUTODNSSEC_OFF = Flag(
    "AUTODNSSEC_OFF",
    "``AUTODNSSEC_OFF`` in ``D()``: the DNS provider stops signing the zone. Without either, "
    "DNSSEC is left as it is.",
)
DISABLE_IGNORE_SAFETY_CHECK = Flag(
    "DISABLE_IGNORE_SAFETY_CHECK",
    "``DISABLE_IGNORE_SAFETY_CHECK`` in ``D()``: allow a record of the config that an "
    "``IGNORE`` also matches (an error otherwise).",
)
END = Flag(
    "END",
    "``END``: does nothing; DNSControl's configs end a ``D()`` with it so that every line "
    "before it may end with a comma.",
)
CAA_CRITICAL = Flag(
    "CAA_CRITICAL",
    "``CAA_CRITICAL`` among a ``CAA()``'s arguments: sets the record's critical flag (128).",
)
#: What ``ENSURE_ABSENT_REC()`` returns among a record's arguments.
ENSURE_ABSENT = Flag("ENSURE_ABSENT_REC()")


@dataclass(frozen=True, slots=True)
class TTLModifier:
    """``TTL(v)`` among a record's arguments."""

    seconds: int

    def __repr__(self) -> str:
        return f"TTL({self.seconds})"


@dataclass(frozen=True, slots=True)
class DomainModifier:
    """A modifier of ``D()`` other than a record: what it is and what it carries."""

    kind: str
    value: Any = None
    source: SourcePos | None = None

    def __repr__(self) -> str:
        names = {
            "dns_provider": "DnsProvider",
            "default_ttl": "DefaultTTL",
            "nameserver": "NAMESERVER",
            "nameserver_ttl": "NAMESERVER_TTL",
            "ignore": "IGNORE",
            "ensure_absent": "ENSURE_ABSENT_REC",
            "include": "INCLUDE",
            "expand": "SPF_BUILDER",
            "expand_at": "M365_BUILDER",
        }
        return f"{names.get(self.kind, self.kind)}(...)"


@dataclass(slots=True)
class RecordSpec:
    """A record call (``MX("@", 10, "mail")``) before ``D()`` places it in a domain.

    Not changed once made (``at()`` makes a copy), but not frozen either: a frozen dataclass
    sets each field through ``object.__setattr__``, which made building one cost four times
    as much, and a config of 100,000 records builds 100,000 of them. Its metadata is a plain
    dict anyway."""

    type: str
    name: str
    values: tuple[Any, ...]
    ttl: int | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: SourcePos | None = None
    flags: frozenset[str] = frozenset()

    def describe(self) -> str:
        return (
            f"{self.type}({_q(self.name)}, ...)" if self.values else f"{self.type}({_q(self.name)})"
        )


@dataclass(frozen=True, slots=True)
class Invalid:
    """What a record call returns after a problem was recorded; ``D()`` skips it."""

    source: SourcePos | None


def at(pos: SourcePos | None, spec: RecordSpec | Invalid) -> RecordSpec | Invalid:
    """``spec`` with its source set to ``pos`` (records that a builder makes later)."""
    if isinstance(spec, RecordSpec) and pos is not None:
        return replace(spec, source=pos)
    return spec


def flatten(items: Iterable[Any]) -> list[Any]:
    """Lists and tuples among ``items`` replaced by their items, at any depth."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, (list, tuple)):  # a tuple: faster than list | tuple
            out.extend(flatten(item))
        else:
            out.append(item)
    return out
