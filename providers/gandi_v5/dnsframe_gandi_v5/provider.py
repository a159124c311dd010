"""GANDI_V5: Gandi LiveDNS as a DNS provider, and Gandi's domain API as a registrar.

One instance per creds.json key serves both roles. Writes use the fewest safe calls: one
``PUT /records/{name}/{type}`` per created or changed rrset (an upsert, the TTL always sent, the
name in the case Gandi stores it), one ``DELETE`` per removed rrset, or one ``PUT /records/{name}``
where that replaces several changed rrsets at one label with fewer calls. A record is never
deleted and re-created to change it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dnsframe.diff import ZoneChanges, describe
from dnsframe.errors import ProviderError
from dnsframe.model import Change, Correction, Domain, Record
from dnsframe.providers.base import Capabilities
from dnsframe_gandi_v5.client import (
    DEFAULT_API_URL,
    GandiClient,
    GandiError,
    GandiNotFoundError,
    quote_name,
)
from dnsframe_gandi_v5.rrsets import MANAGED_TYPES, Zone, label_items, parse_zone, rrset_body

MIN_TTL = 300
MAX_TTL = 2592000

CREDS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "properties": {
        "token": {
            "type": "string",
            "minLength": 1,
            "secret": True,
            "description": "a personal access token (Authorization: Bearer)",
        },
        "apikey": {
            "type": "string",
            "minLength": 1,
            "secret": True,
            "description": "a legacy API key (Authorization: Apikey); token wins when both are set",
        },
        "sharing_id": {"type": "string", "description": "the organization id"},
        "apiurl": {
            "type": "string",
            "pattern": "^https?://[^/]+",
            "description": "default https://api.gandi.net",
        },
        "timeout": {"type": "number", "exclusiveMinimum": 0, "description": "seconds"},
        "rate_limit": {
            "type": "integer",
            "minimum": 1,
            "description": "requests per minute for this token (default 900, under Gandi's 1000)",
        },
    },
    "anyOf": [{"required": ["token"]}, {"required": ["apikey"]}],
    "additionalProperties": False,
}

CAPABILITIES = Capabilities(
    record_types=MANAGED_TYPES,
    ds_at_apex=False,
    ds_on_children=True,
    autodnssec=True,
    list_zones=True,
    concurrent=True,
    apex_ns=False,
)

DOCS = (
    "Gandi LiveDNS (DNS provider) and Gandi domains (registrar). creds: token (or legacy "
    "apikey), optional sharing_id, apiurl, timeout. ALIAS only at the apex; TTL 300..2592000."
)


def _fqdn(record: Record, zone: str) -> str:
    return record.fqdn(zone)


class GandiV5Provider:
    """LiveDNS zones and Gandi domain delegations for one creds.json key."""

    #: How long push waits for Gandi to apply a nameserver change, and how often it looks.
    nameserver_wait = 60.0
    nameserver_poll = 1.0

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self.client = GandiClient(
            name,
            token=settings.get("token"),
            apikey=settings.get("apikey"),
            sharing_id=settings.get("sharing_id"),
            apiurl=str(settings.get("apiurl") or DEFAULT_API_URL),
            timeout=float(settings.get("timeout", 60)),
            rate_limit=int(settings.get("rate_limit", 900)),
        )
        wait = metadata.get("nameserver_wait")
        if isinstance(wait, int | float):
            self.nameserver_wait = float(wait)
        poll = metadata.get("nameserver_poll")
        if isinstance(poll, int | float):
            self.nameserver_poll = float(poll)
        self.log = logging.getLogger(f"dnsframe.gandi_v5[{name}]")
        self._zones: dict[str, Zone] = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------------------------------
    # Gandi's rules, before any call

    def audit_records(self, domain: Domain) -> list[tuple[Record | None, str]]:
        problems: list[tuple[Record | None, str]] = []
        zone = domain.name
        by_label: dict[str, list[Record]] = {}
        for record in domain.records:
            by_label.setdefault(record.name, []).append(record)
        for record in domain.records:
            if record.type != "ALIAS":
                continue
            if record.name != "@":
                others = [r for r in by_label[record.name] if r is not record]
                if others:
                    problems.append(
                        (
                            record,
                            f"ALIAS {_fqdn(record, zone)}: Gandi allows ALIAS only at the apex, "
                            "and a CNAME cannot stand in for it here because the name has other "
                            f"records ({', '.join(sorted({r.type for r in others}))})",
                        )
                    )
            if domain.autodnssec == "on":
                problems.append(
                    (
                        record,
                        f"ALIAS {_fqdn(record, zone)} together with AUTODNSSEC_ON: Gandi cannot "
                        "sign a zone that has an ALIAS record; use A/AAAA records, or leave "
                        "DNSSEC off",
                    )
                )
        return problems

    def normalize_records(
        self, zone: str, records: Sequence[Record]
    ) -> tuple[list[Record], list[str]]:
        """TTLs clamped into 300..2592000, and ALIAS below the apex written as a CNAME, as
        DNSControl does; each with a warning that names the config line."""
        out: list[Record] = []
        warnings: list[str] = []
        for record in records:
            where = f"{record.source}: " if record.source else ""
            ttl = record.ttl
            if ttl < MIN_TTL or ttl > MAX_TTL:
                ttl = min(max(ttl, MIN_TTL), MAX_TTL)
                warnings.append(
                    f"{where}{record.type} {_fqdn(record, zone)}: TTL {record.ttl} is outside "
                    f"Gandi's range {MIN_TTL}..{MAX_TTL}; {ttl} is used"
                )
            rtype = record.type
            if rtype == "ALIAS" and record.name != "@":
                rtype = "CNAME"
                warnings.append(
                    f"{where}ALIAS {_fqdn(record, zone)}: Gandi allows ALIAS only at the apex; "
                    "written as a CNAME"
                )
            if ttl != record.ttl or rtype != record.type:
                record = Record(
                    record.name, rtype, record.content, ttl, record.metadata, record.source
                )
            out.append(record)
        return out, warnings

    # ---------------------------------------------------------------------------------------
    # Reading

    def _zone_path(self, zone: str) -> str:
        return f"livedns/domains/{zone}"

    def _not_in_livedns(self, zone: str) -> GandiError:
        org = f' (organization "{self.client.sharing_id}")' if self.client.sharing_id else ""
        return GandiError(
            f'{zone} is not in the LiveDNS of creds key "{self.name}"{org}. Add the domain to '
            "LiveDNS at Gandi (web interface: the domain's DNS records page), or, if it belongs "
            'to another organization, set "sharing_id" (or use that organization\'s creds key).'
        )

    def get_zone_records(self, zone: str) -> Sequence[Record]:
        try:
            rrsets = self.client.get_all(
                f"{self._zone_path(zone)}/records", what=f"reading the zone {zone}"
            )
        except GandiNotFoundError:
            raise self._not_in_livedns(zone) from None
        parsed = parse_zone(zone, rrsets)
        with self._lock:
            self._zones[zone] = parsed
        # Gandi's own apex NS are not managed through records (NAMESERVER and the registrar are).
        return [r for r in parsed.records if not (r.name == "@" and r.type == "NS")]

    def get_nameservers(self, zone: str) -> Sequence[str]:
        try:
            found = self.client.get(
                f"{self._zone_path(zone)}/nameservers", what=f"reading the nameservers of {zone}"
            )
        except GandiNotFoundError:
            raise self._not_in_livedns(zone) from None
        return [str(n).rstrip(".").lower() for n in found or []]

    def list_zones(self) -> Sequence[str]:
        domains = self.client.get_all("livedns/domains", what="listing the LiveDNS domains")
        return sorted(str(d["fqdn"]) for d in domains if isinstance(d, dict) and "fqdn" in d)

    # ---------------------------------------------------------------------------------------
    # Writing

    def _zone(self, zone: str) -> Zone:
        with self._lock:
            if zone not in self._zones:
                raise ProviderError(f"{zone}: corrections asked before the zone was read")
            return self._zones[zone]

    def get_zone_corrections(self, zone: str, changes: ZoneChanges) -> Sequence[Correction]:
        state = self._zone(zone)
        corrections: list[Correction] = []
        if state.foreign:
            names = ", ".join(f"{r.get('rrset_name')} {r.get('rrset_type')}" for r in state.foreign)
            corrections.append(
                Correction(
                    f"{len(state.foreign)} rrset(s) of types dnsframe does not manage are left "
                    f"as they are: {names}"
                )
            )
        foreign_labels = {str(r.get("rrset_name", "@")).lower() for r in state.foreign}
        by_label = {lc.name: lc for lc in changes.by_label()}
        grouped: set[str] = set()
        for name, lc in by_label.items():
            calls = len(lc.changes)
            if calls > 1 and name not in foreign_labels:
                grouped.add(name)

        done: set[str] = set()
        for change in changes.by_rrset:
            if change.name in grouped:
                if change.name in done:
                    continue
                done.add(change.name)
                corrections.append(self._label_correction(zone, state, by_label[change.name]))
            else:
                corrections.append(self._rrset_correction(zone, state, change))
        corrections += self._dnssec_corrections(zone, changes)
        return corrections

    def _records_path(self, zone: str, state: Zone, label: str, rtype: str | None = None) -> str:
        path = f"{self._zone_path(zone)}/records/{quote_name(state.stored_name(label))}"
        return f"{path}/{rtype}" if rtype else path

    def _rrset_correction(self, zone: str, state: Zone, change: Change) -> Correction:
        message = "\n".join(describe(change, zone))
        path = self._records_path(zone, state, change.name, change.type)
        client = self.client
        if change.kind == "DELETE":

            def delete() -> None:
                # A 404 means it is already gone: the wanted state.
                with contextlib.suppress(GandiNotFoundError):
                    client.request("DELETE", path, what=f"deleting {change.name} {change.type}")

            return Correction(message, delete)
        body = rrset_body(change.new)
        what = f"writing {change.type} {change.new[0].fqdn(zone)}"
        return Correction(message, _call(client, "PUT", path, body, what))

    def _label_correction(self, zone: str, state: Zone, lc: Any) -> Correction:
        message = "\n".join(line for change in lc.changes for line in describe(change, zone))
        path = self._records_path(zone, state, lc.name)
        fqdn = zone if lc.name == "@" else f"{lc.name}.{zone}"
        if not lc.new:
            return Correction(message, _call(self.client, "DELETE", path, None, f"deleting {fqdn}"))
        body = {"items": label_items(lc.new)}
        return Correction(message, _call(self.client, "PUT", path, body, f"writing {fqdn}"))

    # ---------------------------------------------------------------------------------------
    # DNSSEC

    def _dnssec_corrections(self, zone: str, changes: ZoneChanges) -> list[Correction]:
        aliases = [r for r in changes.desired if r.type == "ALIAS"]
        if changes.autodnssec is None and not aliases:
            return []
        keys = self.client.get(f"{self._zone_path(zone)}/keys", what=f"reading the keys of {zone}")
        active = [k for k in keys or [] if isinstance(k, dict) and not k.get("deleted")]
        if aliases and active and changes.autodnssec != "off":
            alias = aliases[0]
            where = f"{alias.source}: " if alias.source else ""
            raise GandiError(
                f"{where}ALIAS {alias.fqdn(zone)}: {zone} is signed (it has DNSSEC keys at "
                "LiveDNS), and Gandi cannot sign a zone with an ALIAS record. Use A/AAAA "
                "records, or turn DNSSEC off with AUTODNSSEC_OFF."
            )
        if changes.autodnssec == "on" and not active:
            return [
                Correction(
                    f"Enable DNSSEC for {zone}: create a key signing key at LiveDNS, then "
                    "publish its DS record at the registry",
                    lambda: self._enable_dnssec(zone),
                )
            ]
        if changes.autodnssec == "off" and active:
            ids = [str(k.get("id")) for k in active]
            return [
                Correction(
                    f"Disable DNSSEC for {zone}: remove its DS record at the registry, then "
                    f"delete {len(ids)} LiveDNS key(s)",
                    lambda: self._disable_dnssec(zone, ids),
                )
            ]
        return []

    def _registered_here(self, zone: str) -> bool:
        try:
            self.client.get(f"domain/domains/{zone}", what=f"looking up the domain {zone}")
        except GandiNotFoundError:
            return False
        return True

    def _enable_dnssec(self, zone: str) -> None:
        self.client.request(
            "POST",
            f"{self._zone_path(zone)}/keys",
            body={"flags": 257},
            what="creating a DNSSEC key",
        )
        keys = self.client.get(f"{self._zone_path(zone)}/keys", what=f"reading the keys of {zone}")
        if not self._registered_here(zone):
            ds = [k.get("ds") for k in keys or [] if isinstance(k, dict)]
            self.log.warning(
                "DNSSEC is on for %s at LiveDNS; the domain is not registered in this Gandi "
                "account, so publish this DS record at its registry yourself: %s",
                zone,
                "; ".join(str(d) for d in ds),
            )
            return
        for key in keys or []:
            if not isinstance(key, dict) or key.get("deleted"):
                continue
            self.client.request(
                "POST",
                f"domain/domains/{zone}/dnskeys",
                body={
                    "algorithm": key.get("algorithm"),
                    "flags": key.get("flags", 257),
                    "public_key": key.get("public_key", ""),
                },
                what=f"publishing the DNSSEC key of {zone} at the registry",
            )
        self.log.warning(
            "DNSSEC is on for %s; check at Gandi that the registry shows the DS record before "
            "relying on it (it can take a few hours)",
            zone,
        )

    def _disable_dnssec(self, zone: str, ids: Sequence[str]) -> None:
        if self._registered_here(zone):
            published = self.client.get(
                f"domain/domains/{zone}/dnskeys", what=f"reading the DNSSEC keys of {zone}"
            )
            for key in published or []:
                if isinstance(key, dict) and "id" in key:
                    self.client.request(
                        "DELETE",
                        f"domain/domains/{zone}/dnskeys/{key['id']}",
                        what="removing a DS record at the registry",
                    )
        for key_id in ids:
            self.client.request(
                "DELETE", f"{self._zone_path(zone)}/keys/{key_id}", what="deleting a DNSSEC key"
            )

    # ---------------------------------------------------------------------------------------
    # Registrar

    def _current_nameservers(self, domain: str) -> list[str]:
        try:
            found = self.client.get(
                f"domain/domains/{domain}/nameservers",
                what=f"reading the nameservers of {domain}",
            )
        except GandiNotFoundError:
            raise GandiError(
                f'{domain} is not a domain of creds key "{self.name}" at Gandi (domain API). '
                'Register or transfer it there, set "sharing_id" for another organization, or '
                'use NewRegistrar("none") if another registrar holds it.'
            ) from None
        return [str(n) for n in found or []]

    def get_registrar_corrections(
        self, domain: str, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        current = self._current_nameservers(domain)
        wanted = [n.rstrip(".").lower() for n in nameservers]
        if sorted(n.rstrip(".").lower() for n in current) == sorted(wanted):
            return []
        message = f"Change nameservers from '{','.join(current)}' to '{','.join(wanted)}'"

        def apply() -> None:
            self.client.request(
                "PUT",
                f"domain/domains/{domain}/nameservers",
                body={"nameservers": wanted},
                what=f"changing the nameservers of {domain}",
            )
            deadline = time.monotonic() + self.nameserver_wait
            while True:
                now = [n.rstrip(".").lower() for n in self._current_nameservers(domain)]
                if sorted(now) == sorted(wanted):
                    return
                if time.monotonic() >= deadline:
                    self.log.warning(
                        "Gandi accepted the nameserver change for %s but has not applied it after "
                        "%.0fs; it is pending at Gandi and should apply shortly (run preview to "
                        "check)",
                        domain,
                        self.nameserver_wait,
                    )
                    return
                time.sleep(self.nameserver_poll)

        return [Correction(message, apply)]


def _call(client: GandiClient, method: str, path: str, body: Any, what: str) -> Callable[[], None]:
    def run() -> None:
        client.request(method, path, body=body, what=what)

    return run
