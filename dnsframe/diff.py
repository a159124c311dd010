"""The diff: what a zone has against what the config wants, by rrset, record, label and zone.

Records that the config leaves alone are *kept*: those an IGNORE* rule matches, and with NO_PURGE
the label and type groups that the config never mentions. Kept records are copied into the
desired side, so a provider that rewrites a whole label or the whole zone writes them back
unchanged, and they never appear as changes. ENSURE_ABSENT_REC records are deleted even under
NO_PURGE. Everything here is pure: the same inputs give the same changes, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dnsframe import rdata
from dnsframe.ignore import ignored_by
from dnsframe.model import Change, ChangeKind, Domain, Record
from dnsframe.names import label_sort_key

# --------------------------------------------------------------------------------------------
# The changes and their views


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record's change, for providers that work record by record. MODIFY pairs one old
    record with one new one; MODIFY-TTL is the same data with another TTL."""

    kind: ChangeKind
    old: Record | None
    new: Record | None


@dataclass(frozen=True, slots=True)
class LabelChange:
    """Everything at one label that changes: the rrsets before and after (kept records
    included in ``new``), for providers that write a whole label at once."""

    name: str
    old: tuple[Record, ...]
    new: tuple[Record, ...]
    changes: tuple[Change, ...]


_ORDER: dict[str, int] = {"DELETE": 0, "MODIFY": 1, "MODIFY-TTL": 2, "CREATE": 3}


def _key(r: Record) -> tuple[str, str]:
    return (r.name, r.type)


@dataclass(frozen=True)
class ZoneChanges:
    """The changes that turn ``existing`` into ``desired`` for one zone at one provider.

    Views: :attr:`by_rrset` (one :class:`Change` per name and type, in a safe order: deletions,
    then modifications, then creations), :meth:`by_record`, :meth:`by_label`, and the whole
    zone as :attr:`desired`. ``kept`` lists the records kept by IGNORE* or NO_PURGE.
    """

    zone: str
    existing: tuple[Record, ...]
    desired: tuple[Record, ...]
    by_rrset: tuple[Change, ...]
    kept: tuple[Record, ...] = ()
    purge_kept: tuple[Record, ...] = field(default=())
    """The part of ``kept`` that NO_PURGE kept (for the output)."""
    autodnssec: str | None = None
    """The domain's AUTODNSSEC_ON ("on") or AUTODNSSEC_OFF ("off"), or None: leave it alone."""

    def __bool__(self) -> bool:
        return bool(self.by_rrset)

    def __len__(self) -> int:
        return len(self.by_rrset)

    def by_record(self) -> list[RecordChange]:
        out: list[RecordChange] = []
        for change in self.by_rrset:
            out.extend(_record_changes(change))
        return out

    def by_label(self) -> list[LabelChange]:
        grouped: dict[str, list[Change]] = defaultdict(list)
        for change in self.by_rrset:
            grouped[change.name].append(change)
        existing = _group_by_name(self.existing)
        desired = _group_by_name(self.desired)
        return [
            LabelChange(name, tuple(existing.get(name, ())), tuple(desired.get(name, ())), tuple(c))
            for name, c in sorted(grouped.items(), key=lambda kv: label_sort_key(kv[0]))
        ]

    def lines(self) -> list[str]:
        """DNSControl's text for every change, one line per record."""
        return [line for change in self.by_rrset for line in describe(change, self.zone)]


