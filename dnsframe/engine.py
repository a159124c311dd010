"""The run as a library: what ``preview`` and ``push`` do, for the CLI and for any program.

::

    from dnsframe.engine import prepare

    run = prepare("dnsconfig.py", "creds.json")   # evaluate, validate, creds, providers
    plans = run.plan()                             # read and diff every domain; changes nothing
    result = run.preview(plans, on_event=print)    # or run.apply(plans, on_event) to push

:func:`prepare` checks everything before anything is read: the config, creds.json and what each
provider can store. :meth:`Run.plan` reads and diffs the domains concurrently (a bounded pool; a
provider whose capabilities do not say ``concurrent`` is called by one thread at a time) and
returns the plans in config order, so nothing depends on the pool. :meth:`Run.apply` runs the
corrections serially, in config order: per domain, the DNS providers' corrections in the order
they gave them, then the registrar's; a failed correction stops the rest of its domain, other
domains go on. Both :meth:`Run.preview` and :meth:`Run.apply` tell what happens through typed
events (:data:`Event`); :mod:`dnsframe.output` renders them as DNSControl's text.

Errors a provider raises are kept in the plan, never raised: a :class:`DnsframeError` as its
message, anything else as an internal error of the named plugin, logged with its traceback.
"""

from __future__ import annotations

import contextlib
import datetime
import fnmatch
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from dnsframe.changes import Correction, ZoneChanges
from dnsframe.creds import Creds, redact
from dnsframe.diff import diff_zone
from dnsframe.errors import ConfigError, DnsframeError, ProviderError, internal_error
from dnsframe.evaluate import load_config
from dnsframe.instances import Providers
from dnsframe.model import Config, Domain, ProviderRef, Record
from dnsframe.names import host, hosts
from dnsframe.providers.base import (
    Capabilities,
    ExistingZone,
    RecordNormalizer,
    Snapshot,
    ZoneSnapshotter,
)
from dnsframe.providers.registry import ProviderRegistry, closest_type_hint
from dnsframe.safety import Limit, change_limit
from dnsframe.validate import validate, validate_capabilities

log = logging.getLogger("dnsframe.engine")

#: How many domains a plan reads and diffs at once (``--concurrency``). Reading a zone is mostly
#: waiting for an API: 200 domains at 50 ms a request take 1.2 s at 16, 2 s at 8, 11.5 s at 1.
#: A provider type that is not safe to call from several threads is called one at a time anyway
#: (``Capabilities.concurrent``), and a client's rate limiter still counts every request.
DEFAULT_CONCURRENCY = 16

# --------------------------------------------------------------------------------------------
# Plans


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
    ref: ProviderRef | None = None
    """The provider reference (creds key and role) this plan is of."""
    exception: BaseException | None = field(default=None, repr=False, compare=False)
    """With ``error``: the exception itself, for a program that wants its traceback."""
    limit: Limit | None = None
    """How these corrections go over the domain's change limit (see :mod:`dnsframe.safety`)."""
    records_read: Sequence[Record] = field(default=(), repr=False, compare=False)
    """The managed records of the zone as it was read."""
    _read: dict[tuple[str, str], str] | None = field(default=None, repr=False, compare=False)

    @property
    def read(self) -> dict[tuple[str, str], str]:
        """A digest of each rrset of the zone as it was read (see :func:`rrset_digests`), so
        that push can tell whether the zone moved before it writes; made when first asked
        (a preview that saves no plan never needs it)."""
        if self._read is None:
            self._read = rrset_digests(self.records_read)
        return self._read

    @property
    def actions(self) -> list[Correction]:
        """The corrections that change something (not the INFO lines)."""
        return [c for c in self.corrections if c.apply is not None]


@dataclass
class DomainPlan:
    """Everything proposed for one domain: a plan per DNS provider, then the registrar's."""

    domain: Domain
    providers: list[ProviderPlan] = field(default_factory=list)
    nameservers: list[str] = field(default_factory=list)
    nameservers_of: dict[str, list[str]] = field(default_factory=dict)
    """The nameservers each DNS provider gave (by creds key), where they were read."""

    @property
    def busy(self) -> bool:
        """Whether there is anything to show: a correction, an error, an INFO or a warning."""
        return any(p.corrections or p.error or p.infos or p.warnings for p in self.providers)

    @property
    def limits(self) -> list[Limit]:
        """Why pushing this domain would go over its change limit (empty: it would not)."""
        return [p.limit for p in self.providers if p.limit]


