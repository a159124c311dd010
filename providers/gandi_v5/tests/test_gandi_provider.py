"""GANDI_V5 end to end: the ``dnsframe`` command against the local Gandi sandbox, over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run

HEAD = 'REG = NewRegistrar("none")\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n'


def creds(workdir: Path, sandbox: Any, **extra: Any) -> None:
    entry = {"TYPE": "GANDI_V5", "token": "test-token-0123456789", "apiurl": sandbox.url + "/"}
    entry.update(extra)
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)  # it holds the token written out


@pytest.fixture
def gandi(workdir: Path, write: Any, gandi_sandbox: Any) -> Any:
    """``gandi(body)`` writes dnsconfig.py (HEAD + body) and creds.json for the sandbox."""
    creds(workdir, gandi_sandbox)

    def config(body: str, head: str = HEAD) -> None:
        write("dnsconfig.py", head + body)

    return config


def rrsets(sandbox: Any, zone: str = "example.tld") -> dict[tuple[str, str], tuple[int, list[str]]]:
    return {
        (r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], sorted(r["rrset_values"]))
        for r in sandbox.records(zone)
    }


def calls(sandbox: Any, method: str | None = None) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in sandbox.requests if method is None or e.method == method]


def writes(sandbox: Any) -> list[tuple[str, str]]:
    """The record writes (the snapshot a push takes first is tested in test_gandi_safety.py)."""
    return [
        (e.method, e.path)
        for e in sandbox.requests
        if e.method != "GET" and not e.path.endswith("/snapshots")
    ]


def test_every_record_type_round_trips(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    ds = "ab" * 32
    gandi(
        """
