"""Providers: ``NewRegistrar``, ``NewDnsProvider`` and ``DnsProvider``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.state import DslError, active_state, caller_pos, made, where
from dnsframe.dsl.values import DomainModifier
from dnsframe.model import DnsProviderUse, ProviderKind, ProviderRef, freeze_metadata


def _declare(kind: ProviderKind, fn: str, args: tuple[Any, ...]) -> ProviderRef:
    pos = caller_pos()
    if not args or len(args) > 3:
        raise DslError(f"{where(pos)}{fn}(name, [type], [metadata]) takes 1 to 3 arguments")
    name, type_name, meta = args[0], None, None
    if not isinstance(name, str) or not name:
        raise DslError(f"{where(pos)}{fn}(): the name must be a creds.json key (a string)")
    for extra in args[1:]:
        if isinstance(extra, str) and type_name is None and meta is None:
            type_name = extra
        elif isinstance(extra, Mapping) and meta is None:
            meta = extra
        else:
            raise DslError(
                f"{where(pos)}{fn}({name!r}, ...): expected a type name (string) and then "
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
    state = active_state()
    if state is not None:
        known = state.providers.get((kind, name))
        if known is not None and known.type and ref.type and known.type != ref.type:
            raise DslError(
                f"{where(pos)}{fn}({name!r}, {type_name!r}): declared before at {known.source} "
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
        state = active_state()
        known = state.providers.get(("dns", provider)) if state else None
        provider = known or ProviderRef(name=provider, kind="dns", source=pos)
    if not isinstance(provider, ProviderRef) or provider.kind != "dns":
        raise DslError(
            f"{where(pos)}DnsProvider({provider!r}): expected the value of NewDnsProvider(...)"
        )
    if isinstance(nsCount, bool) or not isinstance(nsCount, int) or nsCount < -1:
        raise DslError(
            f"{where(pos)}DnsProvider(): nsCount must be an integer >= -1, got {nsCount!r}"
        )
    return made(DomainModifier("dns_provider", DnsProviderUse(provider, nsCount), pos))
