"""dnsframe-files: the DNS provider type FILES, each zone a JSON file ``<directory>/<zone>.json``.

A small but complete provider, as a third party would write one against dnsframe's provider
contract: it reads a zone with its own state (the file's revision), writes one rrset per
correction, refuses a stale write, lists its zones and normalises TTLs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dnsframe import hookimpl
from dnsframe.providers import (
    Capabilities,
    Change,
    Correction,
    Domain,
    ExistingZone,
    ProviderError,
    Record,
    Register,
    ZoneChanges,
)

TYPES = frozenset({"A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"})
MIN_TTL = 60


class FilesProvider:
    """Zones as JSON files; the file's revision is the state handed back with the zone."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self.directory = Path(settings["directory"])

    def _path(self, zone: str) -> Path:
        return self.directory / f"{zone}.json"

    def _load(self, zone: str) -> dict[str, Any]:
        path = self._path(zone)
        if not path.exists():
            return {"revision": 0, "records": []}
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def get_zone(self, zone: str) -> ExistingZone:
        data = self._load(zone)
        records = tuple(
            Record(r["name"], r["type"], r["content"], r["ttl"]) for r in data["records"]
        )
        return ExistingZone(records, state=data["revision"])

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return []

    def list_zones(self) -> Sequence[str]:
        return sorted(p.name[: -len(".json")] for p in self.directory.glob("*.json"))

    def normalize_records(
        self, domain: Domain, records: Sequence[Record]
    ) -> tuple[Sequence[Record], Sequence[str]]:
        out, warnings = [], []
        for r in records:
            if r.ttl < MIN_TTL:
                warnings.append(f"{r.type} {r.fqdn(domain.name)}: TTL {r.ttl} raised to {MIN_TTL}")
                r = Record(r.name, r.type, r.content, MIN_TTL, r.metadata, r.source)
            out.append(r)
        return out, warnings

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        zone, revision = domain.name, existing.state
        return [
            Correction(change.lines(zone), self._writer(zone, revision, change))
            for change in changes.by_rrset
        ]

    def _writer(self, zone: str, read_at: int, change: Change) -> Any:
        def write() -> None:
            data = self._load(zone)
            if data["revision"] < read_at:
                raise ProviderError(f"{self._path(zone)} went back in time; read it again")
            kept = [
                r for r in data["records"] if (r["name"], r["type"]) != (change.name, change.type)
            ]
            new = [
                {"name": r.name, "type": r.type, "content": r.content, "ttl": r.ttl}
                for r in change.new
            ]
            data = {"revision": data["revision"] + 1, "records": kept + new}
            self.directory.mkdir(parents=True, exist_ok=True)
            self._path(zone).write_text(json.dumps(data, indent=1), encoding="utf-8")

        return write


@hookimpl
def register_dns_providers(register: Register) -> None:
    register(
        "FILES",
        FilesProvider,
        capabilities=Capabilities(record_types=TYPES, list_zones=True),
        creds_schema={
            "type": "object",
            "properties": {"directory": {"type": "string", "minLength": 1}},
            "required": ["directory"],
            "additionalProperties": False,
        },
        docs="Zones as JSON files in a folder.",
    )
