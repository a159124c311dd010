"""Record data: parsing, validation and the one canonical form used for comparison.

The canonical form of a record's data (``Record.content``) is its zone-file presentation text as
dnspython writes it, with every host name absolute (trailing dot) and lowercase, so that two
spellings of the same data compare equal. Two types differ:

- TXT: the text itself, unquoted, its chunks joined (``"v=spf1 -all"``). Providers split it into
  chunks of at most 255 bytes when they write (:func:`txt_chunks`).
- ALIAS (not a DNS type; providers implement it): an absolute, lowercase host name, as for CNAME.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.txtbase

#: Types whose data is a single host name.
HOSTNAME_TYPES = frozenset({"ALIAS", "CNAME", "DNAME", "NS", "PTR"})

#: Every type dnsframe can represent.
SUPPORTED_TYPES = frozenset(
    {
        "A",
        "AAAA",
        "ALIAS",
        "CAA",
        "CNAME",
        "DNAME",
        "DS",
        "LOC",
        "MX",
        "NAPTR",
        "NS",
        "PTR",
        "RP",
        "SRV",
        "SSHFP",
        "TLSA",
        "TXT",
    }
)


class RdataError(ValueError):
    """Record data that is not valid for its type; the message is written for the user."""


@lru_cache(maxsize=4096)
def _origin(zone: str) -> dns.name.Name:
    return dns.name.from_text(zone)


def absolute_name(name: str, zone: str) -> str:
    """``name`` made absolute and lowercase: ``"mail"`` in ``example.tld`` is
    ``"mail.example.tld."``, ``"@"`` is ``"example.tld."``, ``"ns.other.net."`` stays as it is.
    IDN names are converted to punycode.
    """
    if name == "@":
        return zone.lower() + "."
    if name == ".":
        return "."
    try:
        parsed = dns.name.from_unicode(name, origin=_origin(zone))
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise RdataError(f"{name!r} is not a valid host name ({_reason(exc)})") from None
    return parsed.to_text().lower()


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.rstrip(".")


def canonical(rtype: str, text: str, zone: str) -> str:
    """The canonical content of a record of type ``rtype`` whose data is ``text``.

    ``text`` is presentation format, as in a zone file, except for TXT where it is the text
    itself. Relative host names are taken relative to ``zone``. Raises :class:`RdataError`.
    """
    if rtype == "TXT":
        return _check_txt(text)
    if rtype == "ALIAS":
        return absolute_name(text.strip(), zone)
    if rtype not in SUPPORTED_TYPES:
        raise RdataError(f"record type {rtype} is not supported")
    fast = _FAST.get(rtype)
    if fast is not None:
        result = fast(text.strip(), zone)
        if result is not None:
            return result
    return _canonical_dnspython(rtype, text, zone)


# Fast paths for the common types, for zones of tens of thousands of records. Each returns None
# when the text is not in the plain form it knows, and dnspython then decides.

_PLAIN_HOST = re.compile(r"^(?:[A-Za-z0-9_*-]{1,63}\.)*[A-Za-z0-9_*-]{1,63}\.?$")


def _fast_host(text: str, zone: str) -> str | None:
    if text == "@":
        return zone.lower() + "."
    if text == ".":
        return "."
    if len(text) > 253 or not _PLAIN_HOST.match(text) or "*" in text:
        return None
    text = text.lower()
    full = text if text.endswith(".") else f"{text}.{zone.lower()}."
    return full if len(full) <= 254 else None


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
    if int(address) >> 48 == 0:
        return None  # ::a.b.c.d and ::ffff:a.b.c.d: dnspython's own spelling
    return address.compressed


def _fast_mx(text: str, zone: str) -> str | None:
    parts = text.split()
    if len(parts) != 2 or not parts[0].isdigit() or int(parts[0]) > 65535:
        return None
    host = _fast_host(parts[1], zone)
    return None if host is None else f"{int(parts[0])} {host}"


def _fast_srv(text: str, zone: str) -> str | None:
    parts = text.split()
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 65535 for p in parts[:3]):
        return None
    host = _fast_host(parts[3], zone)
    return None if host is None else " ".join([*(str(int(p)) for p in parts[:3]), host])


_FAST: dict[str, Callable[[str, str], str | None]] = {
    "A": _fast_a,
    "AAAA": _fast_aaaa,
    "CNAME": _fast_host,
    "NS": _fast_host,
    "PTR": _fast_host,
    "DNAME": _fast_host,
    "MX": _fast_mx,
    "SRV": _fast_srv,
}


def _check_txt(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeError:
        raise RdataError("TXT text must be valid UTF-8") from None
    return text


@lru_cache(maxsize=65536)
def _canonical_dnspython(rtype: str, text: str, zone: str) -> str:
    rdata = _parse(rtype, text, zone)
    # Round-tripping through the DNSSEC canonical wire form (RFC 4034, 6.2) lowercases every
    # host name in the types where case does not matter, and nothing else.
    wire = rdata.to_digestable()
    canon = dns.rdata.from_wire(rdata.rdclass, rdata.rdtype, wire, 0, len(wire))
    return canon.to_text()


def _parse(rtype: str, text: str, zone: str) -> dns.rdata.Rdata:
    try:
        return dns.rdata.from_text(
            dns.rdataclass.IN,
            dns.rdatatype.from_text(rtype),
            text,
            origin=_origin(zone),
            relativize=False,
        )
    except dns.exception.SyntaxError as exc:
        raise RdataError(f"{text!r} is not valid {rtype} data ({_reason(exc)})") from None
    except (dns.exception.DNSException, ValueError, UnicodeError) as exc:
        raise RdataError(f"{text!r} is not valid {rtype} data ({_reason(exc)})") from None


def from_presentation(rtype: str, text: str, zone: str) -> str:
    """Canonical content from zone-file presentation text, for providers reading a zone.

    Unlike :func:`canonical`, TXT data is quoted chunks here (``"part1" "part2"``), which are
    joined; an unquoted TXT word is taken as it is.
    """
    if rtype == "TXT":
        rdata = _parse(rtype, text, zone)
        assert isinstance(rdata, dns.rdtypes.txtbase.TXTBase)
        return b"".join(rdata.strings).decode("utf-8", errors="surrogateescape")
    return canonical(rtype, text, zone)


def txt_chunks(text: str, size: int = 255) -> list[str]:
    """``text`` split into chunks of at most ``size`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8", errors="surrogateescape")
    if not data:
        return [""]
    chunks: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + size, len(data))
        # Step back off UTF-8 continuation bytes so a character is never cut in two.
        while end < len(data) and end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        chunks.append(data[start:end].decode("utf-8", errors="surrogateescape"))
        start = end
    return chunks


def quote_txt(chunk: str) -> str:
    """One TXT chunk as a quoted zone-file string: quotes and backslashes escaped, control
    characters as ``\\DDD``; other characters (UTF-8 included) as they are."""
    out = []
    for char in chunk:
        if char in {'"', "\\"}:
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):03d}")
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8, kept as it was
            out.append(f"\\{ord(char) - 0xDC00:03d}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def to_presentation(rtype: str, content: str) -> str:
    """Zone-file presentation text of canonical content (TXT: quoted 255-byte chunks)."""
    if rtype == "TXT":
        return " ".join(quote_txt(c) for c in txt_chunks(content))
    return content


def display(rtype: str, content: str) -> str:
    """Content as shown to a user in previews and errors."""
    if rtype == "TXT":
        return quote_txt(content)
    return content


def fields(rtype: str, content: str) -> dict[str, Any]:
    """The parts of canonical content by name (``{"preference": 10, "exchange": ...}`` for MX),
    for ``print-ir`` and for providers that send data field by field.
    """
    if rtype == "TXT":
        return {"text": content}
    if rtype == "ALIAS":
        return {"target": content}
    rdata = _parse(rtype, content, ".")
    out: dict[str, Any] = {}
    for cls in type(rdata).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot in {"rdclass", "rdtype", "rdcomment"} or slot in out:
                continue
            value = getattr(rdata, slot)
            out[slot] = value.hex() if slot in _BINARY_SLOTS else _plain(value)
    return out


#: Fields that are binary data, shown in hex as in zone files.
_BINARY_SLOTS = frozenset({"digest", "fingerprint", "cert"})


def _plain(value: Any) -> Any:
    if isinstance(value, dns.name.Name):
        return value.to_text()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="backslashreplace")
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)  # dnspython's enums (DS algorithm, ...) as plain numbers
    if isinstance(value, float | str):
        return value
    return str(value)
