"""dnsframe's conformance suite against EXAMPLE: one test per group of desired states, each
pushed to a fresh folder of zone files and read back. `pytest` in this folder runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dnsframe.testing import Group, Target, check_group


@pytest.fixture
def conformance_target(tmp_path: Path) -> Target:
    # The type's name, its creds entry without TYPE, and a zone the suite may wipe.
    return Target("EXAMPLE", {"directory": str(tmp_path / "zones")}, "conformance.example")


def test_conformance(conformance_target: Target, conformance_group: Group, request: Any) -> None:
    check_group(conformance_target, conformance_group, request)