# --------------------------------------------------------------------------------------------
# Events


@dataclass(frozen=True, slots=True)
class DomainStarted:
    """A domain's turn has come (every domain, busy or not)."""

    plan: DomainPlan


@dataclass(frozen=True, slots=True)
class DomainHeld:
    """The domain goes over its change limit (``reasons``): push writes nothing to it unless
    forced; preview tells what push would do. ``forced``: push goes ahead all the same."""

    plan: DomainPlan
    reasons: tuple[Limit, ...]
    pushed: bool
    forced: bool


@dataclass(frozen=True, slots=True)
class ProviderStarted:
    """One provider's plan is next: its error, or its warnings, INFOs and corrections."""

    plan: DomainPlan
    provider: ProviderPlan


@dataclass(frozen=True, slots=True)
class CorrectionStarted:
    """A correction is shown; for push, it then runs (:class:`CorrectionApplied`,
    :class:`CorrectionFailed`) or, after an earlier failure, is skipped
    (:class:`CorrectionSkipped`). ``number`` counts the provider's actions from 1; it is 0 for
    an INFO correction (``apply`` None), which is never run."""

    plan: DomainPlan
    provider: ProviderPlan
    number: int
    correction: Correction


@dataclass(frozen=True, slots=True)
class SnapshotTaken:
    """Before its first write to the zone, the provider saved it (see ``ZoneSnapshotter``)."""

    plan: DomainPlan
    provider: ProviderPlan
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class CorrectionApplied:
    plan: DomainPlan
    provider: ProviderPlan
    number: int


@dataclass(frozen=True, slots=True)
class CorrectionFailed:
    """A correction raised: ``reason`` is the message shown, ``exception`` what it raised."""

    plan: DomainPlan
    provider: ProviderPlan
    number: int
    reason: str
    exception: BaseException | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class CorrectionSkipped:
    """Not run, because an earlier correction of the domain failed."""

    plan: DomainPlan
    provider: ProviderPlan
    number: int


Event = (
    DomainStarted
    | DomainHeld
    | ProviderStarted
    | SnapshotTaken
    | CorrectionStarted
    | CorrectionApplied
    | CorrectionFailed
    | CorrectionSkipped
)
OnEvent = Callable[[Event], None]


@dataclass
class Outcome:
    """What push did to one provider of one domain, where something was not applied."""

    domain: str
    provider: str
    applied: list[int] = field(default_factory=list)
    failed: tuple[int, str] | None = None
    skipped: list[int] = field(default_factory=list)
    role: Literal["dns", "registrar"] = "dns"

    def summary(self) -> str:
        applied = ", ".join(f"#{n}" for n in self.applied) or "none"
        skipped = ", ".join(f"#{n}" for n in self.skipped) or "none"
        failed = f"#{self.failed[0]} failed ({self.failed[1]})" if self.failed else ""
        parts = [f"applied: {applied}", failed, f"not applied: {skipped}"]
        who = self.provider if self.role == "dns" else f"registrar {self.provider}"
        return f"{self.domain} ({who}): " + "; ".join(p for p in parts if p)

    def status(self, number: int) -> str:
        """``applied``, ``failed`` or ``not applied``: what push did with correction ``number``."""
        if number in self.applied:
            return "applied"
        if self.failed and self.failed[0] == number:
            return "failed"
        return "not applied"


