"""The HTTP layer: a threaded stdlib server on 127.0.0.1 that reads a request, applies the
faults, asks the sandbox for the answer and writes it."""

from __future__ import annotations

import contextlib
import logging
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from gandi_sandbox.errors import http_error
from gandi_sandbox.routing import Response, error_response, parse_query

if TYPE_CHECKING:
    from gandi_sandbox.core import GandiSandbox

log = logging.getLogger("gandi_sandbox")

#: Auth schemes as the request log names them.
_SCHEMES = {"bearer": "Bearer", "apikey": "Apikey"}


class ConnectionTracking:
    """For a socketserver server: remembers its open connections (its handlers call
    :meth:`track`), so that :meth:`close_all` can end kept-alive ones when the sandbox stops."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def track(self, conn: socket.socket, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def close_all(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class SandboxServer(ConnectionTracking, ThreadingHTTPServer):
    """One listening socket for the HTTP API."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], sandbox: GandiSandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (a connection reset by a process that exited) is not an
        error of the sandbox: no traceback for it."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "gandi-sandbox"
    sys_version = ""
    server: SandboxServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        sandbox = self.server.sandbox
        method = self.command
        # http.server turns a leading "//" into "/"; Gandi does not, so read the raw target.
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else self.path
        path, _, raw_query = target.partition("?")
        body = self._read_body()
        scheme, _, credential = (self.headers.get("Authorization") or "").strip().partition(" ")
        auth_scheme = _SCHEMES.get(scheme.lower(), scheme) if scheme else None

        delay = sandbox.faults.delay()
        if delay > 0:
            time.sleep(delay)
        verdict = sandbox.faults.judge(method, path)
        query = parse_query(raw_query)
        if verdict is not None and verdict.drop and not verdict.applied:
            self.close_connection = True
            sandbox.log_request(method, path, query, auth_scheme, 0, body)
            return
        if verdict is not None and not verdict.applied:
            response = self._fault_response(verdict.status, verdict.retry_after)
        else:
            base = f"http://{self.headers.get('Host') or sandbox.address}"
            headers_lower = {k.lower(): v for k, v in self.headers.items()}
            response = sandbox.answer(
                method, path, query, headers_lower, body, base, auth_scheme, credential.strip()
            )
            if verdict is not None and verdict.drop:  # handled, then the answer is lost
                self.close_connection = True
                sandbox.log_request(method, path, query, auth_scheme, 0, body)
                return
            if verdict is not None and verdict.status:
                response = self._fault_response(verdict.status, verdict.retry_after)
        # logged before answering, so that a client that got its answer finds it in the log
        sandbox.log_request(method, path, query, auth_scheme, response.status, body)
        if verdict is not None and verdict.stall > 0:
            time.sleep(verdict.stall)
            self.close_connection = True
            with contextlib.suppress(OSError):  # the client may have given up and gone
                self._send(response)
            return
        self._send(response)

    @staticmethod
    def _fault_response(status: int, retry_after: int | None) -> Response:
        headers = [] if retry_after is None else [("Retry-After", str(retry_after))]
        return error_response(http_error(status), headers)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        if response.content_type is not None:
            self.send_header("Content-Type", response.content_type)
        if response.status != 204:
            self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if response.body and response.status != 204:
            self.wfile.write(response.body)
