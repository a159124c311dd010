"""The sandbox's data: tokens, domains, their LiveDNS zones, keys and snapshots.

Everything here is plain data guarded by one lock that :class:`GandiSandbox` holds while a
request runs; nothing here knows about HTTP. :meth:`State.to_json` and :meth:`State.from_json`
are the ``--state`` file.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import KeysView
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gandi_sandbox.rdata import RRSet

STATE_FORMAT = 1

#: Gandi's records in a new LiveDNS zone (the parking A record, Gandi Mail and the web
#: redirection), as octodns-gandi's "default Gandi zone file" fixture and users' zone exports
#: show them.
DEFAULT_RECORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("@", "A", ("217.70.184.38",)),
    ("@", "MX", ("10 spool.mail.gandi.net.", "50 fb.mail.gandi.net.")),
    ("@", "TXT", ('"v=spf1 include:_mailcust.gandi.net ?all"',)),
    ("webmail", "CNAME", ("webmail.gandi.net.",)),
    ("www", "CNAME", ("webredir.vip.gandi.net.",)),
    ("_imap._tcp", "SRV", ("0 0 0 .",)),
    ("_imaps._tcp", "SRV", ("0 1 993 mail.gandi.net.",)),
    ("_pop3._tcp", "SRV", ("0 0 0 .",)),
    ("_pop3s._tcp", "SRV", ("10 1 995 mail.gandi.net.",)),
    ("_submission._tcp", "SRV", ("0 1 465 mail.gandi.net.",)),
)
DEFAULT_RECORDS_TTL = 10800

#: The nameservers of a domain that is not on LiveDNS, unless given.
OTHER_NAMESERVERS = ("ns1.example.net", "ns2.example.net")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def livedns_nameservers(fqdn: str) -> list[str]:
    """The three hashed ``ns-N-{a,b,c}.gandi.net`` servers that LiveDNS gives a zone."""
    digest = hashlib.sha256(fqdn.lower().encode()).digest()
    return [f"ns-{digest[i] % 250 + 1}-{letter}.gandi.net" for i, letter in enumerate("abc")]


def sort_key(rrset: RRSet) -> tuple[str, str]:
    """Listing order: by name compared in upper case (so ``_acme`` comes after ``www``, as the
    real listing of 2020 shows), then by type."""
    return (rrset.name.upper(), rrset.type)


@dataclass
class Token:
    """A credential: a personal access token (``Bearer``) or a legacy API key (``Apikey``)."""

    token: str
    scheme: str = "Bearer"
    domains: list[str] | None = None
    organization: str | None = None
    permissions: bool = True

    def sees(self, domain: Domain) -> bool:
        """Whether the domain belongs to this token's account (else it does not exist for it)."""
        return (
            self.organization is None
            or domain.organization is None
            or domain.organization == self.organization
        )

    def in_scope(self, domain: Domain) -> bool:
        """Whether the token may act on the domain (a PAT can be limited to some domains)."""
        return self.domains is None or domain.fqdn in self.domains


