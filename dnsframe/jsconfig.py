"""Running a DNSControl ``dnsconfig.js`` as it is: the same :class:`Config` as ``dnsconfig.py``.

The script runs in QuickJS (the ``quickjs-ng`` distribution, installed by ``pip install
'dnsframe[js]'``), embedded in this process, with dnsframe's own prelude (``jsprelude.js``)
defining DNSControl's language. Each DSL call of the script is recorded as plain data (the
function's name, its arguments, the line of the call) and replayed here through the Python DSL
functions that ``dnsconfig.py`` calls, with the position pinned to the ``.js`` file and line
(:func:`dnsframe.dsl.state.pinned_at`): the records go through the same model, validation and
messages.

The engine has no file, network or environment API of its own (QuickJS's ``std`` and ``os``
modules are not loaded); the only way out is the prelude's one host function, which answers
``require`` and ``require_glob`` with files under the config's folder (read here),
``console.log`` (to stderr) and the DSL calls.

QuickJS names every script ``<input>``; to tell the files apart, each file is evaluated below
the lines of the ones before (:class:`_Files`): a line of the engine is a line of one file.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from dnsframe import dsl
from dnsframe.dsl.state import pinned_at, where
from dnsframe.dsl.values import Flag, Invalid
from dnsframe.errors import ConfigError, DnsframeError
from dnsframe.model import Config, SourcePos

#: How long a script may run, in seconds of processor time (replaying its calls included),
#: before it is stopped; ``DNSFRAME_JS_TIME_LIMIT`` sets another.
TIME_LIMIT = 60.0
#: How much memory the engine may take, in bytes; ``DNSFRAME_JS_MEMORY_LIMIT`` sets another.
MEMORY_LIMIT = 1024 * 1024 * 1024

INSTALL_HINT = (
    "dnsframe runs dnsconfig.js in an embedded JavaScript engine that is an optional part: "
    "install it with pip install 'dnsframe[js]' (it adds the quickjs-ng package), then run "
    "the command again"
)

#: The calls that are statements of the script, replayed in order; every other DSL function
#: returns a call record, replayed when a statement is given it.
STATEMENTS = ("D_EXTEND", "DEFAULTS")
#: Names the prelude defines itself (statements too, with a result the script uses, or
#: computed by the script).
_OWN = (
    "CLI_DEFAULTS", "CLI_VARS", "D", "DOMAIN_ELSEWHERE", "DOMAIN_ELSEWHERE_AUTO", "IP",
    "NewDnsProvider", "NewRegistrar", "REV", "getConfiguredDomains", *STATEMENTS,
)  # fmt: skip

_CALL = "__dnsframe_call__"
_FLAG = "__dnsframe_flag__"
_FUNCTION = "__dnsframe_function__"

#: Names a script reaching for Node's or a browser's API would use; their ReferenceError gets
#: a hint.
_OUTSIDE = frozenset({"process", "fs", "fetch", "XMLHttpRequest", "std", "os", "Deno", "Bun"})

_FRAME = re.compile(r"^\s+at (?:.*?\()?<input>:(\d+):(\d+)\)?\s*$")


def _prelude() -> str:
    return resources.files("dnsframe").joinpath("jsprelude.js").read_text(encoding="utf-8")


def _limit(env: str, default: float) -> float:
    text = os.environ.get(env)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{env}={text!r}: expected a number") from None
    if value <= 0:
        raise ConfigError(f"{env}={text!r}: expected a number above 0")
    return value


@dataclass
class _Files:
    """The files evaluated so far, each at its first line in the engine."""

    next_line: int
    bases: list[int] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)

    sources: list[str] = field(default_factory=list)
    #: per file (split and scanned only when needed): its lines and its calls
    lines: dict[int, list[str]] = field(default_factory=dict)
    calls: dict[int, _Calls] = field(default_factory=dict)

    def place(self, path: Path, source: str) -> str:
        """``source`` preceded by as many empty lines as put its first line at ``next_line``."""
        base = self.next_line - 1
        self.bases.append(base)
        self.paths.append(path)
        self.sources.append(source)
        self.next_line += source.count("\n") + 2
        return "\n" * base + source

    def locate(self, line: int) -> tuple[Path, int] | None:
        index = bisect.bisect_left(self.bases, line) - 1
        if line <= 0 or index < 0:
            return None
        return self.paths[index], line - self.bases[index]

    def call_start(self, name: str, line: int, col: int) -> int:
        """The engine line where the call of ``name`` that QuickJS places at ``line``:``col``
        starts. For a call written over several lines QuickJS gives the place of one of its
        arguments; the call is then the innermost call of ``name`` around that place."""
        index = bisect.bisect_left(self.bases, line) - 1
        if line <= 0 or index < 0:
            return line
        local = line - self.bases[index]
        if index not in self.lines:
            self.lines[index] = self.sources[index].split("\n")
        text = self.lines[index][local - 1] if local <= len(self.lines[index]) else ""
        calls = re.finditer(rf"\b{re.escape(name)}\s*\(", text)
        if any(m.start() <= col - 1 for m in calls):
            return line  # the call starts on this line (the common case, and the cheap one)
        if index not in self.calls:
            self.calls[index] = _Calls(self.sources[index])
        start = self.calls[index].around(name, local, col - 1)
        return line if start is None else start + self.bases[index]


#: The tokens that matter to find where calls start and end: strings and comments (skipped),
#: a name followed by "(", and the parentheses.
_TOKEN = re.compile(
    r"""(?P<skip>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`"""
    r"""|//[^\n]*|/\*.*?\*/)"""
    r"""|(?P<name>[A-Za-z_$][\w$]*)\s*\(|(?P<open>\()|(?P<close>\))""",
    re.DOTALL,
)


class _Calls:
    """The calls of plain names in one file, from a scan of its tokens (fast, no parser); a
    file it cannot follow (a regular expression with a parenthesis or a quote) gives none."""

    def __init__(self, source: str) -> None:
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        #: by name, the (start, end) offsets of its calls, in the order they start
        self.spans: dict[str, list[tuple[int, int]]] = {}
        stack: list[tuple[str, int]] = []
        for m in _TOKEN.finditer(source):
            if m.group("skip") is not None:
                continue
            if m.group("close") is not None:
                if not stack:
                    self.spans = {}
                    return
                callee, begin = stack.pop()
                if callee:
                    self.spans.setdefault(callee, []).append((begin, m.end()))
            else:
                stack.append((m.group("name") or "", m.start()))
        if stack:
            self.spans = {}
        for spans in self.spans.values():
            spans.sort()

    def around(self, name: str, line: int, column: int) -> int | None:
        """The line (from 1) of the innermost call of ``name`` holding ``line``:``column``
        (the column from 0), or None."""
        spans = self.spans.get(name, [])
        if line > len(self.line_starts) or not spans:
            return None
        at = self.line_starts[line - 1] + column
        k = bisect.bisect_right(spans, (at, 2**62)) - 1
        while k >= 0 and spans[k][1] <= at:  # a call of the same name that ended before
            k -= 1
        if k < 0:
            return None
        inner = spans[k][0]
        return bisect.bisect_right(self.line_starts, inner)


#: How many times a script may be run again to read the files it requires (each run reads at
#: least one more): a bound against a script that requires names it makes up without end.
MAX_RUNS = 1000

#: ``require("x")`` and ``require_glob("x")`` with a plain string, read ahead of the run.
_REQUIRE = re.compile(r"""\brequire(_glob)?\(\s*(["'])([^"'\n]+)\2\s*(?:,\s*(false|true))?""")


class _ScriptError(Exception):
    """A problem the script sees as a JavaScript exception at its line (a missing file)."""


@dataclass
class _Host:
    """The Python side of the prelude: it reads the script's files and replays its calls."""

    state: dsl.EvalState
    main: Path
    folder: Path
    files: _Files
    functions: dict[str, Callable[..., Any]]
    flags: dict[str, Flag]
    #: What ``require`` and ``require_glob`` find, by request (``op NUL from NUL path``).
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def pos(self, line: int) -> SourcePos | None:
        found = self.files.locate(line)
        if found is None:
            return None
        return SourcePos(self.state.display_path(str(found[0])), found[1])

    def shown(self, path: Path) -> str:
        return self.state.display_path(str(path))

    # The files.
    def answer(self, op: str, path: str, start: str) -> None:
        """Find what ``require`` (``op`` "require") or ``require_glob`` ("glob"; "glob1": not
        recursive) of ``path`` from the file ``start`` gives, and, for a .js file, what the
        file requires with a plain string (read ahead, to run the script fewer times)."""
        key = f"{op}\x00{start}\x00{path}"
        if key in self.answers:
            return
        got: dict[str, Any]
        try:
            if op == "require":
                got = self.read(path, start)
            else:
                got = {"files": self.glob(path, start, op == "glob")}
        except _ScriptError as exc:
            got = {"error": str(exc)}
        self.answers[key] = got
        for file in got.get("files", ()):
            self.answer("require", file, str(self.main))
        if got.get("kind") == "js":
            self.read_ahead(got["source"], got["file"])

    def read_ahead(self, source: str, start: str) -> None:
        for found in _REQUIRE.finditer(source):
            glob, path, flag = found.group(1), found.group(3), found.group(4)
            op = ("glob1" if flag == "false" else "glob") if glob else "require"
            self.answer(op, path, start)

    def resolve(self, path: str, start: str, what: str) -> Path:
        if not path:
            raise _ScriptError(f'{what}(""): the path must be a non-empty string')
        given = Path(path)
        if given.is_absolute():
            target = given
        elif path.startswith(("./", "../")):
            target = Path(start).parent / given
        else:
            target = self.folder / given
        target = Path(os.path.normpath(target))
        if not target.resolve().is_relative_to(self.folder):
            raise _ScriptError(
                f"{what}({json.dumps(path)}): {target} is outside the config's folder "
                f"({self.shown(self.folder)}/); dnsconfig.js may read only the files under the "
                "folder it is in"
            )
        return target

    def read(self, path: str, start: str) -> dict[str, Any]:
        target = self.resolve(path, start, "require")
        if not target.is_file():
            raise _ScriptError(
                f"require({json.dumps(path)}): no such file {self.shown(target)} (a path "
                "starting with ./ or ../ is relative to the file that requires it, any other "
                "to the config's folder)"
            )
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise _ScriptError(f"require({json.dumps(path)}): cannot be read: {exc}") from None
        if target.suffix.lower() in (".json", ".json5"):
            try:
                json.loads(text)
            except json.JSONDecodeError as exc:
                raise _ScriptError(
                    f"require({json.dumps(path)}): {self.shown(target)}:{exc.lineno}: not "
                    f"valid JSON ({exc.msg}, column {exc.colno})"
                ) from None
            return {"kind": "json", "data": text}
        code = self.files.place(target, text)
        return {"kind": "js", "file": str(target), "code": code, "source": text}

    def glob(self, path: str, start: str, recursive: bool) -> list[str]:
        folder = self.resolve(path, start, "require_glob")
        if not folder.is_dir():
            raise _ScriptError(
                f"require_glob({json.dumps(path)}): no such folder {self.shown(folder)}"
            )
        found = folder.rglob("*.js") if recursive else folder.glob("*.js")
        return sorted(str(p) for p in found if p.is_file())

    def answers_json(self) -> str:
        return json.dumps(
            {k: {n: v for n, v in a.items() if n != "source"} for k, a in self.answers.items()}
        )

    # The DSL calls.
    def call(self, name: str, args: list[Any], line: int, col: int = 0) -> Any:
        pos = self.pos(self.files.call_start(name, line, col) if col else line)
        values = [self.value(arg, pos) for arg in args]
        function = self.functions[name]
        with pinned_at(pos):
            try:
                return function(*values)
            except DnsframeError:
                raise
            except (TypeError, ValueError) as exc:  # a wrong number or kind of arguments
                raise dsl.DslError(f"{where(pos)}{name}(): {exc}") from None

    def value(self, item: Any, pos: SourcePos | None) -> Any:
        if isinstance(item, list):
            return [self.value(x, pos) for x in item]
        if isinstance(item, dict):
            if _CALL in item:
                return self.call(item[_CALL], item["args"], item["line"], item.get("col", 0))
            if _FLAG in item:
                return self.flags[item[_FLAG]]
            if _FUNCTION in item:
                self.state.problem(
                    pos,
                    f"a JavaScript function ({item[_FUNCTION]}) is given where dnsframe expects "
                    "a record, a modifier or a value; DNSControl's function modifiers "
                    "(function (d) {...}) are not supported: return records instead",
                )
                return Invalid(pos)
            return {k: self.value(v, pos) for k, v in item.items()}
        return item


def _spec(host: _Host, prelude_lines: int, variables: Mapping[str, str]) -> dict[str, Any]:
    lazy, constants = [], {}
    for name in dsl.__all__:
        value = getattr(dsl, name)
        if name in _OWN or isinstance(value, Flag):
            continue
        if isinstance(value, Mapping):
            constants[name] = dict(value)
        elif callable(value):
            lazy.append(name)
    return {
        "prelude_lines": prelude_lines,
        "main": str(host.main),
        "lazy": lazy,
        "statements": list(STATEMENTS),
        "flags": sorted(host.flags),
        "constants": constants,
        "variables": dict(variables),
    }


def load_js_config(
    path: str | os.PathLike[str], variables: Mapping[str, str] | None = None
) -> Config:
    """Evaluate the ``dnsconfig.js`` at ``path``, with ``variables`` (``-v name=value``) as
    its global variables and ``CLI_VARS``. Raises :class:`ConfigError` listing every problem,
    each at its ``.js`` file and line."""
    p = Path(path)
    shown = str(path)
    try:
        import quickjs
    except ImportError:
        raise ConfigError(f"{shown}: {INSTALL_HINT}") from None
    if not p.is_file():
        raise ConfigError(
            f"{shown}: no such file. Name your dnsconfig.js with --config FILE, or run in its "
            "folder."
        )
    try:
        source = p.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"{shown}: cannot be read: {exc}") from None
    time_limit = _limit("DNSFRAME_JS_TIME_LIMIT", TIME_LIMIT)
    memory_limit = int(_limit("DNSFRAME_JS_MEMORY_LIMIT", MEMORY_LIMIT))

    main = p.resolve()
    given = dict(variables or {})
    state = dsl.EvalState(config_dir=str(main.parent), cli_vars=dict(given), cli_given=tuple(given))
    prelude = _prelude()
    prelude_lines = prelude.count("\n") + 1  # (at least) the lines the engine numbers
    files = _Files(next_line=prelude_lines + 1)
    functions = {name: getattr(dsl, name) for name in dsl.__all__}
    flags = {name: v for name, v in functions.items() if isinstance(v, Flag)}
    host = _Host(state, main, main.parent, files, functions, flags)
    spec = json.dumps(_spec(host, prelude_lines, given))
    code = files.place(main, source)
    host.read_ahead(source, str(main))

    for _ in range(MAX_RUNS):
        context = quickjs.Context()
        context.set_memory_limit(memory_limit)
        context.set("__dnsframe_spec", spec)
        context.set("__dnsframe_answers", host.answers_json())
        context.eval(prelude)
        context.set_time_limit(time_limit)
        failure: str | None = None
        try:
            context.eval(code)
        except quickjs.JSException as exc:
            failure = str(exc)
        context.set_time_limit(-1)
        out = json.loads(context.eval("__dnsframe_out()"))
        if not out["needs"]:
            break
        for need in out["needs"]:
            host.answer(need["op"], need["path"], need["from"])
    else:
        raise ConfigError(f"{shown}: the script required more than {MAX_RUNS} different files")

    for line in out["logs"]:
        sys.stderr.write(f"{line}\n")
    with dsl.evaluation(state):
        try:
            for statement in out["statements"]:
                line, col = statement["line"], statement.get("col", 0)
                host.call(statement[_CALL], statement["args"], line, col)
        except DnsframeError as exc:
            raise ConfigError([*state.problems, str(exc)]) from None
        if failure is not None:
            raise ConfigError([*state.problems, _js_problem(failure, host, time_limit)])
        problems = [*state.problems, *state.never_placed()]
    if problems:
        raise ConfigError(problems)
    return Config(
        file=shown,
        domains=tuple(d.freeze() for d in state.domains.values()),
        registrars=tuple(r for (k, _), r in state.providers.items() if k == "registrar"),
        dns_providers=tuple(r for (k, _), r in state.providers.items() if k == "dns"),
    )


def _js_problem(text: str, host: _Host, time_limit: float) -> str:
    """A JavaScript exception, at the first line of the user's files on its stack."""
    lines = text.rstrip("\n").split("\n")
    message_lines: list[str] = []
    where_ = host.shown(host.main)
    placed = False
    for line in lines:
        frame = _FRAME.match(line)
        if frame is None:
            if line.strip() and not line.lstrip().startswith("at "):
                message_lines.append(line)
            continue
        pos = host.pos(int(frame.group(1)))
        if pos is not None and not placed:
            where_ = str(pos)
            placed = True
    message = " ".join(message_lines).strip() or "an exception without a message"
    if message.startswith("dnsframe: "):
        message = message.removeprefix("dnsframe: ")
    elif message.startswith("PANIC: "):
        message = "PANIC(): " + message.removeprefix("PANIC: ")
    elif message == "InternalError: interrupted":
        message = (
            f"the script ran for more than {time_limit:g} seconds and was stopped (a loop that "
            "never ends?); if it really needs longer, set DNSFRAME_JS_TIME_LIMIT=SECONDS"
        )
    elif message == "InternalError: out of memory":
        message = (
            "the script used more memory than dnsframe allows and was stopped; if it really "
            "needs more, set DNSFRAME_JS_MEMORY_LIMIT=BYTES"
        )
    else:
        found = re.match(r"ReferenceError: '?(\w+)'? is not defined", message)
        if found and found.group(1) in _OUTSIDE:
            message += (
                "; dnsconfig.js runs without access to files, the network or the environment: "
                "give values with -v name=value, or require() a .js or .json file under the "
                "config's folder"
            )
        elif found:
            import difflib

            from dnsframe import dsl

            close = difflib.get_close_matches(found.group(1), dsl.__all__, n=1)
            if close:
                message += f"; did you mean {close[0]}?"
    return f"{where_}: {message}"
