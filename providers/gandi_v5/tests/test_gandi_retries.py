"""Retries that finish the job, through ``dnsframe push`` against the sandbox's faults: 429s
waited out within a time bound, idempotent writes retried on 5xx and lost answers, a POST never
sent again blindly, and the name-case hint only where the case can differ."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import FileWriter

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
Z = "/v5/livedns/domains/example.tld"


@pytest.fixture
def gandi(workdir: Path, write: FileWriter, gandi_sandbox: Any) -> Any:
    """``gandi(body, **creds)``: dnsconfig.py (HEAD + body) and creds.json for the sandbox,
    with small backoff unless told otherwise."""

    def config(body: str, **extra: Any) -> None:
        entry = {"TYPE": "GANDI_V5", "token": "test-token-0123456789", "apiurl": gandi_sandbox.url}
        entry.update({"retry_backoff": 0.01, **extra})
        (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
        write("dnsconfig.py", HEAD + body)

    return config


def rrsets(sandbox: Any, zone: str = "example.tld") -> dict[tuple[str, str], list[str]]:
    return {
        (r["rrset_name"], r["rrset_type"]): sorted(r["rrset_values"]) for r in sandbox.records(zone)
    }


def log(sandbox: Any, method: str) -> list[tuple[str, int]]:
    return [(e.path, e.status) for e in sandbox.requests if e.method == method]


def test_a_burst_of_ten_429s_with_retry_after_on_a_put_ends_in_success(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    gandi_sandbox.faults.fail(429, method="PUT", count=10, retry_after=1)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert rrsets(gandi_sandbox) == {("x", "A"): ["192.0.2.1"]}
    assert log(gandi_sandbox, "PUT") == [(f"{Z}/records/x/A", 429)] * 10 + [
        (f"{Z}/records/x/A", 201)
    ]
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_a_500_once_on_a_put_is_retried_to_success(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    gandi_sandbox.faults.fail(500, method="PUT", count=1)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert log(gandi_sandbox, "PUT") == [(f"{Z}/records/x/A", 500), (f"{Z}/records/x/A", 201)]
    assert rrsets(gandi_sandbox) == {("x", "A"): ["192.0.2.1"]}


def test_a_persistent_500_fails_and_names_the_case_only_where_it_can_differ(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    # "WWW" A and "www" TXT: one label stored in two spellings. A new AAAA there is written
    # as "WWW", which may differ from the TXT's spelling; "plain" is stored in one spelling.
    gandi_sandbox.add_domain(
        "mixed.tld",
        rrsets=[
            {
                "rrset_name": "WWW",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
            {"rrset_name": "www", "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"t"']},
            {
                "rrset_name": "plain",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.3"],
            },
        ],
    )
    kept = 'A("www", "192.0.2.1"), TXT("www", "t")'
    gandi(f'D("mixed.tld", REG, DnsProvider(GANDI), {kept}, A("plain", "192.0.2.4"))\n')
    gandi_sandbox.faults.fail(500, method="PUT", count=1000)
    plain = run("push")
    assert plain.exit_code == 1
    assert "writing A plain.mixed.tld: Gandi answered 500 (6 tries in" in plain.stderr
    assert "case" not in plain.stderr
    assert len(log(gandi_sandbox, "PUT")) == 6  # retried 5 times: most likely a passing trouble

    gandi_sandbox.clear_log()
    gandi(
        f'D("mixed.tld", REG, DnsProvider(GANDI), {kept}, A("plain", "192.0.2.3"), AAAA("www", "2001:db8::1"))\n'
    )
    mixed = run("push")
    assert mixed.exit_code == 1
    assert "writing AAAA www.mixed.tld: Gandi answered 500" in mixed.stderr
    assert "spells a name in another case" in mixed.stderr
    assert log(gandi_sandbox, "PUT") == [("/v5/livedns/domains/mixed.tld/records/WWW/AAAA", 500)]

    gandi_sandbox.faults.clear()
    assert run("push").exit_code == 0
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_a_delete_whose_answer_was_lost_after_it_was_applied_is_retried_and_succeeds(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "gone.tld",
        rrsets=[
            {"rrset_name": "a", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]},
            {"rrset_name": "b", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.2"]},
        ],
    )
    gandi('D("gone.tld", REG, DnsProvider(GANDI), A("a", "192.0.2.1"))\n')
    gandi_sandbox.faults.fail(method="DELETE", drop=True, applied=True)
    result = run("push")
    assert result.exit_code == 0, result.output
    path = "/v5/livedns/domains/gone.tld/records/b/A"
    assert log(gandi_sandbox, "DELETE") == [(path, 0), (path, 404)]  # 404: gone already
    assert rrsets(gandi_sandbox, "gone.tld") == {("a", "A"): ["192.0.2.1"]}


def test_a_put_whose_answer_came_too_late_is_sent_again(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n', timeout=1)
    gandi_sandbox.faults.stall(3, method="PUT")
    result = run("push")
    assert result.exit_code == 0, result.output
    assert log(gandi_sandbox, "PUT") == [(f"{Z}/records/x/A", 201)] * 2
    assert rrsets(gandi_sandbox) == {("x", "A"): ["192.0.2.1"]}


def test_a_dnssec_key_creation_answered_500_is_not_sent_again(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain("signed.tld", empty=True)
    gandi('D("signed.tld", REG, DnsProvider(GANDI), AUTODNSSEC_ON, A("x", "192.0.2.1"))\n')
    gandi_sandbox.faults.fail(500, method="POST", path="/keys$", count=1)
    result = run("push")
    assert result.exit_code == 1
    assert "creating a DNSSEC key: Gandi answered 500" in result.stderr
    assert [p for p, _ in log(gandi_sandbox, "POST") if p.endswith("/keys")] == [
        "/v5/livedns/domains/signed.tld/keys"
    ]  # sent once (besides the snapshot that came before it)
    assert gandi_sandbox.keys("signed.tld") == []
    again = run("push")  # the next run sees no key and creates it
    assert again.exit_code == 0, again.output
    assert len(gandi_sandbox.keys("signed.tld")) == 1


def test_a_persistent_429_gives_up_at_the_retry_timeout_naming_the_creds_field(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n', retry_timeout=3)
    gandi_sandbox.faults.fail(429, method="PUT", count=10_000, retry_after=1)
    start = time.monotonic()
    result = run("push")
    assert time.monotonic() - start < 30  # a generous bound: no time is asserted beyond it
    assert result.exit_code == 1
    assert "writing A x.example.tld: Gandi's rate limit was hit" in result.stderr
    assert '"retry_timeout" of creds key "gandi" (3s)' in result.stderr
    assert 2 <= len(log(gandi_sandbox, "PUT")) <= 4  # about one a second for 3 seconds
    assert gandi_sandbox.records("example.tld") == []


def test_a_persistent_429_without_retry_after_also_ends_at_the_retry_timeout(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n', retry_timeout=2)
    gandi_sandbox.faults.fail(429, method="PUT", count=10_000)
    start = time.monotonic()
    result = run("push")
    assert time.monotonic() - start < 30
    assert result.exit_code == 1
    assert 'all the "retry_timeout" of creds key "gandi" (2s) allows' in result.stderr
