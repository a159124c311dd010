"""The sandbox's DNS server, asked with plain dnspython queries over loopback: what LiveDNS holds,
answered as an authoritative server would, and the nameservers the API reports while it runs."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest
import requests
from gandi_sandbox import GandiSandbox

L = "/v5/livedns/domains"
D = "/v5/domain/domains"

ZONE: list[dict[str, Any]] = [
    {"rrset_name": "@", "rrset_type": "ALIAS", "rrset_values": ["web.example.tld."]},
    {"rrset_name": "@", "rrset_type": "MX", "rrset_ttl": 600, "rrset_values": ["10 mail"]},
    {"rrset_name": "web", "rrset_type": "A", "rrset_ttl": 300, "rrset_values": ["192.0.2.10"]},
    {"rrset_name": "web", "rrset_type": "AAAA", "rrset_values": ["2001:db8::10"]},
    {"rrset_name": "www", "rrset_type": "CNAME", "rrset_values": ["web"]},
    {"rrset_name": "out", "rrset_type": "CNAME", "rrset_values": ["elsewhere.example.net."]},
    {"rrset_name": "a.b.deep", "rrset_type": "A", "rrset_values": ["192.0.2.20"]},
    {"rrset_name": "*.wild", "rrset_type": "TXT", "rrset_values": ["from the wildcard"]},
    {"rrset_name": "*.wild", "rrset_type": "A", "rrset_values": ["192.0.2.30"]},
    {"rrset_name": "here.wild", "rrset_type": "MX", "rrset_values": ["5 mail"]},
    {"rrset_name": "sub", "rrset_type": "NS", "rrset_values": ["ns1.sub", "ns.example.net."]},
    {"rrset_name": "sub", "rrset_type": "DS", "rrset_values": ["12345 13 2 " + "ab" * 32]},
    {"rrset_name": "ns1.sub", "rrset_type": "A", "rrset_values": ["192.0.2.53"]},
    {"rrset_name": "mail", "rrset_type": "A", "rrset_values": ["192.0.2.25"]},
]


@pytest.fixture
def sandbox() -> Iterator[GandiSandbox]:
    """A sandbox with DNS on, ``example.tld`` seeded with :data:`ZONE`."""
    sb = GandiSandbox(dns=True)
    sb.add_token("test-token")
    sb.add_domain("example.tld", rrsets=ZONE)
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


def ask(sandbox: GandiSandbox, name: str, rtype: str = "A", **kwargs: Any) -> dns.message.Message:
    """One query over UDP (TCP after a truncated answer), as ``dnsframe verify`` asks it."""
    query = dns.message.make_query(name, rtype, **kwargs)
    query.flags &= ~dns.flags.RD
    response, _ = dns.query.udp_with_fallback(query, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    return response


def answer_of(response: dns.message.Message, name: str, rtype: str) -> dns.rrset.RRset:
    return response.find_rrset(
        response.answer, dns.name.from_text(name), dns.rdataclass.IN, dns.rdatatype.from_text(rtype)
    )


def texts(rrset: dns.rrset.RRset) -> list[str]:
    return sorted(r.to_text() for r in rrset)


def soa_serial(sandbox: GandiSandbox) -> int:
    response = ask(sandbox, "example.tld", "SOA")
    serial: int = answer_of(response, "example.tld", "SOA")[0].serial
    return serial


def test_the_apex_soa_is_gandis_and_its_serial_grows_with_each_api_change(
    sandbox: GandiSandbox, sandbox_client: Any
) -> None:
    response = ask(sandbox, "example.tld", "SOA")
    assert response.rcode() == dns.rcode.NOERROR
    assert response.flags & dns.flags.AA
    assert not response.flags & dns.flags.RA
    soa = answer_of(response, "example.tld", "SOA")[0]
    assert (soa.mname.to_text(), soa.rname.to_text()) == ("ns1.gandi.net.", "hostmaster.gandi.net.")
    api = sandbox_client(sandbox)
    before = soa.serial
    created = api.put(f"{L}/example.tld/records/new/A", json={"rrset_values": ["192.0.2.99"]})
    assert created.status_code == 201
    after_create = soa_serial(sandbox)
    assert after_create > before
    assert texts(answer_of(ask(sandbox, "new.example.tld"), "new.example.tld", "A")) == [
        "192.0.2.99"
    ]
    assert api.delete(f"{L}/example.tld/records/new/A").status_code == 204
    assert soa_serial(sandbox) > after_create
    assert ask(sandbox, "new.example.tld").rcode() == dns.rcode.NXDOMAIN


def test_an_rrset_is_served_as_stored_with_its_ttl(sandbox: GandiSandbox) -> None:
    response = ask(sandbox, "web.example.tld", "A")
    assert response.flags & dns.flags.AA
    rrset = answer_of(response, "web.example.tld", "A")
    assert (rrset.ttl, texts(rrset)) == (300, ["192.0.2.10"])
    mx = answer_of(ask(sandbox, "example.tld", "MX"), "example.tld", "MX")
    assert (mx.ttl, texts(mx)) == (600, ["10 mail.example.tld."])
    aaaa = answer_of(ask(sandbox, "web.example.tld", "AAAA"), "web.example.tld", "AAAA")
    assert (aaaa.ttl, texts(aaaa)) == (10800, ["2001:db8::10"])


def test_the_apex_ns_is_the_dns_servers_own_address(sandbox: GandiSandbox) -> None:
    ns = answer_of(ask(sandbox, "example.tld", "NS"), "example.tld", "NS")
    assert texts(ns) == ["127.0.0.1."]


def test_names_are_case_insensitive_and_the_answer_keeps_the_questions_case(
    sandbox: GandiSandbox,
) -> None:
    response = ask(sandbox, "WeB.ExAmple.TLD", "A")
    [rrset] = response.answer
    assert rrset.name.to_text() == "WeB.ExAmple.TLD."
    assert texts(rrset) == ["192.0.2.10"]
    wire = response.to_wire()
    assert b"\x03WeB\x07ExAmple\x03TLD\x00" in wire


def test_a_missing_name_is_nxdomain_and_a_missing_type_nodata_both_with_the_soa(
    sandbox: GandiSandbox,
) -> None:
    missing = ask(sandbox, "nothing.example.tld", "A")
    assert missing.rcode() == dns.rcode.NXDOMAIN
    assert missing.flags & dns.flags.AA
    assert missing.answer == []
    [soa] = missing.authority
    assert soa.rdtype == dns.rdatatype.SOA
    assert soa.name.to_text() == "example.tld."
    for name, rtype in (("web.example.tld", "TXT"), ("deep.example.tld", "A")):
        nodata = ask(sandbox, name, rtype)  # deep: an empty non-terminal above a.b.deep
        assert nodata.rcode() == dns.rcode.NOERROR, name
        assert nodata.answer == [], name
        assert [r.rdtype for r in nodata.authority] == [dns.rdatatype.SOA], name


def test_a_cname_answers_every_type_and_is_followed_within_the_zone(
    sandbox: GandiSandbox,
) -> None:
    response = ask(sandbox, "www.example.tld", "A")
    assert response.flags & dns.flags.AA
    assert texts(answer_of(response, "www.example.tld", "CNAME")) == ["web.example.tld."]
    assert texts(answer_of(response, "web.example.tld", "A")) == ["192.0.2.10"]
    mx = ask(sandbox, "www.example.tld", "MX")
    assert [r.rdtype for r in mx.answer] == [dns.rdatatype.CNAME]
    out = ask(sandbox, "out.example.tld", "A")
    assert out.rcode() == dns.rcode.NOERROR
    assert [texts(r) for r in out.answer] == [["elsewhere.example.net."]]


def test_below_a_delegation_the_answer_is_a_referral_with_glue(sandbox: GandiSandbox) -> None:
    for name in ("sub.example.tld", "host.sub.example.tld"):
        response = ask(sandbox, name, "A")
        assert response.rcode() == dns.rcode.NOERROR
        assert not response.flags & dns.flags.AA, name
        assert response.answer == []
        [ns] = response.authority
        assert ns.rdtype == dns.rdatatype.NS
        assert ns.name.to_text() == "sub.example.tld."
        assert texts(ns) == ["ns.example.net.", "ns1.sub.example.tld."]
        [glue] = response.additional
        assert glue.name.to_text() == "ns1.sub.example.tld."
        assert texts(glue) == ["192.0.2.53"]
    ds = ask(sandbox, "sub.example.tld", "DS")  # the parent's side of the cut
    assert ds.flags & dns.flags.AA
    assert len(answer_of(ds, "sub.example.tld", "DS")) == 1


def test_a_wildcard_answers_names_that_do_not_exist_and_only_those(
    sandbox: GandiSandbox,
) -> None:
    synthesized = ask(sandbox, "Any.Wild.example.tld", "TXT")
    assert synthesized.rcode() == dns.rcode.NOERROR
    rrset = answer_of(synthesized, "any.wild.example.tld", "TXT")
    assert rrset.name.to_text() == "Any.Wild.example.tld."
    assert texts(rrset) == ['"from the wildcard"']
    deeper = ask(sandbox, "x.y.wild.example.tld", "A")
    assert texts(answer_of(deeper, "x.y.wild.example.tld", "A")) == ["192.0.2.30"]
    nodata = ask(sandbox, "any.wild.example.tld", "MX")
    assert nodata.rcode() == dns.rcode.NOERROR
    assert nodata.answer == []
    existing = ask(sandbox, "here.wild.example.tld", "A")  # it exists: no synthesis
    assert existing.rcode() == dns.rcode.NOERROR
    assert existing.answer == []
    literal = ask(sandbox, "*.wild.example.tld", "TXT")
    assert texts(answer_of(literal, "*.wild.example.tld", "TXT")) == ['"from the wildcard"']
    assert ask(sandbox, "wild.example.tld", "A").answer == []  # an empty non-terminal
    assert ask(sandbox, "x.other.example.tld", "A").rcode() == dns.rcode.NXDOMAIN


def test_an_alias_is_served_as_the_addresses_of_its_target_in_a_sandbox_zone(
    sandbox: GandiSandbox, sandbox_client: Any
) -> None:
    a = answer_of(ask(sandbox, "example.tld", "A"), "example.tld", "A")
    assert (a.ttl, texts(a)) == (10800, ["192.0.2.10"])
    aaaa = answer_of(ask(sandbox, "example.tld", "AAAA"), "example.tld", "AAAA")
    assert texts(aaaa) == ["2001:db8::10"]
    api = sandbox_client(sandbox)
    moved = api.put(
        f"{L}/example.tld/records/@/ALIAS", json={"rrset_values": ["target.example.net."]}
    )
    assert moved.status_code == 201
    elsewhere = ask(sandbox, "example.tld", "A")
    assert elsewhere.rcode() == dns.rcode.NOERROR
    assert elsewhere.answer == []


def test_a_zone_the_sandbox_does_not_hold_is_refused(sandbox: GandiSandbox) -> None:
    response = ask(sandbox, "example.org", "A")
    assert response.rcode() == dns.rcode.REFUSED
    assert not response.flags & dns.flags.AA


def test_every_organizations_zone_is_answered(sandbox: GandiSandbox) -> None:
    sandbox.add_domain(
        "shop.tld",
        organization="shop",
        rrsets=[{"rrset_name": "@", "rrset_type": "A", "rrset_values": ["192.0.2.80"]}],
    )
    assert texts(answer_of(ask(sandbox, "shop.tld", "A"), "shop.tld", "A")) == ["192.0.2.80"]
    sandbox.add_domain("notlive.tld", livedns=False)
    assert ask(sandbox, "notlive.tld", "A").rcode() == dns.rcode.REFUSED


def test_what_it_cannot_parse_or_does_not_do_gets_formerr_or_notimp(
    sandbox: GandiSandbox,
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(5)
        udp.sendto(
            b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\xff", ("127.0.0.1", sandbox.dns_port)
        )
        reply = udp.recv(512)
    assert reply[:2] == b"\x12\x34"
    assert reply[3] & 0x0F == dns.rcode.FORMERR
    axfr = ask(sandbox, "example.tld", "AXFR")
    assert axfr.rcode() == dns.rcode.NOTIMP
    notify = dns.message.make_query("example.tld", "SOA")
    notify.set_opcode(dns.opcode.NOTIFY)
    response = dns.query.udp(notify, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert response.rcode() == dns.rcode.NOTIMP


def big_txt_zone(sandbox: GandiSandbox) -> list[str]:
    """A TXT rrset of about 1,500 bytes, one value of it longer than one 255-byte string."""
    values = [f"value {i} " + "x" * 100 for i in range(12)] + ["y" * 300]
    api_rrset = {"rrset_name": "big", "rrset_type": "TXT", "rrset_values": values}
    sandbox.add_domain("big.tld", rrsets=[api_rrset])
    return values


def test_a_big_answer_is_truncated_over_udp_and_whole_over_tcp(sandbox: GandiSandbox) -> None:
    values = big_txt_zone(sandbox)
    query = dns.message.make_query("big.big.tld", "TXT")
    udp = dns.query.udp(query, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert udp.flags & dns.flags.TC
    assert udp.answer == []
    response, used_tcp = dns.query.udp_with_fallback(
        query, "127.0.0.1", port=sandbox.dns_port, timeout=5
    )
    assert used_tcp
    rrset = answer_of(response, "big.big.tld", "TXT")
    served = sorted(b"".join(r.strings).decode() for r in rrset)
    assert served == sorted(values)
    [long] = [r for r in rrset if len(r.strings) > 1]
    assert [len(s) for s in long.strings] == [255, 45]


def test_an_edns_query_gets_up_to_the_size_it_asked_over_udp(sandbox: GandiSandbox) -> None:
    sandbox.add_domain(
        "mid.tld",
        rrsets=[
            {
                "rrset_name": "@",
                "rrset_type": "TXT",
                "rrset_values": [f"{i} " + "z" * 100 for i in range(6)],
            }
        ],
    )
    plain = dns.message.make_query("mid.tld", "TXT")
    assert dns.query.udp(plain, "127.0.0.1", port=sandbox.dns_port, timeout=5).flags & dns.flags.TC
    edns = dns.message.make_query("mid.tld", "TXT", use_edns=0, payload=1232)
    response = dns.query.udp(edns, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert not response.flags & dns.flags.TC
    assert len(answer_of(response, "mid.tld", "TXT")) == 6


def test_livedns_nameservers_are_the_dns_address_while_it_runs(sandbox_client: Any) -> None:
    sandbox = GandiSandbox()
    sandbox.add_token("test-token")
    sandbox.add_domain("example.tld", empty=True)
    sandbox.add_domain("other.tld", empty=True, nameservers=["ns1.example.net"])
    hashed = sandbox.nameservers("example.tld")
    with sandbox:
        api = sandbox_client(sandbox)
        port = sandbox.start_dns()
        assert port == sandbox.dns_port
        assert api.get(f"{L}/example.tld/nameservers").json() == ["127.0.0.1"]
        assert api.get(f"{D}/example.tld/nameservers").json() == ["127.0.0.1"]
        listed = {d["fqdn"]: d["nameserver"] for d in api.get(D).json()}
        assert listed == {
            "example.tld": {"current": "livedns"},
            "other.tld": {"current": "other", "hosts": ["ns1.example.net"]},
        }
        assert api.get(f"{D}/example.tld/livedns").json()["nameservers"] == ["127.0.0.1"]
        sandbox.stop_dns()
        assert api.get(f"{L}/example.tld/nameservers").json() == hashed
        assert sandbox.nameservers("example.tld") == hashed
        assert sandbox.nameservers("other.tld") == ["ns1.example.net"]


def test_the_registry_accepts_the_dns_address_as_a_nameserver_only_while_dns_runs(
    sandbox: GandiSandbox, sandbox_client: Any
) -> None:
    sandbox.nameserver_apply_after_reads = 0
    api = sandbox_client(sandbox)
    assert api.put(f"{D}/example.tld/nameservers", json={"nameservers": ["ns1.example.net"]}).ok
    back = api.put(f"{D}/example.tld/nameservers", json={"nameservers": ["127.0.0.1"]})
    assert back.status_code == 202
    assert api.get(f"{D}/example.tld").json()["nameservers"] == ["127.0.0.1"]
    refused = api.put(f"{D}/example.tld/nameservers", json={"nameservers": ["127.0.0.2"]})
    assert refused.status_code == 400


def test_a_non_loopback_dns_host_is_refused() -> None:
    with pytest.raises(ValueError, match="not an IPv4 loopback address"):
        GandiSandbox(dns=True, dns_host="192.0.2.1")
    with pytest.raises(ValueError, match="not an IP address"):
        GandiSandbox().start_dns(host="localhost")


def test_the_pytest_fixture_has_dns_on(gandi_sandbox_dns: GandiSandbox) -> None:
    response = ask(gandi_sandbox_dns, "example.tld", "NS")
    assert texts(answer_of(response, "example.tld", "NS")) == ["127.0.0.1."]


def test_the_zone_serial_is_kept_in_the_state_file(
    sandbox: GandiSandbox, sandbox_client: Any, tmp_path: Path
) -> None:
    api = sandbox_client(sandbox)
    assert api.delete(f"{L}/example.tld/records/mail/A").status_code == 204
    serial = soa_serial(sandbox)
    sandbox.save(tmp_path / "state.json")
    loaded = GandiSandbox.load(tmp_path / "state.json")
    loaded.start_dns()
    try:
        response = dns.query.udp(
            dns.message.make_query("example.tld", "SOA"), "127.0.0.1", port=loaded.dns_port
        )
        assert answer_of(response, "example.tld", "SOA")[0].serial == serial > 1
        assert loaded.records("example.tld") == sandbox.records("example.tld")
    finally:
        loaded.stop()


# --- the command ----------------------------------------------------------------------------


def free_port(kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_command_answers_dns_with_dns_port(tmp_path: Path) -> None:
    port, dns_port = free_port(), free_port(socket.SOCK_DGRAM)
    command = [str(Path(sys.executable).with_name("gandi-sandbox"))]
    proc = subprocess.Popen(
        [*command, "--port", str(port), "--dns-port", str(dns_port), "--domain", "example.tld"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline().rstrip("\n") for _ in range(4)]
        assert lines[1] == (
            f"DNS listening on 127.0.0.1 port {dns_port} (UDP and TCP); "
            "LiveDNS's nameserver: 127.0.0.1"
        )
        assert lines[2] == "creds.json:"
        token = json.loads(lines[3])["gandi"]["token"]
        deadline = time.monotonic() + 10
        while True:
            try:
                response = dns.query.udp(
                    dns.message.make_query("example.tld", "A"),
                    "127.0.0.1",
                    port=dns_port,
                    timeout=1,
                )
                break
            except dns.exception.Timeout:
                assert time.monotonic() < deadline, "no DNS answer within 10 s"
        # Gandi's default zone: the parking A record.
        assert texts(answer_of(response, "example.tld", "A")) == ["217.70.184.38"]
        ns = requests.get(
            f"http://127.0.0.1:{port}{L}/example.tld/nameservers",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert ns.json() == ["127.0.0.1"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err


def test_the_command_refuses_a_dns_host_off_loopback() -> None:
    command = [str(Path(sys.executable).with_name("gandi-sandbox"))]
    result = subprocess.run(
        [*command, "--dns-port", "0", "--dns-host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR: --dns-host: 0.0.0.0 is not an IPv4 loopback address")


def test_one_tcp_connection_carries_several_queries(sandbox: GandiSandbox) -> None:
    with socket.create_connection(("127.0.0.1", sandbox.dns_port), timeout=5) as conn:
        answers = []
        for name in ("web.example.tld", "mail.example.tld"):
            dns.query.send_tcp(conn, dns.message.make_query(name, "A"))
            response, _ = dns.query.receive_tcp(conn, expiration=time.time() + 5)
            answers.append(texts(answer_of(response, name, "A")))
    assert answers == [["192.0.2.10"], ["192.0.2.25"]]


def test_edns_above_version_0_gets_badvers(sandbox: GandiSandbox) -> None:
    query = dns.message.make_query("example.tld", "SOA", use_edns=1)
    response = dns.query.udp(query, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert response.rcode() == dns.rcode.BADVERS
    assert response.answer == []
