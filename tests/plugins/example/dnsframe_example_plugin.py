"""dnsframe-example-plugin: the DNS provider and registrar type EXAMPLE, for tests.

It contacts nothing: ``list_zones`` returns the zones its creds.json entry names, everything
else is empty. Its creds entry has a secret ``token`` (required) and an optional ``zones`` list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe import hookimpl
from dnsframe.providers import Capabilities, ExistingZone

DOCS = "Test plugin: lists the zones its creds entry names and changes nothing."

CREDS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "token": {"type": "string", "minLength": 1, "secret": True},
        "zones": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["token"],
    "additionalProperties": False,
}


class ExampleProvider:
    """DNS provider and registrar whose account holds the zones named in its settings."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self._token = settings["token"]
        self._zones = list(settings.get("zones", []))

    def get_zone(self, zone: str) -> ExistingZone:
        return ExistingZone()

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return []

    def list_zones(self) -> Sequence[str]:
        return list(self._zones)

    def get_zone_corrections(self, domain: Any, existing: Any, changes: Any) -> Sequence[Any]:
        return []

    def get_registrar_corrections(self, domain: Any, nameservers: Sequence[str]) -> Sequence[Any]:
        return []


@hookimpl
def register_dns_providers(register: Any) -> None:
    register(
        "EXAMPLE",
        ExampleProvider,
        capabilities=Capabilities(list_zones=True),
        creds_schema=CREDS_SCHEMA,
        docs=DOCS,
    )


@hookimpl
def register_registrars(register: Any) -> None:
    register("EXAMPLE", ExampleProvider, creds_schema=CREDS_SCHEMA, docs=DOCS)
