"""Modifiers of a domain (``DefaultTTL``, ``NAMESERVER``, ``IGNORE``, ...) and of a record
(``TTL``, ``ENSURE_ABSENT_REC``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.state import DslError, caller_pos, require_state, where
from dnsframe.dsl.values import ENSURE_ABSENT, DomainModifier, Flag, TTLModifier, flatten, parse_ttl
from dnsframe.model import IgnoreRule, Safety
from dnsframe.names import py_literal as _q


def DefaultTTL(ttl: Any) -> DomainModifier:
    """``DefaultTTL(v)``: the TTL of the records after it in ``D()`` that set none."""
    pos = caller_pos()
    try:
        return DomainModifier("default_ttl", parse_ttl(ttl), pos)
    except ValueError as exc:
        raise DslError(f"{where(pos)}DefaultTTL({_q(ttl)}): {exc}") from None


def TTL(ttl: Any) -> TTLModifier:
    """``TTL(v)`` among a record's arguments: its TTL, in seconds or as a duration."""
    try:
        return TTLModifier(parse_ttl(ttl))
    except ValueError as exc:
        raise DslError(f"{where(caller_pos())}TTL({_q(ttl)}): {exc}") from None


def NAMESERVER(name: Any, *rest: Any) -> DomainModifier:
    """``NAMESERVER(host)``: add a nameserver to the domain's delegation."""
    pos = caller_pos()
    if not isinstance(name, str) or not name:
        raise DslError(f"{where(pos)}NAMESERVER(): the name must be a host name string")
    for extra in rest:
        if not isinstance(extra, Mapping | TTLModifier):
            raise DslError(
                f"{where(pos)}NAMESERVER({_q(name)}, ...): unexpected argument {extra!r}"
            )
    return DomainModifier("nameserver", name, pos)


def NAMESERVER_TTL(ttl: Any) -> DomainModifier:
    """``NAMESERVER_TTL(v)``: the TTL of the apex NS records the provider publishes."""
    pos = caller_pos()
    try:
        return DomainModifier("nameserver_ttl", parse_ttl(ttl), pos)
    except ValueError as exc:
        raise DslError(f"{where(pos)}NAMESERVER_TTL({_q(ttl)}): {exc}") from None


def IGNORE(labelSpec: Any = "*", typeSpec: Any = "*", targetSpec: Any = "*") -> DomainModifier:
    """``IGNORE(labelSpec, typeSpec, targetSpec)``: leave matching records alone. Each spec is a
    comma-separated list of globs (``*`` within one label, ``**`` across dots)."""
    pos = caller_pos()
    specs = []
    for what, spec in (
        ("labelSpec", labelSpec),
        ("typeSpec", typeSpec),
        ("targetSpec", targetSpec),
    ):
        if isinstance(spec, list | tuple) and all(isinstance(s, str) for s in spec):
            spec = ",".join(spec)
        if not isinstance(spec, str):
            raise DslError(f"{where(pos)}IGNORE(): {what} must be a string, got {spec!r}")
        specs.append(spec.strip() or "*")
    rule = IgnoreRule(label=specs[0], types=specs[1].upper(), target=specs[2], source=pos)
    return DomainModifier("ignore", rule, pos)


def IGNORE_NAME(pattern: Any, rTypes: Any = "*") -> DomainModifier:
    """``IGNORE_NAME(pattern, rTypes)``: ``IGNORE(pattern, rTypes)``."""
    modifier = IGNORE(pattern, rTypes)
    rule = modifier.value
    return DomainModifier(
        "ignore", IgnoreRule(rule.label, rule.types, "*", "IGNORE_NAME", rule.source), rule.source
    )


def IGNORE_TARGET(pattern: Any, rType: Any = "*") -> DomainModifier:
    """``IGNORE_TARGET(pattern, rType)``: ``IGNORE("*", rType, pattern)``."""
    modifier = IGNORE("*", rType, pattern)
    rule = modifier.value
    return DomainModifier(
        "ignore",
        IgnoreRule("*", rule.types, rule.target, "IGNORE_TARGET", rule.source),
        rule.source,
    )


def ENSURE_ABSENT_REC(*records: Any) -> DomainModifier | Flag:
    """``A("x", "1.2.3.4", ENSURE_ABSENT_REC())``, as in DNSControl: this record must not
    exist. ``ENSURE_ABSENT_REC(A("x", "1.2.3.4"), ...)`` says the same of several records."""
    if not records:
        return ENSURE_ABSENT
    return DomainModifier("ensure_absent", flatten(records), caller_pos())


def INCLUDE(domain: Any) -> DomainModifier:
    """``INCLUDE("other.tld")``: copy every record of a domain declared earlier."""
    pos = caller_pos()
    if not isinstance(domain, str) or not domain:
        raise DslError(f"{where(pos)}INCLUDE(): expected the name of a domain declared earlier")
    return DomainModifier("include", domain, pos)


def DEFAULTS(*modifiers: Any) -> None:
    """``DEFAULTS(...)``: modifiers applied at the start of every following ``D()``."""
    state = require_state("DEFAULTS")
    state.defaults = flatten(modifiers)


def SAFETY(max_change: Any = 0.33, min_records: Any = 10) -> DomainModifier:
    """``SAFETY(max_change=0.5, min_records=10)``: how much of this zone one push may delete or
    change before it stops (``push --force`` goes ahead anyway). ``max_change`` is a share of
    the zone's records, 0 to 1 (1: no limit); zones with fewer than ``min_records`` records are
    not limited, except that deleting all of them is always stopped unless ``max_change`` is 1.
    In ``DEFAULTS(...)`` it applies to every domain after it."""
    pos = caller_pos()
    if isinstance(max_change, bool) or not isinstance(max_change, int | float):
        raise DslError(
            f"{where(pos)}SAFETY(): max_change must be a number 0..1, got {max_change!r}"
        )
    if not 0 <= max_change <= 1:
        raise DslError(
            f"{where(pos)}SAFETY(max_change={max_change!r}): max_change is a share of the "
            "zone's records, from 0 to 1 (0.5 is half); 1 turns the limit off"
        )
    if isinstance(min_records, bool) or not isinstance(min_records, int) or min_records < 0:
        raise DslError(
            f"{where(pos)}SAFETY(): min_records must be a whole number >= 0, got {min_records!r}"
        )
    return DomainModifier("safety", Safety(float(max_change), min_records, pos), pos)
