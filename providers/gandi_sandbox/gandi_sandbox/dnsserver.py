"""The sandbox's authoritative DNS server: its LiveDNS zones over UDP and TCP on loopback.

Each query reads the sandbox's state under its lock, so a change made through the HTTP API is
answered at once. :func:`answer` builds the response from the state (no sockets);
:class:`DnsServer` owns the two listening sockets and their threads.

What it answers, as an authoritative server of every LiveDNS zone the sandbox holds (any
organization): the rrsets as stored, the SOA (synthesized, its serial the zone's change
counter) and NS (LiveDNS's nameservers, unless the zone stores its own) at the apex, NXDOMAIN
and NODATA with the SOA in the authority section, the CNAME for any type (followed within its
zone), referrals below a delegation (glue from the zone), RFC 4592 wildcards, the A/AAAA of an
ALIAS's target when a sandbox zone holds it. Not DNSSEC, not zone transfers, no EDNS option
but the UDP size.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, KeysView
from dataclasses import dataclass, field
from typing import Final

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from gandi_sandbox.rdata import RRSet
from gandi_sandbox.server import ConnectionTracking
from gandi_sandbox.state import Domain, State, Zone

log = logging.getLogger("gandi_sandbox.dns")

#: What answers a parsed query: the sandbox's function that takes its lock and calls
#: :func:`build_response`.
Reader = Callable[[dns.message.Message], dns.message.Message]

#: The SOA LiveDNS serves: Gandi's primary nameserver and hostmaster, then refresh, retry,
#: expire and minimum (the negative TTL), and the SOA's own TTL.
SOA_MNAME: Final = "ns1.gandi.net."
SOA_RNAME: Final = "hostmaster.gandi.net."
SOA_TIMERS: Final = (10800, 3600, 604800, 10800)
SOA_TTL: Final = 10800
#: The TTL of the apex NS that the server adds from LiveDNS's nameservers.
APEX_NS_TTL: Final = 10800
#: The largest UDP answer it sends to an EDNS query asking for more.
UDP_PAYLOAD: Final = 1232
#: How many CNAMEs (or an ALIAS and the CNAMEs of its target) one answer follows.
MAX_CHAIN: Final = 8
#: An idle TCP connection is closed after this many seconds.
TCP_IDLE: Final = 10.0

_NOT_DONE: Final = frozenset(
    {
        dns.rdatatype.AXFR,
        dns.rdatatype.IXFR,
        dns.rdatatype.MAILA,
        dns.rdatatype.MAILB,
    }
)
_ADDRESS_TYPES: Final = (dns.rdatatype.A, dns.rdatatype.AAAA)


def check_host(host: str) -> str:
    """``host`` if it is an IPv4 loopback address (the server never listens elsewhere), else a
    ``ValueError`` that says so."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"{host!r} is not an IP address; the DNS server listens on an IPv4 loopback "
            "address, such as 127.0.0.1"
        ) from None
    if address.version != 4 or not address.is_loopback:
        raise ValueError(
            f"{host} is not an IPv4 loopback address; the DNS server listens on 127.0.0.0/8 "
            "only (it is a test double, never a public server)"
        )
    return str(address)


# --- answering ------------------------------------------------------------------------------


@dataclass
class _Result:
    """What one lookup found: the sections and the flags of the response."""

    rcode: dns.rcode.Rcode = dns.rcode.NOERROR
    authoritative: bool = True
    answer: list[dns.rrset.RRset] = field(default_factory=list)
    authority: list[dns.rrset.RRset] = field(default_factory=list)
    additional: list[dns.rrset.RRset] = field(default_factory=list)


