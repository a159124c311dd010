"""Modifiers of a domain (``DefaultTTL``, ``NAMESERVER``, ``IGNORE``, ...) and of a record
(``TTL``, ``ENSURE_ABSENT_REC``)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.state import caller_pos, made, problem, require_state, taken
from dnsframe.dsl.values import (
    ENSURE_ABSENT,
    DomainModifier,
    Flag,
    Invalid,
    TTLModifier,
    flatten,
    parse_ttl,
)
from dnsframe.model import IgnoreKind, IgnoreRule, Safety, SourcePos
from dnsframe.names import py_literal as _q
from dnsframe.rtypes import TYPES


def DefaultTTL(ttl: Any) -> DomainModifier | Invalid:
    """``DefaultTTL(v)``: the TTL of the records after it in ``D()`` that set none."""
    pos = caller_pos()
    try:
        return made(DomainModifier("default_ttl", parse_ttl(ttl), pos))
    except ValueError as exc:
        return problem(pos, f"DefaultTTL({_q(ttl)}): {exc}")


def TTL(ttl: Any) -> TTLModifier | Invalid:
    """``TTL(v)`` among a record's arguments: its TTL, in seconds or as a duration. A bad one
    is a problem recorded at its line; the record that holds it is then left out, and the
    evaluation goes on to find the others."""
    try:
        return TTLModifier(parse_ttl(ttl))
    except ValueError as exc:
        return problem(caller_pos(), f"TTL({_q(ttl)}): {exc}")


def NAMESERVER(name: Any, *rest: Any) -> DomainModifier | Invalid:
    """``NAMESERVER(host)``: add a nameserver to the domain's delegation."""
    pos = caller_pos()
    if not isinstance(name, str) or not name:
        return problem(pos, "NAMESERVER(): the name must be a host name string")
    for extra in rest:
        if isinstance(extra, Invalid):
            return extra  # its problem (a bad TTL) is recorded already
        if not isinstance(extra, Mapping | TTLModifier):
            return problem(pos, f"NAMESERVER({_q(name)}, ...): unexpected argument {extra!r}")
    return made(DomainModifier("nameserver", name, pos))


def NAMESERVER_TTL(ttl: Any) -> DomainModifier | Invalid:
    """``NAMESERVER_TTL(v)``: the TTL of the apex NS records the provider publishes."""
    pos = caller_pos()
    try:
        return made(DomainModifier("nameserver_ttl", parse_ttl(ttl), pos))
    except ValueError as exc:
        return problem(pos, f"NAMESERVER_TTL({_q(ttl)}): {exc}")


def IGNORE(
    labelSpec: Any = "*", typeSpec: Any = "*", targetSpec: Any = "*"
) -> DomainModifier | Invalid:
    """``IGNORE(labelSpec, typeSpec, targetSpec)``: leave matching records alone. Each spec is a
    comma-separated list of globs (``*`` within one label, ``**`` across dots); the type spec is
    ``"*"`` or a comma-separated list of record types."""
    pos = caller_pos()
    return _ignore(pos, labelSpec, typeSpec, targetSpec, "IGNORE")


def IGNORE_NAME(pattern: Any, rTypes: Any = "*") -> DomainModifier | Invalid:
    """``IGNORE_NAME(pattern, rTypes)``: ``IGNORE(pattern, rTypes)``."""
    return _ignore(caller_pos(), pattern, rTypes, "*", "IGNORE_NAME")


def IGNORE_TARGET(pattern: Any, rType: Any = "*") -> DomainModifier | Invalid:
    """``IGNORE_TARGET(pattern, rType)``: ``IGNORE("*", rType, pattern)``."""
    return _ignore(caller_pos(), "*", rType, pattern, "IGNORE_TARGET")


#: DNSControl's record types that are not DNS types (provider-specific ones) and that
#: dnsframe does not define; any DNS type dnspython knows is recognised as well.
_DNSCONTROL_ONLY_TYPES = frozenset(
    {
        "AKAMAICDN", "AKAMAITLC", "AZURE_ALIAS", "CF_REDIRECT", "CF_SINGLE_REDIRECT",
        "CF_TEMP_REDIRECT", "CF_WORKER_ROUTE", "CLOUDNS_WR", "FRAME", "PORKBUN_URLFWD",
        "R53_ALIAS", "URL", "URL301",
    }
)  # fmt: skip


