"""The entry-point plugin path, for real.

The throwaway distributions in ``tests/plugins/`` are pip-installed into a temporary virtual
environment, and the real ``dnsframe`` command, run there as a subprocess, must find them through
``importlib.metadata`` entry points in the group ``dnsframe``. Nothing is registered in-process.

The environment is built once for the module, offline: a venv of the running interpreter, without
pip of its own, whose ``.pth`` file adds this venv's site-packages (dnsframe, its dependencies,
pip and setuptools, which the ``test`` extra pins to a version that builds wheels), then
``pip install --no-deps --no-build-isolation --no-index`` of each plugin folder.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result

pytestmark = pytest.mark.slow

PLUGINS = Path(__file__).parent / "plugins"
EXAMPLE_DIST = "dnsframe-example-plugin"
EXAMPLE_VERSION = "1.2.3"
#: The EXAMPLE token: it must never be printed, whatever the command and options.
CANARY = "canary-Tk9wQ2xZ7rVb4mN"

CONFIG = """
    REG_EX = NewRegistrar("ex", "EXAMPLE")
    EX = NewDnsProvider("ex", "EXAMPLE")
    D("example.tld", REG_EX, DnsProvider(EX), A("@", "192.0.2.1"))
"""


def _env(**extra: str) -> dict[str, str]:
    """This process's environment without dnsframe's, pip's and Python's path settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DNSFRAME_", "PIP_"))
        and k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }
    # No machine-wide pip configuration (indexes, find-links, constraints): pip works offline.
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(extra)
    return env


