"""The last names of DNSControl's language through the ``dnsframe`` command: DOMAIN_ELSEWHERE(_AUTO),
getConfiguredDomains, M365_BUILDER, DKIM_BUILDER, the LOC builders and the vendor modifiers.

The expected records of DNSControl's documentation examples are transcribed from its pages
(``documentation/language-reference/...``); those of the LOC builders, whose pages show none, from
DNSControl's parse test ``pkg/js/parse_tests/045-loc.json``, which runs the same examples.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest

from dnsframe.model import Record
from tests.conftest import Run

HEADER = """
REG = NewRegistrar("none")
DSP = NewDnsProvider("dsp", "NONE")
"""


def ir_of(run: Run, write: Any, body: str) -> dict[str, Any]:
    write("dnsconfig.py", HEADER + body)
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    return {d["unique_name"]: d for d in result.json()["domains"]}


def records(domain: dict[str, Any]) -> set[tuple[str, str, str, int]]:
    """(name, type, content, ttl), content through dnspython so that spellings compare."""
    out = set()
    for r in domain["records"]:
        content = r["content"] if r["type"] == "TXT" else _rdata(r["type"], r["content"])
        out.add((r["name"], r["type"], content, r["ttl"]))
    return out


def _rdata(rtype: str, text: str) -> str:
    rdtype = dns.rdatatype.from_text(rtype)
    return dns.rdata.from_text(dns.rdataclass.IN, rdtype, text).to_text()


def documented(lines: str, ttl: int) -> set[tuple[str, str, str, int]]:
    """Records as DNSControl's pages show them: ``name IN TYPE data``, absolute targets."""
    out = set()
    for line in lines.strip().splitlines():
        name, _in, rtype, data = line.split(None, 3)
        content = data.strip('"') if rtype == "TXT" else _rdata(rtype, data)
        out.add((name, rtype, content, ttl))
    return out


def problems(run: Run, write: Any, body: str) -> list[str]:
    write("dnsconfig.py", HEADER + body)
    result = run("check")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    return [line.strip() for line in result.output.splitlines() if "dnsconfig.py:" in line]


# M365_BUILDER ---------------------------------------------------------------------------------


def test_m365_builder_gives_the_records_of_dnscontrols_examples(run: Run, write: Any) -> None:
    domains = ir_of(
        run,
        write,
        """
D("example.com", REG, DnsProvider(DSP),
  M365_BUILDER("example.com", {
      "initialDomain": "contoso.onmicrosoft.com",
  }, TTL("1h")),
)
D("example.net", REG, DnsProvider(DSP))
D("example.org", REG, DnsProvider(DSP))
D_EXTEND("example.net",
  M365_BUILDER("test.example.net", {
      "label": "test",
      "initialDomain": "contoso.onmicrosoft.com",
      "verificationToken": "MS=ms12345678",
      "skypeForBusiness": True,
      "mdm": True,
  }, TTL("1h")),
)
D_EXTEND("example.org",
  M365_BUILDER("example.org", {
      "mxTarget": "example-com.o-v1.mx.microsoft",
      "dkimSelector1Target": "selector1-example-com._domainkey.contoso.o-v1.dkim.mail.microsoft",
      "dkimSelector2Target": "selector2-example-com._domainkey.contoso.o-v1.dkim.mail.microsoft",
  }),
  MX("@", 30, "example-com.mail.protection.outlook.com."),
)
""",
    )
    assert records(domains["example.com"]) == documented(
        """
@                     IN  MX     0 example-com.mail.protection.outlook.com.
autodiscover          IN  CNAME  autodiscover.outlook.com.
selector1._domainkey  IN  CNAME  selector1-example-com._domainkey.contoso.onmicrosoft.com.
selector2._domainkey  IN  CNAME  selector2-example-com._domainkey.contoso.onmicrosoft.com.
""",
        3600,
    )
    # The page's subdomain example is in example.com; the same call in example.net.
    assert records(domains["example.net"]) == documented(
        """
test                         IN  TXT    "MS=ms12345678"
test                         IN  MX     0 test-example-net.mail.protection.outlook.com.
autodiscover.test            IN  CNAME  autodiscover.outlook.com.
selector1._domainkey.test    IN  CNAME  selector1-test-example-net._domainkey.contoso.onmicrosoft.com.
selector2._domainkey.test    IN  CNAME  selector2-test-example-net._domainkey.contoso.onmicrosoft.com.
_sipfederationtls._tcp.test  IN  SRV    100 1 5061 sipfed.online.lync.com.
enterpriseregistration.test  IN  CNAME  enterpriseregistration.windows.net.
enterpriseenrollment.test    IN  CNAME  enterpriseenrollment-s.manage.microsoft.com.
""",
        3600,
    )
    assert records(domains["example.org"]) == documented(
        """
@                     IN  MX     0 example-com.o-v1.mx.microsoft.
@                     IN  MX     30 example-com.mail.protection.outlook.com.
autodiscover          IN  CNAME  autodiscover.outlook.com.
selector1._domainkey  IN  CNAME  selector1-example-com._domainkey.contoso.o-v1.dkim.mail.microsoft.
selector2._domainkey  IN  CNAME  selector2-example-com._domainkey.contoso.o-v1.dkim.mail.microsoft.
""",
        300,
    )
    sources = {r["source"] for r in domains["example.com"]["records"]}
    assert sources == {"dnsconfig.py:5"}  # the builder's line


