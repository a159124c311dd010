"""HTTP for :class:`~dnsframe_gandi_v5.client.GandiClient`, on the standard library.

One kept-alive connection per thread to the API's host; TLS verified against certifi's
bundle (``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE`` name another), as requests does;
``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` from the environment; gzip.
No retries: the client retries, by its own rules, and needs to know of a failed request
whether it may have reached Gandi (:attr:`TransportError.sent`).

requests and urllib3 did the same, but importing them cost more than the rest of a preview of
a small zone (0.2 s of CPU on a 2-core machine, issue 11); ``http.client`` costs a tenth.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import select
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from email.message import Message
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit


class SetupError(ValueError):
    """The transport cannot be made as configured (the URL, a proxy, a CA bundle); the message
    says what to change."""


class Proxy(NamedTuple):
    """A proxy named by the environment: its host and port, the ``Proxy-Authorization`` value
    its URL carries, and the variable that named it (for messages)."""

    host: str
    port: int
    auth: str | None
    source: str


class TransportError(Exception):
    """A request that got no answer. ``kind`` names what happened (``ConnectionRefusedError``,
    ``RemoteDisconnected``, ``ReadTimeout``...); ``sent``: whether the request may have reached
    the server (False when no connection could be opened); ``timeout``: no answer came in
    time; ``unreachable``: why the host could not be connected to at all, when that says where
    to look (``"the connection was refused"``, ``"its host name does not resolve"``)."""

    def __init__(
        self, kind: str, *, sent: bool, timeout: bool = False, unreachable: str | None = None
    ) -> None:
        super().__init__(kind)
        self.kind = kind
        self.sent = sent
        self.timeout = timeout
        self.unreachable = unreachable


class Response:
    """An answer: its status, headers (looked up in any case), body and time to the headers."""

    def __init__(self, status: int, headers: Message, content: bytes, elapsed: float) -> None:
        self.status_code = status
        self.headers = headers
        self.content = content
        self.elapsed = elapsed

    def json(self) -> Any:
        """The body as JSON; raises ValueError when it is not."""
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def links(self) -> dict[str, dict[str, str]]:
        """The ``Link`` header by ``rel`` (``{"next": {"url": ..., "rel": "next"}}``)."""
        return parse_links(self.headers.get("Link", ""))


def parse_links(value: str) -> dict[str, dict[str, str]]:
    """A ``Link`` header (``<url>; rel="next", <url>; rel="last"``) by ``rel``, or by URL for a
    link without one."""
    links: dict[str, dict[str, str]] = {}
    for part in re.split(r",\s*(?=<)", value.strip()):
        url, _, params = part.partition(";")
        url = url.strip().strip("<>")
        if not url:
            continue
        link = {"url": url}
        for param in params.split(";"):
            key, sep, val = param.partition("=")
            if sep and key.strip():
                link[key.strip().lower()] = val.strip().strip("\"'")
        links[link.get("rel", url)] = link
    return links


class Transport:
    """Connections to the host of ``base`` (``https://api.gandi.net``), one per thread."""

    def __init__(self, base: str, *, connect_timeout: float, read_timeout: float) -> None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SetupError(
                f'"apiurl" {base!r} is not an http:// or https:// URL; leave it out for '
                "Gandi's own API"
            )
        self.origin = (parts.scheme, parts.netloc.lower())
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.proxy = proxy_for(parts.scheme, self.host)
        self._context = tls_context() if self.https else None
        self._local = threading.local()

    def request(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str]
    ) -> Response:
        """Send one request to ``url`` (on this transport's host) and read the whole answer.
        Raises :class:`TransportError` when no answer came."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) != self.origin:
            raise ValueError(f"{url!r} is not on {self.origin[0]}://{self.origin[1]}")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent_headers = {"Accept-Encoding": "gzip", **headers}
        if self.proxy is not None and not self.https:  # a plain-HTTP proxy takes the whole URL
            target = url
            if self.proxy.auth:
                sent_headers["Proxy-Authorization"] = self.proxy.auth
        connection = self._connection()
        started = time.monotonic()
        try:
            # A server may answer (413, 401) before it has read a large body, and close: the
            # sending then fails, and the answer is there to read.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                connection.request(method, target, body=body, headers=sent_headers)
            answer = connection.getresponse()
            content = answer.read()
        except ValueError:  # a header or URL http.client refuses: nothing usable was sent
            connection.close()
            raise
        except TimeoutError as exc:
            connection.close()
            raise TransportError("ReadTimeout", sent=True, timeout=True) from exc
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise TransportError(type(exc).__name__, sent=True) from exc
        elapsed = time.monotonic() - started
        encoding = (answer.headers.get("Content-Encoding") or "").strip().lower()
        if encoding in ("gzip", "deflate") and content:
            try:
                content = _decompressed(content)
            except zlib.error as exc:
                raise TransportError("a body that does not decompress", sent=True) from exc
        return Response(answer.status, answer.headers, content, elapsed)

    def _connection(self) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is not None and connection.sock is not None and _closed(connection.sock):
            connection.close()  # the server ended the kept-alive connection meanwhile
        if connection is None:
            connection = self._local.connection = self._new_connection()
        if connection.sock is None:
            self._connect(connection)
        return connection

    def _new_connection(self) -> http.client.HTTPConnection:
        host, port = (self.proxy.host, self.proxy.port) if self.proxy else (self.host, self.port)
        connection: http.client.HTTPConnection
        if self.https:
            connection = http.client.HTTPSConnection(
                host, port, timeout=self.connect_timeout, context=self._context
            )
            if self.proxy is not None:
                tunnel = {"Proxy-Authorization": self.proxy.auth} if self.proxy.auth else None
                connection.set_tunnel(self.host, self.port, headers=tunnel)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.connect_timeout)
        return connection

    def _connect(self, connection: http.client.HTTPConnection) -> None:
        """Open the connection (TLS included); nothing is sent when this fails."""
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise _not_connected(exc, self.proxy) from exc
        assert connection.sock is not None
        connection.sock.settimeout(self.read_timeout)


def _not_connected(exc: Exception, proxy: Proxy | None) -> TransportError:
    """Why a connection could not be opened (TLS included): nothing was sent. ``unreachable``
    is set where the reason says what to look at."""
    via = f" (the proxy {proxy.host}:{proxy.port}, from {proxy.source})" if proxy else ""
    unreachable = None
    if isinstance(exc, socket.gaierror):
        unreachable = f"its host name does not resolve{via}"
    elif isinstance(exc, ConnectionRefusedError):
        unreachable = f"the connection was refused{via}"
    elif isinstance(exc, TimeoutError):
        return TransportError("ConnectTimeout", sent=False, timeout=True)
    elif isinstance(exc, ssl.SSLCertVerificationError):
        unreachable = (
            f"its TLS certificate is not trusted ({exc.verify_message}){via}; if a private CA "
            "or a proxy signs it, set REQUESTS_CA_BUNDLE to that CA's file"
        )
    elif isinstance(exc, ssl.SSLError):
        unreachable = (
            f"the TLS handshake failed ({exc.reason or exc}){via}; if the server speaks plain "
            "HTTP, the URL must begin with http://"
        )
    elif proxy is not None and str(exc).startswith("Tunnel connection failed: "):
        unreachable = str(exc).removeprefix("Tunnel connection failed: ") + via
    kind = "NameResolutionError" if isinstance(exc, socket.gaierror) else type(exc).__name__
    return TransportError(kind, sent=False, unreachable=unreachable)


def _decompressed(data: bytes) -> bytes:
    """A gzip (or zlib) body, every member of it; raises ``zlib.error`` on anything else."""
    out = []
    while data:
        member = zlib.decompressobj(47)  # 32 + 15: a gzip or a zlib header
        out.append(member.decompress(data))
        if not member.eof:
            raise zlib.error("the body ends inside a compressed member")
        data = member.unused_data
    return b"".join(out)


def _closed(sock: socket.socket) -> bool:
    """Whether an idle kept-alive connection has been closed by the server: it is readable
    (at its end, or with data nobody asked for) although no request is out."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def tls_context() -> ssl.SSLContext:
    """A verifying TLS context with the CA bundle requests would use. Raises
    :class:`SetupError` when the bundle named by the environment cannot be read."""
    named = [v for v in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE") if os.environ.get(v)]
    bundle = os.environ[named[0]] if named else None
    try:
        if bundle is None:
            try:
                import certifi
            except ImportError:  # the system's store, then
                context = ssl.create_default_context()
            else:
                context = ssl.create_default_context(cafile=certifi.where())
        elif os.path.isdir(bundle):
            context = ssl.create_default_context(capath=bundle)
        else:
            context = ssl.create_default_context(cafile=bundle)
    except (OSError, ssl.SSLError) as exc:
        where = f"{named[0]}={bundle!r}" if named else "certifi's CA bundle"
        raise SetupError(
            f"the CA certificates of {where} cannot be read ({exc}); name a PEM file of CA "
            "certificates, or unset the variable"
        ) from None
    # Python 3.13 makes the default context strict about certificate extensions, which some
    # private CAs (and TLS-inspecting proxies) lack; requests does not ask it either.
    context.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)
    return context


