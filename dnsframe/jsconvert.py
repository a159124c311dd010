"""``dnsframe convert``: a ``dnsconfig.js`` translated to a ``dnsconfig.py`` that keeps its shape.

The JavaScript is parsed with esprima (the ``js`` extra), a real ECMAScript parser that gives an
ESTree syntax tree with positions and the comments. Each construct DNSControl configs use is
translated to its Python form: declarations to assignments, functions to ``def``s or lambdas,
loops (``for``, ``for...in``, ``for...of``, ``forEach``, ``map``), objects to dicts, arrays to
lists, string concatenation and template literals to f-strings, ``require()`` of a ``.js`` file
to an import of its converted module (converted beside it), of a ``.json`` file to
``json.loads``, ``require_glob()`` to a loop over the converted folder. Comments are kept where
they were. What cannot be translated is kept as a comment at its place, with a warning naming
its line. :func:`convert` returns every file it wrote in memory; the CLI writes them and proves
the result equivalent (:mod:`dnsframe.equivalence`).
"""

from __future__ import annotations

import keyword
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from dnsframe.errors import ConfigError

Node = dict[str, Any]

#: The longest line the output aims for (the project's ruff line length).
LIMIT = 100
#: The first line of every file ``convert`` writes; a file that starts otherwise is not
#: overwritten without ``--force``.
MARKER = "# Converted by `dnsframe convert`"

_MISSING_PARSER = (
    "dnsframe convert needs the JavaScript parser esprima, which is not installed: install "
    "dnsframe with its JavaScript extra, pip install 'dnsframe[js]'"
)

#: Python names a translated JavaScript name must not take (keywords and the builtins the
#: output itself uses): such a name gets a trailing underscore.
_RESERVED = {
    *keyword.kwlist,
    *keyword.softkwlist,
    "print", "len", "str", "int", "list", "range", "enumerate", "sorted", "sys", "json",
    "Path", "runpy", "importlib", "ValueError", "CLI_VARS",
}  # fmt: skip

# Python operator precedences, low to high.
_P_LAMBDA, _P_IF, _P_OR, _P_AND, _P_NOT, _P_CMP = 0, 1, 2, 3, 4, 5
_P_ADD, _P_MUL, _P_UNARY, _P_POW, _P_ATOM = 10, 11, 12, 13, 15

_BINARY = {
    "+": ("+", _P_ADD), "-": ("-", _P_ADD), "*": ("*", _P_MUL), "/": ("/", _P_MUL),
    "%": ("%", _P_MUL), "**": ("**", _P_POW), "===": ("==", _P_CMP), "==": ("==", _P_CMP),
    "!==": ("!=", _P_CMP), "!=": ("!=", _P_CMP), "<": ("<", _P_CMP), "<=": ("<=", _P_CMP),
    ">": (">", _P_CMP), ">=": (">=", _P_CMP), "in": ("in", _P_CMP),
}  # fmt: skip

#: String methods with a direct Python counterpart (JavaScript name -> Python name).
_METHODS = {
    "toLowerCase": "lower", "toUpperCase": "upper", "trim": "strip", "startsWith": "startswith",
    "endsWith": "endswith", "split": "split", "trimStart": "lstrip", "trimEnd": "rstrip",
}  # fmt: skip


_FUNCTIONS = ("FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression")
#: What an expression inside an f-string may not hold (Python 3.11's f-strings).
_NOT_IN_FSTRING = '"\\{}\n'


def _named(node: Node, *names: str) -> bool:
    return node.get("type") == "Identifier" and node.get("name") in names


class Untranslatable(Exception):
    """A construct that has no translation: the node is kept as a comment."""

    def __init__(self, node: Node, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Layout: a tiny document model, printed flat when it fits and broken one item a line when not.


@dataclass
class Item:
    doc: Doc
    line: int
    leading: list[str] = field(default_factory=list)
    trailing: str | None = None
    commented: list[str] | None = None  # an untranslatable item, kept as these comment lines


@dataclass
class Seq:
    open: str
    close: str
    items: list[Item]
    open_line: int
    end_comments: list[str] = field(default_factory=list)


@dataclass
class Cat:
    parts: list[Doc]


Doc = str | Seq | Cat


def flat(doc: Doc) -> str | None:
    """``doc`` on one line, or None when it holds comments (which need lines of their own)."""
    if isinstance(doc, str):
        return doc
    if isinstance(doc, Cat):
        parts = [flat(p) for p in doc.parts]
        return None if any(p is None for p in parts) else "".join(p or "" for p in parts)
    if doc.end_comments or any(i.leading or i.trailing or i.commented for i in doc.items):
        return None
    inner = [flat(i.doc) for i in doc.items]
    if any(p is None for p in inner):
        return None
    return doc.open + ", ".join(p or "" for p in inner) + doc.close


def render(doc: Doc, indent: int, col: int, rest: int = 0) -> list[str]:
    """``doc`` printed from column ``col``: the first string continues the current line, the
    others are whole lines (indented)."""
    if isinstance(doc, str):
        return [doc]
    if isinstance(doc, Cat):
        lines = [""]
        for n, part in enumerate(doc.parts):
            tail = sum(len(flat(p) or "") for p in doc.parts[n + 1 :]) + rest
            at = col + len(lines[0]) if len(lines) == 1 else len(lines[-1])
            sub = render(part, indent, at, tail)
            lines[-1] += sub[0]
            lines.extend(sub[1:])
        return lines
    text = flat(doc)
    if text is not None and col + len(text) + rest <= LIMIT:
        return [text]
    return _broken(doc, indent)


def _broken(seq: Seq, indent: int) -> list[str]:
    inner = indent + 4
    pad = " " * inner
    groups: list[list[Item]] = []
    for item in seq.items:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.line == item.line
            and not item.leading
            and not item.commented
            and not last.commented
            and last.trailing is None
        ):
            groups[-1].append(item)
        else:
            groups.append([item])
    first = seq.open
    lines: list[str] = []
    start = 0
    if groups and groups[0][0].line == seq.open_line and _inline(groups[0], len(seq.open) + indent):
        group = groups[0]
        first += ", ".join(flat(i.doc) or "" for i in group) + ","
        if group[-1].trailing:
            first += "  " + group[-1].trailing
        start = 1
    lines.append(first)
    for group in groups[start:]:
        for item in group:
            lines.extend(pad + c for c in item.leading)
        if group[0].commented is not None:
            lines.extend(pad + c for c in group[0].commented)
            continue
        joined = ", ".join(flat(i.doc) or "" for i in group) + ","
        if len(group) > 1 and _inline(group, inner):
            lines.append(pad + joined)
        else:
            for item in group:
                sub = render(item.doc, inner, inner, 1)
                lines.append(pad + sub[0])
                lines.extend(sub[1:])
                lines[-1] += ","
        if group[-1].trailing:
            lines[-1] += "  " + group[-1].trailing
    lines.extend(pad + c for c in seq.end_comments)
    lines.append(" " * indent + seq.close)
    return lines


def _inline(group: list[Item], col: int) -> bool:
    texts = [flat(i.doc) for i in group]
    if any(t is None for t in texts) or any(i.leading or i.commented for i in group):
        return False
    return col + len(", ".join(t or "" for t in texts)) + 1 <= LIMIT


# ---------------------------------------------------------------------------------------------
# Literals.


def py_string(text: str, quote: str = '"', fstring: bool = False) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        elif fstring and ch in "{}":
            out.append(ch * 2)
        else:
            out.append(ch)
    return ("f" if fstring else "") + quote + "".join(out) + quote


def _number(node: Node) -> str:
    value = node["value"]
    if isinstance(value, float) and value.is_integer() and "." not in node["raw"]:
        return str(int(value))
    if isinstance(value, bool):
        return "True" if value else "False"
    raw = str(node["raw"])
    if re.fullmatch(r"[0-9]+", raw):
        return str(int(raw))
    return repr(value)


def _comment_lines(comment: Node) -> list[str]:
    text = str(comment["value"])
    if comment["type"] == "Line":
        return ["# " + text.strip() if text.strip() else "#"]
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln[1:].strip() if ln.startswith("*") else ln for ln in lines]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return [("# " + ln) if ln else "#" for ln in lines] or ["#"]


# ---------------------------------------------------------------------------------------------
# The files of one conversion.


@dataclass
class ConvertWarning:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class ConvertedFile:
    source: Path
    target: Path
    text: str


@dataclass
class Conversion:
    """What :func:`convert` made: the Python files (in memory), the data files the Python reads
    (``require`` of ``.json``), and the warnings."""

    root: Path
    files: list[ConvertedFile] = field(default_factory=list)
    data_files: list[Path] = field(default_factory=list)
    warnings: list[ConvertWarning] = field(default_factory=list)