def test_m365_builder_inside_d_extend_of_a_subdomain(run: Run, write: Any) -> None:
    domains = ir_of(
        run,
        write,
        """
D("example.com", REG, DnsProvider(DSP))
D_EXTEND("sub.example.com",
  M365_BUILDER("sub.example.com", {
      "initialDomain": "contoso.onmicrosoft.com",
      "autodiscover": False,
  }),
)
""",
    )
    assert records(domains["example.com"]) == documented(
        """
sub                       IN  MX     0 sub-example-com.mail.protection.outlook.com.
selector1._domainkey.sub  IN  CNAME  selector1-sub-example-com._domainkey.contoso.onmicrosoft.com.
selector2._domainkey.sub  IN  CNAME  selector2-sub-example-com._domainkey.contoso.onmicrosoft.com.
""",
        300,
    )


def test_m365_builder_reports_every_problem_at_its_line(run: Run, write: Any) -> None:
    found = problems(
        run,
        write,
        """
D("example.com", REG, DnsProvider(DSP),
  M365_BUILDER("example.com", {"mx": "yes", "mxPriority": 70000, "dkim": False, "colour": 1}),
  M365_BUILDER("example.com", {"dkimSelector1Target": "a.example.net"}),
  M365_BUILDER("other.com", {"initialDomain": "contoso.onmicrosoft.com"}),
  M365_BUILDER("example.com", {"dkim": False, "mxTarget": "x", "verificationToken": "ms1"}),
  M365_BUILDER("example.com", {"dkim": False}, A("a", "1.2.3.4")),
)
D("my-shop.com", REG, M365_BUILDER("my-shop.com", {"dkim": False}))
D("my-shop.net", REG, M365_BUILDER("my-shop.net", {"dkim": False, "domainGUID": "myshop-net"}))
""",
    )
    joined = "\n".join(found)
    assert 'dnsconfig.py:5: M365_BUILDER("example.com", ...): unknown option colour' in joined
    assert 'dnsconfig.py:5: M365_BUILDER("example.com", ...): mx must be True or False' in joined
    assert "mxPriority must be an integer 0..65535, got 70000" in joined
    assert (
        'dnsconfig.py:6: M365_BUILDER("example.com", ...): set both dkimSelector1Target' in joined
    )
    assert 'dnsconfig.py:7: M365_BUILDER("other.com", ...): the records are placed under ' in joined
    assert (
        'dnsconfig.py:8: M365_BUILDER("example.com", ...): mxTarget must be a full host' in joined
    )
    assert "verificationToken is the whole TXT value, like 'MS=ms12345678'" in joined
    assert 'dnsconfig.py:9: M365_BUILDER("example.com", ...): takes TTL(...) after' in joined
    assert 'dnsconfig.py:11: M365_BUILDER("my-shop.com", ...): a name with a dash' in joined
    assert "my-shop.net" not in joined  # domainGUID given: nothing to derive
    # No DKIM target and no initialDomain: DKIM is on by default.
    assert (
        "DKIM (on by default) needs initialDomain"
        in problems(run, write, 'D("example.com", REG, M365_BUILDER("example.com"))\n')[0]
    )


# DKIM_BUILDER ---------------------------------------------------------------------------------


