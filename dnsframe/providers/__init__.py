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
    ZoneLister,
)
from dnsframe.providers.registry import ProviderRegistry, ProviderType, Register

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
    "ZoneChanges",
    "ZoneLister",
    "hookimpl",
    "host",
    "hosts",
]
