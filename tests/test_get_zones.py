"""get-zones end to end through ``dnsframe`` with the BIND provider: DNSControl's argument
forms, every format, the round trips of the drafts, and nothing of the zone left unseen."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run

DIGEST = "ab" * 32
ZONE = f"""\
$ORIGIN example.tld.
$TTL 3600
@ IN SOA ns1.example.net. hostmaster.example.tld. 2020010101 3600 600 604800 300
@ IN NS ns1.example.net.
@ IN NS ns2.example.net.
@ IN A 192.0.2.1
@ 600 IN MX 10 mail.example.tld.
@ IN TXT "v=spf1 -all"
@ IN CAA 128 issue "letsencrypt.org"
_sip._tcp IN SRV 10 60 5060 sip.example.tld.
_443._tcp IN TLSA 3 1 1 {DIGEST}
box IN HINFO "PC" "Linux"
child IN NS ns.other.example.
ds IN DS 2371 13 2 {DIGEST}
host IN SSHFP 4 2 {DIGEST}
naptr IN NAPTR 100 10 "U" "E2U+sip" "!^.*$!sip:info@example.tld!" .
ptr IN PTR host.example.net.
web IN AAAA 2001:db8::1
www 60 IN CNAME web.example.net.
"""

#: The records of ZONE as DNSControl's dnsconfig.js declares them (its language reference:
#: each function's parameters in order), with TTL() where the TTL is not the draft's 3600.
EXPECTED_JS = [
    ("A", ["@", "192.0.2.1"]),
    ("MX", ["@", 10, "mail.example.tld.", {"TTL": 600}]),
    ("TXT", ["@", "v=spf1 -all"]),
    ("CAA", ["@", "issue", "letsencrypt.org", "CAA_CRITICAL"]),
    ("SRV", ["_sip._tcp", 10, 60, 5060, "sip.example.tld."]),
    ("TLSA", ["_443._tcp", 3, 1, 1, DIGEST]),
    ("NS", ["child", "ns.other.example."]),
    ("DS", ["ds", 2371, 13, 2, DIGEST]),
    ("SSHFP", ["host", 4, 2, DIGEST]),
    ("NAPTR", ["naptr", 100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.tld!", "."]),
    ("PTR", ["ptr", "host.example.net."]),
    ("AAAA", ["web", "2001:db8::1"]),
    ("CNAME", ["www", "web.example.net.", {"TTL": 60}]),
]
RECORD_FUNCTIONS = {name for name, _ in EXPECTED_JS}

#: DNSControl's functions as stubs that note their arguments, to run a draft in node.
JS_STUBS = """
const fs = require("fs"), vm = require("vm");
const out = {providers: [], registrars: [], domains: []};
globalThis.TTL = (n) => ({TTL: n});
globalThis.CAA_CRITICAL = "CAA_CRITICAL";
globalThis.NewDnsProvider = (...a) => { out.providers.push(a); return {dsp: a[0]}; };
globalThis.NewRegistrar = (...a) => { out.registrars.push(a); return {reg: a[0]}; };
globalThis.DnsProvider = (p) => ({DnsProvider: p.dsp});
globalThis.DefaultTTL = (n) => ({DefaultTTL: n});
globalThis.NAMESERVER = (h) => ({NAMESERVER: h});
globalThis.NAMESERVER_TTL = (n) => ({NAMESERVER_TTL: n});
for (const t of %s) globalThis[t] = (...args) => ({record: t, args});
globalThis.D = (name, reg, ...items) => out.domains.push({name, reg: reg.reg, items});
vm.runInThisContext(fs.readFileSync(process.argv[2], "utf8"), {filename: process.argv[2]});
console.log(JSON.stringify(out));
"""

_CALL = re.compile(r"^\t(?:, )?([A-Z][A-Z0-9_]*)\((.*)\),?$")


def js_records(text: str) -> list[tuple[str, list[Any]]]:
    """The record calls of a js/djs draft (lines of DNSControl's record functions), their
    arguments read as JSON (TTL(n) as {"TTL": n}, CAA_CRITICAL as a string)."""
    out = []
    for line in text.splitlines():
        match = _CALL.match(line)
        if match and match[1] in RECORD_FUNCTIONS:
            args = re.sub(r"TTL\((\d+)\)", r'{"TTL": \1}', match[2])
            args = re.sub(r", CAA_CRITICAL\b", ', "CAA_CRITICAL"', args)
            out.append((match[1], json.loads(f"[{args}]")))
    return out


def _sorted(calls: list[tuple[str, list[Any]]]) -> list[str]:
    return sorted(json.dumps(c) for c in calls)


def js_as_python(text: str) -> str:
    """A js/djs draft as dnsconfig.py, changing nothing but JavaScript's own syntax (``var``,
    ``;``, ``//`` comments): DNSControl's names and argument orders are dnsframe's too."""
    lines = []
    for line in text.splitlines():
        if line.lstrip().startswith("//"):
            continue
        line = re.sub(r"^var ", "", line)
        lines.append(line[:-1] if line.endswith(";") else line)
    return "\n".join(lines) + "\n"


@pytest.fixture
def zone(workdir: Path) -> Path:
    (workdir / "creds.json").write_text(json.dumps({"bind": {"TYPE": "BIND", "directory": "z"}}))
    (workdir / "z").mkdir()
    path = workdir / "z" / "example.tld.zone"
    path.write_text(ZONE)
    return path


def test_get_zones_takes_dnscontrols_older_forms_with_a_note(run: Run, zone: Path) -> None:
    current = run("get-zones", "bind", "example.tld")
    assert current.exit_code == 0, current.output
    assert current.stderr == ""
    assert 'D("example.tld", REG_CHANGEME, DnsProvider(DSP_BIND),' in current.stdout
    for form in (["BIND", "example.tld"], ["-", "example.tld"], ["bind", "example.tld"]):
        older = run("get-zones", "bind", *form)
        assert older.exit_code == 0, older.output
        assert older.stdout == current.stdout
        assert older.stderr == (
            f'NOTE: the provider type of creds key "bind" comes from creds.json; the argument '
            f'"{form[0]}" is not needed (dnsframe get-zones bind example.tld).\n'
        )
    every = run("get-zones", "--format", "nameonly", "bind", "BIND")  # the type, then all
    assert every.stdout == "example.tld\n"
    assert 'the argument "BIND" is not needed (dnsframe get-zones bind all)' in every.stderr


def test_get_zones_refuses_a_type_that_is_not_the_creds_entrys(
    run: Run, zone: Path, workdir: Path
) -> None:
    wrong = run("get-zones", "--out", "draft.py", "bind", "GANDI_V5", "example.tld")
    assert wrong.exit_code == 1
    assert wrong.stdout == ""
    assert wrong.stderr == (
        'ERROR: get-zones bind GANDI_V5: creds.json gives "bind" the "TYPE" BIND, not '
        "GANDI_V5. Leave the type out (dnsframe get-zones bind ZONE...): it comes from "
        "creds.json.\n"
    )
    assert not (workdir / "draft.py").exists()


def test_get_zones_refuses_an_unknown_format_with_the_valid_ones(run: Run, zone: Path) -> None:
    result = run("get-zones", "--format", "yaml", "bind", "example.tld")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "ERROR: Invalid value for '--format': 'yaml' is not one of 'py', 'js', 'djs', 'zone', "
        "'tsv', 'nameonly'." in result.stderr
    )


