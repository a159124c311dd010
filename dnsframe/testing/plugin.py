"""The pytest plugin (entry point ``pytest11``) that runs the conformance suite.

It stays idle until a test asks for the ``conformance_group`` fixture: it then generates one test
per group. A provider's suite enables it with a ``conformance_target`` fixture and one test::

    from dnsframe.testing import Target, check_group

    @pytest.fixture
    def conformance_target():
        return Target("EXAMPLE", {"token": "..."}, "test-zone.example")

    def test_conformance(conformance_target, conformance_group):
        check_group(conformance_target, conformance_group)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

_RESULTS_KEY = pytest.StashKey[list[Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("dnsframe")
    group.addoption(
        "--conformance-report",
        metavar="FILE",
        default=None,
        help="write the API requests per conformance group (reads, writes) to FILE",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RESULTS_KEY] = []


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "conformance_group" in metafunc.fixturenames:
        from dnsframe.testing.groups import GROUPS

        metafunc.parametrize("conformance_group", GROUPS, ids=[g.name for g in GROUPS])


def record_result(config: pytest.Config, target_name: str, result: Any) -> None:
    config.stash[_RESULTS_KEY].append((target_name, result))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("--conformance-report", default=None)
    results = session.config.stash.get(_RESULTS_KEY, [])
    if not path or not results:
        return
    lines = [
        "| provider | group | steps | reads | writes |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for target_name, r in results:
        reads = "" if r.reads is None else str(r.reads)
        writes = "" if r.writes is None else str(r.writes)
        lines.append(f"| {target_name} | {r.group} | {r.steps} | {reads} | {writes} |")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