def _parse(path: Path, shown: str) -> Node:
    try:
        import esprima  # type: ignore[import-untyped]
    except ImportError:
        raise ConfigError(_MISSING_PARSER) from None
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"{shown}: cannot be read: {exc}") from None
    try:
        tree: Node = esprima.parseScript(
            source, {"comment": True, "loc": True, "range": True}
        ).toDict()
    except esprima.Error as exc:
        message = str(getattr(exc, "message", exc))
        message = re.sub(r"^Line \d+: ", "", message)
        raise ConfigError(
            f"{shown}:{getattr(exc, 'lineNumber', '?')}: JavaScript syntax error: {message}; "
            "fix the file (DNSControl would refuse it too) and convert again"
        ) from None
    tree["source"] = source
    return tree


def module_name(rel: PurePosixPath) -> str | None:
    """The Python module a converted ``.js`` file at ``rel`` (relative to the root folder) is
    imported as, or None when its path cannot be one (a folder name that is not an
    identifier)."""
    parts = list(rel.parent.parts) if str(rel.parent) != "." else []
    if any(not p.isidentifier() or keyword.iskeyword(p) for p in parts):
        return None
    stem = re.sub(r"\W", "_", rel.stem)
    if stem[:1].isdigit():
        stem = "_" + stem
    if keyword.iskeyword(stem):
        stem += "_"
    return ".".join([*parts, stem])


class _Converter:
    """Converts the root file and every file it requires, each once."""

    def __init__(self, root_file: Path, target: Path, dsl_names: set[str]) -> None:
        self.root = root_file.resolve().parent
        self.root_file = root_file.resolve()
        self.target = target
        self.dsl_names = dsl_names
        self.result = Conversion(root=self.root)
        self.exports: dict[Path, set[str]] = {}
        self.modules: dict[Path, str] = {}
        self.in_progress: set[Path] = set()
        self.done: set[Path] = set()
        self.trees: dict[Path, Node] = {}
        self.provides: dict[Path, dict[str, str]] = {}
        #: the files that use globals of the file requiring them: run with those globals
        self.with_globals: set[Path] = set()
        #: the fewest arguments each function name is called with, in any of the files
        self.min_args: dict[str, int] = {}

    def tree(self, path: Path) -> Node:
        path = path.resolve()
        if path not in self.trees:
            self.trees[path] = _parse(path, self.shown(path))
        return self.trees[path]

    def prescan(self, path: Path) -> None:
        """Parse ``path`` and every file it requires, and count the arguments of every call:
        a function called with fewer arguments than it declares (the others are ``undefined``
        in JavaScript) gets ``=None`` defaults, wherever the call is."""
        path = path.resolve()
        if path in self.trees:
            return
        tree = self.tree(path)
        for node in _walk(tree["body"]):
            if node["type"] != "CallExpression":
                continue
            callee, args = node["callee"], node["arguments"]
            if callee["type"] == "Identifier" and not any(
                a["type"] == "SpreadElement" for a in args
            ):
                self._called(callee["name"], len(args))
            elif (
                callee["type"] == "MemberExpression"
                and not callee["computed"]
                and callee["property"]["name"] in ("map", "filter", "forEach")
                and args
                and args[0]["type"] == "Identifier"
            ):
                self._called(args[0]["name"], 1)  # translated as a call with the item
            call = _require_call(node)
            if call is None:
                continue
            kind, rel = call
            base = path.parent if rel.startswith(("./", "../")) else self.root
            target = (base / rel).resolve()
            if not target.is_relative_to(self.root):
                continue
            if kind == "require" and rel.endswith(".js") and target.is_file():
                self.prescan(target)
            elif kind == "require_glob" and target.is_dir():
                flag = args[1] if len(args) > 1 else None
                shallow = flag is not None and flag.get("value") is False
                for found in sorted(target.glob("*.js" if shallow else "**/*.js")):
                    if found.resolve() != self.root_file:
                        self.prescan(found)

    def _called(self, name: str, count: int) -> None:
        self.min_args[name] = min(self.min_args.get(name, count), count)

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root)) if path != self.root_file else path.name
        except ValueError:
            return str(path)

    def convert_file(
        self, path: Path, as_module: bool, inherited: frozenset[str] = frozenset(), by: str = ""
    ) -> dict[str, str]:
        """Convert ``path`` (once) and return the names it makes global, each with the module
        to import it from (its own, or that of a file it requires). ``inherited`` are the
        globals of the file requiring it (``by``): in DNSControl every file shares one global
        scope, so a file that uses them is run with them (:attr:`with_globals`)."""
        path = path.resolve()
        if path in self.done or path in self.in_progress:
            return self.provides.get(path, {})
        self.in_progress.add(path)
        tree = self.tree(path)
        target = self.target if path == self.root_file else self._target_of(path)
        translator = _FileTranslator(self, path, tree, is_root=path == self.root_file)
        translator.as_module = as_module or not target.name.startswith("dnsconfig")
        translator.inherited = inherited
        translator.requirer = by
        text = translator.translate()
        self.exports[path] = translator.top_names
        self.result.files.append(ConvertedFile(path, target, text))
        self.in_progress.discard(path)
        self.done.add(path)
        if translator.from_requirer:
            self.with_globals.add(path)
        module = self.modules.get(path)
        provides: dict[str, str] = {}
        if module is not None and path not in self.with_globals:
            provides = dict.fromkeys(translator.top_names, module)
            for name, origin in translator.required.items():
                run = origin in translator.run_modules
                provides[name] = module if run else provides.get(name, origin)
        self.provides[path] = provides
        return provides

    def _target_of(self, path: Path) -> Path:
        name = self.modules.get(path)
        if name is None:
            return path.with_suffix(".py")
        return self.root.joinpath(*name.split(".")).with_suffix(".py")


@dataclass
class _Scope:
    names: set[str]
    function: bool
    parent: _Scope | None = None