@dataclass(frozen=True)
class _ZoneView:
    """One zone while a query reads it: the domain, its origin and the lookup helpers."""

    state: State
    domain: Domain
    zone: Zone
    origin: dns.name.Name

    def relative(self, name: dns.name.Name) -> str:
        """``name`` as the zone stores it: relative, lower case, ``@`` for the apex."""
        return name.relativize(self.origin).to_text().lower()

    def owner(self, qname: dns.name.Name, rel: str) -> dns.name.Name:
        """The owner ``rel`` spelt in the case of ``qname``, which is at or below it."""
        depth = len(self.origin.labels) + (0 if rel == "@" else rel.count(".") + 1)
        return dns.name.Name(qname.labels[-depth:])

    def exists(self, rel: str, names: KeysView[str]) -> bool:
        """Whether ``rel`` holds rrsets or is an empty non-terminal (the apex always is)."""
        return rel == "@" or rel in names or any(n.endswith("." + rel) for n in names)

    def rrsets_at(self, rel: str, owner: dns.name.Name) -> dict[int, dns.rrset.RRset]:
        """The rrsets served at ``rel`` by type, owned by ``owner`` (ALIAS left out); the
        apex gets the SOA and, unless stored, LiveDNS's NS."""
        out: dict[int, dns.rrset.RRset] = {}
        for stored in self.zone.at(rel):
            rrset = self.to_rrset(stored, owner)
            if rrset is not None:
                out[rrset.rdtype] = rrset
        if rel == "@":
            out[dns.rdatatype.SOA] = self.soa(owner)
            if dns.rdatatype.NS not in out:
                hosts = self.state.livedns_nameservers(self.domain.fqdn)
                out[dns.rdatatype.NS] = dns.rrset.from_text_list(
                    owner, APEX_NS_TTL, "IN", "NS", [h.rstrip(".") + "." for h in hosts]
                )
        return out

    def to_rrset(self, stored: RRSet, owner: dns.name.Name) -> dns.rrset.RRset | None:
        """A stored rrset as DNS serves it (TXT's quoted chunks as its strings); ``None`` for
        ALIAS, which is served as its target's addresses."""
        if stored.type == "ALIAS":
            return None
        rdtype = dns.rdatatype.from_text(stored.type)
        rdatas = []
        for value in stored.values:
            try:
                rdatas.append(
                    dns.rdata.from_text(
                        dns.rdataclass.IN, rdtype, value, origin=self.origin, relativize=False
                    )
                )
            except (dns.exception.DNSException, ValueError) as exc:
                log.warning(
                    "%s: %s %s %r is not served: %s",
                    self.domain.fqdn,
                    stored.name,
                    stored.type,
                    value,
                    exc,
                )
        if not rdatas:
            return None
        return dns.rrset.from_rdata_list(owner, stored.ttl, rdatas)

    def soa(self, owner: dns.name.Name) -> dns.rrset.RRset:
        timers = " ".join(str(t) for t in SOA_TIMERS)
        text = f"{SOA_MNAME} {SOA_RNAME} {self.zone.serial} {timers}"
        return dns.rrset.from_text(owner, SOA_TTL, "IN", "SOA", text)

    def negative(self, qname: dns.name.Name) -> dns.rrset.RRset:
        """The SOA of the authority section of NXDOMAIN and NODATA."""
        return self.soa(self.owner(qname, "@"))

    def delegation(self, rel: str) -> str | None:
        """The highest name strictly below the apex, at or above ``rel``, that holds NS."""
        if rel == "@":
            return None
        labels = rel.split(".")
        for i in range(len(labels) - 1, -1, -1):
            candidate = ".".join(labels[i:])
            if self.zone.get(candidate, "NS") is not None:
                return candidate
        return None


def _find_zone(state: State, qname: dns.name.Name) -> _ZoneView | None:
    """The most specific LiveDNS zone of the sandbox at or above ``qname``."""
    labels = [label.decode("ascii", "replace").lower() for label in qname.labels[:-1]]
    for i in range(len(labels)):
        domain = state.find(".".join(labels[i:]))
        if domain is not None and domain.zone is not None:
            origin = dns.name.from_text(domain.fqdn)
            return _ZoneView(state, domain, domain.zone, origin)
    return None


def _lookup(
    view: _ZoneView, qname: dns.name.Name, rdtype: int, result: _Result, depth: int = 0
) -> None:
    """Fill ``result`` with the answer to ``qname``/``rdtype`` in the zone of ``view``."""
    rel = view.relative(qname)
    names = view.zone.names()
    cut = view.delegation(rel)
    if cut is not None and not (cut == rel and rdtype == dns.rdatatype.DS):
        if depth > 0:
            return  # a CNAME into a delegation: the CNAME is the answer
        _referral(view, qname, cut, result)
        return
    if view.exists(rel, names):
        source = rel
    else:
        source = _wildcard(view, rel, names) or ""
        if not source:
            result.rcode = dns.rcode.NXDOMAIN
            result.authority.append(view.negative(qname))
            return
    served = view.rrsets_at(source, qname)
    if rdtype == dns.rdatatype.ANY:
        if not served:
            result.authority.append(view.negative(qname))
        result.answer.extend(served.values())
        return
    if rdtype in served:
        result.answer.append(served[rdtype])
        return
    cname = served.get(dns.rdatatype.CNAME)
    if cname is not None:
        result.answer.append(cname)
        target = cname[0].target
        if depth < MAX_CHAIN and target.is_subdomain(view.origin):
            _lookup(view, target, rdtype, result, depth + 1)
        return
    alias = view.zone.get(source, "ALIAS")
    if alias is not None and rdtype in _ADDRESS_TYPES:
        found = _alias_addresses(view, alias, qname, rdtype, depth)
        if found is not None:
            result.answer.append(found)
            return
    result.authority.append(view.negative(qname))


