"""Everything a provider plugin needs, from one place: the contract (:mod:`.base`), the change
types it receives and the corrections it returns (:mod:`dnsframe.changes`), the records and
domains (:mod:`dnsframe.model`), the errors, the ``register`` it is handed, and ``hookimpl``.

The built-in providers (BIND, NONE) live beside this module and use nothing else.
"""

from __future__ import annotations

from dnsframe.changes import Change, ChangeKind, Correction, LabelChange, RecordChange, ZoneChanges
from dnsframe.errors import CredsError, DnsframeError, PluginError, ProviderError
from dnsframe.hookspecs import hookimpl
from dnsframe.model import Domain, Record
from dnsframe.names import host, hosts
from dnsframe.providers.base import (
    BASIC_TYPES,
    Capabilities,
    DnsProvider,
    ExistingZone,
    RecordAuditor,
    RecordNormalizer,
    Registrar,
    Snapshot,
    UnmanagedReporter,
    UnmanagedRrset,
    ZoneLister,
    ZoneSnapshotter,
)
from dnsframe.providers.registry import ProviderRegistry, ProviderType, Register


def content_from_zone_file(rtype: str, text: str, zone: str) -> str:
    """A record's canonical content (what :attr:`Record.content` holds) from its data as a zone
    file writes it (``10 mail``, ``"chunk one" "chunk two"``), host names relative to ``zone``
    made absolute. Raises ``ValueError`` with a message for the user when the data is invalid.
    Most providers read their API's answers through this."""
    from dnsframe import rdata  # dnspython, loaded when first needed

    return rdata.from_presentation(rtype, text, zone)


def content_to_zone_file(rtype: str, content: str) -> str:
    """A record's canonical content as a zone file writes it (TXT as quoted chunks of at most
    255 bytes, host names absolute with their dot), for APIs that take zone-file data."""
    from dnsframe import rdata

    return rdata.to_presentation(rtype, content)


__all__ = [
    "BASIC_TYPES",
    "Capabilities",
    "Change",
    "ChangeKind",
    "Correction",
    "CredsError",
    "DnsProvider",
    "DnsframeError",
    "Domain",
    "ExistingZone",
    "LabelChange",
    "PluginError",
    "ProviderError",
    "ProviderRegistry",
    "ProviderType",
    "Record",
    "RecordAuditor",
    "RecordChange",
    "RecordNormalizer",
    "Register",
    "Registrar",
    "Snapshot",
    "UnmanagedReporter",
    "UnmanagedRrset",
    "ZoneChanges",
    "ZoneLister",
    "ZoneSnapshotter",
    "content_from_zone_file",
    "content_to_zone_file",
    "hookimpl",
    "host",
    "hosts",
]
