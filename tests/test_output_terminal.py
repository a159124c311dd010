"""The ``dnsframe`` command on a terminal and off it (issue 14, output): colours and the progress
line under a pseudo-terminal, plain text in a pipe, with NO_COLOR or --no-colors; --quiet; no
header or INFO for a domain with nothing to do unless --full."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

GREEN, YELLOW, RED = "\x1b[32m", "\x1b[33m", "\x1b[31m"
COLOURS = (GREEN, YELLOW, RED)
HEAD = 'REG = NewRegistrar("none")\nBIND = NewDnsProvider("bind")\n'
CREDS = {"bind": {"TYPE": "BIND", "directory": "zones"}}


@pytest.fixture
def changes(run: Run, workdir: Path, write: Any) -> Path:
    """Two zones pushed, then a config that creates, modifies and deletes in the first."""
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write(
        "dnsconfig.py",
        HEAD + 'D("a.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"), A("gone", "192.0.2.9"))\n'
        'D("b.tld", REG, DnsProvider(BIND), A("x", "192.0.2.2"))\n',
    )
    assert run("push").exit_code == 0
    write(
        "dnsconfig.py",
        HEAD + 'D("a.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1", TTL(600)), '
        'A("new", "192.0.2.3"))\n'
        'D("b.tld", REG, DnsProvider(BIND), A("x", "192.0.2.2"))\n',
    )
    return workdir


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "DNSFRAME_RAISE_ERRORS"}}
    env["TERM"] = "xterm"
    env.update(extra)
    return env


def on_terminal(cwd: Path, *args: str, **env: str) -> tuple[int, str]:
    """``python -m dnsframe ARGS`` with stdout and stderr on a pseudo-terminal: its exit code
    and everything it wrote there."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, on the terminal
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "dnsframe", *args], _env(**env))
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode()


def in_pipe(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dnsframe", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_on_a_terminal_changes_are_coloured_by_verb_and_a_progress_line_is_drawn(
    changes: Path,
) -> None:
    code, out = on_terminal(changes, "preview")
    assert code == 0, out
    assert f"{GREEN}+ CREATE new.a.tld A 192.0.2.3 ttl=300" in out
    assert f"{YELLOW}± MODIFY-TTL x.a.tld A 192.0.2.1 ttl=(300->600)" in out
    assert f"{RED}#1: - DELETE gone.a.tld A 192.0.2.9 ttl=300" in out
    assert "Reading zones" in out
    assert "2/2" in out
    assert out.rstrip().endswith("Done. 1 corrections.")

    code, out = on_terminal(changes, "push")
    assert code == 0, out
    assert f"{GREEN}SUCCESS!" in out
    assert "Applying corrections" in out

    code, out = on_terminal(changes, "preview", "--config", "missing.py")
    assert code == 1
    assert f"{RED}ERROR: " in out


@pytest.mark.parametrize(
    "how", ["NO_COLOR", "--no-colors before the command", "--no-colors after it"]
)
def test_no_colour_on_a_terminal_with_no_color_or_no_colors(changes: Path, how: str) -> None:
    env = {"NO_COLOR": "1"} if how == "NO_COLOR" else {}
    args = {
        "NO_COLOR": ["preview"],
        "--no-colors before the command": ["--no-colors", "preview"],
        "--no-colors after it": ["preview", "--no-colors"],
    }[how]
    code, out = on_terminal(changes, *args, **env)
    assert code == 0, out
    assert "+ CREATE new.a.tld A 192.0.2.3 ttl=300" in out
    assert not any(colour in out for colour in COLOURS), repr(out)
    assert "Reading zones" in out  # the progress line is not a colour: still drawn


def test_in_a_pipe_the_output_is_plain_and_has_no_progress_unless_colors_is_forced(
    changes: Path,
) -> None:
    done = in_pipe(changes, "preview")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert "Reading zones" not in done.stderr
    assert "+ CREATE new.a.tld A 192.0.2.3 ttl=300" in done.stdout

    forced = in_pipe(changes, "preview", "--colors")
    assert f"{GREEN}+ CREATE new.a.tld" in forced.stdout
    assert "Reading zones" not in forced.stderr  # colours forced, but a pipe is no terminal


def test_quiet_prints_only_the_changes(run: Run, changes: Path) -> None:
    quiet = run("preview", "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout.splitlines() == [
        "#1: - DELETE gone.a.tld A 192.0.2.9 ttl=300",
        "± MODIFY-TTL x.a.tld A 192.0.2.1 ttl=(300->600)",
        "+ CREATE new.a.tld A 192.0.2.3 ttl=300",
    ]
    pushed = run("push", "-q")
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout == quiet.stdout  # no SUCCESS!, no Done.
    assert run("preview", "--quiet").stdout == ""


def test_a_domain_with_nothing_to_do_has_no_header_or_info_unless_full(
    run: Run, workdir: Path, write: Any
) -> None:
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write("dnsconfig.py", HEAD + 'D("a.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))\n')
    assert run("push").exit_code == 0
    write("dnsconfig.py", HEAD + 'D("a.tld", REG, DnsProvider(BIND), NO_PURGE)\n')
    quiet = run("preview")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == "Done. 0 corrections.\n"
    full = run("preview", "--full")
    assert full.stdout.splitlines() == [
        "******************** Domain: a.tld",
        "----- DNS Provider: bind...0 corrections",
        "INFO#1: NO_PURGE keeps 1 record(s) the config does not mention: x.a.tld A",
        "Done. 0 corrections.",
    ]
