"""The console script (``dnsframe``, ``python -m dnsframe``): :func:`dnsframe.cli.console`
runs the command and ends the process without tearing down its objects; its exit status and
its output are the command's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dnsframe import cli, verify


def _dnsframe(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dnsframe", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_console_script_exits_with_the_commands_status(tmp_path: Path) -> None:
    (tmp_path / "dnsconfig.py").write_text(
        'D("example.tld", NewRegistrar("none"), A("@", "192.0.2.1"))\n'
    )
    ok = _dnsframe(tmp_path, "check")
    assert (ok.returncode, ok.stdout) == (0, "dnsconfig.py: 1 domain(s), 1 record(s). No errors.\n")
    (tmp_path / "dnsconfig.py").write_text('D("example.tld", NewRegistrar("none"), A("@"))\n')
    bad = _dnsframe(tmp_path, "check")
    assert bad.returncode == 1
    assert bad.stderr.startswith("ERROR: dnsconfig.py:1: A(")
    assert "Traceback" not in bad.stderr
    usage = _dnsframe(tmp_path, "chek")
    assert usage.returncode == 1
    assert "Did you mean 'check'?" in usage.stderr


def test_atexit_handlers_still_run(tmp_path: Path) -> None:
    """A plugin's atexit handler runs before the process ends."""
    marker = tmp_path / "ran"
    code = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('yes'))\n"
        "sys.argv = ['dnsframe', 'version']\n"
        "from dnsframe.cli import console\n"
        "console()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("dnsframe ")
    assert marker.read_text() == "yes"


def test_verify_defaults_are_the_commands() -> None:
    assert (cli.DNS_PORT, cli.VERIFY_TIMEOUT) == (verify.DNS_PORT, verify.DEFAULT_TIMEOUT)


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_closed_stdout_or_stderr_is_no_crash(tmp_path: Path, closed: str) -> None:
    """Started with its output closed (``dnsframe version >&-``), it ends as the command did;
    the shell then says the exit status on the stream left open."""
    fd, other = ("1", "2") if closed == "stdout" else ("2", "1")
    script = f'"$0" -m dnsframe version {fd}>&-; echo "exit $?" >&{other}'
    done = subprocess.run(
        ["sh", "-c", script, sys.executable], cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    said = done.stderr if closed == "stdout" else done.stdout
    assert said.splitlines()[-1] == "exit 0", done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
