"""Every DSL function through ``dnsframe check`` and ``print-ir`` on real config files."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Run

HEADER = """
REG = NewRegistrar("none")
DSP = NewDnsProvider("dsp", "NONE")
"""


def records_of(
    run: Run, write: Any, body: str, domain: str = "example.tld"
) -> list[dict[str, Any]]:
    write("dnsconfig.py", HEADER + body)
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    for d in result.json()["domains"]:
        if d["unique_name"] == domain:
            return list(d["records"])
    raise AssertionError(f"{domain} not in print-ir output")


def triples(records: list[dict[str, Any]]) -> list[tuple[str, str, str, int]]:
    return [(r["name"], r["type"], r["content"], r["ttl"]) for r in records]


def test_every_record_type_in_canonical_form(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG, DnsProvider(DSP),
    A("@", "192.0.2.1"),
    AAAA("www", "2001:DB8:0::1"),
    ALIAS("@", "lb.example.net."),
    CAA("@", "issue", "letsencrypt.org"),
    CAA("@", "iodef", "mailto:sec@example.tld", CAA_CRITICAL),
    CNAME("ftp", "www"),
    DNAME("old", "new.example.net."),
    DS("child", 2371, 13, 2, "1F987CC6583E92DF0890718C42AB000000000000000000000000000000000000"),
    LOC("@", 52, 22, 23.0, "N", 4, 53, 32.0, "E", -2, 0, 0, 0),
    MX("@", 10, "Mail.Example.net."),
    NAPTR("sip", 100, 10, "U", "E2U+sip", "!^.*$!sip:info@example.tld!", "."),
    NS("child", "ns1.example.net."),
    PTR("ptr", "host.example.net."),
    RP("@", "admin.example.tld.", "info.example.tld."),
    SRV("_sip._tcp", 10, 60, 5060, "sip"),
    SSHFP("@", 4, 2, "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB"),
    TLSA("_443._tcp", 3, 1, 1, "0D6FCE1300000000000000000000000000000000000000000000000000000000"),
    TXT("@", "v=spf1 -all"),
    TXT("long", ["part one ", "part two"]),
)
""",
    )
    got = {(r["name"], r["type"]): r["content"] for r in recs}
    assert got[("@", "A")] == "192.0.2.1"
    assert got[("www", "AAAA")] == "2001:db8::1"
    assert got[("@", "ALIAS")] == "lb.example.net."
    assert [r["content"] for r in recs if r["type"] == "CAA"] == [
        '0 issue "letsencrypt.org"',
        '128 iodef "mailto:sec@example.tld"',
    ]
    assert got[("ftp", "CNAME")] == "www.example.tld."
    assert got[("old", "DNAME")] == "new.example.net."
    assert (
        got[("child", "DS")]
        == "2371 13 2 1f987cc6583e92df0890718c42ab000000000000000000000000000000000000"
    )
    assert got[("@", "LOC")].startswith("52 22 23.000 N 4 53 32.000 E -2.00m")
    assert got[("@", "MX")] == "10 mail.example.net."
    assert got[("sip", "NAPTR")] == '100 10 "U" "E2U+sip" "!^.*$!sip:info@example.tld!" .'
    assert got[("child", "NS")] == "ns1.example.net."
    assert got[("ptr", "PTR")] == "host.example.net."
    assert got[("@", "RP")] == "admin.example.tld. info.example.tld."
    assert got[("_sip._tcp", "SRV")] == "10 60 5060 sip.example.tld."
    assert got[("@", "SSHFP")] == "4 2 " + "ab" * 32
    assert (
        got[("_443._tcp", "TLSA")]
        == "3 1 1 0d6fce1300000000000000000000000000000000000000000000000000000000"
    )
    assert got[("@", "TXT")] == "v=spf1 -all"
    assert got[("long", "TXT")] == "part one part two"
    fields = {(r["name"], r["type"]): r["fields"] for r in recs}
    assert fields[("@", "MX")] == {"mxpreference": 10, "target": "mail.example.net."}
    assert fields[("_sip._tcp", "SRV")]["srvport"] == 5060
    assert all(r["source"] and r["source"].startswith("dnsconfig.py:") for r in recs)


