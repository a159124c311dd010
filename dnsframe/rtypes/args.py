"""Checking the arguments of the DSL's record functions, as DNSControl takes them.

Each raises ``ValueError`` with a message for the user; the DSL adds the call and the line.
"""

from __future__ import annotations

import ipaddress
import re
import socket

_BAD_HOST_CHARS = frozenset(" \"'+,|!$%&()=?^;:<>[]@\\")
_HEX = re.compile(r"[0-9a-fA-F]+")


def uint(value: object, what: str, bits: int) -> int:
    """An unsigned integer of ``bits`` bits (digits in a string are taken too)."""
    top = 2**bits - 1
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"{what} must be an integer 0..{top}, got {value!r}")
    return value


def plain_uint16(text: str) -> int | None:
    """The number written in ASCII digits in ``text`` if it is 0..65535, else None (for the
    fast paths of presentation text: anything else is left to dnspython)."""
    if text.isascii() and text.isdigit():
        value = int(text)
        if value <= 65535:
            return value
    return None


def text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string, got {value!r}")
    return value


def quoted(value: str) -> str:
    """``value`` as a quoted character-string of presentation text."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def host(value: object, what: str = "target") -> str:
    """A host name target as DNSControl takes it: ``"@"``, a single label inside the domain,
    or an absolute name ending with a dot."""
    name = text(value, what).strip()
    if not name:
        raise ValueError(f"{what} is empty")
    if name in {"@", "."}:
        return name
    if "." in name and not name.endswith("."):
        raise ValueError(
            f"{what} {name!r} contains a dot but does not end with one; write {name + '.'!r} "
            "for that host, or a single label for a name inside the domain"
        )
    if not _BAD_HOST_CHARS.isdisjoint(name) or ("/" in name and not name.endswith(".arpa.")):
        raise ValueError(f"{what} {name!r} is not a valid host name")
    return name


_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
#: An IPv4 address as dnspython and :mod:`ipaddress` write it (no leading zeros).
_IPV4 = re.compile(rf"(?:{_OCTET}\.){{3}}{_OCTET}")


def canonical_ipv4(text: str) -> str | None:
    """``text`` if it is an IPv4 address in its canonical spelling, else None (the slow path
    decides). A property test holds it to dnspython."""
    return text if _IPV4.fullmatch(text) else None


def canonical_ipv6(text: str) -> str | None:
    """The canonical spelling of the IPv6 address ``text`` (RFC 5952: lowercase, the longest
    run of zeros shortened), through the C library; None when it is not one, or when the C
    library writes it with an IPv4 address in its last 32 bits (``::ffff:192.0.2.1``), a
    spelling on which libraries differ: the slow path decides. A property test holds it to
    dnspython."""
    try:
        packed = socket.inet_pton(socket.AF_INET6, text)
    except (OSError, ValueError):
        return None
    shown = socket.inet_ntop(socket.AF_INET6, packed)
    return None if "." in shown else shown


def ip(value: object, version: int) -> str:
    """An IPv4 or IPv6 address; for IPv4 also the number that ``IP()`` gives."""
    if type(value) is str:
        fast = canonical_ipv4(value) if version == 4 else canonical_ipv6(value)
        if fast is not None:
            return fast
    if isinstance(value, int) and not isinstance(value, bool) and version == 4:
        value = str(ipaddress.IPv4Address(value))
    address_text = text(value, "address").strip()
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        raise ValueError(f"{address_text!r} is not an IPv{version} address") from None
    if address.version != version:
        raise ValueError(f"{address_text!r} is not an IPv{version} address")
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id is not None:
        bare = address_text.partition("%")[0]
        raise ValueError(
            f"{address_text!r} has a zone index (%{address.scope_id}), which names a network "
            f"interface of one host and has no meaning in DNS; write {bare!r}"
        )
    return address.compressed


def hexdigits(value: object, what: str) -> str:
    """Hexadecimal data (spaces allowed), lowercase, without the spaces."""
    digits = text(value, what).strip().replace(" ", "")
    if not digits or not _HEX.fullmatch(digits) or len(digits) % 2:
        raise ValueError(f"{what} must be an even number of hexadecimal digits, got {value!r}")
    return digits.lower()
