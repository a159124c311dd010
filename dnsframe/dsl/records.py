"""Record functions (``A``, ``MX``, ...), one per registered record type, and placing their
records in a domain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dnsframe import rdata
from dnsframe.dsl.names import relative_label
from dnsframe.dsl.state import DomainDraft, EvalState, caller_pos, current_state, problem
from dnsframe.dsl.values import (
    CAA_CRITICAL,
    ENSURE_ABSENT,
    DomainModifier,
    Flag,
    Invalid,
    RecordSpec,
    TTLModifier,
)
from dnsframe.model import EMPTY_METADATA, ProviderRef, Record, freeze_metadata
from dnsframe.names import py_literal as _q
from dnsframe.rtypes import TYPES, RecordType

#: A record function of the DSL: ``MX(name, priority, target, modifiers...)``.
RecordFunction = Callable[..., RecordSpec | Invalid]


_NO_FLAGS: frozenset[str] = frozenset()


def _signature(rtype: RecordType) -> str:
    return f"{rtype.name}({', '.join(('name', *rtype.params))})"


def _function(rtype: RecordType) -> RecordFunction:
    """The DSL function of ``rtype``: the record it makes of its arguments, the values in the
    order of the type's parameters, the modifiers (``TTL()``, metadata dicts,
    ``CAA_CRITICAL``) anywhere. Its body runs once per record of a config, so it is the whole
    work, with no call to a helper in between."""
    arity = len(rtype.params) + 1

    def function(*args: Any) -> RecordSpec | Invalid:
        state = current_state()
        pos = caller_pos(state)
        ttl: int | None = None
        meta: dict[str, Any] | None = None
        flags: set[str] | None = None
        values: list[Any] = []
        invalid: Invalid | None = None
        for arg in args:
            kind = type(arg)
            if kind is str or kind is int:  # nearly every argument: a value
                values.append(arg)
            elif isinstance(arg, TTLModifier):
                ttl = arg.seconds
            elif isinstance(arg, Mapping):
                meta = {**(meta or {}), **arg}
            elif arg is CAA_CRITICAL or arg is ENSURE_ABSENT:
                flags = {*(flags or ()), arg.name}
            elif isinstance(arg, Invalid):  # a bad TTL(): its problem is recorded already
                invalid = arg
            elif isinstance(arg, Flag | DomainModifier | RecordSpec | ProviderRef):
                first = _q(args[0]) if args else ""
                return problem(pos, f"{rtype.name}({first}, ...): {arg!r} is not a record modifier")
            else:
                values.append(arg)
        if len(values) != arity:
            first = f"{_q(values[0])}, ..." if values else ""
            return problem(
                pos,
                f"{rtype.name}({first}): takes {arity} arguments, {_signature(rtype)}, got "
                f"{len(values)}",
            )
        if invalid is not None:
            return Invalid(pos)
        name = values[0]
        if not isinstance(name, str):
            return problem(pos, f"{_signature(rtype)}: the name must be a string, got {name!r}")
        frozen_flags = frozenset(flags) if flags else _NO_FLAGS
        # positional: keywords cost a third more, and this runs once per record
        metadata = meta if meta is not None else EMPTY_METADATA
        spec = RecordSpec(rtype.name, name, tuple(values[1:]), ttl, metadata, pos, frozen_flags)
        if state is not None:
            state.made(spec)
        return spec

    function.__name__ = function.__qualname__ = rtype.name
    function.__doc__ = rtype.doc
    function.__module__ = __name__
    return function


#: The DSL function of every registered record type, by type name.
RECORD_FUNCTIONS: Mapping[str, RecordFunction] = {
    name: _function(rtype) for name, rtype in sorted(TYPES.items())
}


def make(rtype: str, *args: Any) -> RecordSpec | Invalid:
    """``make("TXT", name, text)`` is ``TXT(name, text)``, for code that builds records."""
    return RECORD_FUNCTIONS[rtype](*args)


def place(
    state: EvalState, draft: DomainDraft, spec: RecordSpec, subdomain: str, ttl: int | None = None
) -> Record | None:
    """The record ``spec`` declares in ``draft`` (inside ``subdomain``), or None after
    recording the problem. ``spec`` has reached the domain already (``EvalState.taken``)."""
    zone = draft.name
    try:
        meta = spec.metadata
        skip = bool(meta) and str(meta.get("skip_fqdn_check", "")).lower() == "true"
        label = relative_label(spec.name, zone, subdomain, skip_fqdn_check=skip)
        origin = f"{subdomain}.{zone}" if subdomain else zone
        content = TYPES[spec.type].from_arguments(spec.values, spec.flags, origin)
    except (ValueError, rdata.RdataError) as exc:
        state.problem(spec.source, f"{spec.describe()}: {exc}")
        return None
    if ttl is None:
        ttl = spec.ttl if spec.ttl is not None else draft.default_ttl
    draft.placed.append((spec, subdomain, ttl))
    return Record(label, spec.type, content, ttl, freeze_metadata(meta), spec.source)
