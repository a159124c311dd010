"""dnsframe-files' own tests: dnsframe's conformance suite, and the command end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing import Group, Target, check_group


@pytest.fixture
def conformance_target(tmp_path: Path) -> Target:
    return Target("FILES", {"directory": str(tmp_path / "zones")}, "conformance.example")


def test_conformance(conformance_target: Target, conformance_group: Group, request: Any) -> None:
    check_group(conformance_target, conformance_group, request)


def test_preview_push_and_get_zones(run: Any, write: Any, workdir: Path) -> None:
    (workdir / "creds.json").write_text(json.dumps({"files": {"TYPE": "FILES", "directory": "z"}}))
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("files")),
          A("www", "192.0.2.1", TTL(30)))
        """,
    )
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    assert "WARNING: A www.example.tld: TTL 30 raised to 60" in preview.stdout
    assert "#1: + CREATE www.example.tld A 192.0.2.1 ttl=60" in preview.stdout
    assert run("push").exit_code == 0
    assert run("preview", "--expect-no-changes").exit_code == 0
    zones = run("get-zones", "--format", "nameonly", "files", "all")
    assert zones.stdout == "example.tld\n"
