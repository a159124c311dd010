"""dnsconfig.js run as it is (issue 13, point 1), and the corpus of tests/data/js-corpus."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from dnsframe.testing.fixtures import CommandRunner, FileWriter

CORPUS = Path(__file__).parent / "data" / "js-corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _without_source(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: _without_source(v) for k, v in item.items() if k != "source"}
    if isinstance(item, list):
        return [_without_source(v) for v in item]
    return item


def _ir(run: CommandRunner, config: str) -> Any:
    result = run("print-ir", "--config", config)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_corpus_has_at_least_twelve_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES)
def test_corpus_js_print_ir_equals_python_equivalent(
    case: str, run: CommandRunner, workdir: Path
) -> None:
    shutil.copytree(CORPUS / case, workdir, dirs_exist_ok=True)
    js = _ir(run, "dnsconfig.js")
    py = _ir(run, "dnsconfig.py")
    assert js["domains"], "the case declares no domain"
    assert _without_source(js) == _without_source(py)
    # Every record is at its line of a .js file.
    for domain in js["domains"]:
        for record in domain["records"]:
            assert record["source"].split(":")[0].endswith(".js"), record


def test_records_are_at_their_js_file_and_line(run: CommandRunner, workdir: Path) -> None:
    shutil.copytree(CORPUS / "07-require-js", workdir, dirs_exist_ok=True)
    records = _ir(run, "dnsconfig.js")["domains"][0]["records"]
    sources = {(r["type"], r["name"]): r["source"] for r in records}
    assert sources[("A", "@")] == "dnsconfig.js:6"
    assert sources[("CNAME", "fm1._domainkey")] == "lib/mail.js:6"


def test_a_call_over_several_lines_is_at_the_line_it_starts(
    run: CommandRunner, write: FileWriter
) -> None:
    # QuickJS places such a call at one of its arguments' lines (A's at its TTL, line 7).
    config = """\
var REG = NewRegistrar("none");
D("example.com", REG,
    DnsProvider(NewDnsProvider("bind")),
    A("@", "192.0.2.1"),
    A("www",
        "192.0.2.2",
        TTL(600)),
    TXT("@", "one"), CNAME("c",
        "www")
);
"""
    write("dnsconfig.js", config)
    ir = _ir(run, "dnsconfig.js")
    sources = {(r["type"], r["name"]): r["source"] for r in ir["domains"][0]["records"]}
    assert sources == {
        ("A", "@"): "dnsconfig.js:4",
        ("A", "www"): "dnsconfig.js:5",
        ("TXT", "@"): "dnsconfig.js:8",
        ("CNAME", "c"): "dnsconfig.js:8",
    }
    assert ir["domains"][0]["source"] == "dnsconfig.js:2"
    write("dnsconfig.js", config.replace('"192.0.2.2"', '"not-an-address"'))
    bad = run("check", "--config", "dnsconfig.js")
    assert bad.exit_code == 1
    assert "dnsconfig.js:5: A(\"www\", ...): 'not-an-address' is not an IPv4 address" in bad.stderr


def test_dnsconfig_js_is_read_when_there_is_no_dnsconfig_py(
    run: CommandRunner, workdir: Path
) -> None:
    shutil.copy(CORPUS / "01-basic" / "dnsconfig.js", workdir)
    result = run("print-ir")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["domains"][0]["records"][0]["source"] == "dnsconfig.js:6"


def test_variables_are_globals_and_console_log_goes_to_stderr(
    run: CommandRunner, write: FileWriter
) -> None:
    write(
        "dnsconfig.js",
        """
        console.log("view is", view, CLI_VARS.view, [1, 2]);
        D("example.com", NewRegistrar("none"), TXT("@", view));
        """,
    )
    result = run("print-ir", "--config", "dnsconfig.js", "-v", "view=inside")
    assert result.exit_code == 0, result.stderr
    assert "view is inside inside [1,2]" in result.stderr
    assert json.loads(result.stdout)["domains"][0]["records"][0]["content"] == "inside"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("var x = 1;\nlet y = ;\n", "dnsconfig.js:2: SyntaxError: unexpected token"),
        (
            "function f() {\n  throw new Error('boom');\n}\nf();\n",
            "dnsconfig.js:2: Error: boom",
        ),
        (
            'var REG = NewRegistrar("none");\nD("example.com", REG,\n  A("@", "not-an-ip"),\n  MX("@", 70000, "mx.")\n);\n',
            "dnsconfig.js:3: A(\"@\", ...): 'not-an-ip' is not an IPv4 address",
        ),
        ('// a comment\nPANIC("no view given");\n', "dnsconfig.js:2: PANIC(): no view given"),
        (
            '// one\nrequire("./nope.js");\n',
            'dnsconfig.js:2: require("./nope.js"): no such file nope.js',
        ),
        (
            '// one\n// two\nrequire("../outside.js");\n',
            'dnsconfig.js:3: require("../outside.js"): ',
        ),
        (
            'require("/etc/passwd");\n',
            'dnsconfig.js:1: require("/etc/passwd"): /etc/passwd is outside the config\'s folder',
        ),
        (
            "var home = process.env.HOME;\n",
            "dnsconfig.js:1: ReferenceError: process is not defined; dnsconfig.js runs without access to files",
        ),
        (
            'var REG = NewRegistrar("none");\nD("example.com", REG,\n  CNAM("www", "@"));\n',
            "dnsconfig.js:3: ReferenceError: CNAM is not defined; did you mean CNAME?",
        ),
        (
            "require_glob('./nope/');\n",
            'dnsconfig.js:1: require_glob("./nope/"): no such folder nope',
        ),
    ],
)
def test_js_errors_name_the_file_and_line(
    source: str, expected: str, run: CommandRunner, write: FileWriter
) -> None:
    write("dnsconfig.js", source)
    result = run("check", "--config", "dnsconfig.js")
    assert result.exit_code != 0
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_js_error_in_a_required_file_names_that_file(run: CommandRunner, write: FileWriter) -> None:
    write("dnsconfig.js", '// main\nrequire("./lib/a.js");\n')
    write("lib/a.js", "// a\n\nvar broken = ;\n")
    write("data.json", '{"a": 1,}\n')
    result = run("check", "--config", "dnsconfig.js")
    assert "lib/a.js:3: SyntaxError" in result.stderr, result.stderr
    write("dnsconfig.js", 'var d = require("./data.json");\n')
    result = run("check", "--config", "dnsconfig.js")
    assert 'dnsconfig.js:1: require("./data.json"): data.json:1: not valid JSON' in result.stderr


def test_endless_loop_is_stopped_after_the_time_limit(
    run: CommandRunner, write: FileWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DNSFRAME_JS_TIME_LIMIT", "0.2")
    write("dnsconfig.js", "var n = 0;\nwhile (true) { n++; }\n")
    result = run("check", "--config", "dnsconfig.js")
    assert result.exit_code != 0
    assert "dnsconfig.js: the script ran for more than 0.2 seconds and was stopped" in result.stderr
    assert "DNSFRAME_JS_TIME_LIMIT" in result.stderr


def test_missing_engine_says_how_to_install_it(
    run: CommandRunner, write: FileWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "quickjs", None)  # import quickjs raises ImportError
    write("dnsconfig.js", 'D("example.com", NewRegistrar("none"));\n')
    result = run("check", "--config", "dnsconfig.js")
    assert result.exit_code != 0
    assert "pip install 'dnsframe[js]'" in result.stderr
    assert "Traceback" not in result.stderr
