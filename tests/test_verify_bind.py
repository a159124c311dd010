"""``dnsframe verify`` against a real BIND ``named`` serving the zone files the BIND provider
writes: agreement, the four kinds of difference, a silent server, ``--wait``, ``push
--verify``, IGNORE'd records and ``--report``."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.named import Named, free_port

CREDS = {"bind": {"TYPE": "BIND", "directory": "zones"}}
CONFIG = """
REG = NewRegistrar("none")
BIND = NewDnsProvider("bind", {"default_ns": ["ns1.dns-host.example.", "ns2.dns-host.example."]})

D("example.tld", REG, DnsProvider(BIND),
    IGNORE("legacy"),
    IGNORE("@", "A", "192.0.2.77"),
    A("@", "192.0.2.1"),
    A("www", "WWW_ADDRESS"),
    AAAA("www", "2001:db8::1"),
    MX("@", 10, "mail"),
    A("mail", "192.0.2.3", TTL(300)),
    TXT("@", "v=spf1 -all"),
    TXT("long", "LONG_TEXT"),
    CNAME("docs", "www"),
    A("*.wild", "192.0.2.9"),
    NS("sub", "ns1.elsewhere.example."),
    [TXT("big", f"{i}" + "y" * 199) for i in range(8)],  # 1.6 kB: cut over UDP, read over TCP
)
D("example.net", REG, DnsProvider(BIND), A("@", "198.51.100.1"))
"""


def write_config(workdir: Path, www: str = "192.0.2.2") -> None:
    text = CONFIG.replace("WWW_ADDRESS", www).replace("LONG_TEXT", "x" * 300)
    (workdir / "dnsconfig.py").write_text(text)


@pytest.fixture
def served(run: Run, workdir: Path, named: Named) -> Named:
    """Both zones pushed to BIND and served by a started named."""
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write_config(workdir)
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    for zone in ("example.tld", "example.net"):
        named.serve(zone, workdir / "zones" / f"{zone}.zone")
    named.start()
    return named


def edit(path: Path, *changes: tuple[str, str]) -> None:
    """Replace each regular expression of ``changes`` (exactly once) in the zone file."""
    text = path.read_text()
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
        assert count == 1, (pattern, text)
    path.write_text(text)


def mismatches(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("MISMATCH")]


def test_verify_agrees_after_push(run: Run, served: Named) -> None:
    result = run("verify", "--nameservers", served.address, "--full")
    assert result.exit_code == 0, result.output
    assert mismatches(result.output) == []
    assert re.search(
        rf"^127\.0\.0\.1:{served.port}: serial \d+, 12 rrsets asked$", result.stdout, re.M
    )
    assert (
        "Done. Every server agrees with the config: 2 domains, 1 server, 14 rrsets asked."
        in result.stdout
    )


def test_verify_names_exactly_what_was_changed_behind_its_back(
    run: Run, served: Named, workdir: Path
) -> None:
    zone = workdir / "zones" / "example.tld.zone"
    text = zone.read_text()
    edit(
        zone,
        (r"^(www\s+\d+\s+IN\s+A\s+)192\.0\.2\.2$", r"\g<1>192.0.2.99"),  # a changed value
        (r"^(mail\s+)300(\s+IN\s+A\s)", r"\g<1>600\2"),  # a changed TTL
        (r'^@(\s+\d+\s+IN\s+TXT\s+"v=spf1 -all")$\n', ""),  # a removed record
    )
    # an extra name; a name and a value in a managed rrset that the config IGNOREs (not
    # reported)
    zone.write_text(
        zone.read_text()
        + "extra 300 IN A 192.0.2.50\nlegacy 300 IN A 192.0.2.77\n@ 300 IN A 192.0.2.77\n"
    )
    assert zone.read_text() != text
    served.reload()
    result = run("verify", "--nameservers", served.address, "--report", "verify.json")
    assert result.exit_code == 2, result.output
    where = served.address
    assert sorted(mismatches(result.stdout)) == sorted(
        [
            f"MISMATCH www.example.tld A at {where}: config 192.0.2.2 ttl=300; "
            "server 192.0.2.99 ttl=300",
            f"MISMATCH mail.example.tld A at {where}: config 192.0.2.3 ttl=300; "
            "server 192.0.2.3 ttl=600",
            f'MISMATCH example.tld TXT at {where}: config "v=spf1 -all" ttl=300; '
            "server: nothing (no data)",
            f"MISMATCH extra.example.tld A at {where}: config: none (it should not exist); "
            "server 192.0.2.50 ttl=300",
        ]
    )
    assert "legacy" not in result.output
    assert "192.0.2.77" not in result.output
    assert "FAILURE: 4 mismatches at 1 server." in result.stdout
    report = json.loads((workdir / "verify.json").read_text())
    assert report["ok"] is False
    (tld,) = [d for d in report["domains"] if d["name"] == "example.tld"]
    assert sorted((m["name"], m["type"], m["problem"]) for m in tld["mismatches"]) == [
        ("example.tld", "TXT", "missing"),
        ("extra.example.tld", "A", "extra"),
        ("mail.example.tld", "A", "ttl"),
        ("www.example.tld", "A", "value"),
    ]
    (www,) = [m for m in tld["mismatches"] if m["problem"] == "value"]
    assert www["config"] == {"values": ["192.0.2.2"], "ttl": [300]}
    assert www["answer"] == {
        "rcode": "NOERROR",
        "kind": "rrset",
        "values": ["192.0.2.99"],
        "ttl": 300,
        "detail": None,
    }
    assert tld["servers"][0]["port"] == served.port
    assert tld["servers"][0]["serial"] > 0
    (net,) = [d for d in report["domains"] if d["name"] == "example.net"]
    assert net["mismatches"] == []


def test_a_server_that_does_not_answer_is_named_once(run: Run, served: Named) -> None:
    silent = f"127.0.0.1:{free_port()}"
    result = run("verify", "--nameservers", f"{served.address},{silent}", "--timeout", "0.2")
    assert result.exit_code == 1, result.output
    told = [line for line in result.stderr.splitlines() if silent in line]
    assert told == [
        f"ERROR: {silent} did not answer (2 tries, 0.2 s each); not checked there: "
        "example.tld, example.net"
    ]
    assert mismatches(result.output) == []  # the server that answers agrees


def test_a_server_that_does_not_serve_the_zone_disagrees(
    run: Run, served: Named, workdir: Path
) -> None:
    (workdir / "dnsconfig.py").write_text(
        (workdir / "dnsconfig.py").read_text()
        + 'D("example.org", REG, DnsProvider(BIND), A("@", "203.0.113.1"))\n'
    )
    assert run("push").exit_code == 0  # written, but named does not load it
    result = run("verify", "--nameservers", served.address, "--domains", "example.org")
    assert result.exit_code == 2, result.output
    assert mismatches(result.stdout) == [
        f"MISMATCH example.org at {served.address}: answered REFUSED when asked for the SOA "
        "of example.org: it does not serve the zone"
    ]
    assert "--wait" not in result.stderr  # waiting does not make it serve the zone


def test_wait_succeeds_after_a_delayed_reload(run: Run, served: Named, workdir: Path) -> None:
    write_config(workdir, www="192.0.2.22")
    assert run("push").exit_code == 0
    failed: list[BaseException] = []

    def later() -> None:
        try:
            served.reload()
        except BaseException as exc:  # said by the test, not lost in the thread
            failed.append(exc)

    # Late enough that the first round comes before it, however slow the machine.
    reload = threading.Timer(3.0, later)
    reload.start()
    try:
        result = run("verify", "--nameservers", served.address, "--wait", "30")
    finally:
        reload.join()
    assert not failed, failed
    assert result.exit_code == 0, result.output
    assert "asking again in" in result.stderr
    assert "Every server agrees" in result.stdout


def test_wait_that_runs_out(run: Run, served: Named, workdir: Path) -> None:
    write_config(workdir, www="192.0.2.23")
    assert run("push").exit_code == 0  # named is not told
    result = run("verify", "--nameservers", served.address, "--wait", "1")
    assert result.exit_code == 2, result.output
    assert mismatches(result.stdout) == [
        f"MISMATCH www.example.tld A at {served.address}: config 192.0.2.23 ttl=300; "
        "server 192.0.2.2 ttl=300"
    ]


@pytest.fixture
def reloads_on_change(served: Named, workdir: Path) -> Iterator[None]:
    """named reloads when a zone file changes, as a deployment hook would."""
    zone = workdir / "zones" / "example.tld.zone"
    done = threading.Event()
    failed: list[BaseException] = []

    def watch() -> None:
        seen = zone.stat().st_mtime_ns
        while not done.wait(0.1):
            now = zone.stat().st_mtime_ns
            if now != seen:
                seen = now
                try:
                    served.reload()
                except BaseException as exc:  # said by the test, not lost in the thread
                    failed.append(exc)
                    return

    watcher = threading.Thread(target=watch)
    watcher.start()
    yield
    done.set()
    watcher.join()
    assert not failed, failed


def test_push_verify(run: Run, served: Named, workdir: Path, reloads_on_change: None) -> None:
    write_config(workdir, www="192.0.2.24")
    result = run("push", "--verify", "--verify-wait", "20", "--verify-nameservers", served.address)
    assert result.exit_code == 0, result.output
    assert "SUCCESS!" in result.stdout
    assert result.stdout.index("Done. 1 corrections.") < result.stdout.index(
        "Done. Every server agrees"
    )


def test_push_verify_disagreeing_exits_2(run: Run, served: Named, workdir: Path) -> None:
    write_config(workdir, www="192.0.2.25")
    result = run("push", "--verify", "--verify-nameservers", served.address)
    assert result.exit_code == 2, result.output
    assert "SUCCESS!" in result.stdout  # the push itself went through
    assert mismatches(result.stdout) == [
        f"MISMATCH www.example.tld A at {served.address}: config 192.0.2.25 ttl=300; "
        "server 192.0.2.2 ttl=300"
    ]
    assert "--verify-wait SECONDS asks again" in result.stderr


def test_verify_wait_options_need_verify(run: Run, served: Named) -> None:
    result = run("push", "--verify-wait", "5")
    assert result.exit_code == 1
    assert "--verify-wait is an option of --verify: add --verify, or leave it out" in result.stderr
    both = run("push", "--verify-port", "53", "--verify-nameservers", "127.0.0.1")
    assert both.exit_code == 1
    assert "--verify-nameservers, --verify-port are options of --verify" in both.stderr


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("127.0.0.1:99999", "--nameservers: '127.0.0.1:99999' is not host[:port]"),
        ("a:b:c", "--nameservers: 'a:b:c' is neither host[:port] nor an IPv6 address"),
    ],
)
def test_bad_nameservers_option(run: Run, workdir: Path, value: str, said: str) -> None:
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write_config(workdir)
    result = run("verify", "--nameservers", value)
    assert result.exit_code == 1
    assert said in result.stderr
    assert "Traceback" not in result.output


def test_the_zone_files_pass_named_checkzone(served: Named, workdir: Path) -> None:
    checkzone = shutil.which("named-checkzone")
    if checkzone is None:
        pytest.skip("named-checkzone is not installed: apt-get install bind9-utils")
    for zone in ("example.tld", "example.net"):
        done = subprocess.run(
            [checkzone, zone, str(workdir / "zones" / f"{zone}.zone")],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_signed_zone_agrees(run: Run, served: Named, workdir: Path) -> None:
    """RRSIGs, NSEC and DNSKEY that signing adds are not differences."""
    copy = served.folder / "signed.zone"
    copy.write_text((workdir / "zones" / "example.tld.zone").read_text())
    served.serve("example.tld", copy, signed=True)
    served.reload()
    import dns.message
    import dns.query
    import dns.rdatatype

    asked = dns.message.make_query("www.example.tld.", "A", want_dnssec=True)
    deadline = time.monotonic() + 30
    while True:  # named signs in the background: ask until the answer is signed
        signed = dns.query.udp(asked, "127.0.0.1", timeout=2, port=served.port)
        if dns.rdatatype.RRSIG in {r.rdtype for r in signed.answer}:
            break
        assert time.monotonic() < deadline, served.log.read_text()
        time.sleep(0.1)
    result = run("verify", "--nameservers", served.address, "--domains", "example.tld")
    assert result.exit_code == 0, result.output


def test_a_name_answered_by_the_configs_wildcard_is_not_a_mismatch(
    run: Run, served: Named, workdir: Path
) -> None:
    """The zone as read has a name a push would delete (added behind dnsframe's back, not
    loaded by named): the server answers it from the config's ``*.wild``, as it should."""
    zone = workdir / "zones" / "example.tld.zone"
    zone.write_text(zone.read_text() + "gone.wild 300 IN A 192.0.2.8\n")
    preview = run("preview")
    assert "DELETE gone.wild.example.tld A 192.0.2.8" in preview.stdout
    result = run("verify", "--nameservers", served.address, "--domains", "example.tld")
    assert result.exit_code == 0, result.output


