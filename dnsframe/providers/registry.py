"""The registry of provider types that plugins fill through the registration hooks."""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from dnsframe.errors import PluginError
from dnsframe.model import ProviderKind
from dnsframe.providers.base import (
    OPTIONAL_PROTOCOLS,
    RENAMED_METHODS,
    REQUIRED_METHODS,
    Capabilities,
)

_TYPE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")

#: The creds schema of a type that registers none: no field but TYPE.
EMPTY_SCHEMA: Mapping[str, Any] = MappingProxyType(
    {"type": "object", "properties": {}, "additionalProperties": False}
)


#: The creds schemas found valid so far (see :meth:`ProviderType.check_creds_schema`).
_CHECKED_SCHEMAS: set[tuple[str, str, str, int]] = set()


@dataclass(frozen=True, slots=True)
class ProviderType:
    """One registered type in one role, and where it came from."""

    name: str
    kind: ProviderKind
    cls: type
    capabilities: Capabilities
    creds_schema: Mapping[str, Any]
    docs: str
    plugin: str
    distribution: str | None = None
    version: str | None = None

    @property
    def origin(self) -> str:
        """``dnsframe-gandi-v5 0.1.0`` for an installed plugin, else the plugin's module name."""
        if self.distribution:
            return f"{self.distribution} {self.version or ''}".strip()
        return self.plugin

    def check_creds_schema(self) -> None:
        """Raise :class:`PluginError` when the plugin's creds schema is not a valid JSON Schema.

        Checked when the schema is first used (creds read for this type, ``dnsframe providers``),
        not at registration: jsonschema takes some 40 ms to import, which ``check`` and every
        command that reads no creds would pay at start.
        """
        key = (self.plugin, self.kind, self.name, id(self.creds_schema))
        if key in _CHECKED_SCHEMAS:
            return
        from dnsframe import plainschema

        if plainschema.is_plain(self.creds_schema):  # valid, and no jsonschema to import
            _CHECKED_SCHEMAS.add(key)
            return
        import jsonschema

        try:
            jsonschema.Draft202012Validator.check_schema(dict(self.creds_schema))
        except jsonschema.SchemaError as exc:
            who = self.distribution or self.plugin
            raise PluginError(
                f"plugin {who} registers {self.name} with an invalid creds schema: {exc.message}"
            ) from None
        _CHECKED_SCHEMAS.add(key)

    @property
    def secret_fields(self) -> frozenset[str]:
        """The creds fields that the schema marks ``"secret": true``."""
        props = self.creds_schema.get("properties", {})
        return frozenset(k for k, v in props.items() if isinstance(v, dict) and v.get("secret"))


@dataclass
class ProviderRegistry:
    """Every provider type, by role and name."""

    types: dict[tuple[ProviderKind, str], ProviderType] = field(default_factory=dict)

    def add(self, ptype: ProviderType) -> None:
        key = (ptype.kind, ptype.name)
        if key in self.types:
            first = self.types[key]
            role = "DNS provider" if ptype.kind == "dns" else "registrar"
            raise PluginError(
                f"two plugins register the {role} type {ptype.name}: {first.origin} and "
                f"{ptype.origin}. Uninstall one of them, or narrow DNSFRAME_LOAD_PLUGINS."
            )
        self.types[key] = ptype

    def get(self, kind: ProviderKind, name: str) -> ProviderType | None:
        return self.types.get((kind, name))

    def names(self, kind: ProviderKind | None = None) -> list[str]:
        return sorted({n for (k, n) in self.types if kind is None or k == kind})

    def __iter__(self) -> Iterator[ProviderType]:
        return iter(sorted(self.types.values(), key=lambda t: (t.name, t.kind)))


class Register:
    """The ``register`` callable that registration hooks receive.

    ``register(type_name, cls, capabilities=..., creds_schema=..., docs=...)``; see
    :func:`dnsframe.hookspecs.register_dns_providers` for what each argument means.
    """

    def __init__(
        self,
        registry: ProviderRegistry,
        kind: ProviderKind,
        plugin: str,
        distribution: str | None = None,
        version: str | None = None,
    ) -> None:
        self._registry = registry
        self._kind: ProviderKind = kind
        self._plugin = plugin
        self._distribution = distribution
        self._version = version

    def __call__(
        self,
        type_name: str,
        cls: type,
        *,
        capabilities: Capabilities | None = None,
        creds_schema: Mapping[str, Any] | None = None,
        docs: str = "",
    ) -> None:
        who = self._distribution or self._plugin
        if not isinstance(type_name, str) or not _TYPE_NAME.match(type_name):
            raise PluginError(
                f"plugin {who} registers a provider type named {type_name!r}; type names are "
                "upper case letters, digits and underscores, starting with a letter"
            )
        if not isinstance(cls, type):
            raise PluginError(f"plugin {who} registers {type_name} with {cls!r}, not a class")
        caps = capabilities or Capabilities()
        check_contract(cls, self._kind, caps, f"plugin {who} registers {type_name} with")
        schema = dict(creds_schema) if creds_schema is not None else dict(EMPTY_SCHEMA)
        if not isinstance(schema.get("properties", {}), Mapping):
            raise PluginError(
                f"plugin {who} registers {type_name} with an invalid creds schema: its "
                '"properties" is not an object'
            )
        self._registry.add(
            ProviderType(
                name=type_name,
                kind=self._kind,
                cls=cls,
                capabilities=caps,
                creds_schema=MappingProxyType(schema),
                docs=docs.strip(),
                plugin=self._plugin,
                distribution=self._distribution,
                version=self._version,
            )
        )


