"""Running one conformance group against one provider, through the engine."""

from __future__ import annotations

import json
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dnsframe.creds import Creds
from dnsframe.engine import CorrectionFailed, Event, prepare
from dnsframe.evaluate import load_config
from dnsframe.instances import Providers
from dnsframe.model import Domain, ProviderRef
from dnsframe.output import TextRenderer
from dnsframe.plugins import get_registry
from dnsframe.testing.groups import Group, Step


class Skip(Exception):
    """The provider's capabilities exclude what the group needs; the message says which."""


@dataclass
class Target:
    """A provider under test: its type, its creds entry (without TYPE), and a zone it may wipe.

    ``counter``, when given, returns the number of API requests made so far as (reads, writes);
    the suite then records them per group. ``modifiers`` are more arguments of every step's
    ``D()`` (``'NAMESERVER("ns1.example.net.")'``). ``after_push``, when given, is called with
    the zone's name after each step's push: a provider's own check of what it wrote (BIND's
    suite runs ``named-checkzone`` on the file).
    """

    type_name: str
    settings: Mapping[str, Any]
    domain: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    key: str = "conformance"
    counter: Callable[[], tuple[int, int]] | None = None
    modifiers: str = ""
    after_push: Callable[[str], None] | None = None


@dataclass
class GroupResult:
    group: str
    steps: int
    reads: int | None = None
    writes: int | None = None


def _source(target: Target, step: Step) -> str:
    meta = json.dumps(dict(target.metadata))
    extra = f" {target.modifiers}," if target.modifiers else ""
    return (
        'REG = NewRegistrar("none")\n'
        f"DSP = NewDnsProvider({json.dumps(target.key)}, {json.dumps(target.type_name)}, {meta})\n"
        f"D({json.dumps(target.domain)}, REG, DnsProvider(DSP, 0),{extra}\n    {step.records}\n)\n"
    )


def _domain(path: Path, target: Target, step: Step) -> tuple[Any, Domain]:
    path.write_text(_source(target, step), encoding="utf-8")
    config = load_config(path)
    return config, config.domains[0]


def required(group: Group, target: Target, workdir: Path) -> None:
    """Raise :class:`Skip` when the provider cannot store what ``group`` uses."""
    ptype = get_registry().get("dns", target.type_name)
    if ptype is None:
        raise Skip(f"no installed plugin provides {target.type_name}")
    caps = ptype.capabilities
    for step in group.steps:
        _, domain = _domain(workdir / "needs.py", target, step)
        for record in domain.records:
            if record.type not in caps.record_types:
                raise Skip(f"{target.type_name} does not support {record.type} records")
    for need in sorted(group.needs):
        if not getattr(caps, need):
            raise Skip(f"{target.type_name} lacks the capability {need}")


def run_group(target: Target, group: Group) -> GroupResult:
    """Drive ``target``'s zone through ``group``: from empty, each step pushed and checked.

    Raises :class:`Skip` or ``AssertionError`` (with the run's output) on a mismatch.
    """
    with tempfile.TemporaryDirectory(prefix="dnsframe-conformance-") as tmp:
        workdir = Path(tmp)
        required(group, target, workdir)
        creds = Creds(
            path="<conformance>",
            entries={target.key: {"TYPE": target.type_name, **dict(target.settings)}},
        )
        providers = Providers(creds, get_registry())
        start = target.counter() if target.counter else None
        for number, step in enumerate((Step(""), *group.steps)):
            label = "empty zone" if number == 0 else f"step {number}"
            _push_and_check(workdir, providers, target, step, f"{group.name} {label}")
        result = GroupResult(group.name, len(group.steps))
        if target.counter and start is not None:
            reads, writes = target.counter()
            result.reads, result.writes = reads - start[0], writes - start[1]
        return result


def _tracebacks(raised: list[BaseException]) -> str:
    """The tracebacks of what the provider raised, for the assertion message: a plugin's test
    shows where its bug is without --debug."""
    if not raised:
        return ""
    return "\n" + "".join(
        "".join(traceback.format_exception(exc)) for exc in raised if exc is not None
    )


def _push_and_check(
    workdir: Path, providers: Providers, target: Target, step: Step, where: str
) -> None:
    config, domain = _domain(workdir / "dnsconfig.py", target, step)
    run = prepare(config, providers.creds, instances=providers)
    plans = run.plan(concurrency=1)
    output: list[str] = []
    render = TextRenderer(output.append)
    raised: list[BaseException] = [
        pp.exception for plan in plans for pp in plan.providers if pp.exception is not None
    ]

    def on_event(event: Event) -> None:
        render(event)
        if isinstance(event, CorrectionFailed) and event.exception is not None:
            raised.append(event.exception)

    result = run.apply(plans, on_event, force=True)  # the suite empties zones on purpose
    shown = "\n".join(output) + _tracebacks(raised)
    assert not result.errors, f"{where}: reading failed:\n{shown}\n{result.errors}"
    assert not result.failures, f"{where}: push failed:\n{shown}\n{result.failures}"
    if target.after_push is not None:
        target.after_push(domain.name)
    if step.expect_no_changes:
        assert result.corrections == 0, f"{where}: expected no changes, got:\n{shown}"
    expected = plans[0].providers[0].changes
    assert expected is not None, f"{where}: no diff was made:\n{shown}"
    provider = providers.dns(ProviderRef(target.key, "dns"))
    records = provider.get_zone(domain.name).records
    actual = {(r.name, r.type, r.content, r.ttl) for r in records}
    wanted = {(r.name, r.type, r.content, r.ttl) for r in expected.desired}
    assert actual == wanted, (
        f"{where}: the zone differs from the desired state after push:\n"
        f"  missing: {sorted(wanted - actual)}\n  unexpected: {sorted(actual - wanted)}\n{shown}"
    )
    again = run.plan(concurrency=1)
    leftover: list[str] = []
    second = run.preview(again, TextRenderer(leftover.append))
    assert not second.errors, f"{where}: the second preview failed: {second.errors}"
    assert second.corrections == 0, f"{where}: a second preview still finds changes:\n" + "\n".join(
        leftover
    )
