"""The provider contract (version 2): what a provider class is, receives and returns.

A plugin registers classes (see :mod:`dnsframe.hookspecs`); dnsframe creates one instance per
creds.json key of that type, as ``cls(name, settings, metadata)``:

- ``name``: the creds.json key (``"gandi"``), for messages and logger names;
- ``settings``: the creds.json entry without ``TYPE``, ``$VAR`` values already taken from the
  environment and validated against the type's creds schema;
- ``metadata``: the dict given as third argument of ``NewDnsProvider`` / ``NewRegistrar``.

A DNS provider implements :class:`DnsProvider`; a registrar :class:`Registrar`. What a provider
can do beyond that is a small protocol of its own (:class:`ZoneLister`, :class:`RecordAuditor`,
:class:`RecordNormalizer`, :class:`ZoneSnapshotter`, :class:`UnmanagedReporter`), checked when
the plugin registers: a missing required method, a capability declared but not implemented (or
the reverse), and a method name that is a near miss of one of the contract's
(``normalise_records``) are refused with the plugin's name.

Names: zones and host names at this contract are lowercase ASCII without the trailing dot
(``example.tld``, ``ns1.example.net``); see :mod:`dnsframe.names`. Records are
:class:`~dnsframe.model.Record`: names relative to the zone, content canonical.

Instances may be used from several threads at once when their capabilities say ``concurrent``.
Errors meant for the user are raised as :class:`dnsframe.errors.ProviderError` (a one-line
message that never contains a secret); anything else is reported as an internal error of the
plugin, with its traceback under ``--debug``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from dnsframe.changes import Correction, ZoneChanges
from dnsframe.model import Domain, Record

#: The record types most DNS hosts store; a provider declares its own set.
BASIC_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "NS", "TXT"})


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a provider type can do. dnsframe refuses anything else before it calls the provider.

    ``record_types``: every record type the provider can read and write.
    ``ds_at_apex`` / ``ds_on_children``: where DS records may be managed as records.
    ``autodnssec``: it can turn DNSSEC signing on and off (``AUTODNSSEC_ON``/``OFF``).
    ``list_zones``: it implements :class:`ZoneLister` (``get-zones``, ``check-creds``).
    ``concurrent``: one instance may serve several domains from several threads at once.
    ``apex_ns``: it stores the apex NS records as ordinary records (a zone file does); dnsframe
    then manages them from the domain's nameservers. Otherwise the apex NS belong to the
    provider and are neither compared nor written.
    ``views``: it keeps split-horizon views apart (``D("example.com!inside")`` and
    ``D("example.com!outside")`` at one provider, each its own zone): dnsframe then gives it the
    zone's name with its tag (``example.com!inside``) wherever it names the zone
    (:meth:`DnsProvider.get_zone`, the snapshots). Without it, two views of one zone at one
    provider are refused, since one would overwrite the other.
    ``delegation`` (registrars): it sets delegations. For a registrar that does not (NONE), the
    DNS providers' nameservers are read only if something else needs them (apex NS records).
    ``metadata_keys``: the record and domain metadata keys it reads (``cloudflare_proxy``, set by
    ``CF_PROXY_ON``, for a Cloudflare provider). A key of the config that it does not declare is
    one INFO line in preview and push: the provider ignores it.
    """

    record_types: frozenset[str] = BASIC_TYPES
    ds_at_apex: bool = False
    ds_on_children: bool = False
    autodnssec: bool = False
    list_zones: bool = False
    concurrent: bool = False
    apex_ns: bool = False
    views: bool = False
    delegation: bool = True
    metadata_keys: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_types": sorted(self.record_types),
            "ds_at_apex": self.ds_at_apex,
            "ds_on_children": self.ds_on_children,
            "autodnssec": self.autodnssec,
            "list_zones": self.list_zones,
            "concurrent": self.concurrent,
            "apex_ns": self.apex_ns,
            "views": self.views,
            "delegation": self.delegation,
            "metadata_keys": sorted(self.metadata_keys),
        }


@dataclass(frozen=True, slots=True)
class ExistingZone:
    """A zone as a DNS provider read it.

    ``records``: every record of the zone that dnsframe manages, in canonical form. ``state``:
    anything the provider wants back when it makes the corrections (the parsed API answer, the
    file it read, the spelling of names); dnsframe never looks at it and hands it back
    untouched, so a provider keeps nothing on its instance between calls.
    """

    records: tuple[Record, ...] = ()
    state: Any = None

    def __post_init__(self) -> None:
        if not isinstance(self.records, tuple):
            object.__setattr__(self, "records", tuple(self.records))


