"""dnsframe-example-typo: its hook implementation lacks the s of register_dns_providers."""

from __future__ import annotations

from typing import Any

from dnsframe import hookimpl


class TypoProvider:
    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name


@hookimpl
def register_dns_provider(register: Any) -> None:
    register("TYPO", TypoProvider, docs="Never registered: the hook name is misspelt.")
