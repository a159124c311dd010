"""The documentation is true: every code example runs, the generated pages are current, and
everything a user or a plugin author can use is documented (a new one without docs fails here).

An example is a fenced block with a language; the line before it says what the test does:

- ``<!-- example: dnsconfig -->`` (``, prelude``: after the page's ``<!-- example: prelude -->``
  block): a dnsconfig.py, through ``dnsframe check`` and ``dnsframe print-ir``;
- ``<!-- example: creds -->``: a creds.json, read as dnsframe reads one, each entry checked
  against its type's schema (a ``$VAR`` stands for a value of the right shape);
- ``<!-- example: sh -->`` and ``<!-- example: ci -->`` (YAML of a CI service): each line that
  runs ``dnsframe`` runs, in order, in a folder holding a BIND project that was pushed once;
- ``<!-- example: module -->``: Python that runs as it is; ``<!-- example: toml -->``: TOML that
  parses;
- ``<!-- not run: reason -->``: not run, and the reason says why.

A block without a language is output, not an example.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from dnsframe import docs as generator
from dnsframe.testing.fixtures import CommandRunner

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [
        ROOT / "README.md",
        ROOT / "bench" / "README.md",
        *(ROOT / "docs").rglob("*.md"),
        *(ROOT / "providers").glob("*/README.md"),
    ]
)
_FENCE = re.compile(r"^( *)```([\w-]*)[^\n]*\n(.*?)^\1```", re.S | re.M)
_MARKER = re.compile(r"<!-- (example|not run): ?(.*?) -->\s*$")


@dataclass(frozen=True)
class Example:
    page: Path
    line: int
    language: str
    kind: str  # "example" or "not run"
    how: str
    code: str

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _examples(page: Path) -> Iterator[Example]:
    text = page.read_text(encoding="utf-8")
    for fence in _FENCE.finditer(text):
        language = fence.group(2)
        if not language or language == "text":
            continue
        line = text.count("\n", 0, fence.start()) + 1
        before = text[: fence.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = _MARKER.search(before)
        indent = fence.group(1)
        code = "".join(
            row[len(indent) :] if row.startswith(indent) else row
            for row in fence.group(3).splitlines(keepends=True)
        )
        if marker is None:
            yield Example(page, line, language, "", "", code)
        else:
            yield Example(page, line, language, marker.group(1), marker.group(2), code)


EXAMPLES = [example for page in PAGES for example in _examples(page)]


def _prelude(page: Path) -> str:
    found = [e.code for e in _examples(page) if e.kind == "example" and e.how == "prelude"]
    assert len(found) == 1, f"{page}: one <!-- example: prelude --> block, found {len(found)}"
    return found[0]


def test_every_code_example_says_how_the_tests_run_it() -> None:
    unmarked = [e.id for e in EXAMPLES if not e.kind]
    assert not unmarked, (
        "code blocks without <!-- example: ... --> or <!-- not run: reason --> before them: "
        + ", ".join(unmarked)
    )
    no_reason = [e.id for e in EXAMPLES if e.kind == "not run" and len(e.how) < 10]
    assert not no_reason, f"<!-- not run: ... --> without a reason: {no_reason}"
    known = {"dnsconfig", "dnsconfig, prelude", "prelude", "creds", "sh", "ci", "module", "toml"}
    odd = [f"{e.id} ({e.how})" for e in EXAMPLES if e.kind == "example" and e.how not in known]
    assert not odd, odd


def _bind_project(workdir: Path, run: CommandRunner) -> None:
    (workdir / "creds.json").write_text(
        json.dumps({"bind": {"TYPE": "BIND", "directory": "zones"}}), encoding="utf-8"
    )
    (workdir / "dnsconfig.py").write_text(
        'D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")),\n'
        '  NAMESERVER("ns1.example.net."), A("@", "192.0.2.1"), A("www", "192.0.2.1"))\n',
        encoding="utf-8",
    )
    pushed = run("push")
    assert pushed.exit_code == 0, pushed.output


def _commands(code: str) -> list[list[str]]:
    """The dnsframe command lines of a shell example, without comments."""
    out = []
    for line in code.splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "dnsframe":
            out.append(words[1:])
    return out


def _ci_commands(code: str) -> list[list[str]]:
    strings: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            strings.append(node)

    walk(yaml.safe_load(code))
    return [c for s in strings for c in _commands(s)]


RUN = [e for e in EXAMPLES if e.kind == "example" and e.how != "prelude"]


@pytest.mark.parametrize("example", RUN, ids=[e.id for e in RUN])
def test_the_example_runs(example: Example, run: CommandRunner, workdir: Path) -> None:
    how = example.how
    if how.startswith("dnsconfig"):
        code = (_prelude(example.page) if how.endswith("prelude") else "") + example.code
        (workdir / "dnsconfig.py").write_text(code, encoding="utf-8")
        checked = run("check")
        assert checked.exit_code == 0, f"{example.id}: {checked.output}"
        assert run("print-ir").exit_code == 0
        ir = json.loads(run("print-ir").stdout)
        assert ir["domains"], f"{example.id}: no domain"
    elif how == "creds":
        _check_creds_example(example, workdir)
    elif how in {"sh", "ci"}:
        commands = _commands(example.code) if how == "sh" else _ci_commands(example.code)
        assert commands, f"{example.id}: no dnsframe command to run"
        _bind_project(workdir, run)
        for args in commands:
            result = run(*args)
            assert result.exit_code == 0, f"{example.id}: dnsframe {shlex.join(args)}: " + (
                result.output
            )
    elif how == "module":
        done = subprocess.run(
            [sys.executable, "-c", example.code],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"{example.id}: {done.stderr}"
    elif how == "toml":
        assert tomllib.loads(example.code)


def _check_creds_example(example: Example, workdir: Path) -> None:
    from dnsframe.creds import lenient_json, schema_problems
    from dnsframe.plugins import get_registry

    entries = json.loads(lenient_json(example.code))
    registry = get_registry()
    for key, entry in entries.items():
        assert isinstance(entry, dict), f"{example.id}: {key} is not an object"
        assert "TYPE" in entry, f"{example.id}: {key} has no TYPE"
        ptype = registry.get("dns", entry["TYPE"]) or registry.get("registrar", entry["TYPE"])
        assert ptype is not None, f"{example.id}: {key}: unknown TYPE {entry['TYPE']}"
        fields = {
            k: ("x" * 40 if isinstance(v, str) and v.startswith("$") else v)
            for k, v in entry.items()
            if k not in {"TYPE", "_exclude_from_defaults"}
        }
        problems = schema_problems(fields, ptype.creds_schema)
        assert not problems, f"{example.id}: {key}: {problems}"


# The generated pages.


def test_the_generated_reference_pages_are_what_the_code_makes_now(tmp_path: Path) -> None:
    """docs/language-reference.md, docs/cli.md and docs/providers.md: after a change to a
    record type, a docstring, a command or a provider, run `make docs` and commit the pages."""
    for name, make in generator.PAGES.items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == make(), f"docs/{name} is not current: run `make docs`"
    assert generator.main([str(ROOT / "docs"), "--check"]) == 0
    (tmp_path / "cli.md").write_text("stale\n")
    assert generator.main([str(tmp_path), "--check"]) == 1


# What must be documented.


def test_every_dsl_name_has_a_description_an_example_and_its_support() -> None:
    from dnsframe import dsl

    reference = (ROOT / "docs" / "language-reference.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### (\S+)\n\n(.*?)(?=^### |^## |\Z)", reference, re.S | re.M))
    assert set(sections) == set(dsl.__all__)
    for name, body in sections.items():
        signature, description, support, *_ = body.split("\n\n")
        assert signature.startswith(f"`{name}"), name
        assert len(description) > 15, f"{name} is not described (its docstring or registry doc)"
        assert support.startswith("Supported by: "), name
        assert f"{name}" in body.split("```python", 1)[1], f"{name}: its example does not use it"


def _all_commands() -> Iterator[tuple[str, click.Command]]:
    from dnsframe.cli import cli

    yield "dnsframe", cli
    yield from generator._commands(cli, "dnsframe")


def test_every_cli_command_and_option_is_in_the_cli_reference_with_help() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (.+)$", reference, re.M))
    for path, command in _all_commands():
        assert path in headings, f"{path} is not in docs/cli.md: run `make docs`"
        section = reference.split(f"\n## {path}\n", 1)[1].split("\n## ", 1)[0]
        if path != "dnsframe":
            assert command.help, f"{path} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{path} {param.opts[0]} has no help text"
                for opt in param.opts:
                    assert f"`{opt}`" in section, f"{path} {opt} is not in docs/cli.md"


def test_every_plugin_hook_is_documented_in_the_plugin_authors_guide() -> None:
    from dnsframe import hookspecs

    guide = (ROOT / "docs" / "writing-a-provider.md").read_text(encoding="utf-8")
    hooks = [
        name
        for name, fn in vars(hookspecs).items()
        if callable(fn) and hasattr(fn, "dnsframe_spec")
    ]
    assert hooks
    for name in hooks:
        assert (getattr(hookspecs, name).__doc__ or "").strip(), f"hook {name} has no docstring"
        assert f"`{name}`" in guide, f"hook {name} is not in docs/writing-a-provider.md"


def test_every_creds_field_of_every_shipped_provider_is_on_its_page() -> None:
    for ptype in generator.shipped_types():
        page = (ROOT / "docs" / generator.PROVIDER_PAGES[ptype.name]).resolve()
        text = page.read_text(encoding="utf-8")
        for field, spec in ptype.creds_schema.get("properties", {}).items():
            assert spec.get("description"), f"{ptype.name} creds field {field}: no description"
            assert f"`{field}`" in text, f"{ptype.name} creds field {field} is not in {page}"


def test_the_readme_stays_short_and_links_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, re.S)
    assert block is not None
    assert [line.split("#")[0].strip() for line in block.group(1).splitlines()] == [
        "make demo",
        "make test",
    ]
    assert len(readme.splitlines()) < 200, "move long README sections into docs/"
    index = readme + (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for page in sorted((ROOT / "docs").glob("*.md")):
        if page.name != "README.md":
            assert page.name in index, f"docs/{page.name} is linked from neither README"
