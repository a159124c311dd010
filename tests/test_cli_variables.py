"""``-v name=value`` through the dnsframe command: the config reads ``CLI_VARS``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

VIEWS = """\
CLI_DEFAULTS({"ttl": 600})
internal = CLI_VARS["view"] == "internal"
D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")),
    A("www", "10.0.0.1" if internal else "192.0.2.1", TTL(CLI_VARS["ttl"])),
    A("extra", CLI_VARS.get("extra", "192.0.2.9")),
)
"""


def _records(ir: Any) -> list[tuple[str, str, int]]:
    return [(r["name"], r["content"], r["ttl"]) for r in ir["domains"][0]["records"]]


def test_v_variables_reach_the_config_in_every_command(run: Run, write: Any, workdir: Path) -> None:
    write("dnsconfig.py", VIEWS)
    internal = run("print-ir", "-v", "view=internal", "--var", "ttl=3600")
    assert internal.exit_code == 0, internal.output
    assert _records(internal.json()) == [("www", "10.0.0.1", 3600), ("extra", "192.0.2.9", 300)]
    external = run("print-ir", "-v", "view=external", "-v", "extra=192.0.2.8")
    assert _records(external.json()) == [("www", "192.0.2.1", 600), ("extra", "192.0.2.8", 300)]
    assert run("check", "-v", "view=internal").exit_code == 0
    preview = run("preview", "-v", "view=internal")
    assert "+ CREATE www.example.tld A 10.0.0.1 ttl=600" in preview.stdout
    push = run("push", "-v", "view=external", "-v", "ttl=60")
    assert push.exit_code == 0, push.output
    zone = (workdir / "zones" / "example.tld.zone").read_text()
    assert "www 60 IN A 192.0.2.1" in zone


def test_cli_vars_in_a_module_the_config_imports(run: Run, write: Any) -> None:
    write(
        "views.py",
        """\
        from dnsframe import CLI_VARS

        def address():
            return "10.0.0.1" if "internal" in CLI_VARS else "192.0.2.1"
        """,
    )
    write(
        "dnsconfig.py",
        'import views as s\nD("example.tld", NewRegistrar("none"), A("www", s.address()))\n',
    )
    given = run("print-ir", "-v", "internal=")
    assert given.exit_code == 0, given.output
    assert _records(given.json()) == [("www", "10.0.0.1", 300)]
    assert _records(run("print-ir").json()) == [("www", "192.0.2.1", 300)]


@pytest.mark.parametrize("command", ["check", "print-ir", "preview", "push"])
def test_a_variable_not_given_is_an_error_at_its_line_listing_those_given(
    run: Run, write: Any, workdir: Path, command: str
) -> None:
    write("dnsconfig.py", VIEWS)
    result = run(command, "-v", "mode=x", "-v", "extra=192.0.2.7")
    assert result.exit_code == 1
    assert result.stderr == (
        'ERROR: dnsconfig.py:2: CLI_VARS["view"]: no variable "view" was given (given with -v: '
        "mode, extra; from CLI_DEFAULTS: ttl). Run with -v view=VALUE, or give it a default: "
        'CLI_VARS.get("view", ...), or CLI_DEFAULTS({"view": ...}) before this line\n'
    )
    assert result.stdout == ""
    assert not (workdir / "zones").exists()


@pytest.mark.parametrize("value", ["view", "=internal"])
def test_a_malformed_v_is_a_usage_error(run: Run, write: Any, value: str) -> None:
    write("dnsconfig.py", VIEWS)
    result = run("preview", "-v", value)
    assert result.exit_code == 1
    assert result.stderr == (
        f"ERROR: Invalid value for '-v' / '--var': {value!r} is not name=value; write -v "
        'view=internal (the config reads it as CLI_VARS["view"])\n'
        "Try 'dnsframe preview --help'.\n"
    )


def test_cli_vars_is_read_only_and_cli_defaults_takes_a_dict(run: Run, write: Any) -> None:
    write("dnsconfig.py", 'CLI_VARS["view"] = "internal"\n')
    assigned = run("check")
    assert assigned.exit_code == 1
    assert assigned.stderr.startswith("ERROR: dnsconfig.py:1: TypeError: ")
    write("dnsconfig.py", 'x = 1\nCLI_DEFAULTS(["view"])\n')
    wrong = run("check")
    assert wrong.stderr == (
        "ERROR: dnsconfig.py:2: CLI_DEFAULTS() takes a dict of names and values, got list\n"
    )


def test_v_with_a_plan_needs_the_config(run: Run, write: Any) -> None:
    write("dnsconfig.py", VIEWS)
    assert run("preview", "-v", "view=internal", "--out", "plan.json").exit_code == 0
    result = run("push", "--plan", "plan.json", "-v", "view=internal")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: -v and --plan: the plan holds its config already")
    again = run("push", "--plan", "plan.json", "--config", "dnsconfig.py", "-v", "view=internal")
    assert again.exit_code == 0, again.output