def proxy_for(scheme: str, host: str) -> Proxy | None:
    """The proxy the environment names for ``scheme://host`` (``HTTPS_PROXY``, ``HTTP_PROXY``,
    ``ALL_PROXY``, unless ``NO_PROXY`` covers the host, by name or by address range), or None
    for a direct connection. Raises :class:`SetupError` for a proxy that is not http://."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    found = "https" if scheme == "https" else "http"
    url = proxies.get(found)
    if not url:
        found, url = "all", proxies.get("all")
    if not url or urllib.request.proxy_bypass(host) or _in_no_proxy_range(host):
        return None
    source = f"{found.upper()}_PROXY"
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme != "http" or not parts.hostname:
        bare = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        shown = parts._replace(netloc=bare).geturl() if parts.password else url  # no password
        raise SetupError(
            f"{source}={shown!r}: only a plain http:// proxy is supported (not https://, not "
            "SOCKS); name one, or leave the Gandi API out of it with NO_PROXY"
        )
    auth = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode()).decode()
    return Proxy(parts.hostname, parts.port or 80, auth, source)


def _in_no_proxy_range(host: str) -> bool:
    """Whether ``host`` is an address inside a range of ``NO_PROXY`` (``10.0.0.0/8``), which
    requests honours and urllib does not."""
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    value = os.environ.get("no_proxy") or os.environ.get("NO_PROXY") or ""
    for entry in value.split(","):
        if "/" in entry:
            try:
                if address in ipaddress.ip_network(entry.strip(), strict=False):
                    return True
            except ValueError:
                continue
    return False