class Zone:
    """A LiveDNS zone: rrsets by name (compared case-insensitively) and type.

    ``serial`` counts its changes (1 when made, one more for each rrset put or deleted and each
    clear): the serial of the SOA that the DNS server synthesizes.
    """

    def __init__(self, rrsets: list[RRSet] | None = None, serial: int = 1) -> None:
        self._names: dict[str, dict[str, RRSet]] = {}
        self._sorted: list[RRSet] | None = None
        self._count = 0
        self.serial = serial
        for rrset in rrsets or ():
            self.put(rrset)
        self.serial = serial

    def __len__(self) -> int:
        return self._count

    def get(self, name: str, rtype: str) -> RRSet | None:
        return self._names.get(name.lower(), {}).get(rtype)

    def at(self, name: str) -> list[RRSet]:
        """The rrsets at a name, by type."""
        return [r for _, r in sorted(self._names.get(name.lower(), {}).items())]

    def types_at(self, name: str) -> set[str]:
        return set(self._names.get(name.lower(), {}))

    def names(self) -> KeysView[str]:
        """Every name that holds an rrset, in lower case (``@`` for the apex); a live view."""
        return self._names.keys()

    def put(self, rrset: RRSet) -> None:
        """Create or replace the rrset of this name and type (the new one's name case wins)."""
        types = self._names.setdefault(rrset.name.lower(), {})
        if rrset.type not in types:
            self._count += 1
        types[rrset.type] = rrset
        self._sorted = None
        self.serial += 1

    def delete(self, name: str, rtype: str) -> bool:
        types = self._names.get(name.lower())
        if types is None or rtype not in types:
            return False
        del types[rtype]
        if not types:
            del self._names[name.lower()]
        self._count -= 1
        self._sorted = None
        self.serial += 1
        return True

    def delete_name(self, name: str) -> int:
        types = self._names.pop(name.lower(), {})
        self._count -= len(types)
        self._sorted = None
        if types:
            self.serial += 1
        return len(types)

    def clear(self) -> None:
        self._names.clear()
        self._count = 0
        self._sorted = None
        self.serial += 1

    def all(self) -> list[RRSet]:
        """Every rrset in listing order (cached until the next change)."""
        if self._sorted is None:
            self._sorted = sorted(
                (r for types in self._names.values() for r in types.values()), key=sort_key
            )
        return self._sorted

    def copy_rrsets(self) -> list[RRSet]:
        return [RRSet(r.name, r.type, r.ttl, list(r.values)) for r in self.all()]


@dataclass
class LiveKey:
    """A DNSSEC key that LiveDNS signs the zone with."""

    id: str
    flags: int
    algorithm: int
    public_key: str
    status: str = "active"
    deleted: bool = False


@dataclass
class RegistrarKey:
    """A DNSKEY published at the registry through the domain API (``/dnskeys``)."""

    id: int
    flags: int
    algorithm: int
    public_key: str


@dataclass
class Snapshot:
    id: str
    name: str
    created_at: str
    automatic: bool
    zone_data: list[RRSet]


@dataclass
class Domain:
    """A domain of the account (domain API), with its LiveDNS zone when it has one."""

    fqdn: str
    organization: str | None = None
    zone: Zone | None = None
    nameservers: list[str] = field(default_factory=list)
    pending_nameservers: list[str] | None = None
    pending_reads: int = 0
    livedns_keys: list[LiveKey] = field(default_factory=list)
    dnskeys: list[RegistrarKey] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    automatic_snapshots: bool = True
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: str = field(default_factory=now_iso)

    def uses_livedns(self, livedns: list[str]) -> bool:
        """Whether the registry points at LiveDNS (the domain API's ``nameserver.current``),
        whose nameservers for this domain are ``livedns``."""
        return self.zone is not None and _same_hosts(self.nameservers, livedns)


def _same_hosts(a: list[str], b: list[str]) -> bool:
    return {ns.lower().rstrip(".") for ns in a} == {ns.lower().rstrip(".") for ns in b}


def default_rrsets() -> list[RRSet]:
    return [RRSet(n, t, DEFAULT_RECORDS_TTL, list(v)) for n, t, v in DEFAULT_RECORDS]


