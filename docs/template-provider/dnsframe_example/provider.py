"""The EXAMPLE provider: every zone is a JSON file ``<directory>/<zone>.json``::

    {"serial": 3, "records": [{"name": "www", "type": "A", "ttl": 300, "data": "192.0.2.1"}]}

It stands for a real service's API: ``data`` is in zone-file form (what most APIs take), so the
provider converts to and from dnsframe's canonical form at its edge, and the ``serial`` is the
version a write must still find (as an API's ETag would be).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dnsframe.providers import (
    Change,
    Correction,
    Domain,
    ExistingZone,
    ProviderError,
    Record,
    ZoneChanges,
    content_from_zone_file,
    content_to_zone_file,
)

RECORD_TYPES = frozenset({"A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"})


class ExampleProvider:
    """Reads and writes the zone files of one folder (the creds entry's ``directory``)."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        # No I/O here: `dnsframe check` creates providers and must work offline.
        self.name = name
        self.directory = Path(settings["directory"])

    # Reading.

    def get_zone(self, zone: str) -> ExistingZone:
        data = self._read(zone)
        try:
            records = tuple(
                Record(
                    item["name"],  # relative to the zone, "@" for the apex
                    item["type"],
                    content_from_zone_file(item["type"], item["data"], zone),
                    item["ttl"],
                )
                for item in data["records"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ProviderError(f"{self._path(zone)}: a record is invalid ({exc})") from exc
        # The state comes back to get_zone_corrections untouched: the serial read here.
        return ExistingZone(records, state=data["serial"])

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return []  # a folder serves nothing; a real service returns its name servers

    def list_zones(self) -> Sequence[str]:  # because capabilities say list_zones=True
        return sorted(path.stem for path in self.directory.glob("*.json"))

    # Writing.

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        # One correction per rrset, applied in order; each says what it does in dnsframe's
        # words (change.lines) and expects the serial the one before it left.
        serial: int = existing.state  # the state get_zone returned
        return [
            Correction(change.lines(domain.name), self._writer(domain.name, change, serial + n))
            for n, change in enumerate(changes.by_rrset)
        ]

    def _writer(self, zone: str, change: Change, serial: int) -> Callable[[], None]:
        def write() -> None:
            data = self._read(zone)
            if data["serial"] != serial:
                raise ProviderError(
                    f"{self._path(zone)} changed since it was read (serial {serial}, now "
                    f"{data['serial']}); run preview again"
                )
            kept = [
                item
                for item in data["records"]
                if (item["name"], item["type"]) != (change.name, change.type)
            ]
            new = [
                {
                    "name": r.name,
                    "type": r.type,
                    "ttl": r.ttl,
                    "data": content_to_zone_file(r.type, r.content),
                }
                for r in change.new
            ]
            self._write(zone, {"serial": serial + 1, "records": kept + new})

        return write

    # The files.

    def _path(self, zone: str) -> Path:
        return self.directory / f"{zone}.json"

    def _read(self, zone: str) -> dict[str, Any]:
        path = self._path(zone)
        if not path.exists():
            return {"serial": 0, "records": []}  # a zone not written yet is empty
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ProviderError(f"{path} cannot be read as JSON: {exc}") from exc
        return data

    def _write(self, zone: str, data: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(zone)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, path)  # readers see the old file or the new one, never half