def test_get_zones_py_draft_round_trips_and_shows_what_it_does_not_manage(
    run: Run, zone: Path, write: Any
) -> None:
    draft = run("get-zones", "bind", "example.tld")
    assert draft.exit_code == 0, draft.output
    lines = draft.stdout.splitlines()
    soa = '    # SOA("@", "ns1.example.net.", "hostmaster.example.tld.", 3600, 600, 604800, 300),'
    hinfo = '    # not managed by dnsframe: box 3600 IN HINFO "PC" "Linux"'
    assert soa in lines
    # At its place: after the records of the labels before it, before those after it.
    assert lines.index('    TLSA("_443._tcp", 3, 1, 1, "' + DIGEST + '"),') < lines.index(hinfo)
    assert lines.index(hinfo) < lines.index('    NS("child", "ns.other.example."),')
    # BIND reports no nameservers of its own here: the apex NS stay, as NAMESERVER().
    assert '    NAMESERVER("ns1.example.net."),' in lines
    assert '    MX("@", 10, "mail.example.tld.", TTL(600)),' in lines
    assert '    CNAME("www", "web.example.net.", TTL(60)),' in lines
    write("dnsconfig.py", draft.stdout)
    preview = run("preview", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output + draft.stdout


def test_get_zones_ttl_sets_the_default_ttl_of_the_draft(run: Run, zone: Path, write: Any) -> None:
    draft = run("get-zones", "--ttl", "600", "bind", "example.tld")
    assert draft.exit_code == 0, draft.output
    lines = draft.stdout.splitlines()
    assert "    DefaultTTL(600)," in lines
    assert '    MX("@", 10, "mail.example.tld."),' in lines  # the default TTL: no TTL()
    assert '    A("@", "192.0.2.1", TTL(3600)),' in lines
    write("dnsconfig.py", draft.stdout)
    assert run("preview", "--expect-no-changes").exit_code == 0
    zone_file = run("get-zones", "--format", "zone", "--ttl", "3600", "bind", "example.tld")
    assert zone_file.stdout.splitlines()[:3] == [
        "$ORIGIN example.tld.",
        "$TTL 3600",
        "@ IN SOA ns1.example.net. hostmaster.example.tld. 2020010101 3600 600 604800 300",
    ]
    assert "@ 600 IN MX 10 mail.example.tld." in zone_file.stdout.splitlines()
    bad = run("get-zones", "--ttl", "-5", "bind", "example.tld")
    assert bad.exit_code == 1
    assert "Invalid value for '--ttl'" in bad.stderr


@pytest.mark.parametrize("fmt", ["js", "djs"])
def test_get_zones_js_draft_declares_every_record_as_dnscontrol_does(
    run: Run, zone: Path, write: Any, workdir: Path, fmt: str
) -> None:
    draft = run("get-zones", "--format", fmt, "bind", "example.tld")
    assert draft.exit_code == 0, draft.output
    text = draft.stdout
    assert (
        'var DSP_BIND = NewDnsProvider("bind");\nvar REG_CHANGEME = NewRegistrar("none");' in text
    )
    sep = "," if fmt == "js" else ""
    lead = "" if fmt == "js" else ", "
    assert f'D("example.tld", REG_CHANGEME{sep}\n\t{lead}DnsProvider(DSP_BIND){sep}\n' in text
    assert f"\t{lead}DefaultTTL(3600){sep}\n" in text
    soa = 'SOA("@", "ns1.example.net.", "hostmaster.example.tld.", 3600, 600, 604800, 300)'
    assert f"\t//{lead}{soa}{sep}\n" in text
    assert '\t// not managed by dnsframe: box 3600 IN HINFO "PC" "Linux"\n' in text
    assert text.endswith(");\n\n" if fmt == "js" else "\n)\n\n")
    assert _sorted(js_records(text)) == _sorted(EXPECTED_JS)
    # The draft through dnsframe's own DSL, which has DNSControl's names and argument orders.
    write("dnsconfig.py", js_as_python(text))
    preview = run("preview", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output + text


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("fmt", ["js", "djs"])
def test_get_zones_js_draft_runs_as_javascript(
    run: Run, zone: Path, workdir: Path, fmt: str
) -> None:
    assert run("get-zones", "--format", fmt, "--out", "draft.js", "bind", "all").exit_code == 0
    stubs = workdir / "stubs.js"
    stubs.write_text(JS_STUBS % json.dumps(sorted(RECORD_FUNCTIONS)))
    done = subprocess.run(
        ["node", str(stubs), str(workdir / "draft.js")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["providers"] == [["bind"]]
    assert seen["registrars"] == [["none"]]
    [domain] = seen["domains"]
    assert domain["name"] == "example.tld"
    assert domain["reg"] == "none"
    items = domain["items"]
    assert items[:2] == [{"DnsProvider": "bind"}, {"DefaultTTL": 3600}]
    assert {"NAMESERVER": "ns1.example.net."} in items
    records = [(i["record"], i["args"]) for i in items if "record" in i]
    assert _sorted(records) == _sorted(EXPECTED_JS)


def test_get_zones_zone_tsv_and_nameonly_show_the_whole_zone(run: Run, zone: Path) -> None:
    zone_file = run("get-zones", "--format", "zone", "bind", "example.tld")
    assert zone_file.exit_code == 0, zone_file.output
    lines = zone_file.stdout.splitlines()
    assert lines[0] == "$ORIGIN example.tld."
    assert lines[1] == "$TTL 3600"  # the zone's most common TTL, as for the drafts
    assert lines[2].startswith("@ IN SOA ns1.example.net. hostmaster.example.tld. ")
    for line in (
        'box IN HINFO "PC" "Linux"',
        "@ IN NS ns1.example.net.",
        "www 60 IN CNAME web.example.net.",
    ):
        assert line in lines
    assert len([line for line in lines if " IN " in line]) == ZONE.count(" IN ")
    tsv = run("get-zones", "--format", "tsv", "bind", "example.tld")
    rows = [row.split("\t") for row in tsv.stdout.splitlines()]
    assert ["box.example.tld", "box", "3600", "IN", "HINFO", '"PC" "Linux"'] in rows
    assert ["www.example.tld", "www", "60", "IN", "CNAME", "web.example.net."] in rows
    assert len(rows) == ZONE.count(" IN ")
    names = run("get-zones", "--format", "nameonly", "bind", "-", "all")
    assert names.stdout == "example.tld\n"


@pytest.mark.parametrize("fmt", ["js", "djs"])
def test_get_zones_js_draft_runs_as_dnsconfig_js_with_no_correction(
    run: Run, zone: Path, workdir: Path, fmt: str
) -> None:
    # The round trip through dnsframe's own dnsconfig.js support (issue 13): the draft, as it
    # is, is the config of the next preview.
    pytest.importorskip("quickjs")
    draft = run("get-zones", "--format", fmt, "--out", "dnsconfig.js", "bind", "example.tld")
    assert draft.exit_code == 0, draft.output
    ir = run("print-ir", "--config", "dnsconfig.js")
    assert ir.exit_code == 0, ir.output
    [domain] = json.loads(ir.stdout)["domains"]
    assert len(domain["records"]) == len(EXPECTED_JS)
    preview = run("preview", "--config", "dnsconfig.js", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output