@dataclass
class RunResult:
    """What a preview or push found and did."""

    pushed: bool
    corrections: int = 0
    failures: list[Outcome] = field(default_factory=list)
    """The outcomes of the providers where something was not applied."""
    outcomes: list[Outcome] = field(default_factory=list)
    """For push: what happened to each correction, per domain and provider that had any."""
    errors: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    """The domains push did not write because of their change limit."""
    interrupted: str | None = None
    """Why push stopped before the end (``SIGINT``, ``SIGTERM``), leaving the rest unapplied."""

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors and not self.held and not self.interrupted

    def counts(self) -> tuple[int, int, int]:
        """For push: how many corrections were applied, failed and not applied."""
        applied = sum(len(o.applied) for o in self.outcomes)
        failed = sum(1 for o in self.outcomes if o.failed)
        return applied, failed, self.corrections - applied - failed

    def problems(self) -> list[str]:
        """One line per domain and provider that could not be read or was not fully pushed."""
        held = [f"{name}: not pushed, over its change limit (see above)" for name in self.held]
        return [*self.errors, *(o.summary() for o in self.failures), *held]


# --------------------------------------------------------------------------------------------
# Selecting


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


def _provider_wanted(
    name: str, providers: str | None, excluded: frozenset[str] = frozenset()
) -> bool:
    """Whether the creds key ``name`` takes part: every key when ``providers`` (``--providers``)
    is ``all``, those it names when given, else every key but the ``excluded`` ones (creds.json's
    ``"_exclude_from_defaults": "true"``), as DNSControl decides."""
    if providers is not None and providers.strip() == "all":
        return True
    if not providers:
        return name not in excluded
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


def managed_records(existing: ExistingZone, caps: Capabilities) -> list[Record]:
    """The records of a zone as read that dnsframe compares: all of them, except the apex NS
    of a provider that owns them (not ``apex_ns``), which are never touched."""
    if caps.apex_ns:
        return list(existing.records)
    return [r for r in existing.records if not (r.name == "@" and r.type == "NS")]


def zone_key(domain: Domain, caps: Capabilities) -> str:
    """The name a DNS provider is given for the domain's zone: with the split-horizon tag
    (``example.com!inside``) for a provider that keeps views apart (``views``)."""
    return domain.unique_name if caps.views else domain.name


