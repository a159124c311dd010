"""Provider instances: one per creds.json key and role, built from the registry and creds.

``NewDnsProvider("gandi")`` names the creds key ``gandi``; its ``TYPE`` picks the registered
class, and the entry (``$VAR`` values resolved, validated against the type's schema) is handed
to it. Two keys of one type are two independent instances. The keys ``none`` and ``bind``
exist in every creds.json (:data:`dnsframe.creds.DEFAULT_ENTRIES`, as in DNSControl). Any other
key that creds.json lacks still works when the type needs no settings and is known: from
``NewRegistrar("off", "NONE")`` or a name that is itself such a type (``NewRegistrar("NONE")``);
a key of a type with settings (``NewDnsProvider("mybind", "BIND")``) must be in creds.json.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dnsframe.creds import Creds
from dnsframe.errors import CredsError, DnsframeError, ProviderError, internal_error
from dnsframe.model import Domain, ProviderKind, ProviderRef
from dnsframe.providers.base import DnsProvider, Registrar
from dnsframe.providers.registry import ProviderRegistry, ProviderType, closest_type_hint


def _role(ref: ProviderRef) -> str:
    return "DNS provider" if ref.kind == "dns" else "registrar"


def _declaration(ref: ProviderRef) -> str:
    fn = "NewDnsProvider" if ref.kind == "dns" else "NewRegistrar"
    typ = f", {ref.type!r}" if ref.type else ""
    where = f"{ref.source}: " if ref.source else ""
    return f"{where}{fn}({ref.name!r}{typ})"


@dataclass
class Providers:
    """The provider instances a run needs, created on first use and shared by role."""

    creds: Creds
    registry: ProviderRegistry
    _instances: dict[tuple[str, type, str], Any] = field(default_factory=dict)
    _by_ref: dict[tuple[str, str], Any] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def provider_type(self, ref: ProviderRef) -> ProviderType:
        """The registered type behind ``ref``: creds.json's ``TYPE`` for its key, which must
        agree with the type the config declared, if any."""
        if self.creds.has(ref.name):
            type_name = self.creds.type_of(ref.name)
            if ref.type and ref.type != type_name.upper():
                raise CredsError(
                    f"{_declaration(ref)} says the type is {ref.type}, but {self.creds.path} "
                    f'"{ref.name}" has "TYPE": "{type_name}". Make them agree.'
                )
        elif ref.type and self._has_no_settings(ref.kind, ref.type):
            type_name = ref.type
        elif self._has_no_settings(ref.kind, ref.name.upper()):
            type_name = ref.name.upper()
        else:
            try:
                self.creds.entry(ref.name)  # raises: no such key, or no creds file
            except CredsError as exc:  # said at the config's line that names the key
                where = f"{ref.source}: " if ref.source else ""
                raise CredsError(f"{where}{exc}") from None
            raise AssertionError("unreachable")
        ptype = self.registry.get(ref.kind, type_name.upper())
        if ptype is None:
            other = self.registry.get("registrar" if ref.kind == "dns" else "dns", type_name)
            if other is not None:
                raise CredsError(
                    f"{_declaration(ref)}: the type {type_name} is not a {_role(ref)} (it is "
                    f"only a {'registrar' if ref.kind == 'dns' else 'DNS provider'})"
                )
            names = self.registry.names()
            hint = closest_type_hint(type_name, names)
            raise CredsError(
                f'{self.creds.path} "{ref.name}": no installed plugin provides the type '
                f"{type_name!r} (installed: {', '.join(names) or 'none'}).{hint} Install its "
                "plugin, or fix the TYPE."
            )
        return ptype

    def _has_no_settings(self, kind: ProviderKind, type_name: str) -> bool:
        """Types with nothing to configure (NONE) need no creds.json entry, as in DNSControl."""
        ptype = self.registry.get(kind, type_name.upper())
        return ptype is not None and not ptype.creds_schema.get("properties")

    def _instance(self, ref: ProviderRef) -> Any:
        with self._lock:
            instance = self._create(ref)
            self._by_ref[(ref.kind, ref.name)] = instance
            return instance

    def _create(self, ref: ProviderRef) -> Any:
        ptype = self.provider_type(ref)
        # One instance per creds key and class, unless the roles give different metadata.
        key = (ref.name, ptype.cls, json.dumps(dict(ref.metadata), sort_keys=True, default=str))
        if key not in self._instances:
            ptype.check_creds_schema()
            settings = self.creds.settings(
                ref.name, ptype.name, ptype.creds_schema, ptype.secret_fields
            )
            try:
                self._instances[key] = ptype.cls(ref.name, settings, dict(ref.metadata))
            except DnsframeError:
                raise
            except Exception as exc:
                origin = ptype.distribution or ptype.plugin
                text = internal_error(exc, origin, ptype.name, ref.name, "__init__()")
                raise ProviderError(text) from exc
        return self._instances[key]

    def instances(self) -> dict[tuple[str, str], Any]:
        """``(kind, name)`` -> instance, for every provider created so far."""
        with self._lock:
            return dict(self._by_ref)

    def dns(self, ref: ProviderRef) -> DnsProvider:
        instance: DnsProvider = self._instance(ref)
        return instance

    def registrar(self, ref: ProviderRef) -> Registrar:
        instance: Registrar = self._instance(ref)
        return instance

    def check_config(self, domains: Sequence[Domain]) -> None:
        """Create every provider that ``domains`` use; every problem is reported at once."""
        problems: list[str] = []
        seen: set[tuple[str, str]] = set()
        refs = [d.registrar for d in domains]
        refs += [use.provider for d in domains for use in d.dns_providers]
        for ref in refs:
            if (ref.kind, ref.name) in seen:
                continue
            seen.add((ref.kind, ref.name))
            try:
                self._instance(ref)
            except DnsframeError as exc:
                if str(exc) not in problems:
                    problems.append(str(exc))
        if problems:
            raise CredsError(problems[0] if len(problems) == 1 else "\n".join(problems))
