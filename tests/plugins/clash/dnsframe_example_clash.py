"""dnsframe-example-clash: registers the DNS provider type EXAMPLE, which
dnsframe-example-plugin registers as well, for tests."""

from __future__ import annotations

from typing import Any

from dnsframe import hookimpl


class ClashProvider:
    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name

    def get_zone(self, zone: str) -> Any:
        raise NotImplementedError

    def get_nameservers(self, zone: str) -> list[str]:
        return []

    def get_zone_corrections(self, domain: Any, existing: Any, changes: Any) -> list[Any]:
        return []


@hookimpl
def register_dns_providers(register: Any) -> None:
    register("EXAMPLE", ClashProvider, docs="Test plugin: a second EXAMPLE.")
