"""What preview and push print against the Gandi sandbox (issue 14, output): a failed push's
summary on stdout and the report's statuses, a refused token said once with its domains,
``--full`` telling the DNS provider and the registrar apart, warnings once each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import FileWriter

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'


def creds(workdir: Path, sandbox: Any, token: str = "test-token-0123456789") -> None:
    entry = {"TYPE": "GANDI_V5", "token": token, "apiurl": sandbox.url, "snapshots": False}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)  # it holds the token written out


@pytest.fixture
def three(workdir: Path, write: FileWriter, gandi_sandbox: Any) -> Any:
    """Three domains at the sandbox, each with three records to create."""
    for zone in ("a.tld", "b.tld", "c.tld"):
        gandi_sandbox.add_domain(zone, empty=True)
    creds(workdir, gandi_sandbox)
    body = "".join(
        f'D("{zone}", REG, DnsProvider(GANDI), A("x", "192.0.2.1"), A("y", "192.0.2.2"), '
        f'TXT("z", "hello"))\n'
        for zone in ("a.tld", "b.tld", "c.tld")
    )
    write("dnsconfig.py", HEAD + body)
    return gandi_sandbox


def test_a_push_with_a_failed_correction_ends_with_failure_on_stdout_and_reports_statuses(
    run: Run, workdir: Path, three: Any
) -> None:
    # The second write to b.tld is refused; a 400 is not retried.
    three.faults.fail(400, method="PUT", path=r"^/v5/livedns/domains/b\.tld/records/y/A$")
    result = run("push", "--report", "report.json")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "Done." not in result.stdout
    assert lines[-2].startswith("b.tld (gandi): applied: #1; #2 failed (")
    assert lines[-2].endswith("); not applied: #3")
    assert lines[-1] == "FAILURE: 7 of 9 corrections applied, 1 failed, 1 not applied."
    assert result.stderr.startswith("ERROR: push failed:\n  b.tld (gandi): applied: #1; #2 failed")
    assert result.stderr.endswith(
        "\nFAILURE: 7 of 9 corrections applied, 1 failed, 1 not applied.\n"
    )
    report = json.loads((workdir / "report.json").read_text())
    statuses = {item["domain"]: item.get("correction_status") for item in report}
    assert statuses == {
        "a.tld": ["applied", "applied", "applied"],
        "b.tld": ["applied", "failed", "not applied"],
        "c.tld": ["applied", "applied", "applied"],
    }
    assert all(len(i["correction_status"]) == len(i["correction_details"]) for i in report)
    assert [r["rrset_name"] for r in three.records("b.tld")] == ["x"]  # as the status says

    # A preview's report has no status: nothing was applied.
    three.faults.clear()
    previewed = run("preview", "--report", "report.json")
    assert previewed.exit_code == 0, previewed.output
    report = json.loads((workdir / "report.json").read_text())
    assert [i["domain"] for i in report if i["correction_details"]] == ["b.tld"]
    assert not any("correction_status" in i for i in report)


def test_a_refused_token_is_said_once_with_the_domains_it_affects(
    run: Run, workdir: Path, three: Any
) -> None:
    creds(workdir, three, token="wrong-token-0123456789")
    result = run("preview")
    assert result.exit_code == 1
    refused = "Gandi refused the credentials"
    assert result.stdout.count(refused) == 1, result.stdout
    assert result.stderr.count(refused) == 1, result.stderr
    assert result.stdout.startswith(f"ERROR: gandi: {refused}")
    assert result.stdout.splitlines()[0].endswith("(3 domains: a.tld, b.tld, c.tld)")
    assert "******************** Domain:" not in result.stdout  # nothing else to say of them
    assert "  a.tld, b.tld, c.tld (gandi): Gandi refused the credentials" in result.stderr
    # The last line of a failed preview says so too, never "Done.".
    assert result.stdout.splitlines()[-1] == (
        "FAILURE: none of the 3 domains could be read; nothing to show."
    )

    pushed = run("push")
    assert pushed.exit_code == 1
    assert pushed.stdout.count(refused) == 1
    assert pushed.stderr.count(refused) == 1
    assert pushed.stdout.splitlines()[-1] == (
        "FAILURE: 0 of 0 corrections applied, 0 failed, 0 not applied, 3 domains could not be read."
    )


def test_full_names_the_dns_provider_and_the_registrar_apart(
    run: Run, workdir: Path, write: FileWriter, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain("full.tld", empty=True)
    creds(workdir, gandi_sandbox)
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("gandi", "GANDI_V5")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
        'D("full.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n',
    )
    assert run("push").exit_code == 0
    full = run("preview", "--full")
    assert full.exit_code == 0, full.output
    assert full.stdout.splitlines() == [
        "******************** Domain: full.tld",
        "----- DNS Provider: gandi...0 corrections",
        "----- Registrar: gandi...0 corrections",
        "Done. 0 corrections.",
    ]
    assert run("preview").stdout == "Done. 0 corrections.\n"


def test_warnings_come_once_each_before_the_domains(
    run: Run, workdir: Path, write: FileWriter, gandi_sandbox: Any
) -> None:
    for zone in ("a.tld", "b.tld"):
        gandi_sandbox.add_domain(zone, empty=True)
    creds(workdir, gandi_sandbox)
    write(
        "dnsconfig.py",
        HEAD
        + 'D("a.tld", REG, DnsProvider(GANDI), *[A("low", ip, TTL(60)) for ip in ("192.0.2.1", "192.0.2.2")])\n'
        + 'D("b.tld", REG, DnsProvider(GANDI), ALIAS("cdn", "edge.example.net."))\n',
    )
    result = run("preview")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "WARNING: dnsconfig.py:3: A low.a.tld: TTL 60 is outside Gandi's range 300..2592000; "
        "300 is used",
        "WARNING: dnsconfig.py:4: ALIAS cdn.b.tld: Gandi allows ALIAS only at the apex; "
        "written as a CNAME",
    ]
    assert result.stdout.count("WARNING:") == 2
    assert lines[2] == "******************** Domain: a.tld"

    quiet = run("preview", "--quiet")
    assert quiet.exit_code == 0
    assert quiet.stdout.splitlines() == [
        *lines[:2],
        "#1: + CREATE low.a.tld A 192.0.2.1 ttl=300",
        "+ CREATE low.a.tld A 192.0.2.2 ttl=300",  # one rrset, one correction
        "#1: + CREATE cdn.b.tld CNAME edge.example.net. ttl=300",
    ]
