"""The configuration language: DNSControl's functions, in Python.

``dnsconfig.py`` calls these (they are in scope without an import, and ``from dnsframe import *``
brings them anywhere else). Record functions (``A``, ``MX``, ...) return record specs that may be
kept in variables, lists and macros; ``D()`` places them in a domain, resolving names and data
against it. Every problem is collected with the file and line that caused it and reported at
the end of the evaluation (:mod:`dnsframe.evaluate`).
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType
from typing import Any, Literal

import dns.exception
import dns.name

from dnsframe import rdata
from dnsframe.diff import split_globs
from dnsframe.errors import ConfigError
from dnsframe.model import (
    DnsProviderUse,
    Domain,
    IgnoreRule,
    Nameserver,
    ProviderKind,
    ProviderRef,
    Record,
    SourcePos,
    freeze_metadata,
)
from dnsframe.names import py_literal as _q

__all__ = [
    "AAAA",
    "ALIAS",
    "AUTODNSSEC_OFF",
    "AUTODNSSEC_ON",
    "CAA",
    "CAA_BUILDER",
    "CAA_CRITICAL",
    "CNAME",
    "DEFAULTS",
    "DISABLE_IGNORE_SAFETY_CHECK",
    "DMARC_BUILDER",
    "DNAME",
    "DS",
    "D_EXTEND",
    "END",
    "ENSURE_ABSENT_REC",
    "IGNORE",
    "IGNORE_NAME",
    "IGNORE_TARGET",
    "INCLUDE",
    "IP",
    "LOC",
    "MX",
    "NAMESERVER",
    "NAMESERVER_TTL",
    "NAPTR",
    "NO_PURGE",
    "NS",
    "PTR",
    "PURGE",
    "REV",
    "RP",
    "SPF_BUILDER",
    "SRV",
    "SSHFP",
    "TLSA",
    "TTL",
    "TXT",
    "A",
    "D",
    "DefaultTTL",
    "DnsProvider",
    "NewDnsProvider",
    "NewRegistrar",
]

DEFAULT_TTL = 300
_PACKAGE_DIR = str(Path(__file__).resolve().parent)


# --------------------------------------------------------------------------------------------
# Where the user wrote it


def caller_pos() -> SourcePos | None:
    """The file and line in the user's code that called into the DSL."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR) and not filename.startswith("<frozen"):
            return SourcePos(_display_path(filename), frame.f_lineno)
        frame = frame.f_back
    return None


def _display_path(filename: str) -> str:
    state = _state.get()
    if state is not None:
        return state.display_path(filename)
    return filename


def _at(pos: SourcePos | None) -> str:
    return f"{pos}: " if pos else ""


class DslError(ConfigError):
    """A misuse of a DSL function that cannot be collected and carried on from."""


# --------------------------------------------------------------------------------------------
# Values: TTLs, numbers, names


_DURATION = re.compile(r"(\d+)([smhdwny]?)", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "n": 2592000, "y": 31536000}