def test_dkim_builder_gives_the_records_of_dnscontrols_examples(run: Run, write: Any) -> None:
    domains = ir_of(
        run,
        write,
        """
D("example.com", REG, DnsProvider(DSP),
  DKIM_BUILDER({
    "selector": "s1",
    "pubkey": "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDC5/z4L"
  }),
)
D("example.net", REG, DnsProvider(DSP),
  DKIM_BUILDER({
    "selector": "k2",
    "pubkey": "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDC5/z4L",
    "label": "subdomain",
    "version": "DKIM1",
    "hashtypes": ["sha1", "sha256"],
    "keytype": "rsa",
    "note": "some human-readable notes",
    "servicetypes": ["email"],
    "flags": ["y", "s"],
    "ttl": 150
  }),
)
""",
    )
    assert records(domains["example.com"]) == {
        ("s1._domainkey", "TXT", "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDC5/z4L", 300)
    }
    assert records(domains["example.net"]) == {
        (
            "k2._domainkey.subdomain",
            "TXT",
            "v=DKIM1; h=sha1:sha256; k=rsa; n=some=20human-readable=20notes; "
            "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDC5/z4L; s=email; t=y:s",
            150,
        )
    }


def test_dkim_builder_reports_every_problem_at_its_line(run: Run, write: Any) -> None:
    found = problems(
        run,
        write,
        """
D("example.com", REG,
  DKIM_BUILDER({"pubkey": "abc"}),
  DKIM_BUILDER({"selector": "s", "keytype": "dsa"}),
  DKIM_BUILDER({"selector": "s", "keytype": "ed25519", "hashtypes": "sha1"}),
  DKIM_BUILDER({"selector": "s", "flags": ["x"], "colour": 1}),
  DKIM_BUILDER({"selector": "s", "servicetypes": "web"}),
)
""",
    )
    assert found == [
        "dnsconfig.py:5: DKIM_BUILDER(): selector must be a non-empty string, like 's1'",
        "dnsconfig.py:6: DKIM_BUILDER(): keytype must be rsa or ed25519, got 'dsa'",
        "dnsconfig.py:7: DKIM_BUILDER(): hashtypes for ed25519 must be among sha256, got sha1",
        "dnsconfig.py:8: DKIM_BUILDER(): unknown option colour; known: flags, hashtypes, "
        "keytype, label, note, pubkey, selector, servicetypes, ttl, version",
        "dnsconfig.py:9: DKIM_BUILDER(): servicetypes must be among *, email, got web",
    ]


# LOC builders ---------------------------------------------------------------------------------

#: DNSControl's documentation examples, and the records its parse test 045-loc shows for them.
LOC_EXAMPLES = {
    "big-ben": "51 30 3.030 N 00 07 28.650 W 6m 0.00m 0.00m 0.00m",
    "white-house": "38 53 51.940 N 77 02 11.580 W 19m 0.00m 0.00m 0.00m",
    "white-house-ttl": "38 53 51.940 N 77 02 11.580 W 19m 0.00m 0.00m 0.00m",
    "sydney-opera-house": "33 51 31.000 S 151 12 51.000 E 4m 0.00m 0.00m 0.00m",
    "tasmania": "42 00 0.000 S 147 00 0.000 E 3m 0.00m 0.00m 0.00m",
    "fraser-island": "25 14 24.000 S 153 09 0.000 E 3m 0.00m 0.00m 0.00m",
    "old-faithful": "44 27 38.000 N 110 49 41.000 W 2240m 0.00m 0.00m 0.00m",
    "ribblehead-viaduct": "54 12 38.000 N 02 22 13.000 W 300m 0.00m 0.00m 0.00m",
    "guinness-brewery": "53 20 40.000 N 06 17 20.000 W 300m 0.00m 0.00m 0.00m",
}


def _loc(text: str) -> tuple[Any, ...]:
    rd: Any = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.LOC, text)
    return rd.float_latitude, rd.float_longitude, rd.altitude, rd.size, rd.horizontal_precision


