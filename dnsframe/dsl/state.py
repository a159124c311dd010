"""The state of one evaluation of a config, where the user wrote each call, and the DSL's error.

:func:`evaluation` makes a state the active one while ``dnsconfig.py`` runs; the DSL functions
add to it, and record every problem with the file and line of the user's call.
"""

from __future__ import annotations

import ast
import itertools
import linecache
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, FrameType
from typing import Any, Literal, TypeVar

from dnsframe.dsl.values import DomainModifier, Invalid, RecordSpec
from dnsframe.errors import ConfigError
from dnsframe.model import (
    DnsProviderUse,
    Domain,
    IgnoreRule,
    Nameserver,
    ProviderKind,
    ProviderRef,
    Record,
    Safety,
    SourcePos,
    freeze_metadata,
)

DEFAULT_TTL = 300

T = TypeVar("T")

#: The folder of the dnsframe package. A frame of code in it (the DSL, the record types, the
#: builders) is dnsframe's own; the first frame outside it is the user's.
PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
#: The file names of frames that are not the user's: dnsframe's, and Python's frozen modules.
_NOT_USERS = (PACKAGE_DIR, "<frozen")


class DslError(ConfigError):
    """A misuse of a DSL function that cannot be collected and carried on from."""


#: The position a DSL call is at when it is not made by Python code (a ``dnsconfig.js`` call,
#: replayed by :mod:`dnsframe.jsconfig`): set by :func:`pinned_at`, read before any frame.
_pinned: ContextVar[SourcePos | None] = ContextVar("dnsframe_pinned_pos", default=None)


@contextmanager
def pinned_at(pos: SourcePos | None) -> Iterator[None]:
    """Inside the block, :func:`caller_pos` is ``pos`` and :func:`call_site` is None: the DSL
    calls made there come from another language, which said where they are written."""
    token = _pinned.set(pos)
    try:
        yield
    finally:
        _pinned.reset(token)


def caller_pos(state: EvalState | None = None) -> SourcePos | None:
    """The file and line in the user's code that called into the DSL (``state``: the active
    evaluation, when the caller has it at hand)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        if not frame.f_code.co_filename.startswith(_NOT_USERS):
            if state is None:
                state = _active.get()
            if state is None:
                return SourcePos(frame.f_code.co_filename, frame.f_lineno)
            return state.position(frame)
        frame = frame.f_back
    return None


#: Code objects larger than this (in bytes of bytecode) get a line cursor: ``frame.f_lineno``
#: walks the code's line table from its start, which made a config of one record per line
#: quadratic (10,000 records: 3 s; 100,000: minutes).
_BIG_CODE = 4096


class _LineCursor:
    """The lines of one large code object, read from its line table (``co_lines()``) as the
    code runs: the calls of a long config come in the order of its lines, so each entry of the
    table is read once; a call before the last one read (a loop) starts the reading again."""

    __slots__ = ("_end", "_entries", "_line", "_start", "code")

    def __init__(self, code: CodeType) -> None:
        self.code = code
        self._restart()

    def _restart(self) -> None:
        self._entries = self.code.co_lines()
        self._start, self._end = 0, 0
        self._line: int | None = None

    def line_at(self, offset: int) -> int | None:
        """The line of the instruction at ``offset`` (``frame.f_lasti``)."""
        if offset < self._start:
            self._restart()
        elif offset < self._end:
            return self._line
        for start, end, line in self._entries:  # a line has several entries: skip them fast
            if offset < end:
                self._start, self._end, self._line = start, end, line
                return line
        self._restart()
        return None


#: Where the user's code is calling into the DSL: its code object and the instruction, kept
#: (cheaply) so that the call's source can be read later, only if a message needs it.
CallSite = tuple[CodeType, int]


def call_site() -> CallSite | None:
    """The call into the DSL that the user's code is making now, for :func:`call_arguments`."""
    if _pinned.get() is not None:
        return None
    frame: FrameType | None = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(PACKAGE_DIR):
        frame = frame.f_back
    return None if frame is None else (frame.f_code, frame.f_lasti)