def test_each_record_remembers_its_file_and_line(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG,
    A("a", "192.0.2.1"),

    A("b", "192.0.2.2"),
)
""",
    )
    assert [r["source"] for r in recs] == ["dnsconfig.py:5", "dnsconfig.py:7"]


def test_default_ttl_applies_to_the_records_after_it(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG,
    A("before", "192.0.2.1"),
    DefaultTTL("1h"),
    A("after", "192.0.2.2"),
    A("own", "192.0.2.3", TTL("5m")),
    DefaultTTL(86400),
    A("last", "192.0.2.4"),
)
""",
    )
    assert [(r["name"], r["ttl"]) for r in recs] == [
        ("before", 300),
        ("after", 3600),
        ("own", 300),
        ("last", 86400),
    ]


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("300", 300),
        ("90s", 90),
        ("5m", 300),
        ("1h", 3600),
        ("2d", 172800),
        ("1w", 604800),
        (7200, 7200),
    ],
)
def test_ttl_accepts_numbers_and_duration_strings(
    run: Run, write: Any, written: Any, seconds: int
) -> None:
    recs = records_of(run, write, f'D("example.tld", REG, A("x", "192.0.2.1", TTL({written!r})))\n')
    assert recs[0]["ttl"] == seconds


def test_defaults_apply_to_every_later_domain_but_not_earlier_ones(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("first.tld", REG, A("x", "192.0.2.1"))
DEFAULTS(DnsProvider(DSP, 0), DefaultTTL("2h"), NO_PURGE)
D("second.tld", REG, A("x", "192.0.2.1"))
D("third.tld", REG, PURGE, A("x", "192.0.2.1"))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    domains = {d["name"]: d for d in result.json()["domains"]}
    assert domains["first.tld"]["records"][0]["ttl"] == 300
    assert domains["first.tld"]["dns_providers"] == []
    assert domains["second.tld"]["records"][0]["ttl"] == 7200
    assert domains["second.tld"]["dns_providers"] == [{"name": "dsp", "ns_count": 0}]
    assert domains["second.tld"]["no_purge"] is True
    assert domains["third.tld"]["no_purge"] is False


def test_bare_and_called_modifiers_are_the_same(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("bare.tld", REG, NO_PURGE, AUTODNSSEC_ON, DISABLE_IGNORE_SAFETY_CHECK,
  CAA("@", "issue", "ca.example", CAA_CRITICAL), END)
D("called.tld", REG, NO_PURGE(), AUTODNSSEC_ON(), DISABLE_IGNORE_SAFETY_CHECK(),
  CAA("@", "issue", "ca.example", CAA_CRITICAL()), END())
D("off.tld", REG, AUTODNSSEC_OFF)
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    bare, called, off = result.json()["domains"]
    for key in ("no_purge", "autodnssec", "disable_ignore_safety_check"):
        assert bare[key] == called[key]
    assert bare["autodnssec"] == "on"
    assert off["autodnssec"] == "off"
    assert (
        bare["records"][0]["content"] == called["records"][0]["content"] == '128 issue "ca.example"'
    )


def test_macros_lists_loops_and_sibling_modules(run: Run, write: Any) -> None:
    write(
        "macros.py",
        """
        from dnsframe import *

        def web(name, *addresses):
            return [A(name, a) for a in addresses]
    """,
    )
    recs = records_of(
        run,
        write,
        """
from macros import web
MAIL = [MX("@", 10, "mx1"), [MX("@", 20, "mx2")]]
D("example.tld", REG,
    web("www", "192.0.2.1", "192.0.2.2"),
    MAIL,
    [TXT(f"t{i}", str(i)) for i in range(3)],
)
""",
    )
    assert triples(recs) == [
        ("www", "A", "192.0.2.1", 300),
        ("www", "A", "192.0.2.2", 300),
        ("@", "MX", "10 mx1.example.tld.", 300),
        ("@", "MX", "20 mx2.example.tld.", 300),
        ("t0", "TXT", "0", 300),
        ("t1", "TXT", "1", 300),
        ("t2", "TXT", "2", 300),
    ]
    assert recs[0]["source"] == "macros.py:4"


def test_metadata_on_records_domains_and_providers(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        """
REG = NewRegistrar("none", "NONE", {"note": "registrar meta"})
DSP = NewDnsProvider("dsp", {"region": "eu"})
D("example.tld", REG, DnsProvider(DSP), {"owner": "team-a"},
  A("x", "192.0.2.1", {"comment": "web"}, TTL(60)))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    ir = result.json()
    assert ir["registrars"][0] == {
        "name": "none",
        "type": "NONE",
        "meta": {"note": "registrar meta"},
        "source": "dnsconfig.py:1",
    }
    assert ir["dns_providers"][0]["meta"] == {"region": "eu"}
    assert ir["dns_providers"][0]["type"] is None
    domain = ir["domains"][0]
    assert domain["meta"] == {"owner": "team-a"}
    assert domain["records"][0]["meta"] == {"comment": "web"}
    assert domain["records"][0]["ttl"] == 60


def test_names_relative_absolute_and_idn(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("Bücher.example", REG,
    A("@", "192.0.2.1"),
    A("WWW", "192.0.2.2"),
    A("shop.bücher.example.", "192.0.2.3"),
    A("bücher.example.", "192.0.2.4"),
    A("*", "192.0.2.5"),
    A("a.b", "192.0.2.6"),
    CNAME("münchen", "straße.example.net."),
)
""",
        domain="xn--bcher-kva.example",
    )
    assert [r["name"] for r in recs] == ["@", "www", "shop", "@", "*", "a.b", "xn--mnchen-3ya"]
    assert recs[-1]["content"] == "xn--strae-oqa.example.net."
    assert recs[1]["fqdn"] == "www.xn--bcher-kva.example"


def test_targets_at_apex_and_single_labels_are_made_absolute(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG,
    CNAME("www", "@"),
    MX("@", 0, "."),
    SRV("_x._tcp", 0, 0, 0, "."),
    NS("sub", "ns1"),
)
""",
    )
    assert [r["content"] for r in recs] == ["example.tld.", "0 .", "0 0 0 .", "ns1.example.tld."]


def test_d_extend_adds_to_the_domain_and_rewrites_subdomain_names(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("example.tld", REG, DefaultTTL(600), A("@", "192.0.2.1"))
D("sub.example.tld", REG, A("@", "192.0.2.9"))
D_EXTEND("example.tld", A("more", "192.0.2.2"))
D_EXTEND("x.example.tld", A("@", "192.0.2.3"), A("www", "192.0.2.4"), CNAME("e", "f"), CNAME("g", "@"))
D_EXTEND("deep.sub.example.tld", A("@", "192.0.2.5"))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    domains = {d["name"]: d for d in result.json()["domains"]}
    assert triples(domains["example.tld"]["records"]) == [
        ("@", "A", "192.0.2.1", 600),
        ("more", "A", "192.0.2.2", 600),
        ("x", "A", "192.0.2.3", 600),
        ("www.x", "A", "192.0.2.4", 600),
        ("e.x", "CNAME", "f.x.example.tld.", 600),
        ("g.x", "CNAME", "x.example.tld.", 600),
    ]
    # the longest declared domain wins
    assert triples(domains["sub.example.tld"]["records"])[-1] == ("deep", "A", "192.0.2.5", 300)


def test_include_copies_the_records_of_another_domain(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("example.tld!external", REG, A("www", "192.0.2.1"), CNAME("home", "@"))
D("example.tld!internal", REG, INCLUDE("example.tld!external"), A("intranet", "10.0.0.1"))
D("other.tld", REG, INCLUDE("example.tld!external"))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    ext, internal, other = result.json()["domains"]
    assert (ext["name"], ext["tag"], internal["tag"]) == ("example.tld", "external", "internal")
    assert [r["name"] for r in internal["records"]] == ["www", "home", "intranet"]
    assert other["records"][1]["content"] == "other.tld."


def test_ignores_nameservers_and_ensure_absent(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("example.tld", REG, DnsProvider(DSP, 2),
    NAMESERVER("ns1.example.net."),
    NAMESERVER("ns2"),
    NAMESERVER_TTL("2d"),
    IGNORE("_acme-challenge", "TXT"),
    IGNORE("*.dev", "A,AAAA", "10.*"),
    IGNORE_NAME("legacy"),
    IGNORE_TARGET("**.cdn.example.net.", "CNAME"),
    ENSURE_ABSENT_REC(A("old", "192.0.2.66")),
)
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    d = result.json()["domains"][0]
    assert d["dns_providers"] == [{"name": "dsp", "ns_count": 2}]
    assert d["nameservers"] == ["ns1.example.net", "ns2.example.tld"]
    assert d["nameserver_ttl"] == 172800
    assert [(i["kind"], i["label"], i["types"], i["target"]) for i in d["ignores"]] == [
        ("IGNORE", "_acme-challenge", "TXT", "*"),
        ("IGNORE", "*.dev", "A,AAAA", "10.*"),
        ("IGNORE_NAME", "legacy", "*", "*"),
        ("IGNORE_TARGET", "*", "CNAME", "**.cdn.example.net."),
    ]
    assert d["records"] == []
    assert [(r["name"], r["content"]) for r in d["ensure_absent"]] == [("old", "192.0.2.66")]


def test_ip_and_rev(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D(REV("192.0.2.0/24"), REG,
  PTR("192.0.2.4", "host4.example.tld."),
  PTR("5", "host5.example.tld."),
  PTR("6.2.0.192.in-addr.arpa.", "host6.example.tld."))
D(REV("2001:db8::/32"), REG, PTR("2001:db8::1", "v6.example.tld."))
D(REV("198.51.100.128/25"), REG, PTR("198.51.100.129", "c.example.tld."))
D(REV("10.192.0.0/13"), REG)
D("example.tld", REG, A("x", IP("192.0.2.1") + 1))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    domains = result.json()["domains"]
    assert [d["name"] for d in domains] == [
        "2.0.192.in-addr.arpa",
        "8.b.d.0.1.0.0.2.ip6.arpa",
        "128/25.100.51.198.in-addr.arpa",
        "192-13.10.in-addr.arpa",
        "example.tld",
    ]
    assert [r["name"] for r in domains[0]["records"]] == ["4", "5", "6"]
    assert domains[1]["records"][0]["name"] == "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
    assert domains[2]["records"][0]["name"] == "129"
    assert domains[4]["records"][0]["content"] == "192.0.2.2"


def test_caa_builder(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG, CAA_BUILDER({
    "label": "@", "iodef": "mailto:sec@example.tld", "iodef_critical": True,
    "issue": ["letsencrypt.org", "comodoca.com"], "issuewild": "none", "ttl": "1h",
}))
""",
    )
    assert triples(recs) == [
        ("@", "CAA", '128 iodef "mailto:sec@example.tld"', 3600),
        ("@", "CAA", '0 issue "letsencrypt.org"', 3600),
        ("@", "CAA", '0 issue "comodoca.com"', 3600),
        ("@", "CAA", '0 issuewild ";"', 3600),
    ]


def test_dmarc_builder(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG,
  DMARC_BUILDER({"policy": "reject", "subdomainPolicy": "quarantine", "percent": 50,
                 "alignmentSPF": "r", "alignmentDKIM": "strict", "rua": ["mailto:a@x.tld", "mailto:b@x.tld"],
                 "ruf": ["mailto:c@x.tld"], "failureOptions": "1", "reportInterval": "1h"}),
  DMARC_BUILDER({"label": "sub"}))
""",
    )
    assert triples(recs) == [
        (
            "_dmarc",
            "TXT",
            "v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=r; pct=50; "
            "rua=mailto:a@x.tld,mailto:b@x.tld; ruf=mailto:c@x.tld; fo=1; ri=3600",
            300,
        ),
        ("_dmarc.sub", "TXT", "v=DMARC1; p=none", 300),
    ]


def test_spf_builder_joins_and_splits_without_flattening(run: Run, write: Any) -> None:
    recs = records_of(
        run,
        write,
        """
D("example.tld", REG,
  SPF_BUILDER({"parts": ["v=spf1", "include:_spf.google.com", "~all"]}),
  SPF_BUILDER({"label": "big", "overflow": "_spf%d",
               "parts": ["v=spf1"] + [f"ip4:198.51.100.{i}" for i in range(40)] + ["-all"]}))
""",
    )
    assert recs[0]["content"] == "v=spf1 include:_spf.google.com ~all"
    chain = recs[1:]
    names = [r["name"] for r in chain]
    assert names == ["big"] + [f"_spf{i}" for i in range(1, len(chain))]
    assert len(chain) >= 3
    assert all(len(r["content"]) <= 255 for r in chain)
    for i, record in enumerate(chain[:-1], start=1):
        assert record["content"].endswith(f" include:_spf{i}.example.tld -all")
    assert chain[-1]["content"].endswith(" -all")
    assert "include:" not in chain[-1]["content"]
    terms = [t for r in chain for t in r["content"].split() if t.startswith("ip4:")]
    assert terms == [f"ip4:198.51.100.{i}" for i in range(40)]


def test_print_ir_pretty_and_out_file(run: Run, write: Any, workdir: Any) -> None:
    write("dnsconfig.py", HEADER + 'D("example.tld", REG, A("x", "192.0.2.1"))\n')
    pretty = run("print-ir", "--pretty")
    assert pretty.exit_code == 0
    assert pretty.stdout.startswith("{\n  ")
    result = run("print-ir", "--out", "ir.json")
    assert result.exit_code == 0
    assert (workdir / "ir.json").read_text().strip() == run("print-ir").stdout.strip()


def test_config_and_debug_options_anywhere(run: Run, write: Any) -> None:
    write("conf/zones.py", HEADER + 'D("example.tld", REG)\n')
    assert run("check", "--config", "conf/zones.py", "--debug").exit_code == 0
    assert run("--debug", "check", "--config", "conf/zones.py").exit_code == 0
    missing = run("check")
    assert missing.exit_code == 1
    assert "ERROR: dnsconfig.py: no such file" in missing.stderr
