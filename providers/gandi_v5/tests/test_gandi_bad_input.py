"""Bad input refused before GANDI_V5 is asked anything: ``push`` exits 1 naming the line (or the
creds key and field), and the sandbox's request log stays empty, the zone as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
TOKEN = "test-token-0123456789"

MAIL = [
    {"rrset_name": "@", "rrset_type": "MX", "rrset_ttl": 300, "rrset_values": ["10 mx1.example."]},
    {"rrset_name": "@", "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"v=spf1 -all"']},
]


@pytest.fixture
def zone(workdir: Path, gandi_sandbox: Any) -> Any:
    """The sandbox with mail.tld holding mail records, and creds.json pointing at it."""
    gandi_sandbox.add_domain("mail.tld", rrsets=MAIL)
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": gandi_sandbox.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    return gandi_sandbox


def refused(run: Run, write: Any, sandbox: Any, body: str) -> str:
    """Push ``body``: it must fail with nothing sent to Gandi; the error text."""
    before = sandbox.records("mail.tld")
    write("dnsconfig.py", HEAD + body)
    result = run("push")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert [(e.method, e.path) for e in sandbox.requests] == []
    assert sandbox.records("mail.tld") == before
    return result.stderr


CONFIGS = [
    # point 2: suspicious configs
    (
        "def mail():\n    MX('@', 10, 'mx1.example.')\n"
        "D('mail.tld', REG, DnsProvider(GANDI), A('@', '192.0.2.1'), mail())\n",
        'dnsconfig.py:5: D("mail.tld", ...): argument 5 (mail()) is None',
    ),
    (
        "MX('@', 10, 'mx1.example.')\nD('mail.tld', REG, DnsProvider(GANDI), A('@', '192.0.2.1'))\n",
        'dnsconfig.py:3: MX("@", ...) is made here but never given to D()',
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI), IGNORE('@', 'MXX'))\n",
        'dnsconfig.py:3: IGNORE("@", "MXX", "*"): there is no record type MXX',
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI), MX('@', 0, '.'), MX('@', 10, 'mx1.example.'))\n",
        "dnsconfig.py:3: MX mail.tld 0 . is a null MX (RFC 7505",
    ),
    # point 8: the last bad inputs
    (
        "D('mail.tld', REG, DnsProvider(GANDI), AAAA('x', '2001:db8::2%eth0'))\n",
        "dnsconfig.py:3: AAAA(\"x\", ...): '2001:db8::2%eth0' has a zone index (%eth0)",
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI), A('.'.join(['a' * 61] * 4), '192.0.2.1'))\n",
        'dnsconfig.py:3: A("aaaa',
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI),\n"
        "  NAPTR('sip', 100, 10, 'U', 'E2U+sip', '!^.*$!sip:i@mail.tld!', 'sip.mail.tld'))\n",
        "dnsconfig.py:4: NAPTR(\"sip\", ...): target 'sip.mail.tld' contains a dot but does not "
        "end with one",
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI), TXT('big', 'x' * 70000))\n",
        'dnsconfig.py:3: TXT("big", ...): the text is 70000 bytes',
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI),\x00 A('x', '192.0.2.1'))\n",
        "dnsconfig.py:3: a NUL byte (column 39)",
    ),
    (
        "D('mail.tld', REG, DnsProvider(GANDI), "
        + ", ".join(f"A('h{i}', '192.0.2.{i}')" for i in range(30))
        + " A('x', '192.0.2.99'))\n",
        "dnsconfig.py:3: Python syntax error",
    ),
]


@pytest.mark.parametrize(("body", "message"), CONFIGS)
def test_a_bad_config_sends_nothing_to_gandi(
    run: Run, write: Any, zone: Any, body: str, message: str
) -> None:
    assert message in refused(run, write, zone, body)


def test_the_request_log_does_show_a_good_push(run: Run, write: Any, zone: Any) -> None:
    """The check above can fail: a valid config does reach Gandi."""
    write("dnsconfig.py", HEAD + "D('mail.tld', REG, DnsProvider(GANDI), A('@', '192.0.2.1'))\n")
    assert run("preview").exit_code == 0
    assert zone.requests


def test_creds_that_are_not_utf8_send_nothing(
    run: Run, write: Any, zone: Any, workdir: Path
) -> None:
    (workdir / "creds.json").write_bytes(
        b'{"gandi": {"TYPE": "GANDI_V5", "token": "\xff", "apiurl": "' + zone.url.encode() + b'"}}'
    )
    stderr = refused(run, write, zone, "D('mail.tld', REG, DnsProvider(GANDI))\n")
    assert stderr == "ERROR: creds.json:1:42: not UTF-8 text (byte 0xff); save the file as UTF-8\n"


def test_get_zones_into_a_missing_folder_fails_before_reading(
    run: Run, zone: Any, workdir: Path
) -> None:
    result = run("get-zones", "--out", "nowhere/zones.py", "gandi", "mail.tld")
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: nowhere/zones.py: cannot write the output: the folder nowhere does not exist; "
        "create it first\n"
    )
    assert zone.requests == []
    assert not (workdir / "nowhere").exists()


def test_get_zones_out_still_writes_into_an_existing_folder(
    run: Run, zone: Any, workdir: Path
) -> None:
    (workdir / "out").mkdir()
    result = run("get-zones", "--format", "zone", "--out", "out/mail.zone", "gandi", "mail.tld")
    assert result.exit_code == 0, result.output
    assert "mx1.example." in (workdir / "out" / "mail.zone").read_text()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "token",
            "",
            'the field "token" is blank; copy the personal access token from Gandi again',
        ),
        (
            "token",
            " " * 30,
            'the field "token" is blank; copy the personal access token from Gandi again',
        ),
        (
            "token",
            "the",
            'the field "token" is too short to be a Gandi personal access token (at least 20 '
            "characters); copy it from Gandi again",
        ),
        ("token", "wrong", 'the field "token" is too short to be a Gandi personal access token'),
        ("token", "demo", 'the field "token" is too short to be a Gandi personal access token'),
        ("apikey", "\t\n", 'the field "apikey" is blank; copy the API key from Gandi again'),
        (
            "apikey",
            "demo-key",
            'the field "apikey" is too short to be a Gandi API key (they have 24 characters)',
        ),
    ],
)
def test_a_blank_or_placeholder_secret_is_refused_unredacted_and_unsent(
    run: Run, write: Any, zone: Any, workdir: Path, field: str, value: str, message: str
) -> None:
    entry = {"TYPE": "GANDI_V5", field: value, "apiurl": zone.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    stderr = refused(run, write, zone, "D('mail.tld', REG, DnsProvider(GANDI))\n")
    # the whole message, as written: a placeholder secret garbles no word of it
    assert stderr.startswith(f'ERROR: creds.json: "gandi" (TYPE GANDI_V5): {message}')
    assert "[REDACTED]" not in stderr
    again = run("check-creds", "gandi")
    assert again.exit_code == 1
    assert message in again.stderr
    assert zone.requests == []


def test_a_secret_others_can_read_is_warned_about(
    run: Run, write: Any, zone: Any, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "creds.json").chmod(0o644)
    result = run("check-creds", "gandi")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        'WARNING: creds.json: "gandi": the field "token" holds a secret written '
        "out, and other users can read the file (mode 644); run chmod 600 creds.json, or write "
        'the field as "$VARIABLE" and export it\n'
    )
    (workdir / "creds.json").chmod(0o600)
    assert run("check-creds", "gandi").stderr == ""
    # a $VAR in a readable file holds no secret
    entry = {"TYPE": "GANDI_V5", "token": "$GANDI_TEST_TOKEN", "apiurl": zone.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o644)
    monkeypatch.setenv("GANDI_TEST_TOKEN", TOKEN)
    quiet = run("check-creds", "gandi")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""


def test_an_apiurl_where_nothing_listens_is_said_at_once(
    run: Run, workdir: Path, write: Any
) -> None:
    """A refused connection before the API ever answered is a wrong "apiurl": one try, not
    the retries a passing network trouble gets."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free once closed: nothing listens there
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": f"http://127.0.0.1:{port}"}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    write("dnsconfig.py", HEAD + 'D("mail.tld", REG, DnsProvider(GANDI), A("@", "192.0.2.1"))\n')
    result = run("preview")
    assert result.exit_code == 1, result.output
    assert (
        f'cannot reach the Gandi API at http://127.0.0.1:{port} for creds key "gandi": the '
        'connection was refused. Check the network and "apiurl".'
    ) in result.stderr
    assert "tries in" not in result.stderr  # said at the first try
