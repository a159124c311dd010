"""The diff's views and IGNORE globs, on records built directly."""

from __future__ import annotations

import pytest

from dnsframe.diff import diff_zone, glob_regex
from dnsframe.model import Domain, IgnoreRule, ProviderRef, Record

REG = ProviderRef("none", "registrar")


def rec(name: str, rtype: str, content: str, ttl: int = 300) -> Record:
    return Record(name, rtype, content, ttl)


def test_views_by_rrset_record_label_and_zone() -> None:
    existing = [
        rec("www", "A", "192.0.2.1"),
        rec("www", "TXT", "keep me"),
        rec("old", "A", "192.0.2.9"),
    ]
    desired = [
        rec("www", "A", "192.0.2.2"),
        rec("www", "AAAA", "2001:db8::1"),
        rec("new", "MX", "10 mx.example."),
    ]
    domain = Domain("example.tld", REG, records=tuple(desired), ignores=(IgnoreRule("www", "TXT"),))
    changes = diff_zone(domain, existing)
    assert [(c.kind, c.name, c.type) for c in changes.by_rrset] == [
        ("DELETE", "old", "A"),
        ("MODIFY", "www", "A"),
        ("CREATE", "new", "MX"),
        ("CREATE", "www", "AAAA"),
    ]
    assert [
        (c.kind, c.old and c.old.content, c.new and c.new.content) for c in changes.by_record()
    ] == [
        ("DELETE", "192.0.2.9", None),
        ("MODIFY", "192.0.2.1", "192.0.2.2"),
        ("CREATE", None, "10 mx.example."),
        ("CREATE", None, "2001:db8::1"),
    ]
    labels = {lc.name: lc for lc in changes.by_label()}
    assert list(labels) == ["new", "old", "www"]
    assert {(r.type, r.content) for r in labels["www"].new} == {
        ("A", "192.0.2.2"),
        ("AAAA", "2001:db8::1"),
        ("TXT", "keep me"),  # the ignored TXT rides along, for providers that write a label
    }
    assert labels["old"].new == ()
    assert rec("www", "TXT", "keep me") in changes.desired
    assert changes.kept == (rec("www", "TXT", "keep me"),)


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("*", "a", True),
        ("*.dev", "api.dev", True),
        ("*.dev", "a.b.dev", False),
        ("**.dev", "a.b.dev", True),
        ("_acme-challenge.**", "_acme-challenge.www", True),
        ("w?w", "www", True),
        ("w[!x]w", "www", True),
        ("{www,api}", "api", True),
        ("{www,api}", "ftp", False),
        ("WWW", "www", True),
        ("\\*", "*", True),
        ("\\*", "a", False),
    ],
)
def test_ignore_globs(pattern: str, value: str, matches: bool) -> None:
    assert (glob_regex(pattern).fullmatch(value) is not None) is matches


def test_ttl_only_change_is_modify_ttl() -> None:
    domain = Domain("example.tld", REG, records=(rec("a", "A", "192.0.2.1", 600),))
    changes = diff_zone(domain, [rec("a", "A", "192.0.2.1", 300)])
    assert [c.kind for c in changes.by_rrset] == ["MODIFY-TTL"]
    assert changes.lines() == ["± MODIFY-TTL a.example.tld A 192.0.2.1 ttl=(300->600)"]


def test_nothing_to_do_is_falsy() -> None:
    domain = Domain("example.tld", REG, records=(rec("a", "A", "192.0.2.1"),))
    assert not diff_zone(domain, [rec("a", "A", "192.0.2.1")])
