"""Names in the DSL: domain names, and record names made relative to their domain."""

from __future__ import annotations

import ipaddress
import re

_LABEL = re.compile(r"^[a-z0-9_*/-]+$")
#: A name of plain ASCII labels, nearly every name a config has: dnspython gives it back as it
#: is, so lowercasing it is the whole work (a property test holds the two to agree).
_PLAIN_NAME = re.compile(r"(?:[a-z0-9_*/-]{1,63}\.)*[a-z0-9_*/-]{1,63}\.?", re.IGNORECASE)

#: One plain ASCII label: no dot (so neither a full name nor one that repeats the domain), no
#: "@", not an address (a reverse zone's PTR name); it is its own label, lowercased.
_PLAIN_LABEL = re.compile(r"[a-zA-Z0-9_*/-]{1,63}")

#: The longest name in presentation form, without the trailing dot (255 bytes on the wire).
MAX_NAME = 253


def to_ascii_name(name: str) -> str:
    """A domain name lowercased and in punycode, without trailing dot."""
    if len(name) <= MAX_NAME and name.isascii() and _PLAIN_NAME.fullmatch(name):
        return name.rstrip(".").lower()
    return _to_ascii_name_dnspython(name)


def _to_ascii_name_dnspython(name: str) -> str:
    """:func:`to_ascii_name` through dnspython: IDN labels, escapes, and every error."""
    import dns.exception
    import dns.name

    try:
        text = dns.name.from_unicode(name.rstrip(".") + ".").to_text().rstrip(".").lower()
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise ValueError(f"{name!r} is not a valid domain name ({exc})") from None
    if not all(_LABEL.match(label) for label in text.split(".")):
        raise ValueError(
            f"{name!r} is not a valid domain name (labels are letters, digits, '-' and '_')"
        )
    return text


def is_reverse(zone: str) -> bool:
    return zone.endswith((".in-addr.arpa", ".ip6.arpa"))


def relative_label(
    name: str, zone: str, subdomain: str = "", *, skip_fqdn_check: bool = False
) -> str:
    """A record name as written (``"@"``, ``"www"``, ``"www.example.tld."``) relative to
    ``zone``: lowercase ASCII, ``"@"`` for the apex. Raises ValueError.

    A name inside ``D_EXTEND("sub.example.tld")`` is relative to the subdomain. As in
    DNSControl, a name that repeats the domain without a trailing dot (``"www.example.tld"``)
    is an error unless the record's metadata says ``skip_fqdn_check``, and in reverse zones an
    IP address names its PTR record (``PTR("192.0.2.4", ...)`` in ``2.0.192.in-addr.arpa``).
    """
    if type(name) is str and _PLAIN_LABEL.fullmatch(name):  # one plain label: most names
        lowered = name.lower()
        if lowered != zone:
            label = join_label(lowered, subdomain)
            if len(label) + 1 + len(zone) <= MAX_NAME:
                return label
    return _checked_label(name, zone, subdomain, skip_fqdn_check)


def _checked_label(name: str, zone: str, subdomain: str, skip_fqdn_check: bool) -> str:
    """:func:`relative_label` for any name, without the fast path (a property test holds the
    two to agree)."""
    label = _relative_label(name, zone, subdomain, skip_fqdn_check)
    full = zone if label == "@" else f"{label}.{zone}"
    if len(full) > MAX_NAME:
        raise ValueError(
            f"the name is {len(full)} characters long as a full name (...{full[-40:]}), over the "
            f"{MAX_NAME} a DNS name may have; shorten it"
        )
    return label


def _relative_label(name: str, zone: str, subdomain: str, skip_fqdn_check: bool) -> str:
    if not isinstance(name, str):
        raise ValueError(f"the record name must be a string, got {name!r}")
    name = name.strip()
    if not name:
        raise ValueError('the record name is empty; use "@" for the apex')
    if name.endswith("."):
        full = to_ascii_name(name)
        if full == zone:
            return "@"
        if not full.endswith("." + zone):
            raise ValueError(f"the name {name!r} is not inside the domain {zone}")
        return full[: -len(zone) - 1]
    if name == "@":
        return join_label("@", subdomain)
    if is_reverse(zone) and (reverse := reverse_label(name, zone)) is not None:
        return reverse
    label = to_ascii_name(name)
    # In a reverse zone a full reverse name is always the record's own name, as in DNSControl
    # (PTR(REV("1.2.3.3"), ...) in 3.2.1.in-addr.arpa is "3", skip_fqdn_check or not).
    if (label == zone or label.endswith("." + zone)) and (not skip_fqdn_check or is_reverse(zone)):
        if is_reverse(zone):
            return "@" if label == zone else label[: -len(zone) - 1]
        short = label[: -len(zone)].rstrip(".") or "@"
        raise ValueError(
            f"the name {name!r} repeats the domain {zone}; write {short!r}, or end the name "
            "with a dot if you mean it as a full name"
        )
    return join_label(label, subdomain)


def reverse_label(name: str, zone: str) -> str | None:
    """The label of the PTR record for the address ``name`` in the reverse zone ``zone``, or
    None when ``name`` is not an address."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None
    if (address.version == 4) != zone.endswith(".in-addr.arpa"):
        raise ValueError(f"the address {name} does not belong in the reverse zone {zone}")
    full = address.reverse_pointer
    if full.endswith("." + zone):
        return full[: -len(zone) - 1]
    # RFC 2317 classless zones: "128/25.2.0.192.in-addr.arpa" holds the last octet as label.
    first, _, rest = zone.partition(".")
    if address.version == 4 and "/" in first:
        start, _, bits = first.partition("/")
        octets = name.split(".")
        if (
            start.isdigit()
            and bits.isdigit()
            and rest == ".".join(reversed(octets[:3])) + ".in-addr.arpa"
        ):
            network = ipaddress.ip_network(f"{'.'.join(octets[:3])}.{start}/{bits}", strict=False)
            if address in network:
                return octets[3]
    raise ValueError(f"the address {name} does not belong in the reverse zone {zone}")


def join_label(label: str, subdomain: str) -> str:
    if not subdomain:
        return label
    return subdomain if label == "@" else f"{label}.{subdomain}"
