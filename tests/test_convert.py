"""``dnsframe convert``: dnsconfig.js to dnsconfig.py, each construct checked by evaluating the
result and comparing it with a hand-written dnsconfig.py (tests/data/js-convert/*/)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dnsframe.equivalence import differences, report
from dnsframe.evaluate import load_config

pytest.importorskip("esprima")

CASES = Path(__file__).parent / "data" / "js-convert"
ROOT = Path(__file__).parent.parent
RUFF = Path(sys.executable).with_name("ruff")


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _ir(run: Any, config: Path, *args: str) -> Any:
    result = run("print-ir", "--config", str(config), *args)
    assert result.exit_code == 0, result.output
    return _strip(result.json())


def _js_copy(case: Path, workdir: Path) -> Path:
    """The JavaScript and JSON of ``case`` in ``workdir/js`` (without the hand-written .py)."""
    dest = workdir / "js"
    shutil.copytree(case, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def _ruff(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(RUFF),
            "check",
            "--no-cache",
            "--config",
            str(ROOT / "pyproject.toml"),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_converted_config_evaluates_like_the_hand_written_one(
    case: str, run: Any, workdir: Path
) -> None:
    folder = _js_copy(CASES / case, workdir)
    variables = ["-v", "view_name=internal"]
    result = run("convert", str(folder / "dnsconfig.js"), "--no-check")
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.stderr
    written = sorted(folder.rglob("*.py"))
    assert folder / "dnsconfig.py" in written
    assert _ir(run, folder / "dnsconfig.py", *variables) == _ir(
        run, CASES / case / "dnsconfig.py", *variables
    )
    lint = _ruff(*written)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_require_becomes_import_json_and_glob_loop(run: Any, workdir: Path) -> None:
    folder = _js_copy(CASES / "02-require", workdir)
    assert run("convert", str(folder / "dnsconfig.js"), "--no-check").exit_code == 0
    text = (folder / "dnsconfig.py").read_text()
    assert "from lib.macros import office" in text
    assert (
        'json.loads(Path(__file__).parent.joinpath("ips.json").read_text(encoding="utf-8"))' in text
    )
    assert 'for _path in sorted(Path(__file__).parent.joinpath("domains").glob("**/*.py")):' in text
    macros = (folder / "lib" / "macros.py").read_text()
    assert "from dnsframe.dsl import TTL, TXT, A" in macros
    assert (folder / "domains" / "more" / "a.py").is_file()


def test_comments_stay_at_their_place(run: Any, write: Any, workdir: Path) -> None:
    write(
        "dnsconfig.js",
        """
        // The zones of example.com.

        // the registrar
        var REG = NewRegistrar("none"); // no registrar
        var DNS = NewDnsProvider("bind");
        /* A block comment
           on two lines. */
        D("example.com", REG, DnsProvider(DNS),
            // the apex
            A("@", "192.0.2.1"), // web
            A("www", "192.0.2.1")
            // the end of the list
        );
        // the last word
        """,
    )
    assert run("convert", "--no-check").exit_code == 0
    lines = (workdir / "dnsconfig.py").read_text().splitlines()
    assert lines[1:4] == ["# The zones of example.com.", "", "# the registrar"]
    assert 'REG = NewRegistrar("none")  # no registrar' in lines
    block = lines.index("# A block comment")
    assert lines[block + 1 : block + 3] == [
        "# on two lines.",
        'D("example.com", REG, DnsProvider(DNS),',
    ]
    assert lines[block + 3 : block + 8] == [
        "    # the apex",
        '    A("@", "192.0.2.1"),  # web',
        '    A("www", "192.0.2.1"),',
        "    # the end of the list",
        ")",
    ]
    assert lines[-1] == "# the last word"
    assert _ruff(workdir / "dnsconfig.py").returncode == 0


def test_untranslatable_code_is_kept_as_a_comment_with_its_line(
    run: Any, write: Any, workdir: Path
) -> None:
    write(
        "dnsconfig.js",
        """
        var REG = NewRegistrar("none");
        var DNS = NewDnsProvider("bind");
        eval("D('x.com', REG)");
        D("example.com", REG, DnsProvider(DNS),
            A("@", "192.0.2.1"),
            MYSTERY_MACRO("www")
        );
        """,
    )
    result = run("convert", "--no-check")
    assert result.exit_code == 0, result.output
    assert (
        "WARNING: dnsconfig.js:3: cannot translate a call of the unknown function eval()"
        in result.stderr
    )
    assert (
        "WARNING: dnsconfig.js:6: cannot translate a call of the unknown function MYSTERY_MACRO()"
        in result.stderr
    )
    text = (workdir / "dnsconfig.py").read_text()
    assert "# eval(\"D('x.com', REG)\");" in text
    assert '    # MYSTERY_MACRO("www")' in text
    assert _ruff(workdir / "dnsconfig.py").returncode == 0
    assert run("check").exit_code == 0  # what was translated still runs


def test_syntax_error_names_file_and_line_and_writes_nothing(
    run: Any, write: Any, workdir: Path
) -> None:
    write("dnsconfig.js", 'var REG = NewRegistrar("none");\nvar x = ;\n')
    result = run("convert", "--no-check")
    assert result.exit_code == 1
    assert "ERROR: dnsconfig.js:2: JavaScript syntax error: Unexpected token ;" in result.stderr
    assert not (workdir / "dnsconfig.py").exists()


def test_convert_keeps_a_hand_written_dnsconfig_py(run: Any, write: Any, workdir: Path) -> None:
    write("dnsconfig.js", 'var REG = NewRegistrar("none");\n')
    write("dnsconfig.py", "# mine\n")
    result = run("convert", "--no-check")
    assert result.exit_code == 1
    assert "dnsconfig.py: exists and was not written by dnsframe convert" in result.stderr
    assert (workdir / "dnsconfig.py").read_text() == "# mine\n"
    assert run("convert", "--no-check", "--force").exit_code == 0
    assert run("convert", "--no-check").exit_code == 0  # its own output is replaced


def test_missing_parser_says_which_extra(
    run: Any, write: Any, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("dnsconfig.js", 'var REG = NewRegistrar("none");\n')
    monkeypatch.setitem(sys.modules, "esprima", None)
    result = run("convert")
    assert result.exit_code == 1
    assert "pip install 'dnsframe[js]'" in result.stderr
    assert "Traceback" not in result.output


def test_missing_engine_fails_the_proof_unless_no_check(
    run: Any, write: Any, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("dnsconfig.js", 'var REG = NewRegistrar("none");\n')
    monkeypatch.setitem(sys.modules, "dnsframe.jsconfig", None)
    result = run("convert")
    assert result.exit_code == 1
    assert "cannot prove the conversion equivalent" in result.stderr
    assert "--no-check" in result.stderr
    check = run("convert", "--check")
    assert check.exit_code == 1
    assert "cannot prove" in check.stderr


def test_proof_prints_equivalent_and_check_writes_nothing(
    run: Any, write: Any, workdir: Path
) -> None:
    write(
        "dnsconfig.js",
        """
        var REG = NewRegistrar("none");
        var DNS = NewDnsProvider("bind");
        function web(ip, ttl) {
            return [A("@", ip, TTL(ttl || 300)), A("www", ip)];
        }
        D("example.com", REG, DnsProvider(DNS), web("192.0.2.1"), MX("@", 10, "mail"));
        """,
    )
    check = run("convert", "--check")
    assert check.exit_code == 0, check.output
    assert check.stdout.strip() == "equivalent: 1 domains, 3 records"
    assert sorted(p.name for p in workdir.iterdir()) == ["dnsconfig.js"]
    result = run("convert")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "equivalent: 1 domains, 3 records"
    assert "def web(ip, ttl=None):" in (workdir / "dnsconfig.py").read_text()


def test_for_in_over_an_array_goes_over_its_indices_with_a_warning(
    run: Any, write: Any, workdir: Path
) -> None:
    # for...in is DNSControl configs' common loop over an array: its indices, not its items.
    write(
        "dnsconfig.js",
        """
        var REG = NewRegistrar("none");
        var DNS = NewDnsProvider("bind");
        var hosts = ["a", "b", "c"];
        var owners = {"x": "192.0.2.50"};
        var recs = [];
        for (var i in hosts) { recs.push(A(hosts[i], "192.0.2.1" + i)); }
        for (var k in owners) { recs.push(A(k, owners[k])); }
        D("example.com", REG, DnsProvider(DNS), recs);
        """,
    )
    result = run("convert")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "equivalent: 1 domains, 4 records"
    assert "WARNING: dnsconfig.js:6: for...in over an array: its indices are numbers" in (
        result.stderr
    )
    assert "for i in range(len(hosts)):" in (workdir / "dnsconfig.py").read_text()


def test_proof_names_the_difference_and_fails(run: Any, write: Any, workdir: Path) -> None:
    # A regular expression has no translation: the statement holding it, and the record it
    # adds, are left out of the Python (as a comment), which the proof finds by running both.
    write(
        "dnsconfig.js",
        """
        var REG = NewRegistrar("none");
        D("example.com", REG, DnsProvider(NewDnsProvider("bind")), A("@", "192.0.2.1"));
        if (/^w+$/.test("www")) {
            D_EXTEND("example.com", A("web", "192.0.2.2", TTL(60)));
        }
        """,
    )
    result = run("convert", "--check")
    assert result.exit_code == 1
    assert "WARNING: dnsconfig.js:3: cannot translate a regular expression" in result.stderr
    assert "not equivalent: 1 difference" in result.stdout
    assert (
        "domain example.com: record only in JavaScript: web A 192.0.2.2 (ttl 60)" in result.stdout
    )
    assert sorted(p.name for p in workdir.iterdir()) == ["dnsconfig.js"]
    written = run("convert")
    assert written.exit_code == 1
    assert "record only in JavaScript: web A 192.0.2.2 (ttl 60)" in written.stdout


def test_comparison_of_two_configs(write: Any, workdir: Path) -> None:
    base = """
        REG = NewRegistrar("none")
        DNS = NewDnsProvider("bind", {"default_ttl": 300})
        D("example.com", REG, DnsProvider(DNS),
            A("@", "192.0.2.1"), MX("@", 10, "mx.example.com."), IGNORE("_acme-challenge", "TXT"))
        D("other.com", REG, DnsProvider(DNS), CNAME("www", "example.com."))
        """
    one = load_config(write("one.py", base))
    same = load_config(
        write(
            "same.py",
            "\n\n"
            + base.replace('A("@", "192.0.2.1"), MX', "MX").replace(
                'IGNORE("_acme-challenge", "TXT"))',
                'IGNORE("_acme-challenge", "TXT"), A("@", "192.0.2.1"))',
            ),
        )
    )
    assert differences(one, same) == []
    assert report(one, same) == (True, "equivalent: 2 domains, 3 records")
    other = load_config(
        write(
            "other.py",
            base.replace('"192.0.2.1"', '"192.0.2.9"')
            .replace('"TXT")', '"TXT,CNAME")')
            .replace("300", "600")
            .replace('D("other.com"', 'D("another.com"'),
        )
    )
    found = differences(one, other)
    assert found == [
        'DNS provider bind: meta: JavaScript {"default_ttl": 300}, Python {"default_ttl": 600}',
        "domain example.com: record only in JavaScript: @ A 192.0.2.1 (ttl 300)",
        "domain example.com: record only in Python: @ A 192.0.2.9 (ttl 300)",
        'domain example.com: IGNORE only in JavaScript: {"kind": "IGNORE", "label": "_acme-challenge", "target": "*", "types": "TXT"}',
        'domain example.com: IGNORE only in Python: {"kind": "IGNORE", "label": "_acme-challenge", "target": "*", "types": "TXT,CNAME"}',
        "domain other.com: only in JavaScript",
        "domain another.com: only in Python",
    ]
    ok, text = report(one, other)
    assert not ok
    assert text.startswith("not equivalent: 7 differences\n  DNS provider bind: meta:")
    assert json.dumps(found)  # plain strings, printable as they are


def test_required_file_using_the_requirers_globals_is_run_with_them(
    run: Any, write: Any, workdir: Path
) -> None:
    write(
        "dnsconfig.js",
        """
        var REG = NewRegistrar("none");
        var DSP = NewDnsProvider("bind");
        var TTL_WEB = 600;
        require("./lib/web.js"); // the web macros
        D("example.com", REG, DnsProvider(DSP), WEB("192.0.2.1"), WEB("192.0.2.2", "www"));
        function pick(x, y) {
            if (y === undefined) { return x; }
            return x == null ? y : x;
        }
        D("example.net", REG, DnsProvider(DSP), TXT("@", pick("a")));
        """,
    )
    write(
        "lib/web.js",
        """
        function WEB(ip, name) {
            return A(name || "@", ip, TTL(TTL_WEB));
        }
        D("example.org", REG, DnsProvider(DSP), WEB("192.0.2.9"));
        """,
    )
    result = run("convert")
    assert result.exit_code == 0, result.output
    assert "WARNING" not in result.stderr
    assert result.stdout.splitlines()[-1] == "equivalent: 3 domains, 4 records"
    main = (workdir / "dnsconfig.py").read_text()
    assert (
        '_web = runpy.run_path(str(Path(__file__).parent.joinpath("lib/web.py")), '
        "init_globals=globals())  # the web macros"
    ) in main
    assert '\nWEB = _web["WEB"]\n' in main
    assert "def pick(x, y=None):\n    if y is None:\n        return x\n" in main
    assert "return y if x is None else x" in main
    web = (workdir / "lib" / "web.py").read_text().splitlines()
    assert web[2:5] == [
        "# DSP, REG and TTL_WEB are globals of dnsconfig.py, which runs this file with its "
        "globals (as",
        "# DNSControl's files share theirs).",
        "# ruff: noqa: F821",
    ]
    assert "def WEB(ip, name=None):" in web
    lint = _ruff(workdir / "dnsconfig.py", workdir / "lib" / "web.py")
    assert lint.returncode == 0, lint.stdout