def _wildcard(view: _ZoneView, rel: str, names: KeysView[str]) -> str | None:
    """The ``*`` name that covers ``rel``, which does not exist (RFC 4592: the wildcard child
    of the closest encloser), or ``None``."""
    labels = [] if rel == "@" else rel.split(".")
    for i in range(1, len(labels) + 1):
        encloser = ".".join(labels[i:]) or "@"
        if view.exists(encloser, names):
            star = "*" if encloser == "@" else f"*.{encloser}"
            return star if star in names else None
    return None


def _referral(view: _ZoneView, qname: dns.name.Name, cut: str, result: _Result) -> None:
    """Not authoritative below a delegation: its NS in the authority section, and the glue
    the zone holds for the nameservers inside it."""
    result.authoritative = False
    owner = view.owner(qname, cut)
    ns = view.rrsets_at(cut, owner).get(dns.rdatatype.NS)
    if ns is None:
        return
    result.authority.append(ns)
    for rdata in ns:
        target: dns.name.Name = rdata.target
        if not target.is_subdomain(view.origin):
            continue
        at = view.relative(target)
        for stored in view.zone.at(at):
            if stored.type in ("A", "AAAA"):
                glue = view.to_rrset(stored, target)
                if glue is not None:
                    result.additional.append(glue)


def _alias_addresses(
    view: _ZoneView, alias: RRSet, qname: dns.name.Name, rdtype: int, depth: int
) -> dns.rrset.RRset | None:
    """The A or AAAA of an ALIAS's target, owned by ``qname`` with the ALIAS's TTL, when a
    zone of the sandbox holds it (following its CNAMEs); else ``None``."""
    try:
        target = dns.name.from_text(alias.values[0], origin=view.origin)
    except (dns.exception.DNSException, IndexError):
        return None
    target_view = _find_zone(view.state, target)
    if target_view is None or depth >= MAX_CHAIN:
        return None
    found = _Result()
    _lookup(target_view, target, rdtype, found, depth + 1)
    addresses = [r for r in found.answer if r.rdtype == rdtype]
    if not addresses:
        return None
    return dns.rrset.from_rdata_list(qname, alias.ttl, list(addresses[-1]))


def build_response(state: State, query: dns.message.Message) -> dns.message.Message:
    """The response to a parsed query, from the state (the caller holds its lock)."""
    response = dns.message.make_response(query, our_payload=UDP_PAYLOAD)
    response.flags &= ~dns.flags.AA
    if query.edns > 0:
        response.set_rcode(dns.rcode.BADVERS)
        return response
    if query.opcode() != dns.opcode.QUERY:
        response.set_rcode(dns.rcode.NOTIMP)
        return response
    if len(query.question) != 1:
        response.set_rcode(dns.rcode.FORMERR)
        return response
    question = query.question[0]
    if question.rdclass != dns.rdataclass.IN:
        response.set_rcode(dns.rcode.REFUSED)
        return response
    if question.rdtype in _NOT_DONE:
        response.set_rcode(dns.rcode.NOTIMP)
        return response
    view = _find_zone(state, question.name)
    if view is None:
        response.set_rcode(dns.rcode.REFUSED)
        return response
    result = _Result()
    _lookup(view, question.name, question.rdtype, result)
    response.set_rcode(result.rcode)
    if result.authoritative:
        response.flags |= dns.flags.AA
    response.answer.extend(result.answer)
    response.authority.extend(result.authority)
    response.additional.extend(result.additional)
    return response


