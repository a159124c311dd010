"""``gandi-sandbox`` (the console script) and ``python -m gandi_sandbox``, run as a user runs
them: a real process, stopped with SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

#: The console script, installed beside this interpreter, and the ``-m`` form of the same command.
SCRIPT = (str(Path(sys.executable).with_name("gandi-sandbox")),)
MODULE = (sys.executable, "-m", "gandi_sandbox")
COMMANDS = pytest.mark.parametrize("command", [SCRIPT, MODULE], ids=["gandi-sandbox", "python-m"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(*args: str, command: tuple[str, ...] = SCRIPT) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_up(proc: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the sandbox exited: {proc.communicate()}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("the sandbox did not answer within 20 s")


def stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    return proc.returncode, out, err


@COMMANDS
def test_the_command_serves_until_sigterm_and_keeps_its_state(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    state = tmp_path / "state.json"
    proc = start(
        "--port",
        str(port),
        "--token",
        "demo",
        "--domain",
        "example.tld",
        "--domain",
        "other.tld",
        "--empty",
        "--state",
        str(state),
        command=command,
    )
    try:
        wait_until_up(proc, url)
        auth = {"Authorization": "Bearer demo"}
        listed = requests.get(f"{url}/v5/livedns/domains", headers=auth, timeout=5).json()
        assert [d["fqdn"] for d in listed] == ["example.tld", "other.tld"]
        created = requests.post(
            f"{url}/v5/livedns/domains/example.tld/records/www/A",
            json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 300},
            headers=auth,
            timeout=5,
        )
        assert created.status_code == 201
    finally:
        code, out, err = stop(proc)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"Gandi sandbox listening on {url}"
    assert json.loads(lines[lines.index("creds.json:") + 1]) == {
        "gandi": {"TYPE": "GANDI_V5", "token": "demo", "apiurl": url}
    }
    assert f"state saved to {state}" in lines
    saved = json.loads(state.read_text())
    [zone] = [d["zone"] for d in saved["domains"] if d["fqdn"] == "example.tld"]
    assert zone == [
        {"rrset_type": "A", "rrset_ttl": 300, "rrset_name": "www", "rrset_values": ["192.0.2.1"]}
    ]

    again = start("--port", str(port), "--state", str(state), command=command)
    try:
        wait_until_up(again, url)
        got = requests.get(
            f"{url}/v5/livedns/domains/example.tld/records/www/A",
            headers={"Authorization": "Bearer demo"},
            timeout=5,
        )
        assert got.json()["rrset_values"] == ["192.0.2.1"]
    finally:
        code, _, err = stop(again)
    assert code == 0, err


@COMMANDS
def test_a_busy_port_is_an_error_for_the_user(command: tuple[str, ...]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = start("--port", str(port), command=command)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 1
    assert err.startswith(f"ERROR: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in err


@COMMANDS
def test_the_help_lists_every_option(command: tuple[str, ...]) -> None:
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: gandi-sandbox [OPTIONS]")
    for option in (
        "--port",
        "--token",
        "--domain",
        "--empty",
        "--state",
        "--nameserver-apply-after-reads",
    ):
        assert option in result.stdout
