"""Fixtures of the GANDI_V5 tests: the local Gandi sandbox, and (from dnsframe.testing) no
network but loopback and the real ``dnsframe`` command."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from dnsframe_gandi_v5.sandbox import GandiSandbox

# dnsframe's fixtures for plugin suites: the real ``dnsframe`` command (``run``) in a scratch
# folder (``workdir``, ``write``), loopback only, plugins loaded afresh for every test.
pytest_plugins = ["dnsframe.testing.fixtures"]


@pytest.fixture
def gandi_sandbox() -> Iterator[GandiSandbox]:
    """A started sandbox that accepts the PAT ``test-token`` (every domain) and has the empty
    LiveDNS domain ``example.tld``; stopped after the test."""
    sandbox = GandiSandbox()
    sandbox.add_token("test-token")
    sandbox.add_domain("example.tld", empty=True)
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


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