@dataclass
class State:
    """Everything the sandbox knows."""

    nameserver_apply_after_reads: int = 1
    tokens: dict[str, Token] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    next_dnskey_id: int = 1
    #: The address the DNS server listens on while it runs (not saved): LiveDNS's nameserver.
    dns_host: str | None = None

    def find(self, fqdn: str) -> Domain | None:
        return self.domains.get(fqdn.lower())

    def livedns_nameservers(self, fqdn: str) -> list[str]:
        """LiveDNS's nameservers for the domain: Gandi's hashed three, or, while the DNS
        server runs, its address itself (a host name that resolves without DNS)."""
        return [self.dns_host] if self.dns_host is not None else livedns_nameservers(fqdn)

    def uses_livedns(self, domain: Domain) -> bool:
        return domain.uses_livedns(self.livedns_nameservers(domain.fqdn))

    def set_dns_host(self, host: str | None) -> None:
        """Start (an address) or stop (``None``) serving DNS: a domain whose registry
        nameservers (current or pending) are LiveDNS's old ones gets the new ones."""
        old = {d.fqdn: self.livedns_nameservers(d.fqdn) for d in self.domains.values()}
        self.dns_host = host
        for domain in self.domains.values():
            if domain.zone is None:
                continue
            new = self.livedns_nameservers(domain.fqdn)
            if _same_hosts(domain.nameservers, old[domain.fqdn]):
                domain.nameservers = list(new)
            pending = domain.pending_nameservers
            if pending is not None and _same_hosts(pending, old[domain.fqdn]):
                domain.pending_nameservers = list(new)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "nameserver_apply_after_reads": self.nameserver_apply_after_reads,
            "next_dnskey_id": self.next_dnskey_id,
            "tokens": [vars(t) for t in self.tokens.values()],
            "domains": [_domain_to_json(d) for d in self.domains.values()],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> State:
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"not a Gandi sandbox state file (format {data.get('format')!r})")
        state = cls(
            nameserver_apply_after_reads=int(data["nameserver_apply_after_reads"]),
            next_dnskey_id=int(data["next_dnskey_id"]),
        )
        for t in data["tokens"]:
            state.tokens[t["token"]] = Token(**t)
        for d in data["domains"]:
            domain = _domain_from_json(d)
            state.domains[domain.fqdn] = domain
        return state


def _rrsets_to_json(rrsets: list[RRSet]) -> list[dict[str, Any]]:
    return [r.to_api() for r in rrsets]


def _rrsets_from_json(items: list[dict[str, Any]]) -> list[RRSet]:
    return [
        RRSet(i["rrset_name"], i["rrset_type"], int(i["rrset_ttl"]), list(i["rrset_values"]))
        for i in items
    ]


def _domain_to_json(d: Domain) -> dict[str, Any]:
    return {
        "fqdn": d.fqdn,
        "id": d.id,
        "created_at": d.created_at,
        "organization": d.organization,
        "zone": None if d.zone is None else _rrsets_to_json(d.zone.all()),
        "zone_serial": None if d.zone is None else d.zone.serial,
        "nameservers": d.nameservers,
        "pending_nameservers": d.pending_nameservers,
        "pending_reads": d.pending_reads,
        "automatic_snapshots": d.automatic_snapshots,
        "livedns_keys": [vars(k) for k in d.livedns_keys],
        "dnskeys": [vars(k) for k in d.dnskeys],
        "snapshots": [
            {
                "id": s.id,
                "name": s.name,
                "created_at": s.created_at,
                "automatic": s.automatic,
                "zone_data": _rrsets_to_json(s.zone_data),
            }
            for s in d.snapshots
        ],
    }


def _domain_from_json(d: dict[str, Any]) -> Domain:
    return Domain(
        fqdn=d["fqdn"],
        id=d["id"],
        created_at=d["created_at"],
        organization=d["organization"],
        zone=None
        if d["zone"] is None
        else Zone(_rrsets_from_json(d["zone"]), serial=int(d.get("zone_serial") or 1)),
        nameservers=list(d["nameservers"]),
        pending_nameservers=d["pending_nameservers"],
        pending_reads=int(d["pending_reads"]),
        automatic_snapshots=bool(d["automatic_snapshots"]),
        livedns_keys=[LiveKey(**k) for k in d["livedns_keys"]],
        dnskeys=[RegistrarKey(**k) for k in d["dnskeys"]],
        snapshots=[
            Snapshot(
                id=s["id"],
                name=s["name"],
                created_at=s["created_at"],
                automatic=bool(s["automatic"]),
                zone_data=_rrsets_from_json(s["zone_data"]),
            )
            for s in d["snapshots"]
        ],
    )
