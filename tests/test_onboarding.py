"""``dnsframe init``, shell completion and the examples of every command's help, through the
``dnsframe`` command (in a pseudo-terminal and in subprocesses where a terminal or the shell's
completion is what is tested)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

SECRET = "typed-secret-0123456789"


def test_init_from_options_writes_a_var_reference_and_says_what_to_do(
    run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GANDI_V5_TOKEN", raising=False)
    result = run("init", "--type", "GANDI_V5", "--key", "gandi", "--domain", "example.tld")
    assert result.exit_code == 0, result.output
    assert json.loads((workdir / "creds.json").read_text()) == {
        "gandi": {"TYPE": "GANDI_V5", "token": "$GANDI_V5_TOKEN"}
    }
    assert (workdir / "creds.json").stat().st_mode & 0o077 == 0
    assert "export GANDI_V5_TOKEN=" in result.stdout
    assert "Next: dnsframe check-creds gandi" in result.stdout
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert "1 domain(s)" in checked.stdout


def test_the_next_steps_init_names_work_for_bind(run: Run, workdir: Path) -> None:
    # What init tells a new user to run next must work: a BIND zone file that no push has
    # written yet is one the first push creates, not a zone the credentials lack.
    result = run("init", "--type", "BIND", "--domain", "example.tld")
    assert result.exit_code == 0, result.output
    assert "Next: dnsframe check-creds bind" in result.stdout
    checked = run("check-creds", "bind")
    assert checked.exit_code == 0, checked.output
    assert "example.tld: no such zone yet at this provider; the first push creates it." in (
        checked.stdout
    )
    assert run("check").exit_code == 0
    assert run("preview").exit_code == 0
    assert not list(workdir.glob("zones/*"))  # check-creds and preview wrote nothing


def test_init_never_overwrites_without_force(run: Run, workdir: Path, write: Any) -> None:
    write("dnsconfig.py", "# mine\n")
    result = run("init", "--type", "BIND")
    assert result.exit_code == 1
    assert "dnsconfig.py already exists" in result.stderr
    assert (workdir / "dnsconfig.py").read_text() == "# mine\n"
    assert not (workdir / "creds.json").exists()
    forced = run("init", "--type", "BIND", "--force")
    assert forced.exit_code == 0, forced.output
    assert 'NewDnsProvider("bind", "BIND")' in (workdir / "dnsconfig.py").read_text()


def test_init_suggests_the_type_meant(run: Run, workdir: Path) -> None:
    result = run("init", "--type", "gandi")
    assert result.exit_code == 1
    assert "--type GANDI: no installed plugin provides it" in result.stderr
    assert "Did you mean GANDI_V5?" in result.stderr
    assert not (workdir / "creds.json").exists()


def test_init_without_a_terminal_needs_the_type(run: Run, workdir: Path) -> None:
    result = run("init")
    assert result.exit_code == 1
    assert "give --type" in result.stderr
    assert list(workdir.iterdir()) == []


def _pty_run(cwd: Path, args: list[str], answers: list[tuple[str, str]]) -> str:
    """Run ``python -m dnsframe ARGS`` in a pseudo-terminal, answer each prompt (a regular
    expression) in turn, and return everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.chdir(cwd)
        os.environ.pop("GANDI_V5_TOKEN", None)
        os.execv(sys.executable, [sys.executable, "-m", "dnsframe", *args])
    shown = b""
    deadline = time.monotonic() + 30
    pending = list(answers)
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
        if pending and re.search(pending[0][0].encode(), shown.split(b"\n")[-1]):
            os.write(fd, pending.pop(0)[1].encode() + b"\r")
        assert time.monotonic() < deadline, shown
    os.waitpid(pid, 0)
    return shown.decode(errors="replace")


def test_init_on_a_terminal_asks_and_never_echoes_or_writes_the_secret(workdir: Path) -> None:
    shown = _pty_run(
        workdir,
        ["init"],
        [
            ("Provider type", "gandi_v5"),
            ("creds.json key", "gandi"),
            ("Domains", "a.tld, b.tld"),
            ("token", SECRET),
        ],
    )
    assert "Wrote dnsconfig.py and creds.json" in shown, shown
    assert SECRET not in shown
    creds = (workdir / "creds.json").read_text()
    assert SECRET not in creds
    assert json.loads(creds)["gandi"]["token"] == "$GANDI_V5_TOKEN"
    config = (workdir / "dnsconfig.py").read_text()
    assert 'D("a.tld"' in config
    assert 'D("b.tld"' in config


def _dnsframe(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dnsframe"],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete --no-files")],
)
def test_completion_scripts_for_the_three_shells(
    run: Run, workdir: Path, shell: str, marker: str
) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout
    assert "_DNSFRAME_COMPLETE" in result.stdout
    sourced = _dnsframe(workdir, {"_DNSFRAME_COMPLETE": f"{shell}_source"})
    assert sourced.stdout.strip() == result.stdout.strip()


def _complete(cwd: Path, words: str) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    done = _dnsframe(
        cwd,
        {"_DNSFRAME_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)},
    )
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines()]


def test_completion_completes_commands_options_creds_keys_and_domains(
    workdir: Path, write: Any
) -> None:
    write("creds.json", '{"gandi": {"TYPE": "GANDI_V5"}, "gandi-org2": {"TYPE": "GANDI_V5"}}')
    write(
        "dnsconfig.py",
        'B = NewDnsProvider("bind", "BIND")\n'
        'D("example.tld", NewRegistrar("none"), DnsProvider(B))\n'
        'D("example.net", NewRegistrar("none"), DnsProvider(B))\n',
    )
    assert "check-creds" in _complete(workdir, "dnsframe check")
    assert "--expect-no-changes" in _complete(workdir, "dnsframe preview --exp")
    assert _complete(workdir, "dnsframe check-creds ") == ["gandi", "gandi-org2"]
    assert _complete(workdir, "dnsframe get-zones gandi-") == ["gandi-org2"]
    assert _complete(workdir, "dnsframe preview --providers bind,gan") == [
        "bind,gandi",
        "bind,gandi-org2",
    ]
    assert _complete(workdir, "dnsframe push --domains example.") == [
        "example.tld",
        "example.net",
    ]


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    import click

    out: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if getattr(command.callback, "__module__", None) != "dnsframe.cli":
            continue  # a command a test's plugin registered
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
    return out


def test_every_command_help_carries_an_example(run: Run) -> None:
    from dnsframe.cli import cli

    commands = _commands(cli)
    assert ("init",) in commands
    assert ("snapshots", "restore") in commands
    for path in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0, result.output
        example = result.stdout.partition("Example")[2]
        assert f"dnsframe {path[0]}" in example or "_DNSFRAME_COMPLETE" in example, path
