"""The domain API: ``/v5/domain`` — the account's domains, their nameservers at the registry,
their LiveDNS state, and the DNSKEYs published at the registry.

A nameserver change is asynchronous at Gandi: ``PUT .../nameservers`` answers 202 and the new
list shows only after ``nameserver_apply_after_reads`` later ``GET .../nameservers`` (0: at once).
"""

from __future__ import annotations

from typing import Any

from gandi_sandbox import dnssec
from gandi_sandbox.errors import (
    field_error,
    http_error,
    not_found,
    validation_error,
)
from gandi_sandbox.rdata import MISSING, valid_hostname
from gandi_sandbox.routing import (
    Request,
    Response,
    domain_for,
    no_content,
    ok,
    paginate,
    route,
    visible_domains,
)
from gandi_sandbox.state import (
    Domain,
    RegistrarKey,
    State,
    Zone,
    default_rrsets,
)

MAX_NAMESERVERS = 13
_KEY_TYPES = {"zsk": 256, "ksk": 257}


def _href(request: Request, domain: Domain) -> str:
    return f"{request.base}/v5/domain/domains/{domain.fqdn}"


def _nameserver_json(state: State, domain: Domain) -> dict[str, Any]:
    if state.uses_livedns(domain):
        return {"current": "livedns"}
    return {"current": "other", "hosts": list(domain.nameservers)}


def _dates(domain: Domain) -> dict[str, str]:
    return {"created_at": domain.created_at, "registry_created_at": domain.created_at}


def schedule_nameservers(state: State, domain: Domain, nameservers: list[str]) -> None:
    """Start an asynchronous nameserver change."""
    if state.nameserver_apply_after_reads <= 0:
        domain.nameservers = list(nameservers)
        domain.pending_nameservers = None
    else:
        domain.pending_nameservers = list(nameservers)
        domain.pending_reads = state.nameserver_apply_after_reads


def read_nameservers(domain: Domain) -> list[str]:
    """One GET of the nameservers: it applies a pending change once enough reads happened."""
    if domain.pending_nameservers is not None:
        if domain.pending_reads <= 0:
            domain.nameservers = domain.pending_nameservers
            domain.pending_nameservers = None
        else:
            domain.pending_reads -= 1
    return list(domain.nameservers)


@route("GET", "/v5/domain/domains")
def list_domains(request: Request) -> Response:
    page, headers = paginate(request, visible_domains(request, livedns=False))
    items = []
    for domain in page:
        item: dict[str, Any] = {
            "fqdn": domain.fqdn,
            "fqdn_unicode": domain.fqdn,
            "href": _href(request, domain),
            "id": domain.id,
            "tld": domain.fqdn.rsplit(".", 1)[-1],
            "status": [],
            "tags": [],
            "autorenew": False,
            "dates": _dates(domain),
            "nameserver": _nameserver_json(request.state, domain),
        }
        if domain.organization is not None:
            item["sharing_id"] = domain.organization
        items.append(item)
    return ok(items, headers=headers)


@route("GET", "/v5/domain/domains/{fqdn}")
def get_domain(request: Request, fqdn: str) -> Response:
    domain = domain_for(request, fqdn)
    org = domain.organization
    return ok(
        {
            "fqdn": domain.fqdn,
            "fqdn_unicode": domain.fqdn,
            "href": _href(request, domain),
            "id": domain.id,
            "tld": domain.fqdn.rsplit(".", 1)[-1],
            "status": [],
            "tags": [],
            "dates": _dates(domain),
            "nameservers": list(domain.nameservers),
            "services": ["gandilivedns"] if domain.zone is not None else [],
            "sharing_space": None if org is None else {"id": org, "name": org},
            "autorenew": {"enabled": False, "href": f"{_href(request, domain)}/autorenew"},
        }
    )


@route("GET", "/v5/domain/domains/{fqdn}/nameservers")
def get_nameservers(request: Request, fqdn: str) -> Response:
    return ok(read_nameservers(domain_for(request, fqdn)))


@route("PUT", "/v5/domain/domains/{fqdn}/nameservers")
def put_nameservers(request: Request, fqdn: str) -> Response:
    domain = domain_for(request, fqdn)
    raw = request.json_object().get("nameservers", MISSING)
    if raw is MISSING or raw is None:
        raise validation_error([field_error("body", "nameservers", "Required")])
    if not isinstance(raw, list) or not all(isinstance(n, str) for n in raw):
        raise validation_error([field_error("body", "nameservers", f'"{raw}" is not iterable')])
    errors = []
    if not raw:
        errors.append(field_error("body", "nameservers", "Shorter than minimum length 1"))
    if len(raw) > MAX_NAMESERVERS:
        errors.append(
            field_error("body", "nameservers", f"Longer than maximum length {MAX_NAMESERVERS}")
        )
    errors.extend(
        field_error("body", f"nameservers.{i}", f"{ns!r}: invalid hostname")
        for i, ns in enumerate(raw)
        if not valid_hostname(ns) and ns.rstrip(".") != request.state.dns_host
    )
    if errors:
        raise validation_error(errors)
    schedule_nameservers(request.state, domain, raw)
    return ok({"message": "Nameservers update in progress"}, 202)


