"""The validated config as JSON (``dnsframe print-ir``); ``schemas/ir.schema.json`` describes it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from dnsframe import rdata
from dnsframe.model import (
    Config,
    DnsProviderUse,
    Domain,
    IgnoreRule,
    Nameserver,
    ProviderRef,
    Record,
    Safety,
    SourcePos,
    freeze_metadata,
)


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
    from importlib import resources  # 10 ms at every start: only print-ir needs it

    text = resources.files("dnsframe").joinpath("schemas/ir.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _pos(text: Any) -> SourcePos | None:
    if not isinstance(text, str) or ":" not in text:
        return None
    file, _, line = text.rpartition(":")
    return SourcePos(file, int(line)) if line.isdigit() else None


def config_from_ir(data: Mapping[str, Any], file: str) -> Config:
    """The :class:`Config` that :func:`config_ir` made ``data`` from (a saved plan carries it,
    so that it stands alone). Raises ``KeyError``/``TypeError``/``ValueError`` on data that is
    not such an IR."""
    refs: dict[tuple[str, str], ProviderRef] = {}
    for kind, key in (("registrar", "registrars"), ("dns", "dns_providers")):
        for item in data[key]:
            ref = ProviderRef(
                name=item["name"],
                kind=kind,  # type: ignore[arg-type]
                type=item["type"],
                metadata=freeze_metadata(item["meta"]),
                source=_pos(item["source"]),
            )
            refs[(kind, ref.name)] = ref

    def record(item: Mapping[str, Any]) -> Record:
        return Record(
            item["name"],
            item["type"],
            item["content"],
            int(item["ttl"]),
            freeze_metadata(item["meta"]),
            _pos(item["source"]),
        )

    domains = []
    for d in data["domains"]:
        safety = d.get("safety") or {}
        domains.append(
            Domain(
                name=d["name"],
                registrar=refs[("registrar", d["registrar"])],
                dns_providers=tuple(
                    DnsProviderUse(refs[("dns", u["name"])], int(u["ns_count"]))
                    for u in d["dns_providers"]
                ),
                records=tuple(record(r) for r in d["records"]),
                tag=d["tag"],
                unicode_name=d["unicode_name"],
                nameservers=tuple(Nameserver(n) for n in d["nameservers"]),
                nameserver_ttl=d["nameserver_ttl"],
                ignores=tuple(
                    IgnoreRule(i["label"], i["types"], i["target"], i["kind"], _pos(i["source"]))
                    for i in d["ignores"]
                ),
                ensure_absent=tuple(record(r) for r in d["ensure_absent"]),
                no_purge=bool(d["no_purge"]),
                autodnssec=d["autodnssec"],
                disable_ignore_safety_check=bool(d["disable_ignore_safety_check"]),
                default_ttl=int(d["default_ttl"]),
                safety=Safety(
                    float(safety.get("max_change", 0.33)), int(safety.get("min_records", 10))
                ),
                metadata=freeze_metadata(d["meta"]),
                source=_pos(d["source"]),
            )
        )
    return Config(
        file=file,
        domains=tuple(domains),
        registrars=tuple(r for (k, _), r in refs.items() if k == "registrar"),
        dns_providers=tuple(r for (k, _), r in refs.items() if k == "dns"),
    )
