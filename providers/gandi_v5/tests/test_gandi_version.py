"""``dnsframe version`` names this plugin's distribution, its version and the type it provides."""

from __future__ import annotations

import importlib.metadata
import platform

import pytest

from dnsframe.testing.fixtures import CommandRunner


def test_version_lists_the_gandi_v5_plugin(run: CommandRunner) -> None:
    result = run("version")
    assert result.exit_code == 0, result.output
    dnsframe_version = importlib.metadata.version("dnsframe")
    plugin_version = importlib.metadata.version("dnsframe-gandi-v5")
    lines = result.stdout.splitlines()
    assert lines[0] == f"dnsframe {dnsframe_version} (Python {platform.python_version()})"
    assert f"dnsframe-gandi-v5 {plugin_version}: GANDI_V5" in lines
    assert "dnsframe.providers.bind (built in): BIND" in lines
    assert run("--version").stdout == f"dnsframe, version {dnsframe_version}\n"


def test_version_lists_only_the_plugins_loaded(
    run: CommandRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DNSFRAME_LOAD_PLUGINS", "")
    result = run("version")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "dnsframe.providers.none (built in): NONE",
        "dnsframe.providers.bind (built in): BIND",
    ]
