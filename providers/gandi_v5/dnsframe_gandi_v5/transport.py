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
from typing import Any
from urllib.parse import unquote, urlsplit


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
            raise ValueError(f"not an http:// or https:// URL: {base!r}")
        self.origin = (parts.scheme, parts.netloc.lower())
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.proxy = proxy_for(parts.scheme, self.host)
        self._context: ssl.SSLContext | None = None
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
            if self.proxy[2]:
                sent_headers["Proxy-Authorization"] = self.proxy[2]
        connection = self._connection()
        started = time.monotonic()
        try:
            connection.request(method, target, body=body, headers=sent_headers)
            answer = connection.getresponse()
            content = answer.read()
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
                content = zlib.decompress(content, 47)  # 32 + 15: a gzip or a zlib header
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
        host, port = (self.proxy[0], self.proxy[1]) if self.proxy else (self.host, self.port)
        connection: http.client.HTTPConnection
        if self.https:
            if self._context is None:
                self._context = tls_context()
            connection = http.client.HTTPSConnection(
                host, port, timeout=self.connect_timeout, context=self._context
            )
            if self.proxy is not None:
                tunnel = {"Proxy-Authorization": self.proxy[2]} if self.proxy[2] else None
                connection.set_tunnel(self.host, self.port, headers=tunnel)
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.connect_timeout)
        return connection

    def _connect(self, connection: http.client.HTTPConnection) -> None:
        """Open the connection (TLS included); nothing is sent when this fails."""
        try:
            connection.connect()
        except socket.gaierror as exc:
            raise TransportError(
                "NameResolutionError", sent=False, unreachable="its host name does not resolve"
            ) from exc
        except ConnectionRefusedError as exc:
            raise TransportError(
                "ConnectionRefusedError", sent=False, unreachable="the connection was refused"
            ) from exc
        except TimeoutError as exc:
            connection.close()
            raise TransportError("ConnectTimeout", sent=False, timeout=True) from exc
        except (OSError, http.client.HTTPException) as exc:  # TLS refused, proxy refused...
            connection.close()
            raise TransportError(type(exc).__name__, sent=False) from exc
        assert connection.sock is not None
        connection.sock.settimeout(self.read_timeout)


def _closed(sock: socket.socket) -> bool:
    """Whether an idle kept-alive connection has been closed by the server: it is readable
    (at its end, or with data nobody asked for) although no request is out."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def tls_context() -> ssl.SSLContext:
    """A verifying TLS context with the CA bundle requests would use."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None
    if bundle is None:
        try:
            import certifi
        except ImportError:  # the system's store, then
            return ssl.create_default_context()
        bundle = certifi.where()
    if os.path.isdir(bundle):
        return ssl.create_default_context(capath=bundle)
    return ssl.create_default_context(cafile=bundle)


def proxy_for(scheme: str, host: str) -> tuple[str, int, str | None] | None:
    """The proxy the environment names for ``scheme://host`` (``HTTPS_PROXY``, ``HTTP_PROXY``,
    ``ALL_PROXY``, unless ``NO_PROXY`` covers the host): its host, port and
    ``Proxy-Authorization`` value; None for a direct connection."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import urllib.request

    proxies = urllib.request.getproxies_environment()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if not parts.hostname:
        return None
    auth = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode()).decode()
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), auth