def test_loc_builders_give_the_records_of_dnscontrols_examples(run: Run, write: Any) -> None:
    domains = ir_of(
        run,
        write,
        """
D("example.com", REG, DnsProvider(DSP), DefaultTTL("1h"),
  LOC_BUILDER_DD({
    "label": "big-ben",
    "x": 51.50084265331501,
    "y": -0.12462541415599787,
    "alt": 6,
  }),
  LOC_BUILDER_DD({
    "label": "white-house",
    "x": 38.89775977858357,
    "y": -77.03655125982903,
    "alt": 19,
  }),
  LOC_BUILDER_DD({
    "label": "white-house-ttl",
    "x": 38.89775977858357,
    "y": -77.03655125982903,
    "alt": 19,
    "ttl": "5m",
  }),
  LOC_BUILDER_DMS_STR({
    "label": "sydney-opera-house",
    "str": "33°51′31″S 151°12′51″E",
    "alt": 4,
    "ttl": "5m",
  }),
  LOC_BUILDER_STR({
    "label": "tasmania",
    "str": "42°S 147°E",
    "alt": 3,
  }),
  LOC_BUILDER_DMM_STR({"label": "fraser-island", "str": "25.24°S 153.15°E", "alt": 3}),
  LOC_BUILDER_STR({
    "label": "old-faithful",
    "str": "44.46046°N 110.82815°W",
    "alt": 2240,
  }),
  LOC_BUILDER_STR({
    "label": "ribblehead-viaduct",
    "str": "54.210436°N 2.370231°W",
    "alt": 300,
  }),
  LOC_BUILDER_STR({
    "label": "guinness-brewery",
    "str": "53°20′40″N 6°17′20″W",
    "alt": 300,
  }),
)
""",
    )
    got = {r["name"]: r for r in domains["example.com"]["records"]}
    assert set(got) == set(LOC_EXAMPLES)
    for name, expected in LOC_EXAMPLES.items():
        ours, theirs = _loc(got[name]["content"]), _loc(expected)
        # DNSControl shows seconds to the hundredth; the builders compute them to the thousandth.
        assert ours[0] == pytest.approx(theirs[0], abs=0.0051 / 3600), name
        assert ours[1] == pytest.approx(theirs[1], abs=0.0051 / 3600), name
        assert ours[2:] == theirs[2:], name
    assert got["white-house-ttl"]["ttl"] == 300  # ttl "5m"
    assert got["sydney-opera-house"]["ttl"] == 300
    assert got["big-ben"]["ttl"] == 3600  # DefaultTTL
    assert got["tasmania"]["ttl"] == 3600


def test_loc_builders_take_every_documented_spelling(run: Run, write: Any) -> None:
    dms = ["33°51′31″S 151°12′51″E", "33°51'31\"S 151°12'51\"E", "33d51m31sS 151d12m51sE",
           "33d51m31s S 151d12m51s E"]  # fmt: skip
    dmm = ["25.24°S 153.15°E", "25.24 S 153.15 E", "25.24° S 153.15° E", "25.24S 153.15E"]
    body = (
        "\n".join(
            f'  LOC_BUILDER_DMS_STR({{"label": "s{i}", "str": {text!r}}}),'
            for i, text in enumerate(dms)
        )
        + "\n"
        + "\n".join(
            f'  LOC_BUILDER_DMM_STR({{"label": "m{i}", "str": {text!r}}}),'
            for i, text in enumerate(dmm)
        )
    )
    domains = ir_of(run, write, f'D("example.com", REG,\n{body}\n)\n')
    contents = {r["name"]: r["content"] for r in domains["example.com"]["records"]}
    assert {contents[f"s{i}"] for i in range(4)} == {
        "33 51 31.000 S 151 12 51.000 E 0.00m 0.00m 0.00m 0.00m"
    }
    assert {_loc(contents[f"m{i}"]) for i in range(4)} == {
        _loc("25 14 24.000 S 153 09 0.000 E 0m 0.00m 0.00m 0.00m")
    }


def test_loc_builder_dmm_carries_seconds_rounded_up_to_a_whole_minute(run: Run, write: Any) -> None:
    # 147.2 is 147.1999...: 11 minutes and 59.99 seconds, which round to 12 minutes, not 60 s.
    domains = ir_of(
        run,
        write,
        'D("example.com", REG, LOC_BUILDER_DMM_STR({"label": "t", "str": "42.5 S 147.2 E"}))\n',
    )
    (record,) = domains["example.com"]["records"]
    assert _loc(record["content"]) == _loc("42 30 0.000 S 147 12 0.000 E 0m 0.00m 0.00m 0.00m")


