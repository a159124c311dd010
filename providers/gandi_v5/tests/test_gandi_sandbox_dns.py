"""GANDI_V5 against a sandbox that answers DNS: what ``dnsframe push`` writes is what the
sandbox's DNS server then answers, and its LiveDNS nameserver, spelt as the IP address
``127.0.0.1``, raises no registrar correction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dns.flags
import dns.message
import dns.query
import dns.rdatatype
import pytest
from gandi_sandbox import GandiSandbox

from dnsframe.testing.fixtures import CommandRunner as Run

TOKEN = "test-token-0123456789"


@pytest.fixture
def sandbox(gandi_sandbox_dns: GandiSandbox) -> GandiSandbox:
    gandi_sandbox_dns.add_token(TOKEN)
    return gandi_sandbox_dns


def creds(workdir: Path, sandbox: GandiSandbox) -> None:
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": sandbox.url + "/"}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)  # it holds the token written out


def test_a_pushed_record_is_answered_by_the_sandboxs_dns_server(
    run: Run, workdir: Path, write: Any, sandbox: GandiSandbox
) -> None:
    creds(workdir, sandbox)
    write(
        "dnsconfig.py",
        """
        REG = NewRegistrar("gandi")
        GANDI = NewDnsProvider("gandi")
        D("example.tld", REG, DnsProvider(GANDI),
            A("www", "192.0.2.44", TTL(600)),
            TXT("@", "pushed by dnsframe"),
        )
        """,
    )
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output

    assert "nameservers" not in pushed.output  # 127.0.0.1 at the registry already
    again = run("preview")
    assert again.exit_code == 0, again.output

    assert "0 corrections" in again.output or "Done. 0" in again.output, again.output

    query = dns.message.make_query("www.example.tld", "A")
    response, _ = dns.query.udp_with_fallback(query, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert response.flags & dns.flags.AA
    [rrset] = response.answer
    assert rrset.rdtype == dns.rdatatype.A
    assert (rrset.ttl, [r.to_text() for r in rrset]) == (600, ["192.0.2.44"])
    txt_query = dns.message.make_query("example.tld", "TXT")
    txt = dns.query.udp(txt_query, "127.0.0.1", port=sandbox.dns_port, timeout=5)
    assert [b"".join(r.strings) for r in txt.answer[0]] == [b"pushed by dnsframe"]


def test_the_registrar_moves_a_domain_to_the_nameserver_spelt_as_an_address(
    run: Run, workdir: Path, write: Any, sandbox: GandiSandbox
) -> None:
    sandbox.add_domain("moved.tld", empty=True, nameservers=["ns1.old-host.example"])
    creds(workdir, sandbox)
    write(
        "dnsconfig.py",
        """
        REG = NewRegistrar("gandi", "GANDI_V5", {"nameserver_poll": 0.05})
        GANDI = NewDnsProvider("gandi", "GANDI_V5")
        D("moved.tld", REG, DnsProvider(GANDI), A("x", "192.0.2.7"))
        """,
    )
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    assert "Change nameservers from 'ns1.old-host.example' to '127.0.0.1'" in preview.stdout
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert sandbox.nameservers("moved.tld") == ["127.0.0.1"]
    assert run("preview", "--expect-no-changes").exit_code == 0
