"""The framework's own fixtures. The general ones (``run``, ``workdir``, ``write``, the loopback
guard, fresh plugins) come from :mod:`dnsframe.testing.fixtures`, which pyproject.toml enables
with ``-p``, as a plugin's own suite would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dnsframe import plugins
from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import Result

__all__ = ["Result", "Run"]

# The throwaway plugins' own tests run inside their virtual environments (test_entry_points.py).
collect_ignore = ["plugins"]


@pytest.fixture
def fake_plugin() -> Any:
    """Registers tests/fakeplugin.py (provider type FAKE) with the plugin manager."""
    from tests import fakeplugin

    plugins.get_plugin_manager().register(fakeplugin, name="tests.fakeplugin")
    return fakeplugin


@pytest.fixture
def step_plugin() -> Iterator[Any]:
    """Registers tests/stepplugin.py (in-memory provider and registrar STEP)."""
    from tests import stepplugin

    stepplugin.reset()
    plugins.get_plugin_manager().register(stepplugin, name="tests.stepplugin")
    yield stepplugin
    stepplugin.reset()
