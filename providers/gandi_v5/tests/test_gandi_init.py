"""``dnsframe init --import`` against the sandbox: the starter config is the zones as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gandi_sandbox import GandiSandbox

from dnsframe.testing.fixtures import CommandRunner as Run


def test_init_imports_the_zones_and_the_draft_previews_with_no_changes(
    run: Run, workdir: Path, gandi_sandbox: GandiSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    gandi_sandbox.add_domain(
        "imported.tld",
        rrsets=[
            {
                "rrset_name": "www",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.7"],
            }
        ],
    )
    monkeypatch.setenv("GANDI_V5_TOKEN", "test-token-0123456789")
    result = run(
        "init", "--type", "GANDI_V5", "--key", "gandi", "--domain", "imported.tld",
        "--set", f"apiurl={gandi_sandbox.url}/", "--import",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((workdir / "creds.json").read_text())["gandi"]["token"] == "$GANDI_V5_TOKEN"
    assert 'A("www", "192.0.2.7")' in (workdir / "dnsconfig.py").read_text()
    assert "export GANDI_V5_TOKEN" not in result.stdout  # it is set already
    preview = run("preview")
    assert preview.exit_code == 0, preview.output
    assert "0 corrections" in preview.stdout or "Done. 0 corrections" in preview.stdout


def test_init_import_that_fails_leaves_no_creds_behind(
    run: Run, workdir: Path, gandi_sandbox: GandiSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GANDI_V5_TOKEN", "wrong-token-0123456789")
    result = run(
        "init", "--type", "GANDI_V5", "--set", f"apiurl={gandi_sandbox.url}/", "--import",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "wrong or expired" in result.stderr
    assert not (workdir / "creds.json").exists()
    assert not (workdir / "dnsconfig.py").exists()