def test_loc_builders_report_every_problem_at_its_line(run: Run, write: Any) -> None:
    found = problems(
        run,
        write,
        """
D("example.com", REG,
  LOC_BUILDER_DD({"label": "a", "x": 51.5}),
  LOC_BUILDER_DD({"label": "b", "x": 95, "y": 0}),
  LOC_BUILDER_DMS_STR({"label": "c", "str": "somewhere nice"}),
  LOC_BUILDER_STR({"label": "d", "str": "42°S 147°E", "alt": "high"}),
  LOC_BUILDER_DMM_STR({"label": "e", "string": "42°S 147°E"}),
  LOC_BUILDER_DD("51.5, -0.12"),
)
""",
    )
    assert found == [
        "dnsconfig.py:5: LOC_BUILDER_DD(): y (the longitude) must be a number of degrees from "
        "-180 to 180, got None",
        "dnsconfig.py:6: LOC_BUILDER_DD(): x (the latitude) must be a number of degrees from -90 "
        "to 90, got 95",
        'dnsconfig.py:7: LOC_BUILDER_DMS_STR(): cannot read coordinates from "somewhere nice"; '
        "write them like 33°51′31″S 151°12′51″E",
        "dnsconfig.py:8: LOC_BUILDER_STR(): alt must be a number of metres, got 'high'",
        "dnsconfig.py:9: LOC_BUILDER_DMM_STR(): unknown option string; known: alt, label, str, ttl",
        'dnsconfig.py:10: LOC_BUILDER_DD() takes one dict of options, like {"x": 51.5, "y": '
        "-0.12}, got '51.5, -0.12'",
    ]


# DOMAIN_ELSEWHERE, DOMAIN_ELSEWHERE_AUTO, getConfiguredDomains ------------------------------------


def step_project(workdir: Path, write: Any, body: str) -> None:
    (workdir / "creds.json").write_text(json.dumps({"step": {"TYPE": "STEP"}}))
    write("dnsconfig.py", 'REG = NewRegistrar("step")\nDSP = NewDnsProvider("step")\n' + body)


def test_domain_elsewhere_sets_only_the_delegation(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    step_plugin.ZONES["auto.tld"] = [Record("www", "A", "192.0.2.1", 300)]
    step_project(
        workdir,
        write,
        """
DOMAIN_ELSEWHERE("example.com", REG, ["ns1.foo.com.", "ns2.foo.com."])
DOMAIN_ELSEWHERE_AUTO("auto.tld", REG, DSP)
""",
    )
    result = run("push")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "******************** Domain: example.com",
        "1 correction (step)",
        "#1: ± MODIFY nameservers of example.com: none -> ns1.foo.com, ns2.foo.com",
        "SUCCESS!",
        "******************** Domain: auto.tld",
        "INFO#1: NO_PURGE keeps 1 record(s) the config does not mention: www.auto.tld A",
        "1 correction (step)",
        "#1: ± MODIFY nameservers of auto.tld: none -> ns1.step.example, ns2.step.example",
        "SUCCESS!",
        "Done. 2 corrections.",
    ]
    assert step_plugin.ZONES["auto.tld"] == [Record("www", "A", "192.0.2.1", 300)]  # kept
    assert run("preview", "--expect-no-changes").exit_code == 0
    ir = run("print-ir").json()["domains"]
    assert [(d["name"], d["no_purge"], d["nameservers"], d["dns_providers"]) for d in ir] == [
        ("example.com", True, ["ns1.foo.com", "ns2.foo.com"], []),
        ("auto.tld", True, [], [{"name": "step", "ns_count": -1}]),
    ]


def test_domain_elsewhere_misuse_is_an_error_at_its_line(run: Run, write: Any) -> None:
    assert problems(run, write, 'DOMAIN_ELSEWHERE("example.com", REG, 42)\n') == [
        'ERROR: dnsconfig.py:3: DOMAIN_ELSEWHERE("example.com", ...): the third argument must be '
        "the list of nameserver host names, like ['ns1.example.net.', 'ns2.example.net.'], got 42"
    ]
    found = problems(run, write, 'DOMAIN_ELSEWHERE_AUTO("example.com", REG)\n')
    assert found[0].startswith(
        'ERROR: dnsconfig.py:3: DOMAIN_ELSEWHERE_AUTO("example.com", ...): name the DNS provider'
    )
    found = problems(run, write, 'DOMAIN_ELSEWHERE("example.com", "nobody", ["ns1.foo.com."])\n')
    assert (
        'dnsconfig.py:3: D("example.com", ...): the second argument must be a registrar'
        in (found[0])
    )


