"""The diff: what a zone has against what the config wants (:class:`~dnsframe.changes.ZoneChanges`).

Records that the config leaves alone are *kept*: those an IGNORE* rule matches, and with NO_PURGE
the label and type groups that the config never mentions. Kept records are copied into the
desired side, so a provider that rewrites a whole label or the whole zone writes them back
unchanged, and they never appear as changes. ENSURE_ABSENT_REC records are deleted even under
NO_PURGE. Everything here is pure: the same inputs give the same changes, in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from dnsframe.changes import Change, ChangeKind, ZoneChanges
from dnsframe.ignore import ignored_by
from dnsframe.model import Domain, Record
from dnsframe.names import label_sort_key

_ORDER: dict[str, int] = {"DELETE": 0, "MODIFY": 1, "MODIFY-TTL": 2, "CREATE": 3}


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
    wanted_keys = {(r.name, r.type) for r in wanted} if domain.no_purge else set()

    kept: list[Record] = []
    purge_kept: list[Record] = []
    ignores = domain.ignores
    # Without IGNORE, ENSURE_ABSENT_REC and NO_PURGE, nothing that exists is kept.
    for record in existing if ignores or absent or domain.no_purge else ():
        if ignores and ignored_by(ignores, record) is not None:
            kept.append(record)
        elif (record.name, record.type, record.content) in absent:
            continue
        elif domain.no_purge and (record.name, record.type) not in wanted_keys:
            kept.append(record)
            purge_kept.append(record)

    # Kept records join the desired side; within an rrset the config also writes, they take
    # the rrset's desired TTL (an rrset has one TTL).
    full_desired = list(wanted)
    if kept:
        ttl_of = {(r.name, r.type): r.ttl for r in wanted}
        seen = {(r.name, r.type, r.content) for r in wanted}
        for record in kept:
            if (record.name, record.type, record.content) in seen:
                continue
            ttl = ttl_of.get((record.name, record.type), record.ttl)
            if ttl != record.ttl:
                record = Record(
                    record.name, record.type, record.content, ttl, record.metadata, record.source
                )
            full_desired.append(record)
            seen.add((record.name, record.type, record.content))

    # Only an rrset with a record (data and TTL) on one side and not the other can change: in a
    # large zone, a few. Should either side hold the same record twice, every rrset is compared.
    old_records = {(r.name, r.type, r.content, r.ttl) for r in existing}
    new_records = {(r.name, r.type, r.content, r.ttl) for r in full_desired}
    touched: set[tuple[str, str]] | None = {(n, t) for n, t, _, _ in old_records ^ new_records}
    if len(old_records) != len(existing) or len(new_records) != len(full_desired):
        touched = None
    old_sets = _rrsets(existing, touched)
    new_sets = _rrsets(full_desired, touched)

    changes: list[Change] = []
    for key in old_sets.keys() | new_sets.keys():
        old = _by_content(old_sets.get(key))
        new = _by_content(new_sets.get(key))
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
    )


def _rrsets(
    records: Sequence[Record], only: set[tuple[str, str]] | None
) -> dict[tuple[str, str], list[Record]]:
    """The records by rrset (``(name, type)``), of the rrsets in ``only`` if it is given."""
    out: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        key = (record.name, record.type)
        if only is None or key in only:
            out[key].append(record)
    return out


def _content(r: Record) -> str:
    return r.content


def _by_content(records: list[Record] | None) -> tuple[Record, ...]:
    if not records:
        return ()
    return tuple(records) if len(records) == 1 else tuple(sorted(records, key=_content))


def _kind(old: tuple[Record, ...], new: tuple[Record, ...]) -> ChangeKind | None:
    if not old:
        return "CREATE" if new else None
    if not new:
        return "DELETE"
    if len(old) == 1 and len(new) == 1:  # most rrsets: one record each
        if old[0].content != new[0].content:
            return "MODIFY"
        return "MODIFY-TTL" if old[0].ttl != new[0].ttl else None
    if [r.content for r in old] != [r.content for r in new]:
        return "MODIFY"
    if [r.ttl for r in old] != [r.ttl for r in new]:
        return "MODIFY-TTL"
    return None
