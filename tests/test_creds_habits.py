"""DNSControl's creds.json habits through the dnsframe command: creds from a program, entries
excluded from the defaults, the default none/bind entries, comments and trailing commas."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

CANARY = "canary-5ecr3t-f00d"

#: A creds program: prints a BIND entry whose directory is its arguments joined by "-", or,
#: asked to fail, prints the canary on both streams and exits 3.
CREDS_PROGRAM = f"""\
#!{sys.executable}
import json, sys
if sys.argv[1:] == ["fail"]:
    print({json.dumps({"fake": {"TYPE": "FAKE", "token": CANARY}})!r})
    print("token {CANARY}", file=sys.stderr)
    sys.exit(3)
print(json.dumps({{"files": {{"TYPE": "BIND", "directory": "-".join(sys.argv[1:]) or "out"}}}}))
"""

ONE_ZONE = """\
D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("files")),
    A("www", "192.0.2.1"),
)
"""

PYTHON = shlex.quote(sys.executable)


@pytest.fixture
def program(workdir: Path) -> Path:
    path = workdir / "make_creds.py"
    path.write_text(CREDS_PROGRAM, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("creds", "folder"),
    [
        (f"!{PYTHON} make_creds.py", "out"),
        # Split as a shell would, but no shell: the quotes group, the * is not expanded.
        (f"!{PYTHON} make_creds.py 'my zones' *.py", "my zones-*.py"),
        # A program named without a folder that is a file here runs from here (DNSControl).
        ("!make_creds.py", "out"),
        # An executable creds file is run, as DNSControl runs it.
        ("make_creds.py", "out"),
    ],
)
def test_creds_from_a_program_are_read_from_its_output(
    run: Run, write: Any, program: Path, workdir: Path, creds: str, folder: str
) -> None:
    program.chmod(0o755)
    write("dnsconfig.py", ONE_ZONE)
    result = run("push", "--creds", creds)
    assert result.exit_code == 0, result.output
    assert "+ CREATE www.example.tld A 192.0.2.1 ttl=300" in result.stdout
    assert "www 300 IN A 192.0.2.1" in (workdir / folder / "example.tld.zone").read_text()
    assert sorted(p.name for p in workdir.iterdir()) == sorted(
        ["dnsconfig.py", "make_creds.py", folder]
    )


def test_an_executable_json_file_is_read_not_run(run: Run, write: Any, workdir: Path) -> None:
    write("creds.json", '{"files": {"TYPE": "BIND", "directory": "json"}}')
    (workdir / "creds.json").chmod(0o700)
    write("dnsconfig.py", ONE_ZONE)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert (workdir / "json" / "example.tld.zone").is_file()


def test_a_failing_creds_program_is_named_with_its_status_and_its_output_is_not_shown(
    run: Run, write: Any, program: Path, workdir: Path, fake_plugin: Any
) -> None:
    write("dnsconfig.py", ONE_ZONE)
    command = f"!{PYTHON} make_creds.py fail"
    for args in (("push", "--creds", command), ("check-creds", "fake", "--creds", command)):
        result = run(*args, "--debug")
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            f"ERROR: --creds {command}: the command failed with exit status 3. What it printed "
            "is not shown, since it may hold secrets: run the command yourself to see why"
        )
        assert CANARY not in result.output
    assert sorted(p.name for p in workdir.iterdir()) == ["dnsconfig.py", "make_creds.py"]


def test_a_creds_program_that_is_not_found_says_so(run: Run, write: Any) -> None:
    write("dnsconfig.py", ONE_ZONE)
    result = run("preview", "--creds", "!no-such-creds-program --vault prod")
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: --creds !no-such-creds-program --vault prod: the program "
        "'no-such-creds-program' was not found (not a file here nor on PATH); install it, or "
        "give its path\n"
    )
    empty = run("preview", "--creds", "!")
    assert empty.exit_code == 1
    assert empty.stderr == (
        "ERROR: --creds !: no command after the !; write --creds '!program args'\n"
    )


def test_bad_json_from_a_creds_program_names_the_line_and_column_of_its_output(
    run: Run, write: Any
) -> None:
    write("dnsconfig.py", ONE_ZONE)
    code = 'print("{"); print("  files: 1")'
    command = f"!{PYTHON} -c {shlex.quote(code)}"
    result = run("preview", "--creds", command)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"ERROR: {command}: its output, line 2, column 3: not valid JSON (Expecting property "
        "name enclosed in double quotes)."
    )


SPARE_CREDS = {
    "main": {"TYPE": "BIND", "directory": "main"},
    "spare": {"TYPE": "BIND", "directory": "spare", "_exclude_from_defaults": "true"},
}
TWO_PROVIDERS = """\
D("example.tld", NewRegistrar("none"),
    DnsProvider(NewDnsProvider("main")), DnsProvider(NewDnsProvider("spare")),
    A("www", "192.0.2.1"),
)
"""


def test_an_entry_excluded_from_defaults_is_left_out_without_providers(
    run: Run, write: Any, workdir: Path
) -> None:
    write("creds.json", json.dumps(SPARE_CREDS))
    write("dnsconfig.py", TWO_PROVIDERS)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "******************** Domain: example.tld",
        "1 correction (main)",
        "#1: + CREATE www.example.tld A 192.0.2.1 ttl=300",
        "SUCCESS!",
        "Done. 1 corrections.",
    ]
    assert result.stderr == (
        'NOTE: left out: spare ("_exclude_from_defaults": "true" in creds.json); name them in '
        "--providers, or --providers all, to include them.\n"
    )
    assert (workdir / "main" / "example.tld.zone").is_file()
    assert not (workdir / "spare").exists()


@pytest.mark.parametrize(
    ("providers", "written"),
    [("spare", ["spare"]), ("all", ["main", "spare"]), ("main", ["main"])],
)
def test_providers_brings_back_an_entry_excluded_from_defaults(
    run: Run, write: Any, workdir: Path, providers: str, written: list[str]
) -> None:
    write("creds.json", json.dumps(SPARE_CREDS))
    write("dnsconfig.py", TWO_PROVIDERS)
    result = run("push", "--providers", providers)
    assert result.exit_code == 0, result.output
    assert "NOTE: left out" not in result.stderr
    for name in ("main", "spare"):
        assert (workdir / name / "example.tld.zone").is_file() == (name in written), name


def test_exclude_from_defaults_must_be_true_or_false(run: Run, write: Any, workdir: Path) -> None:
    write("creds.json", json.dumps({"main": {"TYPE": "BIND", "_exclude_from_defaults": "yes"}}))
    write("dnsconfig.py", ONE_ZONE.replace('"files"', '"main"'))
    result = run("push")
    assert result.exit_code == 1
    assert result.stderr == (
        'ERROR: creds.json: "main": the field "_exclude_from_defaults" must be "true" or '
        '"false", not "yes"\n'
    )
    assert not (workdir / "zones").exists()


def test_none_and_bind_need_no_creds_entry(run: Run, write: Any, workdir: Path) -> None:
    write(
        "dnsconfig.py",
        'D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")),\n'
        '    A("www", "192.0.2.1"))\n',
    )
    no_file = run("push")  # no creds.json at all
    assert no_file.exit_code == 0, no_file.output
    assert "www 300 IN A 192.0.2.1" in (workdir / "zones" / "example.tld.zone").read_text()
    # A creds.json of its own "bind" is used instead of the default one.
    write("creds.json", json.dumps({"bind": {"TYPE": "BIND", "directory": "mine"}}))
    own = run("push")
    assert own.exit_code == 0, own.output
    assert (workdir / "mine" / "example.tld.zone").is_file()
    assert run("check-creds", "bind").stdout.startswith(
        'creds.json "bind": TYPE BIND: settings are valid.'
    )


def test_comments_and_trailing_commas_in_creds_are_accepted(
    run: Run, write: Any, workdir: Path
) -> None:
    write(
        "creds.json",
        """\
        {
          // the zone files, "quoted" words in a comment
          "files": {
            "TYPE": "BIND",
            "directory": "a//b/*c*/",  /* a string keeps its // and /* */
          },
        }
        """,
    )
    os.chmod(workdir / "creds.json", 0o600)
    write("dnsconfig.py", ONE_ZONE)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert (workdir / "a" / "b" / "*c*" / "example.tld.zone").is_file()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n  // a comment\n  /* and\n  another */ "files": {"TYPE": "BIND",, },\n}\n',
            "creds.json:4:41: not valid JSON (Expecting property name enclosed in double quotes)",
        ),
        (
            '{\n  "files": {"TYPE": "BIND"}\n  /* never closed\n}\n',
            "creds.json:3:3: a /* comment is never closed; end it with */",
        ),
    ],
)
def test_a_syntax_error_in_creds_with_comments_names_its_line_and_column(
    run: Run, write: Any, workdir: Path, text: str, message: str
) -> None:
    (workdir / "creds.json").write_text(text, encoding="utf-8")
    write("dnsconfig.py", ONE_ZONE)
    result = run("preview")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"ERROR: {message}")
