"""BIND as DNSControl's BIND does it, through ``dnsframe``: reverse names, split-horizon views in
their own files, zones without records, AUTODNSSEC, ``filenameformat``, LOC ranges; and every
file written is accepted by BIND's own ``named-checkzone`` (skipped where it is not installed).

The reverse-zone cases are DNSControl's parse tests 032-reverseip and 054-b3487_d_extend_rev,
transcribed to Python; the names they expect are theirs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, ZoneChecker

HEAD = """
REG = NewRegistrar("none")
BIND = NewDnsProvider("bind", {"default_ns": ["ns1.example.org.", "ns2.example.org."]})
"""


@pytest.fixture
def project(workdir: Path, write: Any) -> Any:
    def config(body: str, **settings: Any) -> None:
        entry = {"TYPE": "BIND", "directory": "zones", **settings}
        (workdir / "creds.json").write_text(json.dumps({"bind": entry}))
        write("dnsconfig.py", HEAD + textwrap.dedent(body))

    return config


def records(path: Path) -> list[str]:
    """The lines of a zone file after its header (``$ORIGIN``, ``$TTL``, SOA), NS left out."""
    return [
        line
        for line in path.read_text().splitlines()[3:]
        if " IN NS " not in line and not line.startswith(";")
    ]


def pushed(run: Run) -> None:
    result = run("push")
    assert result.exit_code == 0, result.output
    again = run("preview")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == "Done. 0 corrections.", again.output


def test_full_reverse_names_in_a_reverse_zone_are_not_given_the_zone_twice(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker
) -> None:
    project("""
        D(REV("1.2.3.0/24"), REG, DnsProvider(BIND),
            PTR("1", "foo.example.com."),
            PTR("1.2.3.2", "bar.example.com."),
            PTR(REV("1.2.3.3"), "baz.example.com.", {"skip_fqdn_check": "true"}),
            PTR("10.3.2.1.in-addr.arpa.", "ten.example.com."),
        )
        D_EXTEND(REV("1.2.3.4"), PTR("@", "silly.example.com."))
        D_EXTEND(REV("1.2.3.5/32"), PTR("1.2.3.5", "willy.example.com."))
        D_EXTEND(REV("1.2.3.6"), PTR(REV("1.2.3.6"), "billy.example.com."))
        D_EXTEND(REV("1.2.3.0/24"), PTR("7", "my.example.com."))
        D_EXTEND(REV("1.2.3.0/24"), PTR("1.2.3.8", "fair.example.com."))
        D_EXTEND(REV("1.2.3.0/24"),
            PTR(REV("1.2.3.9/32"), "lady.example.com.", {"skip_fqdn_check": "true"}))
        D_EXTEND(REV("1.2.3.0/27"), PTR("11", "classless.example.com."))
    """)
    pushed(run)
    path = workdir / "zones" / "3.2.1.in-addr.arpa.zone"
    assert sorted(records(path)) == [
        "1 300 IN PTR foo.example.com.",
        "10 300 IN PTR ten.example.com.",
        "11 300 IN PTR classless.example.com.",
        "2 300 IN PTR bar.example.com.",
        "3 300 IN PTR baz.example.com.",
        "4 300 IN PTR silly.example.com.",
        "5 300 IN PTR willy.example.com.",
        "6 300 IN PTR billy.example.com.",
        "7 300 IN PTR my.example.com.",
        "8 300 IN PTR fair.example.com.",
        "9 300 IN PTR lady.example.com.",
    ]
    named_checkzone("3.2.1.in-addr.arpa", path)


def test_rev_of_a_classless_range_in_d_extend_names_records_in_the_parent_zone(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker
) -> None:
    project("""
        D("6.10.in-addr.arpa", REG, DnsProvider(BIND),
            PTR("31.104", "example.site.com."),
        )
        D_EXTEND(REV("10.6.200.0/24"), PTR("50", "ip-10-6-200-50.example.com."))
        D_EXTEND(REV("10.6.119.0/27"),
            PTR("0", "ip-10-6-119-0.example.com."),
            PTR("10.6.119.1", "ip-10-6-119-1.example.com."),
        )
    """)
    pushed(run)
    path = workdir / "zones" / "6.10.in-addr.arpa.zone"
    assert sorted(records(path)) == [
        "0.119 300 IN PTR ip-10-6-119-0.example.com.",
        "1.119 300 IN PTR ip-10-6-119-1.example.com.",
        "31.104 300 IN PTR example.site.com.",
        "50.200 300 IN PTR ip-10-6-200-50.example.com.",
    ]
    named_checkzone("6.10.in-addr.arpa", path)


def test_split_horizon_views_are_written_each_to_its_own_file(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker
) -> None:
    project("""
        D("example.net!inside", REG, DnsProvider(BIND), A("www", "10.0.0.1"))
        D("example.net!outside", REG, DnsProvider(BIND), A("www", "192.0.2.1"))
        D("example.com", REG, DnsProvider(BIND), A("www", "192.0.2.2"))
    """)
    pushed(run)
    zones = workdir / "zones"
    assert sorted(p.name for p in zones.iterdir()) == [
        "example.com.zone",
        "example.net!inside.zone",
        "example.net!outside.zone",
    ]
    assert records(zones / "example.net!inside.zone") == ["www 300 IN A 10.0.0.1"]
    assert records(zones / "example.net!outside.zone") == ["www 300 IN A 192.0.2.1"]
    for name in ("example.net!inside", "example.net!outside"):
        assert (zones / f"{name}.zone").read_text().startswith("$ORIGIN example.net.\n")
        named_checkzone("example.net", zones / f"{name}.zone")
    listed = run("check-creds", "bind")
    assert listed.exit_code == 0, listed.output  # the views are the zones it lists
    assert listed.stdout.splitlines()[-1].startswith("example.net!inside: read ")  # the first
    assert listed.stdout.splitlines()[1:-1] == [
        "3 zone(s):",
        "  example.com",
        "  example.net!inside",
        "  example.net!outside",
    ]
    # One view changes, the other is left as it is.
    project("""
        D("example.net!inside", REG, DnsProvider(BIND), A("www", "10.0.0.9"))
        D("example.net!outside", REG, DnsProvider(BIND), A("www", "192.0.2.1"))
        D("example.com", REG, DnsProvider(BIND), A("www", "192.0.2.2"))
    """)
    preview = run("preview")
    assert "Domain: example.net!inside" in preview.stdout
    assert "± MODIFY www.example.net A (10.0.0.1 ttl=300) -> (10.0.0.9 ttl=300)" in preview.stdout
    assert preview.stdout.splitlines()[-1] == "Done. 1 corrections.", preview.output
    pushed(run)
    assert records(zones / "example.net!inside.zone") == ["www 300 IN A 10.0.0.9"]
    snapshots = run("snapshots", "list", "example.net!inside")
    assert snapshots.exit_code == 0, snapshots.output
    assert "1 snapshot(s)" in snapshots.stdout
    assert "example.net!inside.zone" in snapshots.stdout


def fake_creds(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "creds.json").write_text(json.dumps({"fake": {"TYPE": "FAKE", "token": "$TOK"}}))
    monkeypatch.setenv("TOK", "token-for-tests")


def test_two_views_at_a_provider_that_does_not_keep_views_apart_are_refused(
    run: Run, workdir: Path, write: Any, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_creds(workdir, monkeypatch)
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nF = NewDnsProvider("fake")\n'
        'D("example.net!inside", REG, DnsProvider(F))\n'
        'D("example.net!outside", REG, DnsProvider(F))\n',
    )
    result = run("preview")
    assert result.exit_code == 1
    assert (
        'dnsconfig.py:4: D("example.net!outside"): the zone example.net is also hosted at the DNS '
        'provider fake by D("example.net!inside") at dnsconfig.py:3; one would overwrite the '
        "other, since this provider does not keep split-horizon views apart."
    ) in result.stderr


@pytest.mark.parametrize("body", ["", 'IGNORE_NAME("legacy")'], ids=["no records", "only IGNOREs"])
def test_a_domain_without_records_gets_a_zone_file_with_its_soa_and_ns(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker, body: str
) -> None:
    project(f'D("empty.example", REG, DnsProvider(BIND), {body})\n')
    result = run("push")
    assert result.exit_code == 0, result.output
    path = workdir / "zones" / "empty.example.zone"
    lines = path.read_text().splitlines()
    assert lines[2].startswith("@ 300 IN SOA ns1.example.org. DEFAULT_NOT_SET. ")
    assert lines[3:] == ["@ 300 IN NS ns1.example.org.", "@ 300 IN NS ns2.example.org."]
    named_checkzone("empty.example", path)
    assert run("preview").stdout.splitlines()[-1] == "Done. 0 corrections."


def test_a_domain_without_records_or_nameservers_still_gets_its_soa(
    run: Run, project: Any, workdir: Path
) -> None:
    project('D("bare.example", REG, DnsProvider(BIND, 0))\n')
    result = run("push")
    assert result.exit_code == 0, result.output
    assert (
        "#1: + CREATE bare.example SOA ns1.example.org. DEFAULT_NOT_SET. 3600 600 604800 1440 "
        "ttl=300"
    ) in result.stdout
    lines = (workdir / "zones" / "bare.example.zone").read_text().splitlines()
    assert len(lines) == 3
    assert " IN SOA " in lines[2]
    assert run("preview").stdout.splitlines()[-1] == "Done. 0 corrections."


def test_autodnssec_on_is_accepted_and_noted_in_the_zone_file(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker
) -> None:
    project('D("signed.example", REG, DnsProvider(BIND), AUTODNSSEC_ON, A("@", "192.0.2.1"))\n')
    pushed(run)
    path = workdir / "zones" / "signed.example.zone"
    assert "; AUTODNSSEC_ON: DNSSEC signing requested" in path.read_text()
    named_checkzone("signed.example", path)
    # AUTODNSSEC_OFF is accepted too; the note goes, the records stay.
    project('D("signed.example", REG, DnsProvider(BIND), AUTODNSSEC_OFF, A("@", "192.0.2.1"))\n')
    preview = run("preview")
    assert "AUTODNSSEC_ON: DNSSEC signing requested, note removed from the zone file" in (
        preview.stdout
    )
    pushed(run)
    assert "AUTODNSSEC" not in path.read_text()
    assert records(path) == ["@ 300 IN A 192.0.2.1"]


def test_autodnssec_at_a_provider_that_cannot_is_refused(
    run: Run, workdir: Path, write: Any, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_creds(workdir, monkeypatch)
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nF = NewDnsProvider("fake")\n'
        'D("example.net", REG, DnsProvider(F), AUTODNSSEC_ON)\n',
    )
    result = run("preview")
    assert result.exit_code == 1
    assert (
        'dnsconfig.py:3: D("example.net"): the DNS provider fake (FAKE) does not support '
        "AUTODNSSEC_ON"
    ) in result.stderr


@pytest.mark.parametrize(
    ("fmt", "files", "zones"),
    [
        (
            "db_%f",
            ["db_example.com", "db_example.net", "db_example.net_inside"],
            ["example.com", "example.net", "example.net!inside"],
        ),
        (
            "%a/%T%?_zone",
            ["example.com/zone", "example.net/inside_zone", "example.net/zone"],
            ["example.com", "example.net", "example.net!inside"],
        ),
        (
            "%%%F.db",
            ["%example.com.db", "%example.net.db", "%inside_example.net.db"],
            ["example.com", "example.net", "example.net!inside"],
        ),
    ],
)
def test_filenameformat_names_the_files_with_dnscontrols_placeholders(
    run: Run,
    project: Any,
    workdir: Path,
    named_checkzone: ZoneChecker,
    fmt: str,
    files: list[str],
    zones: list[str],
) -> None:
    project(
        """
        D("example.com", REG, DnsProvider(BIND), A("www", "192.0.2.2"))
        D("example.net", REG, DnsProvider(BIND), A("www", "192.0.2.3"))
        D("example.net!inside", REG, DnsProvider(BIND), A("www", "10.0.0.3"))
        """,
        filenameformat=fmt,
    )
    pushed(run)
    found = sorted(p.relative_to(workdir / "zones").as_posix() for p in workdir.rglob("zones/**/*"))
    assert [f for f in found if not (workdir / "zones" / f).is_dir()] == files
    for file, zone in zip(files, zones, strict=True):
        named_checkzone(zone.partition("!")[0], workdir / "zones" / file)
    listed = run("check-creds", "bind")
    assert listed.stdout.splitlines()[2:-1] == [f"  {z}" for z in zones]
    assert ": read " in listed.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("fmt", "problem"),
    [("%c.zone%", "it ends with an incomplete % or %?"), ("%x.zone", "%x is not a placeholder")],
)
def test_a_bad_filenameformat_is_named_with_its_creds_key(
    run: Run, project: Any, workdir: Path, fmt: str, problem: str
) -> None:
    project('D("example.com", REG, DnsProvider(BIND))\n', filenameformat=fmt)
    result = run("preview")
    assert result.exit_code == 1
    assert f'creds.json "bind": filenameformat {fmt!r}: {problem}. It takes %c' in result.stderr
    assert "Traceback" not in result.output
    assert not (workdir / "zones").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            '52, 14, 42, "N", 13, 24, 0, "E", 42949673, 1, 1, 1',
            "altitude must be in -100000..42849672.95 metres, got 42949673",
        ),
        (
            '52, 14, 5, "N", 0, 8, 50, "E", 10, 90000001, 0, 0',
            "size must be in 0..90000000 metres, got 90000001",
        ),
        (
            '52, 14, 5, "N", 0, 8, 50, "E", -100001, 1, 0, 0',
            "altitude must be in -100000..42849672.95 metres, got -100001",
        ),
        (
            '52, 14, 60, "N", 0, 8, 50, "E", 10, 1, 0, 0',
            "latitude seconds (sec1) must be in 0..59.999, got 60",
        ),
        (
            '52, 14, 5, "N", 0, 8, 50, "E", 10, 1, 1e9, 0',
            "horizontal_precision must be in 0..90000000 metres, got 1000000000.0",
        ),
    ],
)
def test_a_loc_out_of_range_names_the_field_and_its_range(
    run: Run, project: Any, workdir: Path, args: str, message: str
) -> None:
    project(f'D("loc.example", REG, DnsProvider(BIND), LOC("@", {args}))\n')
    result = run("push")
    assert result.exit_code == 1
    assert message in result.stderr
    assert 'dnsconfig.py:3: LOC("@", ...): ' in result.stderr
    assert "format requires" not in result.stderr
    assert not (workdir / "zones").exists()


def test_locs_in_range_are_written_as_bind_reads_them(
    run: Run, project: Any, workdir: Path, named_checkzone: ZoneChecker
) -> None:
    # DNSControl's LOC page's examples.
    project("""
        D("loc.example", REG, DnsProvider(BIND),
            LOC("@", 42, 21, 54, "N", 71, 6, 18, "W", -24.01, 30, 0, 0),
            LOC("a", 42, 21, 43.952, "N", 71, 5, 6.344, "W", -24.33, 1, 200, 10),
            LOC("b", 52, 14, 5, "N", 0, 8, 50, "E", 10, 0, 0, 0),
            LOC("d", 42, 21, 28.764, "N", 71, 0, 51.617, "W", -44, 2000, 0, 0),
        )
    """)
    pushed(run)
    named_checkzone("loc.example", workdir / "zones" / "loc.example.zone")


def test_named_checkzone_refuses_a_file_bind_would_not_load(
    tmp_path: Path, named_checkzone: ZoneChecker
) -> None:
    path = tmp_path / "broken.example.zone"
    path.write_text(
        "$ORIGIN broken.example.\n$TTL 300\n"
        "@ 300 IN SOA ns1.example.org. hostmaster.example.org. 1 3600 600 604800 1440\n"
        "@ 300 IN NS ns1.example.org.\nwww 300 IN CNAME x.example.org.\nwww 300 IN A 192.0.2.1\n"
    )
    with pytest.raises(AssertionError, match="CNAME and other data"):
        named_checkzone("broken.example", path)
