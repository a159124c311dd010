"""``dnsframe verify``: do the authoritative servers answer what the config says?

A push succeeding means the provider's API took the change; this asks each domain's
nameservers themselves. The work is in two steps:

1. :func:`targets` turns a :class:`~dnsframe.engine.Run`'s plans (zones read, diffed; nothing
   applied) into what each server should answer: for every rrset the config manages, its values
   and TTL (:class:`Want`); for every rrset the provider holds that a push would delete, nothing;
   for ENSURE_ABSENT_REC, the values that must not be there. Records the config leaves alone
   (IGNORE*, NO_PURGE) are not asked; ALIAS, which no DNS server serves as such, and an apex DS
   (its parent zone's) are skipped with a note.
2. :func:`check` asks every server directly (dnspython: no recursion wanted, UDP with a TCP
   fallback, a timeout and a retry, a bounded pool of threads): first the zone's SOA (its serial
   is reported, and a server that does not answer it is asked nothing more), then each rrset.
   It can be called again for ``--wait`` without reading the providers again.

What is compared: the rrset of the answer whose owner and type are the question's (a CNAME is
never followed; a ``*`` name is asked as itself); in a referral, the authority and additional
sections (a delegation's NS, its glue). Names compare without case, TXT as the joined text, data
in the canonical form of :mod:`dnsframe.rdata`; RRSIGs are never asked for (no DO bit). A name
that should be gone but is answered exactly as a wildcard of the config would answer it is not
a mismatch.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import random
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from dnsframe import dnswire
from dnsframe.changes import ZoneChanges
from dnsframe.diff import diff_zone
from dnsframe.engine import DomainPlan
from dnsframe.errors import DnsframeError
from dnsframe.ignore import ignored_by
from dnsframe.model import Domain, Record
from dnsframe.names import host, label_sort_key

if TYPE_CHECKING:
    import dns.message

DNS_PORT = 53
DEFAULT_TIMEOUT = 2.0
DEFAULT_TRIES = 2
DEFAULT_CONCURRENCY = 16

T = TypeVar("T")

Problem = Literal["missing", "value", "ttl", "extra", "absent", "rcode"]


# --------------------------------------------------------------------------------------------
# What to ask


@dataclass(frozen=True, slots=True)
class Server:
    """One address of one nameserver. ``host`` is the name it was given by (the config, a
    provider, ``--nameservers``); the same as ``address`` when that was an address."""

    host: str
    address: str
    port: int = DNS_PORT

    @property
    def where(self) -> str:
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"{address}:{self.port}"

    def __str__(self) -> str:
        return self.where if self.host == self.address else f"{self.host} ({self.where})"


@dataclass(frozen=True, slots=True)
class Want:
    """What the config says of one rrset (``name`` relative, ``@`` for the apex).

    ``values``: the data it must hold exactly (canonical content), empty when the rrset must
    not exist, ``None`` when only ``absent`` is checked; ``ttls``: the TTLs it may have;
    ``absent``: values it must not hold (ENSURE_ABSENT_REC)."""

    name: str
    type: str
    values: frozenset[str] | None
    ttls: frozenset[int] = frozenset()
    absent: frozenset[str] = frozenset()
    below_cut: bool = False
    """At or below a delegation of the config (an NS rrset below the apex): a server that also
    serves the child zone answers from it, with the child's TTLs and names."""


@dataclass
class Target:
    """One domain: its servers, what each should answer, and what is not checked (notes)."""

    domain: Domain
    servers: list[tuple[Server, list[Want]]] = field(default_factory=list)
    wildcards: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    """Why the domain cannot be checked at all (its zone could not be read, no nameservers)."""
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    """The nameservers whose address could not be found, with why."""
    pending: dict[str, int] = field(default_factory=dict)
    """The corrections each DNS provider (by creds key) still has for the domain: the zone it
    holds is not yet what the config says (not pushed), so its servers cannot answer it."""


def parse_nameservers(spec: str, port: int = DNS_PORT) -> list[tuple[str, int]]:
    """``--nameservers host[:port],...`` as (host, port) pairs; an IPv6 address with a port is
    written in brackets (``[::1]:5353``)."""
    out: list[tuple[str, int]] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        name, number = item, str(port)
        if item.startswith("["):
            name, sep, rest = item[1:].partition("]")
            if not sep or (rest and not rest.startswith(":")):
                raise DnsframeError(f"--nameservers: {item!r} is not [address]:port")
            number = rest[1:] or number
        elif item.count(":") == 1:
            name, number = item.split(":")
        elif ":" in item and not _is_address(item):
            raise DnsframeError(
                f"--nameservers: {item!r} is neither host[:port] nor an IPv6 address (with a "
                "port, write it in brackets: [2001:db8::53]:5353)"
            )
        if not name or not number.isdigit() or not 0 < int(number) < 65536:
            raise DnsframeError(
                f"--nameservers: {item!r} is not host[:port] (a port from 1 to 65535); for "
                "example 127.0.0.1:5353,ns1.example.net"
            )
        out.append((host(name), int(number)))
    if not out:
        raise DnsframeError("--nameservers: no server given; for example 127.0.0.1:5353")
    return out


