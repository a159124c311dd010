"""GANDI_V5: Gandi LiveDNS as a DNS provider, and Gandi's domain API as a registrar.

One instance per creds.json key serves both roles. Writes use the fewest safe calls: one
``PUT /records/{name}/{type}`` per created or changed rrset (an upsert, the TTL always sent, the
name in the case Gandi stores it), one ``DELETE`` per removed rrset, or one ``PUT /records/{name}``
where that replaces several changed rrsets at one label with fewer calls. A record is never
deleted and re-created to change it. Opted in (creds ``write_strategy``), a large push is one
``PUT /records`` of the whole zone instead, followed by a read that checks it.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dnsframe.names import host
from dnsframe.providers import (
    Capabilities,
    Change,
    Correction,
    Domain,
    ExistingZone,
    LabelChange,
    Record,
    Snapshot,
    UnmanagedRrset,
    ZoneChanges,
    content_to_zone_file,
)
from dnsframe_gandi_v5.client import (
    DEFAULT_API_URL,
    DEFAULT_RETRY_TIMEOUT,
    GandiClient,
    GandiError,
    GandiNotFoundError,
    quote_name,
)
from dnsframe_gandi_v5.rrsets import (
    MANAGED_TYPES,
    Zone,
    differing,
    label_items,
    label_of,
    parse_zone,
    rrset_body,
    rrset_view,
    zone_items,
)

MIN_TTL = 300
MAX_TTL = 2592000

#: The shortest token or API key taken: Gandi's personal access tokens are much longer, its
#: legacy API keys 24 characters. Anything shorter is a placeholder ("demo", "changeme") or a
#: truncated copy; refusing it keeps it from being sent, and from being a word so common that
#: taking it out of messages would garble them.
MIN_SECRET_LENGTH = 20

#: How a push writes a zone (creds field ``write_strategy``): ``rrset``, one call per changed
#: rrset or label; ``bulk``, one ``PUT /records`` of the whole zone; ``auto``, bulk when more
#: rrsets change than ``bulk_threshold``.
WRITE_STRATEGIES = ("rrset", "bulk", "auto")
DEFAULT_BULK_THRESHOLD = 100

CREDS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "properties": {
        "token": {
            "type": "string",
            "pattern": "\\S",
            "minLength": MIN_SECRET_LENGTH,
            "secret": True,
            "description": "a personal access token (Authorization: Bearer)",
            "messages": {
                "pattern": "is blank; copy the personal access token from Gandi again",
                "minLength": "is too short to be a Gandi personal access token (at least "
                f"{MIN_SECRET_LENGTH} characters); copy it from Gandi again",
            },
        },
        "apikey": {
            "type": "string",
            "pattern": "\\S",
            "minLength": MIN_SECRET_LENGTH,
            "secret": True,
            "description": "a legacy API key (Authorization: Apikey); token wins when both are set",
            "messages": {
                "pattern": "is blank; copy the API key from Gandi again",
                "minLength": "is too short to be a Gandi API key (they have 24 characters); "
                "copy it from Gandi again",
            },
        },
        "sharing_id": {"type": "string", "description": "the organization id"},
        "apiurl": {
            "type": "string",
            "pattern": "^https?://[^/]+",
            "description": "default https://api.gandi.net",
        },
        "timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "seconds to wait for one answer (default 60)",
        },
        "retry_timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": (
                "seconds one request may spend retrying 429s (after Retry-After), 5xx and "
                "broken connections before it fails (default 120)"
            ),
        },
        "retry_backoff": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": (
                "seconds of the first wait after a 5xx or a broken connection, doubled at "
                "each retry, at most 5 retries (default 0.5)"
            ),
        },
        "snapshots": {
            "type": "boolean",
            "description": "take a LiveDNS snapshot of each zone before a push first writes to it "
            "(default true)",
        },
        "rate_limit": {
            "type": "integer",
            "minimum": 1,
            "description": "requests per minute for this token (default 900, under Gandi's 1000)",
        },
        "write_strategy": {
            "type": "string",
            "enum": list(WRITE_STRATEGIES),
            "description": (
                'how a push writes: "rrset" (default), one call per changed rrset or label; '
                '"bulk", the whole zone in one PUT /records, then a read that checks it; '
                '"auto", bulk when more rrsets change than bulk_threshold. Gandi\'s handling '
                "of its apex NS in a whole-zone PUT is unverified: try it on "
                "https://api.sandbox.gandi.net first"
            ),
        },
        "bulk_threshold": {
            "type": "integer",
            "minimum": 0,
            "description": (
                'with "write_strategy": "auto", bulk when more rrsets than this change '
                f"(default {DEFAULT_BULK_THRESHOLD})"
            ),
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
    "apikey), optional sharing_id, apiurl, timeout, retry_timeout, retry_backoff, rate_limit, "
    "snapshots, write_strategy (rrset, the default: one call per changed rrset or label; bulk: "
    "the whole zone in one PUT, then a checking read; auto: bulk above bulk_threshold changed "
    "rrsets, default 100; opt in after trying it on https://api.sandbox.gandi.net, since "
    "Gandi's handling of its apex NS in a whole-zone PUT is unverified). "
    "ALIAS only at the apex; TTL 300..2592000."
)


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
            retry_timeout=float(settings.get("retry_timeout", DEFAULT_RETRY_TIMEOUT)),
            backoff=float(settings.get("retry_backoff", 0.5)),
            rate_limit=int(settings.get("rate_limit", 900)),
        )
        wait = metadata.get("nameserver_wait")
        if isinstance(wait, int | float):
            self.nameserver_wait = float(wait)
        poll = metadata.get("nameserver_poll")
        if isinstance(poll, int | float):
            self.nameserver_poll = float(poll)
        self.log = logging.getLogger(f"dnsframe.gandi_v5[{name}]")
        self.snapshots = bool(settings.get("snapshots", True))
        self.write_strategy = str(settings.get("write_strategy", "rrset"))
        self.bulk_threshold = int(settings.get("bulk_threshold", DEFAULT_BULK_THRESHOLD))

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
                            f"ALIAS {record.fqdn(zone)}: Gandi allows ALIAS only at the apex, "
                            "and a CNAME cannot stand in for it here because the name has other "
                            f"records ({', '.join(sorted({r.type for r in others}))})",
                        )
                    )
            if domain.autodnssec == "on" and record.name == "@":
                problems.append(
                    (
                        record,
                        f"ALIAS {record.fqdn(zone)} together with AUTODNSSEC_ON: Gandi cannot "
                        "sign a zone that has an ALIAS record; use A/AAAA records, or leave "
                        "DNSSEC off",
                    )
                )
        return problems

    def normalize_records(
        self, domain: Domain, records: Sequence[Record]
    ) -> tuple[list[Record], list[str]]:
        """TTLs clamped into 300..2592000, and ALIAS below the apex written as a CNAME, as
        DNSControl does; each with a warning that names the config line."""
        zone = domain.name
        out: list[Record] = []
        warnings: list[str] = []
        for record in records:
            ttl, rtype = record.ttl, record.type
            if MIN_TTL <= ttl <= MAX_TTL and rtype != "ALIAS":  # nearly every record
                out.append(record)
                continue
            where = f"{record.source}: " if record.source else ""
            if ttl < MIN_TTL or ttl > MAX_TTL:
                ttl = min(max(ttl, MIN_TTL), MAX_TTL)
                warnings.append(
                    f"{where}{record.type} {record.fqdn(zone)}: TTL {record.ttl} is outside "
                    f"Gandi's range {MIN_TTL}..{MAX_TTL}; {ttl} is used"
                )
            if rtype == "ALIAS" and record.name != "@":
                rtype = "CNAME"
                warnings.append(
                    f"{where}ALIAS {record.fqdn(zone)}: Gandi allows ALIAS only at the apex; "
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

    def get_zone(self, zone: str) -> ExistingZone:
        """The zone's records; its state is the parsed :class:`Zone` (stored spellings, the
        rrsets dnsframe does not manage), which the corrections need."""
        parsed = self._read_zone(zone)
        # Gandi's own apex NS are not managed through records (NAMESERVER and the registrar are).
        records = tuple(r for r in parsed.records if not (r.name == "@" and r.type == "NS"))
        return ExistingZone(records, parsed)

    def unmanaged_rrsets(self, zone: str, existing: ExistingZone) -> Sequence[UnmanagedRrset]:
        """Gandi's own apex NS and the rrsets of types dnsframe does not manage, as read."""
        state: Zone = existing.state
        apex_ns = [r for r in state.records if r.name == "@" and r.type == "NS"]
        out = []
        if apex_ns:
            values = tuple(content_to_zone_file("NS", r.content) for r in apex_ns)
            out.append(UnmanagedRrset("@", "NS", apex_ns[0].ttl, values))
        for rrset in state.foreign:
            out.append(
                UnmanagedRrset(
                    label_of(str(rrset.get("rrset_name", "@")), zone),
                    str(rrset.get("rrset_type", "")).upper(),
                    int(rrset.get("rrset_ttl", 10800)),
                    tuple(str(v) for v in rrset.get("rrset_values", [])),
                )
            )
        return out

    def _read_zone(self, zone: str) -> Zone:
        try:
            return self.client.read_all(
                f"{self._zone_path(zone)}/records",
                lambda rrsets: parse_zone(zone, rrsets),
                what=f"reading the zone {zone}",
            )
        except GandiNotFoundError:
            raise self._not_in_livedns(zone) from None

    def get_nameservers(self, zone: str) -> Sequence[str]:
        try:
            found = self.client.get(
                f"{self._zone_path(zone)}/nameservers", what=f"reading the nameservers of {zone}"
            )
        except GandiNotFoundError:
            raise self._not_in_livedns(zone) from None
        return [host(str(n)) for n in found or []]

    def list_zones(self) -> Sequence[str]:
        domains = self.client.get_all("livedns/domains", what="listing the LiveDNS domains")
        return sorted(str(d["fqdn"]) for d in domains if isinstance(d, dict) and "fqdn" in d)

    # ---------------------------------------------------------------------------------------
    # Writing

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        zone = domain.name
        state: Zone = existing.state
        corrections: list[Correction] = []
        if state.foreign:
            names = ", ".join(f"{r.get('rrset_name')} {r.get('rrset_type')}" for r in state.foreign)
            corrections.append(
                Correction(
                    f"{len(state.foreign)} rrset(s) of types dnsframe does not manage are left "
                    f"as they are: {names}"
                )
            )
        bulk = self._bulk(changes)
        if bulk:
            corrections.append(
                Correction(
                    f"writing the whole zone in one request (bulk strategy, {len(changes)} changes)"
                )
            )
        dnssec = self._dnssec_corrections(domain, changes)
        if domain.autodnssec == "off":
            corrections += dnssec  # unsign first, then write what a signed zone cannot hold
        if bulk:
            corrections.append(self._zone_correction(zone, state, changes))
        else:
            corrections += self._rrset_corrections(zone, state, changes)
        if domain.autodnssec != "off":
            corrections += dnssec
        return corrections

    def _bulk(self, changes: ZoneChanges) -> bool:
        """Whether this push writes the whole zone at once (``write_strategy``)."""
        if not changes or self.write_strategy == "rrset":
            return False
        return self.write_strategy == "bulk" or len(changes) > self.bulk_threshold

    def _rrset_corrections(self, zone: str, state: Zone, changes: ZoneChanges) -> list[Correction]:
        """One call per changed rrset, or per label where one call replaces several."""
        corrections: list[Correction] = []
        # A label holding rrsets dnsframe does not show (types it does not manage, Gandi's apex
        # NS) is never written as a whole: a PUT of the label would delete them.
        hidden = {label for label, _ in state.hidden}
        by_label = {lc.name: lc for lc in changes.by_label()}
        # Nor is a label whose rrsets Gandi stores in several spellings ("WWW" A, "www" TXT):
        # any one spelling in the path differs from another's, which Gandi answers with a 500.
        # Each rrset is then written on its own, in its own spelling.
        grouped = {
            name
            for name, lc in by_label.items()
            if len(lc.changes) > 1 and name not in hidden and len(state.spellings(name)) < 2
        }
        done: set[str] = set()
        for change in changes.by_rrset:
            if change.name in grouped:
                if change.name in done:
                    continue
                done.add(change.name)
                corrections.append(self._label_correction(zone, state, by_label[change.name]))
            else:
                corrections.append(self._rrset_correction(zone, state, change))
        return corrections

    def _zone_correction(self, zone: str, state: Zone, changes: ZoneChanges) -> Correction:
        """The bulk strategy: one ``PUT /records`` replacing the whole zone with the desired
        rrsets (IGNORE'd and NO_PURGE'd ones are among them) and, unchanged, those dnsframe
        does not show; then a read that checks Gandi holds what was sent. The engine has taken
        the snapshot and read the zone again before this first write."""
        items = zone_items(state, changes.desired)

        def apply() -> None:
            # The engine's read-again compares the records dnsframe manages only; this write
            # would also delete an rrset of another type (or an apex NS) added since the zone
            # was read, so the zone is compared whole, once more, right before it.
            moved = differing(rrset_view(state), rrset_view(self._read_zone(zone)))
            if moved:
                raise GandiError(
                    f"the zone changed while this push was running: {_names(moved)} "
                    f"{'is' if len(moved) == 1 else 'are'} no longer as read, so nothing was "
                    f"written to {zone}. Run preview and push again."
                )
            self.client.request(
                "PUT",
                f"{self._zone_path(zone)}/records",
                body={"items": items},
                what=f"writing the whole zone {zone} ({len(items)} rrsets)",
            )
            sent = rrset_view(parse_zone(zone, items))
            differ = differing(sent, rrset_view(self._read_zone(zone)))
            if differ:
                raise GandiError(self._not_as_sent(zone, differ))

        return Correction(changes.lines(), apply)

    def _not_as_sent(self, zone: str, differ: Sequence[str]) -> str:
        if self.snapshots:
            undo = (
                "The snapshot saved before this push holds the zone as it was: "
                f"dnsframe snapshots list {zone} shows it, dnsframe snapshots restore {zone} ID "
                "brings it back."
            )
        else:
            undo = f'No snapshot was taken ("snapshots" is false in creds key "{self.name}").'
        return (
            f"{zone} was written whole, but reading it back, {_names(differ)} "
            f"{'is' if len(differ) == 1 else 'are'} not as sent. {undo} Run preview to see "
            "what Gandi holds now."
        )

    def _records_path(self, zone: str, state: Zone, label: str, rtype: str | None = None) -> str:
        path = f"{self._zone_path(zone)}/records/{quote_name(state.stored_name(label, rtype))}"
        return f"{path}/{rtype}" if rtype else path

    @staticmethod
    def _case_hint(state: Zone, label: str, rtype: str | None = None) -> bool:
        """Whether the spelling a write uses may differ in case from one Gandi stores there,
        the one cause of a 500 that a retry cannot mend: a write of a whole label whose rrsets
        are stored in several spellings, or a new rrset at such a label. An existing rrset is
        always written in its own stored spelling."""
        if rtype is not None and (label, rtype) in state.stored:
            return False
        written = state.stored_name(label, rtype)
        return any(spelling != written for spelling in state.spellings(label))

    def _rrset_correction(self, zone: str, state: Zone, change: Change) -> Correction:
        message = change.lines(zone)
        path = self._records_path(zone, state, change.name, change.type)
        client = self.client
        hint = self._case_hint(state, change.name, change.type)
        if change.kind == "DELETE":

            def delete() -> None:
                # A 404 means it is already gone (a retry after a lost answer, too): done.
                with contextlib.suppress(GandiNotFoundError):
                    client.request(
                        "DELETE",
                        path,
                        what=f"deleting {change.name} {change.type}",
                        case_hint=hint,
                    )

            return Correction(message, delete)
        body = rrset_body(change.new)
        what = f"writing {change.type} {change.new[0].fqdn(zone)}"
        return Correction(message, _call(client, "PUT", path, body, what, hint))

    def _label_correction(self, zone: str, state: Zone, lc: LabelChange) -> Correction:
        message = lc.lines(zone)
        path = self._records_path(zone, state, lc.name)
        fqdn = zone if lc.name == "@" else f"{lc.name}.{zone}"
        hint = self._case_hint(state, lc.name)
        if not lc.new:
            client = self.client

            def delete() -> None:
                with contextlib.suppress(GandiNotFoundError):  # a retried DELETE: already gone
                    client.request("DELETE", path, what=f"deleting {fqdn}", case_hint=hint)

            return Correction(message, delete)
        body = {"items": label_items(lc.new)}
        return Correction(message, _call(self.client, "PUT", path, body, f"writing {fqdn}", hint))

    # ---------------------------------------------------------------------------------------
    # Snapshots (ZoneSnapshotter)

    def take_snapshot(self, zone: str, name: str) -> Snapshot | None:
        """A LiveDNS snapshot of the zone, unless the creds entry says ``"snapshots": false``."""
        if not self.snapshots:
            return None
        answer = self.client.request(
            "POST",
            f"{self._zone_path(zone)}/snapshots",
            body={"name": name},
            what=f"saving a snapshot of {zone}",
        )
        data = answer.json() if answer.content else {}
        snapshot_id = str(data.get("uuid") or data.get("id") or "")
        if not snapshot_id:
            raise GandiError(f"Gandi saved a snapshot of {zone} but did not say its id")
        created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Snapshot(snapshot_id, name, created, automatic=False)

    def list_snapshots(self, zone: str) -> Sequence[Snapshot]:
        try:
            found = self.client.get(
                f"{self._zone_path(zone)}/snapshots", what=f"listing the snapshots of {zone}"
            )
        except GandiNotFoundError:
            raise self._not_in_livedns(zone) from None
        snapshots = [
            Snapshot(
                str(s.get("id")),
                str(s.get("name") or ""),
                str(s.get("created_at") or ""),
                bool(s.get("automatic")),
            )
            for s in found or []
            if isinstance(s, dict) and s.get("id")
        ]
        return sorted(snapshots, key=lambda s: s.created)

    def snapshot_records(self, zone: str, snapshot_id: str) -> Sequence[Record]:
        try:
            found = self.client.get(
                f"{self._zone_path(zone)}/snapshots/{quote_name(snapshot_id)}",
                what=f"reading snapshot {snapshot_id} of {zone}",
            )
        except GandiNotFoundError:
            raise GandiError(
                f'{zone} has no snapshot {snapshot_id} at creds key "{self.name}"; '
                f"dnsframe snapshots list {zone} shows those it has"
            ) from None
        rrsets = found.get("zone_data", []) if isinstance(found, dict) else []
        parsed = parse_zone(zone, rrsets)
        return [r for r in parsed.records if not (r.name == "@" and r.type == "NS")]

    # ---------------------------------------------------------------------------------------
    # DNSSEC

    def _dnssec_corrections(self, domain: Domain, changes: ZoneChanges) -> list[Correction]:
        """AUTODNSSEC_ON / _OFF, decided from the LiveDNS keys and, when the domain is
        registered in this account, the keys published at the registry, so that a half-done
        change (a key made elsewhere, a publication that failed) is finished by the next push."""
        zone, autodnssec = domain.name, domain.autodnssec
        aliases = [r for r in changes.desired if r.type == "ALIAS"]
        if autodnssec is None and not aliases:
            return []
        active = self._active_keys(zone)
        if aliases and active and autodnssec != "off":
            alias = aliases[0]
            where = f"{alias.source}: " if alias.source else ""
            raise GandiError(
                f"{where}ALIAS {alias.fqdn(zone)}: {zone} is signed (it has DNSSEC keys at "
                "LiveDNS), and Gandi cannot sign a zone with an ALIAS record. Use A/AAAA "
                "records, or turn DNSSEC off with AUTODNSSEC_OFF."
            )
        if autodnssec is None:
            return []
        registered = self._registered_here(zone)
        published = self._published_keys(zone) if registered else []
        if autodnssec == "on":
            if not active:
                return [
                    Correction(
                        f"Enable DNSSEC for {zone}: create a key signing key at LiveDNS, then "
                        + ("publish it at the registry" if registered else "show its DS record"),
                        lambda: self._enable_dnssec(zone, registered),
                    )
                ]
            if registered and not published:
                return [
                    Correction(
                        f"Publish the DNSSEC key of {zone} at the registry (LiveDNS signs the "
                        "zone, but the registry has no DS record for it)",
                        lambda: self._publish(zone),
                    )
                ]
            return []
        corrections = []
        if published:
            ids = [str(k["id"]) for k in published]
            corrections.append(
                Correction(
                    f"Remove the DNSSEC key of {zone} from the registry ({len(ids)} DS record(s))",
                    lambda: self._unpublish(zone, ids),
                )
            )
        if active:
            key_ids = [str(k.get("id")) for k in active]
            corrections.append(
                Correction(
                    f"Disable DNSSEC for {zone}: delete {len(key_ids)} LiveDNS key(s)",
                    lambda: self._delete_keys(zone, key_ids),
                )
            )
        return corrections

    def _active_keys(self, zone: str) -> list[dict[str, Any]]:
        keys = self.client.get(f"{self._zone_path(zone)}/keys", what=f"reading the keys of {zone}")
        return [k for k in keys or [] if isinstance(k, dict) and not k.get("deleted")]

    def _published_keys(self, zone: str) -> list[dict[str, Any]]:
        found = self.client.get_all(
            f"domain/domains/{zone}/dnskeys",
            what=f"reading the DNSSEC keys of {zone} at the registry",
        )
        return [k for k in found if isinstance(k, dict) and "id" in k]

    def _registered_here(self, zone: str) -> bool:
        try:
            self.client.get(f"domain/domains/{zone}", what=f"looking up the domain {zone}")
        except GandiNotFoundError:
            return False
        return True

    def _enable_dnssec(self, zone: str, registered: bool) -> None:
        self.client.request(
            "POST",
            f"{self._zone_path(zone)}/keys",
            body={"flags": 257},
            what="creating a DNSSEC key",
        )
        if registered:
            self._publish(zone)
            return
        ds = "; ".join(str(k.get("ds")) for k in self._active_keys(zone))
        self.log.warning(
            "DNSSEC is on for %s at LiveDNS; the domain is not registered in this Gandi account, "
            "so publish this DS record at its registry yourself: %s",
            zone,
            ds,
        )

    def _publish(self, zone: str) -> None:
        for key in self._active_keys(zone):
            # The list may leave out the public key; the key itself has it.
            full = self.client.get(
                f"{self._zone_path(zone)}/keys/{key.get('id')}", what=f"reading a key of {zone}"
            )
            public_key = full.get("public_key") if isinstance(full, dict) else None
            if not public_key:
                raise GandiError(
                    f"{zone}: Gandi did not give the public key of DNSSEC key {key.get('id')}, so "
                    "it cannot be published at the registry; publish its DS record in Gandi's "
                    f"web interface: {key.get('ds')}"
                )
            try:
                self.client.request(
                    "POST",
                    f"domain/domains/{zone}/dnskeys",
                    body={
                        "algorithm": full.get("algorithm", key.get("algorithm")),
                        "flags": full.get("flags", 257),
                        "public_key": public_key,
                    },
                    what=f"publishing the DNSSEC key of {zone} at the registry",
                )
            except GandiError as exc:
                if exc.status != 409:  # 409: published already
                    raise
        self.log.warning(
            "DNSSEC is on for %s; check at Gandi that the registry shows the DS record before "
            "relying on it (it can take a few hours)",
            zone,
        )

    def _unpublish(self, zone: str, ids: Sequence[str]) -> None:
        for key_id in ids:
            with contextlib.suppress(GandiNotFoundError):
                self.client.request(
                    "DELETE",
                    f"domain/domains/{zone}/dnskeys/{key_id}",
                    what="removing a DS record at the registry",
                )

    def _delete_keys(self, zone: str, ids: Sequence[str]) -> None:
        for key_id in ids:
            with contextlib.suppress(GandiNotFoundError):
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
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        name = domain.name
        current = self._current_nameservers(name)
        wanted = [host(n) for n in nameservers]
        if sorted(host(n) for n in current) == sorted(wanted):
            return []
        message = f"Change nameservers from '{','.join(current)}' to '{','.join(wanted)}'"

        def apply() -> None:
            self.client.request(
                "PUT",
                f"domain/domains/{name}/nameservers",
                body={"nameservers": wanted},
                what=f"changing the nameservers of {name}",
            )
            deadline = time.monotonic() + self.nameserver_wait
            while True:
                now = [host(n) for n in self._current_nameservers(name)]
                if sorted(now) == sorted(wanted):
                    return
                if time.monotonic() >= deadline:
                    self.log.warning(
                        "Gandi accepted the nameserver change for %s but has not applied it after "
                        "%.0fs; it is pending at Gandi and should apply shortly (run preview to "
                        "check)",
                        name,
                        self.nameserver_wait,
                    )
                    return
                time.sleep(self.nameserver_poll)

        return [Correction(message, apply)]


def _names(rrsets: Sequence[str], shown: int = 20) -> str:
    text = ", ".join(rrsets[:shown])
    return text + (f", and {len(rrsets) - shown} more" if len(rrsets) > shown else "")


def _call(
    client: GandiClient, method: str, path: str, body: Any, what: str, case_hint: bool
) -> Callable[[], None]:
    def run() -> None:
        client.request(method, path, body=body, what=what, case_hint=case_hint)

    return run
