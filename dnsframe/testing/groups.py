"""The conformance groups: sequences of desired states that every provider must reach.

Each step is the body of a ``D()`` call in dnsframe's language. A group starts from an empty
zone; after each step's push, the provider's zone must equal the desired state and a second
preview must find nothing to do. Record types a group uses are read from its steps; ``needs``
names capability flags it requires beyond them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One desired state. ``expect_no_changes``: the first preview must already find nothing."""

    records: str
    expect_no_changes: bool = False


@dataclass(frozen=True)
class Group:
    name: str
    doc: str
    steps: tuple[Step, ...]
    needs: frozenset[str] = field(default_factory=frozenset)


def _s(*records: str, same: bool = False) -> Step:
    return Step(", ".join(records), expect_no_changes=same)


def _txt(name: str, text: str) -> str:
    return f"TXT({json.dumps(name)}, {json.dumps(text)})"


def _many(count: int) -> Step:
    return Step(f'[A(f"r{{i}}", f"10.0.{{i // 250}}.{{i % 250 + 1}}") for i in range({count})]')


DS = "ab" * 32
SSH = "cd" * 32

GROUPS: tuple[Group, ...] = (
    Group(
        "A",
        "create, change, add to, shrink and delete an A rrset",
        (
            _s('A("a", "192.0.2.1")'),
            _s('A("a", "192.0.2.2")'),
            _s('A("a", "192.0.2.2")', 'A("a", "192.0.2.3")'),
            _s('A("a", "192.0.2.3")'),
            _s(),
        ),
    ),
    Group(
        "apex",
        "records at the apex",
        (
            _s('A("@", "192.0.2.1")', 'MX("@", 10, "mail.example.net.")', _txt("@", "apex text")),
            _s('A("@", "192.0.2.2")', 'MX("@", 10, "mail.example.net.")'),
        ),
    ),
    Group(
        "wildcard",
        "wildcard names",
        (
            _s('A("*", "192.0.2.1")', 'CNAME("*.sub", "target.example.net.")'),
            _s('A("*", "192.0.2.2")'),
        ),
    ),
    Group(
        "AAAA",
        "IPv6 addresses",
        (
            _s('AAAA("v6", "2001:db8::1")'),
            _s('AAAA("v6", "2001:db8::2")', 'AAAA("v6", "2001:DB8:0::3")'),
        ),
    ),
    Group(
        "CNAME",
        "to an external name, to a short name, to the apex",
        (
            _s('CNAME("ext", "target.example.net.")', 'CNAME("short", "ext")', 'CNAME("top", "@")'),
            _s('CNAME("ext", "other.example.net.")', 'CNAME("short", "top")', 'CNAME("top", "@")'),
        ),
    ),
    Group(
        "MX",
        "priority and target changes, at the apex, null MX",
        (
            _s('MX("@", 10, "mx1.example.net.")', 'MX("mail", 5, "mx")'),
            _s('MX("@", 20, "mx1.example.net.")', 'MX("mail", 5, "mx2")'),
            _s('MX("@", 0, ".")'),
        ),
    ),
    Group(
        "NS",
        "a delegated subdomain",
        (
            _s('NS("sub", "ns1.example.net.")', 'NS("sub", "ns2.example.net.")'),
            _s('NS("sub", "ns3.example.net.")'),
        ),
    ),
    Group(
        "TXT",
        "simple, empty, lengths around 255-byte chunks, quoting",
        (
            _s(_txt("t", "simple"), _txt("empty", "")),
            *(_s(_txt("len", "x" * n)) for n in (254, 255, 256, 509, 510, 511, 764, 765, 766)),
            _s(_txt("q", 'say "hi"'), _txt("bs", "back\\slash"), _txt("semi", "a;b;c")),
            _s(_txt("trail", "trailing space "), _txt("multi", "v=spf1 include:x.example -all")),
        ),
    ),
    Group(
        "multi",
        "several records and types at one label",
        (
            _s(
                'A("m", "192.0.2.1")',
                'A("m", "192.0.2.2")',
                'AAAA("m", "2001:db8::1")',
                _txt("m", "t"),
            ),
            _s('A("m", "192.0.2.3")', 'MX("m", 1, "mx.example.net.")', _txt("m", "u")),
        ),
    ),
    Group(
        "TTL",
        "TTL changes on single- and multi-value rrsets",
        (
            _s(
                'A("one", "192.0.2.1", TTL(600))',
                'A("two", "192.0.2.1", TTL(600))',
                'A("two", "192.0.2.2", TTL(600))',
            ),
            _s(
                'A("one", "192.0.2.1", TTL(900))',
                'A("two", "192.0.2.1", TTL(3600))',
                'A("two", "192.0.2.2", TTL(3600))',
            ),
        ),
    ),
    Group(
        "type-change",
        "A to MX to A, CNAME to A to CNAME, at one label",
        (
            _s('A("x", "192.0.2.1")', 'CNAME("y", "target.example.net.")'),
            _s('MX("x", 10, "mx.example.net.")', 'A("y", "192.0.2.2")'),
            _s('A("x", "192.0.2.1")', 'CNAME("y", "target.example.net.")'),
        ),
    ),
    Group(
        "case",
        "names and targets are case-insensitive",
        (
            _s('A("Mixed", "192.0.2.1")', 'CNAME("c", "Target.Example.NET.")'),
            _s('A("mixed", "192.0.2.1")', 'CNAME("C", "target.example.net.")', same=True),
        ),
    ),
    Group(
        "IDN",
        "internationalised labels and targets",
        (
            _s('A("bücher", "192.0.2.1")', 'CNAME("münchen", "straße.example.net.")'),
            _s(
                'A("xn--bcher-kva", "192.0.2.1")',
                'CNAME("xn--mnchen-3ya", "xn--strae-oqa.example.net.")',
                same=True,
            ),
        ),
    ),
    Group(
        "CAA",
        "flags, tags, values with spaces",
        (
            _s(
                'CAA("@", "issue", "letsencrypt.org")',
                'CAA("@", "iodef", "mailto:sec@example.net", CAA_CRITICAL)',
            ),
            _s('CAA("@", "issuewild", ";")', 'CAA("@", "issue", "ca.example.net; account=12 34")'),
        ),
    ),
    Group(
        "PTR",
        "pointer records",
        (_s('PTR("p", "host.example.net.")'), _s('PTR("p", "other.example.net.")')),
    ),
    Group(
        "SRV",
        "service records, target '.' included",
        (
            _s(
                'SRV("_sip._tcp", 10, 60, 5060, "sip.example.net.")',
                'SRV("_none._tcp", 0, 0, 0, ".")',
            ),
            _s('SRV("_sip._tcp", 20, 60, 5061, "sip.example.net.")'),
        ),
    ),
    Group(
        "SSHFP",
        "SSH fingerprints",
        (_s(f'SSHFP("h", 4, 2, "{SSH}")'), _s(f'SSHFP("h", 1, 2, "{SSH}")')),
    ),
    Group(
        "TLSA",
        "certificate associations",
        (
            _s(f'TLSA("_443._tcp", 3, 1, 1, "{DS}")'),
            _s(f'TLSA("_443._tcp", 2, 0, 1, "{DS}")'),
        ),
    ),
    Group(
        "DS",
        "DS records of a delegated child",
        (
            _s('NS("child", "ns1.example.net.")', f'DS("child", 2371, 13, 2, "{DS}")'),
            _s('NS("child", "ns1.example.net.")', f'DS("child", 2372, 13, 2, "{DS}")'),
        ),
        needs=frozenset({"ds_on_children"}),
    ),
    Group(
        "ALIAS",
        "ALIAS at the apex",
        (
            _s('ALIAS("@", "lb.example.net.")'),
            _s('ALIAS("@", "lb2.example.net.")'),
        ),
    ),
    Group(
        "IGNORE",
        "IGNORE by label, type, target, globs, at the apex, with changes at the same label",
        (
            _s(
                'A("keep", "192.0.2.1")',
                _txt("keep", "kept"),
                'A("@", "192.0.2.9")',
                _txt("@", "apex kept"),
                'A("a.dev", "10.1.1.1")',
                'A("b.dev", "10.1.1.2")',
                'CNAME("cdn", "edge.cdn.example.net.")',
                'A("gone", "192.0.2.5")',
            ),
            _s(
                'A("keep", "192.0.2.2")',
                'IGNORE("keep", "TXT")',
                'A("@", "192.0.2.8")',
                'IGNORE("@", "TXT")',
                'IGNORE("*.dev", "A", "10.**")',
                'IGNORE_TARGET("**.cdn.example.net.", "CNAME")',
            ),
        ),
    ),
    Group(
        "IGNORE-all",
        "ignoring everything writes nothing",
        (
            _s('A("a", "192.0.2.1")', 'MX("@", 10, "mx.example.net.")'),
            _s('IGNORE("**")', same=True),
        ),
    ),
    Group(
        "NO_PURGE",
        "records the config does not mention stay",
        (
            _s('A("a", "192.0.2.1")', 'A("b", "192.0.2.2")'),
            _s("NO_PURGE", 'A("c", "192.0.2.3")'),
        ),
    ),
    Group(
        "ENSURE_ABSENT_REC",
        "a record that must not exist is deleted, even under NO_PURGE",
        (
            _s('A("a", "192.0.2.1")', 'A("b", "192.0.2.2")'),
            _s("NO_PURGE", 'ENSURE_ABSENT_REC(A("a", "192.0.2.1"))'),
        ),
    ),
    Group("size-99", "99 records", (_many(99),)),
    Group("size-100", "100 records", (_many(100),)),
    Group("size-101", "101 records", (_many(101),)),
    Group("size-1201", "1,201 records (several pages)", (_many(1201),)),
)
