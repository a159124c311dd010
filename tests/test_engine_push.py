"""push with a provider that applies one rrset per correction: failures, order, registrar step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dnsframe.model import Record
from tests.conftest import Run


def setup(workdir: Path, write: Any, creds: dict[str, Any], body: str) -> None:
    (workdir / "creds.json").write_text(json.dumps(creds))
    write("dnsconfig.py", 'REG = NewRegistrar("step")\nDSP = NewDnsProvider("step")\n' + body)


def test_a_failed_correction_stops_its_domain_and_is_summarised(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP", "fail_on": 2}},
        """
D("one.tld", REG, DnsProvider(DSP), A("a", "192.0.2.1"), A("b", "192.0.2.2"), A("c", "192.0.2.3"))
D("two.tld", REG, DnsProvider(DSP), A("a", "192.0.2.4"))
""",
    )
    result = run("push", "--report", "report.json")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "******************** Domain: one.tld",
        "3 corrections (step)",
        "#1: + CREATE a.one.tld A 192.0.2.1 ttl=300",
        "SUCCESS!",
        "#2: + CREATE b.one.tld A 192.0.2.2 ttl=300",
        "FAILURE! the service refused b A",
        "#3: + CREATE c.one.tld A 192.0.2.3 ttl=300",
        "1 correction (step)",
        "#1: ± MODIFY nameservers of one.tld: none -> ns1.step.example, ns2.step.example",
        "******************** Domain: two.tld",
        "1 correction (step)",
        "#1: + CREATE a.two.tld A 192.0.2.4 ttl=300",
        "SUCCESS!",
        "1 correction (step)",
        "#1: ± MODIFY nameservers of two.tld: none -> ns1.step.example, ns2.step.example",
        "SUCCESS!",
        # the end of stdout says what failed too, not only stderr
        "one.tld (step): applied: #1; #2 failed (the service refused b A); not applied: #3",
        "one.tld (registrar step): applied: none; not applied: #1",
        "FAILURE: 3 of 6 corrections applied, 1 failed, 2 not applied.",
    ]
    assert result.stderr == (
        "ERROR: push failed:\n"
        "  one.tld (step): applied: #1; #2 failed (the service refused b A); not applied: #3\n"
        "  one.tld (registrar step): applied: none; not applied: #1\n"
        "FAILURE: 3 of 6 corrections applied, 1 failed, 2 not applied.\n"
    )
    zones = step_plugin.ZONES
    assert [r.name for r in zones["one.tld"]] == ["a"]
    assert [r.name for r in zones["two.tld"]] == ["a"]
    assert "one.tld" not in step_plugin.DELEGATIONS  # the registrar waits for a whole zone
    assert step_plugin.DELEGATIONS["two.tld"] == ["ns1.step.example", "ns2.step.example"]
    report = json.loads((workdir / "report.json").read_text())
    assert [
        (i["domain"], i.get("provider"), i.get("registrar"), i["corrections"]) for i in report
    ] == [
        ("one.tld", "step", None, 3),
        ("one.tld", None, "step", 1),
        ("two.tld", "step", None, 1),
        ("two.tld", None, "step", 1),
    ]


def test_registrar_runs_after_the_zone_and_deletions_come_first(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    step_plugin.ZONES["example.tld"] = [Record("www", "CNAME", "web.example.net.", 300)]
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP"}},
        """
