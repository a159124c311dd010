"""Record data: parsing, validation and the one canonical form used for comparison.

The canonical form of a record's data (``Record.content``) is its zone-file presentation text as
dnspython writes it, with every host name absolute (trailing dot) and lowercase, so that two
spellings of the same data compare equal. Two types differ:

- TXT: the text itself, unquoted, its chunks joined (``"v=spf1 -all"``). Providers split it into
  chunks of at most 255 bytes when they write (:func:`txt_chunks`).
- ALIAS (not a DNS type; providers implement it): an absolute, lowercase host name, as for CNAME.

What each type means is defined once, in :mod:`dnsframe.rtypes`; these functions look it up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dnsframe.rtypes import TYPES, get
from dnsframe.rtypes.data import RdataError as RdataError
from dnsframe.rtypes.data import absolute_name as absolute_name
from dnsframe.rtypes.data import canonical_dnspython
from dnsframe.rtypes.text import quote_txt as quote_txt
from dnsframe.rtypes.text import txt_chunks as txt_chunks

#: dnspython's canonical form, which the fast paths of the types must agree with.
_canonical_dnspython = canonical_dnspython

#: Types whose data is a single host name.
HOSTNAME_TYPES = frozenset(t.name for t in TYPES.values() if t.hostname)

#: Every type dnsframe can represent.
SUPPORTED_TYPES = frozenset(TYPES)


def canonical(rtype: str, text: str, zone: str) -> str:
    """The canonical content of a record of type ``rtype`` whose data is ``text``.

    ``text`` is presentation format, as in a zone file, except for TXT where it is the text
    itself. Relative host names are taken relative to ``zone``. Raises :class:`RdataError`.
    """
    found = TYPES.get(rtype)
    if found is None:
        raise RdataError(f"record type {rtype} is not supported")
    return found.canonical(text, zone)


def from_presentation(rtype: str, text: str, zone: str) -> str:
    """Canonical content from zone-file presentation text, for providers reading a zone.

    Unlike :func:`canonical`, TXT data is quoted chunks here (``"part1" "part2"``), which are
    joined; an unquoted TXT word is taken as it is.
    """
    found = get(rtype)
    return (found.read or found.canonical)(text, zone)


def reader(rtype: str) -> Callable[[str, str], str]:
    """The function :func:`from_presentation` calls for ``rtype`` (text and zone to canonical
    content), for a provider that reads many records of one type. Raises :class:`RdataError`
    for a type dnsframe lacks."""
    found = get(rtype)
    return found.read or found.canonical


def to_presentation(rtype: str, content: str) -> str:
    """Zone-file presentation text of canonical content (TXT: quoted 255-byte chunks)."""
    found = TYPES.get(rtype)
    return content if found is None else found.present(content)


def display(rtype: str, content: str) -> str:
    """Content as shown to a user in previews and errors."""
    found = TYPES.get(rtype)
    return content if found is None else found.show(content)


def fields(rtype: str, content: str) -> dict[str, Any]:
    """The parts of canonical content by DNSControl's names (``{"mxpreference": 10, "target":
    "mail.example.tld."}`` for MX), for ``print-ir`` and for providers that send data field by
    field. See :mod:`dnsframe.rtypes` for the names."""
    return get(rtype).fields(content)
