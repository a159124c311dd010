"""``D()`` and ``D_EXTEND()``: domains, and what their modifiers do to them."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dnsframe import rdata
from dnsframe.dsl.modifiers import NAMESERVER
from dnsframe.dsl.names import join_label, to_ascii_name
from dnsframe.dsl.providers import DnsProvider
from dnsframe.dsl.records import place
from dnsframe.dsl.state import (
    CallSite,
    DomainDraft,
    DslError,
    EvalState,
    call_arguments,
    call_site,
    caller_pos,
    require_state,
    where,
)
from dnsframe.dsl.values import (
    AUTODNSSEC_OFF,
    AUTODNSSEC_ON,
    DISABLE_IGNORE_SAFETY_CHECK,
    ENSURE_ABSENT,
    NO_PURGE,
    PURGE,
    DomainModifier,
    Flag,
    Invalid,
    RecordSpec,
    flatten,
)
from dnsframe.ignore import split_globs
from dnsframe.model import DnsProviderUse, IgnoreRule, Nameserver, ProviderRef, SourcePos
from dnsframe.names import py_literal as _q
from dnsframe.rtypes.args import host as host_name


def D(name: Any, registrar: Any = None, *modifiers: Any) -> None:
    """``D(name, registrar, modifiers...)``: declare a domain, its providers and its records."""
    pos = caller_pos()
    state = require_state("D")
    if not isinstance(name, str) or not name.strip():
        raise DslError(f"{where(pos)}D(): the first argument must be the domain name, got {name!r}")
    base, _, tag = name.strip().partition("!")
    try:
        ascii_name = to_ascii_name(base)
    except ValueError as exc:
        raise DslError(f"{where(pos)}D({_q(name)}): {exc}") from None
    if isinstance(registrar, str):
        registrar = state.providers.get(("registrar", registrar), registrar)
    if not isinstance(registrar, ProviderRef) or registrar.kind != "registrar":
        raise DslError(
            f"{where(pos)}D({_q(name)}, ...): the second argument must be a registrar from "
            f"NewRegistrar(...), got {registrar!r}"
        )
    draft = DomainDraft(
        name=ascii_name,
        unicode_name=base.rstrip(".").lower(),
        tag=tag or None,
        registrar=registrar,
        source=pos,
    )
    earlier = state.domains.get(draft.unique_name)
    if earlier is not None:
        raise DslError(
            f"{where(pos)}D({_q(name)}): the domain is declared twice (first at {earlier.source}); "
            "merge the two, or use D_EXTEND to add to it"
        )
    state.domains[draft.unique_name] = draft
    _apply(state, draft, list(state.defaults), subdomain="")
    call = _Call(f"D({_q(name)}, ...)", pos, 3, call_site())
    _apply(state, draft, list(modifiers), subdomain="", call=call)


def D_EXTEND(name: Any, *modifiers: Any) -> None:
    """``D_EXTEND(name, modifiers...)``: add to a domain declared earlier. ``name`` may be a
    subdomain of it (``"sub.example.tld"``): record names are then relative to the subdomain."""
    pos = caller_pos()
    state = require_state("D_EXTEND")
    if not isinstance(name, str) or not name.strip():
        raise DslError(f"{where(pos)}D_EXTEND(): the first argument must be a domain name")
    base, _, tag = name.strip().partition("!")
    try:
        ascii_name = to_ascii_name(base)
    except ValueError as exc:
        raise DslError(f"{where(pos)}D_EXTEND({_q(name)}): {exc}") from None
    best: DomainDraft | None = None
    for draft in state.domains.values():
        if (draft.tag or "") != tag:
            continue
        inside = ascii_name == draft.name or ascii_name.endswith("." + draft.name)
        if inside and (best is None or len(draft.name) > len(best.name)):
            best = draft
    if best is None:
        raise DslError(
            f"{where(pos)}D_EXTEND({_q(name)}): no domain declared before this line contains it; "
            "declare it with D() first"
        )
    if ascii_name != best.name and "/" in ascii_name.partition(".")[0]:
        # REV() of a classless range ("0/27.3.2.1.in-addr.arpa") inside its parent reverse
        # zone: as in DNSControl, its records are named in the parent's octets, so the
        # "0/27" label is dropped ("7" is 7.3.2.1.in-addr.arpa).
        ascii_name = ascii_name.partition(".")[2]
    subdomain = ascii_name[: -len(best.name)].rstrip(".") if ascii_name != best.name else ""
    call = _Call(f"D_EXTEND({_q(name)}, ...)", pos, 2, call_site())
    _apply(state, best, list(modifiers), subdomain=subdomain, call=call)


def DOMAIN_ELSEWHERE(domain: Any, registrar: Any, nameservers: Any) -> None:
    """``DOMAIN_ELSEWHERE("example.tld", REG, ["ns1.host.net.", "ns2.host.net."])``: a domain
    whose zone another system serves; only its delegation is managed, to these nameservers.
    The same as ``D(domain, registrar, NO_PURGE, NAMESERVER(ns)...)``."""
    pos = caller_pos()
    if isinstance(nameservers, str):
        nameservers = [nameservers]
    if not isinstance(nameservers, list | tuple) or not all(
        isinstance(ns, str) and ns.strip() for ns in nameservers
    ):
        raise DslError(
            f"{where(pos)}DOMAIN_ELSEWHERE({_q(domain)}, ...): the third argument must be the list "
            f"of nameserver host names, like ['ns1.example.net.', 'ns2.example.net.'], got "
            f"{nameservers!r}"
        )
    D(domain, registrar, NO_PURGE, *[NAMESERVER(ns) for ns in nameservers])


def DOMAIN_ELSEWHERE_AUTO(domain: Any, registrar: Any, *dnsProviders: Any) -> None:
    """``DOMAIN_ELSEWHERE_AUTO("example.tld", REG, DSP)``: a domain whose records another
    system manages at ``DSP``; its delegation is set to the nameservers ``DSP`` reports, and no
    record is changed. The same as ``D(domain, registrar, NO_PURGE, DnsProvider(DSP)...)``."""
    pos = caller_pos()
    if not dnsProviders:
        raise DslError(
            f"{where(pos)}DOMAIN_ELSEWHERE_AUTO({_q(domain)}, ...): name the DNS provider(s) to "
            "ask for the nameservers after the registrar, like DOMAIN_ELSEWHERE_AUTO(name, REG, "
            "DSP)"
        )
    D(domain, registrar, NO_PURGE, *[DnsProvider(dsp) for dsp in dnsProviders])


def getConfiguredDomains() -> list[str]:
    """``getConfiguredDomains()``: the names of the domains declared so far, in order, as
    written (lowercase, without a trailing dot; ``"example.tld!inside"`` with its tag)."""
    state = require_state("getConfiguredDomains")
    return [
        f"{draft.unicode_name}!{draft.tag}" if draft.tag else draft.unicode_name
        for draft in state.domains.values()
    ]


@dataclass(frozen=True, slots=True)
class _Call:
    """The ``D()`` or ``D_EXTEND()`` call whose modifiers are applied, for its messages."""

    text: str
    pos: SourcePos | None
    #: The argument number (from 1) of the first modifier.
    first: int
    #: Where the call is, to read the source text of its arguments for a message.
    site: CallSite | None

    def none_argument(self, index: int, nested: bool) -> str:
        """The problem of the modifier at ``index`` that is (or, ``nested``, holds) None."""
        number = self.first + index
        source = None
        sources = call_arguments(self.site) if self.site is not None else None
        if sources is not None and number - 1 < len(sources):
            source = sources[number - 1]
        shown = f" ({source if len(source) <= 60 else source[:57] + '...'})" if source else ""
        what = "is a list that holds None" if nested else "is None"
        cause = "a function that builds records probably has no return statement"
        if source is not None and not nested:
            try:
                node = ast.parse(source, mode="eval").body
            except SyntaxError:
                node = None
            if isinstance(node, ast.Call):
                function = ast.unparse(node.func)
                cause = f"does {function}() end without returning its records?"
        return f"{self.text}: argument {number}{shown} {what}, not a record or modifier; {cause}"


def _apply(
    state: EvalState,
    draft: DomainDraft,
    modifiers: list[Any],
    subdomain: str,
    call: _Call | None = None,
) -> None:
    items: list[Any] = []
    taken = state.taken
    for index, modifier in enumerate(modifiers):
        taken(modifier)
        if call is not None and modifier is None:
            state.problem(call.pos, call.none_argument(index, nested=False))
            continue
        inner = flatten([modifier])
        if call is not None and any(item is None for item in inner):
            state.problem(call.pos, call.none_argument(index, nested=True))
        items.extend(inner)
    records = draft.records
    for item in items:
        taken(item)
        if isinstance(item, RecordSpec):
            if ENSURE_ABSENT.name in item.flags:
                absent = DomainModifier("ensure_absent", [item], item.source)
                _modify(state, draft, absent, subdomain)
            else:
                record = place(state, draft, item, subdomain)
                if record is not None:
                    records.append(record)
        elif isinstance(item, Invalid):
            continue
        elif isinstance(item, DomainModifier):
            _modify(state, draft, item, subdomain)
        elif isinstance(item, Flag):
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


def _flag(draft: DomainDraft, flag: Flag) -> None:
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


def _modify(state: EvalState, draft: DomainDraft, mod: DomainModifier, subdomain: str) -> None:
    if mod.kind == "dns_provider":
        draft.dns_providers.append(mod.value)
    elif mod.kind == "default_ttl":
        draft.default_ttl = mod.value
    elif mod.kind == "nameserver":
        try:
            host = rdata.absolute_name(host_name(mod.value, "name"), draft.name).rstrip(".")
        except (ValueError, rdata.RdataError) as exc:
            state.problem(mod.source, f"NAMESERVER({_q(mod.value)}): {exc}")
            return
        draft.nameservers.append(Nameserver(host, mod.source))
    elif mod.kind == "nameserver_ttl":
        draft.nameserver_ttl = mod.value
    elif mod.kind == "safety":
        draft.safety = mod.value
    elif mod.kind == "ignore":
        rule: IgnoreRule = mod.value
        if subdomain:
            # Inside D_EXTEND("sub.example.tld"), a label pattern is relative to the subdomain:
            # "@" is the subdomain itself, "*" (everything) is the subdomain and all below it.
            label = rule.label.strip()
            if label in {"", "*", "**"}:
                label = f"{{{subdomain},**.{subdomain}}}"
            else:
                label = ",".join(join_label(p.strip(), subdomain) for p in split_globs(label))
            rule = IgnoreRule(label, rule.types, rule.target, rule.kind, rule.source)
        draft.ignores.append(rule)
    elif mod.kind == "ensure_absent":
        for spec in mod.value:
            if isinstance(spec, RecordSpec):
                record = place(state, draft, spec, subdomain)
                if record is not None:
                    draft.placed.pop()
                    draft.ensure_absent.append(record)
            elif not isinstance(spec, Invalid):
                state.problem(mod.source, f"ENSURE_ABSENT_REC(): {spec!r} is not a record")
    elif mod.kind == "include":
        _include(state, draft, mod)
    elif mod.kind == "expand":
        _apply(state, draft, list(mod.value(draft.name)), subdomain)
    elif mod.kind == "expand_at":  # a builder that needs the subdomain as well
        _apply(state, draft, list(mod.value(draft.name, subdomain)), subdomain)


def _include(state: EvalState, draft: DomainDraft, mod: DomainModifier) -> None:
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
        record = place(state, draft, spec, subdomain, ttl)
        if record is not None:
            draft.records.append(record)