def _error_header(wire: bytes, rcode: dns.rcode.Rcode) -> bytes | None:
    """A bare response with ``rcode`` to a message that cannot be parsed; ``None`` (no
    answer) for less than a header, or for a message that is itself a response."""
    if len(wire) < 12:
        return None
    qid, flags = struct.unpack("!HH", wire[:4])
    if flags & dns.flags.QR:
        return None
    flags = dns.flags.QR | (flags & (0x7800 | dns.flags.RD)) | rcode
    return struct.pack("!HHHHHH", qid, flags, 0, 0, 0, 0)


def answer_wire(reader: Reader, wire: bytes, *, udp: bool) -> bytes | None:
    """The wire response to a wire query (``None``: no answer), truncated with TC over UDP
    when it does not fit 512 bytes or the EDNS size the query asked."""
    try:
        query = dns.message.from_wire(wire)
    except dns.message.ShortHeader:
        return None
    except dns.exception.DNSException:
        return _error_header(wire, dns.rcode.FORMERR)
    if query.flags & dns.flags.QR:
        return None
    if udp:
        limit = max(512, min(query.payload, UDP_PAYLOAD)) if query.edns >= 0 else 512
    else:
        limit = 65535
    try:
        response = reader(query)
        try:
            return response.to_wire(max_size=limit)
        except dns.exception.TooBig:
            response.answer.clear()
            response.authority.clear()
            response.additional.clear()
            response.flags |= dns.flags.TC
            return response.to_wire(max_size=limit)
    except Exception:
        log.exception("the Gandi sandbox's DNS server failed on %s", query.question)
        return _error_header(wire, dns.rcode.SERVFAIL)


# --- serving --------------------------------------------------------------------------------


class _UdpServer(socketserver.ThreadingUDPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], reader: Reader) -> None:
        self.reader = reader
        super().__init__(address, _UdpHandler)


class _UdpHandler(socketserver.BaseRequestHandler):
    server: _UdpServer

    def handle(self) -> None:
        data, sock = self.request  # a datagram server's request: (bytes, socket)
        reply = answer_wire(self.server.reader, data, udp=True)
        if reply is not None:
            with contextlib.suppress(OSError):
                sock.sendto(reply, self.client_address)


class _TcpServer(ConnectionTracking, socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], reader: Reader) -> None:
        self.reader = reader
        super().__init__(address, _TcpHandler)


class _TcpHandler(socketserver.BaseRequestHandler):
    """Length-prefixed messages on one connection, answered in order until it closes."""

    server: _TcpServer

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(TCP_IDLE)
        self.server.track(conn, True)
        try:
            while True:
                size = self._read(conn, 2)
                if size is None:
                    return
                wire = self._read(conn, struct.unpack("!H", size)[0])
                if wire is None:
                    return
                reply = answer_wire(self.server.reader, wire, udp=False)
                if reply is not None:
                    conn.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return
        finally:
            self.server.track(conn, False)

    @staticmethod
    def _read(conn: socket.socket, count: int) -> bytes | None:
        data = b""
        while len(data) < count:
            chunk = conn.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data


class DnsServer:
    """UDP and TCP on one loopback address and port, answering with ``reader`` (a function
    from a parsed query to its response, which takes the sandbox's lock)."""

    def __init__(self, reader: Reader, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = check_host(host)
        self._reader = reader
        self._wanted_port = port
        self._udp: _UdpServer | None = None
        self._tcp: _TcpServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        if self._udp is None:
            raise RuntimeError("the DNS server is not running")
        return int(self._udp.server_address[1])

    def start(self) -> int:
        """Bind UDP and TCP (port 0: one free for both) and serve; the port."""
        if self._udp is not None:
            raise RuntimeError("the DNS server is already running")
        for attempt in range(20):
            udp = _UdpServer((self.host, self._wanted_port), self._reader)
            try:
                tcp = _TcpServer((self.host, int(udp.server_address[1])), self._reader)
            except OSError:
                udp.server_close()
                if self._wanted_port != 0 or attempt == 19:
                    raise
                continue
            break
        self._udp, self._tcp = udp, tcp
        for server, kind in ((udp, "udp"), (tcp, "tcp")):
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"gandi-sandbox-dns-{kind}-{self.port}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        log.debug("Gandi sandbox DNS listening on %s:%d (UDP and TCP)", self.host, self.port)
        return self.port

    def stop(self) -> None:
        udp, tcp = self._udp, self._tcp
        self._udp = self._tcp = None
        for server in (udp, tcp):
            if server is not None:
                server.shutdown()
        if tcp is not None:
            tcp.close_all()
        for server in (udp, tcp):
            if server is not None:
                server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
