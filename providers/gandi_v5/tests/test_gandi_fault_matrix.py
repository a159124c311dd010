"""The fault matrix: one realistic push (11 corrections: CREATE, MODIFY, DELETE, two whole-label
writes, IGNORE'd records at a changed label), run once per request position with each fault.

For every position and fault, either the zone ends exactly as desired, or the output lists
exactly which corrections were applied, which failed and which were not applied (and the
request log agrees), and a re-run without the fault converges. At no moment is a kept
(IGNORE'd) rrset deleted or overwritten: the request log holds no DELETE or PUT of it, and a
PUT of its label carries it unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import FileWriter

ZONE = "matrix.tld"
R = f"/v5/livedns/domains/{ZONE}/records"


def rrset(name: str, rtype: str, values: list[str], ttl: int = 300) -> dict[str, Any]:
    return {"rrset_name": name, "rrset_type": rtype, "rrset_ttl": ttl, "rrset_values": values}


KEPT = [rrset("www", "TXT", ['"verify=1"'], 600), rrset("_acme-challenge", "TXT", ['"token"'])]
SEED = [
    rrset("a", "A", ["192.0.2.1"]),
    rrset("b", "A", ["192.0.2.2"]),
    rrset("c", "TXT", ['"old"']),
    rrset("d", "MX", ["10 mail.example.net."]),
    rrset("www", "A", ["192.0.2.80"]),
    rrset("mail", "A", ["192.0.2.25"]),
    rrset("old", "CNAME", ["target.example.net."]),
    rrset("api", "CNAME", ["api.example.net."]),
    *KEPT,
]
CONFIG = f"""REG = NewRegistrar("none")
GANDI = NewDnsProvider("gandi", "GANDI_V5")
D("{ZONE}", REG, DnsProvider(GANDI), DefaultTTL(300), SAFETY(max_change=1),
    A("a", "192.0.2.11"),
    TXT("c", "old", TTL(600)),
    A("www", "192.0.2.81"), AAAA("www", "2001:db8::80"),
    A("mail", "192.0.2.25"),
    A("api", "192.0.2.90"),
    A("new1", "192.0.2.100"),
    AAAA("new2", "2001:db8::100"),
    SRV("_sip._tcp", 10, 5, 5060, "sip.example.net."),
    TXT("txt2", "hello"),
    IGNORE("www", "TXT"), IGNORE("_acme-challenge"),
)
"""
Key = tuple[str, str]
DESIRED: dict[Key, tuple[int, list[str]]] = {
    ("a", "A"): (300, ["192.0.2.11"]),
    ("api", "A"): (300, ["192.0.2.90"]),
    ("c", "TXT"): (600, ['"old"']),
    ("mail", "A"): (300, ["192.0.2.25"]),
    ("new1", "A"): (300, ["192.0.2.100"]),
    ("new2", "AAAA"): (300, ["2001:db8::100"]),
    ("txt2", "TXT"): (300, ['"hello"']),
    ("www", "A"): (300, ["192.0.2.81"]),
    ("www", "AAAA"): (300, ["2001:db8::80"]),
    ("www", "TXT"): (600, ['"verify=1"']),
    ("_acme-challenge", "TXT"): (300, ['"token"']),
    ("_sip._tcp", "SRV"): (300, ["10 5 5060 sip.example.net."]),
}
#: Every request of the push without faults, in order: two reads, then correction #1 to #11,
#: one request each.
REQUESTS = [  # no read of the nameservers: the registrar is NONE
    ("GET", R),
    ("GET", R),  # read again right before the first write: has the zone moved?
    ("PUT", f"{R}/api"),  # CNAME -> A: one write of the label
    ("DELETE", f"{R}/b/A"),
    ("DELETE", f"{R}/d/MX"),
    ("DELETE", f"{R}/old/CNAME"),
    ("PUT", f"{R}/a/A"),
    ("PUT", f"{R}/www"),  # A changed, AAAA new, the kept TXT written back unchanged
    ("PUT", f"{R}/c/TXT"),
    ("PUT", f"{R}/_sip._tcp/SRV"),
    ("PUT", f"{R}/new1/A"),
    ("PUT", f"{R}/new2/AAAA"),
    ("PUT", f"{R}/txt2/TXT"),
]
READS = 1
#: The requests before the first write: the reads, and the read again right before writing.
PRE = READS + 1
#: The client's read timeout in the matrix, and how long a stalled answer waits: well apart,
#: so that a slow machine neither times out a normal answer nor gets a stalled one in time.
TIMEOUT, STALL = 1.0, 2.5

Fault = Callable[[Any, str, str, int], None]


def _at(path: str) -> str:
    return "^" + re.escape(path) + "$"


FAULTS: dict[str, Fault] = {
    "429 with Retry-After": lambda f, m, p, n: f.fail(
        429, method=m, path=_at(p), nth=n, retry_after=1
    ),
    "429 without Retry-After": lambda f, m, p, n: f.fail(429, method=m, path=_at(p), nth=n),
    "500 once": lambda f, m, p, n: f.fail(500, method=m, path=_at(p), nth=n),
    "500 persistent": lambda f, m, p, n: f.fail(500, method=m, path=_at(p), nth=n, count=10**6),
    "dropped before applying": lambda f, m, p, n: f.fail(method=m, path=_at(p), nth=n, drop=True),
    "dropped after applying": lambda f, m, p, n: f.fail(
        method=m, path=_at(p), nth=n, drop=True, applied=True
    ),
    "read timeout after applying": lambda f, m, p, n: f.stall(STALL, method=m, path=_at(p), nth=n),
}
#: The faults that no retry can get past.
PERSISTENT = {"500 persistent"}


def zone(sandbox: Any) -> dict[Key, tuple[int, list[str]]]:
    return {
        (r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"]))
        for r in sandbox.records(ZONE)
    }


def writes(sandbox: Any) -> list[tuple[str, str, int]]:
    return [(e.method, e.path, e.status) for e in sandbox.requests if e.method != "GET"]


def assert_kept_untouched(sandbox: Any) -> None:
    """No request deleted or replaced a kept rrset, even for a moment."""
    for entry in sandbox.requests:
        for kept in KEPT:
            label = f"{R}/{kept['rrset_name']}"
            rrset_path = f"{label}/{kept['rrset_type']}"
            if entry.method in {"DELETE", "PUT"}:
                assert entry.path != rrset_path, f"{entry.method} {entry.path} touched a kept rrset"
            if entry.method == "DELETE":
                assert entry.path != label, f"DELETE {entry.path} removed a kept rrset"
            if entry.method == "PUT" and entry.path == label:
                items = {
                    item["rrset_type"]: (item["rrset_ttl"], item["rrset_values"])
                    for item in entry.body["items"]
                }
                assert items.get(kept["rrset_type"]) == (
                    kept["rrset_ttl"],
                    kept["rrset_values"],
                ), f"PUT {entry.path} did not keep {kept['rrset_type']}"
    got = zone(sandbox)
    for kept in KEPT:
        key = (kept["rrset_name"], kept["rrset_type"])
        assert got[key] == (kept["rrset_ttl"], kept["rrset_values"])


def numbers(ns: range) -> str:
    return ", ".join(f"#{n}" for n in ns) or "none"


@pytest.fixture
def matrix(workdir: Path, write: FileWriter, gandi_sandbox: Any) -> Any:
    gandi_sandbox.add_domain(ZONE, rrsets=SEED)
    entry = {
        "TYPE": "GANDI_V5",
        "token": "test-token-0123456789",
        "apiurl": gandi_sandbox.url,
        "timeout": TIMEOUT,
        "retry_backoff": 0.01,
        "retry_timeout": 20,
        "snapshots": False,  # the snapshot before the first write has tests of its own
    }
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    write("dnsconfig.py", CONFIG)
    return gandi_sandbox


def test_the_matrix_push_makes_these_requests_and_ends_as_desired(run: Run, matrix: Any) -> None:
    result = run("push")
    assert result.exit_code == 0, result.output
    assert "11 corrections (gandi)" in result.stdout
    assert [(e.method, e.path) for e in matrix.requests] == REQUESTS
    assert zone(matrix) == DESIRED
    assert_kept_untouched(matrix)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("position", range(1, len(REQUESTS) + 1))
def test_a_fault_at_any_request_ends_as_desired_or_says_what_was_applied_and_converges(
    run: Run, matrix: Any, position: int, fault: str
) -> None:
    method, path = REQUESTS[position - 1]
    occurrence = REQUESTS[:position].count((method, path))
    FAULTS[fault](matrix.faults, method, path, occurrence)
    result = run("push")
    tried = [e.status for e in matrix.requests if (e.method, e.path) == (method, path)]
    assert len(tried) >= occurrence + 1  # the fault was hit, and the request sent again

    if fault not in PERSISTENT:
        assert result.exit_code == 0, result.output
        assert zone(matrix) == DESIRED
        assert_kept_untouched(matrix)
        if method == "DELETE" and "after applying" in fault:
            assert tried[-1] == 404  # the retry found it gone: done
        return

    assert result.exit_code == 1, result.output
    if position <= READS:  # the zone could not be read: nothing was written
        assert "some domains could not be read" in result.stderr
        assert writes(matrix) == []
    else:
        failed = max(1, position - PRE)  # a failed read-again stops before correction #1
        assert (
            f"{ZONE} (gandi): applied: {numbers(range(1, failed))}; #{failed} failed ("
            in result.stderr
        )
        assert f"not applied: {numbers(range(failed + 1, 12))}" in result.stderr
        # the log agrees: each applied correction's request succeeded once, the failed one
        # was tried and refused, and none of the others was sent
        sent = writes(matrix)
        done = [(m, p) for m, p, status in sent if 200 <= status < 300]
        assert done == REQUESTS[PRE : max(PRE, position - 1)]
        refused = {(m, p) for m, p, status in sent if status >= 300}
        assert refused == ({(method, path)} if method != "GET" else set())
    assert_kept_untouched(matrix)

    matrix.faults.clear()
    again = run("push")
    assert again.exit_code == 0, again.output
    assert zone(matrix) == DESIRED
    assert_kept_untouched(matrix)
    assert run("preview", "--expect-no-changes").exit_code == 0
