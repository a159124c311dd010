"""The state of one evaluation of a config, where the user wrote each call, and the DSL's error.

:func:`evaluation` makes a state the active one while ``dnsconfig.py`` runs; the DSL functions
add to it, and record every problem with the file and line of the user's call.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Literal

from dnsframe.dsl.values import Invalid, RecordSpec
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

#: The folder of the dnsframe package. A frame of code in it (the DSL, the record types, the
#: builders) is dnsframe's own; the first frame outside it is the user's.
PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)


class DslError(ConfigError):
    """A misuse of a DSL function that cannot be collected and carried on from."""


def caller_pos() -> SourcePos | None:
    """The file and line in the user's code that called into the DSL."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(PACKAGE_DIR) and not filename.startswith("<frozen"):
            return SourcePos(_display_path(filename), frame.f_lineno)
        frame = frame.f_back
    return None


def _display_path(filename: str) -> str:
    state = _active.get()
    if state is not None:
        return state.display_path(filename)
    return filename


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


@dataclass
class EvalState:
    """What one evaluation of a config has declared so far."""

    config_dir: str
    domains: dict[str, DomainDraft] = field(default_factory=dict)
    providers: dict[tuple[ProviderKind, str], ProviderRef] = field(default_factory=dict)
    defaults: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def display_path(self, filename: str) -> str:
        """``filename`` as the user would type it: relative to the working folder if inside."""
        if filename.startswith("<"):
            return filename
        try:
            relative = os.path.relpath(filename)
        except ValueError:
            return filename
        return filename if relative.startswith("..") else relative

    def problem(self, pos: SourcePos | None, message: str) -> None:
        self.problems.append(f"{where(pos)}{message}")


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


def require_state(what: str) -> EvalState:
    """The active state; a :class:`DslError` for ``what()`` outside of an evaluation."""
    state = _active.get()
    if state is None:
        raise DslError(
            f"{what}() declares part of a config and works only while dnsframe evaluates "
            "dnsconfig.py (dnsframe check, preview, push)"
        )
    return state


def problem(pos: SourcePos | None, message: str) -> Invalid:
    """Record a problem of a record call and carry on; outside an evaluation, raise it."""
    state = _active.get()
    if state is None:
        raise DslError(f"{where(pos)}{message}")
    state.problem(pos, message)
    return Invalid(pos)
