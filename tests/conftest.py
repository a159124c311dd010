"""The framework's own fixtures. The general ones (``run``, ``workdir``, ``write``, the loopback
guard, fresh plugins) come from :mod:`dnsframe.testing.fixtures`, which pyproject.toml enables
with ``-p``, as a plugin's own suite would."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dnsframe import plugins
from dnsframe.testing.fixtures import CommandRunner as Run
from dnsframe.testing.fixtures import Result
from tests.named import named

__all__ = ["Result", "Run", "named"]

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


#: ``check_zone(zone, path)``: BIND's named-checkzone accepts the file, or the test fails.
ZoneChecker = Callable[[str, Path], None]


@pytest.fixture
def named_checkzone() -> ZoneChecker:
    """BIND's own zone file checker, or the test is skipped where it is not installed."""
    tool = shutil.which("named-checkzone")
    if tool is None:
        pytest.skip(
            "named-checkzone not found: install BIND's tools (Debian and Ubuntu: apt-get "
            "install bind9-utils; .ci/run installs them where apt-get exists)"
        )

    def check(zone: str, path: Path) -> None:
        done = subprocess.run(
            [tool, "-q", zone, str(path)], capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            loud = subprocess.run([tool, zone, str(path)], capture_output=True, text=True)
            raise AssertionError(
                f"named-checkzone refuses {path}:\n{loud.stdout}{loud.stderr}\n"
                f"--- the file:\n{path.read_text(encoding='utf-8')}"
            )

    return check
