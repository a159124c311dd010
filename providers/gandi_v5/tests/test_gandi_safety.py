"""The safety net through the dnsframe command on the sandbox: change limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dnsframe.testing.fixtures import CommandRunner as Run

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
FULL = [f'A("h{i}", "192.0.2.{i + 1}")' for i in range(20)] + [
    'MX("@", 10, "mail.example.net.")',
    'TXT("@", "v=spf1 include:_mailcust.gandi.net -all")',
    'CAA("@", "issue", "letsencrypt.org")',
    'TXT("_acme-challenge", "token")',
]


def _setup(workdir: Path, write: Any, sandbox: Any, records: list[str], extra: str = "") -> None:
    entry = {"TYPE": "GANDI_V5", "token": "test-token", "apiurl": sandbox.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
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
