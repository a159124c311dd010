"""One run of preview or push: read and diff every domain, then show or apply the corrections.

Reading and diffing run concurrently over domains (a bounded pool); a provider whose
capabilities do not say ``concurrent`` is called by one thread at a time. The plans come back in
config order, so the output does not depend on the pool. Applying is serial, in config order:
per domain, the DNS providers' corrections in the order the providers gave them, then the
registrar's. A failed correction stops the rest of its domain; other domains go on.
"""

from __future__ import annotations

import contextlib
import fnmatch
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from dnsframe.creds import redact
from dnsframe.diff import ZoneChanges, diff_zone
from dnsframe.errors import DnsframeError
from dnsframe.instances import Providers
from dnsframe.model import Correction, Domain, ProviderRef, Record

log = logging.getLogger("dnsframe.engine")

Emit = Callable[[str], None]


@dataclass
class ProviderPlan:
    """What one provider (DNS or registrar) of one domain proposes, or why it could not."""

    name: str
    role: Literal["dns", "registrar"]
    corrections: list[Correction] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    changes: ZoneChanges | None = None

    @property
    def actions(self) -> list[Correction]:
        return [c for c in self.corrections if c.apply is not None]


@dataclass
class DomainPlan:
    domain: Domain
    providers: list[ProviderPlan] = field(default_factory=list)
    nameservers: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What push did to one provider of one domain."""

    domain: str
    provider: str
    applied: list[int] = field(default_factory=list)
    failed: tuple[int, str] | None = None
    skipped: list[int] = field(default_factory=list)


def select_domains(domains: Sequence[Domain], patterns: str | None) -> list[Domain]:
    """The domains whose name (or ``name!tag``) matches one of the comma-separated globs."""
    if not patterns:
        return list(domains)
    wanted = [p.strip().lower() for p in patterns.split(",") if p.strip()]
    return [
        d
        for d in domains
        if any(
            fnmatch.fnmatchcase(d.unique_name, p) or fnmatch.fnmatchcase(d.name, p) for p in wanted
        )
    ]


def _provider_wanted(name: str, providers: str | None) -> bool:
    if not providers:
        return True
    return name in {p.strip() for p in providers.split(",")}


class _Locks:
    """One lock per provider instance that is not safe for concurrent use."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[int, threading.Lock] = {}

    @contextlib.contextmanager
    def using(self, instance: Any, concurrent: bool) -> Iterator[None]:
        if concurrent:
            yield
            return
        with self._guard:
            lock = self._locks.setdefault(id(instance), threading.Lock())
        with lock:
            yield


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, DnsframeError):
        return redact(str(exc))
    return redact(f"{type(exc).__name__}: {exc}")


def apex_ns_records(domain: Domain, nameservers: Sequence[str]) -> list[Record]:
    """The apex NS records that a provider storing them (``apex_ns``) must hold."""
    ttl = domain.nameserver_ttl if domain.nameserver_ttl is not None else 300
    return [Record("@", "NS", ns.rstrip(".").lower() + ".", ttl) for ns in nameservers]


def plan_domain(
    domain: Domain, providers: Providers, locks: _Locks, provider_filter: str | None = None
) -> DomainPlan:
    """Read every DNS provider's zone, diff it, and ask each provider and the registrar for
    their corrections. Errors are kept in the plan, never raised."""
    plan = DomainPlan(domain)
    zone = domain.name
    nameservers = [ns.name for ns in domain.nameservers]
    uses = [u for u in domain.dns_providers if _provider_wanted(u.provider.name, provider_filter)]
    instances: list[tuple[ProviderRef, Any, bool, bool]] = []
    failed = False
    for use in domain.dns_providers:
        ptype = providers.provider_type(use.provider)
        instance = providers.dns(use.provider)
        caps = ptype.capabilities
        if use in uses:
            instances.append((use.provider, instance, caps.concurrent, caps.apex_ns))
        if use.ns_count == 0:
            continue
        try:
            with locks.using(instance, caps.concurrent):
                found = list(instance.get_nameservers(zone))
        except Exception as exc:  # a provider's failure is reported, not raised
            plan.providers.append(ProviderPlan(use.provider.name, "dns", error=_error_text(exc)))
            failed = True
            continue
        if use.ns_count > 0:
            found = found[: use.ns_count]
        nameservers += [n.rstrip(".").lower() for n in found]
    plan.nameservers = list(dict.fromkeys(n.rstrip(".").lower() for n in nameservers))
    if failed:
        return plan

    for ref, instance, concurrent, apex_ns in instances:
        result = ProviderPlan(ref.name, "dns")
        plan.providers.append(result)
        try:
            desired = list(domain.records)
            normalize = getattr(instance, "normalize_records", None)
            with locks.using(instance, concurrent):
                if callable(normalize):
                    desired, warnings = normalize(zone, desired)
                    result.warnings += warnings
                existing = list(instance.get_zone_records(zone))
            if apex_ns:
                desired += apex_ns_records(domain, plan.nameservers)
            else:  # the provider owns its apex NS: never touch them
                existing = [r for r in existing if not (r.name == "@" and r.type == "NS")]
            changes = diff_zone(domain, existing, desired)
            result.changes = changes
            if changes.purge_kept:
                names = sorted({f"{r.fqdn(zone)} {r.type}" for r in changes.purge_kept})
                shown = ", ".join(names[:10])
                if len(names) > 10:
                    shown += f", and {len(names) - 10} more name and type group(s)"
                result.infos.append(
                    f"NO_PURGE keeps {len(changes.purge_kept)} record(s) the config does not "
                    f"mention: {shown}"
                )
            # Asked even without changes: a provider may have INFO lines, or DNSSEC to set.
            with locks.using(instance, concurrent):
                result.corrections = list(instance.get_zone_corrections(zone, changes))
        except Exception as exc:
            result.error = _error_text(exc)
            failed = True

    registrar = domain.registrar
    if failed or not _provider_wanted(registrar.name, provider_filter) or not plan.nameservers:
        return plan
    result = ProviderPlan(registrar.name, "registrar")
    plan.providers.append(result)
    try:
        reg = providers.registrar(registrar)
        ptype = providers.provider_type(registrar)
        with locks.using(reg, ptype.capabilities.concurrent):
            result.corrections = list(reg.get_registrar_corrections(zone, list(plan.nameservers)))
    except Exception as exc:
        result.error = _error_text(exc)
    return plan


