"""Change limits: a push that would delete or change too much of a zone stops before writing.

A config cut down by mistake (a file truncated, a macro that returns nothing) shows as a plan
that deletes most of a zone. Before anything is written, each zone's changes are compared with
the records it has: when they delete or change the data of more than the domain's
``SAFETY(max_change=...)`` share of them (default 33%, zones of at least ``min_records``
records, default 10), or delete every record of a non-empty zone (and put fewer back: replacing
a zone's only record is not caught), the domain is not pushed unless ``push --force`` says so.
TTL-only changes do not count: they lose no data.
"""

from __future__ import annotations

from dataclasses import dataclass

from dnsframe.changes import ZoneChanges
from dnsframe.model import Domain, Record


def _names(records: list[Record], zone: str) -> str:
    shown = sorted({f"{r.fqdn(zone)} {r.type}" for r in records})
    text = ", ".join(shown[:10])
    return text + (f", and {len(shown) - 10} more" if len(shown) > 10 else "")


@dataclass(frozen=True, slots=True)
class Limit:
    """A zone's changes over its limit: what they would do (``summary``: the limit, the counts,
    the records) and how to go ahead anyway (``advice``)."""

    zone: str
    summary: str
    advice: str


def change_limit(domain: Domain, changes: ZoneChanges, provider: str) -> Limit | None:
    """How pushing ``changes`` to ``provider`` would go over the domain's change limit, or None
    when it does not."""
    safety = domain.safety
    existing = len(changes.existing)
    if existing == 0 or safety.max_change >= 1:
        return None
    deleted: list[Record] = []
    modified: list[Record] = []
    created = 0
    for rc in changes.by_record():
        if rc.kind == "DELETE" and rc.old is not None:
            deleted.append(rc.old)
        elif rc.kind == "MODIFY" and rc.old is not None:
            modified.append(rc.old)
        elif rc.kind == "CREATE":
            created += 1
    affected = len(deleted) + len(modified)
    zone = domain.name
    if len(deleted) == existing and created < existing:
        why = f"it would delete every record of {zone} at {provider} ({existing})"
    elif existing >= safety.min_records and affected / existing > safety.max_change:
        why = (
            f"it would delete or change {affected} of the {existing} records of {zone} at "
            f"{provider} ({affected / existing:.0%}), more than "
            + (
                f"the limit SAFETY(max_change={safety.max_change:g}) at {safety.source}"
                if safety.source
                else f"the default limit of {safety.max_change:.0%}"
            )
        )
    else:
        return None
    which = []
    if deleted:
        which.append(f"deleted: {_names(deleted, zone)}")
    if modified:
        which.append(f"changed: {_names(modified, zone)}")
    needed = min(1.0, (affected / existing) + 0.005)
    where = f" at {domain.source}" if domain.source else ""
    return Limit(
        zone,
        f"change limit: {why}; {'; '.join(which)}",
        f"If this is what you want, run push --force, or allow it for this domain in its "
        f"D(){where} with SAFETY(max_change={needed:.2f}).",
    )
