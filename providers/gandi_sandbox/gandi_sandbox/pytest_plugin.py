"""Pytest fixtures for a client's tests: a started sandbox (``gandi_sandbox``), or one that
also answers DNS (``gandi_sandbox_dns``), stopped after the test.

Opt in from a ``conftest.py`` with ``pytest_plugins = ["gandi_sandbox.pytest_plugin"]``. Only
pytest imports this module; the sandbox itself does not need pytest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gandi_sandbox import GandiSandbox

#: The personal access token the fixture's sandbox accepts, for every domain of the account.
TOKEN = "test-token"


def _started(dns: bool) -> Iterator[GandiSandbox]:
    sandbox = GandiSandbox(dns=dns)
    sandbox.add_token(TOKEN)
    sandbox.add_domain("example.tld", empty=True)
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def gandi_sandbox() -> Iterator[GandiSandbox]:
    """A started sandbox that accepts the PAT ``test-token`` and has the empty LiveDNS domain
    ``example.tld``; add tokens and domains to it in the test. Stopped after the test."""
    yield from _started(dns=False)


@pytest.fixture
def gandi_sandbox_dns() -> Iterator[GandiSandbox]:
    """:func:`gandi_sandbox` that also answers DNS on 127.0.0.1, port ``.dns_port`` (UDP and
    TCP); LiveDNS's nameserver of its domains is ``127.0.0.1``."""
    yield from _started(dns=True)