def test_no_purge_leaves_other_records_alone_and_ensure_absent_is_checked(
    run: Run, served: Named, workdir: Path
) -> None:
    (workdir / "dnsconfig.py").write_text(
        (workdir / "dnsconfig.py").read_text()
        + 'D_EXTEND("example.net", NO_PURGE, ENSURE_ABSENT_REC(A("old", "198.51.100.66")))\n'
    )
    zone = workdir / "zones" / "example.net.zone"
    zone.write_text(zone.read_text() + "other 300 IN A 198.51.100.7\n")
    served.reload()
    agreed = run("verify", "--nameservers", served.address, "--domains", "example.net")
    assert agreed.exit_code == 0, agreed.output  # NO_PURGE: "other" is not the config's
    zone.write_text(zone.read_text() + "old 300 IN A 198.51.100.66\n")
    served.reload()
    result = run("verify", "--nameservers", served.address, "--domains", "example.net")
    assert result.exit_code == 2, result.output
    assert mismatches(result.stdout) == [
        f"MISMATCH old.example.net A at {served.address}: config: never 198.51.100.66 "
        "(ENSURE_ABSENT_REC); server 198.51.100.66 ttl=300"
    ]


def test_alias_is_not_checked_and_its_addresses_are_not_extra(
    run: Run, workdir: Path, named: Named
) -> None:
    """A zone at a provider that has ALIAS (NONE stands for it; named serves what such a
    provider would: the target's address at the ALIAS name)."""
    (workdir / "creds.json").write_text("{}")
    (workdir / "dnsconfig.py").write_text(
        'D("alias.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("none")),\n'
        '    ALIAS("@", "target.example."), A("www", "192.0.2.81"))\n'
    )
    served = workdir / "alias.tld.zone"
    served.write_text(
        "$TTL 300\n@ IN SOA ns1.dns-host.example. hostmaster.dns-host.example. 1 3600 600 "
        "604800 300\n@ IN NS ns1.dns-host.example.\n@ IN A 192.0.2.80\nwww IN A 192.0.2.81\n"
    )
    named.serve("alias.tld", served)
    named.start()
    result = run("verify", "--nameservers", named.address)
    assert result.exit_code == 0, result.output
    assert (
        "NOTE: alias.tld ALIAS target.example. is not checked: a server answers it as the A "
        "and AAAA its provider finds for the target, which only the provider knows"
    ) in result.stdout
    assert mismatches(result.output) == []


