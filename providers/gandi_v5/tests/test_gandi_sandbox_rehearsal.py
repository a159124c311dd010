"""Rehearsing with the ``gandi-sandbox`` command, as a user would, without writing Python: the
command started as a process on a free loopback port with several organizations, scoped and
read-only tokens and a zone seeded from a zone file; its printed creds.json copied as it is;
then ``dnsframe`` commands against it."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import FileWriter

SCRIPT = str(Path(sys.executable).with_name("gandi-sandbox"))
MAIN = "rehearsal-main-token-0001"
SHOP = "rehearsal-shop-token-0002"
WEAK = "rehearsal-weak-token-0003"

ZONE_FILE = """\
$TTL 3600
@       IN SOA ns1.seeded.tld. hostmaster.seeded.tld. 1 7200 3600 1209600 3600
@       IN NS  ns1.elsewhere.example.
@       IN A   192.0.2.10
@       IN MX  10 mail
mail    IN A   192.0.2.25
www 600 IN CNAME @
@       IN TXT "v=spf1 mx -all"
"""

#: What the zone file above says, in dnsframe's language.
SEEDED_CONFIG = """\
REG = NewRegistrar("none")
GANDI = NewDnsProvider("gandi", "GANDI_V5")
D("seeded.tld", REG, DnsProvider(GANDI), DefaultTTL(3600),
    A("@", "{apex}"),
    MX("@", 10, "mail"),
    A("mail", "192.0.2.25"),
    CNAME("www", "seeded.tld.", TTL(600)),
    TXT("@", "v=spf1 mx -all"),
)
"""


#: ``start(*args)``: the sandbox's printed lines after the creds.json.
Start = Callable[..., list[str]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def sandbox_command(workdir: Path) -> Iterator[Start]:
    """Starts ``gandi-sandbox`` with the arguments given, writes the creds.json it prints into
    the working folder and returns its other lines; every process is stopped after the test."""
    procs: list[subprocess.Popen[str]] = []

    def start(*args: str) -> list[str]:
        proc = subprocess.Popen(
            [SCRIPT, "--port", str(free_port()), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        assert lines[0].startswith("Gandi sandbox listening on http://127.0.0.1:"), (
            lines,
            proc.stderr and proc.stderr.read(),
        )
        assert lines[1] == "creds.json:\n"
        (workdir / "creds.json").write_text(lines[2], encoding="utf-8")
        return lines

    yield start
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)


def test_a_scoped_token_sees_only_its_organization_and_a_read_only_one_gets_403(
    sandbox_command: Start, run: Run, write: FileWriter
) -> None:
    start = sandbox_command
    lines = start(
        "--empty",
        "--token",
        MAIN,
        "--token",
        f"{SHOP},org=shop,key=gandi-shop",
        "--token",
        f"{WEAK},read-only,key=gandi-weak",
        "--domain",
        "example.tld",
        "--domain",
        "shop.tld,org=shop",
        "--domain",
        "corp.tld,org=corp",
    )
    assert lines[3] == "domains: example.tld, shop.tld (org shop), corp.tld (org corp)\n"
    creds = json.loads(Path("creds.json").read_text())
    assert sorted(creds) == ["gandi", "gandi-shop", "gandi-weak"]
    assert creds["gandi-shop"]["sharing_id"] == "shop"

    every = run("check-creds", "gandi")
    assert every.exit_code == 0, every.output
    assert all(d in every.stdout for d in ("example.tld", "shop.tld", "corp.tld"))
    scoped = run("check-creds", "gandi-shop")
    assert scoped.exit_code == 0, scoped.output
    assert "shop.tld" in scoped.stdout
    assert "corp.tld" not in scoped.stdout
    assert "example.tld" not in scoped.stdout

    # The scoped token cannot reach the other organization's domain at all: it is not there.
    write(
        "dnsconfig.py",
        """
        SHOP = NewDnsProvider("gandi-shop", "GANDI_V5")
        D("shop.tld", NewRegistrar("none"), DnsProvider(SHOP), A("@", "192.0.2.7"))
        D("corp.tld", NewRegistrar("none"), DnsProvider(SHOP), A("@", "192.0.2.8"))
        """,
    )
    result = run("preview")
    assert result.exit_code == 1
    assert "192.0.2.7" in result.stdout
    assert 'corp.tld is not in the LiveDNS of creds key "gandi-shop"' in result.output

    write(
        "dnsconfig.py",
        """
        WEAK = NewDnsProvider("gandi-weak", "GANDI_V5")
        D("example.tld", NewRegistrar("none"), DnsProvider(WEAK), A("@", "192.0.2.9"))
        """,
    )
    result = run("push")
    assert result.exit_code == 1
    assert "Access was denied to this resource." in result.output
    assert 'creds key "gandi-weak"' in result.output
    assert WEAK not in result.output
    # Nothing was written: the full token still finds the zone empty.
    write(
        "dnsconfig.py",
        """
        GANDI = NewDnsProvider("gandi", "GANDI_V5")
        D("example.tld", NewRegistrar("none"), DnsProvider(GANDI))
        """,
    )
    again = run("preview", "--expect-no-changes")
    assert again.exit_code == 0, again.output


def test_preview_reads_the_zone_seeded_from_a_zone_file(
    sandbox_command: Start, run: Run, write: FileWriter, workdir: Path
) -> None:
    (workdir / "seeded.zone").write_text(ZONE_FILE, encoding="utf-8")
    lines = sandbox_command("--token", MAIN, "--zone-file", "seeded.tld=seeded.zone")
    assert lines[3] == "domains: seeded.tld\n"

    write("dnsconfig.py", SEEDED_CONFIG.format(apex="192.0.2.10"))
    same = run("preview", "--expect-no-changes")
    assert same.exit_code == 0, same.output

    write("dnsconfig.py", SEEDED_CONFIG.format(apex="192.0.2.11"))
    changed = run("preview", "--expect-no-changes")
    assert changed.exit_code == 2, changed.output
    # The only difference is the apex A: the rest was read as the zone file has it.
    [change] = [
        line
        for line in changed.stdout.splitlines()
        if "MODIFY" in line or "CREATE" in line or "DELETE" in line
    ]
    assert "seeded.tld A (192.0.2.10 ttl=3600) -> (192.0.2.11 ttl=3600)" in change
