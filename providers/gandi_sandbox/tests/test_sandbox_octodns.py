"""The sandbox driven by a client nobody here wrote: octoDNS's Gandi provider (octodns-gandi).

octodns-gandi hard-codes ``https://api.gandi.net/v5`` in ``GandiClient.endpoint``; the test
points that attribute at the sandbox before any request (the autouse loopback guard of the
conftest fails the test if anything even resolves the real host's name). octoDNS reads the zone, then plans and applies creates, changes
(as DELETE then POST) and deletes; a fresh provider must read back exactly what was wanted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gandi_sandbox import GandiSandbox
from octodns.record import Record
from octodns.zone import Zone
from octodns_gandi import GandiProvider

ZONE = "octo.tld."


def provider_for(sandbox: GandiSandbox) -> GandiProvider:
    provider = GandiProvider("gandi", "octo-token")
    assert provider._client.endpoint == "https://api.gandi.net/v5"
    provider._client.endpoint = f"{sandbox.url}/v5"
    return provider


def read(sandbox: GandiSandbox) -> Zone:
    zone = Zone(ZONE, [])
    assert provider_for(sandbox).populate(zone) is True
    return zone


def as_data(zone: Zone) -> dict[tuple[str, str], Any]:
    return {(r.name, r._type): r.data for r in zone.records}


@pytest.fixture
def octo_sandbox() -> Iterator[GandiSandbox]:
    sandbox = GandiSandbox()
    sandbox.add_token("octo-token")
    sandbox.add_domain("octo.tld")  # Gandi's default records
    sandbox.add_domain("other.tld", empty=True)
    with sandbox:
        sandbox.add_domain(
            "relative.tld",
            rrsets=[
                {"rrset_name": "docs", "rrset_type": "CNAME", "rrset_values": ["docs.example.com"]}
            ],
        )
        yield sandbox


def test_octodns_lists_the_zones_and_reads_gandis_default_records(
    octo_sandbox: GandiSandbox,
) -> None:
    provider = provider_for(octo_sandbox)
    assert provider.list_zones() == ["octo.tld.", "other.tld.", "relative.tld."]
    data = as_data(read(octo_sandbox))
    assert data[("", "A")]["value"] == "217.70.184.38"
    assert data[("", "TXT")]["value"] == "v=spf1 include:_mailcust.gandi.net ?all"
    assert [v["exchange"] for v in data[("", "MX")]["values"]] == [
        "spool.mail.gandi.net.",
        "fb.mail.gandi.net.",
    ]
    assert data[("www", "CNAME")]["value"] == "webredir.vip.gandi.net."
    assert data[("_imaps._tcp", "SRV")]["value"]["target"] == "mail.gandi.net."
    assert len(data) == 10
    relative = Zone("relative.tld.", [])
    provider_for(octo_sandbox).populate(relative)
    [docs] = relative.records
    assert docs.value == "docs.example.com.relative.tld."  # a hostname without dot is relative
    assert [e.query["per_page"] for e in octo_sandbox.requests if e.path.endswith("/records")] == [
        ["500"],
        ["500"],
    ]


def test_octodns_creates_changes_and_deletes_and_reads_back_what_it_wrote(
    octo_sandbox: GandiSandbox,
) -> None:
    desired = Zone(ZONE, [])
    for record in read(octo_sandbox).records:
        if record.name != "webmail":  # deleted
            desired.add_record(record)
    changed = [
        (
            "",
            {"type": "A", "ttl": 600, "values": ["192.0.2.1", "192.0.2.2"]},
        ),  # was Gandi's parking IP
        ("new", {"type": "AAAA", "ttl": 300, "value": "2001:db8::1"}),
        ("txt", {"type": "TXT", "ttl": 3600, "values": ["hello world", "v=DKIM1\\; k=rsa"]}),
        (
            "",
            {
                "type": "CAA",
                "ttl": 3600,
                "value": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"},
            },
        ),
        (
            "mail",
            {
                "type": "MX",
                "ttl": 300,
                "values": [{"preference": 10, "exchange": "mx.example.net."}],
            },
        ),
        (
            "ssh",
            {
                "type": "SSHFP",
                "ttl": 300,
                "value": {"algorithm": 4, "fingerprint_type": 2, "fingerprint": "ab" * 32},
            },
        ),
    ]
    for name, data in changed:
        desired.add_record(Record.new(desired, name, data), replace=True)

    provider = provider_for(octo_sandbox)
    plan = provider.plan(desired)
    assert plan is not None
    kinds = sorted(type(c).__name__ for c in plan.changes)
    assert kinds == ["Create", "Create", "Create", "Create", "Create", "Delete", "Update"]
    assert provider.apply(plan) == 7

    assert as_data(read(octo_sandbox)) == as_data(desired)
    assert provider_for(octo_sandbox).plan(desired) is None
    stored = {(r["rrset_name"], r["rrset_type"]): r for r in octo_sandbox.records("octo.tld")}
    assert stored[("@", "A")]["rrset_values"] == ["192.0.2.1", "192.0.2.2"]
    assert stored[("@", "A")]["rrset_ttl"] == 600
    assert stored[("txt", "TXT")]["rrset_values"] == ['"hello world"', '"v=DKIM1; k=rsa"']
    assert stored[("@", "CAA")]["rrset_values"] == ['0 issue "letsencrypt.org"']
    assert ("webmail", "CNAME") not in stored
    writes = [
        (e.method, e.path.rsplit("/records", 1)[-1])
        for e in octo_sandbox.requests
        if e.method != "GET"
    ]
    assert ("DELETE", "/@/A") in writes  # octoDNS updates by DELETE then POST
    assert ("POST", "") in writes

    smaller = Zone(ZONE, [])
    for record in desired.records:
        if record.name not in ("new", "txt"):
            smaller.add_record(record)
    provider = provider_for(octo_sandbox)
    plan = provider.plan(smaller)
    assert plan is not None
    assert provider.apply(plan) == 2
    assert as_data(read(octo_sandbox)) == as_data(smaller)


def test_octodns_sees_gandis_errors(octo_sandbox: GandiSandbox) -> None:
    from octodns_gandi import GandiClientBadRequest, GandiClientUnauthorized

    client = provider_for(octo_sandbox)._client
    with pytest.raises(GandiClientBadRequest, match="60 is less than minimum value 300"):
        client.record_create(
            "octo.tld",
            {"rrset_name": "x", "rrset_type": "A", "rrset_ttl": 60, "rrset_values": ["192.0.2.1"]},
        )
    client._session.headers["Authorization"] = "Bearer wrong"
    with pytest.raises(GandiClientUnauthorized, match="HTTPUnauthorized"):
        client.zone("octo.tld")
