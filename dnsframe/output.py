"""What preview and push print, and the ``--report`` JSON, made from the engine's events.

The text is DNSControl's: a ``******************** Domain: example.tld`` header per domain with
something to show, ``N corrections (provider)``, ``INFO#n: ...`` lines, ``#n: + CREATE ...``
per correction and, for push, ``SUCCESS!`` or ``FAILURE! reason`` after each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from dnsframe.engine import (
    CorrectionApplied,
    CorrectionFailed,
    CorrectionSkipped,
    CorrectionStarted,
    DomainHeld,
    DomainPlan,
    DomainStarted,
    Event,
    ProviderStarted,
    SnapshotTaken,
)

Emit = Callable[[str], None]


def _plural(n: int) -> str:
    return f"{n} correction{'s' if n != 1 else ''}"


class TextRenderer:
    """An ``on_event`` callable that writes each event as DNSControl's lines through ``emit``;
    ``full`` shows domains and providers without changes too."""

    def __init__(self, emit: Emit, full: bool = False) -> None:
        self.emit = emit
        self.full = full
        self._shown = False
        self._info = 0

    def __call__(self, event: Event) -> None:
        emit = self.emit
        if isinstance(event, DomainStarted):
            self._shown = event.plan.busy or self.full or bool(event.plan.limits)
            if self._shown:
                emit(f"******************** Domain: {event.plan.domain.unique_name}")
            return
        if not self._shown:
            return
        if isinstance(event, DomainHeld):
            for limit in event.reasons:
                if event.pushed and event.forced:
                    emit(f"WARNING: {limit.summary}. Pushed all the same (--force).")
                elif event.pushed:
                    emit(
                        f"ERROR: {limit.summary}. Nothing was written to {limit.zone}. "
                        f"{limit.advice}"
                    )
                else:
                    emit(f"WARNING: push would stop here: {limit.summary}. {limit.advice}")
        elif isinstance(event, ProviderStarted):
            pp = event.provider
            self._info = 0
            if pp.error is not None:
                emit(f"ERROR: {pp.name}: {pp.error}")
                return
            for text in pp.warnings:
                emit(f"WARNING: {text}")
            actions = pp.actions
            if actions or self.full:
                emit(f"{_plural(len(actions))} ({pp.name})")
            for text in pp.infos:
                self._info += 1
                emit(f"INFO#{self._info}: {text}")
        elif isinstance(event, CorrectionStarted):
            if event.number == 0:
                self._info += 1
                emit(f"INFO#{self._info}: {event.correction.message}")
            else:
                emit(f"#{event.number}: {event.correction.message}")
        elif isinstance(event, SnapshotTaken):
            snap = event.snapshot
            emit(
                f"SNAPSHOT: {event.provider.name} saved {event.plan.domain.name} before writing: "
                f"{snap.id} ({snap.name}); undo with: dnsframe snapshots restore "
                f"{event.plan.domain.name} {snap.id}"
            )
        elif isinstance(event, CorrectionApplied):
            emit("SUCCESS!")
        elif isinstance(event, CorrectionFailed):
            emit(f"FAILURE! {event.reason}")
        elif isinstance(event, CorrectionSkipped):
            pass  # the summary lists what was not applied


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
            if pp.limit is not None:
                item["change_limit"] = pp.limit.summary
            items.append(item)
    return items
