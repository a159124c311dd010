"""The sandbox's Python API: seeding, starting and stopping, inspecting, the state file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox

GANDI_DEFAULT_ZONE = [
    ("@", "A", ["217.70.184.38"]),
    ("@", "MX", ["10 spool.mail.gandi.net.", "50 fb.mail.gandi.net."]),
    ("@", "TXT", ['"v=spf1 include:_mailcust.gandi.net ?all"']),
    ("webmail", "CNAME", ["webmail.gandi.net."]),
    ("www", "CNAME", ["webredir.vip.gandi.net."]),
    ("_imap._tcp", "SRV", ["0 0 0 ."]),
    ("_imaps._tcp", "SRV", ["0 1 993 mail.gandi.net."]),
    ("_pop3._tcp", "SRV", ["0 0 0 ."]),
    ("_pop3s._tcp", "SRV", ["10 1 995 mail.gandi.net."]),
    ("_submission._tcp", "SRV", ["0 1 465 mail.gandi.net."]),
]


def test_the_fixture_is_started_with_test_token_and_an_empty_example_tld(
    gandi_sandbox: GandiSandbox,
) -> None:
    assert gandi_sandbox.url.startswith("http://127.0.0.1:")
    assert not gandi_sandbox.url.endswith("/")
    response = requests.get(
        gandi_sandbox.url + "/v5/livedns/domains",
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert [d["fqdn"] for d in response.json()] == ["example.tld"]
    assert gandi_sandbox.records("example.tld") == []


def test_start_returns_the_url_and_the_context_manager_stops_it() -> None:
    sandbox = GandiSandbox()
    sandbox.add_token("t")
    with pytest.raises(RuntimeError):
        _ = sandbox.url
    with sandbox as running:
        url = running.url
        assert requests.get(url + "/v5/livedns/domains", timeout=5).status_code == 401
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/v5/livedns/domains", timeout=5)


def test_stop_also_ends_kept_alive_connections(gandi_sandbox: GandiSandbox) -> None:
    session = requests.Session()
    url = gandi_sandbox.url + "/v5/livedns/domains"
    assert session.get(url, headers={"Authorization": "Bearer test-token"}, timeout=5).ok
    gandi_sandbox.stop()
    with pytest.raises(requests.ConnectionError):
        session.get(url, headers={"Authorization": "Bearer test-token"}, timeout=5)


def test_a_new_domain_gets_gandis_default_records() -> None:
    sandbox = GandiSandbox()
    sandbox.add_domain("fresh.tld")
    got = [
        (r["rrset_name"], r["rrset_type"], r["rrset_values"]) for r in sandbox.records("fresh.tld")
    ]
    assert got == GANDI_DEFAULT_ZONE
    assert {r["rrset_ttl"] for r in sandbox.records("fresh.tld")} == {10800}


def test_records_are_what_a_full_read_returns(gandi_api: Any) -> None:
    gandi_api.sandbox.add_domain("full.tld")
    listed = gandi_api.get("/v5/livedns/domains/full.tld/records").json()
    for rrset in listed:
        del rrset["rrset_href"]
    assert gandi_api.sandbox.records("full.tld") == listed


def test_seeded_rrsets_follow_the_apis_rules() -> None:
    sandbox = GandiSandbox()
    sandbox.add_domain(
        "ok.tld",
        rrsets=[
            {"rrset_name": "t", "rrset_type": "TXT", "rrset_values": ["bare"]},
            {
                "rrset_name": "ok.tld.",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            },
        ],
    )
    assert sandbox.records("ok.tld") == [
        {"rrset_type": "A", "rrset_ttl": 300, "rrset_name": "@", "rrset_values": ["192.0.2.1"]},
        {"rrset_type": "TXT", "rrset_ttl": 10800, "rrset_name": "t", "rrset_values": ['"bare"']},
    ]
    with pytest.raises(ValueError, match="must be an IP address"):
        sandbox.add_domain(
            "bad.tld", rrsets=[{"rrset_name": "x", "rrset_type": "A", "rrset_values": ["toto"]}]
        )
    with pytest.raises(ValueError, match="CNAME"):
        sandbox.add_domain(
            "clash.tld",
            rrsets=[
                {"rrset_name": "x", "rrset_type": "A", "rrset_values": ["192.0.2.1"]},
                {"rrset_name": "X", "rrset_type": "CNAME", "rrset_values": ["y.example."]},
            ],
        )
    with pytest.raises(ValueError, match="already"):
        sandbox.add_domain("OK.tld")


def test_a_domain_outside_livedns_is_only_in_the_domain_api() -> None:
    sandbox = GandiSandbox()
    sandbox.add_domain("away.tld", livedns=False, nameservers=["ns1.host.example"])
    assert sandbox.nameservers("away.tld") == ["ns1.host.example"]
    with pytest.raises(LookupError, match="not on LiveDNS"):
        sandbox.records("away.tld")
    with pytest.raises(LookupError, match="not in the sandbox"):
        sandbox.records("unknown.tld")


def test_tokens_take_only_known_schemes() -> None:
    sandbox = GandiSandbox()
    with pytest.raises(ValueError, match="scheme"):
        sandbox.add_token("x", scheme="Basic")
    with pytest.raises(ValueError, match="without spaces"):
        sandbox.add_token("with space")


def test_the_state_file_keeps_everything_but_faults_and_log(tmp_path: Path, gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    sandbox.add_token(
        "org-token", scheme="Apikey", domains=["Other.tld"], organization="o1", permissions=False
    )
    sandbox.add_domain("other.tld", organization="o1", livedns=False)
    gandi_api.post(
        "/v5/livedns/domains/example.tld/records/DemoV3/TXT", json={"rrset_values": ["x"]}
    )
    gandi_api.post("/v5/livedns/domains/example.tld/keys", json={"flags": 257})
    gandi_api.post("/v5/livedns/domains/example.tld/snapshots")
    gandi_api.put(
        "/v5/domain/domains/example.tld/nameservers", json={"nameservers": ["ns1.x.example"]}
    )
    gandi_api.post(
        "/v5/domain/domains/other.tld/dnskeys",
        json={"algorithm": 13, "flags": 257, "public_key": "AAAA" * 16},
    )
    sandbox.faults.latency(1.0)
    path = tmp_path / "state.json"
    sandbox.save(path)
    assert json.loads(path.read_text())["format"] == 1

    copy = GandiSandbox.load(path)
    assert copy.records("example.tld") == sandbox.records("example.tld")
    assert copy.keys("example.tld") == sandbox.keys("example.tld")
    assert copy.dnskeys("other.tld") == sandbox.dnskeys("other.tld")
    assert copy.requests == []
    with copy:
        assert copy.faults.delay() == 0
        reads = [
            requests.get(
                copy.url + "/v5/domain/domains/example.tld/nameservers",
                headers={"Authorization": "Bearer test-token"},
                timeout=5,
            ).json()
            for _ in range(2)
        ]
        assert reads[1] == ["ns1.x.example"]  # the pending change survived the file
        assert reads[0] == sandbox.nameservers("example.tld") != reads[1]
        snaps = requests.get(
            copy.url + "/v5/livedns/domains/example.tld/snapshots",
            headers={"Authorization": "Bearer test-token"},
            timeout=5,
        ).json()
        assert len(snaps) == 1
        weak = requests.get(
            copy.url + "/v5/livedns/domains/other.tld",
            headers={"Authorization": "Apikey org-token"},
            timeout=5,
        )
        assert weak.status_code == 404  # other.tld is not on LiveDNS; the token still works


def test_loading_a_file_that_is_not_a_state_fails(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(ValueError, match="not a Gandi sandbox state file"):
        GandiSandbox.load(path)
