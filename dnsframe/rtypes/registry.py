"""The record type: everything dnsframe knows about one type, and the registry of them all."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dnsframe.rtypes.data import RdataError, canonical_dnspython

#: The DSL's arguments after the record name, and the bare modifiers among them
#: (``"CAA_CRITICAL"``), to the data's presentation text. Raises ``ValueError``.
Parse = Callable[[Sequence[Any], frozenset[str]], str]


def _nothing(content: str) -> tuple[str, ...]:
    return ()


def _identity(content: str) -> str:
    return content


@dataclass(frozen=True, slots=True)
class RecordType:
    """One record type.

    ``fields`` gives the typed parts of canonical content, named as DNSControl names them (see
    :mod:`dnsframe.rtypes`), in the order of the DSL function's parameters; unless ``arguments``
    says otherwise, their values are the arguments ``get-zones`` writes after the name.
    """

    name: str
    #: The DSL function's parameters after the record name, in DNSControl's words.
    params: tuple[str, ...]
    #: The DSL function's docstring.
    doc: str
    #: The arguments after the name of an example record, for the documentation and the tests.
    example: tuple[Any, ...]
    #: The DSL's arguments to presentation text (what :func:`canonical` then reads).
    parse: Parse
    #: Canonical content to its IR fields.
    fields: Callable[[str], dict[str, Any]]
    #: Canonical content to the DSL arguments after the name; default: the fields' values.
    arguments: Callable[[str], tuple[Any, ...]] | None = None
    #: Canonical content to the bare modifiers ``get-zones`` writes (``CAA_CRITICAL``).
    modifiers: Callable[[str], tuple[str, ...]] = _nothing
    #: Canonical content to the string an IGNORE target pattern is matched against.
    target: Callable[[str], str] = _identity
    #: Whether the data is one host name (CNAME, NS, ...).
    hostname: bool = False
    #: A fast canonical form of plain presentation text, or None to leave it to dnspython.
    fast: Callable[[str, str], str | None] | None = None
    #: The canonical form when it is not dnspython's (TXT, ALIAS): text and zone to content.
    canonicalize: Callable[[str, str], str] | None = None
    #: Presentation text as providers read it to canonical content, when it differs from
    #: :meth:`canonical` (TXT: quoted chunks).
    read: Callable[[str, str], str] | None = None
    #: Canonical content to presentation text (TXT: quoted 255-byte chunks).
    present: Callable[[str], str] = _identity
    #: Canonical content as shown to a user in previews and errors.
    show: Callable[[str], str] = _identity
    #: Whether ``parse`` gives canonical content already (A: the address as dnspython writes
    #: it), so that :meth:`from_arguments` need not read it again.
    parsed_canonical: bool = False

    def canonical(self, text: str, zone: str) -> str:
        """The canonical content of presentation ``text``; relative names are in ``zone``."""
        if self.canonicalize is not None:
            return self.canonicalize(text, zone)
        if self.fast is not None:
            result = self.fast(text.strip(), zone)
            if result is not None:
                return result
        return canonical_dnspython(self.name, text, zone)

    def from_arguments(self, values: Sequence[Any], flags: frozenset[str], zone: str) -> str:
        """The canonical content of the DSL's arguments after the name; relative names are in
        ``zone``. Raises ValueError or :class:`RdataError`."""
        text = self.parse(values, flags)
        return text if self.parsed_canonical else self.canonical(text, zone)

    def dsl_arguments(self, content: str) -> tuple[Any, ...]:
        """The DSL arguments after the name that declare ``content``."""
        if self.arguments is not None:
            return self.arguments(content)
        return tuple(self.fields(content).values())


_TYPES: dict[str, RecordType] = {}

#: Every registered type by name.
TYPES: Mapping[str, RecordType] = _TYPES


def register(*types: RecordType) -> None:
    """Add ``types`` to the registry; a name registered twice is a programming error."""
    for rtype in types:
        if rtype.name in _TYPES:
            raise ValueError(f"record type {rtype.name} is registered twice")
        _TYPES[rtype.name] = rtype


def get(name: str) -> RecordType:
    """The type called ``name``. Raises :class:`RdataError` for a type dnsframe lacks."""
    try:
        return _TYPES[name]
    except KeyError:
        raise RdataError(f"record type {name} is not supported") from None
