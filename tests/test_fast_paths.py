"""The hand-written fast paths of issue 11, each held to the library it short-cuts (dnspython)
by property tests: for any input, the fast path gives dnspython's answer or steps aside."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dnsframe import rdata
from dnsframe.dsl import names
from dnsframe.rtypes import args, text

# --- names: to_ascii_name ----------------------------------------------------------------------

_CHARS = "aZ09_-*/.@: \\ \u00e9\u212a\u3002"  # the Kelvin sign folds to "k" when ignoring case
_label = st.text(alphabet="abcXYZ019_-*/", min_size=0, max_size=70)


def _outcome(function: Callable[[str], str], value: str) -> tuple[str, str]:
    try:
        return ("ok", function(value))
    except ValueError:
        return ("error", "")


@given(
    st.one_of(
        st.text(alphabet=_CHARS, max_size=40),
        st.lists(_label, min_size=1, max_size=6).map(".".join),
        st.builds(
            lambda n, dot: ".".join(["a" * 63] * n) + dot,
            st.integers(1, 5),
            st.sampled_from(["", "."]),
        ),
    )
)
@example("x" * 253)
@example("x" * 254)
@example("a" * 63 + "." + "b" * 64)
@example("WWW.Example.TLD.")
@example("a..")
@example("\u212a")
def test_to_ascii_name_agrees_with_dnspython(name: str) -> None:
    assert _outcome(names.to_ascii_name, name) == _outcome(names._to_ascii_name_dnspython, name)


def test_the_plain_name_path_is_taken_for_plain_names() -> None:
    # A regression guard of the speed-up itself: a plain name must not reach dnspython.
    assert names._PLAIN_NAME.fullmatch("_sip._tcp.Host-1.example.tld.")
    assert not names._PLAIN_NAME.fullmatch("b\u00fccher.example")


# --- addresses: canonical_ipv4, canonical_ipv6 ---------------------------------------------


def _dnspython(rtype: str, value: str) -> str | None:
    try:
        return rdata._canonical_dnspython(rtype, value, "x.tld")
    except rdata.RdataError:
        return None


@given(
    st.one_of(
        st.ip_addresses(v=4).map(str),
        st.text(alphabet="0123456789.", max_size=17),
        st.lists(
            st.tuples(st.integers(0, 300), st.integers(1, 3)).map(lambda t: f"{t[0]:0{t[1]}d}"),
            min_size=4,
            max_size=4,
        ).map(".".join),
    )
)
@example("01.2.3.4")
@example("192.0.2.010")
def test_canonical_ipv4_agrees_with_dnspython(value: str) -> None:
    fast = args.canonical_ipv4(value)
    if fast is not None:
        assert fast == _dnspython("A", value)


@given(st.ip_addresses(v=4))
def test_canonical_ipv4_takes_every_canonical_address(address: ipaddress.IPv4Address) -> None:
    assert args.canonical_ipv4(str(address)) == str(address)


def _spellings(address: ipaddress.IPv6Address) -> list[str]:
    return [
        address.compressed,
        address.exploded,
        address.exploded.upper(),
        address.compressed.upper(),
    ]


@given(
    st.one_of(
        st.ip_addresses(v=6).map(_spellings),
        st.lists(st.text(alphabet="0123456789abcdefABCDEF:.%", max_size=45), max_size=1),
    )
)
@example(["::ffff:192.0.2.1", "::192.0.2.1", "::2:3", "::1", "::", "1::", "fe80::1%eth0"])
def test_canonical_ipv6_agrees_with_dnspython(values: list[str]) -> None:
    for value in values:
        fast = args.canonical_ipv6(value)
        if fast is not None:
            assert fast == _dnspython("AAAA", value)


@given(st.ip_addresses(v=6))
def test_canonical_ipv6_takes_addresses_outside_the_ipv4_ranges(
    address: ipaddress.IPv6Address,
) -> None:
    if int(address) >> 32 in (0, 0xFFFF):
        return  # ::a.b.c.d and ::ffff:a.b.c.d: left to dnspython by design
    assert args.canonical_ipv6(address.compressed) == _dnspython("AAAA", address.compressed)


@pytest.mark.parametrize("version", [4, 6])
@given(address=st.ip_addresses())
def test_the_dsl_address_check_gives_what_the_slow_path_gives(
    version: int, address: object
) -> None:
    value = str(address)
    try:
        slow: str | None = str(ipaddress.ip_address(value))
        if ipaddress.ip_address(value).version != version:
            slow = None
    except ValueError:
        slow = None
    try:
        fast: str | None = args.ip(value, version)
    except ValueError:
        fast = None
    if slow is None:
        assert fast is None
    else:
        assert fast is not None
        type_ = "A" if version == 4 else "AAAA"
        assert rdata.canonical(type_, fast, "x.tld") == _dnspython(type_, slow)


# --- TXT as providers give it: quoted chunks -----------------------------------------------

_printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_plain = st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters='"\\')
#: Short chunks, some with quotes and backslashes, and plain ones around the 255 bytes one holds.
_chunk = st.one_of(st.text(_printable, max_size=40), st.text(_plain, min_size=250, max_size=260))


@given(
    st.lists(_chunk, min_size=1, max_size=4),
    st.sampled_from([" ", "  ", "\t"]),
    st.sampled_from(["", " "]),
)
@example(['say "hi"'], " ", "")
@example(["a\\b"], " ", "")
def test_txt_read_agrees_with_dnspython(chunks: list[str], separator: str, around: str) -> None:
    value = around + separator.join(f'"{c}"' for c in chunks) + around
    try:
        slow = ("ok", text._read_dnspython(value, "x.tld"))
    except rdata.RdataError:
        slow = ("error", "")
    try:
        fast = ("ok", text._read(value, "x.tld"))
    except rdata.RdataError:
        fast = ("error", "")
    assert fast == slow


def test_the_plain_txt_path_is_taken_for_plain_chunks() -> None:
    assert text._PLAIN_CHUNKS.fullmatch('"v=spf1 include:_spf.example.net -all" "more"')
    assert not text._PLAIN_CHUNKS.fullmatch('"' + "x" * 256 + '"')
