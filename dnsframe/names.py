"""Names at the provider contract, the order of labels, and values quoted as Python literals.

The convention, everywhere a zone or host name crosses the provider contract (a zone given to a
provider, the nameservers it reports, the nameservers given to a registrar): **lowercase ASCII
(punycode) without the trailing dot**, ``example.tld``, ``ns1.example.net``. Record *content*
is different: host names inside record data are absolute, with their dot, as
:mod:`dnsframe.rdata` canonicalises them (``mail.example.tld.``). Record *names* are relative to
the zone, ``"@"`` for the apex.
"""

from __future__ import annotations

import json
from collections.abc import Iterable


def host(name: str) -> str:
    """``name`` in the contract's form: lowercase, without the trailing dot."""
    return name.rstrip(".").lower()


def hosts(names: Iterable[str]) -> list[str]:
    """Each of ``names`` in the contract's form, duplicates dropped, order kept."""
    return list(dict.fromkeys(host(n) for n in names))


def label_sort_key(name: str) -> tuple[int, tuple[str, ...]]:
    """The order in which labels are shown and written: the apex first, then by labels read
    from the right (``b.a`` after ``a``, ``z.a`` before ``b``), as zone files list them."""
    return (0, ()) if name == "@" else (1, tuple(reversed(name.split("."))))


def py_literal(value: object) -> str:
    """``value`` as a user writes it in ``dnsconfig.py``: strings in double quotes (non-ASCII kept
    as it is), anything else as its ``repr``."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)
