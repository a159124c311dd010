"""Running ``dnsconfig.py``: plain Python with the DSL in scope, turned into a :class:`Config`.

The config may define functions, loop, and import modules that sit next to it. A Python error in
it (or in those modules) is reported at the config's own line, not inside dnsframe.
"""

from __future__ import annotations

import builtins
import contextlib
import difflib
import os
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from dnsframe import dsl
from dnsframe.compiled import compile_config
from dnsframe.errors import ConfigError, DnsframeError
from dnsframe.model import Config


def load_config(path: str | os.PathLike[str], variables: Mapping[str, str] | None = None) -> Config:
    """Evaluate the config file at ``path``, with ``variables`` (``-v name=value``) as its
    ``CLI_VARS``. Raises :class:`ConfigError` listing every problem.

    A path ending in ``.js`` is a DNSControl ``dnsconfig.js``, run by
    :func:`dnsframe.jsconfig.load_js_config`; so is a ``dnsconfig.py`` that does not exist when
    a ``dnsconfig.js`` is beside it."""
    p = Path(path)
    shown = str(path)
    if p.suffix.lower() == ".js":
        return _load_js(path, variables)
    if p.name == "dnsconfig.py" and not p.exists() and p.with_name("dnsconfig.js").is_file():
        return _load_js(os.path.join(os.path.dirname(path), "dnsconfig.js"), variables)
    if not p.is_file():
        raise ConfigError(
            f"{shown}: no such file. Run dnsframe init to write a starter dnsconfig.py and "
            "creds.json, or name the file with --config FILE."
        )
    try:
        source = p.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise ConfigError(f"{shown}: cannot be read: {exc}") from None
    nul = source.find("\x00")
    if nul != -1:
        line = source.count("\n", 0, nul) + 1
        column = nul - source.rfind("\n", 0, nul)
        raise ConfigError(
            f"{shown}:{line}: a NUL byte (column {column}), which Python source cannot hold; the "
            "file may be damaged, or saved as UTF-16: save it again as UTF-8 text"
        )
    resolved = p.resolve()
    config_dir = str(resolved.parent)
    state = dsl.EvalState(
        config_dir=config_dir, cli_vars=dict(variables or {}), cli_given=tuple(variables or ())
    )
    try:
        code = compile_config(source, str(resolved))
    except SyntaxError as exc:
        raise ConfigError(_syntax_problem(exc, state)) from None

    scope: dict[str, object] = {
        "__name__": "__dnsconfig__",
        "__file__": str(resolved),
        "__builtins__": builtins,
    }
    scope.update({name: getattr(dsl, name) for name in dsl.__all__})
    modules_before = set(sys.modules)
    sys.path.insert(0, config_dir)
    try:
        with dsl.evaluation(state):
            exec(code, scope)
    except DnsframeError as exc:
        raise ConfigError([*state.problems, str(exc)]) from None
    except SyntaxError as exc:  # in a module the config imports
        raise ConfigError([*state.problems, _syntax_problem(exc, state)]) from None
    except Exception as exc:
        raise ConfigError([*state.problems, _runtime_problem(exc, state, shown)]) from exc
    finally:
        with contextlib.suppress(ValueError):
            sys.path.remove(config_dir)
        _forget_modules(modules_before, config_dir)
    config = Config(
        file=shown,
        domains=tuple(d.freeze() for d in state.domains.values()),
        registrars=tuple(r for (k, _), r in state.providers.items() if k == "registrar"),
        dns_providers=tuple(r for (k, _), r in state.providers.items() if k == "dns"),
    )
    problems = [*state.problems, *state.never_placed()]
    if problems:
        raise ConfigError(problems, partial=config)
    return config


def _load_js(path: str | os.PathLike[str], variables: Mapping[str, str] | None) -> Config:
    from dnsframe.jsconfig import load_js_config

    return load_js_config(path, variables)


#: How much of a line a syntax error shows; a longer line is cut around the error's column.
SHOWN_LINE = 100


def _syntax_problem(exc: SyntaxError, state: dsl.EvalState) -> str:
    where = state.display_path(exc.filename or "?")
    line = f"{where}:{exc.lineno}" if exc.lineno else where
    text = f"\n    {exc.text.rstrip()}" if exc.text else ""
    whole, offset = _whole_line(exc)
    if whole is not None and len(whole) > SHOWN_LINE:
        text = "\n    " + "\n    ".join(_cut_line(whole, offset))
    return f"{line}: Python syntax error: {exc.msg}{text}"


def _whole_line(exc: SyntaxError) -> tuple[str | None, int | None]:
    """The whole line of a syntax error and its column: Python cuts a long line of a file to
    about 1000 characters, and its column with it, so the file is compiled again as a string."""
    if not exc.filename or not exc.lineno or not os.path.isfile(exc.filename):
        return (exc.text.rstrip() if exc.text else None), exc.offset
    try:
        source = Path(exc.filename).read_text(encoding="utf-8")
        compile(source, "<string>", "exec", dont_inherit=True)
    except SyntaxError as again:
        if again.lineno == exc.lineno and again.text:
            return again.text.rstrip(), again.offset
    except (OSError, UnicodeError, ValueError):
        pass
    return (exc.text.rstrip() if exc.text else None), exc.offset


def _cut_line(text: str, offset: int | None) -> tuple[str, str]:
    """A long line cut to :data:`SHOWN_LINE` characters around ``offset`` (the error's column,
    from 1), and the line below it that marks that column with ``^``."""
    column = min(max((offset or 1) - 1, 0), len(text))
    start = max(0, min(column - SHOWN_LINE // 2, len(text) - SHOWN_LINE))
    end = start + SHOWN_LINE
    before = "..." if start > 0 else ""
    after = "..." if end < len(text) else ""
    shown = before + text[start:end] + after
    return shown, " " * (len(before) + column - start) + f"^ (column {column + 1})"


def _runtime_problem(exc: Exception, state: dsl.EvalState, shown: str) -> str:
    """The exception, at the deepest line of the user's own files that it passed through."""
    where = shown
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        filename = frame.filename
        if filename.startswith(state.config_dir) and not filename.startswith(dsl.PACKAGE_DIR):
            where = f"{state.display_path(filename)}:{frame.lineno}"
            break
    message = str(exc)
    if isinstance(exc, NameError) and exc.name:
        close = difflib.get_close_matches(exc.name, dsl.__all__, n=1)
        if close:
            message += f"; did you mean {close[0]}?"
    return (
        f"{where}: {type(exc).__name__}: {message}" if message else f"{where}: {type(exc).__name__}"
    )


def _forget_modules(before: set[str], config_dir: str) -> None:
    """Unload the config's sibling modules (those imported from its folder), so that a second
    evaluation in the same process reads them afresh."""
    folder = Path(config_dir)
    new = set(sys.modules) - before
    tops: dict[str, bool] = {}
    for name in sorted(new):
        top = name.partition(".")[0]
        if top not in tops:
            sibling = (folder / f"{top}.py").is_file() or (folder / top / "__init__.py").is_file()
            if not sibling and (folder / top).is_dir():  # a folder without __init__.py
                places = getattr(sys.modules.get(top), "__path__", None) or []
                sibling = any(Path(p).resolve() == (folder / top).resolve() for p in places)
            tops[top] = sibling and top != "dnsframe"
        if tops[top]:
            sys.modules.pop(name, None)