def test_a_cname_instead_and_a_referral_are_said_as_such(
    run: Run, served: Named, workdir: Path
) -> None:
    (workdir / "dnsconfig.py").write_text(
        (workdir / "dnsconfig.py")
        .read_text()
        .replace(
            'NS("sub", "ns1.elsewhere.example."),',
            'NS("sub", "ns1.sub.example.tld."), A("ns1.sub", "192.0.2.53"),',
        )
    )
    assert run("push").exit_code == 0
    served.reload()
    assert run("verify", "--nameservers", served.address).exit_code == 0  # glue included
    zone = workdir / "zones" / "example.tld.zone"
    edit(
        zone,
        (r"^mail(\s+\d+\s+IN\s+)A\s+192\.0\.2\.3$", r"mail\1CNAME www"),
        (r"^(sub\s+\d+\s+IN\s+NS\s+)ns1\.sub\.example\.tld\.$", r"\1ns9.elsewhere.example."),
    )
    served.reload()
    result = run("verify", "--nameservers", served.address)
    assert result.exit_code == 2, result.output
    where = served.address
    assert (
        f"MISMATCH mail.example.tld A at {where}: config 192.0.2.3 ttl=300; server: a CNAME to www.example.tld. instead"
        in result.stdout
    )
    assert (
        f"MISMATCH ns1.sub.example.tld A at {where}: config 192.0.2.53 ttl=300; server: a referral to sub.example.tld. NS ['ns9.elsewhere.example.'], without it"
        in result.stdout
    )


