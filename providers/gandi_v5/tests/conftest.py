"""The GANDI_V5 tests' fixtures come from two shipped pytest plugins, enabled with ``-p`` in
pyproject.toml (this distribution's, and the repository's): ``dnsframe.testing.fixtures`` (the
real ``dnsframe`` command as ``run`` in a scratch ``workdir``, ``write``, loopback only, plugins
loaded afresh for every test) and ``gandi_sandbox.pytest_plugin`` (``gandi_sandbox``, a started
local Gandi API that accepts the token ``test-token``).

GANDI_V5's creds schema refuses a token shorter than a real one, so ``gandi_sandbox`` here also
accepts :data:`TOKEN`, which the tests write in creds.json."""

from __future__ import annotations

import pytest
from gandi_sandbox import GandiSandbox

#: The personal access token of the tests' creds.json: fake, but as long as GANDI_V5 requires.
TOKEN = "test-token-0123456789"


@pytest.fixture
def gandi_sandbox(gandi_sandbox: GandiSandbox) -> GandiSandbox:
    """The sandbox of ``gandi_sandbox.pytest_plugin``, accepting :data:`TOKEN` as well."""
    gandi_sandbox.add_token(TOKEN)
    return gandi_sandbox