@runtime_checkable
class DnsProvider(Protocol):
    """A DNS host: it reads zones and turns changes into corrections."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        """Called once per creds.json key (and role, when the ``NewDnsProvider`` and
        ``NewRegistrar`` declarations of the key give different metadata), when a command first
        needs the provider: after the config is validated and the creds.json entry checked
        against the type's schema. Keep the settings; do not contact the service here
        (``check`` and ``print-ir`` never create providers). Raise ``ProviderError`` for bad
        settings or metadata."""

    def get_zone(self, zone: str) -> ExistingZone:
        """Called once per domain and run by ``preview`` and ``push`` (and by ``get-zones``),
        with the zone's name (with the view's tag, ``example.com!inside``, for a provider
        whose capabilities say ``views``); not for a provider that ``--providers`` leaves out,
        and not when reading the domain's nameservers failed. Return an :class:`ExistingZone`:
        every record that dnsframe manages, and the provider's own ``state``. Records the provider
        owns itself (SOA, its apex NS unless ``apex_ns``) may be included or left out: dnsframe
        ignores its apex NS unless the capabilities say ``apex_ns``. A zone that does not exist
        yet reads as empty. Read only: change nothing."""
        ...

    def get_nameservers(self, zone: str) -> Sequence[str]:
        """Called once per domain and run, before :meth:`get_zone`, for domains whose
        ``DnsProvider(p, nsCount)`` asks for this provider's nameservers (nsCount is not 0).
        Return the host names that serve ``zone`` here, in the contract's form (lowercase,
        without the trailing dot); an empty list when the provider has none to give."""
        ...

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        """Called once per domain and run, after the diff, with the :class:`Domain` (its
        settings: AUTODNSSEC, metadata, ...), the :class:`ExistingZone` this provider returned
        from :meth:`get_zone` (its ``state`` untouched) and the ``changes`` that turn it into
        the desired zone. Called also when ``changes`` is empty (falsy): return no correction
        then, unless there is something to say (an ``INFO``) or a setting to change (DNSSEC).

        Return the corrections, one per API call or atomic group of calls, in the order they
        must run; each message is the changes' own lines (``Correction(change.lines(zone),
        apply)``); ``apply=None`` makes an ``INFO`` line. Change nothing here: ``push`` runs
        the corrections later, in this order, and ``preview`` only shows them.
        """
        ...


@runtime_checkable
class Registrar(Protocol):
    """A registrar: it sets the nameservers that a domain is delegated to."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        """Called once per creds.json key, when a command first needs the registrar. Keep the
        settings; do not contact the service here."""

    def get_registrar_corrections(
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        """Called once per domain and run, after the domain's DNS providers (those that
        ``--providers`` keeps) made their corrections without error, when the domain has
        nameservers to delegate to and ``--providers`` keeps the registrar; with the
        :class:`Domain` and those nameservers (in the contract's form: the ``NAMESERVER()``s,
        then each DNS provider's, in the config's order, without duplicates). Return at most one
        correction that sets exactly that list, or none when the registrar already has it.
        Change nothing here; ``push`` applies the correction after the zone's."""
        ...


@runtime_checkable
class ZoneLister(Protocol):
    """Optional, for DNS providers whose capabilities say ``list_zones``."""

    def list_zones(self) -> Sequence[str]:
        """Called by ``get-zones`` (for ``all`` and to check the zones named) and by
        ``check-creds``. Return every zone this account can manage, in the contract's form."""
        ...


@runtime_checkable
class RecordAuditor(Protocol):
    """Optional: rules of the provider's own about a domain, checked before anything is read."""

    def audit_records(self, domain: Domain) -> Sequence[tuple[Record | None, str]]:
        """Called once per domain by ``preview`` and ``push``, after dnsframe's own checks
        and before any zone is read, with the :class:`Domain` as the config describes it.
        Return one ``(record, problem)`` pair per problem (``record`` None for a problem of the
        whole domain); the problem is a sentence without the place, which dnsframe adds. Every
        problem of every domain is reported at once and nothing is read or written."""
        ...


