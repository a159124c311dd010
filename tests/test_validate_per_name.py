"""validate.check_domain works per name (only names with several records are compared): held
to the record-by-record version it replaced, on random zones, as a multiset of problems."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from dnsframe.ignore import ignored_by
from dnsframe.model import Domain, IgnoreRule, ProviderRef, Record, SourcePos
from dnsframe.rdata import display
from dnsframe.validate import _at, _show, check_domain


def _record_by_record(domain: Domain) -> list[str]:
    """check_domain as it was before it worked per name: every record against the others."""
    problems: list[str] = []
    zone = domain.name
    by_name: dict[str, list[Record]] = defaultdict(list)
    for record in domain.records:
        by_name[record.name].append(record)

    seen: dict[tuple[str, str, str], Record] = {}
    ttls: dict[tuple[str, str], Record] = {}
    for record in domain.records:
        key = (record.name, record.type, record.content)
        if key in seen:
            first = seen[key]
            problems.append(
                f"{_at(record)}{_show(record, zone)} is a duplicate record, declared twice "
                f"(also at {first.source}); remove one"
            )
            continue
        seen[key] = record
        rrset = (record.name, record.type)
        if rrset in ttls and ttls[rrset].ttl != record.ttl:
            other = ttls[rrset]
            problems.append(
                f"{_at(record)}{record.type} {record.fqdn(zone)} has ttl={record.ttl} but "
                f"ttl={other.ttl} at {other.source}; the records of one name and type share "
                "one TTL"
            )
        ttls.setdefault(rrset, record)
        if record.type == "CNAME":
            if record.name == "@":
                problems.append(
                    f"{_at(record)}CNAME at the apex of {zone} is not allowed (it would hide "
                    "SOA and NS); use ALIAS if the provider has it, or A/AAAA records"
                )
            elif record.content.rstrip(".") == record.fqdn(zone):
                problems.append(f"{_at(record)}CNAME {record.fqdn(zone)} points to itself")
        if record.type == "NS" and record.name == "@":
            problems.append(
                f"{_at(record)}NS at the apex of {zone}: the apex NS come from the DNS "
                "providers and NAMESERVER(); write NAMESERVER(...) instead"
            )

    for name, records in by_name.items():
        cnames = [r for r in records if r.type == "CNAME"]
        if cnames and name != "@" and len(records) > 1:
            others = ", ".join(
                sorted({f"{r.type} ({r.source})" for r in records if r is not cnames[0]})
            )
            problems.append(
                f"{_at(cnames[0])}CNAME {cnames[0].fqdn(zone)} must be alone at its name, but "
                f"the name also has {others}"
            )

        mxs = [r for r in records if r.type == "MX"]
        nulls = [r for r in mxs if r.content.split()[-1] == "."]
        if nulls and len(mxs) > 1:
            others = ", ".join(
                f"MX {display('MX', r.content)} ({r.source})" for r in mxs if r is not nulls[0]
            )
            problems.append(
                f"{_at(nulls[0])}MX {nulls[0].fqdn(zone)} {nulls[0].content} is a null MX (RFC "
                f"7505: the name receives no mail), but the name also has {others}; a null MX "
                "must be the only MX at its name: remove it, or remove the others"
            )

    for record in domain.records:
        rule = ignored_by(domain.ignores, record)
        if rule is not None and not domain.disable_ignore_safety_check:
            problems.append(
                f"{_at(record)}{_show(record, zone)} is matched by "
                f"{rule.kind}({rule.label!r}, {rule.types!r}, {rule.target!r}) at {rule.source}, "
                "so dnsframe would never write it. Change the rule, remove the record, or add "
                "DISABLE_IGNORE_SAFETY_CHECK to the domain."
            )
    desired = {(r.name, r.type, r.content) for r in domain.records}
    for record in domain.ensure_absent:
        if (record.name, record.type, record.content) in desired:
            problems.append(
                f"{_at(record)}{_show(record, zone)} is in ENSURE_ABSENT_REC and also declared "
                "as wanted"
            )
    return problems


_records = st.lists(
    st.builds(
        lambda name, kind, line: Record(
            name, kind[0], kind[1], kind[2], source=SourcePos("dnsconfig.py", line)
        ),
        st.sampled_from(["@", "www", "mail", "a.b"]),
        st.sampled_from(
            [
                ("A", "192.0.2.1", 300),
                ("A", "192.0.2.1", 600),
                ("A", "192.0.2.2", 300),
                ("CNAME", "www.example.tld.", 300),
                ("CNAME", "other.example.net.", 300),
                ("NS", "ns1.example.net.", 300),
                ("MX", "10 mail.example.tld.", 300),
                ("MX", "0 .", 300),
                ("TXT", "v=spf1 -all", 300),
            ]
        ),
        st.integers(1, 99),
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(_records, st.booleans(), st.booleans())
def test_check_domain_finds_what_the_record_by_record_version_found(
    records: list[Record], ignores: bool, absent: bool
) -> None:
    domain = Domain(
        "example.tld",
        ProviderRef("none", "registrar"),
        records=tuple(records),
        ignores=(IgnoreRule("mail", "A"),) if ignores else (),
        ensure_absent=(Record("www", "A", "192.0.2.1", 300),) if absent else (),
    )
    assert Counter(check_domain(domain)) == Counter(_record_by_record(domain))
