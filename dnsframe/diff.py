"""The diff: what a zone has against what the config wants (:class:`~dnsframe.changes.ZoneChanges`).

Records that the config leaves alone are *kept*: those an IGNORE* rule matches, and with NO_PURGE
the label and type groups that the config never mentions. Kept records are copied into the
desired side, so a provider that rewrites a whole label or the whole zone writes them back
unchanged, and they never appear as changes. ENSURE_ABSENT_REC records are deleted even under
NO_PURGE. Everything here is pure: the same inputs give the same changes, in the same order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from dnsframe import rdata
from dnsframe.changes import Change, ChangeKind, ZoneChanges
from dnsframe.model import Domain, IgnoreRule, Record
from dnsframe.names import label_sort_key

# --------------------------------------------------------------------------------------------
# IGNORE patterns


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob as DNSControl's IGNORE reads it: ``*`` within one label, ``**`` across dots, ``?``
    one character, ``[abc]``, ``[!a-c]``, ``{a,b}`` alternatives, ``\\`` escapes. Case-blind."""
    out: list[str] = []
    i, depth = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            if pattern.startswith("**", i):
                out.append(".*")
                i += 2
                continue
            out.append("[^.]*")
        elif c == "?":
            out.append("[^.]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end + 1
                continue
        elif c == "{":
            out.append("(?:")
            depth += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
        elif c == "," and depth:
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    out.append(")" * depth)
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def split_globs(spec: str) -> list[str]:
    """A comma-separated list of globs, split on the commas outside ``{...}``."""
    parts, depth, current = [], 0, ""
    for char in spec:
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


@lru_cache(maxsize=1024)
def _patterns(spec: str) -> tuple[re.Pattern[str], ...] | None:
    """The compiled globs of a spec, once per spec; None when it matches everything."""
    spec = spec.strip()
    if spec in {"", "*", "**"}:
        return None
    return tuple(glob_regex(p) for p in split_globs(spec))


def _matches(spec: str, value: str) -> bool:
    """Whether one of the comma-separated globs of ``spec`` matches ``value``."""
    patterns = _patterns(spec)
    return patterns is None or any(p.fullmatch(value) is not None for p in patterns)


def target_of(record: Record) -> str:
    """The string an IGNORE target pattern is matched against: the host name (absolute, with
    its dot) for CNAME, MX, NS, SRV and the like, the address for A and AAAA, the text for TXT,
    the value for CAA, and the whole data for other types."""
    if record.type in rdata.HOSTNAME_TYPES or record.type in {"A", "AAAA", "TXT"}:
        return record.content
    parts = record.content.split()
    if record.type == "MX" and len(parts) == 2:
        return parts[1]
    if record.type == "SRV" and len(parts) == 4:
        return parts[3]
    if record.type == "CAA" and len(parts) >= 3:
        return rdata.fields("CAA", record.content)["value"]  # type: ignore[no-any-return]
    return record.content


@lru_cache(maxsize=1024)
def _types(spec: str) -> frozenset[str] | None:
    """The types of a comma-separated type spec; None when it means every type."""
    spec = spec.strip()
    if spec in {"", "*"}:
        return None
    return frozenset(t.strip().upper() for t in spec.split(",") if t.strip())


def rule_matches(rule: IgnoreRule, record: Record) -> bool:
    """Whether ``rule`` matches ``record`` (label, type list and target must all match)."""
    types = _types(rule.types)
    if types is not None and record.type not in types:
        return False
    return _matches(rule.label, record.name) and _matches(rule.target, target_of(record))


def ignored_by(rules: Sequence[IgnoreRule], record: Record) -> IgnoreRule | None:
    for rule in rules:
        if rule_matches(rule, record):
            return rule
    return None


_ORDER: dict[str, int] = {"DELETE": 0, "MODIFY": 1, "MODIFY-TTL": 2, "CREATE": 3}


def _key(r: Record) -> tuple[str, str]:
    return (r.name, r.type)


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