def test_get_configured_domains_lists_the_domains_declared_so_far(run: Run, write: Any) -> None:
    domains = ir_of(
        run,
        write,
        """
before = getConfiguredDomains()
D("example.com", REG, DnsProvider(DSP))
D("Example.NET.", REG, DnsProvider(DSP))
D("example.org!inside", REG, DnsProvider(DSP))
for name in getConfiguredDomains():
    D_EXTEND(name, TXT("@", f"before: {before}, this: {name}"))
""",
    )
    assert [(n, r["content"]) for n, d in domains.items() for r in d["records"]] == [
        ("example.com", "before: [], this: example.com"),
        ("example.net", "before: [], this: example.net"),
        ("example.org!inside", "before: [], this: example.org!inside"),
    ]


# Vendor modifiers and the INFO of unused metadata ----------------------------------------------

#: Each of DNSControl's provider-specific modifiers and the metadata it stands for there.
VENDOR = {
    "CF_PROXY_OFF": {"cloudflare_proxy": "off"},
    "CF_PROXY_ON": {"cloudflare_proxy": "on"},
    "CF_PROXY_FULL": {"cloudflare_proxy": "full"},
    "CF_CNAME_FLATTEN_OFF": {"cloudflare_cname_flatten": "off"},
    "CF_CNAME_FLATTEN_ON": {"cloudflare_cname_flatten": "on"},
    "CF_COMMENT('hi')": {"cloudflare_comment": "hi"},
    "CF_TAGS('a', 'b')": {"cloudflare_tags": "a,b"},
    "HEDNS_DYNAMIC_ON": {"hedns_dynamic": "on"},
    "HEDNS_DYNAMIC_OFF": {"hedns_dynamic": "off"},
    "HEDNS_DDNS_KEY('k')": {"hedns_dynamic": "on", "hedns_ddns_key": "k"},
    "R53_WEIGHT(70, 'web-east')": {"r53_weight": "70", "r53_set_identifier": "web-east"},
    "R53_HEALTH_CHECK_ID('hc-1')": {"r53_health_check_id": "hc-1"},
    "R53_EVALUATE_TARGET_HEALTH(True)": {"evaluate_target_health": "true"},
    "AUTOSPLIT": {},
}
DOMAIN_VENDOR = {
    "CF_PROXY_DEFAULT_OFF": {"cloudflare_proxy_default": "off"},
    "CF_PROXY_DEFAULT_ON": {"cloudflare_proxy_default": "on"},
    "CF_UNIVERSALSSL_OFF": {"cloudflare_universalssl": "off"},
    "CF_UNIVERSALSSL_ON": {"cloudflare_universalssl": "on"},
    "CF_MANAGE_COMMENTS": {"cloudflare_manage_comments": "true"},
    "CF_MANAGE_TAGS": {"cloudflare_manage_tags": "true"},
    "R53_ZONE('Z111')": {"zone_id": "Z111"},
}


def test_vendor_modifiers_are_the_metadata_they_stand_for(run: Run, write: Any) -> None:
    lines = [f'  A("r{i}", "192.0.2.1", {mod}),' for i, mod in enumerate(VENDOR)]
    lines += [f'D("d{i}.tld", REG, {mod})' for i, mod in enumerate(DOMAIN_VENDOR)]
    domains = ir_of(
        run,
        write,
        'D("example.com", REG, GIDINET_PREMIUM_NS(),\n'
        + "\n".join(lines[: len(VENDOR)])
        + '\n  A("foo.example.com", "192.0.2.2", DISABLE_REPEATED_DOMAIN_CHECK),'
        + '\n  TXT("k", DKIM("v=DKIM1; p=abc")),\n)\n'
        + "\n".join(lines[len(VENDOR) :])
        + "\n",
    )
    got = {r["name"]: r["meta"] for r in domains["example.com"]["records"]}
    assert [got[f"r{i}"] for i in range(len(VENDOR))] == list(VENDOR.values())
    assert got["foo.example.com"] == {"skip_fqdn_check": "true"}
    assert domains["example.com"]["nameservers"] == [f"dns{n}.gidinet.com" for n in range(1, 6)]
    assert [domains[f"d{i}.tld"]["meta"] for i in range(len(DOMAIN_VENDOR))] == list(
        DOMAIN_VENDOR.values()
    )


