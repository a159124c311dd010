"""The conformance suite against the BIND provider; BIND's own named-checkzone checks every
file written (the test is skipped where named-checkzone is not installed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing import Group, Target, check_group
from tests.conftest import ZoneChecker


@pytest.fixture
def conformance_target(tmp_path: Path, named_checkzone: ZoneChecker) -> Target:
    zones = tmp_path / "zones"

    def after_push(zone: str) -> None:
        named_checkzone(zone, zones / f"{zone}.zone")

    # An apex NS, without which BIND loads no zone (named-checkzone: "has no NS records").
    return Target(
        "BIND",
        {"directory": str(zones)},
        "conformance.example",
        modifiers='NAMESERVER("ns1.example.net.")',
        after_push=after_push,
    )


def test_conformance(conformance_target: Target, conformance_group: Group, request: Any) -> None:
    check_group(conformance_target, conformance_group, request)
