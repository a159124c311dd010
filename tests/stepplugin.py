"""Providers for engine tests, registered in-process through the hooks.

STEP: an in-memory DNS provider whose zones live in module state, that writes one record per
correction, and that can be told to fail on its Nth correction. STEPREG: an in-memory registrar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe import hookimpl
from dnsframe.providers import (
    Capabilities,
    Correction,
    Domain,
    ExistingZone,
    ProviderError,
    Record,
    Register,
    ZoneChanges,
)

ZONES: dict[str, list[Record]] = {}
#: How many threads were inside the provider at once, at most (STEP is not concurrent-safe).
PEAK = {"inside": 0, "max": 0}
DELEGATIONS: dict[str, list[str]] = {}
CALLS: list[str] = []
_lock = threading.Lock()

SCHEMA = {
    "type": "object",
    "properties": {
        "fail_on": {"type": "integer"},
        "nameservers": {"type": "array"},
        "bug_in": {"enum": ["get_zone", "apply"]},
    },
    "additionalProperties": False,
}


def reset() -> None:
    PEAK.update(inside=0, max=0)
    ZONES.clear()
    DELEGATIONS.clear()
    CALLS.clear()


class StepProvider:
    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self.fail_on = int(settings.get("fail_on", 0))
        self.nameservers = list(
            settings.get("nameservers", ["ns1.step.example.", "ns2.step.example."])
        )
        self.applied = 0
        self.bug_in = settings.get("bug_in")

    def get_zone(self, zone: str) -> ExistingZone:
        if self.bug_in == "get_zone":
            self._no_such_helper()  # type: ignore[attr-defined]
        with _lock:
            PEAK["inside"] += 1
            PEAK["max"] = max(PEAK["max"], PEAK["inside"])
        time.sleep(0.002)
        with _lock:
            PEAK["inside"] -= 1
            CALLS.append(f"read {zone}")
            return ExistingZone(tuple(ZONES.get(zone, [])))

    def audit_records(self, domain: Domain) -> list[tuple[Record | None, str]]:
        """STEP refuses TXT records longer than 20 characters (a rule of its own)."""
        return [
            (r, f"TXT {r.fqdn(domain.name)} is longer than 20 characters")
            for r in domain.records
            if r.type == "TXT" and len(r.content) > 20
        ]

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return self.nameservers

    def list_zones(self) -> Sequence[str]:
        return sorted(ZONES)

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        zone = domain.name
        corrections = []
        for change in changes.by_rrset:

            def apply(change: Any = change) -> None:
                self.applied += 1
                if self.bug_in == "apply":
                    raise AttributeError("'NoneType' object has no attribute 'items'")
                if self.applied == self.fail_on:
                    raise ProviderError(f"the service refused {change.name} {change.type}")
                with _lock:
                    CALLS.append(f"write {zone} {change.kind} {change.name} {change.type}")
                    rest = [
                        r
                        for r in ZONES.get(zone, [])
                        if (r.name, r.type) != (change.name, change.type)
                    ]
                    ZONES[zone] = rest + list(change.new)

            corrections.append(Correction(change.lines(zone), apply))
        return corrections

    def get_registrar_corrections(
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        name = domain.name
        current = DELEGATIONS.get(name, [])
        if sorted(current) == sorted(nameservers):
            return []

        def apply() -> None:
            with _lock:
                CALLS.append(f"delegate {name}")
                DELEGATIONS[name] = list(nameservers)

        return [
            Correction(
                f"± MODIFY nameservers of {name}: {', '.join(current) or 'none'} -> {', '.join(nameservers)}",
                apply,
            )
        ]


@hookimpl
def register_dns_providers(register: Register) -> None:
    register(
        "STEP",
        StepProvider,
        capabilities=Capabilities(
            record_types=frozenset({"A", "AAAA", "CNAME", "MX", "TXT", "NS"}),
            list_zones=True,
            metadata_keys=frozenset({"step_weight"}),
        ),
        creds_schema=SCHEMA,
    )


@hookimpl
def register_registrars(register: Register) -> None:
    register("STEP", StepProvider, creds_schema=SCHEMA)