def plan_all(
    domains: Sequence[Domain],
    providers: Providers,
    concurrency: int = 1,
    provider_filter: str | None = None,
) -> list[DomainPlan]:
    """Plans for every domain, in config order, computed by up to ``concurrency`` threads."""
    locks = _Locks()
    if concurrency <= 1 or len(domains) <= 1:
        return [plan_domain(d, providers, locks, provider_filter) for d in domains]
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dnsframe") as pool:
        return list(pool.map(lambda d: plan_domain(d, providers, locks, provider_filter), domains))


def _plural(n: int) -> str:
    return f"{n} correction{'s' if n != 1 else ''}"


def execute(
    plans: Sequence[DomainPlan], push: bool, emit: Emit, full: bool = False
) -> tuple[int, list[Outcome], list[str]]:
    """Show the plans and, for push, apply them. Returns the number of corrections, what push
    did where something failed, and the errors met while planning."""
    total = 0
    failures: list[Outcome] = []
    errors: list[str] = []
    for plan in plans:
        domain = plan.domain
        busy = any(p.corrections or p.error or p.infos or p.warnings for p in plan.providers)
        if not busy and not full:
            continue
        emit(f"******************** Domain: {domain.unique_name}")
        stop = False
        for pp in plan.providers:
            if pp.error is not None:
                emit(f"ERROR: {pp.name}: {pp.error}")
                errors.append(f"{domain.unique_name} ({pp.name}): {pp.error}")
                continue
            for text in pp.warnings:
                emit(f"WARNING: {text}")
            actions = pp.actions
            if actions or full:
                emit(f"{_plural(len(actions))} ({pp.name})")
            info_no = 0
            for text in pp.infos:
                info_no += 1
                emit(f"INFO#{info_no}: {text}")
            outcome = Outcome(domain.unique_name, pp.name)
            number = 0
            for correction in pp.corrections:
                if correction.apply is None:
                    info_no += 1
                    emit(f"INFO#{info_no}: {correction.message}")
                    continue
                number += 1
                total += 1
                emit(f"#{number}: {correction.message}")
                if not push:
                    continue
                if stop:
                    outcome.skipped.append(number)
                    continue
                try:
                    correction.apply()
                except Exception as exc:
                    reason = _error_text(exc)
                    log.debug("correction failed", exc_info=True)
                    emit(f"FAILURE! {reason}")
                    outcome.failed = (number, reason)
                    stop = True
                else:
                    emit("SUCCESS!")
                    outcome.applied.append(number)
            if push and (outcome.failed or outcome.skipped):
                failures.append(outcome)
    return total, failures, errors


def report_items(plans: Sequence[DomainPlan]) -> list[dict[str, Any]]:
    """DNSControl's ``--report`` JSON: one item per domain and provider or registrar."""
    items: list[dict[str, Any]] = []
    for plan in plans:
        for pp in plan.providers:
            item: dict[str, Any] = {"domain": plan.domain.unique_name}
            item["provider" if pp.role == "dns" else "registrar"] = pp.name
            item["corrections"] = len(pp.actions)
            item["correction_details"] = [c.message for c in pp.actions]
            if pp.error is not None:
                item["error"] = pp.error
            items.append(item)
    return items
