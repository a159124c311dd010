"""Checks of the desired state, all run before anything is read from or written to a provider.

DNSControl's rules (a CNAME alone at its label and never at the apex, NS never at the apex,
no exact duplicates, one TTL per rrset, IGNORE safety) and each DNS provider's capabilities and
audits. Every problem is collected with the config line that caused it; :func:`validate` raises
one :class:`ConfigError` listing them all. Names, IDN and record data were already checked and
normalised when ``D()`` placed each record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dnsframe.errors import ConfigError, DnsframeError, internal_error
from dnsframe.ignore import ignored_by
from dnsframe.model import Config, Domain, ProviderRef, Record
from dnsframe.names import py_literal as _q
from dnsframe.providers.base import RecordAuditor
from dnsframe.providers.registry import ProviderType
from dnsframe.rdata import display

#: Finds the registered type behind a provider reference, or None when it is not known (for
#: ``check``, which reads no creds and checks only the types the config declares).
TypeOf = Callable[[ProviderRef], ProviderType | None]


def _at(record: Record | None) -> str:
    return f"{record.source}: " if record is not None and record.source else ""


def _show(record: Record, zone: str) -> str:
    return f"{record.type} {record.fqdn(zone)} {display(record.type, record.content)}"


def check_domain(domain: Domain) -> list[str]:
    """DNSControl's checks of one domain's records."""
    problems: list[str] = []
    zone = domain.name
    by_name: dict[str, list[Record]] = defaultdict(list)
    shown: set[tuple[str, str, str]] = set()  # a record declared twice is said once here
    for record in domain.records:
        by_name[record.name].append(record)
        if record.type in {"CNAME", "NS"}:
            key = (record.name, record.type, record.content)
            if key in shown:
                continue  # the duplicate is said by _check_name
            shown.add(key)
        if record.type == "CNAME":
            if record.name == "@":
                problems.append(
                    f"{_at(record)}CNAME at the apex of {zone} is not allowed (it would hide "
                    "SOA and NS); use ALIAS if the provider has it, or A/AAAA records"
                )
            elif record.content.rstrip(".") == record.fqdn(zone):
                problems.append(f"{_at(record)}CNAME {record.fqdn(zone)} points to itself")
        elif record.type == "NS" and record.name == "@":
            problems.append(
                f"{_at(record)}NS at the apex of {zone}: the apex NS come from the DNS "
                "providers and NAMESERVER(); write NAMESERVER(...) instead"
            )

    # The rules that compare records with one another: only a name with several records can
    # break them (in a large zone, most names have one).
    for records in by_name.values():
        if len(records) > 1:
            problems += _check_name(records, zone)

    for record in domain.records if domain.ignores else ():
        rule = ignored_by(domain.ignores, record)
        if rule is not None and not domain.disable_ignore_safety_check:
            problems.append(
                f"{_at(record)}{_show(record, zone)} is matched by "
                f"{rule.kind}({rule.label!r}, {rule.types!r}, {rule.target!r}) at {rule.source}, "
                "so dnsframe would never write it. Change the rule, remove the record, or add "
                "DISABLE_IGNORE_SAFETY_CHECK to the domain."
            )
    desired = (
        {(r.name, r.type, r.content) for r in domain.records} if domain.ensure_absent else set()
    )
    for record in domain.ensure_absent:
        if (record.name, record.type, record.content) in desired:
            problems.append(
                f"{_at(record)}{_show(record, zone)} is in ENSURE_ABSENT_REC and also declared "
                "as wanted"
            )
    return problems


def _check_name(records: list[Record], zone: str) -> list[str]:
    """The checks among the records of one name: exact duplicates, one TTL per rrset, a CNAME
    alone, a null MX alone."""
    problems: list[str] = []
    seen: dict[tuple[str, str], Record] = {}
    ttls: dict[str, Record] = {}
    for record in records:
        key = (record.type, record.content)
        if key in seen:
            problems.append(
                f"{_at(record)}{_show(record, zone)} is a duplicate record, declared twice "
                f"(also at {seen[key].source}); remove one"
            )
            continue
        seen[key] = record
        other = ttls.setdefault(record.type, record)
        if other.ttl != record.ttl:
            problems.append(
                f"{_at(record)}{record.type} {record.fqdn(zone)} has ttl={record.ttl} but "
                f"ttl={other.ttl} at {other.source}; the records of one name and type share "
                "one TTL"
            )

    cnames = [r for r in records if r.type == "CNAME"]
    if cnames and records[0].name != "@":
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
    return problems


def _role(ptype: ProviderType, name: str) -> str:
    return f"the DNS provider {name} ({ptype.name})"


def check_capabilities(
    domain: Domain, ref: ProviderRef, ptype: ProviderType, instance: Any
) -> list[str]:
    """What ``domain`` asks of the DNS provider ``ref`` that its type cannot do."""
    caps = ptype.capabilities
    who = _role(ptype, ref.name)
    problems: list[str] = []
    for record in domain.records:
        if record.type not in caps.record_types:
            problems.append(
                f"{_at(record)}{record.type} {record.fqdn(domain.name)}: {who} does not "
                f"support {record.type} records"
            )
        elif record.type == "DS" and record.name == "@" and not caps.ds_at_apex:
            problems.append(
                f"{_at(record)}DS at the apex of {domain.name}: {who} does not manage DS "
                "records at the apex (they belong at the parent zone)"
            )
        elif record.type == "DS" and record.name != "@" and not caps.ds_on_children:
            problems.append(
                f"{_at(record)}DS {record.fqdn(domain.name)}: {who} does not support DS records "
                "for delegated children"
            )
    if domain.autodnssec and not caps.autodnssec:
        where = f"{domain.source}: " if domain.source else ""
        flag = "AUTODNSSEC_ON" if domain.autodnssec == "on" else "AUTODNSSEC_OFF"
        problems.append(f"{where}D({_q(domain.unique_name)}): {who} does not support {flag}")
    if isinstance(instance, RecordAuditor):
        try:
            found = list(instance.audit_records(domain))
        except DnsframeError as exc:
            found = [(None, str(exc))]
        except Exception as exc:
            origin = ptype.distribution or ptype.plugin
            text = internal_error(exc, origin, ptype.name, ref.name, "audit_records()")
            where = f"{domain.source}: " if domain.source else ""
            return [*problems, f"{where}{text}"]
        for culprit, message in found:
            where = _at(culprit) or (f"{domain.source}: " if domain.source else "")
            problems.append(f"{where}{who}: {message}")
    return problems


def validate(config: Config, domains: Iterable[Domain] | None = None) -> None:
    """Raise :class:`ConfigError` listing every problem of the config itself, or return.

    Needs no creds: DNSControl's checks, and DnsProvider() naming a declared provider.
    """
    problems: list[str] = []
    declared = {ref.name for ref in config.dns_providers}
    for domain in config.domains if domains is None else domains:
        problems += check_domain(domain)
        where = f"{domain.source}: " if domain.source else ""
        names: set[str] = set()
        for use in domain.dns_providers:
            name = use.provider.name
            if name in names:
                problems.append(
                    f"{where}D({_q(domain.unique_name)}): DnsProvider({_q(name)}) is given twice"
                )
                continue
            names.add(name)
        for use in domain.dns_providers:
            if use.provider.name not in declared:
                where = f"{domain.source}: " if domain.source else ""
                problems.append(
                    f"{where}D({_q(domain.unique_name)}): DnsProvider({_q(use.provider.name)}) "
                    "names no NewDnsProvider(...) declared in the config"
                )
    if problems:
        raise ConfigError(problems)


def validate_capabilities(
    domains: Iterable[Domain],
    type_of: TypeOf,
    instances: Mapping[tuple[str, str], Any] | None = None,
) -> None:
    """Raise :class:`ConfigError` listing everything the domains ask of their DNS providers
    that those cannot do (``type_of`` gives the registered type of a provider reference, or
    None when unknown), and every problem the providers' own audits find."""
    problems: list[str] = []
    hosted: dict[tuple[str, str], Domain] = {}
    for domain in domains:
        for use in domain.dns_providers:
            ptype = type_of(use.provider)
            if ptype is not None and not ptype.capabilities.views:
                problems += _hosted_twice(hosted, domain, use.provider.name)
            if ptype is not None:
                instance = (instances or {}).get(("dns", use.provider.name))
                problems += check_capabilities(domain, use.provider, ptype, instance)
    if problems:
        raise ConfigError(problems)


def _hosted_twice(hosted: dict[tuple[str, str], Domain], domain: Domain, name: str) -> list[str]:
    """Two views of one zone (``D("example.com!a")``, ``D("example.com!b")``) at one provider
    that does not keep views apart: one would overwrite the other."""
    other = hosted.setdefault((name, domain.name), domain)
    if other is domain:
        return []
    where = f"{domain.source}: " if domain.source else ""
    return [
        f"{where}D({_q(domain.unique_name)}): the zone {domain.name} is also hosted at the DNS "
        f"provider {name} by D({_q(other.unique_name)}) at {other.source}; one would overwrite "
        "the other, since this provider does not keep split-horizon views apart. Give each "
        "view its own creds key."
    ]