class _FileTranslator:
    def __init__(self, conv: _Converter, path: Path, tree: Node, is_root: bool) -> None:
        self.conv = conv
        self.path = path
        self.shown = conv.shown(path)
        self.source: str = tree["source"]
        self.tree = tree
        self.is_root = is_root
        self.as_module = False
        self.comments: list[Node] = list(tree.get("comments") or [])
        self.used_comments: set[int] = set()
        self.top_names: set[str] = set()
        self.scope = _Scope(set(), function=False)
        self.used_dsl: set[str] = set()
        self.stdlib: set[str] = set()
        self.imports: dict[str, set[str]] = {}  # module -> names imported from it
        self.required: dict[str, str] = {}  # name -> module, for every required .js file
        self.cross_file: dict[str, set[str]] = {}
        self.inherited: frozenset[str] = frozenset()  # the globals of the requiring file
        self.requirer = ""  # the Python file that runs this one
        self.from_requirer: set[str] = set()  # the inherited globals this file uses
        self.run_modules: dict[str, Path] = {}  # required modules run with our globals
        self.hoisted: list[str] = []
        self.indent = 0
        self.quote = '"'
        self.in_foreach = 0
        self.counter = 0
        #: What each name of the file is bound to, when every binding is an array literal or
        #: every one an object literal: how a for...in over it is translated.
        self.literal_kinds = _literal_kinds(tree)

    # -- warnings and comments -------------------------------------------------------------

    def warn(self, line: int, message: str) -> None:
        self.conv.result.warnings.append(ConvertWarning(self.shown, line, message))

    def take(self, start: int, end: int) -> list[Node]:
        found = []
        for n, c in enumerate(self.comments):
            if n not in self.used_comments and c["range"][0] >= start and c["range"][1] <= end:
                self.used_comments.add(n)
                found.append(c)
        return found

    def blank_between(self, start: int, end: int) -> bool:
        return re.search(r"\n[ \t]*\n", self.source[start:end]) is not None

    def commented(self, node: Node, reason: str) -> list[str]:
        """The JavaScript source of ``node`` as comment lines, and its warning."""
        start, end = node["range"]
        self.take(start, end)
        line = node["loc"]["start"]["line"]
        self.warn(line, f"cannot translate {reason}; kept as a comment")
        text = self.source[start:end]
        lines = text.split("\n")
        first_col = node["loc"]["start"]["column"]
        rest = [ln for ln in lines[1:] if ln.strip()]
        common = min([len(ln) - len(ln.lstrip()) for ln in rest] + [first_col])
        body = [lines[0]] + [ln[common:] for ln in lines[1:]]
        return [f"# JS (line {line}, not translated: {reason}):"] + [
            ("# " + ln).rstrip() for ln in body
        ]

    # -- names ------------------------------------------------------------------------------

    @staticmethod
    def py_name(name: str) -> str:
        return name + "_" if name in _RESERVED else name

    def lookup(self, name: str) -> _Scope | None:
        scope: _Scope | None = self.scope
        while scope is not None:
            if name in scope.names:
                return scope
            scope = scope.parent
        return None

    def identifier(self, node: Node) -> str:
        name: str = node["name"]
        if name == "undefined":
            return "None"
        if self.lookup(name) is not None:
            return self.py_name(name)
        if name in self.conv.dsl_names:
            self.used_dsl.add(name)
            return name
        if name in self.required:
            self.imports.setdefault(self.required[name], set()).add(name)
            return self.py_name(name)
        if name in self.inherited:
            self.from_requirer.add(name)
            return self.py_name(name)
        if name in ("NaN", "Infinity", "this", "arguments", "globalThis", "window"):
            raise Untranslatable(node, f"{name!r}")
        others = [
            self.conv.shown(p) for p, names in self.conv.exports.items() if name in names
        ] or ([self.conv.root_file.name] if not self.is_root and self._root_defines(name) else [])
        if others:
            if name not in self.cross_file:
                self.warn(
                    node["loc"]["start"]["line"],
                    f"{name} is defined in {others[0]}: JavaScript files share their globals, "
                    "Python modules do not; import it or pass it as an argument",
                )
            self.cross_file.setdefault(name, set()).add(others[0])
            return self.py_name(name)
        self.used_dsl.add("CLI_VARS")
        return f"CLI_VARS[{py_string(name, self.quote)}]"

    def _root_defines(self, name: str) -> bool:
        root = self.conv.root_file
        if root in self.conv.exports:
            return name in self.conv.exports[root]
        try:
            tree = self.conv.tree(root)
        except ConfigError:
            return False
        return name in _declared(tree["body"], top=True)

    # -- the file ---------------------------------------------------------------------------

    def translate(self) -> str:
        body: list[Node] = self.tree["body"]
        self.scope.names = _declared(body, top=True)
        self.top_names = set(self.scope.names)
        self._collect_requires(body)
        header: list[str] = []
        first = body[0]["range"][0] if body else len(self.source)
        before = [c for c in self.comments if c["range"][1] <= first]
        # the comments up to the last blank line before the first statement head the file; the
        # others belong to that statement
        cut = max(
            (n + 1 for n, c in enumerate(before) if self.blank_between(c["range"][1], first)),
            default=0 if body else len(before),
        )
        for n, c in enumerate(before[:cut]):
            self.used_comments.add(n)
            header.extend(_comment_lines(c))
            following = before[n + 1]["range"][0] if n + 1 < len(before) else first
            if self.blank_between(c["range"][1], following):
                header.append("")
        lines = self.block(body, 0, 0, len(self.source), top=True)
        for c in self.take(0, len(self.source)):  # any comment not placed yet
            lines.extend(_comment_lines(c))
        return self._assemble(header, lines)

    def _collect_requires(self, body: list[Node]) -> None:
        for node in _walk(body):
            call = _require_call(node)
            if call is None:
                continue
            kind, rel = call
            if kind != "require" or not rel.endswith(".js"):
                continue
            path = self._resolve(rel)
            if path is None or not path.is_file():
                continue
            relp = PurePosixPath(path.relative_to(self.conv.root).as_posix())
            name = module_name(relp)
            if name is None:
                continue
            self.conv.modules[path] = name
            provided = self.conv.convert_file(path, True, self.globals_here(), self.target_name)
            if path in self.conv.with_globals:
                self.run_modules[name] = path
                provided = dict.fromkeys(self.conv.exports.get(path, set()), name)
            for exported, module in provided.items():
                self.required.setdefault(exported, module)

    def globals_here(self) -> frozenset[str]:
        """The globals a file this one requires sees: ours, those we import, ours inherited."""
        return frozenset(self.scope.names | set(self.required) | self.inherited)

    @property
    def target_name(self) -> str:
        if self.is_root:
            return self.conv.target.name
        return self.conv.shown(self.conv._target_of(self.path))

    def _resolve(self, rel: str) -> Path | None:
        base = self.path.parent if rel.startswith(("./", "../")) else self.conv.root
        path = (base / rel).resolve()
        try:
            path.relative_to(self.conv.root)
        except ValueError:
            return None
        return path

    def _assemble(self, header: list[str], lines: list[str]) -> str:
        text_lines: list[str] = []
        for ln in lines:
            if ln.startswith("\x00REQUIRE:"):
                module, indent, comment = ln[len("\x00REQUIRE:") :].split("\x00", 2)
                comment = comment.strip()
                if module in self.run_modules:
                    run = self.run_lines(module, indent)
                    text_lines.extend(run)
                    if comment:
                        text_lines[-len(run)] += "  " + comment
                elif module not in self.imports:
                    self.stdlib.add("importlib")
                    call = f'{indent}importlib.import_module("{module}")'
                    text_lines.append(call + ("  " + comment if comment else ""))
                elif comment:
                    text_lines.append(indent + comment)
                continue
            text_lines.append(ln)
        imports = [f"import {m}" for m in sorted(self.stdlib - {"pathlib"})]
        if "pathlib" in self.stdlib:
            imports.append("from pathlib import Path")
        blocks: list[list[str]] = [imports] if imports else []
        if self.as_module and self.used_dsl:
            blocks.append(_from_import("dnsframe.dsl", self.used_dsl))
        local = [
            ln
            for m, names in sorted(self.imports.items())
            if m not in self.run_modules
            for ln in _from_import(m, names)
        ]
        if local:
            blocks.append(local)
        out = [MARKER + f" from {self.path.name}.", *self.inherited_notice(), *header]
        for block in blocks:
            if out[-1] != "":
                out.append("")
            out.extend(block)
        if text_lines and out[-1] != "":
            out.append("")
            if text_lines[0].startswith("def "):
                out.append("")
        out.extend(text_lines)
        cleaned: list[str] = []
        for ln in out:
            ln = ln.rstrip()
            if ln == "" and len(cleaned) >= 2 and cleaned[-1] == "" and cleaned[-2] == "":
                continue
            cleaned.append(ln)
        while cleaned and cleaned[-1] == "":
            cleaned.pop()
        return "\n".join(cleaned) + "\n"

    def run_lines(self, module: str, indent: str) -> list[str]:
        """A required file that uses our globals, run with them where it was required; the
        names we use from it are taken from what it defined."""
        self.stdlib.update({"runpy", "pathlib"})
        where = self.path_doc(self.conv._target_of(self.run_modules[module]))
        names = sorted(self.imports.get(module, set()))
        args = [Item(f"str({where})", 0), Item("init_globals=globals()", 0)]
        var = "_" + module.rpartition(".")[2]
        head = f"{var} = runpy.run_path" if names else "runpy.run_path"
        doc = Cat([head, Seq("(", ")", args, 0)])
        lines = render(doc, len(indent), len(indent))
        out = [indent + lines[0], *lines[1:]]
        for name in names:
            out.append(f"{indent}{self.py_name(name)} = {var}[{py_string(name)}]")
        return out

    def inherited_notice(self) -> list[str]:
        """For a file that uses globals of the file requiring it: which, from where, and the
        ruff directive that accepts them."""
        if not self.from_requirer:
            return []
        names = [self.py_name(n) for n in sorted(self.from_requirer)]
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        verb = "are globals" if len(names) > 1 else "is a global"
        text = (
            f"{listed} {verb} of {self.requirer}, which runs this file with its globals "
            "(as DNSControl's files share theirs)."
        )
        wrapped = textwrap.wrap(text, LIMIT - 2)
        return ["", *("# " + ln for ln in wrapped), "# ruff: noqa: F821", ""]

    # -- statements -------------------------------------------------------------------------

    def block(self, body: list[Node], indent: int, start: int, end: int, top: bool) -> list[str]:
        saved = self.indent
        self.indent = indent
        pad = " " * indent
        lines: list[str] = []
        prev_end = start
        prev_line = -1
        prev_def = False
        for n, stmt in enumerate(body):
            s, e = stmt["range"]
            gap = self.take(prev_end, s)
            for c in gap:
                if c["loc"]["start"]["line"] == prev_line and lines:
                    lines[-1] += "  " + " ".join(_comment_lines(c))
                    continue
                if lines and self.blank_between(prev_end, c["range"][0]):
                    lines.append("")
                lines.extend(pad + x for x in _comment_lines(c))
                prev_end = c["range"][1]
            out = self.statement(stmt)
            is_def = (
                bool(out)
                and out[-1:] != []
                and any(ln.startswith(pad + "def ") for ln in out[:1] + self.hoisted[:1])
            )
            blank = n > 0 and self.blank_between(prev_end, s)
            if top and (is_def or prev_def) and lines:
                while lines and lines[-1] == "":
                    lines.pop()
                # two blank lines around a top-level def, after its comments stay attached
                k = len(lines)
                while k > 0 and lines[k - 1].startswith("#"):
                    k -= 1
                if k == len(lines) or is_def:
                    lines[k:k] = ["", ""]
                else:
                    lines.extend(["", ""])
            elif blank and lines and lines[-1] != "" and not lines[-1].lstrip().startswith("#"):
                lines.append("")
            lines.extend(self.hoisted)
            self.hoisted = []
            lines.extend(out)
            leftover = self.take(s, e)
            if leftover:
                k = len(lines) - len(out)
                lines[k:k] = [pad + x for c in leftover for x in _comment_lines(c)]
            prev_end = e
            prev_line = stmt["loc"]["end"]["line"]
            prev_def = is_def
        for c in self.take(prev_end, end):
            if c["loc"]["start"]["line"] == prev_line and lines:
                lines[-1] += "  " + " ".join(_comment_lines(c))
            else:
                if lines and self.blank_between(prev_end, c["range"][0]):
                    lines.append("")
                lines.extend(pad + x for x in _comment_lines(c))
        self.indent = saved
        return lines

    def statement(self, node: Node) -> list[str]:
        pad = " " * self.indent
        try:
            return self._statement(node)
        except Untranslatable as exc:
            self.hoisted = []
            line = exc.node["loc"]["start"]["line"]
            where = "" if exc.node is node else f" (line {line})"
            lines = self.commented(node, exc.reason + where)
            return [pad + ln for ln in lines]

    def doc_lines(self, doc: Doc) -> list[str]:
        pad = " " * self.indent
        lines = render(doc, self.indent, self.indent)
        return [pad + lines[0], *lines[1:]]

    def _statement(self, node: Node) -> list[str]:
        kind = node["type"]
        pad = " " * self.indent
        if kind == "EmptyStatement":
            return []
        if kind == "VariableDeclaration":
            out: list[str] = []
            for decl in node["declarations"]:
                out.extend(self.declarator(decl))
            return out
        if kind == "FunctionDeclaration":
            return self.function(self.py_name(node["id"]["name"]), node)
        if kind == "ExpressionStatement":
            return self.expression_statement(node["expression"])
        if kind == "ReturnStatement":
            if self.in_foreach:
                return [pad + "continue"]
            if node["argument"] is None:
                return [pad + "return"]
            return self.doc_lines(Cat(["return ", self.expr(node["argument"])[0]]))
        if kind == "IfStatement":
            return self.if_statement(node, "if")
        if kind == "BlockStatement":
            return self.block(node["body"], self.indent, node["range"][0], node["range"][1], False)
        if kind in ("ForOfStatement", "ForInStatement"):
            return self.for_each_statement(node)
        if kind == "ForStatement":
            return self.for_statement(node)
        if kind == "WhileStatement":
            test = self.expr(node["test"])[0]
            return self.doc_lines(Cat(["while ", test, ":"])) + self.body(node["body"])
        if kind == "BreakStatement" and node.get("label") is None:
            return [pad + "break"]
        if kind == "ContinueStatement" and node.get("label") is None:
            return [pad + "continue"]
        if kind == "ThrowStatement":
            return self.doc_lines(Cat(["raise ValueError(", self.expr(node["argument"])[0], ")"]))
        raise Untranslatable(node, _describe(node))

    def body(self, node: Node) -> list[str]:
        """The indented body of a compound statement (``pass`` when it has nothing)."""
        self.indent += 4
        try:
            if node["type"] == "BlockStatement":
                lines = self.block(
                    node["body"], self.indent, node["range"][0], node["range"][1], False
                )
            else:
                lines = self.hoisted + self.statement(node)
                self.hoisted = []
            if not any(ln.strip() and not ln.strip().startswith("#") for ln in lines):
                lines.append(" " * self.indent + "pass")
            return lines
        finally:
            self.indent -= 4

    def declarator(self, decl: Node) -> list[str]:
        target = decl["id"]
        if target["type"] != "Identifier":
            raise Untranslatable(decl, "a destructuring declaration")
        name = self.py_name(target["name"])
        init = decl["init"]
        if init is None:
            return [" " * self.indent + f"{name} = None"]
        if init["type"] in ("FunctionExpression", "ArrowFunctionExpression"):
            return self.function(name, init)
        require = _require_call(init)
        if require and require[0] == "require" and not require[1].endswith(".js"):
            return self.doc_lines(Cat([f"{name} = ", self.require_json(init, require[1])]))
        return self.doc_lines(Cat([f"{name} = ", self.expr(init)[0]]))

    def if_statement(self, node: Node, word: str) -> list[str]:
        pad = " " * self.indent
        lines = self.doc_lines(Cat([f"{word} ", self.expr(node["test"])[0], ":"]))
        lines += self.body(node["consequent"])
        alt = node.get("alternate")
        if alt is not None:
            if alt["type"] == "IfStatement":
                lines += self.if_statement(alt, "elif")
            else:
                lines.append(pad + "else:")
                lines += self.body(alt)
        return lines

    def loop_target(self, left: Node) -> str:
        if left["type"] == "VariableDeclaration":
            if len(left["declarations"]) != 1:
                raise Untranslatable(left, "a loop over several variables")
            left = left["declarations"][0]["id"]
        if left["type"] == "Identifier":
            name: str = left["name"]
            if self.lookup(name) is None:
                self.scope.names.add(name)
            return self.py_name(name)
        if left["type"] == "ArrayPattern" and all(
            e is not None and e["type"] == "Identifier" for e in left["elements"]
        ):
            names = [e["name"] for e in left["elements"]]
            self.scope.names.update(names)
            return ", ".join(self.py_name(n) for n in names)
        raise Untranslatable(left, "this loop variable")

    def for_each_statement(self, node: Node) -> list[str]:
        target = self.loop_target(node["left"])
        right = node["right"]
        over = self.expr(right)[0]
        kind = right["type"]
        if kind == "Identifier":
            kind = self.literal_kinds.get(right["name"], kind)
        if node["type"] == "ForInStatement" and kind != "ObjectExpression":
            # for...in gives an array's indices, an object's keys: over a list, its range (of a
            # value of unknown type, either). JavaScript's indices are strings ("0" + 1 is
            # "01"), Python's numbers: said where the value is known to be an array.
            if kind == "ArrayExpression":
                self.warn(
                    node["loc"]["start"]["line"],
                    "for...in over an array: its indices are numbers here and strings in "
                    'JavaScript (the same as an index, not in arithmetic: "0" + 1 is "01")',
                )
                over = Cat(["range(len(", over, "))"])
            else:
                over = Cat(
                    ["(range(len(", over, ")) if isinstance(", over, ", list) else ", over, ")"]
                )
        return self.doc_lines(Cat([f"for {target} in ", over, ":"])) + self.body(node["body"])

    def for_statement(self, node: Node) -> list[str]:
        init, test, update = node["init"], node["test"], node["update"]
        counted = _counted_loop(init, test, update, node["body"])
        if counted is not None:
            var, start, stop, inclusive = counted
            self.scope.names.add(var)
            stop_doc = self.expr(stop, _P_ADD)[0]
            if inclusive:
                stop_doc = Cat([stop_doc, " + 1"])
            args: list[Doc] = [] if _is_zero(start) else [self.expr(start)[0], ", "]
            header = Cat([f"for {self.py_name(var)} in range(", *args, stop_doc, "):"])
            return self.doc_lines(header) + self.body(node["body"])
        if any(n.get("type") == "ContinueStatement" for n in _walk_loop_body(node["body"])):
            raise Untranslatable(node, "a for loop with continue that is not a simple count")
        lines: list[str] = []
        if init is not None:
            if init["type"] == "VariableDeclaration":
                self.scope.names.update(d["id"]["name"] for d in init["declarations"])
                lines += self._statement(init)
            else:
                lines += self.expression_statement(init)
        test_doc: Doc = self.expr(test)[0] if test is not None else "True"
        lines += self.doc_lines(Cat(["while ", test_doc, ":"]))
        body = self.body(node["body"])
        if update is not None:
            self.indent += 4
            body = [ln for ln in body if ln.strip() != "pass"] + self.expression_statement(update)
            self.indent -= 4
        return lines + body

    def expression_statement(self, node: Node) -> list[str]:
        pad = " " * self.indent
        kind = node["type"]
        if kind == "AssignmentExpression":
            target = self.assign_target(node["left"])
            op = node["operator"]
            if op not in ("=", "+=", "-=", "*=", "/=", "%="):
                raise Untranslatable(node, f"the operator {op}")
            value = node["right"]
            if op == "=" and value["type"] in _FUNCTIONS and node["left"]["type"] == "Identifier":
                return self.function(target, value)
            if op == "+=" and _stringish(value):
                return self.doc_lines(Cat([f"{target} = ", self.concat([node["left"], value])]))
            return self.doc_lines(Cat([f"{target} {op} ", self.expr(value)[0]]))
        if kind == "UpdateExpression":
            target = self.assign_target(node["argument"])
            return [pad + f"{target} {'+=' if node['operator'] == '++' else '-='} 1"]
        if kind == "CallExpression":
            special = self.call_statement(node)
            if special is not None:
                return special
        return self.doc_lines(self.expr(node)[0])

    def assign_target(self, node: Node) -> str:
        if node["type"] == "Identifier":
            name: str = node["name"]
            if self.lookup(name) is None:
                self.scope.names.add(name)
            return self.py_name(name)
        if node["type"] == "MemberExpression":
            text = flat(self.expr(node)[0])
            if text is not None and not text.startswith("len("):
                return text
        raise Untranslatable(node, "this assignment target")

    def call_statement(self, node: Node) -> list[str] | None:
        callee = node["callee"]
        pad = " " * self.indent
        require = _require_call(node)
        if require is not None:
            kind, rel = require
            if kind == "require_glob":
                return self.require_glob(node, rel)
            if rel.endswith(".js"):
                return self.require_js(node, rel)
            return self.doc_lines(self.require_json(node, rel))
        if _named(callee, "PANIC") and self.lookup("PANIC") is None:
            args = [self.expr(a)[0] for a in node["arguments"][:1]] or ['"PANIC"']
            return self.doc_lines(Cat(["raise ValueError(", args[0], ")"]))
        if callee["type"] != "MemberExpression" or callee["computed"]:
            return None
        method = callee["property"]["name"]
        obj = callee["object"]
        if method == "forEach" and node["arguments"]:
            fn = node["arguments"][0]
            if fn["type"] not in ("FunctionExpression", "ArrowFunctionExpression"):
                call = (flat(self.expr(fn, _P_ATOM)[0]) or "") + "(_item)"
                header = self.doc_lines(Cat(["for _item in ", self.expr(obj)[0], ":"]))
                return [*header, pad + "    " + call]
            params = fn["params"]
            if len(params) > 2 or any(p["type"] != "Identifier" for p in params):
                raise Untranslatable(fn, "this forEach callback")
            names = [self.py_name(p["name"]) for p in params]
            self.scope.names.update(p["name"] for p in params)
            target = names[0] if len(names) == 1 else f"{names[1]}, {names[0]}"
            over = self.expr(obj)[0]
            if len(names) == 2:
                over = Cat(["enumerate(", over, ")"])
            if not names:
                target = "_"
            header = self.doc_lines(Cat([f"for {target} in ", over, ":"]))
            body_node = fn["body"]
            self.in_foreach += 1
            try:
                if body_node["type"] == "BlockStatement":
                    self.scope.names.update(_declared(body_node["body"], top=False))
                    body = self.body(body_node)
                else:
                    self.indent += 4
                    body = self.expression_statement(body_node)
                    self.indent -= 4
            finally:
                self.in_foreach -= 1
            return header + body
        if method == "push":
            pushed = flat(self.expr(obj, _P_ATOM)[0])
            if pushed is None:
                return None
            args = node["arguments"]
            if len(args) == 1 and args[0]["type"] != "SpreadElement":
                return self.doc_lines(Cat([f"{pushed}.append(", self.expr(args[0])[0], ")"]))
            return self.doc_lines(Cat([f"{pushed}.extend(", self.array(args, node), ")"]))
        if method == "log" and obj["type"] == "Identifier" and obj["name"] == "console":
            self.stdlib.add("sys")
            items = [*self.args(node), Item("file=sys.stderr", node["loc"]["end"]["line"])]
            line = node["loc"]["start"]["line"]
            return self.doc_lines(Cat(["print", Seq("(", ")", items, line)]))
        return None

    # -- require ----------------------------------------------------------------------------

    def require_js(self, node: Node, rel: str) -> list[str]:
        path = self._resolve(rel)
        if path is None:
            raise Untranslatable(node, f"require({rel!r}) of a file outside {self.conv.root}")
        if not path.is_file():
            raise ConfigError(
                f"{self.shown}:{node['loc']['start']['line']}: require({rel!r}): no such file "
                f"{path}; DNSControl would stop here too"
            )
        module = self.conv.modules.get(path)
        if module is None:
            raise Untranslatable(node, f"require({rel!r}): its folder is not a Python name")
        return [f"\x00REQUIRE:{module}\x00{' ' * self.indent}\x00"]

    def require_json(self, node: Node, rel: str) -> Doc:
        if not rel.lower().endswith((".json", ".json5")):
            raise Untranslatable(node, f"require({rel!r}) of a file that is neither .js nor .json")
        path = self._resolve(rel)
        if path is None:
            raise Untranslatable(node, f"require({rel!r}) of a file outside {self.conv.root}")
        if not path.is_file():
            raise ConfigError(
                f"{self.shown}:{node['loc']['start']['line']}: require({rel!r}): no such file "
                f"{path}; DNSControl would stop here too"
            )
        self.conv.result.data_files.append(path)
        self.stdlib.update({"json", "pathlib"})
        return Cat(["json.loads(", self.path_doc(path), '.read_text(encoding="utf-8"))'])

    def path_doc(self, path: Path) -> str:
        here = self.path.parent
        try:
            rel = path.relative_to(here)
            base = "Path(__file__).parent"
        except ValueError:
            depth = len(here.relative_to(self.conv.root).parts)
            rel = path.relative_to(self.conv.root)
            base = f"Path(__file__).parents[{depth}]"
        q = self.quote
        return f"{base}.joinpath({py_string(rel.as_posix(), q)})"

    def require_glob(self, node: Node, rel: str) -> list[str]:
        pad = " " * self.indent
        args = node["arguments"]
        recursive = True
        if len(args) > 1:
            flag = args[1]
            if flag["type"] != "Literal" or not isinstance(flag["value"], bool):
                raise Untranslatable(node, "require_glob() with a computed second argument")
            recursive = bool(flag["value"])
        folder = self._resolve(rel)
        if folder is None or not folder.is_dir():
            raise ConfigError(
                f"{self.shown}:{node['loc']['start']['line']}: require_glob({rel!r}): no such "
                "folder; DNSControl would stop here too"
            )
        pattern = "**/*.js" if recursive else "*.js"
        shared = False
        for path in sorted(folder.glob(pattern)):
            if path.resolve() != self.conv.root_file:
                self.conv.convert_file(path, True, self.globals_here(), self.target_name)
                shared = shared or path.resolve() in self.conv.with_globals
        self.stdlib.update({"runpy", "pathlib"})
        py_pattern = "**/*.py" if recursive else "*.py"
        given = ", init_globals=globals()" if shared else ""
        run = f"runpy.run_path(str(_path){given})"
        return [
            pad + f'for _path in sorted({self.path_doc(folder)}.glob("{py_pattern}")):',
            pad + "    " + run,
        ]

    # -- functions --------------------------------------------------------------------------

    def function(self, name: str, node: Node) -> list[str]:
        pad = " " * self.indent
        if node.get("generator") or node.get("async") or node.get("isAsync"):
            raise Untranslatable(node, "a generator or async function")
        self.scope.names.add(name.rstrip("_") if name.endswith("_") else name)
        js_name = name[:-1] if name.endswith("_") and name[:-1] in _RESERVED else name
        params = self.params(node, self.conv.min_args.get(js_name))
        body_node = node["body"]
        inner = _Scope(set(_param_names(node)), function=True, parent=self.scope)
        if body_node["type"] == "BlockStatement":
            inner.names |= _declared(body_node["body"], top=False)
        saved_scope, saved_hoisted, saved_foreach = self.scope, self.hoisted, self.in_foreach
        self.scope, self.hoisted, self.in_foreach = inner, [], 0
        try:
            declarations = self.outer_assignments(body_node, inner)
            self.indent += 4
            if body_node["type"] == "BlockStatement":
                body = self.block(
                    body_node["body"], self.indent, body_node["range"][0],
                    body_node["range"][1], False,
                )  # fmt: skip
            else:
                body = self.hoisted + self.doc_lines(Cat(["return ", self.expr(body_node)[0]]))
                self.hoisted = []
            if not any(ln.strip() and not ln.strip().startswith("#") for ln in body):
                body.append(" " * self.indent + "pass")
            body = [" " * self.indent + d for d in declarations] + body
            self.indent -= 4
        finally:
            self.scope, self.hoisted, self.in_foreach = saved_scope, saved_hoisted, saved_foreach
        return [pad + f"def {name}({params}):", *body]

    def params(self, node: Node, given: int | None = None) -> str:
        """The parameters of a function; those after the first ``given`` (the fewest arguments
        a call passes) default to None, as JavaScript makes them ``undefined``."""
        out = []
        for n, p in enumerate(node["params"]):
            if p["type"] == "Identifier":
                omitted = given is not None and n >= given
                out.append(self.py_name(p["name"]) + ("=None" if omitted else ""))
            elif p["type"] == "AssignmentPattern" and p["left"]["type"] == "Identifier":
                default = flat(self.expr(p["right"])[0])
                out.append(f"{self.py_name(p['left']['name'])}={default}")
            elif p["type"] == "RestElement" and p["argument"]["type"] == "Identifier":
                out.append("*" + self.py_name(p["argument"]["name"]))
            else:
                raise Untranslatable(p, "this parameter")
        return ", ".join(out)

    def outer_assignments(self, body: Node, scope: _Scope) -> list[str]:
        """``global``/``nonlocal`` for the outer names a function body assigns to."""
        assigned: set[str] = set()
        for n in _walk_function_body(body):
            target = None
            if n.get("type") == "AssignmentExpression":
                target = n["left"]
            elif n.get("type") == "UpdateExpression":
                target = n["argument"]
            if target is not None and target.get("type") == "Identifier":
                assigned.add(target["name"])
        globals_, nonlocals = [], []
        for name in sorted(assigned - scope.names):
            outer = scope.parent
            found: _Scope | None = None
            while outer is not None:
                if name in outer.names:
                    found = outer
                    break
                outer = outer.parent
            if found is not None and found.function:
                nonlocals.append(self.py_name(name))
            else:
                globals_.append(self.py_name(name))
                if found is None:
                    self.top_names.add(name)
                    root = self.scope
                    while root.parent is not None:
                        root = root.parent
                    root.names.add(name)
        out = []
        if globals_:
            out.append("global " + ", ".join(globals_))
        if nonlocals:
            out.append("nonlocal " + ", ".join(nonlocals))
        return out

    def lambda_or_def(self, node: Node) -> Doc:
        """A function used as a value: a lambda when its body is one expression, otherwise a
        ``def`` written before the statement and named here."""
        body = _single_expression(node)
        if body is not None and not node.get("generator"):
            inner = _Scope(set(_param_names(node)), function=True, parent=self.scope)
            saved = self.scope
            self.scope = inner
            try:
                params = self.params(node)
                value = self.expr(body, _P_LAMBDA)[0]
            finally:
                self.scope = saved
            return Cat([f"lambda {params}: " if params else "lambda: ", value])
        self.counter += 1
        name = f"_fn_{node['loc']['start']['line']}_{self.counter}"
        saved_hoisted = self.hoisted
        self.hoisted = []
        lines = self.function(name, node)
        self.hoisted = saved_hoisted + self.hoisted + lines
        return name

    # -- expressions ------------------------------------------------------------------------

    def expr(self, node: Node, need: int = _P_LAMBDA) -> tuple[Doc, int]:
        doc, prec = self._expr(node)
        if prec < need:
            return Cat(["(", doc, ")"]), _P_ATOM
        return doc, prec

    def _expr(self, node: Node) -> tuple[Doc, int]:
        kind = node["type"]
        if kind == "Literal":
            if node.get("regex"):
                raise Untranslatable(node, "a regular expression")
            value = node["value"]
            if value is None:
                return "None", _P_ATOM
            if isinstance(value, bool):
                return ("True" if value else "False"), _P_ATOM
            if isinstance(value, str):
                return py_string(value, self.quote), _P_ATOM
            return _number(node), (_P_UNARY if str(node["raw"]).startswith("-") else _P_ATOM)
        if kind == "Identifier":
            return self.identifier(node), _P_ATOM
        if kind == "TemplateLiteral":
            return self.concat([node]), _P_ATOM
        if kind == "ArrayExpression":
            return self.array(node["elements"], node), _P_ATOM
        if kind == "ObjectExpression":
            return self.object(node), _P_ATOM
        if kind == "BinaryExpression":
            return self.binary(node)
        if kind == "LogicalExpression":
            op = node["operator"]
            if op == "??":
                raise Untranslatable(node, "the operator ??")
            word, prec = ("and", _P_AND) if op == "&&" else ("or", _P_OR)
            left = self.expr(node["left"], prec)[0]
            right = self.expr(node["right"], prec + 1)[0]
            return Cat([left, f" {word} ", right]), prec
        if kind == "UnaryExpression":
            op = node["operator"]
            if op == "!":
                return Cat(["not ", self.expr(node["argument"], _P_NOT)[0]]), _P_NOT
            if op in ("-", "+"):
                inner = self.expr(node["argument"], _P_UNARY)[0]
                return (Cat(["-", inner]) if op == "-" else inner), _P_UNARY
            raise Untranslatable(node, f"the operator {op}")
        if kind == "ConditionalExpression":
            default = self.cli_default(node)
            if default is not None:
                return default, _P_ATOM
            test = self.expr(node["test"], _P_IF + 1)[0]
            yes = self.expr(node["consequent"], _P_IF + 1)[0]
            no = self.expr(node["alternate"], _P_IF)[0]
            return Cat([yes, " if ", test, " else ", no]), _P_IF
        if kind == "MemberExpression":
            return self.member(node)
        if kind == "CallExpression":
            return self.call(node)
        if kind in ("FunctionExpression", "ArrowFunctionExpression"):
            return self.lambda_or_def(node), _P_LAMBDA
        if kind == "SpreadElement":
            return Cat(["*", self.expr(node["argument"], _P_ATOM)[0]]), _P_ATOM
        raise Untranslatable(node, _describe(node))

    def cli_default(self, node: Node) -> Doc | None:
        """``typeof v === "undefined" ? fallback : v`` (a ``-v`` variable with a default) as
        ``CLI_VARS.get("v", fallback)``."""
        test = node["test"]
        if test["type"] != "BinaryExpression" or test["operator"] not in ("===", "==", "!==", "!="):
            return None
        name = _typeof_undefined(test)
        if name is None or self.lookup(name) is not None:
            return None
        given, fallback = node["alternate"], node["consequent"]
        if test["operator"].startswith("!"):
            given, fallback = fallback, given
        if not _named(given, name):
            return None
        self.used_dsl.add("CLI_VARS")
        return Cat(
            ["CLI_VARS.get(", py_string(name, self.quote), ", ", self.expr(fallback)[0], ")"]
        )

    def binary(self, node: Node) -> tuple[Doc, int]:
        op = node["operator"]
        if op == "+" and _stringish(node):
            return self.concat(_flatten_plus(node)), _P_ATOM
        if op in ("===", "==", "!==", "!=") and _typeof_undefined(node) is not None:
            name = _typeof_undefined(node)
            assert name is not None
            negate = op.startswith("!")
            if self.lookup(name) is not None:
                return Cat([self.py_name(name), " is not None" if negate else " is None"]), _P_CMP
            self.used_dsl.add("CLI_VARS")
            test = " in CLI_VARS" if negate else " not in CLI_VARS"
            return Cat([py_string(name, self.quote), test]), _P_CMP
        if op in ("===", "==", "!==", "!="):
            left, right = node["left"], node["right"]
            if self._nothing(left):
                left, right = right, left
            if self._nothing(right) and not self._nothing(left):
                test = " is not None" if op.startswith("!") else " is None"
                return Cat([self.expr(left, _P_CMP + 1)[0], test]), _P_CMP
        if op not in _BINARY:
            raise Untranslatable(node, f"the operator {op}")
        word, prec = _BINARY[op]
        left = self.expr(node["left"], prec + (1 if prec == _P_CMP else 0))[0]
        right = self.expr(node["right"], prec + 1)[0]
        return Cat([left, f" {word} ", right]), prec

    def _nothing(self, node: Node) -> bool:
        """``undefined`` (not a local of that name) or ``null``: both are None in Python."""
        if node.get("type") == "Literal" and node.get("value") is None and not node.get("regex"):
            return True
        return _named(node, "undefined") and self.lookup("undefined") is None

    def concat(self, parts: list[Node]) -> Doc:
        """String concatenation and template literals as one f-string (or, when a part cannot
        sit inside one, as ``+`` of strings)."""
        pieces: list[str | Node] = []
        for part in parts:
            if part["type"] == "TemplateLiteral":
                for n, quasi in enumerate(part["quasis"]):
                    pieces.append(str(quasi["value"]["cooked"]))
                    if n < len(part["expressions"]):
                        pieces.append(part["expressions"][n])
            elif part["type"] == "Literal" and isinstance(part["value"], str):
                pieces.append(str(part["value"]))
            else:
                pieces.append(part)
        saved = self.quote
        self.quote = "'"
        texts: list[str | None] = []
        try:
            for piece in pieces:
                if isinstance(piece, str):
                    continue
                text = flat(self.expr(piece, _P_IF)[0])
                ok = text is not None and not any(ch in text for ch in _NOT_IN_FSTRING)
                ok = ok and "f'" not in (text or "")
                texts.append(text if ok else None)
        finally:
            self.quote = saved
        if all(t is not None for t in texts):
            out, k = [], 0
            for piece in pieces:
                if isinstance(piece, str):
                    out.append(py_string(piece, '"', fstring=True)[2:-1])
                else:
                    out.append("{" + (texts[k] or "") + "}")
                    k += 1
            if k == 0:
                return py_string("".join(p for p in pieces if isinstance(p, str)), self.quote)
            return 'f"' + "".join(out) + '"'
        docs: list[Doc] = []
        for piece in pieces:
            if isinstance(piece, str):
                if piece:
                    docs.append(py_string(piece, self.quote))
            else:
                docs.append(Cat(["str(", self.expr(piece)[0], ")"]))
        joined: list[Doc] = []
        for n, d in enumerate(docs):
            if n:
                joined.append(" + ")
            joined.append(d)
        return Cat(["(", *joined, ")"]) if len(docs) > 1 else (docs[0] if docs else '""')

    def array(self, elements: list[Node | None], node: Node) -> Seq:
        if any(e is None for e in elements):
            raise Untranslatable(node, "an array with holes")
        items = self.items(elements, node["range"][0] + 1, node)
        return Seq("[", "]", items, node["loc"]["start"]["line"])

    def object(self, node: Node) -> Seq:
        entries: list[Node] = node["properties"]
        docs: list[Doc] = []
        for prop in entries:
            if prop["type"] == "SpreadElement":
                docs.append(Cat(["**", self.expr(prop["argument"], _P_ATOM)[0]]))
                continue
            if prop.get("method") or prop.get("kind") != "init":
                raise Untranslatable(prop, "a method in an object literal")
            key = prop["key"]
            if prop.get("computed"):
                key_doc: Doc = self.expr(key)[0]
            elif key["type"] == "Identifier":
                key_doc = py_string(key["name"], self.quote)
            elif isinstance(key.get("value"), str):
                key_doc = py_string(key["value"], self.quote)
            else:
                key_doc = _number(key)
            docs.append(Cat([key_doc, ": ", self.expr(prop["value"])[0]]))
        items = self.comment_items(entries, docs, node["range"][0] + 1, node["range"][1])
        return Seq("{", "}", items, node["loc"]["start"]["line"])

    def items(self, nodes: list[Any], start: int, container: Node) -> list[Item]:
        docs: list[Doc | list[str]] = []
        for n in nodes:
            try:
                docs.append(self.expr(n)[0])
            except Untranslatable as exc:
                docs.append(self.commented(n, exc.reason))
        return self.comment_items(nodes, docs, start, container["range"][1])

    def comment_items(self, nodes: list[Node], docs: list[Any], start: int, end: int) -> list[Item]:
        items: list[Item] = []
        prev_end, prev_line = start, -1
        for n, doc in zip(nodes, docs, strict=True):
            leading: list[str] = []
            for c in self.take(prev_end, n["range"][0]):
                if items and c["loc"]["start"]["line"] == prev_line and items[-1].trailing is None:
                    items[-1].trailing = " ".join(_comment_lines(c))
                else:
                    leading.extend(_comment_lines(c))
            if isinstance(doc, list):
                items.append(Item("", n["loc"]["start"]["line"], leading, None, doc))
            else:
                items.append(Item(doc, n["loc"]["start"]["line"], leading))
            prev_end, prev_line = n["range"][1], n["loc"]["end"]["line"]
        end_comments: list[str] = []
        for c in self.take(prev_end, end):
            if items and c["loc"]["start"]["line"] == prev_line and items[-1].trailing is None:
                items[-1].trailing = " ".join(_comment_lines(c))
            else:
                end_comments.extend(_comment_lines(c))
        if end_comments:
            items.append(Item("", -1, [], None, end_comments))
        return items

    def args(self, node: Node) -> list[Item]:
        return self.items(node["arguments"], node["callee"]["range"][1], node)

    def member(self, node: Node) -> tuple[Doc, int]:
        obj = node["object"]
        if node["computed"]:
            target = self.expr(obj, _P_ATOM)[0]
            return Cat([target, "[", self.expr(node["property"])[0], "]"]), _P_ATOM
        prop = node["property"]["name"]
        if _named(obj, "Math", "JSON", "Object", "Number") and self.lookup(obj["name"]) is None:
            raise Untranslatable(node, f"{obj['name']}.{prop}")
        target = self.expr(obj, _P_ATOM)[0]
        if prop == "length":
            return Cat(["len(", target, ")"]), _P_ATOM
        return Cat([target, "[", py_string(prop, self.quote), "]"]), _P_ATOM

    def call(self, node: Node) -> tuple[Doc, int]:
        callee = node["callee"]
        line = node["loc"]["start"]["line"]
        args = node["arguments"]
        require = _require_call(node)
        if require is not None:
            if require[0] == "require" and not require[1].endswith(".js"):
                return self.require_json(node, require[1]), _P_ATOM
            raise Untranslatable(node, f"{require[0]}() used as a value")
        if callee["type"] == "Identifier":
            name = callee["name"]
            if self.lookup(name) is None and name not in self.conv.dsl_names:
                if name in self.required:
                    pass
                elif name in ("parseInt", "String") and args:
                    fn = "int" if name == "parseInt" else "str"
                    return Cat([f"{fn}(", self.expr(args[0])[0], ")"]), _P_ATOM
                else:
                    raise Untranslatable(node, f"a call of the unknown function {name}()")
            fn = self.identifier(callee)
            return Cat([fn, Seq("(", ")", self.args(node), line)]), _P_ATOM
        if callee["type"] != "MemberExpression" or callee["computed"]:
            raise Untranslatable(node, "a call of a computed function")
        method = callee["property"]["name"]
        obj = callee["object"]
        if _named(obj, "Object") and self.lookup("Object") is None:
            if method == "keys" and len(args) == 1:
                return Cat(["list(", self.expr(args[0])[0], ")"]), _P_ATOM
            if method == "values" and len(args) == 1:
                return Cat(["list(", self.expr(args[0], _P_ATOM)[0], ".values())"]), _P_ATOM
            raise Untranslatable(node, f"Object.{method}()")
        if _named(obj, "Math", "JSON", "console", "Number") and self.lookup(obj["name"]) is None:
            raise Untranslatable(node, f"{obj['name']}.{method}()")
        target = self.expr(obj, _P_ATOM)[0]
        if method in ("map", "filter") and len(args) == 1:
            return self.comprehension(method, target, args[0]), _P_ATOM
        if method == "concat":
            parts: list[Doc] = [target]
            for a in args:
                parts += [" + ", self.expr(a, _P_ADD + 1)[0]]
            return Cat(parts), _P_ADD
        if method == "join" and len(args) <= 1:
            sep = self.expr(args[0], _P_ATOM)[0] if args else '","'
            return Cat([sep, ".join(", target, ")"]), _P_ATOM
        if method == "includes" and len(args) == 1:
            return Cat([self.expr(args[0], _P_CMP + 1)[0], " in ", target]), _P_CMP
        if method == "slice" and len(args) <= 2:
            bounds = [flat(self.expr(a)[0]) or "" for a in args]
            if len(bounds) == 1:
                bounds.append("")
            return Cat([target, "[", ":".join(bounds), "]"]), _P_ATOM
        if method == "replace" and len(args) == 2 and isinstance(args[0].get("value"), str):
            items = [*self.args(node), Item("1", line)]
            return Cat([target, ".replace", Seq("(", ")", items, line)]), _P_ATOM
        if method == "toString" and not args:
            return Cat(["str(", target, ")"]), _P_ATOM
        if method in _METHODS:
            call = Seq("(", ")", self.args(node), line)
            return Cat([target, "." + _METHODS[method], call]), _P_ATOM
        raise Untranslatable(node, f"a call of the unknown method .{method}()")

    def comprehension(self, method: str, target: Doc, fn: Node) -> Doc:
        if fn["type"] not in ("FunctionExpression", "ArrowFunctionExpression"):
            call = flat(self.expr(fn, _P_ATOM)[0])
            if method == "map":
                return Cat(["[", f"{call}(_item) for _item in ", target, "]"])
            return Cat(["[_item for _item in ", target, f" if {call}(_item)]"])
        params = fn["params"]
        if not params or len(params) > 2 or any(p["type"] != "Identifier" for p in params):
            raise Untranslatable(fn, f"this .{method}() callback")
        body = _single_expression(fn)
        if body is None:
            name = self.lambda_or_def(fn)
            names = [self.py_name(p["name"]) for p in params]
            if method == "filter":
                raise Untranslatable(fn, "a .filter() callback with statements")
            loop_var = names[0] if len(names) == 1 else f"{names[1]}, {names[0]}"
            over: Doc = target if len(names) == 1 else Cat(["enumerate(", target, ")"])
            return Cat(["[", f"{name}({', '.join(names)}) for {loop_var} in ", over, "]"])
        inner = _Scope({p["name"] for p in params}, function=True, parent=self.scope)
        saved = self.scope
        self.scope = inner
        try:
            value = self.expr(body, _P_IF + 1 if method == "filter" else _P_LAMBDA + 1)[0]
        finally:
            self.scope = saved
        names = [self.py_name(p["name"]) for p in params]
        loop_var = names[0] if len(names) == 1 else f"{names[1]}, {names[0]}"
        over = target if len(names) == 1 else Cat(["enumerate(", target, ")"])
        if method == "map":
            return Cat(["[", value, f" for {loop_var} in ", over, "]"])
        return Cat([f"[{names[0]} for {loop_var} in ", over, " if ", value, "]"])


