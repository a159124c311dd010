"""The data dnsframe works on: records, domains, provider references and the whole config.

Everything here is a frozen dataclass, built once by the DSL (:mod:`dnsframe.dsl`) or by a
provider that reads a zone, and never changed afterwards. Record data is kept in one canonical
form (see :mod:`dnsframe.rdata`), so two records are equal when they mean the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

#: Record metadata and provider metadata: free-form, read-only.
Metadata = Mapping[str, Any]

EMPTY_METADATA: Metadata = MappingProxyType({})


def freeze_metadata(meta: Mapping[str, Any] | None) -> Metadata:
    """A read-only copy of ``meta`` (the shared empty mapping when there is nothing)."""
    if not meta:
        return EMPTY_METADATA
    return MappingProxyType(dict(meta))


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where in the user's files something was written."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Record:
    """One resource record of a zone.

    ``name`` is relative to the zone: ``"@"`` for the apex, otherwise lowercase labels in ASCII
    (IDN labels in punycode) without the zone and without a trailing dot. ``content`` is the
    record data in canonical form (:func:`dnsframe.rdata.canonical`): presentation format with
    absolute, lowercase host names; for TXT the text itself, its chunks joined.

    Two records are equal when name, type, content and TTL are; metadata and source are not
    compared.
    """

    name: str
    type: str
    content: str
    ttl: int
    metadata: Metadata = field(default_factory=lambda: EMPTY_METADATA, compare=False)
    source: SourcePos | None = field(default=None, compare=False)

    def fqdn(self, zone: str) -> str:
        """The record's full name, without a trailing dot."""
        return zone if self.name == "@" else f"{self.name}.{zone}"


ProviderKind = Literal["dns", "registrar"]


@dataclass(frozen=True, slots=True)
class ProviderRef:
    """A ``NewDnsProvider(...)`` or ``NewRegistrar(...)``: a creds.json key, in one role.

    ``type`` is the provider type the config declared, or ``None`` when the config left it to
    creds.json's ``TYPE``.
    """

    name: str
    kind: ProviderKind
    type: str | None = None
    metadata: Metadata = field(default_factory=lambda: EMPTY_METADATA, compare=False)
    source: SourcePos | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        fn = "NewDnsProvider" if self.kind == "dns" else "NewRegistrar"
        return f"{fn}({self.name!r}{f', {self.type!r}' if self.type else ''})"


@dataclass(frozen=True, slots=True)
class DnsProviderUse:
    """``DnsProvider(ref, nsCount)`` inside ``D()``: ``ns_count`` -1 means all its nameservers."""

    provider: ProviderRef
    ns_count: int = -1


@dataclass(frozen=True, slots=True)
class Nameserver:
    """A ``NAMESERVER(name)``: an absolute host name without the trailing dot."""

    name: str
    source: SourcePos | None = field(default=None, compare=False)


IgnoreKind = Literal["IGNORE", "IGNORE_NAME", "IGNORE_TARGET"]


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """An ``IGNORE(labelSpec, typeSpec, targetSpec)``; ``IGNORE_NAME`` and ``IGNORE_TARGET`` are
    written as the same rule. The label and target specs are comma-separated lists of globs
    (commas inside ``{a,b}`` belong to the glob), the type spec a comma-separated list of types;
    ``"*"`` matches everything.
    """

    label: str = "*"
    types: str = "*"
    target: str = "*"
    kind: IgnoreKind = "IGNORE"
    source: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Safety:
    """``SAFETY(max_change=..., min_records=...)``: how much of a zone one push may delete or
    change before it stops and asks for ``--force``.

    ``max_change``: the share (0..1) of the zone's existing records that may be deleted or have
    their data changed (TTL-only changes do not count); ``min_records``: zones with fewer
    records than this are not limited, except that deleting every record of a non-empty zone
    is always stopped unless ``max_change`` is 1.
    """

    max_change: float = 0.33
    min_records: int = 10
    source: SourcePos | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Domain:
    """One ``D(...)``: the desired state of a zone and who hosts and registers it."""

    name: str
    """The zone in ASCII (punycode), lowercase, without trailing dot."""
    registrar: ProviderRef
    dns_providers: tuple[DnsProviderUse, ...] = ()
    records: tuple[Record, ...] = ()
    tag: str | None = None
    """The part after ``!`` in ``D("example.com!internal", ...)`` (split horizon)."""
    unicode_name: str = ""
    nameservers: tuple[Nameserver, ...] = ()
    nameserver_ttl: int | None = None
    ignores: tuple[IgnoreRule, ...] = ()
    ensure_absent: tuple[Record, ...] = ()
    no_purge: bool = False
    autodnssec: Literal["on", "off"] | None = None
    disable_ignore_safety_check: bool = False
    default_ttl: int = 300
    safety: Safety = field(default_factory=Safety)
    metadata: Metadata = field(default_factory=lambda: EMPTY_METADATA, compare=False)
    source: SourcePos | None = field(default=None, compare=False)

    @property
    def unique_name(self) -> str:
        """The name with its tag, as written in ``D()``: ``example.com!internal``."""
        return f"{self.name}!{self.tag}" if self.tag else self.name


@dataclass(frozen=True, slots=True)
class Config:
    """Everything ``dnsconfig.py`` declared, in the order it declared it."""

    file: str
    domains: tuple[Domain, ...] = ()
    registrars: tuple[ProviderRef, ...] = ()
    dns_providers: tuple[ProviderRef, ...] = ()
