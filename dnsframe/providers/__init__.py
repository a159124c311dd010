"""Provider protocols, capabilities and the registry; the built-in providers live beside them."""

from __future__ import annotations

from dnsframe.providers.base import BASIC_TYPES, Capabilities, DnsProvider, Registrar
from dnsframe.providers.registry import ProviderRegistry, ProviderType, Register

__all__ = [
    "BASIC_TYPES",
    "Capabilities",
    "DnsProvider",
    "ProviderRegistry",
    "ProviderType",
    "Register",
    "Registrar",
]