# ---------------------------------------------------------------------------------------------
# Helpers on the syntax tree.


def _literal_kinds(tree: Node) -> dict[str, str]:
    """``name -> "ArrayExpression"`` (or ``"ObjectExpression"``) for each name of ``tree`` that
    every declaration and assignment binds to a literal of that one kind."""
    seen: dict[str, set[str]] = {}
    for node in _walk(tree):
        kind = node.get("type")
        if kind == "VariableDeclarator" and node["id"].get("type") == "Identifier":
            value = node.get("init")
            seen.setdefault(node["id"]["name"], set()).add(value["type"] if value else "")
        elif kind == "AssignmentExpression" and node["left"].get("type") == "Identifier":
            seen.setdefault(node["left"]["name"], set()).add(node["right"]["type"])
    literal = {"ArrayExpression", "ObjectExpression"}
    return {
        name: kinds.pop() for name, kinds in seen.items() if len(kinds) == 1 and kinds <= literal
    }


def _walk(node: Any) -> Iterator[Node]:
    if isinstance(node, list):
        for n in node:
            yield from _walk(n)
    elif isinstance(node, dict):
        if "type" in node:
            yield node
        for key, value in node.items():
            if key not in ("loc", "range") and isinstance(value, dict | list):
                yield from _walk(value)


