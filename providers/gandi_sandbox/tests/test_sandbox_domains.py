"""The domain API in the sandbox (domains, nameservers, LiveDNS state, registry DNSKEYs) and
LiveDNS zones, DNSSEC keys and snapshots."""

from __future__ import annotations

import base64
import hashlib
import os
from typing import Any

import pytest
from gandi_sandbox import GandiSandbox

D = "/v5/domain/domains"
L = "/v5/livedns/domains"


def key_tag(rdata: bytes) -> int:
    acc = sum(b if i % 2 else b << 8 for i, b in enumerate(rdata))
    return (acc + (acc >> 16)) & 0xFFFF


def test_the_domain_list_says_which_domains_use_livedns(gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    sandbox.add_domain("elsewhere.tld", livedns=False)
    sandbox.add_domain("org.tld", organization="org1", empty=True)
    listed = gandi_api.get(D)
    assert listed.headers["total-count"] == "3"
    by_name = {d["fqdn"]: d for d in listed.json()}
    assert by_name["example.tld"]["nameserver"] == {"current": "livedns"}
    assert by_name["elsewhere.tld"]["nameserver"] == {
        "current": "other",
        "hosts": ["ns1.example.net", "ns2.example.net"],
    }
    assert by_name["org.tld"]["sharing_id"] == "org1"
    assert by_name["example.tld"]["href"] == f"{sandbox.url}{D}/example.tld"
    assert [d["fqdn"] for d in gandi_api.get(L).json()] == ["example.tld", "org.tld"]
    assert gandi_api.get(f"{L}/elsewhere.tld").status_code == 404
    assert gandi_api.get(f"{D}/elsewhere.tld").json()["services"] == []


def test_livedns_nameservers_are_gandis_hashed_set(gandi_api: Any) -> None:
    ns = gandi_api.get(f"{L}/example.tld/nameservers").json()
    assert len(ns) == 3
    assert all(n.startswith("ns-") and n.endswith(".gandi.net") for n in ns)
    assert [n.split("-")[2][0] for n in ns] == ["a", "b", "c"]
    assert gandi_api.get(f"{D}/example.tld/nameservers").json() == ns
    assert gandi_api.sandbox.nameservers("example.tld") == ns


@pytest.mark.parametrize("reads", [0, 1, 3])
def test_a_nameserver_change_shows_after_the_configured_reads(
    reads: int, sandbox_client: Any
) -> None:
    sandbox = GandiSandbox(nameserver_apply_after_reads=reads)
    sandbox.add_token("t")
    sandbox.add_domain("example.tld", empty=True)
    with sandbox:
        api = sandbox_client(sandbox, "t")
        old = sandbox.nameservers("example.tld")
        new = ["ns1.other.example", "ns2.other.example"]
        put = api.put(f"{D}/example.tld/nameservers", json={"nameservers": new})
        assert put.status_code == 202
        assert put.headers["Content-Type"] == "application/json; charset=utf-8"
        seen = [api.get(f"{D}/example.tld/nameservers").json() for _ in range(reads + 2)]
        assert seen == [old] * reads + [new, new]
        assert sandbox.nameservers("example.tld") == new
        listed = api.get(D).json()[0]["nameserver"]
        assert listed == {"current": "other", "hosts": new}
        assert api.get(f"{D}/example.tld/livedns").json()["current"] == "other"


def test_bad_nameserver_lists_are_a_400(gandi_api: Any) -> None:
    path = f"{D}/example.tld/nameservers"
    assert gandi_api.put(path, json={}).json()["errors"][0]["description"] == "Required"
    assert gandi_api.put(path, json={"nameservers": []}).status_code == 400
    bad = gandi_api.put(path, json={"nameservers": ["ok.example.net", "not a host"]})
    assert bad.json()["errors"] == [
        {
            "location": "body",
            "name": "nameservers.1",
            "description": "'not a host': invalid hostname",
        }
    ]


def test_switching_a_domain_back_to_livedns(gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    sandbox.add_domain("moved.tld", livedns=False)
    state = gandi_api.get(f"{D}/moved.tld/livedns").json()
    assert state["current"] == "other"
    assert state["dnssec_available"] is True
    assert len(state["nameservers"]) == 3
    switched = gandi_api.post(f"{D}/moved.tld/livedns")
    assert switched.status_code == 202
    assert len(sandbox.records("moved.tld")) == 10  # Gandi's default zone
    gandi_api.get(f"{D}/moved.tld/nameservers")  # the one read that still shows the old ones
    assert gandi_api.get(f"{D}/moved.tld/nameservers").json() == state["nameservers"]
    assert gandi_api.get(f"{D}/moved.tld/livedns").json()["current"] == "livedns"


def test_creating_a_livedns_zone_for_a_domain_of_the_account(gandi_api: Any) -> None:
    gandi_api.sandbox.add_domain("fresh.tld", livedns=False)
    created = gandi_api.post(L, json={"fqdn": "fresh.tld", "zone": {}})
    assert created.status_code == 201
    assert created.json() == {"message": "Domain Created"}
    assert len(gandi_api.sandbox.records("fresh.tld")) == 10
    assert gandi_api.post(L, json={"fqdn": "fresh.tld", "zone": {}}).status_code == 409
    unknown = gandi_api.post(L, json={"fqdn": "not-mine.tld", "zone": {}})
    assert unknown.status_code == 404
    assert unknown.json()["object"] == "HTTPNotFound"


def test_livedns_signs_with_a_key_whose_ds_is_right(gandi_api: Any) -> None:
    created = gandi_api.post(f"{L}/example.tld/keys", json={"flags": 257})
    assert created.status_code == 201
    assert created.json() == {"message": "Domain Key Created"}
    key_id = created.headers["location"].rsplit("/", 1)[1]
    [key] = gandi_api.get(f"{L}/example.tld/keys").json()
    assert key["id"] == key_id
    assert key["flags"] == 257
    assert key["algorithm"] == 13
    assert key["algorithm_name"] == "ECDSAP256SHA256"
    assert key["deleted"] is False
    assert key["key_href"] == created.headers["location"]
    rdata = (257).to_bytes(2, "big") + bytes([3, 13]) + base64.b64decode(key["public_key"])
    owner = b"\x07example\x03tld\x00"
    tag = key_tag(rdata)
    assert key["ds"] == f"{tag} 13 2 {hashlib.sha256(owner + rdata).hexdigest()}"
    assert gandi_api.sandbox.keys("example.tld")[0]["ds"] == key["ds"]
    assert gandi_api.post(f"{L}/example.tld/keys", json={"flags": 3}).status_code == 400


def test_a_deleted_key_stays_listed_as_deleted_until_undeleted(gandi_api: Any) -> None:
    location = gandi_api.post(f"{L}/example.tld/keys", json={"flags": 257}).headers["location"]
    path = location.removeprefix(gandi_api.sandbox.url)
    deleted = gandi_api.delete(path)
    assert deleted.status_code == 204
    assert gandi_api.get(path).json()["deleted"] is True
    assert [k["deleted"] for k in gandi_api.sandbox.keys("example.tld")] == [True]
    assert gandi_api.put(path, json={"deleted": False}).status_code == 204
    assert gandi_api.get(path).json()["status"] == "active"
    assert gandi_api.get(f"{L}/example.tld/keys/no-such-key").status_code == 404


def test_dnskeys_are_published_at_the_registry(gandi_api: Any) -> None:
    public_key = base64.b64encode(os.urandom(64)).decode()
    body = {"algorithm": 13, "flags": 257, "public_key": public_key}
    created = gandi_api.post(f"{D}/example.tld/dnskeys", json=body)
    assert created.status_code == 202
    assert gandi_api.post(f"{D}/example.tld/dnskeys", json=body).status_code == 409
    listed = gandi_api.get(f"{D}/example.tld/dnskeys")
    assert listed.headers["total-count"] == "1"
    [key] = listed.json()
    rdata = (257).to_bytes(2, "big") + bytes([3, 13]) + base64.b64decode(public_key)
    assert key["keytag"] == key_tag(rdata)
    assert key["type"] == "ksk"
    assert key["digest_type"] == 2
    assert key["digest"] == hashlib.sha256(b"\x07example\x03tld\x00" + rdata).hexdigest()
    assert gandi_api.sandbox.dnskeys("example.tld") == [key]
    as_type = gandi_api.post(
        f"{D}/example.tld/dnskeys", json={"algorithm": 13, "type": "zsk", "public_key": public_key}
    )
    assert as_type.status_code == 202
    assert gandi_api.delete(f"{D}/example.tld/dnskeys/{key['id']}").status_code == 204
    assert [k["flags"] for k in gandi_api.get(f"{D}/example.tld/dnskeys").json()] == [256]
    assert gandi_api.delete(f"{D}/example.tld/dnskeys/{key['id']}").status_code == 404


def test_bad_dnskeys_are_a_400_naming_each_field(gandi_api: Any) -> None:
    response = gandi_api.post(
        f"{D}/example.tld/dnskeys", json={"algorithm": 99, "flags": 1, "public_key": "!!"}
    )
    assert response.status_code == 400
    assert [e["name"] for e in response.json()["errors"]] == ["algorithm", "flags", "public_key"]


def test_snapshots_keep_the_zone_as_it_was(gandi_api: Any) -> None:
    gandi_api.post(f"{L}/example.tld/records/www/A", json={"rrset_values": ["192.0.2.1"]})
    created = gandi_api.post(f"{L}/example.tld/snapshots", json={"name": "before push"})
    assert created.status_code == 201
    snap_id = created.json()["uuid"]
    gandi_api.delete(f"{L}/example.tld/records/www/A")
    [listed] = gandi_api.get(f"{L}/example.tld/snapshots").json()
    assert listed["id"] == snap_id
    assert listed["name"] == "before push"
    assert listed["automatic"] is False
    assert set(listed) == {"id", "name", "automatic", "created_at", "snapshot_href"}
    one = gandi_api.get(f"{L}/example.tld/snapshots/{snap_id}").json()
    assert one["zone_data"] == [
        {"rrset_type": "A", "rrset_ttl": 10800, "rrset_name": "www", "rrset_values": ["192.0.2.1"]}
    ]
    assert gandi_api.delete(f"{L}/example.tld/snapshots/{snap_id}").status_code == 204
    assert gandi_api.get(f"{L}/example.tld/snapshots").json() == []
