"""The three distributions of the repository: each version written once, in its package's
``__version__`` (which setuptools reads and ``--version`` prints), and the GANDI_V5 plugin
declaring the dnsframe releases it works with. Building and installing the wheels is
``make wheels-check`` (.ci/wheels.py), which CI runs after the tests."""

from __future__ import annotations

import importlib
import importlib.metadata
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
DISTRIBUTIONS = [
    (".", "dnsframe", "dnsframe"),
    ("providers/gandi_v5", "dnsframe-gandi-v5", "dnsframe_gandi_v5"),
    ("providers/gandi_sandbox", "gandi-livedns-sandbox", "gandi_sandbox"),
]


def pyproject(folder: str) -> dict[str, Any]:
    with (ROOT / folder / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(("folder", "distribution", "package"), DISTRIBUTIONS)
def test_the_version_is_written_once_in_the_package(
    folder: str, distribution: str, package: str
) -> None:
    data = pyproject(folder)
    assert data["project"]["name"] == distribution
    assert "version" not in data["project"]
    assert "version" in data["project"]["dynamic"]
    assert data["tool"]["setuptools"]["dynamic"]["version"] == {"attr": f"{package}.__version__"}
    version: str = importlib.import_module(package).__version__
    assert Version(version) == Version(importlib.metadata.version(distribution))


@pytest.mark.parametrize(("folder", "distribution", "package"), DISTRIBUTIONS)
def test_every_data_file_of_a_package_is_package_data(
    folder: str, distribution: str, package: str
) -> None:
    """What is not Python in a package folder is declared, so the wheel carries it (the wheels
    check of .ci/wheels.py then proves the wheel has it)."""
    source = ROOT / folder / package
    files = sorted(
        p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )
    assert "py.typed" in files
    patterns = pyproject(folder)["tool"]["setuptools"]["package-data"][package]
    undeclared = [f for f in files if not any(Path(f).match(p) for p in patterns)]
    assert undeclared == []


def test_the_plugin_declares_the_dnsframe_releases_it_works_with() -> None:
    [wanted] = [
        Requirement(r)
        for r in pyproject("providers/gandi_v5")["project"]["dependencies"]
        if Requirement(r).name == "dnsframe"
    ]
    import dnsframe

    assert wanted.specifier.contains(dnsframe.__version__)
    assert any(s.operator == "<" for s in wanted.specifier), "an upper bound: the next minor"
    installed = importlib.metadata.requires("dnsframe-gandi-v5") or []
    assert any(Requirement(r).name == "dnsframe" for r in installed)
