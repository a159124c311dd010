"""Fixtures of the sandbox's own tests: plain HTTP to a started sandbox (``gandi_sandbox`` itself
comes from :mod:`gandi_sandbox.pytest_plugin`, enabled with ``-p`` in pyproject.toml), and no
network but loopback. Nothing here comes from dnsframe: this distribution is tested on its own."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may connect to loopback only; any other address fails the test."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or self.family == socket.AF_UNIX
        ):
            raise AssertionError(f"a test tried to reach {address!r}; only loopback is allowed")
        return real_connect(self, address)

    resolve = socket.getaddrinfo

    def guarded_getaddrinfo(host: Any, *rest: Any, **kwargs: Any) -> Any:
        # Resolving a name (api.gandi.net) asks a DNS server off this machine: refuse it first.
        if isinstance(host, str) and not (host.startswith("127.") or host in {"localhost", "::1"}):
            raise AssertionError(f"a test tried to resolve {host!r}; only loopback is allowed")
        return resolve(host, *rest, **kwargs)

    real_sendto = socket.socket.sendto

    def guarded_sendto(self: socket.socket, data: Any, *args: Any) -> Any:
        address = args[-1]
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not host.startswith("127.") and host != "::1":
            raise AssertionError(f"a test tried to send to {address!r}; only loopback is allowed")
        return real_sendto(self, data, *args)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "sendto", guarded_sendto)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


class SandboxClient:
    """Plain HTTP to a sandbox: ``api.get("/v5/livedns/domains")`` with the token's header."""

    def __init__(self, sandbox: GandiSandbox, token: str = "test-token", scheme: str = "Bearer"):
        self.sandbox = sandbox
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"{scheme} {token}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.sandbox.url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def gandi_api(gandi_sandbox: GandiSandbox) -> Iterator[SandboxClient]:
    """HTTP to :func:`gandi_sandbox` as ``test-token``; ``gandi_api.sandbox`` is the sandbox."""
    client = SandboxClient(gandi_sandbox)
    try:
        yield client
    finally:
        client.session.close()


@pytest.fixture
def sandbox_client() -> type[SandboxClient]:
    """:class:`SandboxClient` itself, for a sandbox that a test builds and starts on its own."""
    return SandboxClient
