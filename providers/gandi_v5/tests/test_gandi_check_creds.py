"""``dnsframe check-creds`` against the sandbox: what a token can do, proven by reading only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gandi_sandbox import GandiSandbox

from dnsframe.testing.fixtures import CommandRunner as Run

RECORDS = [
    {"rrset_name": "www", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]}
]


def creds(workdir: Path, sandbox: GandiSandbox, token: str) -> None:
    entry = {"TYPE": "GANDI_V5", "token": token, "apiurl": sandbox.url + "/"}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)


def config(write: Any, *zones: str) -> None:
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
        + "".join(f'D("{z}", REG, DnsProvider(GANDI))\n' for z in zones),
    )


def writes(sandbox: GandiSandbox) -> list[str]:
    return [f"{r.method} {r.path}" for r in sandbox.requests if r.method != "GET"]


def test_check_creds_reads_the_first_configured_zone_with_a_full_token(
    run: Run, workdir: Path, write: Any, gandi_sandbox: GandiSandbox
) -> None:
    gandi_sandbox.add_domain("first.tld", rrsets=RECORDS)
    gandi_sandbox.add_token("full-token-0123456789")
    creds(workdir, gandi_sandbox, "full-token-0123456789")
    config(write, "first.tld", "example.tld")
    result = run("check-creds", "gandi")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "first.tld: read 1 record(s): the credentials can read records. Nothing was written."
    )
    reads = [r.path for r in gandi_sandbox.requests]
    assert "/v5/livedns/domains/first.tld/records" in reads
    assert writes(gandi_sandbox) == []


def test_check_creds_without_a_config_reads_the_first_listed_zone(
    run: Run, workdir: Path, gandi_sandbox: GandiSandbox
) -> None:
    gandi_sandbox.add_domain("aaa.tld", rrsets=RECORDS)
    gandi_sandbox.add_token("full-token-0123456789")
    creds(workdir, gandi_sandbox, "full-token-0123456789")
    result = run("check-creds", "gandi")
    assert result.exit_code == 0, result.output
    assert "  aaa.tld" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1].startswith("aaa.tld: read 1 record(s)")


def test_check_creds_names_the_missing_gandi_permission_for_a_read_only_token(
    run: Run, workdir: Path, write: Any, gandi_sandbox: GandiSandbox
) -> None:
    gandi_sandbox.add_token("read-only-0123456789", permissions=False)
    creds(workdir, gandi_sandbox, "read-only-0123456789")
    config(write, "example.tld")
    result = run("check-creds", "gandi")
    assert result.exit_code == 1
    assert "  example.tld" in result.stdout.splitlines()  # listing is allowed
    assert "can read records" not in result.stdout
    assert result.stderr.startswith(
        'ERROR: creds.json "gandi": reading the records of example.tld failed (the credentials '
        "list it, so they lack the permission to read records; nothing was written)"
    )
    assert '"Manage domain name technical configurations"' in result.stderr
    assert "read-only-0123456789" not in result.output
    assert writes(gandi_sandbox) == []


def test_check_creds_says_which_configured_zones_a_scoped_token_does_not_list(
    run: Run, workdir: Path, write: Any, gandi_sandbox: GandiSandbox
) -> None:
    gandi_sandbox.add_domain("other.tld", rrsets=RECORDS)
    gandi_sandbox.add_token("scoped-token-0123456789", domains=["other.tld"])
    creds(workdir, gandi_sandbox, "scoped-token-0123456789")
    config(write, "example.tld", "other.tld")
    result = run("check-creds", "gandi")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1:3] == ["1 zone(s):", "  other.tld"]
    assert lines[-1].startswith("other.tld: read 1 record(s)")
    assert result.stderr.startswith(
        'ERROR: creds.json "gandi": example.tld (in dnsconfig.py, at this provider) is not '
        "among the zones the credentials list: the token may be limited to other domains"
    )
    assert writes(gandi_sandbox) == []


def test_check_creds_with_a_refused_token_never_says_valid(
    run: Run, workdir: Path, write: Any, gandi_sandbox: GandiSandbox
) -> None:
    creds(workdir, gandi_sandbox, "wrong-token-0123456789")
    config(write, "example.tld")
    result = run("check-creds", "gandi")
    assert result.exit_code == 1
    assert "Gandi refused the credentials" in result.stderr
    assert "valid" not in result.stdout
