"""GANDI_V5's HTTP on the standard library (``dnsframe_gandi_v5.transport``), over loopback:
kept-alive connections and what happens when the server ends one, gzip, the ``Link`` header,
and proxies named by the environment."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from dnsframe_gandi_v5.client import GandiClient, GandiError
from dnsframe_gandi_v5.transport import Transport, TransportError, parse_links, proxy_for


def test_link_headers_are_read_by_rel() -> None:
    value = (
        '<https://api.example/x?page=2&per_page=500>; rel="next", '
        "<https://api.example/x?page=9>; rel=last"
    )
    links = parse_links(value)
    assert links["next"]["url"] == "https://api.example/x?page=2&per_page=500"
    assert links["last"]["url"] == "https://api.example/x?page=9"
    assert parse_links("") == {}


def test_one_connection_is_kept_for_the_requests_of_a_thread(gandi_sandbox: Any) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url)
    for _ in range(3):
        client.get("livedns/domains")
    transport = client._transport()
    connection = transport._local.connection
    assert connection.sock is not None
    client.get("livedns/domains")
    assert transport._local.connection is connection  # the same one, still open
    assert connection.sock is not None


def test_a_post_after_the_server_ended_the_kept_alive_connection_goes_on_a_new_one(
    gandi_sandbox: Any,
) -> None:
    """A server may close an idle connection at any time: the next request sees it closed
    before sending and opens another, so even a POST (never sent twice) goes through once."""
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    client.get("livedns/domains")
    port = urlsplit(gandi_sandbox.url).port
    gandi_sandbox.stop()  # closes every open connection
    gandi_sandbox.start(port=port)
    gandi_sandbox.clear_log()
    client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})
    assert [(e.method, e.status) for e in gandi_sandbox.requests] == [("POST", 201)]


class _Gzipped(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        asked = self.headers.get("Accept-Encoding", "")
        body = b'[{"fqdn": "example.tld"}]'
        self.send_response(200)
        if "gzip" in asked:
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def serving() -> Iterator[Any]:
    """Serve a handler class on 127.0.0.1; yields a function of the class to its base URL."""
    servers: list[ThreadingHTTPServer] = []

    def serve(handler: type[BaseHTTPRequestHandler]) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_gzipped_answer_is_asked_for_and_read(serving: Any) -> None:
    base = serving(_Gzipped)
    transport = Transport(base, connect_timeout=5, read_timeout=5)
    answer = transport.request("GET", f"{base}/v5/livedns/domains", None, {})
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.json() == [{"fqdn": "example.tld"}]


def test_a_request_for_another_host_is_refused() -> None:
    transport = Transport("http://127.0.0.1:1", connect_timeout=1, read_timeout=1)
    with pytest.raises(ValueError, match=r"is not on http://127\.0\.0\.1:1"):
        transport.request("GET", "http://example.net/v5/x", None, {})


def test_a_refused_connection_is_never_sent(unused_port: int) -> None:
    transport = Transport(f"http://127.0.0.1:{unused_port}", connect_timeout=1, read_timeout=1)
    with pytest.raises(TransportError) as raised:
        transport.request("GET", f"http://127.0.0.1:{unused_port}/v5/x", None, {})
    assert raised.value.sent is False
    assert raised.value.unreachable == "the connection was refused"


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _forwarding_proxy(seen: list[tuple[str, str | None]]) -> type[BaseHTTPRequestHandler]:
    class Proxy(BaseHTTPRequestHandler):
        """A plain-HTTP proxy: takes the absolute URL of a request and forwards it."""

        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Proxy-Authorization")))
            target = urlsplit(self.path)
            upstream = http.client.HTTPConnection(target.netloc, timeout=5)
            headers = {k: v for k, v in self.headers.items() if not k.lower().startswith("proxy")}
            upstream.request("GET", target.path + f"?{target.query}" * bool(target.query),
                             headers=headers)  # fmt: skip
            answer = upstream.getresponse()
            body = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Proxy


def test_a_proxy_from_the_environment_carries_the_requests(
    gandi_sandbox: Any, serving: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = gandi_sandbox_domains(gandi_sandbox)
    seen: list[tuple[str, str | None]] = []
    proxy = serving(_forwarding_proxy(seen))
    monkeypatch.setenv("HTTP_PROXY", proxy.replace("http://", "http://user:pa%40ss@"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url)
    assert client.get("livedns/domains") == expected
    assert seen == [(f"{gandi_sandbox.url}/v5/livedns/domains", "Basic dXNlcjpwYUBzcw==")]


def test_no_proxy_leaves_a_host_out_by_name_or_address_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "api.example.net, 10.0.0.0/8")
    assert proxy_for("https", "api.gandi.net") == ("proxy.example", 3128, None, "HTTPS_PROXY")
    assert proxy_for("https", "api.example.net") is None
    assert proxy_for("https", "10.1.2.3") is None
    assert proxy_for("https", "192.0.2.1") is not None
    monkeypatch.delenv("HTTPS_PROXY")
    assert proxy_for("https", "api.gandi.net") is None


@pytest.mark.parametrize("url", ["https://proxy.example:3128", "socks5h://u:secret@proxy:1080"])
def test_a_proxy_that_is_not_plain_http_is_refused_clearly(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = GandiClient("gandi", token="test-token", apiurl="https://api.example.net")
    with pytest.raises(GandiError) as raised:
        client.get("livedns/domains")
    message = str(raised.value)
    assert message.startswith('creds key "gandi": HTTPS_PROXY=')
    assert "only a plain http:// proxy is supported" in message
    assert "secret" not in message


def test_a_refused_proxy_is_named(
    unused_port: int, monkeypatch: pytest.MonkeyPatch, gandi_sandbox: Any
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{unused_port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url)
    with pytest.raises(GandiError, match=rf"refused \(the proxy 127.0.0.1:{unused_port}, from"):
        client.get("livedns/domains")


def test_a_tls_handshake_with_a_plain_http_server_fails_at_once_and_says_why(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient(
        "gandi", token="test-token", apiurl=gandi_sandbox.url.replace("http:", "https:")
    )
    with pytest.raises(GandiError) as raised:
        client.get("livedns/domains")
    assert "the TLS handshake failed" in str(raised.value)
    assert "must begin with http://" in str(raised.value)
    assert gandi_sandbox.requests == []  # one try: nothing to retry


def test_an_unreadable_ca_bundle_is_named(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "no-such-ca.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(missing))
    client = GandiClient("gandi", token="test-token", apiurl="https://api.example.net")
    with pytest.raises(GandiError, match=r"REQUESTS_CA_BUNDLE='.*no-such-ca.pem'.*cannot be read"):
        client.get("livedns/domains")


def _early_answer_server() -> int:
    """A server that answers 413 as soon as a request's headers are in, without reading its
    body, and closes a moment later (the unread body makes the close a reset); its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            body = b'{"code": 413, "message": "Request body too large"}'
            conn.sendall(
                b"HTTP/1.1 413 Too Large\r\nContent-Type: application/json\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            time.sleep(0.3)
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    port: int = listener.getsockname()[1]
    return port


def test_an_answer_sent_before_a_large_body_was_read_is_read() -> None:
    """The sending fails (the server closed), but its answer came first: that answer counts,
    as requests has it, not a broken connection."""
    port = _early_answer_server()
    client = GandiClient("gandi", token="test-token", apiurl=f"http://127.0.0.1:{port}")
    items = [{"rrset_name": f"h{i}", "rrset_values": ["x" * 200]} for i in range(40_000)]
    with pytest.raises(GandiError, match="Gandi answered 413: Request body too large"):
        client.request("PUT", "livedns/domains/a.tld/records", body={"items": items})


class _TwoMembers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        body = gzip.compress(b'[{"fqdn": ') + gzip.compress(b'"example.tld"}]')
        self.send_response(200)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_a_gzip_body_of_several_members_is_read_whole(serving: Any) -> None:
    base = serving(_TwoMembers)
    answer = Transport(base, connect_timeout=5, read_timeout=5).request(
        "GET", f"{base}/v5/x", None, {}
    )
    assert answer.json() == [{"fqdn": "example.tld"}]


def gandi_sandbox_domains(sandbox: Any) -> Any:
    """What the sandbox answers to GET /v5/livedns/domains, asked directly."""
    import requests

    answer = requests.get(
        f"{sandbox.url}/v5/livedns/domains", headers={"Authorization": "Bearer test-token"}
    )
    return answer.json()


def test_a_header_http_client_refuses_leaves_the_connection_usable(gandi_sandbox: Any) -> None:
    transport = Transport(gandi_sandbox.url, connect_timeout=5, read_timeout=5)
    url = f"{gandi_sandbox.url}/v5/livedns/domains"
    auth = {"Authorization": "Bearer test-token"}
    with pytest.raises(ValueError, match="header"):
        transport.request("GET", url, None, {**auth, "X-Bad": "a\nb"})
    assert transport.request("GET", url, None, auth).status_code == 200


def test_the_strict_certificate_checks_of_python_3_13_are_left_off() -> None:
    from dnsframe_gandi_v5.transport import tls_context

    strict = getattr(__import__("ssl"), "VERIFY_X509_STRICT", 0)
    assert tls_context().verify_flags & strict == 0


def _paged(counted_on_every_page: bool, seen: list[str]) -> type[BaseHTTPRequestHandler]:
    class Pages(BaseHTTPRequestHandler):
        """Three pages of 2 items (5 in all); ``total-count`` on the first page only, unless
        ``counted_on_every_page``."""

        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            page = int(parse_qs(urlsplit(self.path).query).get("page", ["1"])[0])
            seen.append(str(page))
            items = [{"n": n} for n in range(5)][(page - 1) * 2 : page * 2]
            body = json.dumps(items).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if page == 1 or counted_on_every_page:
                self.send_header("total-count", "5")
            if page < 3:
                self.send_header(
                    "Link", f'<{self.path.replace(f"page={page}", f"page={page + 1}")}>; rel="next"'
                )
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Pages


def test_pages_that_do_not_repeat_the_count_are_read_once(serving: Any) -> None:
    seen: list[str] = []
    base = serving(_paged(False, seen))
    client = GandiClient("gandi", token="test-token", apiurl=base)
    assert client.get_all("livedns/domains") == [{"n": n} for n in range(5)]
    assert sorted(seen) == ["1", "2", "3"]


def test_a_consumer_that_stops_early_does_not_make_the_pages_be_read_again(
    serving: Any,
) -> None:
    seen: list[str] = []
    base = serving(_paged(True, seen))
    client = GandiClient("gandi", token="test-token", apiurl=base)
    assert client.read_all("livedns/domains", next) == {"n": 0}
    assert seen.count("1") == 1
