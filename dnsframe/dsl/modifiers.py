"""Modifiers of a domain (``DefaultTTL``, ``NAMESERVER``, ``IGNORE``, ...) and of a record
(``TTL``, ``ENSURE_ABSENT_REC``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.state import DslError, caller_pos, made, require_state, taken, where
from dnsframe.dsl.values import ENSURE_ABSENT, DomainModifier, Flag, TTLModifier, flatten, parse_ttl
from dnsframe.model import IgnoreKind, IgnoreRule, SourcePos
from dnsframe.names import py_literal as _q


def DefaultTTL(ttl: Any) -> DomainModifier:
    """``DefaultTTL(v)``: the TTL of the records after it in ``D()`` that set none."""
    pos = caller_pos()
    try:
        return made(DomainModifier("default_ttl", parse_ttl(ttl), pos))
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
    return made(DomainModifier("nameserver", name, pos))


def NAMESERVER_TTL(ttl: Any) -> DomainModifier:
    """``NAMESERVER_TTL(v)``: the TTL of the apex NS records the provider publishes."""
    pos = caller_pos()
    try:
        return made(DomainModifier("nameserver_ttl", parse_ttl(ttl), pos))
    except ValueError as exc:
        raise DslError(f"{where(pos)}NAMESERVER_TTL({_q(ttl)}): {exc}") from None


def IGNORE(labelSpec: Any = "*", typeSpec: Any = "*", targetSpec: Any = "*") -> DomainModifier:
    """``IGNORE(labelSpec, typeSpec, targetSpec)``: leave matching records alone. Each spec is a
    comma-separated list of globs (``*`` within one label, ``**`` across dots)."""
    pos = caller_pos()
    return made(DomainModifier("ignore", _rule(pos, labelSpec, typeSpec, targetSpec), pos))


def IGNORE_NAME(pattern: Any, rTypes: Any = "*") -> DomainModifier:
    """``IGNORE_NAME(pattern, rTypes)``: ``IGNORE(pattern, rTypes)``."""
    pos = caller_pos()
    rule = _rule(pos, pattern, rTypes, "*", "IGNORE_NAME")
    return made(DomainModifier("ignore", rule, pos))


def IGNORE_TARGET(pattern: Any, rType: Any = "*") -> DomainModifier:
    """``IGNORE_TARGET(pattern, rType)``: ``IGNORE("*", rType, pattern)``."""
    pos = caller_pos()
    rule = _rule(pos, "*", rType, pattern, "IGNORE_TARGET")
    return made(DomainModifier("ignore", rule, pos))


def _rule(
    pos: SourcePos | None,
    labelSpec: Any,
    typeSpec: Any,
    targetSpec: Any,
    kind: IgnoreKind = "IGNORE",
) -> IgnoreRule:
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
    return IgnoreRule(specs[0], specs[1].upper(), specs[2], kind, pos)


def ENSURE_ABSENT_REC(*records: Any) -> DomainModifier | Flag:
    """``A("x", "1.2.3.4", ENSURE_ABSENT_REC())``, as in DNSControl: this record must not
    exist. ``ENSURE_ABSENT_REC(A("x", "1.2.3.4"), ...)`` says the same of several records."""
    if not records:
        return ENSURE_ABSENT
    specs = flatten(records)
    for spec in specs:
        taken(spec)  # the modifier carries them to a domain now
    return made(DomainModifier("ensure_absent", specs, caller_pos()))


def INCLUDE(domain: Any) -> DomainModifier:
    """``INCLUDE("other.tld")``: copy every record of a domain declared earlier."""
    pos = caller_pos()
    if not isinstance(domain, str) or not domain:
        raise DslError(f"{where(pos)}INCLUDE(): expected the name of a domain declared earlier")
    return made(DomainModifier("include", domain, pos))


def DEFAULTS(*modifiers: Any) -> None:
    """``DEFAULTS(...)``: modifiers applied at the start of every following ``D()``."""
    pos = caller_pos()
    state = require_state("DEFAULTS")
    state.defaults = []
    for index, modifier in enumerate(modifiers, start=1):
        items = flatten([modifier])
        if None in items:
            state.problem(
                pos,
                f"DEFAULTS(...): argument {index} {'is' if modifier is None else 'holds'} None, "
                "not a record or modifier; a function that builds them probably has no return "
                "statement",
            )
        for item in [modifier, *items]:
            taken(item)  # given to every later domain
        state.defaults += [item for item in items if item is not None]
