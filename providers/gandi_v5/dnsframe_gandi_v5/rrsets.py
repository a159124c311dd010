"""Gandi rrsets <-> dnsframe records, parsed once here and nowhere else.

Gandi returns rrset names relative to the zone (``@`` for the apex), in the case they were created
with, and values in zone-file presentation format where a host name without a trailing dot is
relative to the zone and TXT values are quoted chunks. Reading makes every name absolute and
canonical; writing sends absolute names and TXT as quoted chunks of at most 255 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dnsframe import rdata
from dnsframe.errors import ProviderError
from dnsframe.model import Record

#: The types LiveDNS stores (``GET /v5/livedns/dns/rrtypes``): a capability of Gandi's.
LIVEDNS_TYPES = frozenset(
    {"A", "AAAA", "ALIAS", "CAA", "CDS", "CNAME", "DNAME", "DS", "KEY", "LOC", "MX", "NAPTR",
     "NS", "OPENPGPKEY", "PTR", "RP", "SPF", "SRV", "SSHFP", "TLSA", "TXT", "WKS"}
)  # fmt: skip

#: What GANDI_V5 reads and writes as records: the LiveDNS types that dnsframe can represent
#: (:mod:`dnsframe.rtypes`). The others are left alone, as Gandi gave them.
MANAGED_TYPES = LIVEDNS_TYPES & rdata.SUPPORTED_TYPES


@dataclass
class Zone:
    """A zone as read from LiveDNS."""

    name: str
    records: list[Record] = field(default_factory=list)
    #: (label, type) and label -> the name as Gandi stores it, for PUT and DELETE paths.
    stored: dict[tuple[str, str | None], str] = field(default_factory=dict)
    #: label -> every spelling of it that Gandi stores (usually one).
    spelled: dict[str, set[str]] = field(default_factory=dict)
    #: rrsets of types dnsframe leaves alone, as Gandi gave them.
    foreign: list[Mapping[str, Any]] = field(default_factory=list)
    #: (label, type) of every rrset that exists but is not among ``records``: the foreign
    #: ones and Gandi's apex NS. A write of a whole label must not delete them.
    hidden: set[tuple[str, str]] = field(default_factory=set)

    def stored_name(self, label: str, rtype: str | None = None) -> str:
        """The stored spelling of an rrset's name; for a new type at an existing name, the
        spelling the name already has."""
        return self.stored.get((label, rtype), self.stored.get((label, None), label))

    def spellings(self, label: str) -> set[str]:
        """Every spelling Gandi stores for the rrsets at ``label``."""
        return self.spelled.get(label, set())


def label_of(rrset_name: str, zone: str) -> str:
    """A Gandi ``rrset_name`` as a dnsframe label: lowercase, relative, ``@`` for the apex."""
    name = rrset_name.strip()
    if name in {"@", ""}:
        return "@"
    lowered = name.lower()
    if lowered.endswith("."):
        lowered = lowered.rstrip(".")
        if lowered == zone:
            return "@"
        if lowered.endswith("." + zone):
            return lowered[: -len(zone) - 1]
    return lowered


def parse_zone(zone: str, rrsets: Iterable[Mapping[str, Any]]) -> Zone:
    """The records of a LiveDNS listing, with the stored case of every name."""
    result = Zone(zone)
    records, stored, spelled = result.records, result.stored, result.spelled
    for rrset in rrsets:
        rtype = str(rrset.get("rrset_type", "")).upper()
        name = str(rrset.get("rrset_name", "@"))
        # one lowercase label without a dot is its own label (label_of would give it back)
        label = name if name.isalnum() and name.islower() else label_of(name, zone)
        stored.setdefault((label, None), name)
        stored[(label, rtype)] = name
        spellings = spelled.get(label)
        if spellings is None:
            spelled[label] = {name}
        else:
            spellings.add(name)
        read = _READERS.get(rtype)
        if read is None:  # a type dnsframe does not manage
            result.foreign.append(rrset)
            result.hidden.add((label, rtype))
            continue
        if label == "@" and rtype == "NS":
            result.hidden.add((label, rtype))
        ttl = int(rrset.get("rrset_ttl", 10800))
        for value in rrset.get("rrset_values", []):
            try:
                content = read(str(value), zone)
            except rdata.RdataError as exc:
                raise ProviderError(
                    f"{zone}: Gandi returned a {rtype} record at {name!r} that dnsframe cannot "
                    f"read ({exc})"
                ) from None
            records.append(Record(label, rtype, content, ttl))
    return result


#: How the data of each managed type is read (:func:`dnsframe.rdata.reader`).
_READERS = {rtype: rdata.reader(rtype) for rtype in MANAGED_TYPES}


def values_of(records: Sequence[Record]) -> list[str]:
    """The ``rrset_values`` that write ``records`` (one rrset)."""
    return [
        rdata.to_presentation(r.type, r.content) for r in sorted(records, key=lambda r: r.content)
    ]


def rrset_body(records: Sequence[Record]) -> dict[str, Any]:
    """The body of ``PUT /records/{name}/{type}``: values and the TTL, always."""
    return {"rrset_ttl": records[0].ttl, "rrset_values": values_of(records)}


def label_items(records: Sequence[Record]) -> list[dict[str, Any]]:
    """The ``items`` of ``PUT /records/{name}``: every rrset at one label."""
    by_type: dict[str, list[Record]] = {}
    for record in records:
        by_type.setdefault(record.type, []).append(record)
    return [{"rrset_type": t, **rrset_body(rs)} for t, rs in sorted(by_type.items())]


def zone_items(state: Zone, desired: Sequence[Record]) -> list[dict[str, Any]]:
    """The ``items`` of ``PUT /records``, which replaces the whole zone: every desired rrset,
    named as Gandi stores the name, and, as Gandi gave them, the rrsets that dnsframe does not
    show (Gandi's apex NS, the types it does not manage): the write deletes what it leaves out."""
    rrsets: dict[tuple[str, str], list[Record]] = {}
    for record in desired:
        rrsets.setdefault((record.name, record.type), []).append(record)
    if ("@", "NS") not in rrsets:
        apex_ns = [r for r in state.records if r.name == "@" and r.type == "NS"]
        if apex_ns:
            rrsets[("@", "NS")] = apex_ns
    items = [
        {"rrset_name": state.stored_name(name, rtype), "rrset_type": rtype, **rrset_body(rs)}
        for (name, rtype), rs in sorted(rrsets.items())
    ]
    items += [
        {
            "rrset_name": rrset.get("rrset_name", "@"),
            "rrset_type": rrset.get("rrset_type"),
            "rrset_ttl": rrset.get("rrset_ttl", 10800),
            "rrset_values": list(rrset.get("rrset_values", [])),
        }
        for rrset in state.foreign
    ]
    return items


def rrset_view(zone: Zone) -> dict[tuple[str, str], tuple[str, ...]]:
    """Every rrset of a parsed zone, managed or not: ``(label, type)`` -> its ``"ttl value"``
    strings, sorted. Two readings of a zone, or a reading and what was sent, compare by it."""
    view: dict[tuple[str, str], list[str]] = {}
    for record in zone.records:
        view.setdefault((record.name, record.type), []).append(f"{record.ttl} {record.content}")
    for rrset in zone.foreign:
        key = (
            label_of(str(rrset.get("rrset_name", "@")), zone.name),
            str(rrset.get("rrset_type", "")).upper(),
        )
        ttl = rrset.get("rrset_ttl", 10800)
        view[key] = [f"{ttl} {value}" for value in rrset.get("rrset_values", [])]
    return {key: tuple(sorted(values)) for key, values in view.items()}


def differing(
    one: Mapping[tuple[str, str], tuple[str, ...]], other: Mapping[tuple[str, str], tuple[str, ...]]
) -> list[str]:
    """The rrsets (``label TYPE``, apex first) that two :func:`rrset_view` differ in."""
    keys = sorted(set(one) | set(other), key=lambda k: (k[0] != "@", k[0], k[1]))
    return [
        f"{label} {rtype}"
        for label, rtype in keys
        if one.get((label, rtype)) != other.get((label, rtype))
    ]