def _completed(proc: subprocess.CompletedProcess[str]) -> Result:
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _pyproject(src: Path) -> dict[str, Any]:
    with (src / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class Venv:
    """A temporary virtual environment that sees dnsframe, with plugins pip-installed into it."""

    root: Path
    python: Path
    scratch: Path

    def dnsframe(self, *args: str, cwd: Path, env: Mapping[str, str] | None = None) -> Result:
        """``python -m dnsframe ARGS`` in this venv."""
        return _run_dnsframe(self.python, args, cwd, env)

    def pip(self, *args: str) -> None:
        proc = subprocess.run(
            [str(self.python), "-m", "pip", *args, "--no-cache-dir", "--no-input"],
            capture_output=True,
            text=True,
            env=_env(),
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, f"pip {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"

    def install(self, plugin: str) -> str:
        """pip-install ``tests/plugins/PLUGIN``; returns its distribution name."""
        work = self.scratch / plugin
        if work.exists():
            shutil.rmtree(work)
        # pip builds in the source tree; build in a copy so that tests/plugins stays clean.
        src = shutil.copytree(
            PLUGINS / plugin,
            work / "src",
            ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"),
        )
        self.pip("install", "--no-deps", "--no-build-isolation", "--no-index", str(src))
        name: str = _pyproject(src)["project"]["name"]
        return name

    def uninstall(self, dist: str) -> None:
        self.pip("uninstall", "--yes", dist)

    @contextlib.contextmanager
    def installed(self, plugin: str) -> Iterator[str]:
        """``tests/plugins/PLUGIN`` installed for the ``with`` block, uninstalled after it."""
        dist = self.install(plugin)
        try:
            yield dist
        finally:
            self.uninstall(dist)


def _run_dnsframe(
    python: Path | str, args: tuple[str, ...], cwd: Path, env: Mapping[str, str] | None
) -> Result:
    proc = subprocess.run(
        [str(python), "-m", "dnsframe", *args],
        cwd=cwd,
        env=dict(env) if env is not None else _env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return _completed(proc)


def _python_in(venv: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """One venv for the module, with dnsframe-example-plugin installed."""
    root = tmp_path_factory.mktemp("venv")
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(root)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    python = root / "bin" / "python"
    site_packages = _python_in(root, "import sysconfig; print(sysconfig.get_path('purelib'))")
    assert site_packages.returncode == 0, site_packages.stderr
    parent = sysconfig.get_path("purelib")
    Path(site_packages.stdout.strip(), "_dnsframe_parent_venv.pth").write_text(
        f"import site; site.addsitedir({parent!r})\n", encoding="utf-8"
    )
    probe = _python_in(
        root,
        "import importlib.util as u, dnsframe, pip; "
        "assert u.find_spec('dnsframe_example_plugin') is None, 'the plugin is already there'",
    )
    assert probe.returncode == 0, probe.stderr
    env = Venv(root, python, tmp_path_factory.mktemp("builds"))
    assert env.install("example") == EXAMPLE_DIST
    return env


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's folder with dnsconfig.py declaring EXAMPLE as registrar and DNS provider."""
    (tmp_path / "dnsconfig.py").write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
    return tmp_path


def _assert_clean_error(result: Result) -> None:
    """Exit 1 with an ``ERROR:`` line on stderr, and no Python traceback anywhere."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("ERROR: "), result.output
    assert "Traceback" not in result.output, result.output


def test_providers_lists_the_installed_plugin_with_its_distribution(
    venv: Venv, tmp_path: Path
) -> None:
    result = venv.dnsframe("providers", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    origin = f"  from: {EXAMPLE_DIST} {EXAMPLE_VERSION}\n"
    assert f"EXAMPLE (DNS provider)\n{origin}" in result.stdout
    assert f"EXAMPLE (registrar)\n{origin}" in result.stdout
    assert "  features: list_zones\n" in result.stdout
    assert "  creds fields: token, zones\n" in result.stdout
    assert "NONE (DNS provider)\n  from: built in\n" in result.stdout

    as_json = venv.dnsframe("providers", "--json", cwd=tmp_path)
    assert as_json.exit_code == 0, as_json.output
    rows = [row for row in as_json.json() if row["type"] == "EXAMPLE"]
    assert sorted(row["role"] for row in rows) == ["dns", "registrar"]
    for row in rows:
        assert row["distribution"] == EXAMPLE_DIST
        assert row["version"] == EXAMPLE_VERSION
        assert row["plugin"] == f"{EXAMPLE_DIST}:EXAMPLE"
        assert row["creds_fields"] == ["token", "zones"]
    dns = next(row for row in rows if row["role"] == "dns")
    assert dns["capabilities"]["list_zones"] is True
    none = [row for row in as_json.json() if row["type"] == "NONE"]
    assert none
    assert all(row["distribution"] is None for row in none)


def test_check_knows_the_plugin_type_only_where_it_is_installed(venv: Venv, project: Path) -> None:
    result = venv.dnsframe("check", cwd=project)
    assert result.exit_code == 0, result.output
    assert "dnsconfig.py: 1 domain(s), 1 record(s). No errors." in result.stdout
    assert "WARNING" not in result.stderr, result.stderr
    assert "EXAMPLE" not in result.stderr, result.stderr

    # The same config with this venv's dnsframe, where no plugin provides EXAMPLE.
    without = _run_dnsframe(sys.executable, ("check",), project, None)
    assert without.exit_code == 1, without.output
    assert "No errors" not in without.stdout
    problems = without.stderr.splitlines()[1:]
    assert any("dnsconfig.py:1:" in p and "registrar type EXAMPLE" in p for p in problems)
    assert any("dnsconfig.py:2:" in p and "DNS provider type EXAMPLE" in p for p in problems)


def _write_creds(folder: Path, entry: dict[str, Any]) -> None:
    (folder / "creds.json").write_text(json.dumps({"ex": entry}), encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("check-creds", "ex", "--creds", "creds.json"),
        ("check-creds", "ex", "--creds", "creds.json", "--debug"),
        ("--debug", "check-creds", "ex", "EXAMPLE", "--creds", "creds.json"),
    ],
    ids=["plain", "debug-after", "debug-before"],
)
def test_check_creds_lists_the_zones_and_never_the_token(
    venv: Venv, tmp_path: Path, args: tuple[str, ...]
) -> None:
    _write_creds(tmp_path, {"TYPE": "EXAMPLE", "token": "$EX_TOKEN", "zones": ["a.tld", "b.tld"]})
    result = venv.dnsframe(*args, cwd=tmp_path, env=_env(EX_TOKEN=CANARY))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        'creds.json "ex": TYPE EXAMPLE: settings are valid.\n2 zone(s):\n  a.tld\n  b.tld\n'
        "a.tld: read 0 record(s): the credentials can read records. Nothing was written.\n"
    )
    assert CANARY not in result.output


def test_check_creds_errors_never_show_the_token(venv: Venv, tmp_path: Path) -> None:
    # "zone" is not a field of EXAMPLE: the error names fields, never the token.
    _write_creds(tmp_path, {"TYPE": "EXAMPLE", "token": "$EX_TOKEN", "zone": CANARY})
    for debug in ((), ("--debug",)):
        result = venv.dnsframe("check-creds", "ex", *debug, cwd=tmp_path, env=_env(EX_TOKEN=CANARY))
        assert result.exit_code == 1, result.output
        assert 'unknown field "zone" (the fields of this type: token, zones)' in result.stderr
        assert CANARY not in result.output


def test_two_distributions_registering_one_type_is_an_error_naming_both(
    venv: Venv, tmp_path: Path
) -> None:
    with venv.installed("clash") as clash:
        result = venv.dnsframe("providers", cwd=tmp_path)
    _assert_clean_error(result)
    assert "the DNS provider type EXAMPLE" in result.stderr
    assert f"{EXAMPLE_DIST} {EXAMPLE_VERSION}" in result.stderr
    assert f"{clash} 0.4.0" in result.stderr
    assert result.stdout == ""

    # Uninstalled, the clash is gone.
    assert venv.dnsframe("providers", cwd=tmp_path).exit_code == 0


def test_a_plugin_that_fails_to_import_is_named_and_can_be_left_out(
    venv: Venv, tmp_path: Path
) -> None:
    with venv.installed("broken") as broken:
        result = venv.dnsframe("providers", cwd=tmp_path)
        only_example = venv.dnsframe(
            "providers", cwd=tmp_path, env=_env(DNSFRAME_LOAD_PLUGINS=EXAMPLE_DIST)
        )
        by_entry_point = venv.dnsframe(
            "providers", cwd=tmp_path, env=_env(DNSFRAME_LOAD_PLUGINS="example")
        )
        none_at_all = venv.dnsframe("providers", cwd=tmp_path, env=_env(DNSFRAME_LOAD_PLUGINS=""))
        as_pip_spells_it = venv.dnsframe(
            "providers", cwd=tmp_path, env=_env(DNSFRAME_LOAD_PLUGINS="Dnsframe_Example.Plugin")
        )
        misspelt = venv.dnsframe(
            "providers", cwd=tmp_path, env=_env(DNSFRAME_LOAD_PLUGINS="dnsframe-exmaple-plugin")
        )

    _assert_clean_error(result)
    assert f"'BROKEN' from the distribution {broken} 0.0.7 failed to load" in result.stderr
    assert "ImportError: dnsframe_example_broken needs the module" in result.stderr
    assert "DNSFRAME_LOAD_PLUGINS" in result.stderr

    assert misspelt.exit_code == 0, misspelt.output
    assert "EXAMPLE" not in misspelt.stdout
    assert (
        "DNSFRAME_LOAD_PLUGINS names 'dnsframe-exmaple-plugin', but no installed plugin has "
        "that distribution or entry-point name"
    ) in misspelt.stderr

    for narrowed in (only_example, by_entry_point, as_pip_spells_it):
        assert narrowed.exit_code == 0, narrowed.output
        assert f"EXAMPLE (DNS provider)\n  from: {EXAMPLE_DIST} {EXAMPLE_VERSION}\n" in (
            narrowed.stdout
        )
        assert "BROKEN" not in narrowed.output

    assert none_at_all.exit_code == 0, none_at_all.output
    assert "EXAMPLE" not in none_at_all.stdout
    assert "NONE (DNS provider)\n" in none_at_all.stdout
    assert "NONE (registrar)\n" in none_at_all.stdout


def test_a_misspelt_hook_is_an_error_naming_the_hook(venv: Venv, tmp_path: Path) -> None:
    with venv.installed("typo"):
        result = venv.dnsframe("providers", cwd=tmp_path)
    _assert_clean_error(result)
    assert "'register_dns_provider'" in result.stderr
    assert "from dnsframe-example-typo 0.0.3" in result.stderr
    assert "Check the spelling of its @hookimpl functions" in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_a_third_party_plugin_on_the_v2_contract_passes_the_conformance_suite_in_its_own_venv(
    venv: Venv,
) -> None:
    """tests/plugins/thirdparty is a plugin as someone else would write it: its own
    pyproject.toml, importing only dnsframe and dnsframe.providers; installed into a venv, its
    own tests (dnsframe's conformance suite through the shipped pytest plugin and fixtures)
    pass there."""
    package = PLUGINS / "thirdparty" / "dnsframe_files"
    imported = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    assert {m for m in imported if m.startswith("dnsframe")} == {"dnsframe", "dnsframe.providers"}
    with venv.installed("thirdparty") as dist:
        assert dist == "dnsframe-files"
        work = venv.scratch / "thirdparty-tests"
        shutil.copytree(PLUGINS / "thirdparty" / "tests", work / "tests", dirs_exist_ok=True)
        shutil.copy(PLUGINS / "thirdparty" / "pyproject.toml", work / "pyproject.toml")
        proc = subprocess.run(
            [str(venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"],
            cwd=work,
            env=_env(DNSFRAME_LOAD_PLUGINS="dnsframe-files"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = proc.stdout.strip().splitlines()[-1]
    assert re.search(r"\b2[0-9] passed", summary), proc.stdout
    assert "failed" not in summary
    # The groups it cannot store are skipped by capability, and say so.
    assert "FILES does not support SSHFP records" in proc.stdout


def test_an_installed_plugin_with_a_misspelt_optional_method_is_refused_naming_it(
    venv: Venv, project: Path
) -> None:
    with venv.installed("misspelt") as dist:
        result = venv.dnsframe("check", cwd=project)
        _assert_clean_error(result)
        assert (
            "ERROR: plugin dnsframe-example-misspelt registers MISSPELT with the class "
            "dnsframe_example_misspelt.MisspeltProvider, which defines normalise_records(): "
            "did you mean normalize_records()?" in result.stderr
        )
        hint = re.search(r"runs without it with DNSFRAME_LOAD_PLUGINS=(\S+)\.$", result.stderr)
        assert hint, result.stderr
        others = hint.group(1).split(",")
        assert EXAMPLE_DIST in others
        assert dist not in others
        without = venv.dnsframe("check", cwd=project, env=_env(DNSFRAME_LOAD_PLUGINS=hint.group(1)))
        assert without.exit_code == 0, without.output
