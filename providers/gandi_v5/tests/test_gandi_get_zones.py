"""get-zones against the Gandi sandbox, through ``dnsframe``: DNSControl's argument forms, every
format, the round trip of the py draft, and Gandi's apex NS and the rrsets dnsframe does not
manage shown, never dropped."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner as Run

RRSETS = [
    {"rrset_name": "@", "rrset_type": "A", "rrset_ttl": 3600, "rrset_values": ["192.0.2.1"]},
    {
        "rrset_name": "@",
        "rrset_type": "NS",
        "rrset_ttl": 10800,
        "rrset_values": ["ns-1-a.gandi.net.", "ns-2-b.gandi.net."],
    },
    {
        "rrset_name": "@",
        "rrset_type": "MX",
        "rrset_ttl": 3600,
        "rrset_values": ["10 spool.mail.gandi.net.", "50 fb.mail.gandi.net."],
    },
    {"rrset_name": "@", "rrset_type": "SPF", "rrset_ttl": 3600, "rrset_values": ['"v=spf1 -all"']},
    {
        "rrset_name": "_sip._tcp",
        "rrset_type": "SRV",
        "rrset_ttl": 300,
        "rrset_values": ["10 60 5060 sip.example.net."],
    },
    {
        "rrset_name": "www",
        "rrset_type": "CNAME",
        "rrset_ttl": 3600,
        "rrset_values": ["webredir.vip.gandi.net."],
    },
]

#: The managed records above as DNSControl's dnsconfig.js declares them (DefaultTTL 3600).
EXPECTED_JS = [
    ("A", ["@", "192.0.2.1"]),
    ("MX", ["@", 10, "spool.mail.gandi.net."]),
    ("MX", ["@", 50, "fb.mail.gandi.net."]),
    ("SRV", ["_sip._tcp", 10, 60, 5060, "sip.example.net.", {"TTL": 300}]),
    ("CNAME", ["www", "webredir.vip.gandi.net."]),
]
_CALL = re.compile(r"^\t(?:, )?(A|MX|SRV|CNAME)\((.*)\),?$")


def js_records(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        match = _CALL.match(line)
        if match:
            args = re.sub(r"TTL\((\d+)\)", r'{"TTL": \1}', match[2])
            out.append(json.dumps((match[1], json.loads(f"[{args}]"))))
    return sorted(out)


@pytest.fixture
def zone(workdir: Path, gandi_sandbox: Any) -> str:
    entry = {"TYPE": "GANDI_V5", "token": "test-token-0123456789", "apiurl": gandi_sandbox.url}
    (workdir / "creds.json").write_text(json.dumps({"gandi": entry}))
    (workdir / "creds.json").chmod(0o600)
    gandi_sandbox.add_domain("draft.tld", rrsets=RRSETS)
    return "draft.tld"


def test_get_zones_gandi_takes_dnscontrols_older_forms(run: Run, zone: str) -> None:
    current = run("get-zones", "gandi", zone)
    assert current.exit_code == 0, current.output
    assert current.stderr == ""
    for form in ("GANDI_V5", "-"):
        older = run("get-zones", "gandi", form, zone)
        assert older.exit_code == 0, older.output
        assert older.stdout == current.stdout  # GANDI_V5 is not read as a zone name
        assert older.stderr == (
            f'NOTE: the provider type of creds key "gandi" comes from creds.json; the argument '
            f'"{form}" is not needed (dnsframe get-zones gandi {zone}).\n'
        )
    wrong = run("get-zones", "gandi", "BIND", zone)
    assert wrong.exit_code == 1
    assert 'gives "gandi" the "TYPE" GANDI_V5, not BIND' in wrong.stderr


def test_get_zones_gandi_py_draft_round_trips_with_nothing_dropped(
    run: Run, zone: str, write: Any
) -> None:
    draft = run("get-zones", "gandi", zone)
    assert draft.exit_code == 0, draft.output
    lines = draft.stdout.splitlines()
    # Gandi's own apex NS: commented out, as the provider reports them itself.
    assert '    # NAMESERVER("ns-1-a.gandi.net."),' in lines
    assert '    # NAMESERVER("ns-2-b.gandi.net."),' in lines
    spf = '    # not managed by dnsframe: @ 3600 IN SPF "v=spf1 -all"'
    assert lines.index('    MX("@", 50, "fb.mail.gandi.net."),') < lines.index(spf)
    assert lines.index(spf) < lines.index(
        '    SRV("_sip._tcp", 10, 60, 5060, "sip.example.net.", TTL(300)),'
    )
    assert "    DefaultTTL(3600)," in lines
    write("dnsconfig.py", draft.stdout)
    preview = run("preview", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output + draft.stdout


def test_get_zones_gandi_ttl_round_trips(run: Run, zone: str, write: Any) -> None:
    draft = run("get-zones", "--ttl", "300", "gandi", zone)
    assert draft.exit_code == 0, draft.output
    assert '    SRV("_sip._tcp", 10, 60, 5060, "sip.example.net."),' in draft.stdout
    assert '    A("@", "192.0.2.1", TTL(3600)),' in draft.stdout
    assert "DefaultTTL" not in draft.stdout  # 300 is the DSL's own default
    write("dnsconfig.py", draft.stdout)
    assert run("preview", "--expect-no-changes").exit_code == 0


@pytest.mark.parametrize("fmt", ["js", "djs"])
def test_get_zones_gandi_js_draft_in_dnscontrols_form(
    run: Run, zone: str, write: Any, fmt: str
) -> None:
    draft = run("get-zones", "--format", fmt, "gandi", "GANDI_V5", zone)
    assert draft.exit_code == 0, draft.output
    text = draft.stdout
    assert 'var DSP_GANDI = NewDnsProvider("gandi", "GANDI_V5");\n' in text
    c, lead = ("," if fmt == "js" else "", "" if fmt == "js" else ", ")
    assert f'D("draft.tld", REG_CHANGEME{c}\n\t{lead}DnsProvider(DSP_GANDI){c}\n' in text
    assert f'\t//{lead}NAMESERVER("ns-1-a.gandi.net."){c}\n' in text
    assert '\t// not managed by dnsframe: @ 3600 IN SPF "v=spf1 -all"\n' in text
    assert js_records(text) == sorted(json.dumps(e) for e in EXPECTED_JS)
    # As dnsconfig.py, changing only JavaScript's syntax: the same zone, no change.
    python = "\n".join(
        re.sub(r"^var |;$", "", line)
        for line in text.splitlines()
        if not line.lstrip().startswith("//")
    )
    write("dnsconfig.py", textwrap.dedent(python) + "\n")
    preview = run("preview", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output + text


@pytest.mark.parametrize("fmt", ["js", "djs"])
def test_get_zones_gandi_js_draft_runs_as_dnsconfig_js_with_no_correction(
    run: Run, zone: str, workdir: Path, fmt: str
) -> None:
    # The round trip through dnsframe's own dnsconfig.js support: the draft as it is.
    pytest.importorskip("quickjs")
    draft = run("get-zones", "--format", fmt, "--out", "dnsconfig.js", "gandi", zone)
    assert draft.exit_code == 0, draft.output
    assert "MX(" in (workdir / "dnsconfig.js").read_text()
    preview = run("preview", "--config", "dnsconfig.js", "--expect-no-changes")
    assert preview.exit_code == 0, preview.output


def test_get_zones_gandi_zone_tsv_and_nameonly(run: Run, zone: str) -> None:
    zone_file = run("get-zones", "--format", "zone", "gandi", zone)
    assert zone_file.exit_code == 0, zone_file.output
    lines = zone_file.stdout.splitlines()
    assert lines[0] == "$ORIGIN draft.tld."
    assert lines[1] == "$TTL 3600"  # the zone's most common TTL, as for the drafts
    for line in (
        "@ 10800 IN NS ns-1-a.gandi.net.",
        '@ IN SPF "v=spf1 -all"',
        "_sip._tcp 300 IN SRV 10 60 5060 sip.example.net.",
    ):
        assert line in lines
    values = sum(len(r["rrset_values"]) for r in RRSETS)
    assert len([line for line in lines if " IN " in line]) == values
    tsv = run("get-zones", "--format", "tsv", "gandi", zone)
    rows = [row.split("\t") for row in tsv.stdout.splitlines()]
    assert ["www.draft.tld", "www", "3600", "IN", "CNAME", "webredir.vip.gandi.net."] in rows
    assert len(rows) == values
    names = run("get-zones", "--format", "nameonly", "gandi", "all")
    assert names.stdout == "draft.tld\nexample.tld\n"  # the sandbox starts with example.tld