def test_a_child_zone_on_the_same_server_is_not_a_mismatch(
    run: Run, served: Named, workdir: Path
) -> None:
    """The server answers the delegation's NS and the glue from the child zone it also
    serves, with the child's TTLs: not a difference."""
    (workdir / "dnsconfig.py").write_text(
        (workdir / "dnsconfig.py").read_text()
        + 'NS_CHILD = ["ns1.child.example.net.", "ns1.dns-host.example.", "ns2.dns-host.example."]\n'
        + 'D_EXTEND("example.net", [NS("child", ns, TTL(86400)) for ns in NS_CHILD],\n'
        + '    A("ns1.child", "198.51.100.53", TTL(86400)))\n'
        + 'D("child.example.net", REG, DnsProvider(BIND), NAMESERVER("ns1.child.example.net."),\n'
        + '    A("ns1", "198.51.100.53"), A("@", "198.51.100.80"))\n'
    )
    assert run("push").exit_code == 0
    served.serve("child.example.net", workdir / "zones" / "child.example.net.zone")
    served.reload()
    result = run("verify", "--nameservers", served.address, "--domains", "example.net,child.*")
    assert result.exit_code == 0, result.output


def test_one_server_at_one_address_is_asked_once(run: Run, served: Named) -> None:
    result = run(
        "verify", "-4", "--nameservers", f"{served.address},localhost:{served.port}", "--full"
    )
    assert result.exit_code == 0, result.output
    assert "2 domains, 1 server, 14 rrsets asked." in result.stdout


