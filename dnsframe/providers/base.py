"""The protocols that provider classes implement, and the capabilities they declare.

A plugin registers classes (see :mod:`dnsframe.hookspecs`); dnsframe creates one instance per
creds.json key of that type, as ``cls(name, settings, metadata)``:

- ``name``: the creds.json key (``"gandi"``), for messages and logger names;
- ``settings``: the creds.json entry without ``TYPE``, ``$VAR`` values already taken from the
  environment and validated against the type's creds schema;
- ``metadata``: the dict given as third argument of ``NewDnsProvider`` / ``NewRegistrar``.

Instances may be used from several threads at once when their capabilities say ``concurrent``.
Errors meant for the user are raised as :class:`dnsframe.errors.ProviderError` and must never
contain a secret.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from dnsframe.model import Correction, Record

if TYPE_CHECKING:
    from dnsframe.diff import ZoneChanges

#: The record types most DNS hosts store; a provider declares its own set.
BASIC_TYPES = frozenset({"A", "AAAA", "CNAME", "MX", "NS", "TXT"})


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a provider type can do. dnsframe refuses anything else before it calls the provider.

    ``record_types``: every record type the provider can read and write.
    ``ds_at_apex`` / ``ds_on_children``: where DS records may be managed as records.
    ``autodnssec``: it can turn DNSSEC signing on and off (``AUTODNSSEC_ON``/``OFF``).
    ``list_zones``: it implements :meth:`DnsProvider.list_zones` (``get-zones``, ``check-creds``).
    ``concurrent``: one instance may serve several domains from several threads at once.
    ``apex_ns``: it stores the apex NS records as ordinary records (a zone file does); dnsframe
    then manages them from the domain's nameservers. Otherwise the apex NS belong to the
    provider and are neither read nor written.
    """

    record_types: frozenset[str] = BASIC_TYPES
    ds_at_apex: bool = False
    ds_on_children: bool = False
    autodnssec: bool = False
    list_zones: bool = False
    concurrent: bool = False
    apex_ns: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_types": sorted(self.record_types),
            "ds_at_apex": self.ds_at_apex,
            "ds_on_children": self.ds_on_children,
            "autodnssec": self.autodnssec,
            "list_zones": self.list_zones,
            "concurrent": self.concurrent,
            "apex_ns": self.apex_ns,
        }


@runtime_checkable
class DnsProvider(Protocol):
    """A DNS host: it reads zones and turns changes into corrections."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        """Keep the settings; do not contact the service here (``check`` must work offline)."""

    def get_zone_records(self, zone: str) -> Sequence[Record]:
        """Every record of ``zone`` that dnsframe manages, in canonical form.

        ``zone`` is the ASCII name without trailing dot. Records the provider owns itself (SOA,
        its own apex NS) are left out. A zone that does not exist yet reads as empty.
        """
        ...

    def get_nameservers(self, zone: str) -> Sequence[str]:
        """The host names (without trailing dot) that serve ``zone`` at this provider."""
        ...

    def list_zones(self) -> Sequence[str]:
        """Every zone this account can manage; only when ``capabilities.list_zones``."""
        ...

    def get_zone_corrections(self, zone: str, changes: ZoneChanges) -> Sequence[Correction]:
        """The calls that turn the zone into the desired one, described by ``changes``.

        ``changes`` offers the changes by rrset (in a safe order: deletions, modifications,
        creations), by record, by label, and the whole desired zone (records kept by IGNORE*
        and NO_PURGE included), and the domain's AUTODNSSEC_ON or AUTODNSSEC_OFF
        (``changes.autodnssec``). It is called for every zone that was read, also when
        ``changes`` is empty (falsy): return no correction then, unless there is something to
        say (an ``INFO``) or DNSSEC to set. Must not change anything itself: the
        corrections are applied later, in the order returned, by ``push``, and only shown by
        ``preview``. Return one correction per API call (or per atomic group of calls) whose
        message uses :func:`dnsframe.diff.describe` for the changes it applies; a correction
        with ``apply=None`` is an ``INFO`` line.

        Optionally, a provider may define ``audit_records(domain)`` returning a list of
        ``(record or None, problem)`` pairs: rules of its own about a :class:`Domain`, checked
        before anything is read;
        and ``normalize_records(zone, records)`` returning ``(records, warnings)``: the desired
        records as the provider will store them (a TTL clamped into its range, say), so that
        the diff compares like with like; each warning is shown as an INFO line.
        """
        ...


@runtime_checkable
class Registrar(Protocol):
    """A registrar: it sets the nameservers that a domain is delegated to."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        """Keep the settings; do not contact the service here."""

    def get_registrar_corrections(
        self, domain: str, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        """At most one correction that delegates ``domain`` to ``nameservers`` (absolute host
        names without trailing dot), or none when the registrar already has exactly that list.
        """
        ...
