"""The corpus of tests/data/js-corpus through the ``dnsframe`` command (issue 13): every case
converts to a dnsconfig.py proven equivalent, and every case, run as JavaScript, pushes to BIND
and to the Gandi sandbox with nothing left to correct on the second run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from gandi_sandbox import GandiSandbox

from dnsframe.testing.fixtures import CommandRunner

pytest.importorskip("esprima")
pytest.importorskip("quickjs")

CORPUS = Path(__file__).parent / "data" / "js-corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
ROOT = Path(__file__).parent.parent
RUFF = Path(sys.executable).with_name("ruff")
#: A token GANDI_V5's creds schema accepts (the sandbox is told to accept it too).
TOKEN = "test-token-0123456789"


def _without_source(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: _without_source(v) for k, v in item.items() if k != "source"}
    if isinstance(item, list):
        return [_without_source(v) for v in item]
    return item


def _ir(run: CommandRunner, config: Path) -> Any:
    result = run("print-ir", "--config", str(config))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _js_copy(case: str, dest: Path) -> Path:
    """The case without its hand-written Python, in ``dest``."""
    ignore = shutil.ignore_patterns("*.py", "__pycache__")
    shutil.copytree(CORPUS / case, dest, ignore=ignore, dirs_exist_ok=True)
    return dest


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_converts_to_an_equivalent_dnsconfig_py(
    case: str, run: CommandRunner, workdir: Path
) -> None:
    folder = _js_copy(case, workdir / case)
    expected = _ir(run, CORPUS / case / "dnsconfig.py")
    domains = len(expected["domains"])
    records = sum(len(d["records"]) for d in expected["domains"])

    result = run("convert", str(folder / "dnsconfig.js"))

    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[-1] == f"equivalent: {domains} domains, {records} records"
    converted = _ir(run, folder / "dnsconfig.py")
    assert _without_source(converted) == _without_source(expected)
    written = sorted(folder.rglob("*.py"))
    lint = subprocess.run(
        [str(RUFF), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), *written],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def _bind(directory: str) -> dict[str, str]:
    return {"TYPE": "BIND", "directory": directory}


def _gandi_keys(ir: Any) -> set[str]:
    """The DNS provider keys of a case that can be one Gandi account: each domain (its tag left
    out) served by at most one of them, so that no zone of the account gets two configs."""
    keys = sorted((p["name"] for p in ir["dns_providers"]), key=lambda k: (k != "gandi", k))
    chosen: set[str] = set()
    for key in keys:
        zones = [
            d["name"]
            for d in ir["domains"]
            if any(p["name"] in (chosen | {key}) for p in d["dns_providers"])
        ]
        twice = any(
            sum(p["name"] in (chosen | {key}) for p in d["dns_providers"]) > 1
            for d in ir["domains"]
        )
        if not twice and len(zones) == len(set(zones)):
            chosen.add(key)
    return chosen


def _push_twice(run: CommandRunner, folder: Path) -> str:
    """push (which must correct something), then preview, which must find nothing to do."""
    pushed = run("push", "--config", str(folder / "dnsconfig.js"))
    assert pushed.exit_code == 0, pushed.output
    done = re.search(r"^Done\. (\d+) corrections?\.$", pushed.stdout, re.MULTILINE)
    assert done is not None, pushed.stdout
    assert int(done.group(1)) > 0, pushed.stdout
    again = run("preview", "--config", str(folder / "dnsconfig.js"), "--expect-no-changes")
    assert again.exit_code == 0, again.output
    assert "Done. 0 corrections." in again.stdout
    return pushed.stdout


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_pushes_to_bind_then_has_nothing_to_correct(
    case: str, run: CommandRunner, workdir: Path
) -> None:
    folder = _js_copy(case, workdir)  # creds.json and zones/ are read in the current folder
    ir = _ir(run, folder / "dnsconfig.js")
    creds = {p["name"]: _bind(f"zones/{p['name']}") for p in ir["dns_providers"]}
    (folder / "creds.json").write_text(json.dumps(creds))

    _push_twice(run, folder)

    for domain in ir["domains"]:
        for provider in domain["dns_providers"]:
            zones = list((workdir / "zones" / provider["name"]).glob(f"{domain['name']}*.zone"))
            assert zones, (domain["name"], provider["name"])


@pytest.mark.parametrize("case", CASES)
def test_corpus_case_pushes_to_the_gandi_sandbox_then_has_nothing_to_correct(
    case: str, run: CommandRunner, workdir: Path, gandi_sandbox: GandiSandbox
) -> None:
    gandi_sandbox.add_token(TOKEN)
    folder = _js_copy(case, workdir)  # creds.json and zones/ are read in the current folder
    ir = _ir(run, folder / "dnsconfig.js")
    gandi = _gandi_keys(ir)
    assert gandi, "no DNS provider of the case can be mapped to GANDI_V5"
    entry = {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": gandi_sandbox.url + "/"}
    creds = {
        p["name"]: entry if p["name"] in gandi else _bind(f"zones/{p['name']}")
        for p in ir["dns_providers"]
    }
    (folder / "creds.json").write_text(json.dumps(creds))
    (folder / "creds.json").chmod(0o600)
    zones = {d["name"] for d in ir["domains"] if {p["name"] for p in d["dns_providers"]} & gandi}
    for zone in sorted(zones):
        gandi_sandbox.add_domain(zone, empty=True)

    _push_twice(run, folder)

    for zone in zones:
        assert gandi_sandbox.records(zone), zone