def test_vendor_modifier_misuse_is_reported_at_its_line(run: Run, write: Any) -> None:
    found = problems(
        run,
        write,
        """
D("example.com", REG,
  A("a", "192.0.2.1", R53_WEIGHT(300, "x")),
  A("b", "192.0.2.1", R53_WEIGHT(3, "")),
  A("c", "192.0.2.1", CF_TAGS("a", 1)),
  A("d", "192.0.2.1", CF_COMMENT(None), HEDNS_DDNS_KEY("")),
  R53_ZONE(7),
)
""",
    )
    assert found == [
        'dnsconfig.py:5: R53_WEIGHT(300, "x"): the weight must be a whole number 0..255, got 300',
        'dnsconfig.py:6: R53_WEIGHT(3, ""): the set identifier must be a non-empty string',
        "dnsconfig.py:7: CF_TAGS(...): each tag must be a non-empty string, got ['a', 1]",
        "dnsconfig.py:8: CF_COMMENT(None): the comment must be a string",
        'dnsconfig.py:8: HEDNS_DDNS_KEY(""): the key must be a non-empty string',
        "dnsconfig.py:9: R53_ZONE(7): the zone id must be a non-empty string",
    ]


def test_preview_tells_once_per_key_that_a_provider_ignores_metadata(
    run: Run, workdir: Path, write: Any, step_plugin: Any
) -> None:
    (workdir / "creds.json").write_text(
        json.dumps({"step": {"TYPE": "STEP"}, "bind": {"TYPE": "BIND", "directory": "zones"}})
    )
    write(
        "dnsconfig.py",
        """
REG = NewRegistrar("none")
STEP = NewDnsProvider("step")
BIND = NewDnsProvider("bind", {"default_ns": ["ns1.example.net."]})
D("example.com", REG, DnsProvider(STEP), DnsProvider(BIND), CF_PROXY_DEFAULT_ON,
  A("a", "192.0.2.1", CF_PROXY_ON, {"step_weight": "5"}),
  A("b", "192.0.2.2", CF_PROXY_ON),
  A("c", "192.0.2.3", CF_PROXY_OFF, R53_WEIGHT(1, "c")),
  A("d.example.com", "192.0.2.4", DISABLE_REPEATED_DOMAIN_CHECK),
)
""",
    )
    result = run("preview")
    assert result.exit_code == 0, result.output
    infos = [line for line in result.stdout.splitlines() if line.startswith("INFO")]
    ignored = "is not used by {}: ignored"  # INFO lines are numbered per provider
    step, bind = "STEP (creds key 'step')", "BIND (creds key 'bind')"
    assert infos == [
        "INFO#1: domain metadata 'cloudflare_proxy_default' at dnsconfig.py:4 "
        + ignored.format(step),
        "INFO#2: record metadata 'cloudflare_proxy' (on 3 record(s), the first at dnsconfig.py:5) "
        + ignored.format(step),
        "INFO#3: record metadata 'r53_set_identifier' (on 1 record(s), the first at "
        "dnsconfig.py:7) " + ignored.format(step),
        "INFO#4: record metadata 'r53_weight' (on 1 record(s), the first at dnsconfig.py:7) "
        + ignored.format(step),
        "INFO#1: domain metadata 'cloudflare_proxy_default' at dnsconfig.py:4 "
        + ignored.format(bind),
        "INFO#2: record metadata 'cloudflare_proxy' (on 3 record(s), the first at dnsconfig.py:5) "
        + ignored.format(bind),
        "INFO#3: record metadata 'r53_set_identifier' (on 1 record(s), the first at "
        "dnsconfig.py:7) " + ignored.format(bind),
        "INFO#4: record metadata 'r53_weight' (on 1 record(s), the first at dnsconfig.py:7) "
        + ignored.format(bind),
        "INFO#5: record metadata 'step_weight' (on 1 record(s), the first at dnsconfig.py:5) "
        + ignored.format(bind),
    ]
    assert run("push").exit_code == 0
    assert "192.0.2.1" in (workdir / "zones" / "example.com.zone").read_text()