def call_arguments(site: CallSite) -> list[str | None] | None:
    """The source text of each argument of the DSL call at ``site`` (``D("example.tld", REG,
    mail())`` gives ``['"example.tld"', 'REG', 'mail()']``), None for an argument that is not
    a plain one (``*rest``, ``key=...``), or None when the call's source cannot be found.
    Reading the source costs time: call it only for a message."""
    code, lasti = site
    index = lasti // 2
    found = next(itertools.islice(code.co_positions(), index, None), None)
    if found is None:
        return None
    start, end, col, end_col = found
    if start is None or end is None or col is None or end_col is None:
        return None
    lines = linecache.getlines(code.co_filename)[start - 1 : end]
    if not lines:
        return None
    lines[-1] = lines[-1][:end_col]
    lines[0] = lines[0][col:]
    text = "".join(lines).strip()
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call):
        return None
    out: list[str | None] = []
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            out.append(None)
            break  # the positions of the arguments after it are not known
        segment = ast.get_source_segment(text, arg)
        out.append(" ".join(segment.split()) if segment else None)
    return out


def where(pos: SourcePos | None) -> str:
    """``"file:line: "`` to put before a message, or nothing when the place is unknown."""
    return f"{pos}: " if pos else ""


@dataclass
class DomainDraft:
    """A domain while ``D()`` and ``D_EXTEND()`` add to it."""

    name: str
    unicode_name: str
    tag: str | None
    registrar: ProviderRef
    source: SourcePos | None
    dns_providers: list[DnsProviderUse] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    nameservers: list[Nameserver] = field(default_factory=list)
    nameserver_ttl: int | None = None
    ignores: list[IgnoreRule] = field(default_factory=list)
    ensure_absent: list[Record] = field(default_factory=list)
    no_purge: bool = False
    autodnssec: Literal["on", "off"] | None = None
    disable_ignore_safety_check: bool = False
    default_ttl: int = DEFAULT_TTL
    safety: Safety = field(default_factory=Safety)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Every record spec placed in this domain, with its subdomain and TTL, for INCLUDE.
    placed: list[tuple[RecordSpec, str, int]] = field(default_factory=list)

    @property
    def unique_name(self) -> str:
        return f"{self.name}!{self.tag}" if self.tag else self.name

    def freeze(self) -> Domain:
        return Domain(
            name=self.name,
            unicode_name=self.unicode_name,
            tag=self.tag,
            registrar=self.registrar,
            dns_providers=tuple(self.dns_providers),
            records=tuple(self.records),
            nameservers=tuple(self.nameservers),
            nameserver_ttl=self.nameserver_ttl,
            ignores=tuple(self.ignores),
            ensure_absent=tuple(self.ensure_absent),
            no_purge=self.no_purge,
            autodnssec=self.autodnssec,
            disable_ignore_safety_check=self.disable_ignore_safety_check,
            safety=self.safety,
            default_ttl=self.default_ttl,
            metadata=freeze_metadata(self.metadata),
            source=self.source,
        )


def _relative_if_inside(filename: str) -> str:
    if filename.startswith("<"):
        return filename
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative


@dataclass
class EvalState:
    """What one evaluation of a config has declared so far."""

    config_dir: str
    domains: dict[str, DomainDraft] = field(default_factory=dict)
    providers: dict[tuple[ProviderKind, str], ProviderRef] = field(default_factory=dict)
    defaults: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: The records and domain modifiers made so far that no ``D()`` or ``D_EXTEND()`` has
    #: taken yet, by identity (a spec is a value: two equal calls are two specs).
    unplaced: dict[int, RecordSpec | DomainModifier] = field(default_factory=dict)
    #: ``CLI_VARS``: the variables given with ``-v name=value``, then those ``CLI_DEFAULTS``
    #: added; and the names given with ``-v``, for the message about a missing one.
    cli_vars: dict[str, Any] = field(default_factory=dict)
    cli_given: tuple[str, ...] = ()
    #: Every problem recorded, to record each once.
    _said: set[str] = field(default_factory=set, repr=False)
    #: ``display_path`` of each file seen: every record asks, and relpath costs a getcwd.
    _paths: dict[str, str] = field(default_factory=dict, repr=False)
    #: For :meth:`position`, by ``id`` of a code object (hashing one hashes all its bytecode):
    #: the code object (to tell a reused id apart), its file as shown, and a line cursor if it
    #: is large.
    _code: dict[int, tuple[CodeType, str, _LineCursor | None]] = field(
        default_factory=dict, repr=False
    )

    def display_path(self, filename: str) -> str:
        """``filename`` as the user would type it: relative to the working folder if inside."""
        shown = self._paths.get(filename)
        if shown is None:
            shown = self._paths[filename] = _relative_if_inside(filename)
        return shown

    def position(self, frame: FrameType) -> SourcePos:
        """Where ``frame`` is in the user's code: its file as shown, and its line."""
        code = frame.f_code
        known = self._code.get(id(code))
        if known is None or known[0] is not code:
            big = len(code.co_code) >= _BIG_CODE
            shown = self.display_path(code.co_filename)
            known = self._code[id(code)] = (code, shown, _LineCursor(code) if big else None)
        cursor = known[2]
        line = None if cursor is None else cursor.line_at(frame.f_lasti)
        return SourcePos(known[1], frame.f_lineno if line is None else line)

    def problem(self, pos: SourcePos | None, message: str) -> None:
        text = f"{where(pos)}{message}"
        if text not in self._said:  # a helper called by two D()s makes the same one twice
            self._said.add(text)
            self.problems.append(text)

    def made(self, item: RecordSpec | DomainModifier) -> None:
        """``item`` was made by a DSL call; it must reach a domain before the evaluation ends."""
        self.unplaced[id(item)] = item

    def taken(self, item: object) -> None:
        """``item`` reached a domain (or was remade as another item that must)."""
        self.unplaced.pop(id(item), None)

    def never_placed(self) -> list[str]:
        """One problem for each record and modifier that was made but never given to a domain:
        most likely a line that was meant to be inside ``D(...)`` and is not."""
        problems: dict[str, None] = {}  # a helper called twice made two equal records
        for item in self.unplaced.values():
            what = item.describe() if isinstance(item, RecordSpec) else repr(item)
            problems[
                f"{where(item.source)}{what} is made here but never given to D() or D_EXTEND(), "
                "so no domain has it; pass it to one (is this line outside the parentheses of "
                "D(...)?), or delete it"
            ] = None
        return list(problems)


_active: ContextVar[EvalState | None] = ContextVar("dnsframe_eval_state", default=None)


@contextmanager
def evaluation(state: EvalState) -> Iterator[EvalState]:
    """Make ``state`` the one the DSL functions declare into, for the ``with`` block."""
    token = _active.set(state)
    try:
        yield state
    finally:
        _active.reset(token)


def active_state() -> EvalState | None:
    """The state of the evaluation running now, or None outside of one."""
    return _active.get()


#: :func:`active_state` without a Python call in between, for the record functions.
current_state = _active.get


def require_state(what: str) -> EvalState:
    """The active state; a :class:`DslError` for ``what()`` outside of an evaluation."""
    state = _active.get()
    if state is None:
        raise DslError(
            f"{what}() declares part of a config and works only while dnsframe evaluates "
            "dnsconfig.py (dnsframe check, preview, push)"
        )
    return state


def made(item: T) -> T:
    """``item``, remembered by the active evaluation as made and not yet in a domain."""
    state = _active.get()
    if state is not None and isinstance(item, RecordSpec | DomainModifier):
        state.made(item)
    return item


def taken(item: object) -> None:
    """``item`` reached a domain, or was remade as another (see :meth:`EvalState.taken`)."""
    state = _active.get()
    if state is not None:
        state.taken(item)


def problem(pos: SourcePos | None, message: str) -> Invalid:
    """Record a problem of a record call and carry on; outside an evaluation, raise it."""
    state = _active.get()
    if state is None:
        raise DslError(f"{where(pos)}{message}")
    state.problem(pos, message)
    return Invalid(pos)