def _ignore(
    pos: SourcePos | None, labelSpec: Any, typeSpec: Any, targetSpec: Any, kind: IgnoreKind
) -> DomainModifier | Invalid:
    specs = []
    for what, spec in (
        ("labelSpec", labelSpec),
        ("typeSpec", typeSpec),
        ("targetSpec", targetSpec),
    ):
        if isinstance(spec, list | tuple) and all(isinstance(s, str) for s in spec):
            spec = ",".join(spec)
        if not isinstance(spec, str):
            return problem(pos, f"{kind}(): {what} must be a string, got {spec!r}")
        specs.append(spec.strip() or "*")
    rule = IgnoreRule(specs[0], specs[1].upper(), specs[2], kind, pos)
    call = f"{kind}({', '.join(_q(s) for s in specs)})"
    if kind == "IGNORE_NAME":
        call = f"{kind}({_q(specs[0])}, {_q(specs[1])})"
    elif kind == "IGNORE_TARGET":
        call = f"{kind}({_q(specs[2])}, {_q(specs[1])})"
    for type_name in rule.types.split(","):
        type_name = type_name.strip()
        if not type_name or type_name == "*" or type_name in TYPES:
            continue
        if type_name in _DNSCONTROL_ONLY_TYPES or _is_dns_type(type_name):
            return problem(
                pos,
                f"{call}: dnsframe does not support {type_name} records (yet), so no record it "
                f"manages can be one; leave {type_name} out of the type list",
            )
        close = difflib.get_close_matches(type_name, sorted(TYPES), n=1)
        hint = (
            f"; did you mean {close[0]}?"
            if close
            else f"; the types are {', '.join(sorted(TYPES))}"
        )
        return problem(pos, f"{call}: there is no record type {type_name}{hint}")
    return made(DomainModifier("ignore", rule, pos))


def _is_dns_type(name: str) -> bool:
    import dns.rdatatype

    try:
        dns.rdatatype.from_text(name)
    except dns.rdatatype.UnknownRdatatype:
        return False
    return not name.startswith("TYPE")  # TYPE65280: any number is a "type" by that spelling


def ENSURE_ABSENT_REC(*records: Any) -> DomainModifier | Flag:
    """``A("x", "1.2.3.4", ENSURE_ABSENT_REC())``, as in DNSControl: this record must not
    exist. ``ENSURE_ABSENT_REC(A("x", "1.2.3.4"), ...)`` says the same of several records."""
    if not records:
        return ENSURE_ABSENT
    specs = flatten(records)
    for spec in specs:
        taken(spec)  # the modifier carries them to a domain now
    return made(DomainModifier("ensure_absent", specs, caller_pos()))


def INCLUDE(domain: Any) -> DomainModifier | Invalid:
    """``INCLUDE("other.tld")``: copy every record of a domain declared earlier."""
    pos = caller_pos()
    if not isinstance(domain, str) or not domain:
        return problem(pos, "INCLUDE(): expected the name of a domain declared earlier")
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


def SAFETY(max_change: Any = 0.33, min_records: Any = 10) -> DomainModifier | Invalid:
    """``SAFETY(max_change=0.5, min_records=10)``: how much of this zone one push may delete or
    change before it stops (``push --force`` goes ahead anyway). ``max_change`` is a share of
    the zone's records, 0 to 1 (1: no limit); zones with fewer than ``min_records`` records are
    not limited, except that deleting all of them is always stopped unless ``max_change`` is 1.
    In ``DEFAULTS(...)`` it applies to every domain after it."""
    pos = caller_pos()
    if isinstance(max_change, bool) or not isinstance(max_change, int | float):
        return problem(pos, f"SAFETY(): max_change must be a number 0..1, got {max_change!r}")
    if not 0 <= max_change <= 1:
        return problem(
            pos,
            f"SAFETY(max_change={max_change!r}): max_change is a share of the "
            "zone's records, from 0 to 1 (0.5 is half); 1 turns the limit off",
        )
    if isinstance(min_records, bool) or not isinstance(min_records, int) or min_records < 0:
        return problem(
            pos, f"SAFETY(): min_records must be a whole number >= 0, got {min_records!r}"
        )
    return made(DomainModifier("safety", Safety(float(max_change), min_records, pos), pos))
