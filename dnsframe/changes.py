"""The changes a diff finds and the corrections providers make of them.

A :class:`ZoneChanges` is what the core hands a DNS provider: the changes that turn the zone it
read into the desired one, computed once (:func:`dnsframe.diff.diff_zone`) and offered in several
views: by rrset (:class:`Change`), by record (:class:`RecordChange`), by label
(:class:`LabelChange`) and as the whole desired zone. Every change carries its own lines in
DNSControl's words, so a provider writes ``Correction(change.lines(zone), apply)`` without
knowing how the diff is made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from dnsframe.model import Record
from dnsframe.names import label_sort_key

ChangeKind = Literal["CREATE", "MODIFY", "MODIFY-TTL", "DELETE"]


def _shown(record: Record) -> str:
    from dnsframe import rdata  # dnspython, loaded only when a change is shown

    return rdata.display(record.type, record.content)


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record's change, for providers that work record by record. MODIFY pairs one old
    record with one new one; MODIFY-TTL is the same data with another TTL."""

    kind: ChangeKind
    old: Record | None
    new: Record | None

    def line(self, zone: str) -> str:
        """The line preview prints, as DNSControl does: ``+ CREATE test.example.tld A 1.2.3.4
        ttl=300``, ``- DELETE ...``, ``± MODIFY name A (old ttl=300) -> (new ttl=300)``,
        ``± MODIFY-TTL name A 1.2.3.4 ttl=(300->600)``."""
        o, n = self.old, self.new
        if self.kind == "CREATE" and n is not None:
            return f"+ CREATE {n.fqdn(zone)} {n.type} {_shown(n)} ttl={n.ttl}"
        if self.kind == "DELETE" and o is not None:
            return f"- DELETE {o.fqdn(zone)} {o.type} {_shown(o)} ttl={o.ttl}"
        if self.kind == "MODIFY" and o is not None and n is not None:
            return (
                f"± MODIFY {n.fqdn(zone)} {n.type} ({_shown(o)} ttl={o.ttl}) -> "
                f"({_shown(n)} ttl={n.ttl})"
            )
        if self.kind == "MODIFY-TTL" and o is not None and n is not None:
            return f"± MODIFY-TTL {n.fqdn(zone)} {n.type} {_shown(n)} ttl=({o.ttl}->{n.ttl})"
        raise ValueError(f"a {self.kind} record change needs {'old' if o is None else 'new'}")


@dataclass(frozen=True, slots=True)
class Change:
    """One rrset (name and type) that differs between a zone and the config.

    ``old`` is the rrset as the provider has it (empty for CREATE), ``new`` as the config wants it
    (empty for DELETE), each sorted by content. MODIFY-TTL means the same data with another TTL.
    """

    kind: ChangeKind
    name: str
    type: str
    old: tuple[Record, ...] = ()
    new: tuple[Record, ...] = ()

    def records(self) -> list[RecordChange]:
        """The change record by record: a MODIFY of one value becomes one MODIFY, of several
        values DELETEs and CREATEs, and unchanged data with another TTL MODIFY-TTLs."""
        if self.kind == "CREATE":
            return [RecordChange("CREATE", None, r) for r in self.new]
        if self.kind == "DELETE":
            return [RecordChange("DELETE", r, None) for r in self.old]
        old_by = {r.content: r for r in self.old}
        new_by = {r.content: r for r in self.new}
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

    def lines(self, zone: str) -> list[str]:
        """What preview prints for this change, one line per record (see
        :meth:`RecordChange.line`)."""
        return [rc.line(zone) for rc in self.records()]


@dataclass(frozen=True, slots=True)
class LabelChange:
    """Everything at one label that changes: the rrsets before and after (kept records
    included in ``new``), for providers that write a whole label at once."""

    name: str
    old: tuple[Record, ...]
    new: tuple[Record, ...]
    changes: tuple[Change, ...]

    def lines(self, zone: str) -> list[str]:
        return [line for change in self.changes for line in change.lines(zone)]


@dataclass(frozen=True)
class ZoneChanges:
    """The changes that turn ``existing`` into ``desired`` for one zone at one provider.

    Views: :attr:`by_rrset` (one :class:`Change` per name and type, in a safe order: deletions,
    then modifications, then creations), :meth:`by_record`, :meth:`by_label`, and the whole
    zone as :attr:`desired` (records kept by IGNORE* and NO_PURGE included). ``kept`` lists the
    records kept by IGNORE* or NO_PURGE. It is falsy when nothing changes. Per-domain settings
    (AUTODNSSEC, ...) are not here: they come with the :class:`~dnsframe.model.Domain`.
    """

    zone: str
    existing: tuple[Record, ...]
    desired: tuple[Record, ...]
    by_rrset: tuple[Change, ...]
    kept: tuple[Record, ...] = ()
    purge_kept: tuple[Record, ...] = field(default=())
    """The part of ``kept`` that NO_PURGE kept (for the output)."""

    def __bool__(self) -> bool:
        return bool(self.by_rrset)

    def __len__(self) -> int:
        return len(self.by_rrset)

    def by_record(self) -> list[RecordChange]:
        return [rc for change in self.by_rrset for rc in change.records()]

    def by_label(self) -> list[LabelChange]:
        grouped: dict[str, list[Change]] = defaultdict(list)
        for change in self.by_rrset:
            grouped[change.name].append(change)
        existing = _group_by_name(self.existing, grouped)
        desired = _group_by_name(self.desired, grouped)
        return [
            LabelChange(name, tuple(existing.get(name, ())), tuple(desired.get(name, ())), tuple(c))
            for name, c in sorted(grouped.items(), key=lambda kv: label_sort_key(kv[0]))
        ]

    def lines(self) -> list[str]:
        """DNSControl's text for every change, one line per record."""
        return [line for change in self.by_rrset for line in change.lines(self.zone)]


def _group_by_name(records: Iterable[Record], names: Container[str]) -> dict[str, list[Record]]:
    """The records at each of ``names`` (the labels that change: a few in a large zone)."""
    out: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.name in names:
            out[r.name].append(r)
    return out


@dataclass(frozen=True, slots=True, init=False)
class Correction:
    """One action a provider proposes: what ``preview`` shows and ``push`` runs.

    ``message`` is the text shown (lines given as a sequence are joined with newlines, so
    ``Correction(change.lines(zone), apply)`` works). ``apply`` performs it and raises on
    failure; ``None`` marks an informational line (``INFO#1: ...``) that changes nothing.
    """

    message: str
    apply: Callable[[], None] | None = field(default=None, compare=False)

    def __init__(self, message: str | Sequence[str], apply: Callable[[], None] | None = None):
        text = message if isinstance(message, str) else "\n".join(message)
        object.__setattr__(self, "message", text)
        object.__setattr__(self, "apply", apply)
