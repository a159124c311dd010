"""``dnsframe verify`` end to end with GANDI_V5: the sandbox answers DNS for its zones, and its
LiveDNS nameserver (``127.0.0.1``, from the provider's ``get_nameservers``) is what verify
asks, at ``--port``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox

from dnsframe.testing.fixtures import CommandRunner as Run

TOKEN = "test-token-0123456789"
CONFIG = """
REG = NewRegistrar("gandi")
GANDI = NewDnsProvider("gandi")
D("example.tld", REG, DnsProvider(GANDI),
    IGNORE("keep-me"),
    ALIAS("@", "target.other.tld."),
    ALIAS("www", "target.other.tld."),  # a CNAME at Gandi: asked as one
    A("api", "192.0.2.44", TTL(600)),
    TXT("@", "pushed by dnsframe"),
    MX("@", 10, "mail.example.tld."),
    A("mail", "192.0.2.25"),
)
"""


@pytest.fixture
def sandbox(gandi_sandbox_dns: GandiSandbox) -> GandiSandbox:
    gandi_sandbox_dns.add_token(TOKEN)
    gandi_sandbox_dns.add_domain("other.tld", empty=True)
    return gandi_sandbox_dns


@pytest.fixture
def pushed(run: Run, workdir: Path, write: Any, sandbox: GandiSandbox) -> GandiSandbox:
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": sandbox.url + "/"}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    write("dnsconfig.py", CONFIG)
    result = run("push")
    assert result.exit_code == 0, result.output
    return sandbox


def another_tool_puts(sandbox: GandiSandbox, name: str, rtype: str, values: list[str]) -> None:
    url = f"{sandbox.url}/v5/livedns/domains/example.tld/records/{name}/{rtype}"
    answer = requests.put(
        url,
        json={"rrset_values": values, "rrset_ttl": 300},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=5,
    )
    assert answer.status_code in {200, 201}, answer.text


def test_verify_asks_the_livedns_nameserver(run: Run, pushed: GandiSandbox) -> None:
    result = run("verify", "--port", str(pushed.dns_port), "--full")
    assert result.exit_code == 0, result.output
    assert f"127.0.0.1:{pushed.dns_port}: serial " in result.stdout
    assert "NOTE: example.tld ALIAS target.other.tld. is not checked" in result.stdout
    assert "5 rrsets asked" in result.stdout  # www's CNAME among them
    assert not [line for line in result.output.splitlines() if line.startswith("MISMATCH")]


def test_verify_names_what_another_tool_changed(run: Run, pushed: GandiSandbox) -> None:
    another_tool_puts(pushed, "api", "A", ["192.0.2.99"])
    another_tool_puts(pushed, "keep-me", "A", ["192.0.2.100"])  # IGNORE'd: not reported
    result = run("verify", "--port", str(pushed.dns_port), "--report", "verify.json")
    assert result.exit_code == 2, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("MISMATCH")] == [
        f"MISMATCH api.example.tld A at 127.0.0.1:{pushed.dns_port}: config 192.0.2.44 "
        "ttl=600; server 192.0.2.99 ttl=300"
    ]
    report = json.loads(Path("verify.json").read_text())
    assert report["domains"][0]["servers"][0]["name"] == "127.0.0.1"


def test_push_verify_with_gandi(run: Run, pushed: GandiSandbox, write: Any) -> None:
    write("dnsconfig.py", CONFIG.replace("192.0.2.44", "192.0.2.45"))
    result = run("push", "--verify", "--verify-nameservers", f"127.0.0.1:{pushed.dns_port}")
    assert result.exit_code == 0, result.output
    assert "MODIFY api.example.tld A" in result.stdout
    assert "Done. Every server agrees with the config: 1 domain, 1 server" in result.stdout
