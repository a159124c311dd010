"""Record data through dnspython: parsing presentation text, the canonical text, host names.

Every record type uses these; :class:`RdataError` is the one error they raise, with a message
written for the user.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dns.name
    import dns.rdata

# dnspython is imported by the functions that use it, not here: the record types' fast paths
# handle plain data without it, and importing it costs some 25 ms of every command's start.


class RdataError(ValueError):
    """Record data that is not valid for its type; the message is written for the user."""


@lru_cache(maxsize=4096)
def _origin(zone: str) -> dns.name.Name:
    import dns.name

    return dns.name.from_text(zone)


def reason(exc: BaseException) -> str:
    """An exception's message as the end of a sentence."""
    text = str(exc) or type(exc).__name__
    return text.rstrip(".")


def absolute_name(name: str, zone: str) -> str:
    """``name`` made absolute and lowercase: ``"mail"`` in ``example.tld`` is
    ``"mail.example.tld."``, ``"@"`` is ``"example.tld."``, ``"ns.other.net."`` stays as it is.
    IDN names are converted to punycode.
    """
    if name == "@":
        return zone.lower() + "."
    if name == ".":
        return "."
    import dns.exception
    import dns.name

    try:
        parsed = dns.name.from_unicode(name, origin=_origin(zone))
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise RdataError(f"{name!r} is not a valid host name ({reason(exc)})") from None
    return parsed.to_text().lower()


def parse(rtype: str, text: str, zone: str) -> dns.rdata.Rdata:
    """dnspython's rdata of presentation ``text``; relative names are relative to ``zone``."""
    import dns.exception
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype

    try:
        return dns.rdata.from_text(
            dns.rdataclass.IN,
            dns.rdatatype.from_text(rtype),
            text,
            origin=_origin(zone),
            relativize=False,
        )
    except (dns.exception.DNSException, ValueError, UnicodeError) as exc:
        raise RdataError(f"{text!r} is not valid {rtype} data ({reason(exc)})") from None


@lru_cache(maxsize=65536)
def canonical_dnspython(rtype: str, text: str, zone: str) -> str:
    """The canonical text of ``text`` as dnspython writes it, host names lowercase."""
    rdata = parse(rtype, text, zone)
    # Round-tripping through the DNSSEC canonical wire form (RFC 4034, 6.2) lowercases every
    # host name in the types where case does not matter, and nothing else.
    wire = rdata.to_digestable()
    import dns.rdata

    canon = dns.rdata.from_wire(rdata.rdclass, rdata.rdtype, wire, 0, len(wire))
    return canon.to_text()


def name_text(value: dns.name.Name) -> str:
    return value.to_text()


def string(value: bytes) -> str:
    """A character-string of the data (CAA value, NAPTR flags, ...) as text."""
    return value.decode("utf-8", errors="backslashreplace")
