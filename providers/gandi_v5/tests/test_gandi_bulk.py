"""GANDI_V5's write strategies through the dnsframe command on the sandbox: "rrset" (the
default), "bulk" (one PUT of the whole zone) and "auto" (bulk above bulk_threshold)."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from dnsframe.testing.fixtures import CommandRunner as Run

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'
TOKEN = "test-token-0123456789"
ZONE_PUT = ("PUT", "/records")


def _creds(workdir: Path, sandbox: Any, **extra: Any) -> None:
    # The client's own limiter would only make these tests wait; the sandbox has none.
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": sandbox.url, "rate_limit": 100_000}
    entry.update(extra)
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)


def _config(write: Any, *domains: tuple[str, list[str]]) -> None:
    """dnsconfig.py with one D() per (zone, records), the records given as one list."""
    body = HEAD
    for n, (zone, records) in enumerate(domains):
        listed = "".join(f"    {r},\n" for r in records)
        body += f'R{n} = [\n{listed}]\nD("{zone}", REG, DnsProvider(GANDI), *R{n})\n'
    write("dnsconfig.py", body)


def _rr(name: str, rtype: str, values: list[str], ttl: int = 300) -> dict[str, Any]:
    return {"rrset_name": name, "rrset_type": rtype, "rrset_ttl": ttl, "rrset_values": values}


def _rrsets(sandbox: Any, zone: str) -> dict[tuple[str, str], tuple[int, list[str]]]:
    return {
        (r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"]))
        for r in sandbox.records(zone)
    }


def _log(sandbox: Any, zone: str) -> list[tuple[str, str]]:
    """(method, the path after the zone's) of every request about ``zone``, in order."""
    prefix = f"/v5/livedns/domains/{zone}"
    return [
        (e.method, e.path[len(prefix) :]) for e in sandbox.requests if e.path.startswith(prefix)
    ]


def _writes(sandbox: Any, zone: str) -> list[tuple[str, str]]:
    return [c for c in _log(sandbox, zone) if c[0] != "GET"]


def _api(sandbox: Any, method: str, path: str, **kwargs: Any) -> None:
    """A change made behind dnsframe's back, through the API."""
    answer = requests.request(
        method,
        f"{sandbox.url}/v5/livedns/domains/{path}",
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
        **kwargs,
    )
    assert answer.status_code in {200, 201, 204}, answer.text


HOSTS = [_rr(f"h{i}", "A", [f"192.0.2.{i + 1}"]) for i in range(30)]
WANTED = [f'A("h{i}", "192.0.2.{i + 1}")' for i in range(30)]


def test_a_bulk_push_is_one_put_of_the_whole_zone_keeping_what_it_does_not_change(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "bulk.tld",
        rrsets=[
            *HOSTS,
            _rr("Mail", "A", ["192.0.2.100"]),  # stored in this case: kept so
            _rr("old", "A", ["192.0.2.200"]),
            _rr("_acme-challenge", "TXT", ['"token"']),  # IGNORE'd
            _rr("@", "SPF", ['"v=spf1 -all"'], 600),  # a type dnsframe does not manage
            _rr("@", "NS", ["ns1.other.example."]),  # an apex NS: never dnsframe's
        ],
    )
    gandi_sandbox.add_domain("keep.tld", rrsets=[*HOSTS[:10], _rr("legacy", "TXT", ['"keep me"'])])
    _creds(workdir, gandi_sandbox, write_strategy="bulk")
    _config(
        write,
        (
            "bulk.tld",
            [
                'A("h0", "198.51.100.1")',
                *WANTED[1:],
                'A("mail", "198.51.100.100")',
                'AAAA("new", "2001:db8::1")',
                'IGNORE("_acme-challenge")',
            ],
        ),
        (
            "keep.tld",
            [*WANTED[:9], 'A("h9", "198.51.100.9")', 'A("n", "198.51.100.50")', "NO_PURGE"],
        ),
    )
    before = {zone: _rrsets(gandi_sandbox, zone) for zone in ("bulk.tld", "keep.tld")}
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    out = pushed.stdout
    assert "INFO#2: writing the whole zone in one request (bulk strategy, 4 changes)" in out
    assert "INFO#1: 1 rrset(s) of types dnsframe does not manage are left as they are: @ SPF" in out
    assert (
        "INFO#1: NO_PURGE keeps 1 record(s) the config does not mention: legacy.keep.tld TXT\n"
        "INFO#2: writing the whole zone in one request (bulk strategy, 2 changes)\n"
    ) in out
    # the correction lists every change, as the rrset strategy's corrections do
    assert (
        "#1: - DELETE old.bulk.tld A 192.0.2.200 ttl=300\n"
        "± MODIFY h0.bulk.tld A (192.0.2.1 ttl=300) -> (198.51.100.1 ttl=300)\n"
        "± MODIFY mail.bulk.tld A (192.0.2.100 ttl=300) -> (198.51.100.100 ttl=300)\n"
        "+ CREATE new.bulk.tld AAAA 2001:db8::1 ttl=300\n"
    ) in out
    assert re.search(r"SNAPSHOT: gandi saved bulk\.tld before writing: \S+", out)

    for zone in ("bulk.tld", "keep.tld"):
        log = _log(gandi_sandbox, zone)
        assert _writes(gandi_sandbox, zone) == [("POST", "/snapshots"), ZONE_PUT]
        snapshot, put = log.index(("POST", "/snapshots")), log.index(ZONE_PUT)
        # after the snapshot: the engine's read-again and the provider's, then the PUT, then
        # the read that checks it
        assert log[snapshot + 1 : put] == [("GET", "/records"), ("GET", "/records")]
        assert log[put + 1 :] == [("GET", "/records")]

    got = _rrsets(gandi_sandbox, "bulk.tld")
    wanted = {k: v for k, v in before["bulk.tld"].items() if k != ("old", "A")}
    wanted[("h0", "A")] = (300, ["198.51.100.1"])
    wanted[("Mail", "A")] = (300, ["198.51.100.100"])
    wanted[("new", "AAAA")] = (300, ["2001:db8::1"])
    assert got == wanted  # the ACME token, the SPF and the apex NS as they were
    kept = _rrsets(gandi_sandbox, "keep.tld")
    assert kept[("legacy", "TXT")] == (300, ['"keep me"'])  # NO_PURGE'd
    assert kept[("h9", "A")] == (300, ["198.51.100.9"])
    assert kept[("n", "A")] == (300, ["198.51.100.50"])
    assert len(kept) == 12
    assert run("preview", "--expect-no-changes").exit_code == 0


def _planned(workdir: Path, write: Any, sandbox: Any) -> Any:
    """A bulk push of bulk.tld, read and planned through the library, not applied yet."""
    from dnsframe.engine import prepare

    sandbox.add_domain("bulk.tld", rrsets=HOSTS)
    _creds(workdir, sandbox, write_strategy="bulk")
    _config(write, ("bulk.tld", ['A("h0", "198.51.100.1")', *WANTED[1:]]))
    run = prepare("dnsconfig.py", "creds.json")
    return run, run.plan()


def _applied(run: Any, plans: Any) -> tuple[Any, list[str]]:
    from dnsframe.output import TextRenderer

    lines: list[str] = []
    return run.apply(plans, TextRenderer(lines.append)), lines


def test_a_bulk_push_whose_zone_moved_after_it_was_read_stops_before_writing(
    workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    run, plans = _planned(workdir, write, gandi_sandbox)
    _api(gandi_sandbox, "PUT", "bulk.tld/records/h5/A", json={"rrset_values": ["192.0.2.99"]})
    moved = _rrsets(gandi_sandbox, "bulk.tld")
    gandi_sandbox.clear_log()
    result, lines = _applied(run, plans)
    assert not result.ok
    assert (
        "FAILURE! the zone changed while this push was running: h5 A is no longer as read at "
        "gandi, so nothing was written to bulk.tld. Run preview and push again."
    ) in lines, lines
    assert _writes(gandi_sandbox, "bulk.tld") == [("POST", "/snapshots")]
    assert _rrsets(gandi_sandbox, "bulk.tld") == moved


def test_a_bulk_push_stops_when_an_rrset_it_would_carry_over_appeared_meanwhile(
    workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    # An SPF rrset is not a record dnsframe manages, so the engine's read-again does not see
    # it; a whole-zone PUT made from the first reading would delete it.
    run, plans = _planned(workdir, write, gandi_sandbox)
    spf = _rr("@", "SPF", ['"v=spf1 -all"'])
    _api(gandi_sandbox, "POST", "bulk.tld/records", json=spf)
    gandi_sandbox.clear_log()
    result, lines = _applied(run, plans)
    assert not result.ok
    failure = [line for line in lines if line.startswith("FAILURE!")]
    assert failure == [
        "FAILURE! the zone changed while this push was running: @ SPF is no longer as read, so "
        "nothing was written to bulk.tld. Run preview and push again."
    ], lines
    assert _writes(gandi_sandbox, "bulk.tld") == [("POST", "/snapshots")]
    assert _rrsets(gandi_sandbox, "bulk.tld")[("@", "SPF")] == (300, ['"v=spf1 -all"'])


def test_a_whole_zone_write_that_reads_back_otherwise_names_the_rrsets_and_the_snapshot(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain("bulk.tld", rrsets=HOSTS)
    _creds(workdir, gandi_sandbox, write_strategy="bulk")
    _config(write, ("bulk.tld", ['A("h0", "198.51.100.1")', *WANTED[1:]]))
    # The whole-zone PUT is made, but its answer waits; meanwhile another tool changes h7.
    gandi_sandbox.faults.stall(1.0, method="PUT", path=r"/records$")

    def meanwhile() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if any(e.method == "PUT" for e in gandi_sandbox.requests):
                _api(
                    gandi_sandbox,
                    "PUT",
                    "bulk.tld/records/h7/A",
                    json={"rrset_values": ["192.0.2.77"]},
                )
                return
            time.sleep(0.01)

    other = threading.Thread(target=meanwhile)
    gandi_sandbox.clear_log()
    other.start()
    pushed = run("push")
    other.join()
    assert pushed.exit_code == 1, pushed.output
    assert (
        "FAILURE! bulk.tld was written whole, but reading it back, h7 A is not as sent. The "
        "snapshot saved before this push holds the zone as it was: dnsframe snapshots list "
        "bulk.tld shows it, dnsframe snapshots restore bulk.tld ID brings it back. Run preview "
        "to see what Gandi holds now."
    ) in pushed.stdout
    assert _rrsets(gandi_sandbox, "bulk.tld")[("h0", "A")] == (300, ["198.51.100.1"])


@pytest.mark.parametrize(("changed", "bulk"), [(3, False), (4, True)])
def test_auto_writes_the_zone_whole_only_above_the_threshold(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any, changed: int, bulk: bool
) -> None:
    gandi_sandbox.add_domain("bulk.tld", rrsets=HOSTS)
    _creds(workdir, gandi_sandbox, write_strategy="auto", bulk_threshold=3)
    _config(
        write,
        (
            "bulk.tld",
            [*(f'A("h{i}", "198.51.100.{i}")' for i in range(changed)), *WANTED[changed:]],
        ),
    )
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    writes = [w for w in _writes(gandi_sandbox, "bulk.tld") if w != ("POST", "/snapshots")]
    if bulk:
        assert f"(bulk strategy, {changed} changes)" in pushed.stdout
        assert writes == [ZONE_PUT]
    else:
        assert "bulk strategy" not in pushed.stdout
        assert writes == [("PUT", f"/records/h{i}/A") for i in range(changed)]
    assert run("preview", "--expect-no-changes").exit_code == 0


@pytest.mark.parametrize("strategy", [None, "rrset"])
def test_the_rrset_strategy_never_writes_the_zone_whole(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any, strategy: str | None
) -> None:
    gandi_sandbox.add_domain("bulk.tld", rrsets=HOSTS)
    extra = {"bulk_threshold": 0} | ({"write_strategy": strategy} if strategy else {})
    _creds(workdir, gandi_sandbox, **extra)
    _config(write, ("bulk.tld", [*(f'A("h{i}", "198.51.100.{i}")' for i in range(8)), *WANTED[8:]]))
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert "bulk strategy" not in pushed.stdout
    assert ZONE_PUT not in _writes(gandi_sandbox, "bulk.tld")
    assert len(_writes(gandi_sandbox, "bulk.tld")) == 1 + 8  # the snapshot, one PUT per rrset


def test_a_push_of_1000_changes_in_a_10000_rrset_zone_is_one_write(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "big.tld",
        rrsets=[_rr(f"h{i}", "A", [f"10.0.{i // 250}.{i % 250}"]) for i in range(10_000)],
    )
    _creds(workdir, gandi_sandbox, write_strategy="auto")
    wanted = [f'A("h{i}", "10.0.{i // 250}.{i % 250}")' for i in range(250, 10_000)]
    wanted[:400] = [f'A("h{i}", "10.1.{i // 250}.{i % 250}")' for i in range(250, 650)]
    wanted += [f'A("n{i}", "10.2.{i // 250}.{i % 250}")' for i in range(350)]
    _config(write, ("big.tld", wanted))  # 250 removed, 400 changed, 350 new
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert "(bulk strategy, 1000 changes)" in pushed.stdout
    assert _writes(gandi_sandbox, "big.tld") == [("POST", "/snapshots"), ZONE_PUT]
    # reads: 20 pages to plan (no nameservers: the registrar is NONE), 20 to read again (the
    # engine), 20 before the write (the provider), 21 after it (10,100 rrsets)
    reads = [c for c in _log(gandi_sandbox, "big.tld") if c[0] == "GET"]
    assert len(reads) == 20 + 20 + 20 + 21
    assert len(gandi_sandbox.records("big.tld")) == 10_100
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_a_write_strategy_gandi_v5_does_not_know_is_refused(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    _creds(workdir, gandi_sandbox, write_strategy="fast")
    _config(write, ("example.tld", WANTED[:1]))
    refused = run("preview")
    assert refused.exit_code != 0
    assert 'must be one of "rrset", "bulk", "auto"' in refused.output
    assert not gandi_sandbox.requests
