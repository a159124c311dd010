"""IGNORE globs and the targets they are matched against."""

from __future__ import annotations

import pytest

from dnsframe.ignore import glob_regex, rule_matches, target_of
from dnsframe.model import IgnoreRule, Record


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


@pytest.mark.parametrize(
    ("rtype", "content", "target"),
    [
        ("A", "192.0.2.1", "192.0.2.1"),
        ("CNAME", "www.example.tld.", "www.example.tld."),
        ("MX", "10 mail.example.tld.", "mail.example.tld."),
        ("SRV", "0 5 443 host.example.tld.", "host.example.tld."),
        ("CAA", '128 issue "ca.example"', "ca.example"),
        ("TXT", "v=spf1 -all", "v=spf1 -all"),
        ("SSHFP", "1 1 abcd", "1 1 abcd"),
    ],
)
def test_ignore_target_is_what_the_type_says(rtype: str, content: str, target: str) -> None:
    assert target_of(Record("x", rtype, content, 300)) == target


def test_ignore_target_rule_matches_the_mx_host() -> None:
    rule = IgnoreRule("*", "MX", "*.example.net.")
    assert rule_matches(rule, Record("@", "MX", "10 mx1.example.net.", 300))
    assert not rule_matches(rule, Record("@", "MX", "10 mx1.example.tld.", 300))
