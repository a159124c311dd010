"""docs/template-provider/, the plugin that docs/tutorial-provider.md tells authors to copy,
keeps working: copied to a temporary folder and made importable without pip, it passes every
conformance group it declares the types for, works through the `dnsframe` command, and is
ruff clean; its own tests pass when it is found through its entry point."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from dnsframe import plugins
from dnsframe.testing import GROUPS, Group, Skip, Target, run_group
from dnsframe.testing.fixtures import CommandRunner, FileWriter

TEMPLATE = Path(__file__).resolve().parent.parent / "docs" / "template-provider"
TUTORIAL = TEMPLATE.parent / "tutorial-provider.md"
PACKAGE = "dnsframe_example"
RUFF = Path(sys.executable).with_name("ruff")
MYPY = Path(sys.executable).with_name("mypy")
#: The groups whose record types EXAMPLE does not declare; every other group must run.
SKIPPED = {"SSHFP", "TLSA", "DS", "ALIAS"}


def _copy(to: Path) -> Path:
    copy = to / "dnsframe-example"
    shutil.copytree(
        TEMPLATE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".*_cache")
    )
    return copy


def _forget_package() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def template_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The template copied out of the repository and put on sys.path, as a checkout would be."""
    copy = _copy(tmp_path_factory.mktemp("template"))
    _forget_package()
    sys.path.insert(0, str(copy))
    yield copy
    sys.path.remove(str(copy))
    _forget_package()


@pytest.fixture
def example_plugin(template_copy: Path) -> ModuleType:
    """The copy's plugin module, registered as its entry point would register it."""
    module = importlib.import_module(PACKAGE)
    assert Path(module.__file__ or "").is_relative_to(template_copy)
    plugins.get_plugin_manager().register(module, name="dnsframe-example:EXAMPLE")
    return module


def test_the_template_declares_its_entry_point_as_the_plugin_module(template_copy: Path) -> None:
    project = tomllib.loads((template_copy / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["dnsframe"] == {"EXAMPLE": PACKAGE}
    assert project["project"]["dependencies"] == ["dnsframe>=0.1,<0.2"]
    module = importlib.import_module(PACKAGE)
    assert hasattr(module.register_dns_providers, "dnsframe_impl")


@pytest.mark.parametrize("group", GROUPS, ids=[g.name for g in GROUPS])
def test_the_template_passes_the_conformance_group(
    example_plugin: ModuleType, group: Group, tmp_path: Path
) -> None:
    target = Target("EXAMPLE", {"directory": str(tmp_path / "zones")}, "conformance.example")
    if group.name in SKIPPED:
        with pytest.raises(Skip, match="EXAMPLE does not support"):
            run_group(target, group)
        return
    result = run_group(target, group)
    assert result.steps == len(group.steps)


def _tutorial_blocks(marker: str) -> list[tuple[str, str, str]]:
    """The tutorial's code blocks whose marker line contains ``marker``: (marker, language,
    code)."""
    text = TUTORIAL.read_text(encoding="utf-8")
    found = re.findall(r"^<!-- (.*?) -->\n```(\w+)\n(.*?)^```", text, re.S | re.M)
    return [block for block in found if marker in block[0]]


def test_the_tutorials_excerpts_are_the_templates_files_as_they_are() -> None:
    excerpts = _tutorial_blocks("an excerpt of template-provider/")
    assert len(excerpts) >= 8
    for marker, _, code in excerpts:
        name = marker.split("template-provider/", 1)[1].split(",", 1)[0]
        assert code in (TEMPLATE / name).read_text(encoding="utf-8"), (
            f"docs/tutorial-provider.md quotes {name} as it no longer is"
        )


def test_the_tutorials_project_works_through_the_dnsframe_command(
    example_plugin: ModuleType, run: CommandRunner, workdir: Path
) -> None:
    """Section 7 of the tutorial, run as it is: its creds.json, its dnsconfig.py, its commands."""
    blocks = {lang: code for _, lang, code in _tutorial_blocks("once the template is installed")}
    (workdir / "creds.json").write_text(blocks["json"], encoding="utf-8")
    (workdir / "dnsconfig.py").write_text(blocks["python"], encoding="utf-8")
    commands = [shlex.split(line, comments=True) for line in blocks["sh"].splitlines()]
    assert [words[:2] for words in commands] == [
        ["dnsframe", "preview"],
        ["dnsframe", "push"],
        ["dnsframe", "preview"],
        ["dnsframe", "get-zones"],
    ]
    preview, pushed, again, zones = (run(*words[1:]) for words in commands)
    assert preview.exit_code == 0, preview.output
    assert "3 corrections (example)" in preview.stdout
    assert "+ CREATE www.example.tld A 192.0.2.1" in preview.stdout
    assert pushed.exit_code == 0, pushed.output
    stored = json.loads((workdir / "zones" / "example.tld.json").read_text(encoding="utf-8"))
    assert stored["serial"] == 3
    assert {"name": "@", "type": "MX", "ttl": 300, "data": "10 mail.example.tld."} in stored[
        "records"
    ]
    assert again.exit_code == 0, again.output
    assert zones.stdout == "example.tld\n"


def test_a_broken_zone_file_is_a_clear_error_naming_it(
    example_plugin: ModuleType, run: CommandRunner, write: FileWriter, workdir: Path
) -> None:
    (workdir / "creds.json").write_text(
        json.dumps({"example": {"TYPE": "EXAMPLE", "directory": "zones"}}), encoding="utf-8"
    )
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("example")),
          A("www", "192.0.2.1"))
        """,
    )
    (workdir / "zones").mkdir()
    (workdir / "zones" / "example.tld.json").write_text("{not json", encoding="utf-8")
    broken = run("preview")
    assert broken.exit_code != 0
    assert "zones/example.tld.json cannot be read as JSON" in broken.output
    assert "Traceback" not in broken.output


def test_the_template_is_ruff_clean(template_copy: Path) -> None:
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run(
            [str(RUFF), *args, "--no-cache"],
            cwd=template_copy,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_template_is_mypy_strict_clean(template_copy: Path, tmp_path: Path) -> None:
    """With the template's own mypy settings; dnsframe is found as an installed package would be
    (an editable install hides it from mypy), and its own modules are not checked here."""
    done = subprocess.run(
        [str(MYPY), "--follow-imports=silent", "--cache-dir", str(tmp_path), PACKAGE, "tests"],
        cwd=template_copy,
        env={"PATH": str(MYPY.parent), "MYPYPATH": str(TEMPLATE.parent.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_templates_own_tests_pass_when_its_entry_point_is_found(tmp_path: Path) -> None:
    """As after `pip install -e .`: the copy's entry point is found (a .dist-info beside the
    package stands for the installation) and `pytest` in the copy runs the suite's groups."""
    copy = _copy(tmp_path)
    project = tomllib.loads((copy / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = copy / f"{PACKAGE}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8",
    )
    points = "".join(f"{k} = {v}\n" for k, v in project["entry-points"]["dnsframe"].items())
    (info / "entry_points.txt").write_text(f"[dnsframe]\n{points}", encoding="utf-8")
    done = subprocess.run(
        # size-1201 ran in-process above (4 s); here every other group runs.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "not size-1201"],
        cwd=copy,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ran = len(GROUPS) - len(SKIPPED) - 1
    assert f"{ran} passed, {len(SKIPPED)} skipped, 1 deselected" in done.stdout, done.stdout