def _contract_names(kind: ProviderKind) -> list[str]:
    return [*REQUIRED_METHODS[kind], *(OPTIONAL_PROTOCOLS if kind == "dns" else ())]


def _folded(name: str) -> str:
    """A method name with what a near miss changes taken out: case and underscores (camelCase,
    ``getzone``), British spelling (``normalise``), a plural ``s`` (``list_zone``)."""
    text = name.replace("_", "").lower().replace("normalis", "normaliz")
    return text[:-1] if text.endswith("s") else text


#: What the contract passes each method, after ``self``.
_ARITY = {
    "get_zone": 1,
    "get_nameservers": 1,
    "get_zone_corrections": 3,
    "get_registrar_corrections": 2,
    "list_zones": 0,
    "audit_records": 1,
    "normalize_records": 2,
    "take_snapshot": 2,
    "list_snapshots": 1,
    "snapshot_records": 2,
    "unmanaged_rrsets": 2,
}


def _accepts(fn: object, count: int) -> bool:
    """Whether ``fn`` (as found on the class) can be called with ``self`` and ``count`` more
    positional arguments."""
    try:
        signature = inspect.signature(fn)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True  # a builtin or something else we cannot read: not refused for that
    try:
        signature.bind(*([None] * (count + 1)))
    except TypeError:
        return False
    return True


def check_contract(cls: type, kind: ProviderKind, caps: Capabilities, who: str) -> None:
    """Raise :class:`PluginError` unless ``cls`` fulfils the provider contract for ``kind``:
    every required method, taking the arguments the contract passes; the optional protocols
    its capabilities declare (and no undeclared one); and no method whose name is a near miss
    of a contract method that the class lacks (``normalise_records``, ``listZones``, or a name
    of the first contract such as ``get_zone_records``)."""
    name = f"{who} the class {cls.__module__}.{cls.__qualname__}"
    known = _contract_names(kind)
    every = {*_contract_names("dns"), *_contract_names("registrar")}
    missing_names = {m for m in every if not callable(getattr(cls, m, None))}
    for method in dir(cls):
        if method.startswith("__") or method in every or not callable(getattr(cls, method, None)):
            continue
        renamed = RENAMED_METHODS.get(method)
        if renamed in missing_names and renamed in known:
            raise PluginError(
                f"{name}, which defines {method}(), a method of the first provider contract; "
                f"contract v2 calls {renamed}() instead (see the guide Writing a provider in "
                "dnsframe's documentation)"
            )
        close = [m for m in known if m in missing_names and _folded(m) == _folded(method)]
        if close:
            raise PluginError(
                f"{name}, which defines {method}(): did you mean {close[0]}()? dnsframe would "
                "never call it. Rename it (the contract is in dnsframe.providers)."
            )
    role = "DNS provider" if kind == "dns" else "registrar"
    missing = [m for m in REQUIRED_METHODS[kind] if m in missing_names]
    if missing:
        raise PluginError(
            f"{name}, which lacks {', '.join(m + '()' for m in missing)}: a {role} must have "
            f"{', '.join(m + '()' for m in REQUIRED_METHODS[kind])}"
        )
    for method in known:
        fn = getattr(cls, method, None)
        if callable(fn) and not _accepts(fn, _ARITY[method]):
            raise PluginError(
                f"{name}, whose {method}() does not take the {_ARITY[method]} argument(s) "
                f"that contract v2 passes it (see its docstring in dnsframe.providers)"
            )
    if kind != "dns":
        return
    for protocol in {p for p, _ in OPTIONAL_PROTOCOLS.values()}:
        methods = sorted(m for m, (p, _) in OPTIONAL_PROTOCOLS.items() if p is protocol)
        some = [m for m in methods if m not in missing_names]
        if some and len(some) < len(methods):
            lacking = ", ".join(f"{m}()" for m in methods if m in missing_names)
            raise PluginError(
                f"{name}, which implements {', '.join(m + '()' for m in some)} of "
                f"{protocol.__name__} but not {lacking}; implement all of them, or none"
            )
    for method, (_protocol, flag) in OPTIONAL_PROTOCOLS.items():
        if flag is None:
            continue
        has = method not in missing_names
        declared = bool(getattr(caps, flag))
        if declared and not has:
            raise PluginError(
                f"{name}, whose capabilities declare {flag}=True, but it has no {method}() "
                f"method; implement it or declare {flag}=False"
            )
        if has and not declared:
            raise PluginError(
                f"{name}, which implements {method}() but its capabilities do not declare "
                f"{flag}=True; declare it, so that dnsframe uses it, or remove the method"
            )


def closest_type_hint(name: str, installed: Sequence[str]) -> str:
    """`` Did you mean GANDI_V5?`` for a provider type name that is close to an installed one,
    else nothing: the end of a message about a type that no plugin provides."""
    close = difflib.get_close_matches(name, installed, n=1, cutoff=0.5)
    return f" Did you mean {close[0]}?" if close else ""
