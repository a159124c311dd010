"""The diff's views and IGNORE globs, on records built directly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dnsframe.diff import diff_zone
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


def test_ttl_only_change_is_modify_ttl() -> None:
    domain = Domain("example.tld", REG, records=(rec("a", "A", "192.0.2.1", 600),))
    changes = diff_zone(domain, [rec("a", "A", "192.0.2.1", 300)])
    assert [c.kind for c in changes.by_rrset] == ["MODIFY-TTL"]
    assert changes.lines() == ["± MODIFY-TTL a.example.tld A 192.0.2.1 ttl=(300->600)"]


def test_nothing_to_do_is_falsy() -> None:
    domain = Domain("example.tld", REG, records=(rec("a", "A", "192.0.2.1"),))
    assert not diff_zone(domain, [rec("a", "A", "192.0.2.1")])


_names = st.sampled_from(["@", "a", "b", "c.d"])
_rec = st.builds(
    lambda name, rtype, value, ttl: Record(name, rtype, value, ttl),
    _names,
    st.sampled_from(["A", "TXT"]),
    st.sampled_from(["192.0.2.1", "192.0.2.2", "x"]),
    st.sampled_from([300, 600]),
)


def _one_ttl(records: list[Record]) -> list[Record]:
    """One TTL per rrset and no duplicates, as validation guarantees for the config."""
    ttl: dict[tuple[str, str], int] = {}
    out: dict[tuple[str, str, str], Record] = {}
    for r in records:
        t = ttl.setdefault((r.name, r.type), r.ttl)
        out[(r.name, r.type, r.content)] = Record(r.name, r.type, r.content, t)
    return list(out.values())


@given(st.lists(_rec, max_size=12), st.lists(_rec, max_size=12))
def test_applying_the_changes_gives_the_desired_zone_in_every_view(
    existing_raw: list[Record], desired_raw: list[Record]
) -> None:
    existing, desired = _one_ttl(existing_raw), _one_ttl(desired_raw)
    domain = Domain("example.tld", REG, records=tuple(desired))
    changes = diff_zone(domain, existing)
    want = {(r.name, r.type, r.content, r.ttl) for r in desired}
    assert {(r.name, r.type, r.content, r.ttl) for r in changes.desired} == want

    by_rrset = {(r.name, r.type, r.content, r.ttl) for r in existing}
    for change in changes.by_rrset:
        by_rrset = {x for x in by_rrset if (x[0], x[1]) != (change.name, change.type)}
        by_rrset |= {(r.name, r.type, r.content, r.ttl) for r in change.new}
    assert by_rrset == want

    by_record = {(r.name, r.type, r.content, r.ttl) for r in existing}
    for rc in changes.by_record():
        if rc.old is not None:
            by_record.discard((rc.old.name, rc.old.type, rc.old.content, rc.old.ttl))
        if rc.new is not None:
            by_record.add((rc.new.name, rc.new.type, rc.new.content, rc.new.ttl))
    assert by_record == want

    by_label = {(r.name, r.type, r.content, r.ttl) for r in existing}
    for lc in changes.by_label():
        by_label = {x for x in by_label if x[0] != lc.name}
        by_label |= {(r.name, r.type, r.content, r.ttl) for r in lc.new}
    assert by_label == want
    assert not diff_zone(domain, desired)  # and then nothing is left to do