def _walk_function_body(node: Any) -> Iterator[Node]:
    """Like :func:`_walk`, without going into nested functions."""
    yield from _walk_pruned(node, lambda n: n.get("type") in _FUNCTIONS)


def _walk_loop_body(node: Any) -> Iterator[Node]:
    loops = ("ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement",
             "DoWhileStatement", *_FUNCTIONS)  # fmt: skip
    yield from _walk_pruned(node, lambda n: n.get("type") in loops)


def _walk_pruned(node: Any, prune: Callable[[Node], bool], first: bool = True) -> Iterator[Node]:
    if isinstance(node, list):
        for n in node:
            yield from _walk_pruned(n, prune, first)
        return
    if not isinstance(node, dict):
        return
    if "type" in node:
        if not first and prune(node):
            return
        yield node
    for key, value in node.items():
        if key not in ("loc", "range") and isinstance(value, dict | list):
            yield from _walk_pruned(value, prune, False)


def _declared(body: list[Node], top: bool) -> set[str]:
    """The names a function body (or the file) declares: ``var``/``let``/``const`` anywhere
    outside nested functions, and its function declarations."""
    names: set[str] = set()
    for n in _walk_pruned(body, lambda n: n.get("type") in _FUNCTIONS):
        if n["type"] == "VariableDeclarator" and n["id"]["type"] == "Identifier":
            names.add(n["id"]["name"])
        elif n["type"] == "VariableDeclarator":
            names.update(i["name"] for i in _walk(n["id"]) if i["type"] == "Identifier")
    for n in _walk(body):
        if n["type"] == "FunctionDeclaration" and n.get("id"):
            names.add(n["id"]["name"])
            if top:
                continue
    if not top:
        names |= {
            n["id"]["name"]
            for n in _walk_pruned(body, lambda n: n.get("type") in _FUNCTIONS)
            if n["type"] == "FunctionDeclaration"
        }
    return names