D("example.tld", REG, DnsProvider(GANDI),
    A("@", "192.0.2.1"),
    AAAA("@", "2001:db8::1"),
    CAA("@", "issue", "letsencrypt.org"),
    MX("@", 10, "mail"),
    TXT("@", "v=spf1 include:_mailcust.gandi.net ?all"),
    CNAME("www", "@"),
    DNAME("old", "new.example.net."),
    NS("child", "ns1.example.net."),
    DS("child", 2371, 13, 2, "DIGEST"),
    LOC("loc", 52, 22, 23, "N", 4, 53, 32, "E", -2, 1, 10000, 10),
    NAPTR("sip", 100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.tld!", "."),
    PTR("ptr", "host.example.net."),
    RP("rp", "admin.example.tld.", "info.example.tld."),
    SRV("_imaps._tcp", 0, 1, 993, "mail.gandi.net."),
    SSHFP("ssh", 4, 2, "DIGEST"),
    TLSA("_443._tcp", 3, 1, 1, "DIGEST"),
)
""".replace("DIGEST", ds)
    )
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    got = rrsets(gandi_sandbox)
    assert got[("@", "MX")] == (300, ["10 mail.example.tld."])
    assert got[("@", "TXT")] == (300, ['"v=spf1 include:_mailcust.gandi.net ?all"'])
    assert got[("www", "CNAME")] == (300, ["example.tld."])
    assert got[("_imaps._tcp", "SRV")] == (300, ["0 1 993 mail.gandi.net."])
    assert got[("child", "DS")] == (300, [f"2371 13 2 {ds}"])
    assert len(got) == 16
    again = run("preview", "--expect-no-changes")
    assert again.exit_code == 0, again.output
    assert again.stdout == "Done. 0 corrections.\n"


def test_alias_at_the_apex_and_below_it(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    gandi(
        'D("example.tld", REG, DnsProvider(GANDI),\n    ALIAS("@", "lb.example.net."),\n    ALIAS("cdn", "edge.example.net."))\n'
    )
    result = run("push")
    assert result.exit_code == 0, result.output
    assert (
        "WARNING: dnsconfig.py:5: ALIAS cdn.example.tld: Gandi allows ALIAS only at the apex; written as a CNAME"
        in result.stdout
    )
    got = rrsets(gandi_sandbox)
    assert got[("@", "ALIAS")] == (300, ["lb.example.net."])
    assert got[("cdn", "CNAME")] == (300, ["edge.example.net."])
    again = run("preview")
    assert "0 corrections" in again.stdout or again.stdout.endswith("Done. 0 corrections.\n")
    assert "#1" not in again.stdout
    gandi(
        'D("example.tld", REG, DnsProvider(GANDI),\n    ALIAS("cdn", "edge.example.net."),\n    TXT("cdn", "x"))\n'
    )
    refused = run("preview")
    assert refused.exit_code == 1
    assert (
        "dnsconfig.py:4: the DNS provider gandi (GANDI_V5): ALIAS cdn.example.tld: Gandi allows ALIAS only at the apex"
        in refused.stderr
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 255,
        "y" * 256,
        "z" * 600,
        'say "hello"',
        "back\\slash",
        "semi;colon",
        "trailing space ",
        "unicode: café",
    ],
)
def test_long_and_tricky_txt(run: Run, gandi: Any, gandi_sandbox: Any, text: str) -> None:
    gandi(f'D("example.tld", REG, DnsProvider(GANDI), TXT("t", {json.dumps(text)}))\n')
    assert run("push").exit_code == 0
    [value] = rrsets(gandi_sandbox)[("t", "TXT")][1]
    chunks = value.split('" "')
    assert all(len(c.encode()) <= 257 for c in chunks)  # 255 bytes plus quotes
    again = run("preview", "--expect-no-changes")
    assert again.exit_code == 0, again.output


def test_mixed_case_names_from_another_tool_are_updated_in_their_stored_case(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "mixed.tld",
        rrsets=[
            {
                "rrset_name": "WWW",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
            {
                "rrset_name": "Old",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.2"],
            },
        ],
    )
    gandi('D("mixed.tld", REG, DnsProvider(GANDI), A("www", "192.0.2.9"), TXT("www", "hello"))\n')
    result = run("push")
    assert result.exit_code == 0, result.output
    assert ("DELETE", "/v5/livedns/domains/mixed.tld/records/Old/A") in writes(gandi_sandbox)
    assert any(
        path.startswith("/v5/livedns/domains/mixed.tld/records/WWW")
        for _, path in writes(gandi_sandbox)
    )
    assert rrsets(gandi_sandbox, "mixed.tld")[("WWW", "A")] == (300, ["192.0.2.9"])
    assert run("preview", "--expect-no-changes").exit_code == 0


def big_zone(gandi: Any, sandbox: Any) -> None:
    """big.tld with 1201 A rrsets (three pages of 500) at the sandbox, and in dnsconfig.py."""
    sandbox.add_domain(
        "big.tld",
        rrsets=[
            {
                "rrset_name": f"h{i:04}",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": [f"10.0.{i // 250}.{i % 250}"],
            }
            for i in range(1201)
        ],
    )
    body = "".join(f'    A("h{i:04}", "10.0.{i // 250}.{i % 250}"),\n' for i in range(1201))
    gandi(f'D("big.tld", REG, DnsProvider(GANDI),\n{body})\n')


def test_1201_rrsets_are_read_page_by_page(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    big_zone(gandi, gandi_sandbox)
    gandi_sandbox.clear_log()
    result = run("preview", "--expect-no-changes")
    assert result.exit_code == 0, result.output
    pages = [e for e in gandi_sandbox.requests if e.path == "/v5/livedns/domains/big.tld/records"]
    # The first page says how many there are; the other two are then read at once, in any order.
    assert [e.query.get("page") for e in pages][:1] == [["1"]]
    assert sorted(e.query["page"][0] for e in pages) == ["1", "2", "3"]
    assert all(e.query.get("per_page") == ["500"] for e in pages)


def test_a_zone_that_changes_while_its_pages_are_read_is_read_again(
    run: Run, gandi: Any, gandi_sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages read at once are parsed as they arrive; when they do not add up to the count of
    the first page (an rrset was deleted meanwhile, so the others moved up a page), the zone
    is read again page after page, and the plan is made from that reading."""
    big_zone(gandi, gandi_sandbox)
    answer = gandi_sandbox.answer
    deleted: list[str] = []

    def changing(method: str, path: str, query: dict[str, list[str]], *args: Any) -> Any:
        if path.endswith("/big.tld/records") and query.get("page") == ["2"] and not deleted:
            gone = answer("DELETE", "/v5/livedns/domains/big.tld/records/h0000/A", {}, *args)
            deleted.append(str(gone.status))
        return answer(method, path, query, *args)

    monkeypatch.setattr(gandi_sandbox, "answer", changing)
    gandi_sandbox.clear_log()
    result = run("preview")
    assert deleted == ["204"]
    assert result.exit_code == 0, result.output
    assert "1 correction" in result.output
    assert "CREATE h0000.big.tld A 10.0.0.0 ttl=300" in result.output
    pages = [e.query["page"][0] for e in gandi_sandbox.requests if e.path.endswith("/records")]
    assert sorted(pages[:3]) == ["1", "2", "3"]
    assert pages[3:] == ["1", "2", "3"]  # again, one after the other


def test_ignored_records_are_kept_at_a_label_that_changes(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "keep.tld",
        rrsets=[
            {
                "rrset_name": "www",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
            {
                "rrset_name": "www",
                "rrset_type": "TXT",
                "rrset_ttl": 600,
                "rrset_values": ['"verification=123"'],
            },
            {
                "rrset_name": "_acme-challenge",
                "rrset_type": "TXT",
                "rrset_ttl": 300,
                "rrset_values": ['"token"'],
            },
        ],
    )
    gandi("""D("keep.tld", REG, DnsProvider(GANDI),
    A("www", "192.0.2.2"), AAAA("www", "2001:db8::2"),
    IGNORE("www", "TXT"), IGNORE("_acme-challenge"))
""")
    gandi_sandbox.clear_log()
    result = run("push")
    assert result.exit_code == 0, result.output
    # two changed rrsets at one label: one PUT of the label, with the kept TXT in it
    assert writes(gandi_sandbox) == [("PUT", "/v5/livedns/domains/keep.tld/records/www")]
    got = rrsets(gandi_sandbox, "keep.tld")
    assert got[("www", "TXT")] == (600, ['"verification=123"'])
    assert got[("_acme-challenge", "TXT")] == (300, ['"token"'])
    assert got[("www", "AAAA")] == (300, ["2001:db8::2"])
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_the_fewest_calls(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    gandi_sandbox.add_domain(
        "calls.tld",
        rrsets=[
            {"rrset_name": "a", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]},
            {"rrset_name": "b", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.2"]},
            {
                "rrset_name": "c",
                "rrset_type": "CNAME",
                "rrset_ttl": 300,
                "rrset_values": ["x.example.net."],
            },
        ],
    )
    gandi("""D("calls.tld", REG, DnsProvider(GANDI),
    A("a", "192.0.2.10"), A("c", "192.0.2.3"), A("d", "192.0.2.4", TTL(600)))
""")
    gandi_sandbox.clear_log()
    preview = run("preview")
    assert preview.exit_code == 0
    assert writes(gandi_sandbox) == []
    reads = Counter(calls(gandi_sandbox, "GET"))
    # One read: with the registrar NONE and Gandi's apex NS its own, no nameservers are needed.
    assert reads == Counter({("GET", "/v5/livedns/domains/calls.tld/records"): 1})
    gandi_sandbox.clear_log()
    assert run("push").exit_code == 0
    assert writes(gandi_sandbox) == [
        ("DELETE", "/v5/livedns/domains/calls.tld/records/b/A"),
        ("PUT", "/v5/livedns/domains/calls.tld/records/c"),  # CNAME -> A in one call
        ("PUT", "/v5/livedns/domains/calls.tld/records/a/A"),
        ("PUT", "/v5/livedns/domains/calls.tld/records/d/A"),
    ]
    assert rrsets(gandi_sandbox, "calls.tld") == {
        ("a", "A"): (300, ["192.0.2.10"]),
        ("c", "A"): (300, ["192.0.2.3"]),
        ("d", "A"): (600, ["192.0.2.4"]),
    }


def many(zone: str, records: list[str], *modifiers: str) -> str:
    """A D() of many records, given as one list (a D() of 1,000 literal arguments takes
    dnsframe seconds to evaluate)."""
    listed = "".join(f"    {r},\n" for r in records)
    more = "".join(f", {m}" for m in modifiers)
    return f'R = [\n{listed}]\nD("{zone}", REG, DnsProvider(GANDI), *R{more})\n'


def _rr(name: str, rtype: str, value: str, ttl: int = 300) -> dict[str, Any]:
    return {"rrset_name": name, "rrset_type": rtype, "rrset_ttl": ttl, "rrset_values": [value]}


def test_a_mixed_push_makes_fewer_writes_than_changed_rrsets(
    run: Run, gandi: Any, gandi_sandbox: Any, workdir: Path
) -> None:
    creds(workdir, gandi_sandbox, rate_limit=100_000)  # the client's limiter would only wait
    # 1,000 rrsets: 900 labels with an A, 50 with an A and a TXT.
    seeded = [_rr(f"h{i}", "A", f"10.0.{i // 250}.{i % 250}") for i in range(900)]
    for i in range(50):
        seeded += [_rr(f"m{i}", "A", f"10.9.0.{i}"), _rr(f"m{i}", "TXT", f'"m{i}"')]
    gandi_sandbox.add_domain("mix.tld", rrsets=seeded)
    wanted = []
    for i in range(900):
        if i < 20:  # 20 A removed, one DELETE each
            continue
        address = f"10.1.{i // 250}.{i % 250}" if 100 <= i < 120 else f"10.0.{i // 250}.{i % 250}"
        wanted.append(f'A("h{i}", "{address}")')  # 20 A changed, one PUT each
    for i in range(5, 50):  # m0..m4 removed: 10 rrsets, one DELETE of each label
        changed = 10 <= i < 20  # m10..m19: A and TXT changed, 20 rrsets, one PUT of each label
        wanted.append(f'A("m{i}", "10.9.{1 if changed else 0}.{i}")')
        wanted.append(f'TXT("m{i}", "{"new" if changed else "m"}{i}")')
    for i in range(10):  # n0..n9: A and TXT new, 20 rrsets, one PUT of each label
        wanted += [f'A("n{i}", "10.8.0.{i}")', f'TXT("n{i}", "n{i}")']
    wanted += [f'A("n{i}", "10.8.0.{i}")' for i in range(10, 20)]  # 10 A new, one PUT each
    gandi(many("mix.tld", wanted))
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    assert "75 corrections (gandi)" in preview.stdout
    assert preview.stdout.count("+ CREATE ") == 30
    assert preview.stdout.count("± MODIFY ") == 40
    assert preview.stdout.count("- DELETE ") == 30
    gandi_sandbox.clear_log()
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    done = writes(gandi_sandbox)
    assert len(done) == 75 < 100  # 100 changed rrsets
    assert Counter(m for m, _ in done) == Counter({"PUT": 50, "DELETE": 25})
    # m0..m4 deleted, m10..m19 and n0..n9 written: one call per label
    labels = [p for _, p in done if "/" not in p.split("/records/", 1)[1]]
    assert len(labels) == 25
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_ttls_outside_gandis_range_are_clamped_with_a_warning(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi(
        'D("example.tld", REG, DnsProvider(GANDI),\n    A("low", "192.0.2.1", TTL(60)),\n    A("high", "192.0.2.2", TTL("5w")))\n'
    )
    first = run("push")
    assert first.exit_code == 0, first.output
    assert (
        "WARNING: dnsconfig.py:4: A low.example.tld: TTL 60 is outside Gandi's range 300..2592000; 300 is used"
        in first.stdout
    )
    got = rrsets(gandi_sandbox)
    assert got[("low", "A")][0] == 300
    assert got[("high", "A")][0] == 2592000
    again = run("preview", "--expect-no-changes")
    assert again.exit_code == 0
    assert "TTL 60 is outside" in again.stdout  # still said, never a change


def test_two_creds_keys_with_their_own_tokens_and_organizations(
    run: Run, workdir: Path, write: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_token("token-org1-0123456789", organization="org1")
    gandi_sandbox.add_token("token-org2-0123456789", organization="org2")
    gandi_sandbox.add_domain("one.tld", organization="org1", empty=True)
    gandi_sandbox.add_domain("two.tld", organization="org2", empty=True)
    url = gandi_sandbox.url
    (workdir / "creds.json").write_text(
        json.dumps(
            {
                "org1": {
                    "TYPE": "GANDI_V5",
                    "token": "token-org1-0123456789",
                    "sharing_id": "org1",
                    "apiurl": url,
                },
                "org2": {
                    "TYPE": "GANDI_V5",
                    "token": "token-org2-0123456789",
                    "sharing_id": "org2",
                    "apiurl": url,
                },
            }
        )
    )
    write(
        "dnsconfig.py",
        """REG = NewRegistrar("none")
ORG1 = NewDnsProvider("org1", "GANDI_V5")
ORG2 = NewDnsProvider("org2", "GANDI_V5")
D("one.tld", REG, DnsProvider(ORG1), A("x", "192.0.2.1"))
D("two.tld", REG, DnsProvider(ORG2), A("x", "192.0.2.2"))
""",
    )
    result = run("push", "--concurrency", "4")
    assert result.exit_code == 0, result.output
    assert rrsets(gandi_sandbox, "one.tld")[("x", "A")] == (300, ["192.0.2.1"])
    assert rrsets(gandi_sandbox, "two.tld")[("x", "A")] == (300, ["192.0.2.2"])
    for entry in gandi_sandbox.requests:
        zone = (
            "one.tld"
            if "/one.tld/" in entry.path
            else "two.tld"
            if "/two.tld/" in entry.path
            else None
        )
        if zone:
            assert entry.query.get("sharing_id") == ["org1" if zone == "one.tld" else "org2"]
    listed = run("check-creds", "org2")
    assert listed.stdout.splitlines()[-2] == "  two.tld"
    assert listed.stdout.splitlines()[-1].startswith("two.tld: read ")


def test_wrong_token_forbidden_token_and_unknown_zone(
    run: Run, gandi: Any, gandi_sandbox: Any, workdir: Path
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    creds(workdir, gandi_sandbox, token="not-a-token-0123456789")
    wrong = run("push")
    assert wrong.exit_code == 1
    assert (
        'Gandi refused the credentials. The token or API key in creds key "gandi" is wrong or '
        "expired: create a new personal access token at Gandi and update it."
    ) in wrong.output
    assert "could not verify" not in wrong.output  # the stock text says no more than that
    assert "not-a-token" not in wrong.output
    assert "[REDACTED]" not in wrong.output  # the message was made without the token

    gandi_sandbox.add_token("no-rights-0123456789", permissions=False)
    creds(workdir, gandi_sandbox, token="no-rights-0123456789")
    forbidden = run("push")
    assert forbidden.exit_code == 1
    assert 'lacks the permission "Manage domain name technical configurations"' in forbidden.output

    creds(workdir, gandi_sandbox)
    gandi('D("nowhere.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    unknown = run("push")
    assert unknown.exit_code == 1
    assert 'nowhere.tld is not in the LiveDNS of creds key "gandi"' in unknown.output
    assert 'set "sharing_id"' in unknown.output
    assert gandi_sandbox.records("example.tld") == []
    assert [e for e in gandi_sandbox.requests if e.method != "GET"] == []


def test_rate_limit_and_server_errors_are_retried_to_success(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"), A("y", "192.0.2.2"))\n')
    gandi_sandbox.faults.fail(503, method="GET", count=2)
    gandi_sandbox.faults.fail(429, method="PUT", count=1)
    result = run("push")
    assert result.exit_code == 0, result.output
    statuses = [e.status for e in gandi_sandbox.requests]
    assert statuses.count(503) == 2
    assert statuses.count(429) == 1
    assert rrsets(gandi_sandbox)[("y", "A")] == (300, ["192.0.2.2"])


def test_a_dropped_connection_on_a_write_is_retried(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    gandi_sandbox.faults.fail(method="PUT", drop=True, count=1)
    result = run("push")
    assert result.exit_code == 0, result.output
    assert rrsets(gandi_sandbox)[("x", "A")] == (300, ["192.0.2.1"])


def test_a_failure_mid_push_says_what_was_applied(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    gandi(
        'D("example.tld", REG, DnsProvider(GANDI), A("a", "192.0.2.1"), A("b", "192.0.2.2"), A("c", "192.0.2.3"))\n'
    )
    gandi_sandbox.faults.fail(400, method="PUT", path="/records/b/", count=10)
    result = run("push")
    assert result.exit_code == 1
    assert "example.tld (gandi): applied: #1; #2 failed" in result.stderr
    assert "not applied: #3" in result.stderr
    assert set(rrsets(gandi_sandbox)) == {("a", "A")}


def test_registrar_changes_the_delegation_and_waits_for_it(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "deleg.tld", empty=True, nameservers=["ns1.old-host.example", "ns2.old-host.example"]
    )
    gandi(
        'D("deleg.tld", REG_GANDI, DnsProvider(GANDI), A("x", "192.0.2.1"))\n',
        head='REG_GANDI = NewRegistrar("gandi", "GANDI_V5", {"nameserver_poll": 0.05})\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n',
    )
    livedns_ns = run("preview")
    assert livedns_ns.exit_code == 0, livedns_ns.output
    line = next(x for x in livedns_ns.stdout.splitlines() if "Change nameservers" in x)
    assert line.startswith(
        "#1: Change nameservers from 'ns1.old-host.example,ns2.old-host.example' to '"
    )
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert gandi_sandbox.nameservers("deleg.tld") != [
        "ns1.old-host.example",
        "ns2.old-host.example",
    ]
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_autodnssec_on_and_off(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    gandi_sandbox.add_domain("signed.tld", empty=True)
    gandi('D("signed.tld", REG, DnsProvider(GANDI), AUTODNSSEC_ON, A("x", "192.0.2.1"))\n')
    on = run("push")
    assert on.exit_code == 0, on.output
    assert "Enable DNSSEC for signed.tld" in on.stdout
    assert gandi_sandbox.keys("signed.tld")
    published = gandi_sandbox.dnskeys("signed.tld")  # the DS data reached the registry
    assert len(published) == 1
    assert "check at Gandi that the registry shows the DS record" in on.stderr
    assert run("preview", "--expect-no-changes").exit_code == 0
    gandi('D("signed.tld", REG, DnsProvider(GANDI), AUTODNSSEC_OFF, A("x", "192.0.2.1"))\n')
    off = run("push")
    assert off.exit_code == 0, off.output
    assert "Disable DNSSEC for signed.tld" in off.stdout
    assert not [k for k in gandi_sandbox.keys("signed.tld") if not k.get("deleted")]
    assert gandi_sandbox.dnskeys("signed.tld") == []
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_get_zones_and_check_creds(run: Run, gandi: Any, gandi_sandbox: Any) -> None:
    gandi_sandbox.add_domain(
        "listed.tld",
        rrsets=[
            {
                "rrset_name": "@",
                "rrset_type": "MX",
                "rrset_ttl": 3600,
                "rrset_values": ["10 spool.mail.gandi.net."],
            },
            {
                "rrset_name": "www",
                "rrset_type": "CNAME",
                "rrset_ttl": 3600,
                "rrset_values": ["webredir.vip.gandi.net."],
            },
        ],
    )
    checked = run("check-creds", "gandi")
    assert checked.exit_code == 0, checked.output
    assert "  listed.tld" in checked.stdout.splitlines()
    code = run("get-zones", "gandi", "listed.tld")
    assert code.exit_code == 0, code.output
    assert '    MX("@", 10, "spool.mail.gandi.net."),' in code.stdout
    assert "    DefaultTTL(3600)," in code.stdout


def test_alias_in_a_signed_zone_is_an_error_before_any_write(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    import requests

    gandi_sandbox.add_domain("signed-alias.tld", empty=True)
    created = requests.post(
        f"{gandi_sandbox.url}/v5/livedns/domains/signed-alias.tld/keys",
        json={"flags": 257},
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert created.status_code == 201
    gandi('D("signed-alias.tld", REG, DnsProvider(GANDI),\n    ALIAS("@", "lb.example.net."))\n')
    gandi_sandbox.clear_log()
    result = run("push")
    assert result.exit_code == 1
    assert "dnsconfig.py:4: ALIAS signed-alias.tld: signed-alias.tld is signed" in result.output
    assert writes(gandi_sandbox) == []


def test_rrsets_of_types_dnsframe_does_not_manage_are_left_alone(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "foreign.tld",
        rrsets=[
            {
                "rrset_name": "@",
                "rrset_type": "SPF",
                "rrset_ttl": 300,
                "rrset_values": ['"v=spf1 -all"'],
            },
            {
                "rrset_name": "old",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
        ],
    )
    gandi('D("foreign.tld", REG, DnsProvider(GANDI), A("new", "192.0.2.2"))\n')
    result = run("push")
    assert result.exit_code == 0, result.output
    assert (
        "INFO#1: 1 rrset(s) of types dnsframe does not manage are left as they are: @ SPF"
        in result.stdout
    )
    assert set(rrsets(gandi_sandbox, "foreign.tld")) == {("@", "SPF"), ("new", "A")}


def test_a_nameserver_change_gandi_has_not_applied_yet_is_reported_as_pending(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain("slow.tld", empty=True, nameservers=["ns1.old-host.example"])
    gandi_sandbox.nameserver_apply_after_reads = 1000
    gandi(
        'D("slow.tld", REG_GANDI, DnsProvider(GANDI))\n',
        head='REG_GANDI = NewRegistrar("gandi", "GANDI_V5", {"nameserver_wait": 0.2, "nameserver_poll": 0.05})\nGANDI = NewDnsProvider("gandi", "GANDI_V5")\n',
    )
    result = run("push")
    assert result.exit_code == 0, result.output
    assert "SUCCESS!" in result.stdout
    assert (
        "Gandi accepted the nameserver change for slow.tld but has not applied it" in result.stderr
    )
    assert "it is pending at Gandi" in result.stderr


def test_a_label_with_hidden_rrsets_is_never_written_whole(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "apexns.tld",
        rrsets=[
            {"rrset_name": "@", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]},
            {
                "rrset_name": "@",
                "rrset_type": "MX",
                "rrset_ttl": 300,
                "rrset_values": ["10 mx.example.net."],
            },
            {
                "rrset_name": "@",
                "rrset_type": "NS",
                "rrset_ttl": 300,
                "rrset_values": ["ns1.other.example."],
            },
        ],
    )
    gandi(
        'D("apexns.tld", REG, DnsProvider(GANDI), A("@", "192.0.2.2"), MX("@", 20, "mx.example.net."))\n'
    )
    gandi_sandbox.clear_log()
    result = run("push")
    assert result.exit_code == 0, result.output
    assert sorted(writes(gandi_sandbox)) == [
        ("PUT", "/v5/livedns/domains/apexns.tld/records/@/A"),
        ("PUT", "/v5/livedns/domains/apexns.tld/records/@/MX"),
    ]
    assert rrsets(gandi_sandbox, "apexns.tld")[("@", "NS")] == (300, ["ns1.other.example."])


def test_mixed_case_within_one_label_uses_each_rrsets_own_spelling(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "cases.tld",
        rrsets=[
            {
                "rrset_name": "WWW",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
            {"rrset_name": "www", "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"old"']},
        ],
    )
    gandi('D("cases.tld", REG, DnsProvider(GANDI), A("www", "192.0.2.1"), TXT("www", "new"))\n')
    gandi_sandbox.clear_log()
    result = run("push")
    assert result.exit_code == 0, result.output
    assert writes(gandi_sandbox) == [("PUT", "/v5/livedns/domains/cases.tld/records/www/TXT")]


def test_a_label_stored_in_several_spellings_is_written_rrset_by_rrset(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "cases.tld",
        rrsets=[
            {
                "rrset_name": "WWW",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
            {"rrset_name": "www", "rrset_type": "TXT", "rrset_ttl": 300, "rrset_values": ['"old"']},
        ],
    )
    # both rrsets change: one PUT of the label would spell one of them wrong (a 500 at Gandi)
    gandi('D("cases.tld", REG, DnsProvider(GANDI), A("www", "192.0.2.2"), TXT("www", "new"))\n')
    gandi_sandbox.clear_log()
    result = run("push")
    assert result.exit_code == 0, result.output
    assert sorted(writes(gandi_sandbox)) == [
        ("PUT", "/v5/livedns/domains/cases.tld/records/WWW/A"),
        ("PUT", "/v5/livedns/domains/cases.tld/records/www/TXT"),
    ]
    gandi('D("cases.tld", REG, DnsProvider(GANDI))\n')
    gandi_sandbox.clear_log()
    result = run("push", "--force")  # emptying the zone: over its change limit
    assert result.exit_code == 0, result.output
    assert sorted(writes(gandi_sandbox)) == [
        ("DELETE", "/v5/livedns/domains/cases.tld/records/WWW/A"),
        ("DELETE", "/v5/livedns/domains/cases.tld/records/www/TXT"),
    ]
    assert gandi_sandbox.records("cases.tld") == []


def test_a_token_with_a_stray_newline_is_refused_without_printing_it(
    run: Run, gandi: Any, gandi_sandbox: Any, workdir: Path
) -> None:
    creds(workdir, gandi_sandbox, token="SECRET TOKEN-0123456789")
    gandi('D("example.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    result = run("preview")
    assert result.exit_code == 1
    assert 'creds key "gandi": the "token" contains a space or a control character' in result.stderr
    assert "TOKEN-123" not in result.output


def test_unmanaged_rrsets_are_named_under_full_when_nothing_changes(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    gandi_sandbox.add_domain(
        "quiet.tld",
        rrsets=[
            {
                "rrset_name": "@",
                "rrset_type": "SPF",
                "rrset_ttl": 300,
                "rrset_values": ['"v=spf1 -all"'],
            },
            {"rrset_name": "x", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]},
        ],
    )
    gandi('D("quiet.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.1"))\n')
    # Nothing to do: no header and no INFO line unless --full.
    quiet = run("preview", "--expect-no-changes")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == "Done. 0 corrections.\n"
    result = run("preview", "--expect-no-changes", "--full")
    assert result.exit_code == 0, result.output
    assert (
        "INFO#1: 1 rrset(s) of types dnsframe does not manage are left as they are: @ SPF"
        in result.stdout
    )


def test_autodnssec_finishes_what_an_earlier_run_or_another_tool_left_half_done(
    run: Run, gandi: Any, gandi_sandbox: Any
) -> None:
    import requests

    gandi_sandbox.add_domain("half.tld", empty=True)
    made = requests.post(
        f"{gandi_sandbox.url}/v5/livedns/domains/half.tld/keys",
        json={"flags": 257},
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert made.status_code == 201
    assert gandi_sandbox.dnskeys("half.tld") == []
    gandi('D("half.tld", REG, DnsProvider(GANDI), AUTODNSSEC_ON)\n')
    on = run("push")
    assert on.exit_code == 0, on.output
    assert "Publish the DNSSEC key of half.tld at the registry" in on.stdout
    assert len(gandi_sandbox.dnskeys("half.tld")) == 1
    assert run("preview", "--expect-no-changes").exit_code == 0
    # the keys deleted elsewhere, the DS left at the registry: OFF removes it
    for key in gandi_sandbox.keys("half.tld"):
        requests.delete(
            f"{gandi_sandbox.url}/v5/livedns/domains/half.tld/keys/{key['id']}",
            headers={"Authorization": "Bearer test-token"},
            timeout=10,
        )
    gandi('D("half.tld", REG, DnsProvider(GANDI), AUTODNSSEC_OFF)\n')
    off = run("push")
    assert off.exit_code == 0, off.output
    assert "Remove the DNSSEC key of half.tld from the registry" in off.stdout
    assert gandi_sandbox.dnskeys("half.tld") == []
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_a_push_whose_output_is_closed_goes_on_to_its_end_and_says_so(
    gandi: Any, gandi_sandbox: Any, workdir: Path
) -> None:
    """``push | head``: once stdout is closed the push still applies every correction (a zone
    left half changed is the worse outcome), and the summary goes to stderr, saying why."""
    gandi_sandbox.add_domain("pipe.tld", rrsets=[])
    body = "".join(f'    A("h{i}", "192.0.2.{i % 250}"),\n' for i in range(300))
    gandi(f'D("pipe.tld", REG, DnsProvider(GANDI), SAFETY(max_change=1.0),\n{body})\n')
    push = subprocess.Popen(
        [sys.executable, "-m", "dnsframe", "push", "--force"],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert push.stdout is not None
    assert push.stderr is not None
    push.stdout.readline()
    push.stdout.close()  # as head does after its lines
    stderr = push.stderr.read()
    assert push.wait(timeout=120) == 0, stderr
    assert "NOTE: the standard output was closed while it was written; the push went on" in stderr
    assert "Done. 300 corrections." in stderr
    assert len(rrsets(gandi_sandbox, "pipe.tld")) == 300
