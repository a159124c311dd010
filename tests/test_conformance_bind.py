"""The conformance suite against the BIND provider."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing import Group, Target, check_group


@pytest.fixture
def conformance_target(tmp_path: Path) -> Target:
    return Target("BIND", {"directory": str(tmp_path / "zones")}, "conformance.example")


def test_conformance(conformance_target: Target, conformance_group: Group, request: Any) -> None:
    check_group(conformance_target, conformance_group, request)
