"""Fixtures of the GANDI_V5 tests: the local Gandi sandbox, and (from dnsframe.testing) no
network but loopback and the real ``dnsframe`` command."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gandi_sandbox import GandiSandbox

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