@runtime_checkable
class RecordNormalizer(Protocol):
    """Optional: the desired records as the provider will store them."""

    def normalize_records(
        self, domain: Domain, records: Sequence[Record]
    ) -> tuple[Sequence[Record], Sequence[str]]:
        """Called once per domain and run, before the diff, with the :class:`Domain` and its
        desired records. Return ``(records, warnings)``: the records as this provider will
        store them (a TTL clamped into its range, say), so that the diff compares like with
        like, and one sentence per change made, shown as a ``WARNING`` line."""
        ...


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A saved copy of a zone at a provider: its ``id`` (what ``snapshots restore`` takes), a
    ``name``, when it was made (``created``, ISO 8601, UTC) and whether the provider made it on
    its own (``automatic``) rather than at a request."""

    id: str
    name: str
    created: str
    automatic: bool = False


@runtime_checkable
class ZoneSnapshotter(Protocol):
    """Optional: the provider keeps copies of a zone that a push can be undone from."""

    def take_snapshot(self, zone: str, name: str) -> Snapshot | None:
        """Called by ``push`` once per domain, right before the first correction of this
        provider is applied (never by ``preview``), with the zone and a name that says which
        run took it (``dnsframe push 2026-12-01T20:40:00Z``). Save the zone as it is now and
        return the :class:`Snapshot`, or None when there is nothing to save (the zone does not
        exist yet) or snapshots are turned off for this creds key. An exception stops the
        domain before anything is written."""
        ...

    def list_snapshots(self, zone: str) -> Sequence[Snapshot]:
        """Called by ``dnsframe snapshots list`` and ``snapshots restore``. Return the zone's
        snapshots at this provider, oldest first."""
        ...

    def snapshot_records(self, zone: str, snapshot_id: str) -> Sequence[Record]:
        """Called by ``dnsframe snapshots restore`` with a snapshot's id. Return its records
        as :meth:`DnsProvider.get_zone` would read them (canonical, the same types left out);
        raise ``ProviderError`` naming the id when there is no such snapshot."""
        ...


@dataclass(frozen=True, slots=True)
class UnmanagedRrset:
    """An rrset a zone has that :meth:`DnsProvider.get_zone` leaves out of its records: the SOA,
    the apex NS the provider owns, or one of a type dnsframe does not manage. ``name`` is
    relative to the zone (``@`` for the apex), ``type`` as the DNS names it (``HINFO``), and
    each of ``values`` is the data of one record as a zone file writes it (``"PC" "Linux"``)."""

    name: str
    type: str
    ttl: int
    values: tuple[str, ...]


@runtime_checkable
class UnmanagedReporter(Protocol):
    """Optional: the provider can say what a zone holds beyond the records dnsframe manages."""

    def unmanaged_rrsets(self, zone: str, existing: ExistingZone) -> Sequence[UnmanagedRrset]:
        """Called by ``get-zones`` once per zone, right after :meth:`DnsProvider.get_zone`, with
        the zone and the :class:`ExistingZone` that call returned (its ``state`` untouched).
        Return every rrset of the zone that is not among ``existing.records`` (the SOA, apex NS
        left out of the records, rrsets of types dnsframe does not manage) as
        :class:`UnmanagedRrset`; ``get-zones`` shows them as comments in the config drafts and
        as records in zone files, so that nothing in the zone goes unseen. Read them from
        ``existing.state`` where it has them, rather than asking the service again."""
        ...


#: The optional protocols, by the name of their method and the capability flag that declares
#: them (None: nothing to declare, implementing the method is enough).
OPTIONAL_PROTOCOLS: Mapping[str, tuple[type, str | None]] = {
    "list_zones": (ZoneLister, "list_zones"),
    "audit_records": (RecordAuditor, None),
    "normalize_records": (RecordNormalizer, None),
    "take_snapshot": (ZoneSnapshotter, None),
    "list_snapshots": (ZoneSnapshotter, None),
    "snapshot_records": (ZoneSnapshotter, None),
    "unmanaged_rrsets": (UnmanagedReporter, None),
}

#: The methods each role requires.
REQUIRED_METHODS: Mapping[str, tuple[str, ...]] = {
    "dns": ("get_zone", "get_nameservers", "get_zone_corrections"),
    "registrar": ("get_registrar_corrections",),
}

#: Methods of the first contract, and what took their place.
RENAMED_METHODS: Mapping[str, str] = {"get_zone_records": "get_zone"}
