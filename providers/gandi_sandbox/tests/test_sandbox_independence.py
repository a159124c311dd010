"""The sandbox and the GANDI_V5 plugin are two distributions that know nothing of each other: the
sandbox imports nothing of dnsframe, and the plugin imports nothing of the sandbox (only the
plugin's tests use it). Checked twice: in the source, every import statement of both packages;
at run time, the modules that importing each package loads, in a fresh interpreter."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import gandi_sandbox
import pytest

SANDBOX_PACKAGE = Path(gandi_sandbox.__file__).resolve().parent
#: The plugin's source in this repository, beside the sandbox's distribution folder.
PLUGIN_PACKAGE = SANDBOX_PACKAGE.parents[1] / "gandi_v5" / "dnsframe_gandi_v5"


def imported_modules(package: Path) -> dict[str, set[str]]:
    """Each module file of ``package`` -> the absolute module names its import statements name."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(package.parent))] = names
    return found


def of_package(names: set[str], package: str) -> set[str]:
    return {n for n in names if n == package or n.startswith(package + ".")}


def test_the_sandbox_source_imports_nothing_of_dnsframe() -> None:
    modules = imported_modules(SANDBOX_PACKAGE)
    assert "gandi_sandbox/core.py" in modules
    wrong = {
        path: sorted(of_package(names, "dnsframe") | of_package(names, "dnsframe_gandi_v5"))
        for path, names in modules.items()
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_plugin_source_imports_nothing_of_the_sandbox() -> None:
    if not PLUGIN_PACKAGE.is_dir():
        pytest.skip(f"the GANDI_V5 plugin's source is not beside the sandbox: {PLUGIN_PACKAGE}")
    modules = imported_modules(PLUGIN_PACKAGE)
    assert "dnsframe_gandi_v5/provider.py" in modules
    wrong = {path: sorted(of_package(names, "gandi_sandbox")) for path, names in modules.items()}
    assert {path: names for path, names in wrong.items() if names} == {}
    assert not (PLUGIN_PACKAGE / "sandbox").exists()


def loads_none_of(package: str, *others: str) -> subprocess.CompletedProcess[str]:
    code = (
        f"import sys, {package}\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({others!r}))\n"
        "assert not loaded, loaded\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_importing_the_sandbox_loads_nothing_of_dnsframe() -> None:
    result = loads_none_of("gandi_sandbox", "dnsframe")
    assert result.returncode == 0, result.stderr


def test_importing_the_sandbox_command_loads_nothing_of_dnsframe() -> None:
    result = loads_none_of("gandi_sandbox.cli", "dnsframe")
    assert result.returncode == 0, result.stderr


def test_importing_the_plugin_loads_nothing_of_the_sandbox() -> None:
    if importlib.util.find_spec("dnsframe_gandi_v5") is None:
        pytest.skip("the GANDI_V5 plugin is not installed")
    result = loads_none_of("dnsframe_gandi_v5", "gandi_sandbox")
    assert result.returncode == 0, result.stderr


def test_a_sandbox_without_dns_loads_no_dnspython() -> None:
    result = loads_none_of("gandi_sandbox.cli", "dns.")
    assert result.returncode == 0, result.stderr
