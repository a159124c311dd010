"""The safety net through the dnsframe command on the sandbox: change limits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import requests

from dnsframe.testing.fixtures import CommandRunner as Run

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
FULL = [f'A("h{i}", "192.0.2.{i + 1}")' for i in range(20)] + [
    'MX("@", 10, "mail.example.net.")',
    'TXT("@", "v=spf1 include:_mailcust.gandi.net -all")',
    'CAA("@", "issue", "letsencrypt.org")',
    'TXT("_acme-challenge", "token")',
]


def _setup(workdir: Path, write: Any, sandbox: Any, records: list[str], extra: str = "") -> None:
    entry = {"TYPE": "GANDI_V5", "token": "test-token-0123456789", "apiurl": sandbox.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    body = ",\n    ".join([*records, *([extra] if extra else [])])
    write("dnsconfig.py", HEAD + f'D("example.tld", REG, DnsProvider(GANDI),\n    {body}\n)\n')


def _zone(sandbox: Any) -> set[tuple[str, str]]:
    return {(r["rrset_name"], r["rrset_type"]) for r in sandbox.records("example.tld")}


def test_a_cut_down_config_is_stopped_by_the_change_limit_until_forced(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL)
    assert run("push").exit_code == 0
    full = _zone(gandi_sandbox)
    assert len(full) == 24

    _setup(workdir, write, gandi_sandbox, ['A("@", "192.0.2.99")'])  # the file cut down
    preview = run("preview")
    assert preview.exit_code == 0  # preview warns; push is what stops
    assert (
        "WARNING: push would stop here: change limit: it would delete every record of "
        "example.tld at gandi (24); deleted: _acme-challenge.example.tld TXT, example.tld CAA, "
        "example.tld MX, example.tld TXT, h0.example.tld A, "
    ) in preview.stdout
    assert ", and 14 more. If this is what you want" in preview.stdout
    assert "If this is what you want, run push --force" in preview.stdout

    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 1
    assert "ERROR: change limit: it would delete every record of example.tld" in pushed.stdout
    assert "Nothing was written to example.tld." in pushed.stdout
    assert "SUCCESS!" not in pushed.stdout
    assert pushed.stderr == (
        "ERROR: push stopped:\n  example.tld: not pushed, over its change limit (see above)\n"
        "FAILURE: 0 of 22 corrections applied, 0 failed, 22 not applied, 1 held by their "
        "change limit.\n"
    )
    assert {e.method for e in gandi_sandbox.requests} == {"GET"}  # reads only
    assert _zone(gandi_sandbox) == full

    forced = run("push", "--force")
    assert forced.exit_code == 0, forced.output
    assert "WARNING: change limit: " in forced.stdout
    assert "Pushed all the same (--force)." in forced.stdout
    assert _zone(gandi_sandbox) == {("@", "A")} | {n for n in full if n[0] == "@" and n[1] == "NS"}


def test_the_limit_is_set_per_domain_with_safety_and_in_defaults(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL)
    assert run("push").exit_code == 0
    half = FULL[:14]  # 10 of 24 deleted: 42%
    _setup(workdir, write, gandi_sandbox, half)
    assert run("push").exit_code == 1
    _setup(workdir, write, gandi_sandbox, half, "SAFETY(max_change=0.4)")
    stopped = run("push")
    assert stopped.exit_code == 1
    assert (
        "it would delete or change 10 of the 24 records of example.tld at gandi (42%), more than "
        "the limit SAFETY(max_change=0.4) at dnsconfig.py:18; deleted: " in stopped.stdout
    )
    assert "SAFETY(max_change=0.42)" in stopped.stdout  # what would let it through
    _setup(workdir, write, gandi_sandbox, half, "SAFETY(max_change=0.5)")
    allowed = run("push")
    assert allowed.exit_code == 0, allowed.output
    assert len(_zone(gandi_sandbox)) == 14
    # DEFAULTS(SAFETY(...)) sets it for every domain after it.
    write(
        "dnsconfig.py",
        HEAD
        + 'DEFAULTS(SAFETY(max_change=0))\nD("example.tld", REG, DnsProvider(GANDI),\n    '
        + ",\n    ".join(half[:13])
        + "\n)\n",
    )
    assert run("push").exit_code == 1  # one deletion is already too many: max_change=0


def test_small_zones_are_not_limited_but_emptying_one_is(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL[:3])
    assert run("push").exit_code == 0
    _setup(workdir, write, gandi_sandbox, FULL[:1])  # 2 of 3 deleted: a small zone
    assert run("push").exit_code == 0
    write("dnsconfig.py", HEAD + 'D("example.tld", REG, DnsProvider(GANDI))\n')
    emptied = run("push")
    assert emptied.exit_code == 1
    assert "it would delete every record of example.tld at gandi (1)" in emptied.stdout
    assert ("h0", "A") in _zone(gandi_sandbox)


def test_safety_arguments_are_checked(run: Run, write: Any) -> None:
    write("dnsconfig.py", 'D("example.tld", NewRegistrar("none"), SAFETY(max_change=50))\n')
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ERROR: dnsconfig.py:1: SAFETY(max_change=50): max_change is a share of the zone's "
        "records, from 0 to 1 (0.5 is half); 1 turns the limit off"
    )


def _rrsets(sandbox: Any) -> dict[tuple[str, str], tuple[int, list[str]]]:
    return {
        (r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"]))
        for r in sandbox.records("example.tld")
    }


def test_push_takes_a_snapshot_first_and_restore_brings_the_zone_back_ignored_records_included(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL)
    first = run("push")
    assert first.exit_code == 0, first.output
    before = _rrsets(gandi_sandbox)

    # A bad push: h1, MX and CAA go; the ACME token, IGNOREd, stays.
    bad = [r for r in FULL if r not in (FULL[1], FULL[20], FULL[22], FULL[23])]
    _setup(workdir, write, gandi_sandbox, bad, 'IGNORE("_acme-challenge", "TXT")')
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    taken = re.search(
        r"SNAPSHOT: gandi saved example.tld before writing: (\S+) \(dnsframe push ", pushed.stdout
    )
    assert taken, pushed.stdout
    snapshot_id = taken.group(1)
    assert f"undo with: dnsframe snapshots restore example.tld {snapshot_id}" in pushed.stdout
    methods = [
        (e.method, e.path.rsplit("/", 1)[-1]) for e in gandi_sandbox.requests if e.method != "GET"
    ]
    assert methods[0] == ("POST", "snapshots")  # before the first write
    assert len(methods) > 1
    # The ACME token changes behind dnsframe's back; restore brings the snapshot's back.
    changed = requests.put(
        f"{gandi_sandbox.url}/v5/livedns/domains/example.tld/records/_acme-challenge/TXT",
        json={"rrset_values": ['"new-token"'], "rrset_ttl": 300},
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert changed.status_code in {200, 201}, changed.text
    assert _rrsets(gandi_sandbox) != before

    listed = run("snapshots", "list", "example.tld")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("example.tld at gandi (GANDI_V5): 2 snapshot(s)\n")
    assert re.search(
        rf"  {snapshot_id}  \d{{4}}-\S+  taken      dnsframe push \d{{4}}-", listed.stdout
    )

    dry = run("snapshots", "restore", "example.tld", snapshot_id)
    assert dry.exit_code == 0, dry.output
    assert "± MODIFY _acme-challenge.example.tld TXT" in dry.stdout
    assert "+ CREATE example.tld MX 10 mail.example.net. ttl=300" in dry.stdout
    assert "Not applied. Run again with --yes" in dry.stdout
    restored = run("snapshots", "restore", "example.tld", snapshot_id, "--yes")
    assert restored.exit_code == 0, restored.output
    assert "SNAPSHOT: gandi saved example.tld before writing" in restored.stdout  # undo the undo
    assert _rrsets(gandi_sandbox) == before


def test_snapshots_can_be_turned_off_and_a_missing_one_is_named(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL[:3])
    assert run("push").exit_code == 0
    entry = json.loads((workdir / "creds.json").read_text())
    entry["gandi"]["snapshots"] = False
    (workdir / "creds.json").write_text(json.dumps(entry))
    _setup_body = FULL[:2]
    write(
        "dnsconfig.py",
        HEAD
        + 'D("example.tld", REG, DnsProvider(GANDI),\n    '
        + ",\n    ".join(_setup_body)
        + "\n)\n",
    )
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert "SNAPSHOT" not in pushed.stdout
    assert not [e for e in gandi_sandbox.requests if e.path.endswith("/snapshots")]
    missing = run("snapshots", "restore", "example.tld", "no-such-id")
    assert missing.exit_code == 1
    assert 'example.tld has no snapshot no-such-id at creds key "gandi"' in missing.stderr
    assert "Traceback" not in missing.output


def test_a_push_whose_zone_moved_after_it_was_read_stops_before_writing(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    from dnsframe.engine import prepare
    from dnsframe.output import TextRenderer

    _setup(workdir, write, gandi_sandbox, FULL[:12])
    assert run("push").exit_code == 0
    # Push A reads and plans: it wants h0 changed.
    _setup(workdir, write, gandi_sandbox, ['A("h0", "198.51.100.1")', *FULL[1:12]])
    slow = prepare("dnsconfig.py", "creds.json")
    plans = slow.plan()
    # Meanwhile push B, from another config, changes h5 and h6 and finishes.
    _setup(workdir, write, gandi_sandbox, [*FULL[:5], 'A("h5", "198.51.100.5")', *FULL[7:12]])
    other = run("push")
    assert other.exit_code == 0, other.output
    after_b = _rrsets(gandi_sandbox)
    # Push A goes on: it reads the zone again, sees it moved, and writes nothing.
    gandi_sandbox.clear_log()
    lines: list[str] = []
    result = slow.apply(plans, TextRenderer(lines.append))
    assert not result.ok
    assert any(
        line
        == "FAILURE! the zone changed while this push was running: h5 A, h6 A are no longer as "
        "read at gandi, so nothing was written to example.tld. Run preview and push again."
        for line in lines
    ), lines
    written = [e for e in gandi_sandbox.requests if e.method != "GET"]
    assert [(e.method, e.path.rsplit("/", 1)[-1]) for e in written] == [("POST", "snapshots")]
    assert _rrsets(gandi_sandbox) == after_b
    # Run again, it applies on top of B's result.
    _setup(workdir, write, gandi_sandbox, ['A("h0", "198.51.100.1")', *FULL[1:12]])
    again = run("push")
    assert again.exit_code == 0, again.output
    assert _rrsets(gandi_sandbox)[("h0", "A")] == (300, ["198.51.100.1"])


def _slow_push(workdir: Path, write: Any, sandbox: Any) -> Any:
    """A push of 12 new rrsets, one request each, started in its own process on a slow API."""
    import os
    import subprocess
    import sys

    _setup(workdir, write, sandbox, FULL[:12])
    sandbox.faults.latency(0.15)
    return subprocess.Popen(
        [sys.executable, "-m", "dnsframe", "push"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _until_first_success(proc: Any) -> list[str]:
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("SUCCESS!"):
            return lines
    raise AssertionError("the push ended before its first correction: " + "".join(lines))


def _converges(run: Run, sandbox: Any) -> None:
    sandbox.faults.latency(0)
    again = run("push")
    assert again.exit_code == 0, again.output
    assert run("preview", "--expect-no-changes").exit_code == 0
    assert {name for name, _ in _zone(sandbox)} == {f"h{i}" for i in range(12)}


@pytest.mark.parametrize(("signal_name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_push_interrupted_by_a_signal_says_what_was_applied_and_a_rerun_converges(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any, signal_name: str, status: int
) -> None:
    import signal

    proc = _slow_push(workdir, write, gandi_sandbox)
    seen = _until_first_success(proc)
    proc.send_signal(getattr(signal, signal_name))
    out, err = proc.communicate(timeout=60)
    output = "".join(seen) + out
    assert proc.returncode == status, output + err
    assert f"ERROR: push interrupted ({signal_name}): the correction in flight was finished" in err
    applied = re.search(r"example.tld \(gandi\): applied: ([#\d, ]+); not applied: #(\d+)", err)
    assert applied, err
    done = applied.group(1).split(", ")
    assert done[0] == "#1"
    assert "Traceback" not in output + err
    written = {name for name, _ in _zone(gandi_sandbox)}
    assert 1 <= len(written) < 12  # some, not all
    assert len(written) == len(done)  # exactly what it says it applied
    _converges(run, gandi_sandbox)


def test_a_push_killed_mid_way_leaves_nothing_a_rerun_does_not_converge_from(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    proc = _slow_push(workdir, write, gandi_sandbox)
    _until_first_success(proc)
    proc.kill()  # SIGKILL: no handler runs
    proc.communicate(timeout=60)
    assert proc.returncode == -9
    assert 1 <= len(_zone(gandi_sandbox)) < 12
    _converges(run, gandi_sandbox)


def _corrections(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"#\d+: |[-+±] ", line)]


def test_a_saved_plan_is_applied_exactly_and_stands_alone(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL[:10])
    assert run("push").exit_code == 0
    _setup(workdir, write, gandi_sandbox, [*FULL[:8], 'A("h9", "198.51.100.9")', FULL[20]])
    preview = run("preview", "--out", "plan.json")
    assert preview.exit_code == 0, preview.output
    plan = json.loads((workdir / "plan.json").read_text())
    assert plan["dnsframe_plan"] == 1
    assert plan["domains"][0]["domain"] == "example.tld"
    text = (workdir / "plan.json").read_text()
    assert "test-token" not in text  # no secret
    # The reviewed plan is pushed after the config moved on: without --config it stands alone.
    _setup(workdir, write, gandi_sandbox, FULL[:3])
    refused = run("push", "--plan", "plan.json", "--config", "dnsconfig.py")
    assert refused.exit_code == 1
    assert "plan.json was made from another config than dnsconfig.py" in refused.stderr
    pushed = run("push", "--plan", "plan.json")
    assert pushed.exit_code == 0, pushed.output
    assert _corrections(pushed.stdout) == _corrections(preview.stdout)
    names = {name for name, _ in _zone(gandi_sandbox)}
    assert names == {f"h{i}" for i in range(8)} | {"h9", "@"}
    assert _rrsets(gandi_sandbox)[("h9", "A")] == (300, ["198.51.100.9"])


def test_a_plan_whose_zone_moved_behind_its_back_is_refused_naming_the_rrsets(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _setup(workdir, write, gandi_sandbox, FULL[:10])
    assert run("push").exit_code == 0
    _setup(workdir, write, gandi_sandbox, [*FULL[:9], 'A("h9", "198.51.100.9")'])
    assert run("preview", "--out", "plan.json").exit_code == 0
    changed = requests.put(
        f"{gandi_sandbox.url}/v5/livedns/domains/example.tld/records/h3/A",
        json={"rrset_values": ["203.0.113.3"], "rrset_ttl": 300},
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert changed.status_code in {200, 201}
    before = _rrsets(gandi_sandbox)
    gandi_sandbox.clear_log()
    result = run("push", "--plan", "plan.json", "--config", "dnsconfig.py")
    assert result.exit_code == 1
    assert (
        "ERROR: example.tld is not pushed: its zone at gandi changed since the plan was made: "
        "h3 A. Nothing was written to it; make a new plan with preview --out and review it."
    ) in result.stderr
    assert {e.method for e in gandi_sandbox.requests} == {"GET"}
    assert _rrsets(gandi_sandbox) == before
    # Nothing moved since a new plan: it goes through.
    assert run("preview", "--out", "plan.json").exit_code == 0
    assert run("push", "--plan", "plan.json", "--config", "dnsconfig.py").exit_code == 0
    assert _rrsets(gandi_sandbox)[("h9", "A")] == (300, ["198.51.100.9"])


def test_a_second_push_started_during_the_first_stops_or_applies_on_top_of_it(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    """Two CI jobs: the second starts while the first is writing. It reads a zone that moves
    under it, so it stops before writing (or, if the first is done by then, applies on top);
    the zone ends as one of them wanted, never a mix. Job one changes h0..h11; job two changes
    h0..h5 only: were it to write anyway, h0..h5 would be two's and h6..h11 one's."""
    import os
    import subprocess
    import sys

    def address(job: str, i: int) -> str:
        return {"one": "198.51.100.", "two": "203.0.113."}.get(job, "192.0.2.") + str(i + 1)

    choice = {"one": ["one"] * 12, "two": ["two"] * 6 + ["original"] * 6}
    wanted = {}
    for job in ("one", "two", "original"):
        picks = choice.get(job, [job] * 12)
        records = [f'A("h{i}", "{address(picks[i], i)}")' for i in range(12)]
        (workdir / f"{job}.py").write_text(
            HEAD
            + 'D("example.tld", REG, DnsProvider(GANDI), SAFETY(max_change=1),\n    '
            + ",\n    ".join(records)
            + "\n)\n"
        )
        wanted[job] = {(f"h{i}", "A"): (300, [address(picks[i], i)]) for i in range(12)}
    _setup(workdir, write, gandi_sandbox, [])
    assert run("push", "--config", "original.py").exit_code == 0
    gandi_sandbox.faults.latency(0.3)  # each request takes 0.3 s: the two runs overlap

    def start(job: str) -> Any:
        return subprocess.Popen(
            [sys.executable, "-m", "dnsframe", "push", "--config", f"{job}.py"],
            cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip

    first = start("one")
    seen = _until_first_success(first)
    second = start("two")
    out2, err2 = second.communicate(timeout=120)
    out1, err1 = first.communicate(timeout=120)
    gandi_sandbox.faults.latency(0)
    assert first.returncode == 0, "".join(seen) + out1 + err1
    final = _rrsets(gandi_sandbox)
    if second.returncode == 0:
        assert final == wanted["two"], out2 + err2  # it read after the first was done
    else:
        assert "the zone changed while this push was running" in out2, out2 + err2
        assert final == wanted["one"]