def _group_by_name(records: Iterable[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        out[r.name].append(r)
    return out


def _record_changes(change: Change) -> list[RecordChange]:
    if change.kind == "CREATE":
        return [RecordChange("CREATE", None, r) for r in change.new]
    if change.kind == "DELETE":
        return [RecordChange("DELETE", r, None) for r in change.old]
    old_by = {r.content: r for r in change.old}
    new_by = {r.content: r for r in change.new}
    gone = [r for c, r in old_by.items() if c not in new_by]
    added = [r for c, r in new_by.items() if c not in old_by]
    same = [(old_by[c], new_by[c]) for c in old_by if c in new_by]
    out = [RecordChange("MODIFY-TTL", o, n) for o, n in same if o.ttl != n.ttl]
    if len(gone) == 1 and len(added) == 1:
        out.append(RecordChange("MODIFY", gone[0], added[0]))
    else:
        out += [RecordChange("DELETE", r, None) for r in gone]
        out += [RecordChange("CREATE", None, r) for r in added]
    return out


def describe(change: Change, zone: str) -> list[str]:
    """The lines that preview prints for ``change``, as DNSControl prints them:
    ``+ CREATE test.example.tld A 1.2.3.4 ttl=300``, ``- DELETE ...``,
    ``± MODIFY name A (old ttl=300) -> (new ttl=300)``,
    ``± MODIFY-TTL name A 1.2.3.4 ttl=(300->600)``.
    """
    lines = []
    for rc in _record_changes(change):
        if rc.kind == "CREATE" and rc.new:
            r = rc.new
            lines.append(
                f"+ CREATE {r.fqdn(zone)} {r.type} {rdata.display(r.type, r.content)} ttl={r.ttl}"
            )
        elif rc.kind == "DELETE" and rc.old:
            r = rc.old
            lines.append(
                f"- DELETE {r.fqdn(zone)} {r.type} {rdata.display(r.type, r.content)} ttl={r.ttl}"
            )
        elif rc.kind == "MODIFY" and rc.old and rc.new:
            o, n = rc.old, rc.new
            before = f"{rdata.display(o.type, o.content)} ttl={o.ttl}"
            after = f"{rdata.display(n.type, n.content)} ttl={n.ttl}"
            lines.append(f"± MODIFY {n.fqdn(zone)} {n.type} ({before}) -> ({after})")
        elif rc.kind == "MODIFY-TTL" and rc.old and rc.new:
            o, n = rc.old, rc.new
            lines.append(
                f"± MODIFY-TTL {n.fqdn(zone)} {n.type} {rdata.display(n.type, n.content)} "
                f"ttl=({o.ttl}->{n.ttl})"
            )
    return lines


# --------------------------------------------------------------------------------------------
# Computing the diff


def diff_zone(
    domain: Domain,
    existing: Sequence[Record],
    desired: Sequence[Record] | None = None,
) -> ZoneChanges:
    """The changes for ``domain`` at one provider whose zone holds ``existing``.

    ``desired`` defaults to the domain's records; the engine passes more (the apex NS records
    of providers that store them). Records are compared on name, type and canonical content;
    an rrset whose contents are equal but whose TTL differs is a MODIFY-TTL.
    """
    zone = domain.name
    wanted = list(domain.records if desired is None else desired)
    absent = {(r.name, r.type, r.content) for r in domain.ensure_absent}
    wanted_keys = {_key(r) for r in wanted}

    kept: list[Record] = []
    purge_kept: list[Record] = []
    for record in existing:
        if ignored_by(domain.ignores, record) is not None:
            kept.append(record)
        elif (record.name, record.type, record.content) in absent:
            continue
        elif domain.no_purge and _key(record) not in wanted_keys:
            kept.append(record)
            purge_kept.append(record)

    # Kept records join the desired side; within an rrset the config also writes, they take
    # the rrset's desired TTL (an rrset has one TTL).
    ttl_of = {_key(r): r.ttl for r in wanted}
    full_desired = list(wanted)
    seen = {(r.name, r.type, r.content) for r in wanted}
    for record in kept:
        if (record.name, record.type, record.content) in seen:
            continue
        ttl = ttl_of.get(_key(record), record.ttl)
        if ttl != record.ttl:
            record = Record(
                record.name, record.type, record.content, ttl, record.metadata, record.source
            )
        full_desired.append(record)
        seen.add((record.name, record.type, record.content))

    old_sets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in existing:
        old_sets[_key(record)].append(record)
    new_sets: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in full_desired:
        new_sets[_key(record)].append(record)

    changes: list[Change] = []
    for key in set(old_sets) | set(new_sets):
        old = tuple(sorted(old_sets.get(key, ()), key=lambda r: r.content))
        new = tuple(sorted(new_sets.get(key, ()), key=lambda r: r.content))
        kind = _kind(old, new)
        if kind is not None:
            changes.append(Change(kind, key[0], key[1], old, new))
    changes.sort(key=lambda c: (_ORDER[c.kind], label_sort_key(c.name), c.type))
    return ZoneChanges(
        zone=zone,
        existing=tuple(existing),
        desired=tuple(full_desired),
        by_rrset=tuple(changes),
        kept=tuple(kept),
        purge_kept=tuple(purge_kept),
        autodnssec=domain.autodnssec,
    )


def _kind(old: tuple[Record, ...], new: tuple[Record, ...]) -> ChangeKind | None:
    if not old:
        return "CREATE" if new else None
    if not new:
        return "DELETE"
    if [r.content for r in old] != [r.content for r in new]:
        return "MODIFY"
    if [r.ttl for r in old] != [r.ttl for r in new]:
        return "MODIFY-TTL"
    return None