def _param_names(node: Node) -> list[str]:
    out = []
    for p in node["params"]:
        if p["type"] == "Identifier":
            out.append(p["name"])
        elif p["type"] == "AssignmentPattern" and p["left"]["type"] == "Identifier":
            out.append(p["left"]["name"])
        elif p["type"] == "RestElement" and p["argument"]["type"] == "Identifier":
            out.append(p["argument"]["name"])
    return out


def _single_expression(fn: Node) -> Node | None:
    body: Node = fn["body"]
    if body["type"] != "BlockStatement":
        return body
    stmts = body["body"]
    if len(stmts) == 1 and stmts[0]["type"] == "ReturnStatement" and stmts[0]["argument"]:
        result: Node = stmts[0]["argument"]
        return result
    return None


def _require_call(node: Node) -> tuple[str, str] | None:
    if node.get("type") != "CallExpression":
        return None
    callee = node["callee"]
    if callee["type"] != "Identifier" or callee["name"] not in ("require", "require_glob"):
        return None
    args = node["arguments"]
    if not args or args[0]["type"] != "Literal" or not isinstance(args[0]["value"], str):
        return None
    return str(callee["name"]), str(args[0]["value"])


def _stringish(node: Node) -> bool:
    """Whether a ``+`` makes a string: one of its operands (left to right, from where a string
    first appears) is a string literal or a template."""
    if node["type"] == "TemplateLiteral":
        return True
    if node["type"] == "Literal" and isinstance(node["value"], str):
        return True
    if node["type"] == "BinaryExpression" and node["operator"] == "+":
        return _stringish(node["left"]) or _stringish(node["right"])
    return False