def apex_ns_records(domain: Domain, nameservers: Sequence[str]) -> list[Record]:
    """The apex NS records that a provider storing them (``apex_ns``) must hold."""
    ttl = domain.nameserver_ttl if domain.nameserver_ttl is not None else 300
    return [Record("@", "NS", host(ns) + ".", ttl) for ns in nameservers]


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class Run:
    """A validated config with its providers, ready to plan and apply (see :func:`prepare`)."""

    config: Config
    domains: list[Domain]
    providers: Providers
    provider_filter: str | None = None
    excluded: frozenset[str] = frozenset()
    """The creds keys left out unless ``provider_filter`` names them or is ``all``
    (``"_exclude_from_defaults": "true"`` in creds.json)."""
    name: str = field(
        default_factory=lambda: (
            "dnsframe push " + datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        )
    )
    """What this run calls itself, in the snapshots it takes."""
    read_nameservers: bool = False
    """Read every DNS provider's nameservers, even where neither a registrar nor the apex NS
    records need them (``verify`` asks them)."""
    registrars: bool = True
    """Ask the registrars for their corrections (``verify`` does not)."""
    _locks: _Locks = field(default_factory=_Locks, repr=False)

    def plan(
        self,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> list[DomainPlan]:
        """Read and diff every selected domain, and ask each provider and registrar for its
        corrections; ``concurrency`` domains at once. Changes nothing; errors are in the plans.
        ``on_progress(done, total)`` is called in the calling thread as each domain is done."""
        total = len(self.domains)

        def progress(done: int) -> None:
            if on_progress is not None:
                on_progress(done, total)

        progress(0)
        if concurrency <= 1 or total <= 1:
            plans = []
            for domain in self.domains:
                plans.append(self._plan_domain(domain))
                progress(len(plans))
            return plans
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dnsframe") as pool:
            futures = [pool.submit(self._plan_domain, d) for d in self.domains]
            for done, _ in enumerate(as_completed(futures), 1):
                progress(done)
            return [f.result() for f in futures]

    def left_out(self) -> list[str]:
        """The creds keys the selected domains use that this run leaves out because creds.json
        excludes them from the defaults (none when ``provider_filter`` chooses the keys)."""
        if self.provider_filter:
            return []
        used = {d.registrar.name for d in self.domains}
        used |= {u.provider.name for d in self.domains for u in d.dns_providers}
        return sorted(used & self.excluded)

    def preview(self, plans: Sequence[DomainPlan], on_event: OnEvent) -> RunResult:
        """Tell every plan through ``on_event`` as push would, without applying anything."""
        return self._walk(plans, on_event, push=False)

    def apply(
        self,
        plans: Sequence[DomainPlan],
        on_event: OnEvent,
        *,
        force: bool = False,
        stop: Callable[[], str | None] | None = None,
    ) -> RunResult:
        """Run the corrections of ``plans``, telling each step through ``on_event``. A domain
        over its change limit is not written to (its corrections are skipped) unless
        ``force``. ``stop`` is asked before each correction: when it returns a reason (a
        signal came), the correction in flight has finished and the rest are skipped."""
        return self._walk(plans, on_event, push=True, force=force, stop_asked=stop)

    # ----------------------------------------------------------------------------------------

    def _failure(self, exc: BaseException, who: ProviderRef | ProviderPlan, doing: str) -> str:
        """The message for ``exc``, raised by the provider of ``ref`` while ``doing``: a
        DnsframeError's own message; anything else an internal error of the named plugin,
        logged at debug level with its traceback (shown by ``--debug``, redacted)."""
        if isinstance(exc, DnsframeError):
            return redact(str(exc))
        if not isinstance(exc, _PluginBug):
            raise exc  # a bug of dnsframe's own, not the plugin's: the command reports it so
        doing = f"{exc.method}()"
        exc = exc.error
        ref = who.ref if isinstance(who, ProviderPlan) else who
        if ref is None:
            return internal_error(exc, "unknown", "?", who.name, doing)
        ptype = self.providers.provider_type(ref)
        return internal_error(exc, ptype.distribution or ptype.plugin, ptype.name, ref.name, doing)

    def _plan_domain(self, domain: Domain) -> DomainPlan:
        plan = DomainPlan(domain)
        providers, locks = self.providers, self._locks

        def wanted(name: str) -> bool:
            return _provider_wanted(name, self.provider_filter, self.excluded)

        zone = domain.name
        nameservers = [ns.name for ns in domain.nameservers]
        failed = False
        uses = [(use, *self._provider(use.provider)) for use in domain.dns_providers]
        dns_uses = [
            (use.provider, instance, caps)
            for use, instance, caps in uses
            if wanted(use.provider.name)
        ]
        # The providers' nameservers are read only where they are used: for a registrar that
        # delegates, or for the apex NS records of a provider that stores them.
        delegates = (
            wanted(domain.registrar.name)
            and providers.provider_type(domain.registrar).capabilities.delegation
        )
        needed = delegates or any(caps.apex_ns for _, _, caps in dns_uses)
        for use, instance, caps in uses:
            if use.ns_count == 0 or not (needed or self.read_nameservers):
                continue
            if not needed and not wanted(use.provider.name):
                continue  # read for verify only: the providers it checks
            try:
                with locks.using(instance, caps.concurrent):
                    found = [host(n) for n in _call(instance.get_nameservers, zone)]
            except Exception as exc:  # a provider's failure is reported, not raised
                error = self._failure(exc, use.provider, f"reading the nameservers of {zone}")
                plan.providers.append(
                    ProviderPlan(
                        use.provider.name,
                        "dns",
                        error=error,
                        ref=use.provider,
                        exception=_cause(exc),
                    )
                )
                failed = True
                continue
            found = found[: use.ns_count] if use.ns_count > 0 else found
            plan.nameservers_of[use.provider.name] = found
            nameservers += found
        plan.nameservers = hosts(nameservers)
        if failed:
            return plan

        for ref, instance, caps in dns_uses:
            result = ProviderPlan(ref.name, "dns", ref=ref)
            plan.providers.append(result)
            try:
                desired: list[Record] = list(domain.records)
                with locks.using(instance, caps.concurrent):
                    if isinstance(instance, RecordNormalizer):
                        answer = _call(instance.normalize_records, domain, desired)
                        if not (isinstance(answer, tuple | list) and len(answer) == 2):
                            raise _PluginBug(
                                "normalize_records",
                                TypeError(
                                    "normalize_records() must return (records, warnings), "
                                    f"not {type(answer).__name__}"
                                ),
                            )
                        desired, warnings = list(answer[0]), list(answer[1])
                        result.warnings += warnings
                    existing = _call(instance.get_zone, zone_key(domain, caps))
                if not isinstance(existing, ExistingZone):
                    raise _PluginBug(
                        "get_zone",
                        TypeError(
                            f"get_zone() must return an ExistingZone, not {type(existing).__name__}"
                        ),
                    )
                records = managed_records(existing, caps)
                if caps.apex_ns:
                    desired += apex_ns_records(domain, plan.nameservers)
                result.records_read = records
                changes = diff_zone(domain, records, desired)
                result.changes = changes
                result.limit = change_limit(domain, changes, ref.name)
                if changes.purge_kept:
                    result.infos.append(_purge_info(changes, zone))
                ptype = self.providers.provider_type(ref).name
                result.infos += unused_metadata(domain, caps, f"{ptype} (creds key {ref.name!r})")
                # Asked even without changes: a provider may have INFO lines, or DNSSEC to set.
                with locks.using(instance, caps.concurrent):
                    result.corrections = list(
                        _call(instance.get_zone_corrections, domain, existing, changes)
                    )
            except Exception as exc:
                result.error = self._failure(exc, ref, f"planning {zone}")
                result.exception = _cause(exc)
                failed = True

        registrar = domain.registrar
        if failed or not self.registrars or not wanted(registrar.name) or not plan.nameservers:
            return plan
        result = ProviderPlan(registrar.name, "registrar", ref=registrar)
        plan.providers.append(result)
        try:
            reg, caps = self._provider(registrar)
            with locks.using(reg, caps.concurrent):
                result.corrections = list(
                    _call(reg.get_registrar_corrections, domain, list(plan.nameservers))
                )
        except Exception as exc:
            result.error = self._failure(exc, registrar, f"planning the delegation of {zone}")
            result.exception = _cause(exc)
        return plan

    def _provider(self, ref: ProviderRef) -> tuple[Any, Capabilities]:
        """The instance behind ``ref`` in its role, and its type's capabilities."""
        providers = self.providers
        instance = providers.dns(ref) if ref.kind == "dns" else providers.registrar(ref)
        return instance, providers.provider_type(ref).capabilities

    def _unmoved(self, plan: DomainPlan, pp: ProviderPlan) -> None:
        """Before a DNS provider's first write: read the zone again and stop (ProviderError)
        if it is not as it was when the corrections were made (another push, another tool)."""
        ref = pp.ref
        if ref is None or ref.kind != "dns":
            return
        instance, caps = self._provider(ref)
        with self._locks.using(instance, caps.concurrent):
            existing = _call(instance.get_zone, zone_key(plan.domain, caps))
        moved = moved_rrsets(pp.read, rrset_digests(managed_records(existing, caps)))
        if moved:
            raise ProviderError(
                f"the zone changed while this push was running: {', '.join(moved)} "
                f"{'is' if len(moved) == 1 else 'are'} no longer as read at {pp.name}, so "
                f"nothing was written to {plan.domain.name}. Run preview and push again."
            )

    def _snapshot(self, plan: DomainPlan, pp: ProviderPlan, on_event: OnEvent) -> None:
        """Before a DNS provider's first write to the zone: its snapshot, if it takes them."""
        ref = pp.ref
        if ref is None or ref.kind != "dns":
            return
        instance, caps = self._provider(ref)
        if not isinstance(instance, ZoneSnapshotter):
            return
        with self._locks.using(instance, caps.concurrent):
            try:
                snapshot = _call(instance.take_snapshot, zone_key(plan.domain, caps), self.name)
            except DnsframeError as exc:
                raise ProviderError(
                    f"could not save a snapshot of {plan.domain.name} before writing, so "
                    f"nothing was written: {exc}"
                ) from exc
        if snapshot is not None:
            on_event(SnapshotTaken(plan, pp, snapshot))

    def _run_correction(self, pp: ProviderPlan, correction: Correction, number: int) -> None:
        """Apply one correction, holding the instance's lock if it is not ``concurrent``."""
        ref, apply = pp.ref, correction.apply
        assert apply is not None
        instance: Any = None
        concurrent = True  # a plan made without a ref (by hand): no lock to share
        if ref is not None:
            instance, caps = self._provider(ref)
            concurrent = caps.concurrent
        with self._locks.using(instance, concurrent):
            try:
                apply()
            except DnsframeError:
                raise
            except Exception as exc:
                raise _PluginBug("a correction's apply", exc) from exc

    def _walk(
        self,
        plans: Sequence[DomainPlan],
        on_event: OnEvent,
        push: bool,
        force: bool = False,
        stop_asked: Callable[[], str | None] | None = None,
    ) -> RunResult:
        result = RunResult(pushed=push)
        # One error of one provider for several domains (a token refused) is one line.
        unread: dict[tuple[str, str], list[str]] = {}
        for plan in plans:
            name = plan.domain.unique_name
            on_event(DomainStarted(plan))
            stop = False
            limits = plan.limits
            if limits:
                on_event(DomainHeld(plan, tuple(limits), push, force))
                if push and not force:
                    stop = True  # every correction of the domain is skipped
                    result.held.append(name)
            for pp in plan.providers:
                on_event(ProviderStarted(plan, pp))
                if pp.error is not None:
                    who = pp.name if pp.role == "dns" else f"registrar {pp.name}"
                    unread.setdefault((who, pp.error), []).append(name)
                    continue
                outcome = Outcome(name, pp.name, role=pp.role)
                if push and pp.actions:
                    result.outcomes.append(outcome)
                number = 0
                for correction in pp.corrections:
                    if correction.apply is None:
                        on_event(CorrectionStarted(plan, pp, 0, correction))
                        continue
                    number += 1
                    result.corrections += 1
                    failed_snapshot: Exception | None = None
                    if push and stop_asked is not None and result.interrupted is None:
                        result.interrupted = stop_asked()
                    if push and not stop and not result.interrupted and number == 1:
                        try:
                            self._snapshot(plan, pp, on_event)
                            self._unmoved(plan, pp)  # as late as can be: right before writing
                        except Exception as exc:
                            failed_snapshot = exc
                    on_event(CorrectionStarted(plan, pp, number, correction))
                    if not push:
                        continue
                    if stop or result.interrupted:
                        outcome.skipped.append(number)
                        on_event(CorrectionSkipped(plan, pp, number))
                        continue
                    try:
                        if failed_snapshot is not None:
                            raise failed_snapshot
                        self._run_correction(pp, correction, number)
                    except Exception as exc:
                        reason = self._failure(exc, pp, f"applying #{number}")
                        if isinstance(exc, DnsframeError):
                            log.debug("correction #%d of %s failed", number, name, exc_info=exc)
                        outcome.failed = (number, reason)
                        stop = True
                        on_event(CorrectionFailed(plan, pp, number, reason, exc))
                    else:
                        outcome.applied.append(number)
                        on_event(CorrectionApplied(plan, pp, number))
                if push and (outcome.failed or (outcome.skipped and name not in result.held)):
                    result.failures.append(outcome)
        result.errors += [
            f"{', '.join(names)} ({who}): {error}" for (who, error), names in unread.items()
        ]
        return result


class _PluginBug(Exception):
    """A provider method raised something that is not a DnsframeError: the method's name and
    the exception, which stays the cause (its traceback is the plugin's)."""

    def __init__(self, method: str, error: BaseException) -> None:
        super().__init__(method, error)
        self.method = method
        self.error = error


T = TypeVar("T")


def _cause(exc: BaseException) -> BaseException:
    """What a provider raised: the exception a :class:`_PluginBug` wraps, or ``exc``."""
    return exc.error if isinstance(exc, _PluginBug) else exc


def _call(method: Callable[..., T], *args: Any) -> T:
    """``method(*args)``, a provider's method: an exception that is not a DnsframeError comes
    out as a :class:`_PluginBug` naming the method."""
    try:
        return method(*args)
    except DnsframeError:
        raise
    except Exception as exc:
        raise _PluginBug(method.__name__, exc) from exc


def rrset_digests(records: Sequence[Record]) -> dict[tuple[str, str], str]:
    """``(name, type)`` -> a digest of the rrset's TTLs and contents: what a zone was, in a form
    that saved plans keep and that says which rrsets moved."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for r in records:
        grouped.setdefault((r.name, r.type), []).append(f"{r.ttl} {r.content}")
    return {
        key: hashlib.sha256(
            "\n".join(sorted(values)).encode("utf-8", "surrogateescape")
        ).hexdigest()[:16]
        for key, values in grouped.items()
    }


def moved_rrsets(
    before: Mapping[tuple[str, str], str], now: Mapping[tuple[str, str], str]
) -> list[str]:
    """The rrsets (``name TYPE``) that differ between two :func:`rrset_digests`."""
    keys = sorted(set(before) | set(now), key=lambda k: (k[0] != "@", k[0], k[1]))
    return [
        f"{name} {rtype}"
        for name, rtype in keys
        if before.get((name, rtype)) != now.get((name, rtype))
    ]


#: Metadata keys that dnsframe itself reads, for every provider.
CORE_METADATA_KEYS = frozenset({"skip_fqdn_check"})


def unused_metadata(domain: Domain, caps: Capabilities, who: str) -> list[str]:
    """One INFO line per metadata key of the domain and its records that the provider does not
    declare in ``Capabilities.metadata_keys`` (nor dnsframe reads): a config shared with other
    providers (``CF_PROXY_ON``, ``R53_WEIGHT(...)``) evaluates, and this provider ignores them."""
    used = caps.metadata_keys | CORE_METADATA_KEYS
    seen: dict[str, list[Record]] = {}
    for record in domain.records:
        for key in record.metadata:
            if key not in used:
                seen.setdefault(key, []).append(record)
    infos = []
    for key in sorted(domain.metadata):
        if key not in used:
            where = f" at {domain.source}" if domain.source else ""
            infos.append(f"domain metadata {key!r}{where} is not used by {who}: ignored")
    for key, records in sorted(seen.items()):
        first = records[0].source
        where = f", the first at {first}" if first else ""
        infos.append(
            f"record metadata {key!r} (on {len(records)} record(s){where}) is not used by "
            f"{who}: ignored"
        )
    return infos


def _purge_info(changes: ZoneChanges, zone: str) -> str:
    names = sorted({f"{r.fqdn(zone)} {r.type}" for r in changes.purge_kept})
    shown = ", ".join(names[:10])
    if len(names) > 10:
        shown += f", and {len(names) - 10} more name and type group(s)"
    return (
        f"NO_PURGE keeps {len(changes.purge_kept)} record(s) the config does not mention: {shown}"
    )


def check_config(
    config_path: str | os.PathLike[str],
    variables: Mapping[str, str] | None = None,
) -> Config:
    """What ``check`` does: evaluate (with ``variables``, the config's ``CLI_VARS``) and
    validate the config without creds (DNSControl's checks, and the capabilities of the
    provider types the config declares). A type written in the config that no installed plugin
    provides is a problem at its line, with the installed types and the closest of them; raises
    :class:`ConfigError` listing every problem, or returns the config."""
    from dnsframe.plugins import get_registry

    config, problems = _evaluated(config_path, variables)
    registry = get_registry()
    problems += _config_problems(config, None, problems, registry)
    if problems:
        raise ConfigError(problems)
    validate_capabilities(config.domains, lambda ref: registry.get(ref.kind, ref.type or ""))
    return config


def _evaluated(
    path: str | os.PathLike[str], variables: Mapping[str, str] | None
) -> tuple[Config, list[str]]:
    """The config at ``path`` and the problems of its evaluation: when the evaluation ran to
    the end despite them (a bad record is left out and the rest goes on), the config it
    declared, so that the checks after evaluation report their problems in the same run."""
    try:
        return load_config(path, variables), []
    except ConfigError as exc:
        if exc.partial is None:
            raise
        return exc.partial, list(exc.problems)


def _config_problems(
    config: Config,
    selected: Sequence[Domain] | None,
    known: Sequence[str],
    registry: ProviderRegistry,
) -> list[str]:
    """The problems of ``config`` after its evaluation, those not among ``known``: provider
    types that no installed plugin provides, and what :func:`validate` finds."""
    problems = [
        unknown_type_problem(ref, registry.names(ref.kind))
        for ref in (*config.registrars, *config.dns_providers)
        if ref.type and registry.get(ref.kind, ref.type) is None
    ]
    try:
        validate(config, selected)
    except ConfigError as exc:
        problems += exc.problems
    return [p for p in problems if p not in known]


def unknown_type_problem(ref: ProviderRef, installed: Sequence[str]) -> str:
    """The problem of ``ref``, whose type no installed plugin provides: the installed types of
    its kind, the closest of them, and what to do."""
    role = "DNS provider" if ref.kind == "dns" else "registrar"
    fn = "NewDnsProvider" if ref.kind == "dns" else "NewRegistrar"
    hint = closest_type_hint(ref.type or "", installed)
    at = f"{ref.source}: " if ref.source else ""
    return (
        f"{at}{fn}({ref.name!r}, {ref.type!r}): no installed plugin provides the "
        f"{role} type {ref.type} (installed: {', '.join(installed) or 'none'}).{hint} Fix the "
        "type, or install the plugin that provides it (dnsframe providers lists the installed "
        "types)."
    )


def prepare(
    config: str | os.PathLike[str] | Config,
    creds: str | os.PathLike[str] | Creds,
    *,
    domains: str | None = None,
    provider_filter: str | None = None,
    registry: ProviderRegistry | None = None,
    instances: Providers | None = None,
    before_creds: Callable[[], None] | None = None,
    variables: Mapping[str, str] | None = None,
) -> Run:
    """Everything a preview or push checks before it reads anything, in this order: evaluate
    and validate the config (a path, or a :class:`Config` already loaded), select ``domains``
    (comma-separated globs) and check ``provider_filter`` (comma-separated creds keys, or
    ``all``: the keys creds.json excludes from the defaults too), load
    creds.json (a path, or :class:`Creds`), create every provider the selected domains use
    (or reuse ``instances``), and check what those providers can store and their own audits.
    ``variables`` are the config's ``CLI_VARS`` (``-v name=value``), when it is a path.
    ``before_creds`` runs once the config is valid, before creds.json is read (the CLI checks
    that the ``--report`` file can be written there). Raises :class:`DnsframeError` listing
    every problem of a stage; contacts no provider."""
    problems: list[str] = []
    if not isinstance(config, Config):
        config, problems = _evaluated(config, variables)
    selected = select_domains(config.domains, domains)
    if problems:
        from dnsframe.plugins import get_registry

        known = registry if registry is not None else get_registry()
        raise ConfigError([*problems, *_config_problems(config, selected, problems, known)])
    if domains and not selected:
        raise DnsframeError(f"--domains {domains}: no domain of {config.file} matches")
    validate(config, selected)
    if provider_filter and provider_filter.strip() != "all":
        used = {d.registrar.name for d in selected}
        used |= {u.provider.name for d in selected for u in d.dns_providers}
        unknown = sorted({p.strip() for p in provider_filter.split(",") if p.strip()} - used)
        if unknown:
            raise DnsframeError(
                f"--providers {provider_filter}: {', '.join(unknown)} is not a provider or "
                f"registrar of the selected domains (they use: {', '.join(sorted(used))})"
            )
    if before_creds is not None:
        before_creds()
    if instances is None:
        if registry is None:
            from dnsframe.plugins import get_registry

            registry = get_registry()
        loaded = creds if isinstance(creds, Creds) else Creds.load(creds)
        instances = Providers(loaded, registry)
    instances.check_config(selected)
    validate_capabilities(selected, instances.provider_type, instances.instances())
    return Run(config, selected, instances, provider_filter, instances.creds.excluded())