D("example.tld", REG, DnsProvider(DSP), NAMESERVER("ns0.example.net."), A("www", "192.0.2.1"))
""",
    )
    result = run("push")
    assert result.exit_code == 0, result.output
    assert step_plugin.CALLS == [
        "read example.tld",
        "read example.tld",  # again right before writing: has the zone moved since?
        "write example.tld DELETE www CNAME",
        "write example.tld CREATE www A",
        "delegate example.tld",
    ]
    assert step_plugin.DELEGATIONS["example.tld"] == [
        "ns0.example.net",
        "ns1.step.example",
        "ns2.step.example",
    ]
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_ns_count_limits_the_delegation(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir, write, {"step": {"TYPE": "STEP"}}, 'D("example.tld", REG, DnsProvider(DSP, 1))\n'
    )
    assert run("push").exit_code == 0
    assert step_plugin.DELEGATIONS["example.tld"] == ["ns1.step.example"]


def test_providers_filter_skips_the_others_and_refuses_unknown_names(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    (workdir / "creds.json").write_text(
        json.dumps({"step": {"TYPE": "STEP"}, "bind": {"TYPE": "BIND", "directory": "zones"}})
    )
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("step")\nDSP = NewDnsProvider("step")\nBIND = NewDnsProvider("bind")\n'
        'D("example.tld", REG, DnsProvider(DSP), DnsProvider(BIND), A("x", "192.0.2.1"))\n',
    )
    result = run("push", "--providers", "bind")
    assert result.exit_code == 0, result.output
    assert "(step)" not in result.stdout
    assert step_plugin.ZONES == {}
    assert (workdir / "zones" / "example.tld.zone").exists()
    typo = run("preview", "--providers", "bnid", "--expect-no-changes")
    assert typo.exit_code == 1
    assert typo.stderr == (
        "ERROR: --providers bnid: bnid is not a provider or registrar of the selected domains "
        "(they use: bind, step)\n"
    )


def test_records_outside_the_providers_capabilities_are_refused_before_any_call(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP"}},
        'D("example.tld", REG, DnsProvider(DSP),\n    SRV("_x._tcp", 1, 1, 1, "t"))\n',
    )
    result = run("preview")
    assert result.exit_code == 1
    assert (
        "dnsconfig.py:4: SRV _x._tcp.example.tld: the DNS provider step (STEP) does not support SRV records"
        in result.stderr
    )
    assert step_plugin.CALLS == []
    checked = run("check")
    assert checked.exit_code == 0  # the type is not declared in the config: check cannot know


def test_provider_audits_run_before_anything_is_read(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP"}},
        'D("example.tld", REG, DnsProvider(DSP),\n    TXT("t", "a text longer than twenty"))\n',
    )
    result = run("push")
    assert result.exit_code == 1
    assert (
        "dnsconfig.py:4: the DNS provider step (STEP): TXT t.example.tld is longer than 20 characters"
        in result.stderr
    )
    assert step_plugin.CALLS == []


def test_a_provider_that_is_not_concurrent_is_called_by_one_thread_at_a_time(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    body = "\n".join(
        f'D("d{i}.tld", REG, DnsProvider(DSP), A("x", "192.0.2.{i}"))' for i in range(30)
    )
    setup(workdir, write, {"step": {"TYPE": "STEP"}}, body + "\n")
    result = run("preview", "--concurrency", "8")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("******************** Domain:") == 30
    assert step_plugin.PEAK["max"] == 1


def test_a_provider_bug_is_an_internal_error_of_the_plugin_with_its_traceback_under_debug(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP", "bug_in": "get_zone"}},
        'D("one.tld", REG, DnsProvider(DSP), A("a", "192.0.2.1"))\n',
    )
    quiet = run("preview")
    assert quiet.exit_code == 1
    message = (
        'ERROR: step: internal error in plugin tests.stepplugin (STEP at creds key "step"): '
        "get_zone() raised AttributeError: 'StepProvider' object has no attribute "
        "'_no_such_helper'\n"
    )
    assert message in quiet.stdout
    assert "Traceback" not in quiet.output
    assert quiet.stderr.endswith(
        "\nRun again with --debug to see the plugin's traceback, and report it to the plugin's "
        "authors.\n"
    )
    loud = run("preview", "--debug")
    assert loud.exit_code == 1
    assert message in loud.stdout
    assert "Traceback (most recent call last):" in loud.stderr
    assert "in get_zone\n    self._no_such_helper()" in loud.stderr  # the plugin's own frame
    assert "DEBUG dnsframe.plugins: internal error in plugin tests.stepplugin" in loud.stderr
    assert "Run again with --debug" not in loud.stderr


def test_a_bug_while_applying_is_named_too_and_stops_the_domain(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP", "bug_in": "apply"}},
        'D("one.tld", REG, DnsProvider(DSP), A("a", "192.0.2.1"), A("b", "192.0.2.2"))\n',
    )
    result = run("push", "--debug")
    assert result.exit_code == 1
    assert (
        'FAILURE! internal error in plugin tests.stepplugin (STEP at creds key "step"): '
        "a correction's apply() raised AttributeError: 'NoneType' object has no attribute "
        "'items'\n" in result.stdout
    )
    assert "Traceback (most recent call last):" in result.stderr
    assert "one.tld (step): applied: none; #1 failed" in result.stderr
    assert step_plugin.ZONES == {}


def test_the_library_tells_a_push_as_typed_events(
    workdir: Path, write: Any, step_plugin: Any
) -> None:
    from dnsframe.engine import (
        CorrectionApplied,
        CorrectionFailed,
        CorrectionSkipped,
        CorrectionStarted,
        DomainStarted,
        Event,
        ProviderStarted,
        prepare,
    )

    setup(
        workdir,
        write,
        {"step": {"TYPE": "STEP", "fail_on": 2}},
        'D("one.tld", REG, DnsProvider(DSP), A("a", "192.0.2.1"), A("b", "192.0.2.2"), A("c", "192.0.2.3"))\n',
    )
    run = prepare("dnsconfig.py", "creds.json")
    events: list[Event] = []
    result = run.apply(run.plan(), events.append)
    seen = [
        (
            type(e).__name__,
            getattr(e, "number", None),
            getattr(e, "provider", None) and e.provider.role,
        )  # type: ignore[union-attr]
        for e in events
    ]
    assert seen == [
        ("DomainStarted", None, None),
        ("ProviderStarted", None, "dns"),
        ("CorrectionStarted", 1, "dns"),
        ("CorrectionApplied", 1, "dns"),
        ("CorrectionStarted", 2, "dns"),
        ("CorrectionFailed", 2, "dns"),
        ("CorrectionStarted", 3, "dns"),
        ("CorrectionSkipped", 3, "dns"),
        ("ProviderStarted", None, "registrar"),
        ("CorrectionStarted", 1, "registrar"),
        ("CorrectionSkipped", 1, "registrar"),
    ]
    assert isinstance(events[0], DomainStarted)
    assert isinstance(events[1], ProviderStarted)
    assert isinstance(events[2], CorrectionStarted)
    assert isinstance(events[3], CorrectionApplied)
    assert isinstance(events[5], CorrectionFailed)
    assert events[5].reason == "the service refused b A"
    assert isinstance(events[7], CorrectionSkipped)
    assert result.corrections == 4
    assert not result.ok
    assert result.problems() == [
        "one.tld (step): applied: #1; #2 failed (the service refused b A); not applied: #3",
        "one.tld (registrar step): applied: none; not applied: #1",
    ]
    preview = run.preview(run.plan(), events.append)
    assert preview.ok
    assert preview.corrections == 3  # b and c are still to do, and the delegation


def test_a_bug_in_a_providers_audit_is_an_internal_error_of_the_plugin(
    run: Run, workdir: Path, write: Any, step_plugin: Any, monkeypatch: Any
) -> None:
    def broken(self: Any, domain: Any) -> Any:
        raise KeyError("rules")

    monkeypatch.setattr(step_plugin.StepProvider, "audit_records", broken)
    setup(workdir, write, {"step": {"TYPE": "STEP"}}, 'D("one.tld", REG, DnsProvider(DSP))\n')
    result = run("preview")
    assert result.exit_code == 1
    assert (
        'dnsconfig.py:3: internal error in plugin tests.stepplugin (STEP at creds key "step"): '
        "audit_records() raised KeyError: 'rules'" in result.stderr
    )
    assert "Traceback" not in result.output
    assert step_plugin.CALLS == []  # nothing was read


def test_a_normalizer_returning_the_wrong_shape_is_named_as_the_plugins_bug(
    workdir: Path, write: Any, step_plugin: Any, monkeypatch: Any
) -> None:
    from dnsframe.engine import prepare

    class Forgetful(step_plugin.StepProvider):  # type: ignore[misc, name-defined]
        def normalize_records(self, domain: Any, records: Any) -> Any:
            return list(records)  # forgot the warnings

    monkeypatch.setattr(step_plugin, "StepProvider", Forgetful)
    setup(workdir, write, {"step": {"TYPE": "STEP"}}, 'D("one.tld", REG, DnsProvider(DSP))\n')
    run = prepare("dnsconfig.py", "creds.json")
    plan = run.plan()[0].providers[0]
    assert plan.error == (
        'internal error in plugin tests.stepplugin (STEP at creds key "step"): '
        "normalize_records() raised TypeError: normalize_records() must return "
        "(records, warnings), not list"
    )
    assert isinstance(plan.exception, TypeError)


def test_the_conformance_runner_shows_the_tracebacks_of_a_plugins_bug(step_plugin: Any) -> None:
    import pytest

    from dnsframe.testing import GROUPS, Target, run_group

    group = next(g for g in GROUPS if g.name == "A")
    with pytest.raises(AssertionError) as failed:
        run_group(Target("STEP", {"bug_in": "get_zone"}, "conformance.tld"), group)
    text = str(failed.value)
    assert "get_zone() raised AttributeError" in text
    assert "Traceback (most recent call last):" in text  # where the plugin's bug is
    assert "self._no_such_helper()" in text
