"""IGNORE, IGNORE_NAME and IGNORE_TARGET: DNSControl's globs, and which records a rule matches.

A rule matches a record when its label spec, its type spec and its target spec all match; each
spec is a comma-separated list of globs. The target of a record is what its type says it is
(:attr:`dnsframe.rtypes.RecordType.target`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from dnsframe.model import IgnoreRule, Record
from dnsframe.rtypes import TYPES


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
    """The string an IGNORE target pattern is matched against, as the record's type defines it:
    the host name (absolute, with its dot) for CNAME, MX, NS, SRV and the like, the address for
    A and AAAA, the text for TXT, the value for CAA, and the whole data for other types."""
    found = TYPES.get(record.type)
    return record.content if found is None else found.target(record.content)


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
