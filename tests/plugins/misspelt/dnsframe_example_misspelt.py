"""dnsframe-example-misspelt: normalise_records is British for the contract's normalize_records."""

from __future__ import annotations

from typing import Any

from dnsframe import hookimpl
from dnsframe.providers import ExistingZone


class MisspeltProvider:
    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name

    def get_zone(self, zone: str) -> ExistingZone:
        return ExistingZone()

    def get_nameservers(self, zone: str) -> list[str]:
        return []

    def get_zone_corrections(self, domain: Any, existing: Any, changes: Any) -> list[Any]:
        return []

    def normalise_records(self, domain: Any, records: Any) -> Any:
        return records, []


@hookimpl
def register_dns_providers(register: Any) -> None:
    register("MISSPELT", MisspeltProvider, docs="Never registered: a misspelt method.")