def parse_ttl(value: object) -> int:
    """A TTL in seconds from a number or one of DNSControl's duration strings: digits and at
    most one unit, ``s``, ``m``, ``h``, ``d``, ``w``, ``n`` (30 days) or ``y`` (365 days):
    ``"300"``, ``"5m"``, ``"1h"``, ``"2d"``, ``"1w"``. Raises ``ValueError`` for the user."""
    if isinstance(value, bool):
        raise ValueError(f"TTL must be a number of seconds or a duration like '1h', got {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float) and value.is_integer():
        seconds = int(value)
    elif isinstance(value, str) and (match := _DURATION.fullmatch(value.strip())):
        seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    else:
        raise ValueError(
            f"TTL {value!r} is not a number of seconds or a duration like '300', '5m', '1h', "
            "'2d', '1w'"
        )
    if not 0 <= seconds <= 2**31 - 1:
        raise ValueError(f"TTL must be between 0 and 2147483647 seconds, got {seconds}")
    return seconds


def _uint(value: object, what: str, bits: int) -> int:
    top = 2**bits - 1
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise ValueError(f"{what} must be an integer 0..{top}, got {value!r}")
    return value


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string, got {value!r}")
    return value


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_LABEL = re.compile(r"^[a-z0-9_*/-]+$")


def to_ascii_name(name: str) -> str:
    """A domain name lowercased and in punycode, without trailing dot."""
    try:
        text = dns.name.from_unicode(name.rstrip(".") + ".").to_text().rstrip(".").lower()
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        raise ValueError(f"{name!r} is not a valid domain name ({exc})") from None
    if not all(_LABEL.match(label) for label in text.split(".")):
        raise ValueError(
            f"{name!r} is not a valid domain name (labels are letters, digits, '-' and '_')"
        )
    return text


# --------------------------------------------------------------------------------------------
# What the DSL functions return


class _Flag:
    """A modifier that DNSControl writes bare (``NO_PURGE``); calling it returns itself."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self) -> _Flag:
        return self

    def __repr__(self) -> str:
        return self.name


NO_PURGE = _Flag("NO_PURGE")
PURGE = _Flag("PURGE")
AUTODNSSEC_ON = _Flag("AUTODNSSEC_ON")
AUTODNSSEC_OFF = _Flag("AUTODNSSEC_OFF")
DISABLE_IGNORE_SAFETY_CHECK = _Flag("DISABLE_IGNORE_SAFETY_CHECK")
END = _Flag("END")
CAA_CRITICAL = _Flag("CAA_CRITICAL")

_DOMAIN_FLAGS = (NO_PURGE, PURGE, AUTODNSSEC_ON, AUTODNSSEC_OFF, DISABLE_IGNORE_SAFETY_CHECK, END)


@dataclass(frozen=True, slots=True)
class TTLModifier:
    """``TTL(v)`` among a record's arguments."""

    seconds: int

    def __repr__(self) -> str:
        return f"TTL({self.seconds})"


@dataclass(frozen=True, slots=True)
class DomainModifier:
    """A modifier of ``D()`` other than a record: what it is and what it carries."""

    kind: str
    value: Any = None
    source: SourcePos | None = None

    def __repr__(self) -> str:
        names = {
            "dns_provider": "DnsProvider",
            "default_ttl": "DefaultTTL",
            "nameserver": "NAMESERVER",
            "nameserver_ttl": "NAMESERVER_TTL",
            "ignore": "IGNORE",
            "ensure_absent": "ENSURE_ABSENT_REC",
            "include": "INCLUDE",
            "expand": "SPF_BUILDER",
        }
        return f"{names.get(self.kind, self.kind)}(...)"


@dataclass(frozen=True, slots=True)
class RecordSpec:
    """A record call (``MX("@", 10, "mail")``) before ``D()`` places it in a domain."""

    type: str
    name: str
    values: tuple[Any, ...]
    ttl: int | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    source: SourcePos | None = None
    flags: frozenset[str] = frozenset()

    def describe(self) -> str:
        return (
            f"{self.type}({_q(self.name)}, ...)" if self.values else f"{self.type}({_q(self.name)})"
        )


@dataclass(frozen=True, slots=True)
class _Invalid:
    """What a record call returns after a problem was recorded; ``D()`` skips it."""

    source: SourcePos | None


# --------------------------------------------------------------------------------------------
# The evaluation state


@dataclass
class _DomainDraft:
    name: str
    unicode_name: str
    tag: str | None
    registrar: ProviderRef
    source: SourcePos | None
    dns_providers: list[DnsProviderUse] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    nameservers: list[Nameserver] = field(default_factory=list)
    nameserver_ttl: int | None = None
    ignores: list[IgnoreRule] = field(default_factory=list)
    ensure_absent: list[Record] = field(default_factory=list)
    no_purge: bool = False
    autodnssec: Literal["on", "off"] | None = None
    disable_ignore_safety_check: bool = False
    default_ttl: int = DEFAULT_TTL
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Every record spec placed in this domain, with its subdomain and TTL, for INCLUDE.
    placed: list[tuple[RecordSpec, str, int]] = field(default_factory=list)

    @property
    def unique_name(self) -> str:
        return f"{self.name}!{self.tag}" if self.tag else self.name

    def freeze(self) -> Domain:
        return Domain(
            name=self.name,
            unicode_name=self.unicode_name,
            tag=self.tag,
            registrar=self.registrar,
            dns_providers=tuple(self.dns_providers),
            records=tuple(self.records),
            nameservers=tuple(self.nameservers),
            nameserver_ttl=self.nameserver_ttl,
            ignores=tuple(self.ignores),
            ensure_absent=tuple(self.ensure_absent),
            no_purge=self.no_purge,
            autodnssec=self.autodnssec,
            disable_ignore_safety_check=self.disable_ignore_safety_check,
            default_ttl=self.default_ttl,
            metadata=freeze_metadata(self.metadata),
            source=self.source,
        )


@dataclass
class EvalState:
    """What one evaluation of a config has declared so far."""

    config_dir: str
    domains: dict[str, _DomainDraft] = field(default_factory=dict)
    providers: dict[tuple[ProviderKind, str], ProviderRef] = field(default_factory=dict)
    defaults: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def display_path(self, filename: str) -> str:
        """``filename`` as the user would type it: relative to the working folder if inside."""
        if filename.startswith("<"):
            return filename
        try:
            relative = os.path.relpath(filename)
        except ValueError:
            return filename
        return filename if relative.startswith("..") else relative

    def problem(self, pos: SourcePos | None, message: str) -> None:
        self.problems.append(f"{_at(pos)}{message}")


_state: ContextVar[EvalState | None] = ContextVar("dnsframe_eval_state", default=None)


def _require_state(what: str) -> EvalState:
    state = _state.get()
    if state is None:
        raise DslError(
            f"{what}() declares part of a config and works only while dnsframe evaluates "
            "dnsconfig.py (dnsframe check, preview, push)"
        )
    return state


def at(pos: SourcePos | None, spec: RecordSpec | _Invalid) -> RecordSpec | _Invalid:
    """``spec`` with its source set to ``pos`` (records that a builder makes later)."""
    if isinstance(spec, RecordSpec) and pos is not None:
        return replace(spec, source=pos)
    return spec


def _problem(pos: SourcePos | None, message: str) -> _Invalid:
    state = _state.get()
    if state is None:
        raise DslError(f"{_at(pos)}{message}")
    state.problem(pos, message)
    return _Invalid(pos)


# --------------------------------------------------------------------------------------------
# Providers


def _declare(kind: ProviderKind, fn: str, args: tuple[Any, ...]) -> ProviderRef:
    pos = caller_pos()
    if not args or len(args) > 3:
        raise DslError(f"{_at(pos)}{fn}(name, [type], [metadata]) takes 1 to 3 arguments")
    name, type_name, meta = args[0], None, None
    if not isinstance(name, str) or not name:
        raise DslError(f"{_at(pos)}{fn}(): the name must be a creds.json key (a string)")
    for extra in args[1:]:
        if isinstance(extra, str) and type_name is None and meta is None:
            type_name = extra
        elif isinstance(extra, Mapping) and meta is None:
            meta = extra
        else:
            raise DslError(
                f"{_at(pos)}{fn}({name!r}, ...): expected a type name (string) and then "
                f"metadata (dict), got {extra!r}"
            )
    if type_name == "-":  # DNSControl's "take the type from creds.json"
        type_name = None
    ref = ProviderRef(
        name=name,
        kind=kind,
        type=type_name.upper() if type_name else None,
        metadata=freeze_metadata(meta),
        source=pos,
    )
    state = _state.get()
    if state is not None:
        known = state.providers.get((kind, name))
        if known is not None and known.type and ref.type and known.type != ref.type:
            raise DslError(
                f"{_at(pos)}{fn}({name!r}, {type_name!r}): declared before at {known.source} "
                f"with the type {known.type}"
            )
        if known is None or (ref.type and not known.type):
            state.providers[(kind, name)] = ref
        else:
            ref = known
    return ref


def NewRegistrar(*args: Any) -> ProviderRef:
    """``NewRegistrar(name, [type], [metadata])``: the registrar configured by creds key
    ``name``."""
    return _declare("registrar", "NewRegistrar", args)


def NewDnsProvider(*args: Any) -> ProviderRef:
    """``NewDnsProvider(name, [type], [metadata])``: the DNS provider configured by creds key
    ``name``."""
    return _declare("dns", "NewDnsProvider", args)


def DnsProvider(provider: Any, nsCount: Any = -1) -> DomainModifier:
    """``DnsProvider(provider, nsCount=-1)``: host the domain at ``provider``; use
    ``nsCount`` of its nameservers in the delegation (-1: all, 0: none)."""
    pos = caller_pos()
    if isinstance(provider, str):
        state = _state.get()
        known = state.providers.get(("dns", provider)) if state else None
        provider = known or ProviderRef(name=provider, kind="dns", source=pos)
    if not isinstance(provider, ProviderRef) or provider.kind != "dns":
        raise DslError(
            f"{_at(pos)}DnsProvider({provider!r}): expected the value of NewDnsProvider(...)"
        )
    if isinstance(nsCount, bool) or not isinstance(nsCount, int) or nsCount < -1:
        raise DslError(
            f"{_at(pos)}DnsProvider(): nsCount must be an integer >= -1, got {nsCount!r}"
        )
    return DomainModifier("dns_provider", DnsProviderUse(provider, nsCount), pos)


# --------------------------------------------------------------------------------------------
# Domain modifiers


def DefaultTTL(ttl: Any) -> DomainModifier:
    """``DefaultTTL(v)``: the TTL of the records after it in ``D()`` that set none."""
    pos = caller_pos()
    try:
        return DomainModifier("default_ttl", parse_ttl(ttl), pos)
    except ValueError as exc:
        raise DslError(f"{_at(pos)}DefaultTTL({_q(ttl)}): {exc}") from None


def TTL(ttl: Any) -> TTLModifier:
    """``TTL(v)`` among a record's arguments: its TTL, in seconds or as a duration."""
    try:
        return TTLModifier(parse_ttl(ttl))
    except ValueError as exc:
        raise DslError(f"{_at(caller_pos())}TTL({_q(ttl)}): {exc}") from None


def NAMESERVER(name: Any, *rest: Any) -> DomainModifier:
    """``NAMESERVER(host)``: add a nameserver to the domain's delegation."""
    pos = caller_pos()
    if not isinstance(name, str) or not name:
        raise DslError(f"{_at(pos)}NAMESERVER(): the name must be a host name string")
    for extra in rest:
        if not isinstance(extra, Mapping | TTLModifier):
            raise DslError(f"{_at(pos)}NAMESERVER({_q(name)}, ...): unexpected argument {extra!r}")
    return DomainModifier("nameserver", name, pos)


def NAMESERVER_TTL(ttl: Any) -> DomainModifier:
    """``NAMESERVER_TTL(v)``: the TTL of the apex NS records the provider publishes."""
    pos = caller_pos()
    try:
        return DomainModifier("nameserver_ttl", parse_ttl(ttl), pos)
    except ValueError as exc:
        raise DslError(f"{_at(pos)}NAMESERVER_TTL({_q(ttl)}): {exc}") from None


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
            raise DslError(f"{_at(pos)}IGNORE(): {what} must be a string, got {spec!r}")
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


_ENSURE_ABSENT = _Flag("ENSURE_ABSENT_REC()")


def ENSURE_ABSENT_REC(*records: Any) -> DomainModifier | _Flag:
    """``A("x", "1.2.3.4", ENSURE_ABSENT_REC())``, as in DNSControl: this record must not
    exist. ``ENSURE_ABSENT_REC(A("x", "1.2.3.4"), ...)`` says the same of several records."""
    if not records:
        return _ENSURE_ABSENT
    return DomainModifier("ensure_absent", _flatten(records), caller_pos())


def INCLUDE(domain: Any) -> DomainModifier:
    """``INCLUDE("other.tld")``: copy every record of a domain declared earlier."""
    pos = caller_pos()
    if not isinstance(domain, str) or not domain:
        raise DslError(f"{_at(pos)}INCLUDE(): expected the name of a domain declared earlier")
    return DomainModifier("include", domain, pos)


def DEFAULTS(*modifiers: Any) -> None:
    """``DEFAULTS(...)``: modifiers applied at the start of every following ``D()``."""
    state = _require_state("DEFAULTS")
    state.defaults = _flatten(modifiers)


def _flatten(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, list | tuple):
            out.extend(_flatten(item))
        else:
            out.append(item)
    return out


# --------------------------------------------------------------------------------------------
# D() and D_EXTEND()


def D(name: Any, registrar: Any = None, *modifiers: Any) -> None:
    """``D(name, registrar, modifiers...)``: declare a domain, its providers and its records."""
    pos = caller_pos()
    state = _require_state("D")
    if not isinstance(name, str) or not name.strip():
        raise DslError(f"{_at(pos)}D(): the first argument must be the domain name, got {name!r}")
    base, _, tag = name.strip().partition("!")
    try:
        ascii_name = to_ascii_name(base)
    except ValueError as exc:
        raise DslError(f"{_at(pos)}D({_q(name)}): {exc}") from None
    if isinstance(registrar, str):
        registrar = state.providers.get(("registrar", registrar), registrar)
    if not isinstance(registrar, ProviderRef) or registrar.kind != "registrar":
        raise DslError(
            f"{_at(pos)}D({_q(name)}, ...): the second argument must be a registrar from "
            f"NewRegistrar(...), got {registrar!r}"
        )
    draft = _DomainDraft(
        name=ascii_name,
        unicode_name=base.rstrip(".").lower(),
        tag=tag or None,
        registrar=registrar,
        source=pos,
    )
    earlier = state.domains.get(draft.unique_name)
    if earlier is not None:
        raise DslError(
            f"{_at(pos)}D({_q(name)}): the domain is declared twice (first at {earlier.source}); "
            "merge the two, or use D_EXTEND to add to it"
        )
    state.domains[draft.unique_name] = draft
    _apply(state, draft, [*state.defaults, *modifiers], subdomain="")


def D_EXTEND(name: Any, *modifiers: Any) -> None:
    """``D_EXTEND(name, modifiers...)``: add to a domain declared earlier. ``name`` may be a
    subdomain of it (``"sub.example.tld"``): record names are then relative to the subdomain."""
    pos = caller_pos()
    state = _require_state("D_EXTEND")
    if not isinstance(name, str) or not name.strip():
        raise DslError(f"{_at(pos)}D_EXTEND(): the first argument must be a domain name")
    base, _, tag = name.strip().partition("!")
    try:
        ascii_name = to_ascii_name(base)
    except ValueError as exc:
        raise DslError(f"{_at(pos)}D_EXTEND({_q(name)}): {exc}") from None
    best: _DomainDraft | None = None
    for draft in state.domains.values():
        if (draft.tag or "") != tag:
            continue
        inside = ascii_name == draft.name or ascii_name.endswith("." + draft.name)
        if inside and (best is None or len(draft.name) > len(best.name)):
            best = draft
    if best is None:
        raise DslError(
            f"{_at(pos)}D_EXTEND({_q(name)}): no domain declared before this line contains it; "
            "declare it with D() first"
        )
    subdomain = ascii_name[: -len(best.name)].rstrip(".") if ascii_name != best.name else ""
    _apply(state, best, list(modifiers), subdomain=subdomain)


def _apply(state: EvalState, draft: _DomainDraft, modifiers: list[Any], subdomain: str) -> None:
    for item in _flatten(modifiers):
        if isinstance(item, RecordSpec) and _ENSURE_ABSENT.name in item.flags:
            _modify(state, draft, DomainModifier("ensure_absent", [item], item.source), subdomain)
        elif isinstance(item, RecordSpec):
            record = _place(state, draft, item, subdomain)
            if record is not None:
                draft.records.append(record)
        elif isinstance(item, _Invalid):
            continue
        elif isinstance(item, DomainModifier):
            _modify(state, draft, item, subdomain)
        elif isinstance(item, _Flag):
            _flag(draft, item)
        elif isinstance(item, ProviderRef) and item.kind == "dns":
            draft.dns_providers.append(DnsProviderUse(item, -1))
        elif isinstance(item, Mapping):
            draft.metadata.update(item)
        elif item is None:
            continue
        else:
            state.problem(
                draft.source,
                f"D({_q(draft.unique_name)}, ...): unexpected argument {item!r}; expected records, "
                "DnsProvider(...), or other domain modifiers",
            )


def _flag(draft: _DomainDraft, flag: _Flag) -> None:
    if flag is NO_PURGE:
        draft.no_purge = True
    elif flag is PURGE:
        draft.no_purge = False
    elif flag is AUTODNSSEC_ON:
        draft.autodnssec = "on"
    elif flag is AUTODNSSEC_OFF:
        draft.autodnssec = "off"
    elif flag is DISABLE_IGNORE_SAFETY_CHECK:
        draft.disable_ignore_safety_check = True


def _modify(state: EvalState, draft: _DomainDraft, mod: DomainModifier, subdomain: str) -> None:
    if mod.kind == "dns_provider":
        draft.dns_providers.append(mod.value)
    elif mod.kind == "default_ttl":
        draft.default_ttl = mod.value
    elif mod.kind == "nameserver":
        try:
            host = rdata.absolute_name(_host(mod.value, "name"), draft.name).rstrip(".")
        except (ValueError, rdata.RdataError) as exc:
            state.problem(mod.source, f"NAMESERVER({_q(mod.value)}): {exc}")
            return
        draft.nameservers.append(Nameserver(host, mod.source))
    elif mod.kind == "nameserver_ttl":
        draft.nameserver_ttl = mod.value
    elif mod.kind == "ignore":
        rule: IgnoreRule = mod.value
        if subdomain:
            # Inside D_EXTEND("sub.example.tld"), a label pattern is relative to the subdomain:
            # "@" is the subdomain itself, "*" (everything) is the subdomain and all below it.
            label = rule.label.strip()
            if label in {"", "*", "**"}:
                label = f"{{{subdomain},**.{subdomain}}}"
            else:
                label = ",".join(_join_label(p.strip(), subdomain) for p in split_globs(label))
            rule = IgnoreRule(label, rule.types, rule.target, rule.kind, rule.source)
        draft.ignores.append(rule)
    elif mod.kind == "ensure_absent":
        for spec in mod.value:
            if isinstance(spec, RecordSpec):
                record = _place(state, draft, spec, subdomain)
                if record is not None:
                    draft.placed.pop()
                    draft.ensure_absent.append(record)
            elif not isinstance(spec, _Invalid):
                state.problem(mod.source, f"ENSURE_ABSENT_REC(): {spec!r} is not a record")
    elif mod.kind == "include":
        _include(state, draft, mod)
    elif mod.kind == "expand":
        _apply(state, draft, list(mod.value(draft.name)), subdomain)


def _include(state: EvalState, draft: _DomainDraft, mod: DomainModifier) -> None:
    """Place every record of an earlier domain here again, as DNSControl does: names stay
    relative, so they now name records of this domain, and TTLs stay as they were."""
    wanted: str = mod.value
    base, _, tag = wanted.partition("!")
    try:
        key = to_ascii_name(base) + (f"!{tag}" if tag else "")
    except ValueError as exc:
        state.problem(mod.source, f"INCLUDE({_q(wanted)}): {exc}")
        return
    other = state.domains.get(key)
    if other is None:
        state.problem(
            mod.source,
            f"INCLUDE({_q(wanted)}): no domain of that name is declared before this line",
        )
        return
    if other is draft:
        state.problem(mod.source, f"INCLUDE({_q(wanted)}): a domain cannot include itself")
        return
    for spec, subdomain, ttl in list(other.placed):
        record = _place(state, draft, spec, subdomain, ttl)
        if record is not None:
            draft.records.append(record)


def _join_label(label: str, subdomain: str) -> str:
    if not subdomain:
        return label
    return subdomain if label == "@" else f"{label}.{subdomain}"


# --------------------------------------------------------------------------------------------
# Placing a record in a domain


def _is_reverse(zone: str) -> bool:
    return zone.endswith((".in-addr.arpa", ".ip6.arpa"))


def relative_label(
    name: str, zone: str, subdomain: str = "", *, skip_fqdn_check: bool = False
) -> str:
    """A record name as written (``"@"``, ``"www"``, ``"www.example.tld."``) relative to
    ``zone``: lowercase ASCII, ``"@"`` for the apex. Raises ValueError.

    A name inside ``D_EXTEND("sub.example.tld")`` is relative to the subdomain. As in
    DNSControl, a name that repeats the domain without a trailing dot (``"www.example.tld"``)
    is an error unless the record's metadata says ``skip_fqdn_check``, and in reverse zones an
    IP address names its PTR record (``PTR("192.0.2.4", ...)`` in ``2.0.192.in-addr.arpa``).
    """
    if not isinstance(name, str):
        raise ValueError(f"the record name must be a string, got {name!r}")
    name = name.strip()
    if not name:
        raise ValueError('the record name is empty; use "@" for the apex')
    if name.endswith("."):
        full = to_ascii_name(name)
        if full == zone:
            return "@"
        if not full.endswith("." + zone):
            raise ValueError(f"the name {name!r} is not inside the domain {zone}")
        return full[: -len(zone) - 1]
    if name == "@":
        return _join_label("@", subdomain)
    if _is_reverse(zone) and (reverse := _reverse_label(name, zone)) is not None:
        return reverse
    label = to_ascii_name(name)
    if (label == zone or label.endswith("." + zone)) and not skip_fqdn_check:
        if _is_reverse(zone):
            return "@" if label == zone else label[: -len(zone) - 1]
        short = label[: -len(zone)].rstrip(".") or "@"
        raise ValueError(
            f"the name {name!r} repeats the domain {zone}; write {short!r}, or end the name "
            "with a dot if you mean it as a full name"
        )
    return _join_label(label, subdomain)


def _reverse_label(name: str, zone: str) -> str | None:
    """The label of the PTR record for the address ``name`` in the reverse zone ``zone``, or
    None when ``name`` is not an address."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None
    if (address.version == 4) != zone.endswith(".in-addr.arpa"):
        raise ValueError(f"the address {name} does not belong in the reverse zone {zone}")
    full = address.reverse_pointer
    if full.endswith("." + zone):
        return full[: -len(zone) - 1]
    # RFC 2317 classless zones: "128/25.2.0.192.in-addr.arpa" holds the last octet as label.
    first, _, rest = zone.partition(".")
    if address.version == 4 and "/" in first:
        start, _, bits = first.partition("/")
        octets = name.split(".")
        if (
            start.isdigit()
            and bits.isdigit()
            and rest == ".".join(reversed(octets[:3])) + ".in-addr.arpa"
        ):
            network = ipaddress.ip_network(f"{'.'.join(octets[:3])}.{start}/{bits}", strict=False)
            if address in network:
                return octets[3]
    raise ValueError(f"the address {name} does not belong in the reverse zone {zone}")


def _place(
    state: EvalState, draft: _DomainDraft, spec: RecordSpec, subdomain: str, ttl: int | None = None
) -> Record | None:
    zone = draft.name
    try:
        skip = str(spec.metadata.get("skip_fqdn_check", "")).lower() == "true"
        label = relative_label(spec.name, zone, subdomain, skip_fqdn_check=skip)
        origin = f"{subdomain}.{zone}" if subdomain else zone
        text = _CONVERTERS[spec.type](spec, origin, label)
        content = rdata.canonical(spec.type, text, origin)
    except (ValueError, rdata.RdataError) as exc:
        state.problem(spec.source, f"{spec.describe()}: {exc}")
        return None
    if ttl is None:
        ttl = spec.ttl if spec.ttl is not None else draft.default_ttl
    draft.placed.append((spec, subdomain, ttl))
    return Record(label, spec.type, content, ttl, freeze_metadata(spec.metadata), spec.source)


# --------------------------------------------------------------------------------------------
# Record functions


def _record(rtype: str, params: tuple[str, ...], args: tuple[Any, ...]) -> RecordSpec | _Invalid:
    pos = caller_pos()
    ttl: int | None = None
    meta: dict[str, Any] = {}
    flags: set[str] = set()
    values: list[Any] = []
    for arg in args:
        if isinstance(arg, TTLModifier):
            ttl = arg.seconds
        elif isinstance(arg, Mapping):
            meta.update(arg)
        elif arg is CAA_CRITICAL or arg is _ENSURE_ABSENT:
            flags.add(arg.name)
        elif isinstance(arg, _Flag | DomainModifier | RecordSpec | ProviderRef):
            first = _q(args[0]) if args else ""
            return _problem(pos, f"{rtype}({first}, ...): {arg!r} is not a record modifier")
        else:
            values.append(arg)
    signature = f"{rtype}({', '.join(params)})"
    if len(values) != len(params):
        first = f"{_q(values[0])}, ..." if values else ""
        return _problem(
            pos,
            f"{rtype}({first}): takes {len(params)} arguments, {signature}, got {len(values)}",
        )
    name = values[0]
    if not isinstance(name, str):
        return _problem(pos, f"{signature}: the name must be a string, got {name!r}")
    return RecordSpec(
        type=rtype,
        name=name,
        values=tuple(values[1:]),
        ttl=ttl,
        metadata=meta,
        source=pos,
        flags=frozenset(flags),
    )


_BAD_HOST_CHARS = frozenset(" \"'+,|!$%&()=?^;:<>[]@\\")


def _host(value: object, what: str = "target") -> str:
    """A host name target as DNSControl takes it: ``"@"``, a single label inside the domain,
    or an absolute name ending with a dot."""
    text = _text(value, what).strip()
    if not text:
        raise ValueError(f"{what} is empty")
    if text in {"@", "."}:
        return text
    if "." in text and not text.endswith("."):
        raise ValueError(
            f"{what} {text!r} contains a dot but does not end with one; write {text + '.'!r} "
            "for that host, or a single label for a name inside the domain"
        )
    if any(c in _BAD_HOST_CHARS for c in text) or ("/" in text and not text.endswith(".arpa.")):
        raise ValueError(f"{what} {text!r} is not a valid host name")
    return text


def _ip(value: object, version: int) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and version == 4:
        value = str(ipaddress.IPv4Address(value))  # IP("1.2.3.4") gives a number, as in DNSControl
    text = _text(value, "address").strip()
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an IPv{version} address") from None
    if address.version != version:
        raise ValueError(f"{text!r} is not an IPv{version} address")
    return address.compressed


def _conv_a(spec: RecordSpec, origin: str, label: str) -> str:
    return _ip(spec.values[0], 4)


def _conv_aaaa(spec: RecordSpec, origin: str, label: str) -> str:
    return _ip(spec.values[0], 6)


def _conv_host(spec: RecordSpec, origin: str, label: str) -> str:
    return _host(spec.values[0])


def _conv_mx(spec: RecordSpec, origin: str, label: str) -> str:
    priority = _uint(spec.values[0], "priority", 16)
    return f"{priority} {_host(spec.values[1])}"


def _conv_srv(spec: RecordSpec, origin: str, label: str) -> str:
    priority = _uint(spec.values[0], "priority", 16)
    weight = _uint(spec.values[1], "weight", 16)
    port = _uint(spec.values[2], "port", 16)
    return f"{priority} {weight} {port} {_host(spec.values[3])}"


def _conv_caa(spec: RecordSpec, origin: str, label: str) -> str:
    tag = _text(spec.values[0], "tag").strip()
    if tag not in {"issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail"}:
        raise ValueError(
            f"tag must be issue, issuewild, iodef, issuemail, issuevmc or contactemail, got {tag!r}"
        )
    value = _text(spec.values[1], "value")
    flags = 128 if "CAA_CRITICAL" in spec.flags else 0
    return f"{flags} {tag} {_quoted(value)}"


def _conv_ds(spec: RecordSpec, origin: str, label: str) -> str:
    keytag = _uint(spec.values[0], "keytag", 16)
    algorithm = _uint(spec.values[1], "algorithm", 8)
    digest_type = _uint(spec.values[2], "digesttype", 8)
    digest = _hex(spec.values[3], "digest")
    return f"{keytag} {algorithm} {digest_type} {digest}"


def _hex(value: object, what: str) -> str:
    text = _text(value, what).strip().replace(" ", "")
    if not text or not re.fullmatch(r"[0-9a-fA-F]+", text) or len(text) % 2:
        raise ValueError(f"{what} must be an even number of hexadecimal digits, got {value!r}")
    return text.lower()


def _conv_sshfp(spec: RecordSpec, origin: str, label: str) -> str:
    algorithm = _uint(spec.values[0], "algorithm", 8)
    fp_type = _uint(spec.values[1], "type", 8)
    return f"{algorithm} {fp_type} {_hex(spec.values[2], 'fingerprint')}"


def _conv_tlsa(spec: RecordSpec, origin: str, label: str) -> str:
    usage = _uint(spec.values[0], "usage", 8)
    selector = _uint(spec.values[1], "selector", 8)
    mtype = _uint(spec.values[2], "matching type", 8)
    if usage > 3 or selector > 1 or mtype > 2:
        raise ValueError("usage must be 0..3, selector 0..1 and matching type 0..2")
    return f"{usage} {selector} {mtype} {_hex(spec.values[3], 'certificate')}"


def _conv_naptr(spec: RecordSpec, origin: str, label: str) -> str:
    order = _uint(spec.values[0], "order", 16)
    preference = _uint(spec.values[1], "preference", 16)
    flags = _text(spec.values[2], "flags")
    service = _text(spec.values[3], "service")
    regexp = _text(spec.values[4], "regexp")
    replacement = _text(spec.values[5], "target").strip() or "."
    return (
        f"{order} {preference} {_quoted(flags)} {_quoted(service)} {_quoted(regexp)} {replacement}"
    )


def _conv_rp(spec: RecordSpec, origin: str, label: str) -> str:
    return f"{_host(spec.values[0], 'mbox')} {_host(spec.values[1], 'txt')}"


def _conv_txt(spec: RecordSpec, origin: str, label: str) -> str:
    value = spec.values[0]
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise ValueError("the text must be a string or a list of strings")
        return "".join(value)
    return _text(value, "the text")


def _conv_loc(spec: RecordSpec, origin: str, label: str) -> str:
    d1, m1, s1, ns, d2, m2, s2, ew, alt, siz, hp, vp = spec.values
    lat_d = _uint(d1, "latitude degrees", 8)
    lat_m = _uint(m1, "latitude minutes", 8)
    lon_d = _uint(d2, "longitude degrees", 8)
    lon_m = _uint(m2, "longitude minutes", 8)
    if lat_d > 90 or lon_d > 180 or lat_m > 59 or lon_m > 59:
        raise ValueError("degrees must be at most 90 (latitude) or 180 (longitude), minutes 0..59")
    ns_text = _text(ns, "N/S").strip().upper()
    ew_text = _text(ew, "E/W").strip().upper()
    if ns_text not in {"N", "S"} or ew_text not in {"E", "W"}:
        raise ValueError("the hemispheres must be 'N' or 'S' and 'E' or 'W'")
    numbers = []
    for what, value in (
        ("latitude seconds", s1),
        ("longitude seconds", s2),
        ("altitude", alt),
        ("size", siz),
        ("horizontal precision", hp),
        ("vertical precision", vp),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{what} must be a number, got {value!r}")
        try:
            numbers.append(float(value))
        except ValueError:
            raise ValueError(f"{what} must be a number, got {value!r}") from None
    sec1, sec2, altitude, size, hprec, vprec = numbers
    return (
        f"{lat_d} {lat_m} {sec1:.3f} {ns_text} {lon_d} {lon_m} {sec2:.3f} {ew_text} "
        f"{altitude:.2f}m {size:.2f}m {hprec:.2f}m {vprec:.2f}m"
    )


_CONVERTERS: dict[str, Callable[[RecordSpec, str, str], str]] = {
    "A": _conv_a,
    "AAAA": _conv_aaaa,
    "ALIAS": _conv_host,
    "CAA": _conv_caa,
    "CNAME": _conv_host,
    "DNAME": _conv_host,
    "DS": _conv_ds,
    "LOC": _conv_loc,
    "MX": _conv_mx,
    "NAPTR": _conv_naptr,
    "NS": _conv_host,
    "PTR": _conv_host,
    "RP": _conv_rp,
    "SRV": _conv_srv,
    "SSHFP": _conv_sshfp,
    "TLSA": _conv_tlsa,
    "TXT": _conv_txt,
}


def A(*args: Any) -> RecordSpec | _Invalid:
    """``A(name, address, modifiers...)``."""
    return _record("A", ("name", "address"), args)


def AAAA(*args: Any) -> RecordSpec | _Invalid:
    """``AAAA(name, address, modifiers...)``."""
    return _record("AAAA", ("name", "address"), args)


def ALIAS(*args: Any) -> RecordSpec | _Invalid:
    """``ALIAS(name, target, modifiers...)``: a CNAME-like record that providers flatten."""
    return _record("ALIAS", ("name", "target"), args)


def CAA(*args: Any) -> RecordSpec | _Invalid:
    """``CAA(name, tag, value, modifiers...)``; ``CAA_CRITICAL`` among the modifiers sets the
    critical flag."""
    return _record("CAA", ("name", "tag", "value"), args)


def CNAME(*args: Any) -> RecordSpec | _Invalid:
    """``CNAME(name, target, modifiers...)``."""
    return _record("CNAME", ("name", "target"), args)


def DNAME(*args: Any) -> RecordSpec | _Invalid:
    """``DNAME(name, target, modifiers...)``."""
    return _record("DNAME", ("name", "target"), args)


def DS(*args: Any) -> RecordSpec | _Invalid:
    """``DS(name, keytag, algorithm, digesttype, digest, modifiers...)``."""
    return _record("DS", ("name", "keytag", "algorithm", "digesttype", "digest"), args)


def LOC(*args: Any) -> RecordSpec | _Invalid:
    """``LOC(name, d1, m1, s1, "N"|"S", d2, m2, s2, "E"|"W", altitude, size, hp, vp)``,
    distances in metres."""
    params = ("name", "d1", "m1", "s1", "ns", "d2", "m2", "s2", "ew", "alt", "siz", "hp", "vp")
    return _record("LOC", params, args)


def MX(*args: Any) -> RecordSpec | _Invalid:
    """``MX(name, priority, target, modifiers...)``."""
    return _record("MX", ("name", "priority", "target"), args)


def NAPTR(*args: Any) -> RecordSpec | _Invalid:
    """``NAPTR(name, order, preference, flags, service, regexp, target, modifiers...)``."""
    params = ("name", "order", "preference", "flags", "service", "regexp", "target")
    return _record("NAPTR", params, args)


def NS(*args: Any) -> RecordSpec | _Invalid:
    """``NS(name, target, modifiers...)``: delegate a subdomain (use NAMESERVER for the apex)."""
    return _record("NS", ("name", "target"), args)


def PTR(*args: Any) -> RecordSpec | _Invalid:
    """``PTR(name, target, modifiers...)``."""
    return _record("PTR", ("name", "target"), args)


def RP(*args: Any) -> RecordSpec | _Invalid:
    """``RP(name, mbox, txt, modifiers...)``."""
    return _record("RP", ("name", "mbox", "txt"), args)


def SRV(*args: Any) -> RecordSpec | _Invalid:
    """``SRV(name, priority, weight, port, target, modifiers...)``."""
    return _record("SRV", ("name", "priority", "weight", "port", "target"), args)


def SSHFP(*args: Any) -> RecordSpec | _Invalid:
    """``SSHFP(name, algorithm, type, value, modifiers...)``."""
    return _record("SSHFP", ("name", "algorithm", "type", "value"), args)


def TLSA(*args: Any) -> RecordSpec | _Invalid:
    """``TLSA(name, usage, selector, type, certificate, modifiers...)``."""
    return _record("TLSA", ("name", "usage", "selector", "type", "certificate"), args)


def TXT(*args: Any) -> RecordSpec | _Invalid:
    """``TXT(name, text, modifiers...)``; ``text`` is a string or a list of strings, joined."""
    return _record("TXT", ("name", "text"), args)


# --------------------------------------------------------------------------------------------
# Helpers: IP, REV and the builders live in dnsframe.builders; imported here, listed in __all__.

from dnsframe.builders import (  # noqa: E402
    CAA_BUILDER,
    DMARC_BUILDER,
    IP,
    REV,
    SPF_BUILDER,
)