def _is_address(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def resolve(name: str, port: int) -> list[Server]:
    """Every address of nameserver ``name`` (through the system's resolver, or as it is when
    it is an address). Raises OSError when it has none."""
    found = socket.getaddrinfo(name, port, type=socket.SOCK_DGRAM, proto=socket.IPPROTO_UDP)
    addresses = dict.fromkeys(str(info[4][0]) for info in found)
    return [Server(name, address, port) for address in addresses]


def wants(domain: Domain, changes: ZoneChanges) -> tuple[list[Want], list[str]]:
    """What a server of ``domain`` should answer, from the diff against the zone as read: the
    desired rrsets without the records the config leaves alone, the rrsets a push would delete
    (nothing), the ENSURE_ABSENT_REC values; and a note for what cannot be checked."""
    kept = {(r.name, r.type, r.content) for r in changes.kept}
    desired: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in changes.desired:
        key = (record.name, record.type)
        desired.setdefault(key, [])  # a wholly kept rrset is known, and not checked
        if (record.name, record.type, record.content) not in kept:
            desired[key].append(record)
    notes: list[str] = []
    aliased = {r.name for r in changes.desired if r.type == "ALIAS"}
    cuts = {name for name, rtype in desired if rtype == "NS" and name != "@"}

    def below_cut(name: str, rtype: str) -> bool:
        if not cuts or name == "@":
            return False
        if name in cuts:
            return rtype != "DS"  # a DS at the cut is the parent's own data
        return any(name.endswith("." + cut) for cut in cuts)

    out: list[Want] = []
    for (name, rtype), records in desired.items():
        if not records:
            continue
        fqdn = records[0].fqdn(domain.name)
        if rtype == "ALIAS":
            notes.append(
                f"{fqdn} ALIAS {records[0].content} is not checked: a server answers it as the "
                "A and AAAA its provider finds for the target, which only the provider knows"
            )
            continue
        if rtype == "DS" and name == "@":
            notes.append(f"{fqdn} DS is not checked: the parent zone's servers answer it")
            continue
        out.append(
            Want(
                name,
                rtype,
                frozenset(r.content for r in records),
                frozenset(r.ttl for r in records),
                below_cut=below_cut(name, rtype),
            )
        )
    gone = {(r.name, r.type) for r in changes.existing} - desired.keys()
    for name, rtype in sorted(gone):
        if rtype in {"A", "AAAA"} and name in aliased:
            continue  # what the ALIAS is served as
        if rtype == "ALIAS":
            continue
        out.append(Want(name, rtype, frozenset(), below_cut=below_cut(name, rtype)))
    absent: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in domain.ensure_absent:
        absent[(record.name, record.type)].add(record.content)
    merged = {(w.name, w.type): w for w in out}
    for key, values in absent.items():
        found = merged.get(key)
        if found is None:
            merged[key] = Want(
                key[0], key[1], None, absent=frozenset(values), below_cut=below_cut(*key)
            )
        else:
            merged[key] = dataclasses.replace(found, absent=frozenset(values))
    ordered = sorted(merged.values(), key=lambda w: (label_sort_key(w.name), w.type))
    return ordered, notes


def targets(
    plans: Sequence[DomainPlan],
    nameservers: Sequence[tuple[str, int]] | None = None,
    port: int = DNS_PORT,
    resolver: Callable[[str, int], list[Server]] = resolve,
    family: Literal[4, 6] | None = None,
) -> list[Target]:
    """What to ask of whom, for each planned domain. ``nameservers`` (``--nameservers``) are
    asked for every domain instead of those the config and the providers name (which are
    asked at ``port``); ``family`` 4 or 6: only the addresses of that IP version (``-4``,
    ``-6``). A server is asked once per domain, however many names lead to its address."""
    cache: dict[tuple[str, int], list[Server] | str] = {}

    def servers_of(name: str, at: int) -> list[Server] | str:
        if (name, at) not in cache:
            try:
                cache[(name, at)] = resolver(name, at) or "it has no address"
            except OSError as exc:
                cache[(name, at)] = (
                    f"its address could not be found ({exc.strerror or exc}); name the "
                    "servers to ask with --nameservers host[:port],..."
                )
        return cache[(name, at)]

    out: list[Target] = []
    for plan in plans:
        domain = plan.domain
        target = Target(domain)
        out.append(target)
        dns_plans = [pp for pp in plan.providers if pp.role == "dns"]
        failed = [pp for pp in dns_plans if pp.error]
        if failed:
            target.error = "; ".join(f"{pp.name}: {pp.error}" for pp in failed)
            continue
        for pp in dns_plans:
            count = sum(1 for c in pp.corrections if c.apply is not None)
            if count:
                target.pending[pp.name] = count
        expected: dict[str, tuple[list[Want], list[str]]] = {}
        for pp in dns_plans:
            if pp.changes is not None:
                expected[pp.name] = wants(domain, pp.changes)
        fallback = next(iter(expected.values()), None) or wants(
            domain, diff_zone(domain, (), domain.records)
        )
        target.notes = list(fallback[1])
        if domain.tag:
            target.notes.append(
                f"{domain.unique_name} is a split-horizon view: servers answer a view by the "
                "address of who asks, so check it on its own, from where its clients ask or at "
                f"its own servers (--domains '{domain.unique_name}' --nameservers ...)"
            )
        target.wildcards = _wildcards(fallback[0])
        groups = _server_groups(plan, expected, fallback[0], nameservers, port)
        filtered = _place_servers(target, groups, servers_of, family)
        if not target.servers and not target.unresolved:
            if filtered:
                target.error = (
                    f"its nameservers have no IPv{family} address (-{family} left out "
                    f"{_count(filtered, 'address', 'addresses')})"
                )
            else:
                target.error = (
                    "no nameserver to ask: the config names none (NAMESERVER) and its DNS "
                    "providers give none; name them with --nameservers host[:port],..."
                )
    return out


def _server_groups(
    plan: DomainPlan,
    expected: dict[str, tuple[list[Want], list[str]]],
    fallback: list[Want],
    nameservers: Sequence[tuple[str, int]] | None,
    port: int,
) -> list[tuple[list[tuple[str, int]], list[Want]]]:
    """Which servers (host, port) should answer which rrsets: ``--nameservers`` the first
    provider's; else each DNS provider's own nameservers what it was asked to hold, and the
    config's ``NAMESERVER()`` hosts that no provider gave the first provider's."""
    if nameservers:
        return [(list(nameservers), fallback)]
    groups: list[tuple[list[tuple[str, int]], list[Want]]] = []
    covered: set[str] = set()
    for key, (listed, _) in expected.items():
        hosts_of = plan.nameservers_of.get(key, [])
        covered.update(hosts_of)
        groups.append(([(h, port) for h in hosts_of], listed))
    declared = [host(ns.name) for ns in plan.domain.nameservers]
    rest = [h for h in dict.fromkeys(declared) if h not in covered]
    if rest:
        groups.append(([(h, port) for h in rest], fallback))
    return groups


def _place_servers(
    target: Target,
    groups: list[tuple[list[tuple[str, int]], list[Want]]],
    servers_of: Callable[[str, int], list[Server] | str],
    family: Literal[4, 6] | None,
) -> int:
    """Resolve each group's hosts into ``target.servers`` (an address once), the ones without
    an address into ``target.unresolved``; the number of addresses ``family`` left out."""
    seen: set[tuple[str, int]] = set()
    filtered = 0
    for names, listed in groups:
        for name, at in names:
            found = servers_of(name, at)
            if isinstance(found, str):
                if (name, found) not in target.unresolved:
                    target.unresolved.append((name, found))
                continue
            for server in found:
                version = 6 if ":" in server.address else 4
                if family is not None and version != family:
                    filtered += 1
                elif _at(server) not in seen:
                    seen.add(_at(server))
                    target.servers.append((server, listed))
    return filtered


def _wildcards(listed: Iterable[Want]) -> dict[tuple[str, str], frozenset[str]]:
    return {(w.name, w.type): w.values for w in listed if w.values and w.name.startswith("*")}


# --------------------------------------------------------------------------------------------
# Asking


AnswerKind = Literal["rrset", "nxdomain", "nodata", "cname", "referral", "noaa", "rcode"]


@dataclass(frozen=True, slots=True)
class Answer:
    """What a server answered for one rrset: its response code, the values (canonical content)
    and TTL of the rrset asked for, if it was there, and what kind of answer it was: the rrset,
    NXDOMAIN, no data, a CNAME instead (``detail``: its target), a referral (``detail``: the
    NS it refers to), an answer without the AA flag, or another response code."""

    rcode: str
    values: tuple[str, ...] = ()
    ttl: int | None = None
    kind: AnswerKind = "rrset"
    authoritative: bool = True
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One rrset that one server answers otherwise than the config says."""

    server: Server
    zone: str
    want: Want
    answer: Answer
    problem: Problem

    @property
    def fqdn(self) -> str:
        return self.zone if self.want.name == "@" else f"{self.want.name}.{self.zone}"

    def line(self) -> str:
        """``MISMATCH www.example.com A at ns1 (192.0.2.1:53): config 1.2.3.4 ttl=300;
        server 5.6.7.8 ttl=300``."""
        want, answer = self.want, self.answer
        if self.problem == "absent":
            bad = sorted(set(answer.values) & want.absent)
            said = f"config: never {_values(want.type, bad)} (ENSURE_ABSENT_REC)"
        elif not want.values:
            said = "config: none (it should not exist)"
        else:
            said = f"config {_values(want.type, sorted(want.values))} ttl={_ttls(want.ttls)}"
        if answer.values:
            got = f"server {_values(want.type, sorted(answer.values))} ttl={answer.ttl}"
        else:
            got = {
                "nxdomain": "server: nothing (NXDOMAIN)",
                "nodata": "server: nothing (no data)",
                "cname": f"server: a CNAME to {answer.detail} instead",
                "referral": f"server: a referral to {answer.detail}, without it",
                "noaa": "server answered without the AA flag: it is not authoritative here",
                "rcode": f"server answered {answer.rcode}",
                "rrset": "server: nothing",
            }[answer.kind]
        if want.below_cut and answer.authoritative and answer.values:
            got += " (the child zone's own: this server serves it too)"
        return f"MISMATCH {self.fqdn} {want.type} at {self.server}: {said}; {got}"

    def as_json(self) -> dict[str, Any]:
        want, answer = self.want, self.answer
        return {
            "server": self.server.host,
            "address": self.server.address,
            "port": self.server.port,
            "name": self.fqdn,
            "type": want.type,
            "problem": self.problem,
            "config": None
            if want.values is None
            else {"values": sorted(want.values), "ttl": sorted(want.ttls)},
            "must_not_have": sorted(want.absent),
            "answer": {
                "rcode": answer.rcode,
                "kind": answer.kind,
                "values": sorted(answer.values),
                "ttl": answer.ttl,
                "detail": answer.detail or None,
            },
        }


def _values(rtype: str, values: Sequence[str]) -> str:
    from dnsframe import rdata

    shown = [rdata.display(rtype, v) if rtype in rdata.SUPPORTED_TYPES else v for v in values]
    return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"


def _ttls(ttls: frozenset[int]) -> str:
    return "/".join(str(t) for t in sorted(ttls))


@dataclass
class ServerResult:
    """One server of one domain: the SOA serial it answered, or why it was not checked."""

    server: Server
    serial: int | None = None
    error: str | None = None
    """It did not answer, or stopped answering (the domain could not be checked there)."""
    refused: str | None = None
    """It answered, but not as a server of the zone (REFUSED, no AA): a disagreement."""
    unreachable: str | None = None
    """This machine has no route to its address (an IPv6 address without IPv6 here): a note,
    unless no server of the domain could be reached."""
    asked: int = 0
    unanswered: int = 0
    skipped: int = 0
    """Questions not asked, the server having stopped answering."""


@dataclass
class DomainResult:
    target: Target
    servers: list[ServerResult] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.target.domain.unique_name

    @property
    def unchecked(self) -> bool:
        """Whether no server of the domain was asked at all although it has servers."""
        return bool(self.servers) and all(s.unreachable for s in self.servers)


@dataclass
class VerifyResult:
    domains: list[DomainResult]

    @property
    def errors(self) -> list[str]:
        """Why something could not be checked: a domain not read, a server without an address
        or that did not answer (each named once, with the domains it concerns)."""
        out = [f"{d.name}: {d.target.error}" for d in self.domains if d.target.error]
        named: dict[str, list[str]] = {}
        for d in self.domains:
            for name, why in d.target.unresolved:
                named.setdefault(f"nameserver {name}: {why}", []).append(d.name)
            for s in d.servers:
                if s.error:
                    named.setdefault(f"{s.server} {s.error}", []).append(d.name)
            if d.unchecked:
                why = "; ".join(f"{s.server} {s.unreachable}" for s in d.servers)
                out.append(f"{d.name}: none of its servers can be reached from this machine: {why}")
        out += [f"{what}; not checked there: {', '.join(names)}" for what, names in named.items()]
        return out

    @property
    def notes(self) -> list[str]:
        """The servers this machine cannot reach (each once), when others could be asked."""
        named: dict[str, list[str]] = {}
        for d in self.domains:
            if not d.unchecked:
                for s in d.servers:
                    if s.unreachable:
                        named.setdefault(f"{s.server} {s.unreachable}", []).append(d.name)
        return [f"{what}; not checked there: {', '.join(names)}" for what, names in named.items()]

    @property
    def disagreements(self) -> int:
        return sum(len(d.mismatches) + sum(1 for s in d.servers if s.refused) for d in self.domains)

    @property
    def propagating(self) -> bool:
        """Whether every disagreement is one that time can mend (a value, a TTL, a record
        present or missing, at a provider that holds what the config says), so that waiting
        may help."""
        return (
            self.disagreements > 0
            and not any(s.refused for d in self.domains for s in d.servers)
            and all(
                m.problem in {"value", "ttl", "missing", "extra", "absent"} and not d.target.pending
                for d in self.domains
                for m in d.mismatches
            )
        )

    @property
    def may_change(self) -> bool:
        """Whether asking again may give another result: a disagreement at a domain whose
        provider holds the config, or a server that did not answer. A zone not read, a
        nameserver without an address, corrections not pushed stay as they are."""
        return any(
            not d.target.pending and (d.mismatches or any(s.refused or s.error for s in d.servers))
            for d in self.domains
        )

    @property
    def unpushed(self) -> list[str]:
        """The domains with mismatches whose providers still have corrections (not pushed)."""
        return [d.name for d in self.domains if d.mismatches and d.target.pending]

    @property
    def exit_code(self) -> int:
        """0: every server agrees; 2: some disagree; 1: something could not be checked."""
        if self.errors:
            return 1
        return 2 if self.disagreements else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.exit_code == 0,
            "errors": self.errors,
            "notes": self.notes,
            "domains": [
                {
                    "name": d.name,
                    "error": d.target.error,
                    "servers": [
                        {
                            "name": s.server.host,
                            "address": s.server.address,
                            "port": s.server.port,
                            "serial": s.serial,
                            "rrsets": s.asked,
                            "error": s.error,
                            "refused": s.refused,
                            "unreachable": s.unreachable,
                        }
                        for s in d.servers
                    ]
                    + [
                        {"name": name, "address": None, "port": None, "error": why}
                        for name, why in d.target.unresolved
                    ],
                    "mismatches": [m.as_json() for m in d.mismatches],
                    "not_pushed": d.target.pending,
                    "not_checked": d.target.notes,
                }
                for d in self.domains
            ],
        }


class _NoAnswer(Exception):
    pass


class _Unreachable(Exception):
    pass


#: What the system says when this machine has no way to an address (no IPv6 route, say).
_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}

#: After this many questions in a row without an answer, a server is asked nothing more.
SILENT_AFTER = 3


def _refused(exc: OSError) -> str:
    """Why a question got no answer, from the system's error; :class:`_Unreachable` when this
    machine has no route to the address."""
    if exc.errno in _NO_ROUTE:
        raise _Unreachable(f"cannot be reached from this machine ({exc.strerror or exc})") from None
    return f"did not answer ({exc.strerror or exc})"


def _ask(server: Server, qname: str, rtype: str, timeout: float, tries: int) -> dns.message.Message:
    """One question to one server, no recursion wanted: UDP, over TCP when the answer is cut;
    asked ``tries`` times before it counts as not answered (:class:`_NoAnswer`);
    :class:`_Unreachable` when this machine has no route to the address."""
    import dns.exception
    import dns.flags
    import dns.message
    import dns.query

    query = dns.message.make_query(qname, rtype, use_edns=0, payload=1232)
    query.flags &= ~dns.flags.RD
    why = ""
    for _ in range(tries):
        try:
            response, _tcp = dns.query.udp_with_fallback(
                query, server.address, timeout=timeout, port=server.port
            )
            return response
        except dns.exception.Timeout:
            why = f"did not answer ({tries} tries, {timeout:g} s each)"
        except OSError as exc:
            why = _refused(exc)
        except dns.exception.DNSException as exc:
            why = f"did not answer ({type(exc).__name__}: {exc})"
    raise _NoAnswer(why)


def _ask_and_read(
    server: Server, qname: str, rtype: str, zone: str, timeout: float, tries: int
) -> Answer:
    """One rrset asked of one server and read into an :class:`Answer`: the question made and
    the answer read by :mod:`dnsframe.dnswire` when they are plain, else by dnspython."""
    qid = random.getrandbits(16)
    wire = dnswire.query(qname, rtype, qid)
    if wire is None:
        return _answer(_ask(server, qname, rtype, timeout, tries), qname, rtype, zone)
    why = ""
    for _ in range(tries):
        try:
            data = _exchange(server, wire, qid, timeout)
        except TimeoutError:
            why = f"did not answer ({tries} tries, {timeout:g} s each)"
            continue
        except OSError as exc:
            why = _refused(exc)
            continue
        reply = dnswire.read(data)
        if reply is None:
            return _answer_wire(data, qname, rtype, zone)
        if reply.question != (qname.lower(), dnswire.NUMBERS[rtype]):
            why = "did not answer (its answers were to another question)"
            continue
        return _answer_plain(reply, qname, rtype)
    raise _NoAnswer(why)


def _exchange(server: Server, wire: bytes, qid: int, timeout: float) -> bytes:
    """The response to ``wire`` from ``server``: over UDP, and over TCP when it comes back cut
    (TC). Raises TimeoutError, or OSError."""
    import ipaddress

    family = socket.AF_INET6 if ":" in server.address else socket.AF_INET
    where = (server.address, server.port)
    expected = ipaddress.ip_address(server.address)
    deadline = time.monotonic() + timeout
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        udp.sendto(wire, where)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            udp.settimeout(left)
            data, peer = udp.recvfrom(65535)
            if (
                len(data) >= 12
                and data[:2] == wire[:2]
                and ipaddress.ip_address(peer[0].partition("%")[0]) == expected
            ):
                break  # else a stray or late datagram: keep waiting
    if not data[2] & (dnswire.TC >> 8):
        return data
    with socket.create_connection(where, timeout=max(0.1, deadline - time.monotonic())) as tcp:
        tcp.sendall(len(wire).to_bytes(2, "big") + wire)
        size = int.from_bytes(_receive(tcp, 2), "big")
        data = _receive(tcp, size)
    if data[:2] != wire[:2]:
        raise OSError(f"the TCP answer is not to the question asked (id {qid})")
    return data


def _receive(sock: socket.socket, size: int) -> bytes:
    out = bytearray()
    while len(out) < size:
        chunk = sock.recv(size - len(out))
        if not chunk:
            raise OSError("the server closed the connection mid-answer")
        out += chunk
    return bytes(out)


def _answer_wire(data: bytes, qname: str, rtype: str, zone: str) -> Answer:
    """:func:`_answer` of a response that :mod:`dnsframe.dnswire` does not read."""
    import dns.exception
    import dns.message
    import dns.name
    import dns.rdatatype

    try:
        response = dns.message.from_wire(data)
    except dns.exception.DNSException as exc:
        return Answer(f"an answer that cannot be read ({type(exc).__name__})", kind="rcode")
    asked = [(q.name, q.rdtype) for q in response.question]
    if asked != [(dns.name.from_text(qname), dns.rdatatype.from_text(rtype))]:
        return Answer("an answer to another question", kind="rcode")
    return _answer(response, qname, rtype, zone)


def _answer_plain(reply: dnswire.Reply, qname: str, rtype: str) -> Answer:
    """What ``reply`` answers for ``qname`` ``rtype``: the rrset, or what came instead (a
    CNAME, a referral, no data, an rcode). ``reply`` is read by :mod:`dnsframe.dnswire`, or
    made of dnspython's message by :func:`_answer`; its values are canonical content."""
    rcode = _RCODES.get(reply.rcode) or _rcode_text(reply.rcode)
    name = qname.lower()
    wanted = dnswire.NUMBERS.get(rtype) or _type_number(rtype)
    authoritative = bool(reply.flags & dnswire.AA)
    referral = [r for r in reply.authority if r.rtype == _NS] if not reply.answer else []
    if rcode not in {"NOERROR", "NXDOMAIN"}:
        return Answer(rcode, kind="rcode", authoritative=authoritative)
    if not authoritative and not referral:
        return Answer(rcode, kind="noaa", authoritative=False)
    sections = [reply.answer]
    if referral and not authoritative:  # the delegation's NS, its glue
        sections += [reply.authority, reply.additional]
    for section in sections:
        for rrset in section:
            if rrset.owner == name and rrset.rtype == wanted and rrset.rclass == 1:
                return Answer(rcode, rrset.values or (), rrset.ttl, authoritative=authoritative)
    for rrset in reply.answer:
        if rrset.owner == name and rrset.rtype == _CNAME and rrset.values:
            return Answer(rcode, kind="cname", detail=rrset.values[0])
    if referral and not authoritative:
        servers = sorted(referral[0].values or ())
        return Answer(
            rcode,
            kind="referral",
            authoritative=False,
            detail=f"{referral[0].owner} NS {servers}",
        )
    return Answer(rcode, kind="nxdomain" if rcode == "NXDOMAIN" else "nodata")


_RCODES = {0: "NOERROR", 3: "NXDOMAIN"}
_NS, _CNAME = 2, 5


def _rcode_text(number: int) -> str:
    import dns.rcode

    return dns.rcode.to_text(dns.rcode.Rcode.make(number))


def _type_number(rtype: str) -> int:
    import dns.rdatatype

    return int(dns.rdatatype.from_text(rtype))


def _answer(response: dns.message.Message, qname: str, rtype: str, zone: str) -> Answer:
    """:func:`_answer_plain` of a message dnspython read: the rrsets it needs (the one asked
    for, CNAMEs, NS) in canonical content (the data dnsframe cannot read kept as written)."""
    import dns.name
    import dns.rdatatype

    wanted = _type_number(rtype)

    def rrsets(section: list[Any]) -> tuple[dnswire.Rrset, ...]:
        out = []
        for rrset in section:
            values: tuple[str, ...] | None = None
            if rrset.rdtype in {wanted, _CNAME, _NS}:
                kind = dns.rdatatype.to_text(rrset.rdtype)
                texts = [rd.to_text(origin=None, relativize=False) for rd in rrset]
                values = tuple(_canonical(kind, text, zone) for text in texts)
            owner = rrset.name.to_text().lower()
            out.append(
                dnswire.Rrset(owner, int(rrset.rdtype), int(rrset.rdclass), rrset.ttl, values)
            )
        return tuple(out)

    question = response.question[0] if len(response.question) == 1 else None
    reply = dnswire.Reply(
        response.id,
        response.flags,
        int(response.rcode()),
        (question.name.to_text().lower(), int(question.rdtype)) if question else None,
        rrsets(response.answer),
        rrsets(response.authority),
        rrsets(response.additional),
    )
    return _answer_plain(reply, dns.name.from_text(qname).to_text(), rtype)


def _canonical(rtype: str, text: str, zone: str) -> str:
    """Presentation ``text`` as canonical content, or as it is when dnsframe cannot read it."""
    from dnsframe import rdata

    try:
        return rdata.from_presentation(rtype, text, zone)
    except rdata.RdataError:
        return text


def _compare(domain: Domain, target: Target, want: Want, answer: Answer) -> Problem | None:
    if answer.kind in {"rcode", "noaa"}:
        return "rcode"
    got = set(answer.values)
    if domain.ignores and got:
        got = {
            v
            for v in got
            if ignored_by(domain.ignores, Record(want.name, want.type, v, answer.ttl or 0)) is None
        }
    if want.absent & got:
        return "absent"
    # At or below a delegation, a server that also serves the child zone answers from it
    # (authoritatively): the names are the child's to hold, and the TTLs its own.
    from_child = want.below_cut and answer.authoritative
    if want.values is None:
        return None
    if not want.values:
        if not got or from_child or _wildcard_answer(target, want, got):
            return None
        return "extra"
    if not got:
        return "missing"
    if got != want.values:
        return "value"
    if answer.ttl not in want.ttls and not from_child:
        return "ttl"
    return None


def _wildcard_answer(target: Target, want: Want, got: set[str]) -> bool:
    """Whether ``got`` is what a wildcard of the config synthesizes for ``want``'s name."""
    labels = [] if want.name == "@" else want.name.split(".")
    for cut in range(1, len(labels) + 1):
        parent = labels[cut:]
        wildcard = "*." + ".".join(parent) if parent else "*"
        if target.wildcards.get((wildcard, want.type)) == frozenset(got):
            return True
    return False


def check(
    found: Sequence[Target],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    tries: int = DEFAULT_TRIES,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> VerifyResult:
    """Ask every server of every target, ``concurrency`` questions at once. A server that
    does not answer the zone's SOA is asked nothing more for it; one that leaves
    :data:`SILENT_AFTER` questions in a row unanswered is asked nothing more at all."""
    results = [DomainResult(t) for t in found]
    # A server that did not answer is not asked again (by address: two names may lead to it).
    silent: dict[tuple[str, int], str] = {}
    misses: dict[tuple[str, int], int] = defaultdict(int)
    lock = threading.Lock()

    def probe(result: DomainResult, server: Server) -> ServerResult:
        zone = result.target.domain.name
        out = ServerResult(server)
        with lock:
            earlier = silent.get(_at(server))
        if earlier is not None:
            out.error = earlier
            return out
        try:
            response = _ask(server, zone + ".", "SOA", timeout, tries)
        except _Unreachable as exc:
            out.unreachable = str(exc)
            return out
        except _NoAnswer as exc:
            with lock:
                silent[_at(server)] = str(exc)
            out.error = str(exc)
            return out
        import dns.flags
        import dns.rcode
        import dns.rdatatype

        rcode = dns.rcode.to_text(response.rcode())
        soa = [r for r in response.answer if r.rdtype == dns.rdatatype.SOA]
        if rcode == "SERVFAIL":
            out.refused = (
                f"answered SERVFAIL when asked for the SOA of {zone}: it knows the zone but "
                "cannot serve it (a zone file it did not load? its log says why)"
            )
        elif rcode != "NOERROR" or not soa:
            out.refused = (
                f"answered {rcode} when asked for the SOA of {zone}: it does not serve the zone"
            )
        elif not response.flags & dns.flags.AA:
            out.refused = f"is not authoritative for {zone} (its answer has no AA flag)"
        else:
            out.serial = int(soa[0][0].serial)
        return out

    def ask(result: DomainResult, state: ServerResult, want: Want) -> Mismatch | None:
        server = state.server
        with lock:
            if _at(server) in silent:
                state.skipped += 1
                return None
        zone = result.target.domain.name
        qname = (zone if want.name == "@" else f"{want.name}.{zone}") + "."
        try:
            answer = _ask_and_read(server, qname, want.type, zone, timeout, tries)
        except (_NoAnswer, _Unreachable) as exc:
            with lock:
                state.unanswered += 1
                misses[_at(server)] += 1
                if misses[_at(server)] >= SILENT_AFTER:
                    silent.setdefault(_at(server), str(exc))
            return None
        with lock:
            misses[_at(server)] = 0  # it answers: only misses in a row silence it
        problem = _compare(result.target.domain, result.target, want, answer)
        return None if problem is None else Mismatch(server, zone, want, answer, problem)

    pairs = [
        (result, server, listed)
        for result in results
        if result.target.error is None
        for server, listed in result.target.servers
    ]
    states = _in_threads([functools.partial(probe, r, s) for r, s, _ in pairs], concurrency)
    questions: list[tuple[DomainResult, ServerResult, Want]] = []
    for (result, _server, listed), state in zip(pairs, states, strict=True):
        result.servers.append(state)
        if state.serial is not None:
            state.asked = len(listed)
            questions += [(result, state, want) for want in listed]
    answers = _in_threads([functools.partial(ask, *q) for q in questions], concurrency)
    for (result, _state, _want), mismatch in zip(questions, answers, strict=True):
        if mismatch is not None:
            result.mismatches.append(mismatch)
    for result in results:
        for state in result.servers:
            if (state.unanswered or state.skipped) and state.error is None:
                planned = state.asked
                state.asked -= state.skipped
                state.error = (
                    f"answered the SOA of {result.target.domain.name} but left "
                    f"{state.unanswered + state.skipped} of {planned} questions unanswered "
                    f"({tries} tries, {timeout:g} s each)"
                    + (
                        f"; it was asked nothing more after {SILENT_AFTER} in a row"
                        if _at(state.server) in silent
                        else ""
                    )
                )
    return VerifyResult(results)


def _at(server: Server) -> tuple[str, int]:
    return (server.address, server.port)


def _in_threads(jobs: Sequence[Callable[[], T]], concurrency: int) -> list[T]:
    """Each job's result, in order, run by ``concurrency`` threads that take the next job as
    they finish one (a future per question cost more than asking it: 10,000 of them kept the
    threads waiting on the pool's locks)."""
    results: list[Any] = [None] * len(jobs)
    taken = iter(range(len(jobs)))
    lock = threading.Lock()
    failure: list[BaseException] = []
    stop = threading.Event()

    def work() -> None:
        while not failure and not stop.is_set():
            with lock:
                index = next(taken, None)
            if index is None:
                return
            try:
                results[index] = jobs[index]()
            except BaseException as exc:  # a bug of verify's own: raised in the caller
                failure.append(exc)

    # Daemon threads, told to stop on Ctrl-C: an interrupted verify does not wait for them.
    threads = [
        threading.Thread(target=work, name="dnsframe-verify", daemon=True)
        for _ in range(max(1, min(concurrency, len(jobs))))
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:
        stop.set()
        raise
    if failure:
        raise failure[0]
    return results


def check_until(
    found: Sequence[Target],
    wait: float,
    *,
    interval: float = 2.0,
    on_round: Callable[[VerifyResult, float, float], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    tries: int = DEFAULT_TRIES,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> VerifyResult:
    """:func:`check` again every ``interval`` seconds until every server agrees, ``wait``
    seconds have passed (``--wait``, for propagation), or nothing left can change by asking
    again (:attr:`VerifyResult.may_change`); ``on_round(result, pause, left)`` is told of each
    round that did not agree before its pause."""
    deadline = time.monotonic() + wait
    while True:
        result = check(found, timeout=timeout, tries=tries, concurrency=concurrency)
        left = deadline - time.monotonic()
        if result.exit_code == 0 or left <= 0 or not result.may_change:
            return result
        pause = min(interval, left)
        if on_round is not None:
            on_round(result, pause, left)
        time.sleep(pause)


# --------------------------------------------------------------------------------------------
# Saying it


def render(
    result: VerifyResult, emit: Callable[[str], None], *, full: bool = False, quiet: bool = False
) -> None:
    """The text of ``result``: per domain with something to say (every domain with ``full``),
    its header, its servers and serials, a line per mismatch and per note; ``quiet``: the
    mismatch lines only. What could not be checked is not here: :attr:`VerifyResult.errors`
    names each server once, for all its domains."""
    for d in result.domains:
        if d.target.error:
            continue  # said once, with the other errors (VerifyResult.errors)
        busy = d.mismatches or any(s.refused for s in d.servers)
        if quiet:
            for s in d.servers:
                if s.refused:
                    emit(f"MISMATCH {d.name} at {s.server}: {s.refused}")
            for m in d.mismatches:
                emit(m.line())
            continue
        if not (busy or full or d.target.notes):
            continue
        emit(f"******************** Domain: {d.name}")
        for s in d.servers:
            if s.serial is not None:
                emit(f"{s.server}: serial {s.serial}, {s.asked} rrsets asked")
            elif s.refused:
                emit(f"MISMATCH {d.name} at {s.server}: {s.refused}")
        for key, count in d.target.pending.items():
            emit(
                f"NOTE: {key} does not hold what the config says yet ({count} correction"
                f"{'s' if count != 1 else ''} not pushed: dnsframe preview shows them); its "
                "servers can only answer what it holds"
            )
        for note in d.target.notes:
            emit(f"NOTE: {note}")
        for m in sorted(
            d.mismatches,
            key=lambda m: (label_sort_key(m.want.name), m.want.type, m.server.where),
        ):
            emit(m.line())


def _count(n: int, what: str, plural: str = "") -> str:
    return f"{n} {what if n == 1 else plural or what + 's'}"


def summary(result: VerifyResult) -> str:
    """The last line: ``Done. ...`` when every server agrees, else ``FAILURE: ...``."""
    servers = {s.server for d in result.domains for s in d.servers if s.serial is not None}
    rrsets = sum(s.asked for d in result.domains for s in d.servers)
    checked = sum(1 for d in result.domains if d.target.error is None)
    if result.exit_code == 0:
        return (
            f"Done. Every server agrees with the config: {_count(checked, 'domain')}, "
            f"{_count(len(servers), 'server')}, {_count(rrsets, 'rrset')} asked."
        )
    parts = []
    if result.disagreements:
        bad = {m.server for d in result.domains for m in d.mismatches}
        bad |= {s.server for d in result.domains for s in d.servers if s.refused}
        parts.append(
            f"{_count(result.disagreements, 'mismatch', 'mismatches')} "
            f"at {_count(len(bad), 'server')}"
        )
    silent = {str(s.server) for d in result.domains for s in d.servers if s.error}
    if silent:
        parts.append(
            f"{_count(len(silent), 'server')} did not answer ({', '.join(sorted(silent))})"
        )
    unresolved = {name for d in result.domains for name, _ in d.target.unresolved}
    if unresolved:
        parts.append(
            f"{_count(len(unresolved), 'nameserver')} without an address "
            f"({', '.join(sorted(unresolved))})"
        )
    unreachable = [d.name for d in result.domains if d.unchecked]
    if unreachable:
        parts.append(
            f"{_count(len(unreachable), 'domain')} whose servers cannot be reached from this "
            f"machine ({', '.join(unreachable)})"
        )
    unread = [d.name for d in result.domains if d.target.error]
    if unread:
        parts.append(f"{_count(len(unread), 'domain')} not checked ({', '.join(unread)})")
    return "FAILURE: " + "; ".join(parts) + "."
