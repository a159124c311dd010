"""dnsframe-example-clash: registers the DNS provider type EXAMPLE, which
dnsframe-example-plugin registers as well, for tests."""

from __future__ import annotations

from typing import Any

from dnsframe import hookimpl


class ClashProvider:
    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name


@hookimpl
def register_dns_providers(register: Any) -> None:
    register("EXAMPLE", ClashProvider, docs="Test plugin: a second EXAMPLE.")
