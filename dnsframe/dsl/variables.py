"""Variables from the command line: ``dnsframe preview -v view=internal`` and ``CLI_VARS``.

DNSControl makes each ``-v name=value`` a global variable of ``dnsconfig.js``. In Python they are
one read-only mapping instead, :data:`CLI_VARS`: a name given on the command line can then never
shadow a DSL function or a builtin (``-v type=x``, ``-v D=y``), an editor or linter sees one
defined name instead of names that appear from nowhere, and a default is written where the value
is read (``CLI_VARS.get("view", "external")``). Reading a name that was not given
(``CLI_VARS["view"]``) is an error at that line of the config, listing the names that were; it
is also a ``KeyError``, so ``in``, ``.get()`` and ``except KeyError`` work as on any mapping.
``CLI_DEFAULTS({"view": "external"})`` sets values for the names not given, as DNSControl's
function of that name does. Values given with ``-v`` are strings, as in DNSControl.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from dnsframe.dsl.state import DslError, active_state, caller_pos, where


class UndefinedVariable(DslError, KeyError):
    """``CLI_VARS[name]`` for a name that neither ``-v`` nor ``CLI_DEFAULTS`` gave."""

    def __str__(self) -> str:  # KeyError would quote the message
        return DslError.__str__(self)


def _values() -> Mapping[str, Any]:
    state = active_state()
    return state.cli_vars if state is not None else {}


class CliVariables(Mapping[str, Any]):
    """The variables of the evaluation running now (``-v name=value``, then ``CLI_DEFAULTS``);
    read-only. Outside an evaluation it is empty."""

    def __getitem__(self, name: str) -> Any:
        values = _values()
        if name in values:
            return values[name]
        state = active_state()
        given = state.cli_given if state is not None else ()
        defaulted = [n for n in values if n not in given]
        names = f"given with -v: {', '.join(given) if given else 'none'}"
        if defaulted:
            names += f"; from CLI_DEFAULTS: {', '.join(defaulted)}"
        quoted = json.dumps(name)
        raise UndefinedVariable(
            f"{where(caller_pos())}CLI_VARS[{quoted}]: no variable {quoted} was given ({names}). "
            f"Run with -v {name}=VALUE, or give it a default: CLI_VARS.get({quoted}, ...), or "
            f"CLI_DEFAULTS({{{quoted}: ...}}) before this line"
        )

    def get(self, name: str, default: Any = None) -> Any:
        return _values().get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in _values()

    def __iter__(self) -> Iterator[str]:
        return iter(dict(_values()))

    def __len__(self) -> int:
        return len(_values())

    def __repr__(self) -> str:
        return f"CLI_VARS({dict(_values())!r})"


#: The variables given with ``-v name=value`` (and ``CLI_DEFAULTS``), by name.
CLI_VARS = CliVariables()


def CLI_DEFAULTS(defaults: Mapping[str, Any] | None = None, **more: Any) -> None:
    """``CLI_DEFAULTS({"view": "external"})`` (or ``CLI_DEFAULTS(view="external")``): the
    value of each variable that ``-v`` did not give (nor an earlier ``CLI_DEFAULTS``)."""
    pos = caller_pos()
    if defaults is not None and not isinstance(defaults, Mapping):
        raise DslError(
            f"{where(pos)}CLI_DEFAULTS() takes a dict of names and values, got "
            f"{type(defaults).__name__}"
        )
    wanted = {**(defaults or {}), **more}
    bad = [repr(k) for k in wanted if not isinstance(k, str) or not k]
    if bad:
        raise DslError(
            f"{where(pos)}CLI_DEFAULTS(): a variable's name is a non-empty string, not "
            + ", ".join(bad)
        )
    state = active_state()
    if state is None:
        raise DslError(
            "CLI_DEFAULTS() works only while dnsframe evaluates dnsconfig.py (dnsframe check, "
            "preview, push, print-ir)"
        )
    for name, value in wanted.items():
        state.cli_vars.setdefault(name, value)
