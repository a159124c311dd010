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
        "cli-token-0123456789",
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
        auth = {"Authorization": "Bearer cli-token-0123456789"}
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
        "gandi": {"TYPE": "GANDI_V5", "token": "cli-token-0123456789", "apiurl": url}
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
            headers={"Authorization": "Bearer cli-token-0123456789"},
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
        "--zone-file",
        "--zone-json",
        "--nameserver-apply-after-reads",
        "--dns-port",
        "--dns-host",
        "--version",
    ):
        assert option in result.stdout


def first_lines(proc: subprocess.Popen[str], count: int = 4) -> list[str]:
    assert proc.stdout is not None
    return [proc.stdout.readline().rstrip("\n") for _ in range(count)]


def test_state_alone_adds_no_example_domain_and_keeps_the_state_tokens(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    state = tmp_path / "state.json"
    proc = start("--port", str(port), "--state", str(state))
    try:
        lines = first_lines(proc)
        assert lines[3] == "domains: (none)"
        auth = {"Authorization": "Bearer demo-token-for-the-sandbox"}
        assert requests.get(f"{url}/v5/livedns/domains", headers=auth, timeout=5).json() == []
    finally:
        code, _, err = stop(proc)
    assert code == 0, err

    # A state with its own, scoped token: loaded, no default token or domain added to it.
    seeded = start(
        "--port",
        str(port),
        "--state",
        str(tmp_path / "two.json"),
        "--token",
        "only-me-token-0123456789,domain=a.tld",
        "--domain",
        "a.tld,empty",
        "--domain",
        "b.tld,empty",
    )
    first_lines(seeded)  # up, with its SIGTERM handler: the state is saved on exit
    assert stop(seeded)[0] == 0
    again = start("--port", str(port), "--state", str(tmp_path / "two.json"))
    try:
        lines = first_lines(again)
        assert lines[3] == "domains: a.tld, b.tld"
        assert list(json.loads(lines[2])) == ["gandi"]
        assert json.loads(lines[2])["gandi"]["token"] == "only-me-token-0123456789"
        listed = requests.get(
            f"{url}/v5/livedns/domains",
            headers={"Authorization": "Bearer only-me-token-0123456789"},
            timeout=5,
        )
        assert [d["fqdn"] for d in listed.json()] == ["a.tld"]  # its scope
        other = requests.get(
            f"{url}/v5/livedns/domains/b.tld/records",
            headers={"Authorization": "Bearer only-me-token-0123456789"},
            timeout=5,
        )
        assert other.status_code == 403
        default = requests.get(
            f"{url}/v5/livedns/domains",
            headers={"Authorization": "Bearer demo-token-for-the-sandbox"},
            timeout=5,
        )
        assert default.status_code == 401
    finally:
        code, _, err = stop(again)
    assert code == 0, err


def test_a_zone_is_seeded_from_a_json_dump_of_its_records(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json"
    items = [
        {
            "rrset_type": "A",
            "rrset_ttl": 300,
            "rrset_name": "www",
            "rrset_href": "http://elsewhere/ignored",
            "rrset_values": ["192.0.2.1"],
        },
        {"rrset_type": "TXT", "rrset_ttl": 3600, "rrset_name": "@", "rrset_values": ["hello"]},
    ]
    dump.write_text(json.dumps(items))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start(
        "--port",
        str(port),
        "--token",
        "pat-token-0123456789,org=o1,key=gandi-o1",
        "--token",
        "key1-apikey-0123456789,apikey",
        "--domain",
        "dump.tld,org=o1",
        "--zone-json",
        f"dump.tld={dump}",
    )
    try:
        lines = first_lines(proc)
        assert lines[3] == "domains: dump.tld (org o1)"
        assert json.loads(lines[2]) == {
            "gandi-o1": {
                "TYPE": "GANDI_V5",
                "token": "pat-token-0123456789",
                "apiurl": url,
                "sharing_id": "o1",
            },
            "gandi-2": {"TYPE": "GANDI_V5", "apikey": "key1-apikey-0123456789", "apiurl": url},
        }
        got = requests.get(
            f"{url}/v5/livedns/domains/dump.tld/records",
            headers={"Authorization": "Apikey key1-apikey-0123456789"},
            timeout=5,
        ).json()
        assert [(r["rrset_name"], r["rrset_type"], r["rrset_values"]) for r in got] == [
            ("@", "TXT", ['"hello"']),
            ("www", "A", ["192.0.2.1"]),
        ]
    finally:
        code, _, err = stop(proc)
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--token", "t,org"), "--token: 't,org': unknown part 'org'"),
        (("--domain", "a.tld,color=red"), "--domain: 'a.tld,color=red': unknown part 'color'"),
        (("--zone-file", "a.tld"), "--zone-file: 'a.tld': give it as DOMAIN=FILE"),
        (
            ("--zone-file", "a.tld=missing.zone"),
            "--zone-file a.tld=missing.zone: missing.zone: cannot read it",
        ),
        (
            ("--zone-file", "a.tld=bad.zone"),
            "--zone-file a.tld=bad.zone: a.tld: rrset {'rrset_name': '@', 'rrset_type': 'A', 'rrset_ttl': 60",
        ),
        (("--zone-json", "a.tld=bad.zone"), "--zone-json a.tld=bad.zone: bad.zone: not JSON"),
        (
            ("--token", "first-token-0123456789,key=k", "--token", "other-token-0123456789,key=k"),
            "--token: two tokens have the creds key 'k'",
        ),
        (
            ("--token", "demo"),
            "--token: 'demo' is 4 characters; GANDI_V5 refuses a token shorter than 20",
        ),
    ],
)
def test_a_bad_seed_option_is_one_error_line(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    (tmp_path / "bad.zone").write_text("$TTL 60\n@ IN A 192.0.2.1\n")
    proc = subprocess.run(
        [*SCRIPT, "--port", str(free_port()), *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.startswith(f"ERROR: {message}"), proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert proc.stdout == ""