def _flatten_plus(node: Node) -> list[Node]:
    if node["type"] == "BinaryExpression" and node["operator"] == "+" and _stringish(node["left"]):
        return [*_flatten_plus(node["left"]), node["right"]]
    if node["type"] == "BinaryExpression" and node["operator"] == "+":
        return [node["left"], node["right"]]
    return [node]


def _typeof_undefined(node: Node) -> str | None:
    left, right = node["left"], node["right"]
    if right.get("type") == "UnaryExpression":
        left, right = right, left
    if (
        left.get("type") == "UnaryExpression"
        and left["operator"] == "typeof"
        and left["argument"]["type"] == "Identifier"
        and right.get("type") == "Literal"
        and right.get("value") == "undefined"
    ):
        return str(left["argument"]["name"])
    return None


def _counted_loop(
    init: Node | None, test: Node | None, update: Node | None, body: Node
) -> tuple[str, Node, Node, bool] | None:
    """``for (var i = a; i < b; i++)`` as (i, a, b, inclusive), when the body leaves i alone."""
    if init is None or test is None or update is None:
        return None
    if init["type"] == "VariableDeclaration" and len(init["declarations"]) == 1:
        decl = init["declarations"][0]
        if decl["id"]["type"] != "Identifier" or decl["init"] is None:
            return None
        var, start = decl["id"]["name"], decl["init"]
    elif init["type"] == "AssignmentExpression" and init["left"]["type"] == "Identifier":
        var, start = init["left"]["name"], init["right"]
    else:
        return None
    if not (
        test["type"] == "BinaryExpression"
        and test["operator"] in ("<", "<=")
        and test["left"].get("type") == "Identifier"
        and test["left"]["name"] == var
    ):
        return None
    step = (update["type"] == "UpdateExpression" and update["operator"] == "++") or (
        update["type"] == "AssignmentExpression"
        and update["operator"] == "+="
        and update["right"].get("type") == "Literal"
        and update["right"].get("value") == 1
    )
    target = update.get("argument") or update.get("left") or {}
    if not step or target.get("type") != "Identifier" or target.get("name") != var:
        return None
    for n in _walk(body):
        t = n.get("left") if n["type"] == "AssignmentExpression" else n.get("argument")
        if n["type"] in ("AssignmentExpression", "UpdateExpression") and t and t.get("name") == var:
            return None
    return var, start, test["right"], test["operator"] == "<="


