"""A provider plugin for tests, registered in-process: type FAKE, with a secret token."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe import hookimpl
from dnsframe.providers import (
    Capabilities,
    Correction,
    Domain,
    ExistingZone,
    ProviderError,
    Register,
    ZoneChanges,
)

SCHEMA = {
    "type": "object",
    "properties": {
        "token": {"type": "string", "minLength": 4, "secret": True},
        "zones": {"type": "array", "items": {"type": "string"}},
        "timeout": {"type": "number", "minimum": 1},
        "mode": {"enum": ["fast", "slow"]},
        "fail": {"type": "boolean"},
        "fail_push": {"type": "boolean"},
    },
    "required": ["token"],
    "additionalProperties": False,
}

log = logging.getLogger("dnsframe.fake")


class FakeProvider:
    """Lists the zones its creds entry names; fails on purpose when told to."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self.settings = dict(settings)
        log.debug("creating %s with %s", name, self.settings)
        if self.settings.get("fail"):
            raise RuntimeError(f"could not log in with token {self.settings['token']}")

    def get_zone(self, zone: str) -> ExistingZone:
        return ExistingZone()

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return []

    def list_zones(self) -> Sequence[str]:
        if self.settings.get("mode") == "slow":
            raise ProviderError(f"listing failed for token {self.settings['token']}")
        return list(self.settings.get("zones", []))

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        if not changes:
            return []
        token = self.settings["token"]

        def apply() -> None:
            if self.settings.get("fail_push"):
                try:
                    raise ValueError(f"inner failure with {token}")
                except ValueError as exc:
                    raise RuntimeError(f"push refused for token {token}") from exc

        return [Correction(changes.lines(), apply)]

    def get_registrar_corrections(
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        return []


@hookimpl
def register_dns_providers(register: Register) -> None:
    register(
        "FAKE",
        FakeProvider,
        capabilities=Capabilities(list_zones=True),
        creds_schema=SCHEMA,
        docs="For tests.",
    )


@hookimpl
def register_registrars(register: Register) -> None:
    register("FAKE", FakeProvider, creds_schema=SCHEMA, docs="For tests.")
