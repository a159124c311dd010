"""The hand-written fast paths of issue 11, each held to the library it short-cuts (dnspython)
by property tests: for any input, the fast path gives dnspython's answer or steps aside."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import event, example, given, settings
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


# --- DNS messages for verify: dnswire against dnspython's messages ------------------------------

import dns.flags  # noqa: E402
import dns.message  # noqa: E402
import dns.name  # noqa: E402
import dns.rcode  # noqa: E402
import dns.rdata  # noqa: E402
import dns.rdataclass  # noqa: E402
import dns.rdatatype  # noqa: E402
import dns.rrset  # noqa: E402

from dnsframe import dnswire, verify  # noqa: E402

#: Labels: mostly plain, some with what presentation format escapes (a dot, a space, a quote,
#: a byte over 127), some in capitals.
_wire_label = st.one_of(
    st.text(alphabet="abcXYZ09-_*", min_size=1, max_size=12),
    st.text(alphabet="abcXYZ09-_*", min_size=1, max_size=12),
    st.text(alphabet="abcXYZ09-_*", min_size=1, max_size=12),
    st.binary(min_size=1, max_size=6),
)
_owner = st.lists(_wire_label, min_size=0, max_size=3).map(
    lambda labels: dns.name.Name(
        [label.encode() if isinstance(label, str) else label for label in labels]
        + [b"example", b"tld", b""]
    )
)
_host = st.one_of(_owner, st.just(dns.name.root))


def _rdata(rtype: str, draw: st.DrawFn) -> dns.rdata.Rdata:
    IN = dns.rdataclass.IN
    kind = dns.rdatatype.from_text(rtype)
    if rtype == "A":
        address = ".".join(str(draw(st.integers(0, 255))) for _ in range(4))
        return dns.rdata.from_text(IN, kind, address)
    if rtype == "AAAA":
        raw = draw(
            st.one_of(
                st.binary(min_size=16, max_size=16),
                st.just(b"\0" * 10 + b"\xff\xff\x01\x02\x03\x04"),
            )
        )
        return dns.rdata.from_wire(IN, kind, raw, 0, 16)
    if rtype in {"CNAME", "DNAME", "NS", "PTR"}:
        return dns.rdata.from_text(IN, kind, draw(_host).to_text())
    if rtype == "MX":
        return dns.rdata.from_text(
            IN, kind, f"{draw(st.integers(0, 65535))} {draw(_host).to_text()}"
        )
    if rtype == "SRV":
        numbers = " ".join(str(draw(st.integers(0, 65535))) for _ in range(3))
        return dns.rdata.from_text(IN, kind, f"{numbers} {draw(_host).to_text()}")
    if rtype == "TXT":
        chunk = st.one_of(st.text(_plain, max_size=40).map(str.encode), st.binary(max_size=40))
        chunks = draw(st.lists(chunk, min_size=1, max_size=3))
        text = " ".join('"' + "".join(f"\\{b:03d}" for b in chunk) + '"' for chunk in chunks)
        return dns.rdata.from_text(IN, kind, text)
    if rtype == "CAA":
        return dns.rdata.from_text(IN, kind, '0 issue "letsencrypt.org"')
    return dns.rdata.from_text(
        IN, kind, "ns1.example.tld. hostmaster.example.tld. 1 3600 600 86400 300"
    )  # SOA


_TYPES = ["A", "AAAA", "CNAME", "NS", "PTR", "MX", "SRV", "TXT", "DNAME", "CAA", "SOA"]
# dnspython imports each type's module when first used, and an import inside a strategy
# touches the random module (hypothesis warns): import them all now.
for _type in _TYPES:
    dns.rdata.get_rdata_class(dns.rdataclass.IN, dns.rdatatype.from_text(_type))


@st.composite
def _response(draw: st.DrawFn) -> tuple[bytes, str, str]:
    qtype = draw(st.sampled_from([t for t in _TYPES if t in dnswire.NUMBERS]))
    qname = draw(st.one_of(_owner, st.sampled_from([dns.name.from_text("www.example.tld.")])))
    query = dns.message.make_query(qname, qtype, use_edns=0, payload=1232, id=7)
    response = dns.message.make_response(query)
    response.flags |= draw(st.sampled_from([0, dns.flags.AA]))
    response.set_rcode(
        draw(st.sampled_from([dns.rcode.NOERROR, dns.rcode.NXDOMAIN, dns.rcode.SERVFAIL]))
    )
    if draw(st.integers(0, 3)):  # mostly, the rrset asked for, among others
        # in one or two parts, each with its TTL: whoever reads them joins them
        for _ in range(draw(st.integers(1, 2))):
            rrset = dns.rrset.RRset(qname, dns.rdataclass.IN, dns.rdatatype.from_text(qtype))
            for _ in range(draw(st.integers(1, 3))):
                rrset.add(_rdata(qtype, draw), draw(st.integers(0, 2**31 - 1)))
            response.answer.append(rrset)
    for section in (response.answer, response.authority, response.additional):
        for _ in range(draw(st.integers(0, 3))):
            owner = draw(st.one_of(st.just(qname), _owner))
            rtype = draw(st.sampled_from(_TYPES))
            rrset = dns.rrset.RRset(owner, dns.rdataclass.IN, dns.rdatatype.from_text(rtype))
            for _ in range(draw(st.integers(1, 3))):
                rrset.add(_rdata(rtype, draw), draw(st.integers(0, 2**31 - 1)))
            section.append(rrset)
    return response.to_wire(want_shuffle=False), qname.to_text(), qtype


def _wire(
    qname: str, qtype: str, *rrsets: tuple[str, str, int, list[str]]
) -> tuple[bytes, str, str]:
    """A response (AA) to ``qname qtype`` with these rrsets in its answer, each as given."""
    response = dns.message.make_response(dns.message.make_query(qname, qtype, id=3))
    response.flags |= dns.flags.AA
    for name, rtype, ttl, values in rrsets:
        response.answer.append(dns.rrset.from_text_list(name, ttl, "IN", rtype, values))
    return response.to_wire(want_shuffle=False), qname, qtype


@settings(max_examples=400)
@given(_response())
@example(_wire("t.example.tld.", "TXT", ("t.example.tld.", "TXT", 300, ['"v=spf1" " -all"'])))
@example(
    _wire(
        "a.example.tld.",
        "A",
        ("a.example.tld.", "A", 600, ["192.0.2.1"]),
        ("a.example.tld.", "A", 300, ["192.0.2.2"]),  # the same rrset, in two parts
    )
)
@example(
    _wire(
        "c.example.tld.",
        "CNAME",
        ("c.example.tld.", "CNAME", 300, ["one.example.tld."]),
        ("c.example.tld.", "CNAME", 300, ["two.example.tld."]),  # dnspython keeps the last
    )
)
@example(_wire("WWW.Example.tld.", "MX", ("www.EXAMPLE.tld.", "MX", 300, ["10 Mail.Example.TLD."])))
def test_dnswire_reads_as_dnspython_does(case: tuple[bytes, str, str]) -> None:
    wire, qname, qtype = case
    slow = verify._answer(dns.message.from_wire(wire), qname, qtype, "example.tld")
    reply = dnswire.read(wire)
    event("read by dnspython" if reply is None else "read by dnswire")
    if reply is None:
        return  # stepped aside: dnspython reads it
    fast = verify._answer_plain(reply, qname, qtype)
    assert reply.question == (qname.lower(), dnswire.NUMBERS[qtype])
    assert (
        fast.rcode,
        sorted(fast.values),
        fast.ttl,
        fast.kind,
        fast.authoritative,
        fast.detail,
    ) == (slow.rcode, sorted(slow.values), slow.ttl, slow.kind, slow.authoritative, slow.detail)


@given(st.binary(max_size=300))
def test_dnswire_never_fails_on_garbage(data: bytes) -> None:
    reply = dnswire.read(b"\x12\x34\x84\x00" + data)
    assert reply is None or isinstance(reply, dnswire.Reply)


@given(
    st.lists(st.text(alphabet="abcXYZ09-_*", min_size=1, max_size=20), min_size=1, max_size=4),
    st.sampled_from(sorted(dnswire.NUMBERS)),
    st.integers(0, 65535),
)
def test_dnswire_asks_what_dnspython_would(labels: list[str], rtype: str, qid: int) -> None:
    qname = ".".join(labels) + ".example.tld."
    wire = dnswire.query(qname, rtype, qid)
    assert wire is not None
    ours = dns.message.from_wire(wire)
    theirs = dns.message.make_query(qname, rtype, use_edns=0, payload=1232, id=qid)
    assert ours.id == qid
    assert ours.question == theirs.question
    assert ours.flags == theirs.flags & ~dns.flags.RD  # no recursion wanted
    assert (ours.edns, ours.payload, ours.ednsflags) == (0, 1232, 0)  # no DNSSEC OK bit


def test_dnswire_steps_aside_for_what_is_not_plain() -> None:
    assert dnswire.query("a b.example.tld.", "A", 1) is None
    assert dnswire.query("example.tld.", "CAA", 1) is None
    mapped = dns.message.make_response(dns.message.make_query("x.example.tld.", "AAAA", id=1))
    mapped.answer.append(dns.rrset.from_text("x.example.tld.", 300, "IN", "AAAA", "::ffff:1.2.3.4"))
    assert dnswire.read(mapped.to_wire()) is None
    plain = dns.message.make_response(dns.message.make_query("x.example.tld.", "AAAA", id=2))
    plain.answer.append(dns.rrset.from_text("x.example.tld.", 300, "IN", "AAAA", "2001:db8::1"))
    read = dnswire.read(plain.to_wire())
    assert read is not None
    assert read.answer[0].values == ("2001:db8::1",)


# --- creds schemas: plainschema against jsonschema ----------------------------------------------

import jsonschema  # noqa: E402

from dnsframe import plainschema  # noqa: E402

_json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from([0.0, 1.0, 2.5, -1.5]),
    st.text(alphabet="ab \t1", max_size=6),
)
_json = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from("abcd"), inner, max_size=3)
    ),
    max_leaves=6,
)
_leaf_schema = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(
            st.sampled_from(["string", "integer", "number", "boolean", "object", "array", "null"]),
            st.lists(st.sampled_from(["string", "integer", "null"]), min_size=1, max_size=2),
        ),
        "enum": st.lists(_json_scalar, min_size=1, max_size=3),
        "minLength": st.one_of(st.integers(0, 3), st.just(-1)),
        "maxLength": st.integers(0, 4),
        "pattern": st.sampled_from(["a", "^b", "\\S", "^[ab]+$", "(", "1$"]),
        "minimum": st.sampled_from([0, 1, 1.5]),
        "maximum": st.sampled_from([2, 3.5]),
        "exclusiveMinimum": st.sampled_from([0, -1]),
        "exclusiveMaximum": st.sampled_from([4, 2.0]),
        "description": st.one_of(st.text(max_size=5), st.just(3)),
        "secret": st.booleans(),
        "format": st.just("email"),  # not plain: jsonschema decides
    },
)
_schema = st.recursive(
    _leaf_schema,
    lambda inner: st.fixed_dictionaries(
        {"type": st.just("object")},
        optional={
            "properties": st.dictionaries(st.sampled_from("abcd"), inner, max_size=3),
            "required": st.lists(st.sampled_from("abcd"), max_size=3),
            "additionalProperties": st.one_of(st.booleans(), inner),
            "anyOf": st.lists(
                st.fixed_dictionaries({"required": st.lists(st.sampled_from("abcd"), max_size=2)}),
                min_size=1,
                max_size=2,
            ),
        },
    ),
    max_leaves=4,
)


def _schema_ok(schema: Any) -> bool:
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError:
        return False
    return True


@settings(max_examples=400)
@given(_schema)
@example({"minLength": -1})
@example({"pattern": "("})
@example({"type": "strings"})
@example({"type": []})
@example({"required": ["a", "a"]})
@example({"minimum": "1"})
@example({"anyOf": []})
@example({"description": 3})
@example({"type": ["string", "string"]})
@example({"properties": {"a": {"minLength": 1.5}}})
def test_a_plain_schema_is_a_valid_one(schema: dict[str, Any]) -> None:
    plain = plainschema.is_plain(schema)
    event("plain" if plain else "left to jsonschema")
    if plain:
        assert _schema_ok(schema)


@settings(max_examples=600)
@given(_schema, _json)
@example(*({"type": "integer"}, True))
@example(*({"type": "integer"}, 1.0))
@example(*({"type": "number"}, False))
@example(*({"enum": [1]}, True))
@example(*({"enum": [True]}, 1))
@example(*({"enum": [1.0]}, 1))
@example(*({"exclusiveMinimum": 0}, 0))
@example(*({"exclusiveMaximum": 2.0}, 2))
@example(*({"minimum": 1}, 1))
@example(*({"maximum": 2}, 3))
@example(*({"minLength": 2}, "a"))
@example(*({"maxLength": 1}, "ab"))
@example(*({"pattern": "^b"}, "ab"))
@example(*({"pattern": "b"}, "ab"))
@example(*({"minLength": 2}, 5))
@example(*({"type": "object", "required": ["a"]}, {}))
@example(*({"type": "object", "properties": {"a": {"type": "string"}}}, {"a": 1}))
@example(*({"type": "object", "additionalProperties": False}, {"a": 1}))
@example(*({"type": "object", "properties": {"a": {}}, "additionalProperties": False}, {"a": 1}))
@example(*({"type": "object", "anyOf": [{"required": ["a"]}, {"required": ["b"]}]}, {"c": 1}))
@example(*({"type": ["string", "null"]}, None))
def test_a_plain_schema_answers_as_jsonschema_does(schema: dict[str, Any], value: Any) -> None:
    if not plainschema.is_plain(schema):
        return
    expected = jsonschema.Draft202012Validator(schema).is_valid(value)
    event(f"valid: {expected}")
    assert plainschema.valid(value, schema) == expected


def test_the_shipped_creds_schemas_are_plain() -> None:
    """GANDI_V5's and BIND's creds schemas are checked without jsonschema: the point."""
    from dnsframe.plugins import get_registry

    registry = get_registry()
    for kind, name in [("dns", "GANDI_V5"), ("registrar", "GANDI_V5"), ("dns", "BIND")]:
        ptype = registry.get(kind, name)
        assert ptype is not None
        assert plainschema.is_plain(ptype.creds_schema), name


# --- record names: relative_label ---------------------------------------------------------


@given(
    st.one_of(st.text(alphabet=_CHARS, max_size=70), _label, st.sampled_from(["@", "tld", "X"])),
    st.sampled_from(["example.tld", "tld", "x", "2.0.192.in-addr.arpa", "a" * 200 + ".tld"]),
    st.sampled_from(["", "sub", "a.b", "x" * 60]),
    st.booleans(),
)
@example("Tld", "tld", "sub", False)
@example("a" * 63, "b" * 189 + ".tld", "", False)
@example("a" * 63, "b" * 190 + ".tld", "", False)
@example("\u212a", "example.tld", "", False)
def test_relative_label_agrees_with_its_full_path(
    name: str, zone: str, subdomain: str, skip: bool
) -> None:
    def fast(n: str) -> str:
        return names.relative_label(n, zone, subdomain, skip_fqdn_check=skip)

    def full(n: str) -> str:
        return names._checked_label(n, zone, subdomain, skip)

    assert _outcome(fast, name) == _outcome(full, name)


def test_the_plain_label_path_is_taken_for_plain_labels() -> None:
    assert names._PLAIN_LABEL.fullmatch("Host-1_x")
    assert not names._PLAIN_LABEL.fullmatch("www.example.tld")
    assert not names._PLAIN_LABEL.fullmatch("\u212a")


# --- MX and SRV data: the numbers before the host ---------------------------------------------

_number = st.one_of(
    st.integers(0, 70_000).map(str),
    st.sampled_from(["007", "65535", "65536", "\u00b2", "\u0663", "-1", "1e3", "+5", "0x10"]),
)


@given(_number, _number, _number, st.sampled_from(["mx.example.net.", "host", "@", "H-1"]))
@example("\u00b2", "1", "1", "host")
def test_mx_and_srv_fast_paths_agree_with_dnspython(a: str, b: str, c: str, host: str) -> None:
    from dnsframe.rtypes import TYPES

    for rtype, data in [("MX", f"{a} {host}"), ("SRV", f"{a} {b} {c} {host}")]:
        fast = TYPES[rtype].fast
        assert fast is not None
        got = fast(data, "example.tld")
        event(f"{rtype} fast path {'taken' if got is not None else 'left'}")
        if got is not None:
            assert got == rdata._canonical_dnspython(rtype, data, "example.tld")


def test_the_mx_and_srv_fast_paths_are_taken_for_plain_data() -> None:
    from dnsframe.rtypes import TYPES

    assert TYPES["MX"].fast is not None
    assert TYPES["SRV"].fast is not None
    assert TYPES["MX"].fast("010 Mail", "x.tld") == "10 mail.x.tld."
    assert TYPES["SRV"].fast("1 2 443 srv.example.net.", "x.tld") == "1 2 443 srv.example.net."
    assert TYPES["SRV"].fast("1 2 \u00b2 srv.example.net.", "x.tld") is None


# --- A from the DSL: the parsed address is taken as canonical ---------------------------------


@given(
    st.one_of(
        st.ip_addresses().map(str),
        st.ip_addresses(v=6).map(lambda a: a.exploded.upper()),
        st.ip_addresses(v=4).map(int),
        st.sampled_from(["::ffff:192.0.2.1", "::192.0.2.1", "2001:DB8::0:1", " 192.0.2.1 "]),
    )
)
def test_a_parses_to_what_reading_it_again_gives(address: str | int) -> None:
    """Every type that says ``parsed_canonical`` (A) parses to canonical content; AAAA does not
    say it (ipaddress writes ``::ffff:192.0.2.1`` as ``::ffff:c000:201``)."""
    from dnsframe.rtypes import TYPES

    assert [t.name for t in TYPES.values() if t.parsed_canonical] == ["A"]
    for kind in (t for t in TYPES.values() if t.parsed_canonical):
        try:
            parsed = kind.parse((address,), frozenset())
        except ValueError:
            continue
        assert kind.from_arguments((address,), frozenset(), "x.tld") == parsed
        assert parsed == kind.canonical(parsed, "x.tld")
