"""What LiveDNS accepts in an rrset, and how it stores it.

Validation runs in two passes, as at Gandi (a Cornice schema, then the record checks): first the
fields (type, TTL, the list of values), whose errors name the field; then the record rules
(values per type, ALIAS only at ``@``, no CNAME at ``@``), whose descriptions quote the value and
end with ``(param: {...})``, the rrset as the API read it. Values are stored as sent, except
TXT/SPF values sent without quotes, which come back quoted (and cut in 255-byte chunks).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Final

from gandi_sandbox.errors import ApiError, field_error, http_error

#: ``GET /v5/livedns/dns/rrtypes`` (go-gandi, octodns-gandi; no HTTPS, no SVCB).
SUPPORTED_TYPES: Final = (
    "A",
    "AAAA",
    "ALIAS",
    "CAA",
    "CDS",
    "CNAME",
    "DNAME",
    "DS",
    "KEY",
    "LOC",
    "MX",
    "NAPTR",
    "NS",
    "OPENPGPKEY",
    "PTR",
    "RP",
    "SPF",
    "SRV",
    "SSHFP",
    "TLSA",
    "TXT",
    "WKS",
)
MIN_TTL: Final = 300
MAX_TTL: Final = 2592000
#: The TTL of an rrset written without one (a PUT without TTL resets it to this) [real].
DEFAULT_TTL: Final = 10800
#: Longest character-string in a TXT record, in bytes.
TXT_CHUNK: Final = 255

MISSING: Final = object()

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_NAME_LABEL_RE = re.compile(rf"^(?:\*|{_LABEL})$")
_HOST_RE = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$")
_HEX_RE = re.compile(r"^[0-9A-Fa-f]+$")
_SINGLE_VALUE_TYPES: Final = ("ALIAS", "CNAME", "DNAME")


@dataclass
class RRSet:
    """One rrset as stored: the name in the case it was created with, relative to the zone."""

    name: str
    type: str
    ttl: int
    values: list[str] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        """The rrset as the API shows it, without ``rrset_href`` (keys in Gandi's order)."""
        return {
            "rrset_type": self.type,
            "rrset_ttl": self.ttl,
            "rrset_name": self.name,
            "rrset_values": list(self.values),
        }


@dataclass(frozen=True)
class Where:
    """Where an rrset came from in the request, for the ``location`` and ``name`` of errors.

    ``prefix`` is put before field names (``items.0.``); ``rule_name`` names record-rule errors
    (``items`` for lists of rrsets; ``None``: the field concerned, such as ``rrset_values``).
    """

    location: str = "body"
    prefix: str = ""
    rule_name: str | None = None
    name_location: str = "body"
    type_location: str = "body"


def relative_name(name: str, zone: str) -> str:
    """``www.example.org.`` -> ``www``, ``example.org.`` -> ``@``; a relative name is kept.

    An absolute name outside the zone is the documented top-level 400 [real].
    """
    if not name.endswith("."):
        return name
    bare = name[:-1]
    if bare.lower() == zone.lower():
        return "@"
    suffix = "." + zone.lower()
    if bare.lower().endswith(suffix):
        return bare[: -len(suffix)]
    raise http_error(400, f"Absolute rrset_name must end with {zone}.")


def valid_name(name: str) -> bool:
    """A relative owner name: ``@``, or labels with an optional leading ``*`` label."""
    if name == "@":
        return True
    labels = name.split(".")
    if len(name) > 253 or not all(_NAME_LABEL_RE.match(label) for label in labels):
        return False
    return "*" not in labels[1:]


def valid_hostname(value: str) -> bool:
    """A host name in a value: relative or absolute, and not an IP address (``6.2.3.4.``)."""
    if len(value.rstrip(".")) > 253 or not _HOST_RE.match(value):
        return False
    return not value.rstrip(".").split(".")[-1].isdigit()


def quote_txt(value: str) -> str:
    """A TXT/SPF value as stored: kept if quoted, else quoted and cut in 255-byte chunks."""
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return value
    chunks: list[str] = []
    current = ""
    size = 0
    for char in value:
        width = len(char.encode("utf-8"))
        if size + width > TXT_CHUNK:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return " ".join('"' + c.replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)


def _u16(text: str) -> bool:
    return text.isdigit() and int(text) <= 65535


def _u8(text: str) -> bool:
    return text.isdigit() and int(text) <= 255


def value_problem(rtype: str, value: str) -> str | None:
    """Why ``value`` is not a valid ``rtype`` value, or ``None`` when it is."""
    parts = value.split()
    if rtype == "A":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            return "must be an IP address"
        return None
    if rtype == "AAAA":
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return "must be an IPv6 address"
        return None
    if rtype in ("CNAME", "DNAME", "ALIAS", "NS", "PTR"):
        return None if valid_hostname(value) else "invalid hostname"
    if rtype == "MX":
        if len(parts) != 2 or not _u16(parts[0]):
            return "must be '<priority> <hostname>'"
        return None if parts[1] == "." or valid_hostname(parts[1]) else "invalid hostname"
    if rtype == "SRV":
        if len(parts) != 4 or not all(_u16(p) for p in parts[:3]):
            return "must be '<priority> <weight> <port> <target>'"
        return None if parts[3] == "." or valid_hostname(parts[3]) else "invalid hostname"
    if rtype == "CAA":
        if len(parts) < 3 or not _u8(parts[0]) or not parts[1].isalnum():
            return "must be '<flags> <tag> <value>'"
        return None
    if rtype == "SSHFP":
        if len(parts) != 3 or not _u8(parts[0]) or not _u8(parts[1]) or not _HEX_RE.match(parts[2]):
            return "must be '<algorithm> <type> <fingerprint>'"
        return None
    if rtype in ("TLSA", "DS", "CDS"):
        first_ok = bool(parts) and (_u8(parts[0]) if rtype == "TLSA" else _u16(parts[0]))
        ok = len(parts) == 4 and first_ok and _u8(parts[1]) and _u8(parts[2])
        if not ok or not _HEX_RE.match(parts[3]):
            return "must be four fields, the last one in hexadecimal"
        return None
    return None


def parse_ttl(raw: Any, name: str, location: str, errors: list[dict[str, str]]) -> int | None:
    """An integer TTL in 300..2592000 (colander's messages), or ``None`` after an error."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        errors.append(field_error(location, name, f'"{raw}" is not a number'))
        return None
    try:
        ttl = int(raw)
    except ValueError:
        errors.append(field_error(location, name, f'"{raw}" is not a number'))
        return None
    if ttl < MIN_TTL:
        errors.append(field_error(location, name, f"{ttl} is less than minimum value {MIN_TTL}"))
        return None
    if ttl > MAX_TTL:
        errors.append(field_error(location, name, f"{ttl} is greater than maximum value {MAX_TTL}"))
        return None
    return ttl


def parse_type(raw: Any, name: str, location: str, errors: list[dict[str, str]]) -> str | None:
    if raw is MISSING or raw is None:
        errors.append(field_error(location, name, "Required"))
        return None
    if not isinstance(raw, str) or raw.upper() not in SUPPORTED_TYPES:
        choices = ", ".join(SUPPORTED_TYPES)
        errors.append(field_error(location, name, f'"{raw}" is not one of {choices}'))
        return None
    return raw.upper()


def build_rrset(
    zone: str,
    *,
    name: Any,
    rtype: Any,
    ttl: Any,
    values: Any,
    where: Where,
    errors: list[dict[str, str]],
) -> RRSet | None:
    """Check one rrset as a request gave it; ``None`` after appending its problems to ``errors``.

    ``ttl`` is :data:`MISSING` when the request had none (it then gets :data:`DEFAULT_TTL`).
    Raises :class:`ApiError` for the top-level 400 of an absolute name outside the zone.
    """
    start = len(errors)
    p = where.prefix

    def problem(location: str, field: str, description: str) -> None:
        errors.append(field_error(location, field, description))

    rel: str | None = None
    if name is MISSING or name is None or name == "":
        problem(where.name_location, p + "rrset_name", "Required")
    elif not isinstance(name, str):
        problem(where.name_location, p + "rrset_name", f'"{name}" is not a string')
    else:
        rel = relative_name(name, zone)
        if not valid_name(rel):
            problem(where.name_location, p + "rrset_name", f"{rel!r}: invalid name")
            rel = None
    kind = parse_type(rtype, p + "rrset_type", where.type_location, errors)
    ttl_value = (
        DEFAULT_TTL if ttl is MISSING else parse_ttl(ttl, p + "rrset_ttl", where.location, errors)
    )
    if values is MISSING or values is None:
        problem(where.location, p + "rrset_values", "Required")
    elif not isinstance(values, list):
        problem(where.location, p + "rrset_values", f'"{values}" is not iterable')
    elif not values:
        problem(where.location, p + "rrset_values", "Shorter than minimum length 1")
    else:
        for i, value in enumerate(values):
            if not isinstance(value, str):
                problem(where.location, f"{p}rrset_values.{i}", f'"{value}" is not a string')
    if len(errors) > start or rel is None or kind is None or ttl_value is None:
        return None
    assert isinstance(values, list)
    param = {"rrset_type": kind, "rrset_ttl": ttl_value, "rrset_name": rel, "rrset_values": values}
    rule_values = where.rule_name or "rrset_values"
    rule_name = where.rule_name or "rrset_name"
    if kind == "ALIAS" and rel != "@":
        problem(
            where.location, rule_name, f"only '@' is allowed for ALIAS records (param: {param!r})"
        )
    if kind == "CNAME" and rel == "@":
        problem(where.location, rule_name, f"can't use '@' for CNAME records (param: {param!r})")
    if kind in _SINGLE_VALUE_TYPES and len(values) > 1:
        problem(
            where.location,
            rule_values,
            f"only one value is allowed for {kind} records (param: {param!r})",
        )
    for value in values:
        if kind in ("TXT", "SPF"):
            why = None  # any text; a bare one is quoted below
        elif not value.strip():
            why = "must not be empty"
        else:
            why = value_problem(kind, value)
        if why is not None:
            problem(where.location, rule_values, f"{value!r}: {why} (param: {param!r})")
    if len(errors) > start:
        return None
    stored: list[str] = []
    for value in values:
        text = quote_txt(value) if kind in ("TXT", "SPF") else value
        if text not in stored:
            stored.append(text)
    return RRSet(rel, kind, ttl_value, stored)


def rrset_from_seed(zone: str, data: dict[str, Any]) -> RRSet:
    """An rrset given to :meth:`GandiSandbox.add_domain`, checked by the API's rules."""
    errors: list[dict[str, str]] = []
    try:
        rrset = build_rrset(
            zone,
            name=data.get("rrset_name", MISSING),
            rtype=data.get("rrset_type", MISSING),
            ttl=data.get("rrset_ttl", MISSING),
            values=data.get("rrset_values", MISSING),
            where=Where(),
            errors=errors,
        )
    except ApiError as exc:
        raise ValueError(f"{zone}: {data!r}: {exc.body['message']}") from None
    if rrset is None:
        problems = "; ".join(e["description"] for e in errors)
        raise ValueError(f"{zone}: rrset {data!r} is invalid: {problems}")
    return rrset
