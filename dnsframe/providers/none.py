"""The NONE provider: a registrar and DNS provider that does nothing.

As a registrar it is for domains whose delegation is managed elsewhere; as a DNS provider every
zone reads as empty and no correction is ever proposed, as DNSControl's NONE does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe.providers import (
    Capabilities,
    Correction,
    Domain,
    ExistingZone,
    Register,
    ZoneChanges,
    hookimpl,
)
from dnsframe.rdata import SUPPORTED_TYPES

DOCS = "Does nothing: zones read as empty, nothing is ever changed. For unmanaged registrars."
CAPABILITIES = Capabilities(
    record_types=SUPPORTED_TYPES,
    ds_at_apex=True,
    ds_on_children=True,
    autodnssec=True,
    list_zones=True,
    concurrent=True,
)


class NoneProvider:
    """Registrar and DNS provider that reads nothing and writes nothing."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name

    def get_zone(self, zone: str) -> ExistingZone:
        return ExistingZone()

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return []

    def list_zones(self) -> Sequence[str]:
        return []

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        return []

    def get_registrar_corrections(
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        return []


@hookimpl
def register_dns_providers(register: Register) -> None:
    register("NONE", NoneProvider, capabilities=CAPABILITIES, docs=DOCS)


@hookimpl
def register_registrars(register: Register) -> None:
    register("NONE", NoneProvider, capabilities=Capabilities(delegation=False), docs=DOCS)