class FakeServer:
    """A DNS server on loopback that answers the SOA of any zone with AA, and every other
    question as ``mode`` says: ``silent`` (never) or ``noaa`` (without the AA flag)."""

    def __init__(self, mode: str) -> None:
        import socket

        self.mode = mode
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.serve)
        self.thread.start()

    def serve(self) -> None:
        import dns.flags
        import dns.message
        import dns.rdatatype
        import dns.rrset

        while not self.done.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                continue
            query = dns.message.from_wire(data)
            question = query.question[0]
            response = dns.message.make_response(query)
            if question.rdtype == dns.rdatatype.SOA:
                response.flags |= dns.flags.AA
                response.answer.append(
                    dns.rrset.from_text(
                        question.name, 300, "IN", "SOA", "ns. host. 7 3600 600 86400 300"
                    )
                )
            elif self.mode == "silent":
                continue
            else:
                response.answer.append(
                    dns.rrset.from_text(question.name, 300, "IN", "A", "192.0.2.1")
                )
            self.sock.sendto(response.to_wire(), peer)

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def fake(request: pytest.FixtureRequest) -> Iterator[FakeServer]:
    server = FakeServer(request.param)
    yield server
    server.stop()


@pytest.mark.parametrize("fake", ["silent"], indirect=True)
def test_a_server_that_answers_the_soa_then_nothing_is_an_error(
    run: Run, workdir: Path, fake: FakeServer
) -> None:
    """Every domain it was to answer for is said not checked, also those whose questions were
    not asked once it had stopped answering."""
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write_config(workdir)
    result = run("verify", "--nameservers", fake.address, "--timeout", "0.2", "--concurrency", "1")
    assert result.exit_code == 1, result.output
    assert mismatches(result.output) == []
    told = sorted(line for line in result.stderr.splitlines() if fake.address in line)
    assert told == [
        f"ERROR: {fake.address} answered the SOA of example.net but left 2 of 2 questions "
        "unanswered (2 tries, 0.2 s each); it was asked nothing more after 3 in a row; not "
        "checked there: example.net",
        f"ERROR: {fake.address} answered the SOA of example.tld but left 12 of 12 questions "
        "unanswered (2 tries, 0.2 s each); it was asked nothing more after 3 in a row; not "
        "checked there: example.tld",
    ], result.stderr


@pytest.mark.parametrize("fake", ["noaa"], indirect=True)
def test_an_answer_without_authority_is_a_mismatch(
    run: Run, workdir: Path, fake: FakeServer
) -> None:
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write_config(workdir)
    result = run("verify", "--nameservers", fake.address, "--domains", "example.net")
    assert result.exit_code == 2, result.output
    assert mismatches(result.stdout) == [
        f"MISMATCH example.net A at {fake.address}: config 198.51.100.1 ttl=300; server "
        "answered without the AA flag: it is not authoritative here",
        f"MISMATCH example.net NS at {fake.address}: config [ns1.dns-host.example., "
        "ns2.dns-host.example.] ttl=300; server answered without the AA flag: it is not "
        "authoritative here",
    ]
    assert "--wait" not in result.stderr  # waiting does not mend that