@route("GET", "/v5/domain/domains/{fqdn}/livedns")
def get_livedns(request: Request, fqdn: str) -> Response:
    domain = domain_for(request, fqdn)
    return ok(
        {
            "current": "livedns" if request.state.uses_livedns(domain) else "other",
            "nameservers": request.state.livedns_nameservers(domain.fqdn),
            "dnssec_available": True,
            "livednssec_available": True,
        }
    )


@route("POST", "/v5/domain/domains/{fqdn}/livedns")
def enable_livedns(request: Request, fqdn: str) -> Response:
    """Switch the domain to LiveDNS: a zone (Gandi's default records if it had none) and, as
    for any nameserver change, LiveDNS's nameservers after the configured number of reads."""
    domain = domain_for(request, fqdn)
    if domain.zone is None:
        domain.zone = Zone(default_rrsets())
    schedule_nameservers(request.state, domain, request.state.livedns_nameservers(domain.fqdn))
    return ok({"message": "The domain is being switched to LiveDNS"}, 202)


# --- DNSKEYs at the registry (AUTODNSSEC) --------------------------------------------------


def dnskey_json(domain: Domain, key: RegistrarKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "algorithm": key.algorithm,
        "flags": key.flags,
        "type": "ksk" if key.flags == 257 else "zsk",
        "public_key": key.public_key,
        "keytag": dnssec.key_tag(key.flags, key.algorithm, key.public_key),
        "digest": dnssec.ds_digest(domain.fqdn, key.flags, key.algorithm, key.public_key),
        "digest_type": dnssec.DIGEST_SHA256,
    }


@route("GET", "/v5/domain/domains/{fqdn}/dnskeys")
def list_dnskeys(request: Request, fqdn: str) -> Response:
    domain = domain_for(request, fqdn)
    page, headers = paginate(request, domain.dnskeys)
    return ok([dnskey_json(domain, k) for k in page], headers=headers)


@route("POST", "/v5/domain/domains/{fqdn}/dnskeys")
def create_dnskey(request: Request, fqdn: str) -> Response:
    domain = domain_for(request, fqdn)
    body = request.json_object()
    errors = []
    algorithm = body.get("algorithm", MISSING)
    if algorithm is MISSING:
        errors.append(field_error("body", "algorithm", "Required"))
    elif isinstance(algorithm, bool) or algorithm not in dnssec.ALGORITHM_NAMES:
        choices = ", ".join(str(a) for a in dnssec.ALGORITHM_NAMES)
        errors.append(field_error("body", "algorithm", f'"{algorithm}" is not one of {choices}'))
    flags = body.get("flags", MISSING)
    key_type = body.get("type", MISSING)
    if flags is MISSING and key_type is MISSING:
        errors.append(field_error("body", "flags", "Required"))
    elif flags is not MISSING and (isinstance(flags, bool) or flags not in (256, 257)):
        errors.append(field_error("body", "flags", f'"{flags}" is not one of 256, 257'))
    elif key_type is not MISSING and key_type not in _KEY_TYPES:
        errors.append(field_error("body", "type", f'"{key_type}" is not one of zsk, ksk'))
    elif flags is not MISSING and key_type is not MISSING and _KEY_TYPES[key_type] != flags:
        errors.append(field_error("body", "type", f"{key_type!r} does not match flags {flags}"))
    public_key = body.get("public_key", MISSING)
    if public_key is MISSING:
        errors.append(field_error("body", "public_key", "Required"))
    elif not isinstance(public_key, str) or dnssec.decode_key(public_key) is None:
        errors.append(field_error("body", "public_key", "must be a base64-encoded public key"))
    if errors:
        raise validation_error(errors)
    assert isinstance(algorithm, int)
    assert isinstance(public_key, str)
    flag_value = int(flags) if flags is not MISSING else _KEY_TYPES[str(key_type)]
    if any(
        k.algorithm == algorithm and k.flags == flag_value and k.public_key == public_key
        for k in domain.dnskeys
    ):
        raise http_error(409, "This DNSKEY is already published")
    key = RegistrarKey(request.state.next_dnskey_id, flag_value, algorithm, public_key)
    request.state.next_dnskey_id += 1
    domain.dnskeys.append(key)
    return ok({"message": "DNSKEY created"}, 202)


@route("DELETE", "/v5/domain/domains/{fqdn}/dnskeys/{key_id}")
def delete_dnskey(request: Request, fqdn: str, key_id: str) -> Response:
    domain = domain_for(request, fqdn)
    for key in domain.dnskeys:
        if str(key.id) == key_id:
            domain.dnskeys.remove(key)
            return no_content()
    raise not_found()
