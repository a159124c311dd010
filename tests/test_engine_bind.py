"""preview and push end to end through ``dnsframe`` with the BIND provider."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

CREDS = {"bind": {"TYPE": "BIND", "directory": "zones"}}
HEAD = """
REG = NewRegistrar("none")
BIND = NewDnsProvider("bind", {"default_ns": ["ns1.example.net.", "ns2.example.net."]})
"""


@pytest.fixture
def project(workdir: Path, write: Any) -> Any:
    (workdir / "creds.json").write_text(json.dumps(CREDS))

    def config(body: str) -> None:
        write("dnsconfig.py", HEAD + textwrap.dedent(body))

    return config


def zone_file(workdir: Path, zone: str = "example.tld") -> str:
    return (workdir / "zones" / f"{zone}.zone").read_text()


def zone_lines(workdir: Path, zone: str = "example.tld") -> list[str]:
    return [
        line
        for line in zone_file(workdir, zone).splitlines()
        if " SOA " not in line and not line.startswith("$")
    ]


def corrections(result: Any) -> list[str]:
    return [
        line
        for line in result.stdout.splitlines()
        if not line.startswith(("*****", "Done.", "SUCCESS!"))
    ]


def test_push_then_preview_shows_nothing(run: Run, project: Any, workdir: Path) -> None:
    project("""
        D("example.tld", REG, DnsProvider(BIND),
            A("@", "192.0.2.1"), A("test", "1.2.3.4"), MX("@", 10, "mail"),
            TXT("@", "v=spf1 -all"), CNAME("www", "@"))
    """)
    first = run("preview")
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "******************** Domain: example.tld",
        "1 correction (bind)",
        "#1: + CREATE example.tld A 192.0.2.1 ttl=300",
        "+ CREATE example.tld MX 10 mail.example.tld. ttl=300",
        "+ CREATE example.tld NS ns1.example.net. ttl=300",
        "+ CREATE example.tld NS ns2.example.net. ttl=300",
        '+ CREATE example.tld TXT "v=spf1 -all" ttl=300',
        "+ CREATE test.example.tld A 1.2.3.4 ttl=300",
        "+ CREATE www.example.tld CNAME example.tld. ttl=300",
        "Done. 1 corrections.",
    ]
    assert not (workdir / "zones").exists(), "preview wrote something"
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output
    assert "SUCCESS!" in pushed.stdout
    assert zone_lines(workdir) == [
        "@ 300 IN NS ns1.example.net.",
        "@ 300 IN NS ns2.example.net.",
        "@ 300 IN A 192.0.2.1",
        "@ 300 IN MX 10 mail.example.tld.",
        '@ 300 IN TXT "v=spf1 -all"',
        "test 300 IN A 1.2.3.4",
        "www 300 IN CNAME example.tld.",
    ]
    again = run("preview", "--expect-no-changes")
    assert again.exit_code == 0, again.output
    assert again.stdout == "Done. 0 corrections.\n"


def test_every_change_kind_and_ttl_only_changes(run: Run, project: Any, workdir: Path) -> None:
    project("""
        D("example.tld", REG, DnsProvider(BIND),
            A("keep", "192.0.2.1"), A("change", "192.0.2.2"), A("ttl", "192.0.2.3"),
            A("multi", "192.0.2.4"), A("multi", "192.0.2.5"), A("gone", "192.0.2.6"))
    """)
    assert run("push").exit_code == 0
    project("""
        D("example.tld", REG, DnsProvider(BIND),
            A("keep", "192.0.2.1"), A("change", "192.0.2.22"), A("ttl", "192.0.2.3", TTL(600)),
            A("multi", "192.0.2.4", TTL("1h")), A("multi", "192.0.2.5", TTL("1h")),
            A("new", "192.0.2.7"))
    """)
    preview = run("preview")
    assert corrections(preview) == [
        "1 correction (bind)",
        "#1: - DELETE gone.example.tld A 192.0.2.6 ttl=300",
        "± MODIFY change.example.tld A (192.0.2.2 ttl=300) -> (192.0.2.22 ttl=300)",
        "± MODIFY-TTL multi.example.tld A 192.0.2.4 ttl=(300->3600)",
        "± MODIFY-TTL multi.example.tld A 192.0.2.5 ttl=(300->3600)",
        "± MODIFY-TTL ttl.example.tld A 192.0.2.3 ttl=(300->600)",
        "+ CREATE new.example.tld A 192.0.2.7 ttl=300",
    ]
    assert preview.exit_code == 0
    assert run("preview", "--expect-no-changes").exit_code == 2
    assert run("push").exit_code == 0
    assert "multi 3600 IN A 192.0.2.4" in zone_file(workdir)
    assert "gone" not in zone_file(workdir)
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_cname_to_a_and_back_at_one_label(run: Run, project: Any, workdir: Path) -> None:
    project('D("example.tld", REG, DnsProvider(BIND), CNAME("www", "web.example.net."))')
    assert run("push").exit_code == 0
    project('D("example.tld", REG, DnsProvider(BIND), A("www", "192.0.2.1"))')
    preview = run("preview")
    assert corrections(preview) == [
        "1 correction (bind)",
        "#1: - DELETE www.example.tld CNAME web.example.net. ttl=300",
        "+ CREATE www.example.tld A 192.0.2.1 ttl=300",
    ]
    assert run("push").exit_code == 0
    assert "www 300 IN A 192.0.2.1" in zone_file(workdir)
    assert "CNAME" not in zone_file(workdir)
    project('D("example.tld", REG, DnsProvider(BIND), CNAME("www", "web.example.net."))')
    assert run("push").exit_code == 0
    assert "www 300 IN CNAME web.example.net." in zone_file(workdir)
    assert run("preview", "--expect-no-changes").exit_code == 0


HANDWRITTEN = """\
$ORIGIN example.tld.
$TTL 3600
@ IN SOA ns1.example.net. hostmaster.example.tld. 2020010101 3600 600 604800 300
@ IN NS ns1.example.net.
@ IN NS ns2.example.net.
@ IN A 192.0.2.1
@ IN TXT "google-site-verification=abc"
www IN A 192.0.2.2
www IN TXT "owned by another team"
_acme-challenge IN TXT "token-123"
api.dev IN A 10.1.1.1
web.dev IN A 10.1.1.2
legacy IN MX 10 old-mail.example.tld.
cdn IN CNAME edge.eu.cdn.example.net.
other IN CNAME edge.other.example.
old IN A 192.0.2.99
box IN HINFO "PC" "Linux"
long IN TXT "part one, " "part two"
"""


def test_ignore_patterns_keep_records_through_changes_at_the_same_label(
    run: Run, project: Any, workdir: Path
) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(HANDWRITTEN)
    project("""
        D("example.tld", REG, DnsProvider(BIND),
            A("@", "192.0.2.10"),                   # changes at the apex ...
            IGNORE("@", "TXT"),                     # ... where the TXT stays
            A("www", "192.0.2.20"),                 # changes at www ...
            IGNORE_NAME("www", "TXT"),              # ... where the TXT stays
            IGNORE("_acme-challenge", "TXT"),
            IGNORE("*.dev", "A", "10.**"),          # * within one label, ** across dots
            IGNORE("legacy"),                       # any type
            IGNORE_TARGET("**.cdn.example.net.", "CNAME"),
            A("new", "192.0.2.30"),
            TXT("long", "part one, part two"),
        )
    """)
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    assert corrections(preview) == [
        "1 correction (bind)",
        "INFO#1: 1 record(s) of types dnsframe does not manage are kept as they are in zones/example.tld.zone",
        "#1: - DELETE old.example.tld A 192.0.2.99 ttl=3600",
        "- DELETE other.example.tld CNAME edge.other.example. ttl=3600",
        "± MODIFY example.tld A (192.0.2.1 ttl=3600) -> (192.0.2.10 ttl=300)",
        "± MODIFY www.example.tld A (192.0.2.2 ttl=3600) -> (192.0.2.20 ttl=300)",
        "± MODIFY-TTL example.tld NS ns1.example.net. ttl=(3600->300)",
        "± MODIFY-TTL example.tld NS ns2.example.net. ttl=(3600->300)",
        '± MODIFY-TTL long.example.tld TXT "part one, part two" ttl=(3600->300)',
        "+ CREATE new.example.tld A 192.0.2.30 ttl=300",
    ]
    assert run("push").exit_code == 0
    text = zone_file(workdir)
    for survivor in (
        '@ 3600 IN TXT "google-site-verification=abc"',
        'www 3600 IN TXT "owned by another team"',
        '_acme-challenge 3600 IN TXT "token-123"',
        "api.dev 3600 IN A 10.1.1.1",
        "web.dev 3600 IN A 10.1.1.2",
        "legacy 3600 IN MX 10 old-mail.example.tld.",
        "cdn 3600 IN CNAME edge.eu.cdn.example.net.",
        'box.example.tld. 3600 IN HINFO "PC" "Linux"',
    ):
        assert survivor in text
    assert "www 300 IN A 192.0.2.20" in text
    assert "2020010102" in text or " 2026" in text  # the serial moved on
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_ignoring_everything_writes_nothing(run: Run, project: Any, workdir: Path) -> None:
    (workdir / "zones").mkdir()
    path = workdir / "zones" / "example.tld.zone"
    path.write_text(HANDWRITTEN)
    before = path.stat().st_mtime_ns
    project('D("example.tld", REG, DnsProvider(BIND, 0), IGNORE("**"))')
    result = run("push")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Done. 0 corrections.\n"
    assert path.stat().st_mtime_ns == before
    assert path.read_text() == HANDWRITTEN


def test_no_purge_keeps_what_the_config_does_not_mention(
    run: Run, project: Any, workdir: Path
) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(HANDWRITTEN)
    project("""
        D("example.tld", REG, DnsProvider(BIND), NO_PURGE,
            A("www", "192.0.2.2", TTL(3600)), A("www", "192.0.2.3", TTL(3600)),
            ENSURE_ABSENT_REC(A("old", "192.0.2.99")))
    """)
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    lines = corrections(preview)
    info = next(line for line in lines if line.startswith("INFO#1: NO_PURGE keeps"))
    assert info.startswith("INFO#1: NO_PURGE keeps 10 record(s) the config does not mention: ")
    assert "_acme-challenge.example.tld TXT" in info
    assert [line for line in lines if line.startswith(("#", "-", "+", "±"))] == [
        "#1: - DELETE old.example.tld A 192.0.2.99 ttl=3600",
        "+ CREATE www.example.tld A 192.0.2.3 ttl=3600",
        "± MODIFY-TTL example.tld NS ns1.example.net. ttl=(3600->300)",
        "± MODIFY-TTL example.tld NS ns2.example.net. ttl=(3600->300)",
    ]
    assert run("push").exit_code == 0
    text = zone_file(workdir)
    assert "192.0.2.99" not in text
    assert '_acme-challenge 3600 IN TXT "token-123"' in text
    assert "legacy 3600 IN MX 10 old-mail.example.tld." in text


def test_ignore_safety_check(run: Run, project: Any, workdir: Path) -> None:
    project(
        'D("example.tld", REG, DnsProvider(BIND),\n    IGNORE("www"),\n    A("www", "192.0.2.1"))'
    )
    result = run("push")
    assert result.exit_code == 1
    assert (
        "dnsconfig.py:5: A www.example.tld 192.0.2.1 is matched by IGNORE('www', '*', '*') at dnsconfig.py:4"
        in result.stderr
    )
    assert "DISABLE_IGNORE_SAFETY_CHECK" in result.stderr
    assert not (workdir / "zones").exists()
    project(
        'D("example.tld", REG, DnsProvider(BIND), DISABLE_IGNORE_SAFETY_CHECK,\n    IGNORE("www"),\n    A("www", "192.0.2.1"))'
    )
    assert run("push").exit_code == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'CNAME("@", "other.example.")',
            "dnsconfig.py:4: CNAME at the apex of example.tld is not allowed",
        ),
        (
            'CNAME("www", "other.example."), A("www", "192.0.2.1")',
            "dnsconfig.py:4: CNAME www.example.tld must be alone at its name, but the name also has A (dnsconfig.py:4)",
        ),
        (
            'NS("@", "ns9.example.")',
            "dnsconfig.py:4: NS at the apex of example.tld: the apex NS come from the DNS providers and NAMESERVER()",
        ),
        (
            'A("x", "192.0.2.1"), A("x", "192.0.2.1")',
            "dnsconfig.py:4: A x.example.tld 192.0.2.1 is a duplicate record, declared twice "
            "(also at dnsconfig.py:4); remove one",
        ),
        (
            'A("x", "192.0.2.1"), A("x", "192.0.2.2", TTL(60))',
            "dnsconfig.py:4: A x.example.tld has ttl=60 but ttl=300 at dnsconfig.py:4",
        ),
        (
            'ALIAS("@", "lb.example.net.")',
            "dnsconfig.py:4: ALIAS example.tld: the DNS provider bind (BIND) does not support ALIAS records",
        ),
        ('CNAME("loop", "loop")', "CNAME loop.example.tld points to itself"),
        (
            'A("x", "192.0.2.1"), ENSURE_ABSENT_REC(A("x", "192.0.2.1"))',
            "is in ENSURE_ABSENT_REC and also declared as wanted",
        ),
        (
            'DnsProvider("elsewhere")',
            'DnsProvider("elsewhere") names no NewDnsProvider(...) declared in the config',
        ),
    ],
)
def test_validation_errors_name_the_line_and_touch_nothing(
    run: Run, project: Any, workdir: Path, body: str, message: str
) -> None:
    project(f'D("example.tld", REG, DnsProvider(BIND),\n    {body})\n')
    for command in ("preview", "push"):
        result = run(command)
        assert result.exit_code == 1, result.output
        assert message in result.stderr
        assert result.stdout == ""
    assert not (workdir / "zones").exists()


def test_report_domains_filter_and_exit_statuses(run: Run, project: Any, workdir: Path) -> None:
    project("""
        D("a.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))
        D("b.tld", REG, DnsProvider(BIND), A("x", "192.0.2.2"))
        D("c.tld!inside", REG, DnsProvider(BIND), A("x", "192.0.2.3"))
    """)
    result = run("preview", "--report", "report.json", "--domains", "a.tld,c.tld!*")
    assert result.exit_code == 0, result.output
    assert "Domain: b.tld" not in result.stdout
    report = json.loads((workdir / "report.json").read_text())
    assert report == [
        {
            "domain": "a.tld",
            "provider": "bind",
            "corrections": 1,
            "correction_details": [
                "+ CREATE a.tld NS ns1.example.net. ttl=300\n+ CREATE a.tld NS ns2.example.net. ttl=300\n"
                "+ CREATE x.a.tld A 192.0.2.1 ttl=300"
            ],
        },
        {"domain": "a.tld", "registrar": "none", "corrections": 0, "correction_details": []},
        {
            "domain": "c.tld!inside",
            "provider": "bind",
            "corrections": 1,
            "correction_details": [
                "+ CREATE c.tld NS ns1.example.net. ttl=300\n+ CREATE c.tld NS ns2.example.net. ttl=300\n"
                "+ CREATE x.c.tld A 192.0.2.3 ttl=300"
            ],
        },
        {"domain": "c.tld!inside", "registrar": "none", "corrections": 0, "correction_details": []},
    ]
    assert run("preview", "--expect-no-changes").exit_code == 2
    assert run("push", "--domains", "b.tld").exit_code == 0
    assert (workdir / "zones" / "b.tld.zone").exists()
    assert not (workdir / "zones" / "a.tld.zone").exists()
    assert run("preview", "--domains", "b.tld", "--expect-no-changes").exit_code == 0
    missing = run("preview", "--domains", "nothing.tld")
    assert missing.exit_code == 1
    assert "--domains nothing.tld: no domain of dnsconfig.py matches" in missing.stderr


def test_concurrent_output_equals_serial(run: Run, project: Any, workdir: Path) -> None:
    body = "\n".join(
        f'D("d{i}.tld", REG, DnsProvider(BIND), A("@", "192.0.2.{i}"), TXT("t", "{i}"), MX("@", {i}, "mx{i}"))'
        for i in range(40)
    )
    project(body)
    serial = run("preview", "--concurrency", "1")
    parallel = run("preview", "--concurrency", "16")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count("******************** Domain:") == 40
    pushed = run("push", "--concurrency", "16")
    assert pushed.stdout.count("SUCCESS!") == 40
    assert run("preview", "--concurrency", "16", "--expect-no-changes").exit_code == 0


def test_full_shows_domains_without_changes(run: Run, project: Any) -> None:
    project('D("a.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))')
    assert run("push").exit_code == 0
    full = run("preview", "--full")
    assert full.stdout.splitlines() == [
        "******************** Domain: a.tld",
        "----- DNS Provider: bind...0 corrections",
        "----- Registrar: none...0 corrections",
        "Done. 0 corrections.",
    ]


def test_a_zone_file_that_cannot_be_read_fails_that_domain_only(
    run: Run, project: Any, workdir: Path
) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "bad.tld.zone").write_text("this is not a zone file\n")
    project("""
        D("bad.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))
        D("good.tld", REG, DnsProvider(BIND), A("x", "192.0.2.2"))
    """)
    result = run("push")
    assert result.exit_code == 1
    assert "ERROR: bind: zones/bad.tld.zone: cannot be read as a zone file" in result.stdout
    assert "Domain: good.tld" in result.stdout
    assert (workdir / "zones" / "good.tld.zone").exists()
    assert "some domains could not be read:\n  bad.tld (bind): zones/bad.tld.zone" in result.stderr


def test_nameserver_ttl_and_nameserver_entries_make_the_apex_ns(
    run: Run, project: Any, workdir: Path
) -> None:
    project("""
        D("example.tld", REG, DnsProvider(BIND, 1), NAMESERVER("ns0.other.example."), NAMESERVER_TTL("1d"))
    """)
    assert run("push").exit_code == 0
    assert zone_lines(workdir) == [
        "@ 86400 IN NS ns0.other.example.",
        "@ 86400 IN NS ns1.example.net.",
    ]
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_the_serial_moves_on_with_every_change_only(run: Run, project: Any, workdir: Path) -> None:
    project('D("example.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))')
    assert run("push").exit_code == 0

    def serial() -> int:
        soa = next(line for line in zone_file(workdir).splitlines() if " SOA " in line)
        return int(soa.split()[6])

    first = serial()
    assert run("push").exit_code == 0
    assert serial() == first
    project('D("example.tld", REG, DnsProvider(BIND), A("x", "192.0.2.2"))')
    assert run("push").exit_code == 0
    assert serial() == first + 1


def test_get_zones_round_trips_into_a_config_with_no_changes(
    run: Run, project: Any, workdir: Path, write: Any
) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(
        HANDWRITTEN.replace('box IN HINFO "PC" "Linux"\n', "")
        + (
            "_sip._tcp IN SRV 10 60 5060 sip.example.tld.\n"
            '@ IN CAA 128 issue "letsencrypt.org"\n'
            "loc IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m\n"
            "ds IN DS 2371 13 2 " + "ab" * 32 + "\n"
            'quote IN TXT "say \\"hi\\" \\\\o/"\n'
        )
    )
    names = run("get-zones", "--format", "nameonly", "bind", "all")
    assert names.exit_code == 0, names.output
    assert names.stdout == "example.tld\n"
    code = run("get-zones", "bind", "example.tld")
    assert code.exit_code == 0, code.output
    assert 'D("example.tld", REG_CHANGEME, DnsProvider(DSP_BIND),' in code.stdout
    assert "    DefaultTTL(3600)," in code.stdout
    assert (
        '    NAMESERVER("ns1.example.net."),\n'
        '    NAMESERVER("ns2.example.net."),\n'
        "    NAMESERVER_TTL(3600),\n"
    ) in code.stdout
    assert code.stdout.startswith(
        '# Written by dnsframe get-zones from creds key "bind".\n'
        'REG_CHANGEME = NewRegistrar("none")  # your registrar\n'
        'DSP_BIND = NewDnsProvider("bind")\n'
    )
    write("dnsconfig.py", code.stdout)  # runs as it is
    missing = run("get-zones", "bind", "nosuch.example")
    assert missing.exit_code == 1
    assert missing.stderr == (
        'ERROR: nosuch.example: no such zone at creds key "bind" (BIND); it has: example.tld\n'
    )
    preview = run("preview", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output + code.stdout
    zone = run("get-zones", "--format", "zone", "bind", "example.tld")
    assert "$TTL 3600\n" in zone.stdout
    assert "_sip._tcp IN SRV 10 60 5060 sip.example.tld." in zone.stdout
    tsv = run("get-zones", "--format", "tsv", "bind", "example.tld")
    assert "www.example.tld\twww\t3600\tIN\tA\t192.0.2.2\n" in tsv.stdout


def test_ignore_takes_lists_and_comma_separated_globs(
    run: Run, project: Any, workdir: Path
) -> None:
    project(
        'D("example.tld", REG, DnsProvider(BIND, 0), A("foo", "192.0.2.1"), A("bar", "192.0.2.2"), A("baz", "192.0.2.3"))'
    )
    assert run("push").exit_code == 0
    project(
        'D("example.tld", REG, DnsProvider(BIND, 0), IGNORE(["foo", "bar"], "A"), IGNORE_NAME("baz,{qux,quux}"))'
    )
    result = run("preview", "--expect-no-changes")
    assert result.exit_code == 0, result.output


def test_ignore_inside_a_d_extend_subdomain_is_scoped_to_it(
    run: Run, project: Any, workdir: Path
) -> None:
    project("""
        D("example.tld", REG, DnsProvider(BIND, 0), TXT("x", "parent"))
        D_EXTEND("staging.example.tld", IGNORE("*", "TXT"), IGNORE("keep", "A"))
    """)
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    ignores = result.json()["domains"][0]["ignores"]
    assert [i["label"] for i in ignores] == ["{staging,**.staging}", "keep.staging"]
    assert run("push").exit_code == 0  # TXT x at the parent is not matched: no safety error


def test_an_existing_soa_is_kept_and_only_its_serial_moves(
    run: Run, project: Any, workdir: Path
) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(
        "$ORIGIN example.tld.\n@ 3600 IN SOA ns1.example.net. hostmaster.example.tld. 7 7200 900 1209600 300\n"
        "x 300 IN A 192.0.2.1\n"
    )
    project('D("example.tld", REG, DnsProvider(BIND, 0), A("x", "192.0.2.2"))')
    assert run("push").exit_code == 0
    soa = next(line for line in zone_file(workdir).splitlines() if " SOA " in line).split()
    assert soa[1] == "3600"
    assert soa[4:7] == ["ns1.example.net.", "hostmaster.example.tld.", soa[6]]
    assert int(soa[6]) > 7
    assert soa[7:] == ["7200", "900", "1209600", "300"]


def test_bind_metadata_is_checked(run: Run, workdir: Path, write: Any) -> None:
    (workdir / "creds.json").write_text(json.dumps(CREDS))
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nB = NewDnsProvider("bind", {"default_ns": "ns1.example.net."})\nD("example.tld", REG, DnsProvider(B))\n',
    )
    result = run("preview")
    assert result.exit_code == 1
    assert 'the metadata "default_ns" must be a list of host names' in result.stderr


def test_a_kept_txt_that_is_not_utf8_survives_a_push(run: Run, project: Any, workdir: Path) -> None:
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(
        '$ORIGIN example.tld.\nbin 300 IN TXT "\\255abc"\n'
    )
    project('D("example.tld", REG, DnsProvider(BIND, 0), NO_PURGE, A("x", "192.0.2.1"))')
    result = run("push")
    assert result.exit_code == 0, result.output
    assert 'bin 300 IN TXT "\\255abc"' in zone_file(workdir)
    assert run("preview", "--expect-no-changes").exit_code == 0


def test_print_ir_validates_and_a_bad_report_path_fails_before_any_change(
    run: Run, project: Any, workdir: Path
) -> None:
    project('D("example.tld", REG, DnsProvider(BIND), CNAME("@", "x.example.net."))')
    assert run("print-ir").exit_code == 1
    project('D("example.tld", REG, DnsProvider(BIND), A("x", "192.0.2.1"))')
    result = run("push", "--report", "no/such/dir/report.json")
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: no/such/dir/report.json: cannot write the report: No such file or directory\n"
    )
    assert not (workdir / "zones").exists()
    # A report that links nowhere is refused as well, before any change.
    (workdir / "dangling.json").symlink_to(workdir / "nowhere" / "r.json")
    result = run("push", "--report", "dangling.json")
    assert result.exit_code == 1
    assert "dangling.json: cannot write the report" in result.stderr
    assert not (workdir / "zones").exists()
    # A config mistake is told first: the report path is checked once the config is valid.
    project('D("example.tld", REG, DnsProvider(BIND), A("x", "192.0.2.300"))')
    result = run("push", "--report", "no/such/dir/report.json")
    assert result.exit_code == 1
    assert "192.0.2.300" in result.stderr
    assert "report" not in result.stderr


def test_check_reports_an_unknown_type_also_when_the_config_has_other_errors(
    run: Run, workdir: Path, write: Any
) -> None:
    write(
        "dnsconfig.py",
        'D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("g", "GANDI_V6")),\n'
        '  CNAME("@", "x.example.net."))\n',
    )
    result = run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "ERROR: 2 problems in the configuration:"
    assert lines[1].startswith(
        "  dnsconfig.py:1: NewDnsProvider('g', 'GANDI_V6'): no installed plugin provides the DNS "
        "provider type GANDI_V6"
    )
    assert lines[2].startswith("  dnsconfig.py:2:")


def test_the_fast_reader_agrees_with_dnspython_on_files_dnsframe_wrote(
    run: Run, project: Any, workdir: Path
) -> None:
    from dnsframe.providers.bind import BindProvider, read_written

    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.zone").write_text(
        '$ORIGIN example.tld.\nbox 300 IN HINFO "PC" "Linux"\n'
    )
    ds = "ab" * 32
    project(f"""
        D("example.tld", REG, DnsProvider(BIND), NO_PURGE, DefaultTTL(600),
            A("@", "192.0.2.1"), AAAA("*", "2001:db8::1"), MX("@", 10, "mx"), CNAME("www", "@"),
            TXT("t", "v=DMARC1; p=none"), TXT("long", "x" * 300), TXT("q", 'say "hi" \\\\ (there)'),
            CAA("@", "issue", "ca.example"), SRV("_s._tcp", 1, 2, 3, "."), NS("sub", "ns1.example.net."),
            DS("sub", 1, 13, 2, "{ds}"), SSHFP("h", 1, 2, "{ds}"), TLSA("_443._tcp", 3, 1, 1, "{ds}"),
            LOC("loc", 52, 22, 23, "N", 4, 53, 32, "E", -2, 1, 10000, 10), PTR("p", "x.example.net."),
            NAPTR("n", 1, 2, "U", "E2U+sip", "!^.*$!sip:a@b!", "."), RP("@", "a.example.tld.", "b.example.tld."),
            DNAME("d", "other.example."), A("bücher", "192.0.2.2"))
    """)
    assert run("push").exit_code == 0
    text = zone_file(workdir)
    fast = read_written("example.tld", text)
    assert fast is not None
    slow = BindProvider("bind", {"directory": str(workdir / "zones")}, {})._read_any(
        "example.tld", workdir / "zones" / "example.tld.zone"
    )
    assert sorted(fast.records, key=repr) == sorted(slow.records, key=repr)
    assert (fast.serial, fast.soa) == (slow.serial, slow.soa)
    assert len(fast.foreign) == len(slow.foreign) == 1
    assert read_written("example.tld", HANDWRITTEN) is None  # other files: dnspython reads them


def test_bind_keeps_the_previous_zone_file_as_a_snapshot_and_restores_it(
    run: Run, project: Any, workdir: Path
) -> None:
    project('D("example.tld", REG, DnsProvider(BIND), A("a", "192.0.2.1"), A("b", "192.0.2.2"))')
    first = run("push")
    assert first.exit_code == 0, first.output
    assert "SNAPSHOT" not in first.stdout  # no zone file yet: nothing to keep
    original = zone_file(workdir)
    project('D("example.tld", REG, DnsProvider(BIND), A("a", "192.0.2.9"))')
    second = run("push")
    assert second.exit_code == 0, second.output
    taken = re.search(r"SNAPSHOT: bind saved example.tld before writing: (\S+) ", second.stdout)
    assert taken, second.stdout
    copy = workdir / "zones" / f"example.tld.zone.snapshot-{taken.group(1)}"
    assert copy.read_text() == original
    assert run("get-zones", "--format", "nameonly", "bind", "all").stdout == "example.tld\n"
    listed = run("snapshots", "list", "example.tld")
    assert listed.exit_code == 0, listed.output
    assert f"  {taken.group(1)}  " in listed.stdout
    every = run("snapshots", "list", "example.tld", "--providers", "all")  # as preview takes it
    assert every.stdout == listed.stdout, every.output
    restored = run("snapshots", "restore", "example.tld", taken.group(1), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "+ CREATE b.example.tld A 192.0.2.2 ttl=300" in restored.stdout
    records = [line for line in zone_file(workdir).splitlines() if " IN A " in line]
    assert records == ["a 300 IN A 192.0.2.1", "b 300 IN A 192.0.2.2"]


def test_snapshots_of_a_domain_the_config_does_not_declare_are_refused_naming_it(
    run: Run, project: Any, workdir: Path
) -> None:
    project('D("example.tld", REG, DnsProvider(BIND), A("a", "192.0.2.1"))')
    result = run("snapshots", "list", "other.tld")
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: other.tld: dnsconfig.py declares no such domain (it has: example.tld)\n"
    )
    assert not (workdir / "zones").exists()
