"""The hooks that register GANDI_V5 as a DNS provider and as a registrar."""

from __future__ import annotations

from dnsframe import hookimpl
from dnsframe.providers import Capabilities, Register
from dnsframe_gandi_v5.provider import CAPABILITIES, CREDS_SCHEMA, DOCS, GandiV5Provider


@hookimpl
def register_dns_providers(register: Register) -> None:
    register(
        "GANDI_V5", GandiV5Provider, capabilities=CAPABILITIES, creds_schema=CREDS_SCHEMA, docs=DOCS
    )


@hookimpl
def register_registrars(register: Register) -> None:
    register(
        "GANDI_V5",
        GandiV5Provider,
        capabilities=Capabilities(concurrent=True),
        creds_schema=CREDS_SCHEMA,
        docs=DOCS,
    )
