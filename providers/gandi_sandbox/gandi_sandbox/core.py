"""The :class:`GandiSandbox`: seed it, start it, point a client at its URL, inspect its state."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

# Importing the handler modules registers their routes.
from gandi_sandbox import domain_api, livedns
from gandi_sandbox.errors import ApiError, internal_error, not_found, unauthorized
from gandi_sandbox.faults import Faults
from gandi_sandbox.rdata import rrset_from_seed
from gandi_sandbox.routing import Request, Response, dispatch, error_response
from gandi_sandbox.server import SandboxServer
from gandi_sandbox.state import (
    OTHER_NAMESERVERS,
    Domain,
    State,
    Token,
    Zone,
    default_rrsets,
)

if TYPE_CHECKING:
    import dns.message

    from gandi_sandbox.dnsserver import DnsServer

log = logging.getLogger("gandi_sandbox")

HOST = "127.0.0.1"


@dataclass(frozen=True)
class RequestLogEntry:
    """One request the sandbox received, and the status it answered (0: connection dropped).

    ``path`` is the path as sent, without the query; ``query`` is parsed (a second ``?`` read
    as ``&``); ``auth_scheme`` is ``"Bearer"``, ``"Apikey"``, another scheme as sent, or
    ``None`` without ``Authorization``; ``body`` is the JSON body, or ``None``.
    """

    method: str
    path: str
    query: dict[str, list[str]]
    auth_scheme: str | None
    status: int
    body: Any = None


class GandiSandbox:
    """A local Gandi v5 API (LiveDNS and the domain API) on 127.0.0.1.

    Seed it with :meth:`add_token` and :meth:`add_domain`, then :meth:`start` it (or use it as
    a context manager) and give clients :attr:`url` as their API base.
    ``nameserver_apply_after_reads`` is how many ``GET .../nameservers`` still show the old
    list after a nameserver change.

    ``dns=True``: :meth:`start` also starts the DNS server (:meth:`start_dns`) on ``dns_host``,
    and the domains added get its address as their LiveDNS nameserver.
    """

    def __init__(
        self,
        nameserver_apply_after_reads: int = 1,
        *,
        dns: bool = False,
        dns_host: str = "127.0.0.1",
    ) -> None:
        if nameserver_apply_after_reads < 0:
            raise ValueError("nameserver_apply_after_reads cannot be negative")
        self.faults = Faults()
        self._state = State(nameserver_apply_after_reads=nameserver_apply_after_reads)
        self._dns_host: str | None = None
        if dns:
            # dnspython is imported only by a sandbox that answers DNS.
            from gandi_sandbox.dnsserver import check_host

            self._dns_host = check_host(dns_host)
        self._state.dns_host = self._dns_host
        self._dns: DnsServer | None = None
        self._lock = threading.RLock()
        self._log: list[RequestLogEntry] = []
        self._log_lock = threading.Lock()
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    @property
    def nameserver_apply_after_reads(self) -> int:
        """How many reads of a domain's nameservers still show the old list after a change."""
        return self._state.nameserver_apply_after_reads

    @nameserver_apply_after_reads.setter
    def nameserver_apply_after_reads(self, reads: int) -> None:
        if reads < 0:
            raise ValueError("nameserver_apply_after_reads cannot be negative")
        with self._lock:
            self._state.nameserver_apply_after_reads = reads

    # --- seeding -----------------------------------------------------------------------------

    def add_token(
        self,
        token: str,
        *,
        scheme: str = "Bearer",
        domains: list[str] | None = None,
        organization: str | None = None,
        permissions: bool = True,
    ) -> None:
        """Accept ``token``: a personal access token (``Bearer``) or a legacy API key (``Apikey``).

        ``domains``: the only domains it may act on (``None``: all of its organization's);
        ``organization``: its organization (``None``: it sees every domain); it also sees
        domains without organization. ``permissions=False``: the PAT lacks "Manage domain name
        technical configurations" (403 on LiveDNS writes and on reading records).
        """
        canonical = {"bearer": "Bearer", "apikey": "Apikey"}.get(scheme.lower())
        if canonical is None:
            raise ValueError(f"scheme must be 'Bearer' or 'Apikey', not {scheme!r}")
        if not token or any(c.isspace() for c in token):
            raise ValueError("a token is a non-empty string without spaces")
        with self._lock:
            self._state.tokens[token] = Token(
                token=token,
                scheme=canonical,
                domains=None if domains is None else [d.lower().rstrip(".") for d in domains],
                organization=organization,
                permissions=permissions,
            )

    def add_domain(
        self,
        fqdn: str,
        *,
        organization: str | None = None,
        rrsets: list[dict[str, Any]] | None = None,
        empty: bool = False,
        nameservers: list[str] | None = None,
        livedns: bool = True,
    ) -> None:
        """Add a domain to the account.

        ``rrsets`` as the API returns them (``rrset_href`` ignored), checked by the API's rules;
        without them the zone gets Gandi's default records, unless ``empty``. ``livedns=False``:
        the domain exists in the domain API only. ``nameservers``: the registry's (default:
        LiveDNS's for a LiveDNS domain, ``ns1/ns2.example.net`` otherwise).
        """
        name = fqdn.lower().rstrip(".")
        zone: Zone | None = None
        if livedns:
            if rrsets is not None:
                zone = Zone()
                for data in rrsets:
                    rrset = rrset_from_seed(name, data)
                    if zone.get(rrset.name, rrset.type) is not None:
                        raise ValueError(f"{name}: {rrset.name}/{rrset.type} is given twice")
                    zone.put(rrset)
                    types = zone.types_at(rrset.name)
                    if "CNAME" in types and len(types) > 1:
                        raise ValueError(f"{name}: a CNAME at {rrset.name!r} beside other types")
                zone.serial = 1
            else:
                zone = Zone() if empty else Zone(default_rrsets())
        with self._lock:
            if nameservers is None:
                nameservers = (
                    self._state.livedns_nameservers(name) if livedns else list(OTHER_NAMESERVERS)
                )
            if name in self._state.domains:
                raise ValueError(f"{name} is already in the sandbox")
            self._state.domains[name] = Domain(
                fqdn=name, organization=organization, zone=zone, nameservers=list(nameservers)
            )

    # --- running -----------------------------------------------------------------------------

    def start(self, port: int = 0, dns_port: int = 0) -> str:
        """Listen on 127.0.0.1:``port`` (0: a free port); the base URL, without trailing slash.

        Made with ``dns=True``, it also answers DNS on ``dns_port`` (0: a free one)."""
        if self._server is not None:
            raise RuntimeError("the sandbox is already running")
        if self._dns_host is not None:
            self.start_dns(dns_port, self._dns_host)
        try:
            server = SandboxServer((HOST, port), self)
        except OSError:
            self.stop_dns()
            raise
        self._server = server
        self._url = f"http://{HOST}:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"gandi-sandbox-{server.server_address[1]}",
            daemon=True,
        )
        self._thread.start()
        log.debug("Gandi sandbox listening on %s", self._url)
        return self._url

    def start_dns(self, port: int = 0, host: str = "127.0.0.1") -> int:
        """Answer DNS for every LiveDNS zone on ``host``:``port`` (UDP and TCP; port 0: a free
        one); the port. ``host`` must be an IPv4 loopback address (``ValueError``). From now
        on LiveDNS's nameserver is ``host`` itself, and each domain whose registry
        nameservers were LiveDNS's gets it. :meth:`stop_dns` (or :meth:`stop`) undoes it."""
        if self._dns is not None:
            raise RuntimeError("the sandbox's DNS server is already running")
        from gandi_sandbox.dnsserver import DnsServer

        server = DnsServer(self._dns_answer, host, port)
        with self._lock:
            self._state.set_dns_host(server.host)
        try:
            server.start()
        except OSError:
            with self._lock:
                self._state.set_dns_host(self._dns_host)
            raise
        self._dns = server
        return server.port

    def stop_dns(self) -> None:
        """Stop answering DNS. LiveDNS's nameservers are Gandi's hashed ones again, unless the
        sandbox was made with ``dns=True``: then they stay its ``dns_host``."""
        server, self._dns = self._dns, None
        if server is None:
            return
        server.stop()
        with self._lock:
            self._state.set_dns_host(self._dns_host)

    @property
    def dns_port(self) -> int:
        """The port the DNS server listens on (UDP and TCP), once started."""
        if self._dns is None:
            raise RuntimeError("the sandbox's DNS server is not running")
        return self._dns.port

    @property
    def dns_host(self) -> str:
        """The address the DNS server listens on, once started."""
        if self._dns is None:
            raise RuntimeError("the sandbox's DNS server is not running")
        return self._dns.host

    def _dns_answer(self, query: dns.message.Message) -> dns.message.Message:
        from gandi_sandbox.dnsserver import build_response

        with self._lock:
            return build_response(self._state, query)

    def stop(self) -> None:
        """Stop listening and close every open connection (it may be started again)."""
        self.stop_dns()
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_all()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def __enter__(self) -> GandiSandbox:
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL (``http://127.0.0.1:PORT``) once started."""
        if self._url is None:
            raise RuntimeError("the sandbox has not been started")
        return self._url

    @property
    def address(self) -> str:
        return self.url.removeprefix("http://")

    # --- inspecting --------------------------------------------------------------------------

    def _domain(self, fqdn: str) -> Domain:
        domain = self._state.find(fqdn.rstrip("."))
        if domain is None:
            raise LookupError(f"{fqdn} is not in the sandbox")
        return domain

    def records(self, fqdn: str) -> list[dict[str, Any]]:
        """The zone's rrsets as a GET of every page returns them, without ``rrset_href``."""
        with self._lock:
            zone = self._domain(fqdn).zone
            if zone is None:
                raise LookupError(f"{fqdn} is not on LiveDNS")
            return [r.to_api() for r in zone.all()]

    def nameservers(self, fqdn: str) -> list[str]:
        """The registry's current nameservers (a pending change is not applied yet)."""
        with self._lock:
            return list(self._domain(fqdn).nameservers)

    def keys(self, fqdn: str) -> list[dict[str, Any]]:
        """LiveDNS's DNSSEC keys of the zone, as the API shows them, without ``key_href``."""
        with self._lock:
            domain = self._domain(fqdn)
            return [livedns.key_json(None, domain, k) for k in domain.livedns_keys]

    def dnskeys(self, fqdn: str) -> list[dict[str, Any]]:
        """The DNSKEYs published at the registry through the domain API."""
        with self._lock:
            domain = self._domain(fqdn)
            return [domain_api.dnskey_json(domain, k) for k in domain.dnskeys]

    @property
    def requests(self) -> list[RequestLogEntry]:
        """Every request received since the start or the last :meth:`clear_log`, in order."""
        with self._log_lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # --- state file --------------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write tokens, domains, zones, keys and snapshots to a JSON file (not faults, not log)."""
        with self._lock:
            data = self._state.to_json()
        Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> GandiSandbox:
        """A new, not yet started sandbox with the state :meth:`save` wrote."""
        state = State.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        sandbox = cls(nameserver_apply_after_reads=state.nameserver_apply_after_reads)
        sandbox._state = state
        return sandbox

    def tokens(self) -> list[Token]:
        """The tokens it accepts, in the order they were added (copies)."""
        with self._lock:
            return [replace(t) for t in self._state.tokens.values()]

    def domain_names(self) -> list[str]:
        """Each domain, with ``(org ORG)`` after one that belongs to an organization."""
        with self._lock:
            return [
                d.fqdn if d.organization is None else f"{d.fqdn} (org {d.organization})"
                for d in self._state.domains.values()
            ]

    def has_token(self, token: str) -> bool:
        with self._lock:
            return token in self._state.tokens

    def has_domain(self, fqdn: str) -> bool:
        with self._lock:
            return self._state.find(fqdn.rstrip(".")) is not None

    # --- serving (called by the HTTP layer) --------------------------------------------------

    def answer(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        body: bytes,
        base: str,
        auth_scheme: str | None,
        credential: str,
    ) -> Response:
        """The answer to one request that no fault intercepted."""
        try:
            with self._lock:
                if not path.startswith("/v5/"):
                    raise not_found()
                token = self._state.tokens.get(credential) if credential else None
                if token is None or token.scheme != auth_scheme:
                    raise unauthorized()
                request = Request(method, path, query, headers, body, base, token, self._state)
                return dispatch(request)
        except ApiError as exc:
            return error_response(exc)
        except Exception:
            log.exception("the Gandi sandbox failed on %s %s", method, path)
            return error_response(internal_error())

    def log_request(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        auth_scheme: str | None,
        status: int,
        body: bytes,
    ) -> None:
        try:
            parsed = json.loads(body) if body.strip() else None
        except (UnicodeDecodeError, ValueError):
            parsed = None
        entry = RequestLogEntry(method, path, query, auth_scheme, status, parsed)
        with self._log_lock:
            self._log.append(entry)