def test_a_change_not_pushed_yet_is_said_as_such(run: Run, served: Named, workdir: Path) -> None:
    write_config(workdir, www="192.0.2.26")  # not pushed
    result = run("verify", "--nameservers", served.address, "--report", "verify.json")
    assert result.exit_code == 2, result.output
    assert mismatches(result.stdout) == [
        f"MISMATCH www.example.tld A at {served.address}: config 192.0.2.26 ttl=300; "
        "server 192.0.2.2 ttl=300"
    ]
    assert (
        "NOTE: bind does not hold what the config says yet (1 correction not pushed: dnsframe "
        "preview shows them); its servers can only answer what it holds"
    ) in result.stdout
    assert "example.tld: the config has changes not pushed yet; dnsframe push makes them" in (
        result.stderr
    )
    assert "--wait" not in result.stderr  # waiting would not mend it
    report = json.loads((workdir / "verify.json").read_text())
    assert [d["not_pushed"] for d in report["domains"]] == [{"bind": 1}, {}]


def test_push_of_a_saved_plan_verifies_the_plans_domains(
    run: Run, served: Named, workdir: Path, reloads_on_change: None
) -> None:
    write_config(workdir, www="192.0.2.27")
    assert run("preview", "--out", "plan.json", "--domains", "example.tld").exit_code == 0
    (workdir / "dnsconfig.py").unlink()  # the plan holds its config
    result = run(
        "push", "--plan", "plan.json", "--verify", "--verify-wait", "20",
        "--verify-nameservers", served.address, "--full",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Done. Every server agrees with the config: 1 domain, 1 server" in result.stdout
    assert "Domain: example.net" not in result.stdout.partition("Verifying")[2]


def test_wait_stops_at_once_when_asking_again_cannot_help(run: Run, served: Named) -> None:
    """A nameserver without an address stays so (and a change not pushed stays unpushed):
    --wait does not ask again for them."""
    from dnsframe.model import Domain, ProviderRef
    from dnsframe.verify import Server, Target, Want, check_until

    domain = Domain("example.net", ProviderRef("none", "registrar"))
    want = Want("@", "A", frozenset({"198.51.100.1"}), frozenset({300}))
    at = Server("127.0.0.1", "127.0.0.1", served.port)
    lost = Target(domain, servers=[(at, [want])], unresolved=[("ns9.example", "no address")])
    rounds: list[float] = []
    result = check_until([lost], 60, on_round=lambda r, pause, left: rounds.append(left))
    assert (result.exit_code, rounds) == (1, [])
    unpushed = Target(
        domain, servers=[(at, [dataclasses.replace(want, values=frozenset({"192.0.2.9"}))])]
    )
    unpushed.pending = {"bind": 1}
    result = check_until([unpushed], 60, on_round=lambda r, pause, left: rounds.append(left))
    assert (result.exit_code, rounds) == (2, [])
    moving = Target(domain, servers=[(at, [dataclasses.replace(want, ttls=frozenset({60}))])])
    result = check_until(
        [moving], 0.3, interval=0.1, on_round=lambda r, pause, left: rounds.append(left)
    )
    assert result.exit_code == 2
    assert rounds  # a TTL can still change: it asked again


def test_an_ip_version_with_no_address_is_named(run: Run, served: Named) -> None:
    result = run("verify", "-6", "--nameservers", served.address, "--domains", "example.net")
    assert result.exit_code == 1, result.output
    assert (
        "ERROR: example.net: its nameservers have no IPv6 address (-6 left out 1 address)"
    ) in result.stderr


def test_the_nameservers_the_provider_gives_are_asked(
    run: Run, workdir: Path, named: Named
) -> None:
    """Without --nameservers: the BIND provider's own (default_ns, here the address the test
    server listens on), at --port."""
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    (workdir / "dnsconfig.py").write_text(
        'BIND = NewDnsProvider("bind", {"default_ns": ["127.0.0.1."]})\n'
        'D("example.tld", NewRegistrar("none"), DnsProvider(BIND), A("www", "192.0.2.2"))\n'
    )
    assert run("push").exit_code == 0
    named.serve("example.tld", workdir / "zones" / "example.tld.zone")
    named.start()
    result = run("verify", "--port", str(named.port), "--full")
    assert result.exit_code == 0, result.output
    assert f"127.0.0.1:{named.port}: serial " in result.stdout  # asked, its name an address
    assert "2 rrsets asked" in result.stdout  # www, and the apex NS the provider holds