def _is_zero(node: Node) -> bool:
    return node.get("type") == "Literal" and node.get("value") == 0


def _describe(node: Node) -> str:
    words = re.sub(r"(?<!^)([A-Z])", r" \1", str(node["type"])).lower()
    return f"a {words}" if words[0] not in "aeiou" else f"an {words}"


def _import_key(name: str) -> tuple[int, str]:
    """isort's order-by-type, as ruff applies it: CONSTANTS, Classes, then other names."""
    if len(name) > 1 and name.isupper():
        return 0, name.lower()
    if name[:1].isupper():
        return 1, name.lower()
    return 2, name.lower()


def _from_import(module: str, names: set[str]) -> list[str]:
    ordered = sorted(names, key=_import_key)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LIMIT:
        return [line]
    return [f"from {module} import (", *(f"    {n}," for n in ordered), ")"]


def convert(path: str | Path, target: str | Path | None = None) -> Conversion:
    """Translate the ``dnsconfig.js`` at ``path`` and every file it requires. Raises
    :class:`ConfigError` for a file that cannot be read or parsed; untranslatable constructs
    are warnings (and comments in the output)."""
    from dnsframe import dsl

    source = Path(path)
    if not source.is_file():
        raise ConfigError(
            f"{path}: no such file; name your DNSControl config: dnsframe convert dnsconfig.js"
        )
    out = Path(target) if target is not None else source.with_name("dnsconfig.py")
    conv = _Converter(source, out.resolve(), set(dsl.__all__))
    conv.prescan(source)
    conv.convert_file(source, as_module=False)
    conv.result.files.sort(key=lambda f: (f.source != conv.root_file, str(f.target)))
    seen: dict[Path, Path] = {}
    for f in conv.result.files:
        if f.target in seen:
            raise ConfigError(
                f"{conv.shown(f.source)} and {conv.shown(seen[f.target])} would both be "
                f"converted to {f.target}; rename one of them"
            )
        seen[f.target] = f.source
    root_target = conv.result.files[0].target
    if len(conv.result.files) > 1 and root_target.parent != conv.root:
        raise ConfigError(
            f"{target}: the Python config must be written in the folder of {source.name} "
            f"({conv.root}), since it imports the files converted beside their JavaScript"
        )
    return conv.result


def write_conversion(conversion: Conversion, folder: str | Path | None, force: bool) -> Path:
    """Write the converted files: beside their sources, or (``folder``) into a copy of the
    tree with the data files the Python reads. A file that exists and was not written by
    ``convert`` is overwritten only with ``force``; nothing is written if one would be.
    Returns the path of the Python config."""
    root = conversion.root
    if folder is not None:
        base = Path(folder)
        places = [
            (f, base / f.target.relative_to(root) if f.target.is_relative_to(root) else
             base / f.target.name)
            for f in conversion.files
        ]  # fmt: skip
        for data in conversion.data_files:
            copy = base / data.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data.read_bytes())
    else:
        places = [(f, f.target) for f in conversion.files]
    if not force:
        for _, path in places:
            if path.is_file():
                try:
                    first = path.read_text(encoding="utf-8").partition("\n")[0]
                except (OSError, UnicodeError):
                    first = ""
                if not first.startswith(MARKER):
                    raise ConfigError(
                        f"{path}: exists and was not written by dnsframe convert; move it away, "
                        "name another file with -o, or give --force to overwrite it"
                    )
    for f, path in places:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f.text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot be written: {exc.strerror}") from None
    return places[0][1]


__all__ = ["MARKER", "Conversion", "ConvertWarning", "ConvertedFile", "convert", "write_conversion"]
