"""The validated config as JSON (``dnsframe print-ir``); ``schemas/ir.schema.json`` describes it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from dnsframe import rdata
from dnsframe.model import Config, Domain, IgnoreRule, ProviderRef, Record


def _source(obj: Record | ProviderRef | Domain | IgnoreRule) -> str | None:
    return str(obj.source) if obj.source else None


def _plain(meta: Any) -> dict[str, Any]:
    return {str(k): v for k, v in dict(meta).items()}


def record_ir(record: Record, zone: str) -> dict[str, Any]:
    return {
        "name": record.name,
        "fqdn": record.fqdn(zone),
        "type": record.type,
        "ttl": record.ttl,
        "content": record.content,
        "fields": rdata.fields(record.type, record.content),
        "meta": _plain(record.metadata),
        "source": _source(record),
    }


def _provider_ir(ref: ProviderRef) -> dict[str, Any]:
    return {
        "name": ref.name,
        "type": ref.type,
        "meta": _plain(ref.metadata),
        "source": _source(ref),
    }


def domain_ir(domain: Domain) -> dict[str, Any]:
    return {
        "name": domain.name,
        "unicode_name": domain.unicode_name,
        "tag": domain.tag,
        "unique_name": domain.unique_name,
        "registrar": domain.registrar.name,
        "dns_providers": [
            {"name": use.provider.name, "ns_count": use.ns_count} for use in domain.dns_providers
        ],
        "default_ttl": domain.default_ttl,
        "nameservers": [ns.name for ns in domain.nameservers],
        "nameserver_ttl": domain.nameserver_ttl,
        "no_purge": domain.no_purge,
        "autodnssec": domain.autodnssec,
        "disable_ignore_safety_check": domain.disable_ignore_safety_check,
        "safety": {
            "max_change": domain.safety.max_change,
            "min_records": domain.safety.min_records,
        },
        "ignores": [
            {
                "kind": rule.kind,
                "label": rule.label,
                "types": rule.types,
                "target": rule.target,
                "source": _source(rule),
            }
            for rule in domain.ignores
        ],
        "records": [record_ir(r, domain.name) for r in domain.records],
        "ensure_absent": [record_ir(r, domain.name) for r in domain.ensure_absent],
        "meta": _plain(domain.metadata),
        "source": _source(domain),
    }


def config_ir(config: Config) -> dict[str, Any]:
    """The whole config as plain JSON data."""
    return {
        "registrars": [_provider_ir(r) for r in config.registrars],
        "dns_providers": [_provider_ir(p) for p in config.dns_providers],
        "domains": [domain_ir(d) for d in config.domains],
    }


@cache
def ir_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`config_ir`'s output."""
    text = resources.files("dnsframe").joinpath("schemas/ir.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
