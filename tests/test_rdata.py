"""Record data: canonical form, TXT chunking, TTL parsing (property tests where input is open)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dnsframe import rdata
from dnsframe.dsl import parse_ttl


@pytest.mark.parametrize(
    ("rtype", "a", "b"),
    [
        ("MX", "10 MAIL.example.tld.", "10 mail"),
        ("CNAME", "WWW.Example.TLD.", "www"),
        ("SRV", "0 5 443 Host.example.tld.", "0 5 443 host"),
        ("AAAA", "2001:0DB8:0000::0001", "2001:db8::1"),
        ("CAA", '0 issue "ca.example"', "0 issue ca.example"),
        ("NS", "ns1.example.tld.", "NS1"),
    ],
)
def test_spellings_of_the_same_data_have_one_canonical_form(rtype: str, a: str, b: str) -> None:
    assert rdata.canonical(rtype, a, "example.tld") == rdata.canonical(rtype, b, "example.tld")


def test_alias_is_a_host_name() -> None:
    assert rdata.canonical("ALIAS", "LB", "example.tld") == "lb.example.tld."


def test_unsupported_type_is_refused() -> None:
    with pytest.raises(rdata.RdataError, match="record type HTTPS is not supported"):
        rdata.canonical("HTTPS", "1 . alpn=h2", "example.tld")


def test_presentation_round_trip_of_txt() -> None:
    text = 'say "hi" \\ ' + "x" * 300
    shown = rdata.to_presentation("TXT", text)
    assert shown.count('" "') == 1  # two chunks
    assert rdata.from_presentation("TXT", shown, "example.tld") == text


@given(st.text(max_size=1200))
def test_txt_chunks_join_back_and_stay_within_255_bytes(text: str) -> None:
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "ignore")
    chunks = rdata.txt_chunks(text)
    assert "".join(chunks) == text
    assert all(len(c.encode("utf-8")) <= 255 for c in chunks)
    assert rdata.from_presentation("TXT", rdata.to_presentation("TXT", text), "x.tld") == text


@given(st.integers(min_value=0, max_value=2**31 - 1))
def test_ttl_numbers_and_their_strings_agree(n: int) -> None:
    assert parse_ttl(n) == parse_ttl(str(n)) == n


@pytest.mark.parametrize("bad", ["", "1.5h", "-5", "1h30m", "h", "5 m", True, None, 1.5])
def test_ttl_rejects_what_dnscontrol_rejects(bad: object) -> None:
    with pytest.raises(ValueError, match="TTL"):
        parse_ttl(bad)


def test_ttl_units() -> None:
    assert [parse_ttl(v) for v in ("7s", "5m", "1h", "2d", "1w", "1n", "1y")] == [
        7,
        300,
        3600,
        172800,
        604800,
        2592000,
        31536000,
    ]


_label = st.from_regex(r"[a-zA-Z0-9_][a-zA-Z0-9_-]{0,20}", fullmatch=True)


@given(st.lists(_label, min_size=1, max_size=4), st.booleans(), st.integers(0, 65535))
def test_fast_paths_agree_with_dnspython(labels: list[str], absolute: bool, number: int) -> None:
    host = ".".join(labels) + ("." if absolute else "")
    zone = "example.tld"
    for rtype, text in [
        ("CNAME", host),
        ("NS", host),
        ("PTR", host),
        ("MX", f"{number} {host}"),
        ("SRV", f"{number} {number} {number} {host}"),
    ]:
        assert rdata.canonical(rtype, text, zone) == rdata._canonical_dnspython(rtype, text, zone)


@given(st.ip_addresses())
def test_fast_address_paths_agree_with_dnspython(address: object) -> None:
    rtype = "A" if getattr(address, "version", 4) == 4 else "AAAA"
    text = str(address)
    assert rdata.canonical(rtype, text, "x.tld") == rdata._canonical_dnspython(rtype, text, "x.tld")


@given(st.ip_addresses(v=6), st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
def test_an_ipv6_zone_index_is_refused_by_the_fast_path_as_by_dnspython(
    address: object, scope: str
) -> None:
    text = f"{address}%{scope}"
    with pytest.raises(rdata.RdataError):
        rdata._canonical_dnspython("AAAA", text, "x.tld")
    with pytest.raises(rdata.RdataError):
        rdata.canonical("AAAA", text, "x.tld")
