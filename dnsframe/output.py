"""What preview and push print, and the ``--report`` JSON, made from the engine's events.

The text is DNSControl's: a ``******************** Domain: example.tld`` header per domain with
something to do, ``N corrections (provider)``, ``INFO#n: ...`` lines, ``#n: + CREATE ...``
per correction and, for push, ``SUCCESS!`` or ``FAILURE! reason`` after each. ``--full`` shows
every domain and names each provider's line as DNSControl's ``--full`` does
(``----- DNS Provider: gandi...0 corrections``, ``----- Registrar: gandi...0 corrections``).

Given the plans up front, the renderer prints every provider warning once, in one block before
the domains (with the domains it concerns), and an error that one provider gave for several
domains (a token refused) once, with those domains.

Colours and the progress line come from click, already the command's dependency: its
``style`` for the ANSI colours and its ``progressbar`` for the progress line on stderr (a
terminal only). click's terminal module is imported only when a progress line is drawn, so a
``check`` starts no slower.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, TextIO

import click

from dnsframe.engine import (
    CorrectionApplied,
    CorrectionFailed,
    CorrectionSkipped,
    CorrectionStarted,
    DomainHeld,
    DomainPlan,
    DomainStarted,
    Event,
    ProviderPlan,
    ProviderStarted,
    RunResult,
    SnapshotTaken,
)

Emit = Callable[[str], None]

#: The colour of a correction's line, by its verb (DNSControl's: CREATE green, MODIFY yellow,
#: DELETE red).
VERB_COLORS = {"CREATE": "green", "MODIFY": "yellow", "MODIFY-TTL": "yellow", "DELETE": "red"}
_VERB = re.compile(r"^(?:#\d+: )?(?:[+\-±] )?(CREATE|MODIFY-TTL|MODIFY|DELETE)\b")


def use_color(stream: IO[str], choice: bool | None = None) -> bool:
    """Whether to colour what goes to ``stream``: ``choice`` when given (``--colors``,
    ``--no-colors``); else not when ``NO_COLOR`` is set to anything but the empty string
    (no-color.org); else when ``stream`` is a terminal."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR", ""):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Painter:
    """The colours of the text lines, or none (``color`` False: the text as it is)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def line(self, text: str) -> str:
        """``text`` (one line or several), each line coloured by what it says: a correction
        by its verb, ``ERROR``/``FAILURE`` red, ``WARNING`` yellow, ``SUCCESS`` green."""
        if not self.color:
            return text
        return "\n".join(self._one(part) for part in text.split("\n"))

    def _one(self, text: str) -> str:
        verb = _VERB.match(text)
        if verb:
            return click.style(text, fg=VERB_COLORS[verb.group(1)])
        if text.startswith(("ERROR", "FAILURE")):
            return click.style(text, fg="red", bold=text.startswith("FAILURE:"))
        if text.startswith("WARNING"):
            return click.style(text, fg="yellow")
        if text.startswith("SUCCESS"):
            return click.style(text, fg="green")
        if text.startswith("*****"):
            return click.style(text, bold=True)
        return text


def _plural(n: int) -> str:
    return f"{n} correction{'s' if n != 1 else ''}"


def _who(pp: ProviderPlan) -> str:
    return pp.name if pp.role == "dns" else f"registrar {pp.name}"


def _domains(names: Sequence[str]) -> str:
    return f"{len(names)} domains: {', '.join(names)}"


class TextRenderer:
    """An ``on_event`` callable that writes each event as DNSControl's lines through ``emit``.

    ``full`` shows domains and providers without changes too, each provider's line naming its
    role; ``quiet`` prints only the corrections, warnings and errors (no headers, counts,
    INFO or SUCCESS lines); ``color`` colours the lines (see :class:`Painter`). ``plans``, the
    plans about to be walked, let it print each warning once and an error shared by several
    domains once, before the first domain; without them, a warning is printed where it comes,
    the first time only. ``progress`` is told of each correction that push has finished with.
    """

    def __init__(
        self,
        emit: Emit,
        full: bool = False,
        *,
        quiet: bool = False,
        color: bool = False,
        plans: Sequence[DomainPlan] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.emit = emit
        self.full = full
        self.quiet = quiet and not full
        self.paint = Painter(color)
        self.progress = progress
        self._shown = False
        self._info = 0
        self._warned: set[str] = set()
        self._shared: set[tuple[str, str]] = set()
        self._prologue: list[str] = []
        if plans is not None:
            self._prologue = self._gather(plans)

    def _gather(self, plans: Sequence[DomainPlan]) -> list[str]:
        warnings: dict[str, list[str]] = {}
        errors: dict[tuple[str, str], list[str]] = {}
        for plan in plans:
            name = plan.domain.unique_name
            for pp in plan.providers:
                for text in pp.warnings:
                    where = warnings.setdefault(text, [])
                    if name not in where:
                        where.append(name)
                if pp.error is not None:
                    errors.setdefault((_who(pp), pp.error), []).append(name)
        lines = []
        for text, names in warnings.items():
            self._warned.add(text)
            lines.append(f"WARNING: {text}" + (f" ({_domains(names)})" if len(names) > 1 else ""))
        for (who, error), names in errors.items():
            if len(names) > 1:
                self._shared.add((who, error))
                lines.append(f"ERROR: {who}: {error} ({_domains(names)})")
        return lines

    def write(self, text: str) -> None:
        if self.progress is not None:
            self.progress.clear()
        self.emit(self.paint.line(text))
        if self.progress is not None:
            self.progress.draw()

    def __call__(self, event: Event) -> None:
        if self._prologue:
            lines, self._prologue = self._prologue, []
            for line in lines:
                self.write(line)
        done = (CorrectionApplied, CorrectionFailed, CorrectionSkipped)
        if self.progress is not None and isinstance(event, done):
            self.progress.advance()
        write = self.write
        if isinstance(event, DomainStarted):
            plan = event.plan
            self._shown = (
                self.full
                or bool(plan.limits)
                or any(
                    pp.actions
                    or (pp.error is not None and (_who(pp), pp.error) not in self._shared)
                    for pp in plan.providers
                )
            )
            if self._shown and not self.quiet:
                write(f"******************** Domain: {plan.domain.unique_name}")
            return
        if not self._shown:
            return
        if isinstance(event, DomainHeld):
            for limit in event.reasons:
                if event.pushed and event.forced:
                    write(f"WARNING: {limit.summary}. Pushed all the same (--force).")
                elif event.pushed:
                    write(
                        f"ERROR: {limit.summary}. Nothing was written to {limit.zone}. "
                        f"{limit.advice}"
                    )
                else:
                    write(f"WARNING: push would stop here: {limit.summary}. {limit.advice}")
        elif isinstance(event, ProviderStarted):
            self._provider(event.provider)
        elif isinstance(event, CorrectionStarted):
            if event.number == 0:
                self._info += 1
                if not self.quiet:
                    write(f"INFO#{self._info}: {event.correction.message}")
            else:
                write(f"#{event.number}: {event.correction.message}")
        elif isinstance(event, SnapshotTaken):
            if self.quiet:
                return
            snap = event.snapshot
            write(
                f"SNAPSHOT: {event.provider.name} saved {event.plan.domain.name} before writing: "
                f"{snap.id} ({snap.name}); undo with: dnsframe snapshots restore "
                f"{event.plan.domain.name} {snap.id}"
            )
        elif isinstance(event, CorrectionApplied):
            if not self.quiet:
                write("SUCCESS!")
        elif isinstance(event, CorrectionFailed):
            write(f"FAILURE! {event.reason}")
        elif isinstance(event, CorrectionSkipped):
            pass  # the summary lists what was not applied

    def _provider(self, pp: ProviderPlan) -> None:
        write = self.write
        self._info = 0
        if pp.error is not None:
            if (_who(pp), pp.error) not in self._shared:
                write(f"ERROR: {pp.name}: {pp.error}")
            return
        for text in pp.warnings:
            if text not in self._warned:
                self._warned.add(text)
                write(f"WARNING: {text}")
        actions = pp.actions
        if self.full:
            role = "DNS Provider" if pp.role == "dns" else "Registrar"
            write(f"----- {role}: {pp.name}...{_plural(len(actions))}")
        elif actions and not self.quiet:
            write(f"{_plural(len(actions))} ({pp.name})")
        if not self.quiet:
            for text in pp.infos:
                self._info += 1
                write(f"INFO#{self._info}: {text}")


def failure_line(result: RunResult, plans: Sequence[DomainPlan], refused: int = 0) -> str | None:
    """For a push that did not do everything: ``FAILURE: ...`` saying how many corrections
    were applied, failed and not applied, and how many domains could not be read, were held
    by their change limit or refused by a saved plan; for a preview, how many domains could
    not be read; None when everything was done."""
    unread = sum(1 for plan in plans if any(pp.error is not None for pp in plan.providers))
    if not result.pushed:
        if not unread:
            return None
        if unread == len(plans):
            which = "the domain could not" if unread == 1 else f"none of the {unread} domains could"
            return f"FAILURE: {which} be read; nothing to show."
        return (
            f"FAILURE: {unread} domain{'s' if unread != 1 else ''} could not be read; the "
            f"{_plural(result.corrections)} shown {'is' if result.corrections == 1 else 'are'} "
            "for the others."
        )
    if result.ok and not refused:
        return None
    applied, failed, not_applied = result.counts()
    parts = [f"{applied} of {_plural(result.corrections)} applied"]
    parts += [f"{failed} failed", f"{not_applied} not applied"]
    if unread:
        parts.append(f"{unread} domain{'s' if unread != 1 else ''} could not be read")
    if result.held:
        parts.append(f"{len(result.held)} held by their change limit")
    if refused:
        parts.append(f"{refused} refused by the plan")
    if result.interrupted:
        parts.append(f"stopped by {result.interrupted}")
    return "FAILURE: " + ", ".join(parts) + "."


def report_items(
    plans: Sequence[DomainPlan], result: RunResult | None = None
) -> list[dict[str, Any]]:
    """DNSControl's ``--report`` JSON: one item per domain and provider or registrar. With the
    ``result`` of a push, each item with corrections also has ``correction_status``: one of
    ``applied``, ``failed`` or ``not applied`` per correction, in the order of
    ``correction_details``."""
    outcomes = {}
    if result is not None and result.pushed:
        outcomes = {(o.domain, o.role, o.provider): o for o in result.outcomes}
    items: list[dict[str, Any]] = []
    for plan in plans:
        for pp in plan.providers:
            item: dict[str, Any] = {"domain": plan.domain.unique_name}
            item["provider" if pp.role == "dns" else "registrar"] = pp.name
            item["corrections"] = len(pp.actions)
            item["correction_details"] = [c.message for c in pp.actions]
            if result is not None and result.pushed and pp.actions:
                outcome = outcomes.get((plan.domain.unique_name, pp.role, pp.name))
                item["correction_status"] = [
                    outcome.status(n) if outcome else "not applied"
                    for n in range(1, len(pp.actions) + 1)
                ]
            if pp.error is not None:
                item["error"] = pp.error
            if pp.limit is not None:
                item["change_limit"] = pp.limit.summary
            items.append(item)
    return items


class Progress:
    """A progress line on a terminal (``stream``, stderr): ``label [#####   ] 3/80``, through
    click's progress bar; cleared, not left behind, when done. :meth:`clear` and :meth:`draw`
    let other lines be printed while it runs."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar = click.progressbar(
            length=max(total, 1), label=label, file=self.stream, show_eta=False, show_pos=True
        )
        self.bar.length = total
        self.done = 0
        self.draw()

    def advance(self, steps: int = 1) -> None:
        self.bar.update(steps)
        self.done += steps

    def set(self, done: int) -> None:
        if done > self.done:
            self.advance(done - self.done)

    def draw(self) -> None:
        self.bar._last_line = None  # drawn again even if unchanged: a line was printed over it
        self.bar.render_progress()

    def clear(self) -> None:
        """Erase the line and show the cursor again (click hides it while the bar is drawn)."""
        self.stream.write("\r\x1b[K\x1b[?25h")
        self.stream.flush()

    def close(self) -> None:
        self.clear()


def progress_wanted(stream: IO[str]) -> bool:
    """A progress line is drawn only on a terminal (never in a pipe, a file or CI's log)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"
