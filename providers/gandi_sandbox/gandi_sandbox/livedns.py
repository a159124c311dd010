"""LiveDNS: ``/v5/livedns`` — zones, records at every level, DNSSEC keys, snapshots, rrtypes."""

from __future__ import annotations

import uuid
from typing import Any

from gandi_sandbox import dnssec
from gandi_sandbox.errors import (
    field_error,
    http_error,
    internal_error,
    not_found,
    record_exists,
    record_not_found,
    validation_error,
)
from gandi_sandbox.rdata import (
    MISSING,
    SUPPORTED_TYPES,
    RRSet,
    Where,
    build_rrset,
    relative_name,
)
from gandi_sandbox.routing import (
    Request,
    Response,
    domain_for,
    no_content,
    ok,
    paginate,
    path_segment,
    require_permission,
    route,
    visible_domains,
)
from gandi_sandbox.state import (
    Domain,
    LiveKey,
    Snapshot,
    Zone,
    default_rrsets,
    now_iso,
)

CREATED = {"message": "DNS Record Created"}


# --- shapes -------------------------------------------------------------------------------


def _domain_href(request: Request, fqdn: str) -> str:
    return f"{request.base}/v5/livedns/domains/{fqdn}"


def domain_json(request: Request, domain: Domain) -> dict[str, Any]:
    href = _domain_href(request, domain.fqdn)
    return {
        "domain_keys_href": f"{href}/keys",
        "fqdn": domain.fqdn,
        "automatic_snapshots": domain.automatic_snapshots,
        "domain_records_href": f"{href}/records",
        "domain_href": href,
    }


def rrset_href(request: Request, fqdn: str, name: str, rtype: str) -> str:
    return f"{_domain_href(request, fqdn)}/records/{path_segment(name)}/{rtype}"


def rrset_json(request: Request, fqdn: str, rrset: RRSet) -> dict[str, Any]:
    return {
        "rrset_type": rrset.type,
        "rrset_ttl": rrset.ttl,
        "rrset_name": rrset.name,
        "rrset_href": rrset_href(request, fqdn, rrset.name, rrset.type),
        "rrset_values": list(rrset.values),
    }


def key_json(base: str | None, domain: Domain, key: LiveKey) -> dict[str, Any]:
    """A LiveDNS key as the API shows it (``key_href`` only with a ``base`` URL)."""
    tag = dnssec.key_tag(key.flags, key.algorithm, key.public_key)
    digest = dnssec.ds_digest(domain.fqdn, key.flags, key.algorithm, key.public_key)
    data: dict[str, Any] = {
        "id": key.id,
        "status": key.status,
        "fqdn": domain.fqdn,
        "algorithm": key.algorithm,
        "algorithm_name": dnssec.ALGORITHM_NAMES.get(key.algorithm, str(key.algorithm)),
        "deleted": key.deleted,
        "ds": f"{tag} {key.algorithm} {dnssec.DIGEST_SHA256} {digest}",
        "flags": key.flags,
        "public_key": key.public_key,
        "tag": tag,
    }
    if base is not None:
        data["key_href"] = f"{base}/v5/livedns/domains/{domain.fqdn}/keys/{key.id}"
    return data


def _snapshot_json(request: Request, domain: Domain, snap: Snapshot) -> dict[str, Any]:
    return {
        "id": snap.id,
        "name": snap.name,
        "automatic": snap.automatic,
        "created_at": snap.created_at,
        "snapshot_href": f"{_domain_href(request, domain.fqdn)}/snapshots/{snap.id}",
    }


# --- access -------------------------------------------------------------------------------


def _zone_of(request: Request, fqdn: str, *, records: bool = True) -> tuple[Domain, Zone]:
    """The LiveDNS zone in the path; records, keys and snapshots need the PAT's permission."""
    domain = domain_for(request, fqdn)
    if domain.zone is None:
        raise not_found()
    if records or request.method != "GET":
        require_permission(request)
    return domain, domain.zone


def _rel(domain: Domain, name: str) -> str:
    return relative_name(name, domain.fqdn)


def _check_case(zone: Zone, name: str, rtype: str | None = None) -> None:
    """Updating a name in another case than the stored one fails with a 500 [real]."""
    existing = zone.at(name) if rtype is None else [r for r in [zone.get(name, rtype)] if r]
    if any(r.name != name for r in existing):
        raise internal_error()


def _check_cname(name: str, types: set[str], field: str) -> None:
    """A CNAME stands alone at its name."""
    if "CNAME" in types and len(types) > 1:
        others = ", ".join(sorted(types - {"CNAME"}))
        raise validation_error(
            [
                field_error(
                    "body",
                    field,
                    f"{name!r}: a CNAME record cannot coexist with other records ({others})",
                )
            ]
        )


def _check_cnames(rrsets: list[RRSet]) -> None:
    """The CNAME rule over a whole new zone."""
    names: dict[str, set[str]] = {}
    for rrset in rrsets:
        names.setdefault(rrset.name.lower(), set()).add(rrset.type)
    for name, types in names.items():
        _check_cname(name, types, "items")


def _merge(rrsets: list[RRSet]) -> list[RRSet]:
    """Rrsets of one name and type given twice are merged, values in order [doc]."""
    merged: dict[tuple[str, str], RRSet] = {}
    for rrset in rrsets:
        key = (rrset.name.lower(), rrset.type)
        if key in merged:
            merged[key].values.extend(v for v in rrset.values if v not in merged[key].values)
        else:
            merged[key] = rrset
    return list(merged.values())


def _build_items(domain: Domain, items: Any, *, name: str | None) -> list[RRSet]:
    """The rrsets of an ``{"items": [...]}`` body (``name`` from the path, if any)."""
    if items is MISSING or items is None:
        raise validation_error([field_error("body", "items", "Required")])
    if not isinstance(items, list):
        raise validation_error([field_error("body", "items", f'"{items}" is not iterable')])
    errors: list[dict[str, str]] = []
    rrsets: list[RRSet] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(field_error("body", f"items.{i}", f'"{item}" is not a mapping type'))
            continue
        rrset = build_rrset(
            domain.fqdn,
            name=name if name is not None else item.get("rrset_name", MISSING),
            rtype=item.get("rrset_type", MISSING),
            ttl=item.get("rrset_ttl", MISSING),
            values=item.get("rrset_values", MISSING),
            where=Where(prefix=f"items.{i}.", rule_name="items"),
            errors=errors,
        )
        if rrset is not None:
            rrsets.append(rrset)
    if errors:
        raise validation_error(errors)
    return _merge(rrsets)


# --- domains ------------------------------------------------------------------------------


@route("GET", "/v5/livedns/domains")
def list_domains(request: Request) -> Response:
    page, headers = paginate(request, visible_domains(request, livedns=True))
    return ok([domain_json(request, d) for d in page], headers=headers)


@route("POST", "/v5/livedns/domains")
def create_domain(request: Request) -> Response:
    body = request.json_object()
    fqdn = body.get("fqdn")
    if not isinstance(fqdn, str) or not fqdn:
        raise validation_error([field_error("body", "fqdn", "Required")])
    domain = domain_for(request, fqdn)
    require_permission(request)
    if domain.zone is not None:
        raise http_error(409, "This domain already exists on LiveDNS")
    zone_body = body.get("zone")
    items = zone_body.get("items") if isinstance(zone_body, dict) else None
    rrsets = default_rrsets() if items is None else _build_items(domain, items, name=None)
    _check_cnames(rrsets)
    domain.zone = Zone(rrsets)
    location = _domain_href(request, domain.fqdn)
    return ok({"message": "Domain Created"}, 201, [("location", location)])


@route("GET", "/v5/livedns/domains/{fqdn}")
def get_domain(request: Request, fqdn: str) -> Response:
    domain, _ = _zone_of(request, fqdn, records=False)
    return ok(domain_json(request, domain))


@route("GET", "/v5/livedns/domains/{fqdn}/nameservers")
def get_livedns_nameservers(request: Request, fqdn: str) -> Response:
    domain, _ = _zone_of(request, fqdn, records=False)
    return ok(request.state.livedns_nameservers(domain.fqdn))


@route("GET", "/v5/livedns/dns/rrtypes")
def rrtypes(request: Request) -> Response:
    return ok(list(SUPPORTED_TYPES))


# --- records: the zone --------------------------------------------------------------------


@route("GET", "/v5/livedns/domains/{fqdn}/records")
def list_records(request: Request, fqdn: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    if "text/plain" in request.headers.get("accept", ""):
        lines = [f"{r.name} {r.ttl} IN {r.type} {v}\n" for r in zone.all() for v in r.values]
        return Response(200, "".join(lines).encode(), "text/plain; charset=utf-8")
    page, headers = paginate(request, zone.all())
    return ok([rrset_json(request, domain.fqdn, r) for r in page], headers=headers)


@route("POST", "/v5/livedns/domains/{fqdn}/records")
def create_record(request: Request, fqdn: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    body = request.json_object()
    errors: list[dict[str, str]] = []
    rrset = build_rrset(
        domain.fqdn,
        name=body.get("rrset_name", MISSING),
        rtype=body.get("rrset_type", MISSING),
        ttl=body.get("rrset_ttl", MISSING),
        values=body.get("rrset_values", MISSING),
        where=Where(),
        errors=errors,
    )
    if rrset is None:
        raise validation_error(errors)
    return _create(request, domain, zone, rrset)


@route("PUT", "/v5/livedns/domains/{fqdn}/records")
def replace_zone(request: Request, fqdn: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rrsets = _build_items(domain, request.json_object().get("items", MISSING), name=None)
    _check_cnames(rrsets)
    zone.clear()
    for rrset in rrsets:
        zone.put(rrset)
    return ok(CREATED, 201)


@route("DELETE", "/v5/livedns/domains/{fqdn}/records")
def delete_zone_records(request: Request, fqdn: str) -> Response:
    _, zone = _zone_of(request, fqdn)
    zone.clear()
    return no_content()


# --- records: one name --------------------------------------------------------------------


@route("GET", "/v5/livedns/domains/{fqdn}/records/{name}")
def get_name(request: Request, fqdn: str, name: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    return ok([rrset_json(request, domain.fqdn, r) for r in zone.at(_rel(domain, name))])


@route("POST", "/v5/livedns/domains/{fqdn}/records/{name}")
def create_at_name(request: Request, fqdn: str, name: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    body = request.json_object()
    errors: list[dict[str, str]] = []
    rrset = build_rrset(
        domain.fqdn,
        name=name,
        rtype=body.get("rrset_type", MISSING),
        ttl=body.get("rrset_ttl", MISSING),
        values=body.get("rrset_values", MISSING),
        where=Where(name_location="path"),
        errors=errors,
    )
    if rrset is None:
        raise validation_error(errors)
    return _create(request, domain, zone, rrset)


@route("PUT", "/v5/livedns/domains/{fqdn}/records/{name}")
def replace_name(request: Request, fqdn: str, name: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rel = _rel(domain, name)
    rrsets = _build_items(domain, request.json_object().get("items", MISSING), name=rel)
    _check_case(zone, rel)
    _check_cname(rel, {r.type for r in rrsets}, "items")
    zone.delete_name(rel)
    for rrset in rrsets:
        zone.put(rrset)
    return ok(CREATED, 201)


@route("DELETE", "/v5/livedns/domains/{fqdn}/records/{name}")
def delete_name(request: Request, fqdn: str, name: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rel = _rel(domain, name)
    _check_case(zone, rel)
    if not zone.delete_name(rel):
        raise record_not_found(name)
    return no_content()


# --- records: one rrset -------------------------------------------------------------------


def _rrset_from_path(
    request: Request, domain: Domain, name: str, rtype: str
) -> tuple[RRSet | None, list[dict[str, str]]]:
    body = request.json_object()
    errors: list[dict[str, str]] = []
    rrset = build_rrset(
        domain.fqdn,
        name=name,
        rtype=rtype,
        ttl=body.get("rrset_ttl", MISSING),
        values=body.get("rrset_values", MISSING),
        where=Where(name_location="path", type_location="path"),
        errors=errors,
    )
    return rrset, errors


def _create(request: Request, domain: Domain, zone: Zone, rrset: RRSet) -> Response:
    if zone.get(rrset.name, rrset.type) is not None:
        raise record_exists()
    _check_cname(rrset.name, zone.types_at(rrset.name) | {rrset.type}, "rrset_type")
    zone.put(rrset)
    location = rrset_href(request, domain.fqdn, rrset.name, rrset.type)
    return ok(CREATED, 201, [("location", location)])


@route("GET", "/v5/livedns/domains/{fqdn}/records/{name}/{rtype}")
def get_rrset(request: Request, fqdn: str, name: str, rtype: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rrset = zone.get(_rel(domain, name), rtype.upper())
    if rrset is None:
        raise record_not_found(name, rtype)
    return ok(rrset_json(request, domain.fqdn, rrset))


@route("POST", "/v5/livedns/domains/{fqdn}/records/{name}/{rtype}")
def create_rrset(request: Request, fqdn: str, name: str, rtype: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rrset, errors = _rrset_from_path(request, domain, name, rtype)
    if rrset is None:
        raise validation_error(errors)
    return _create(request, domain, zone, rrset)


@route("PUT", "/v5/livedns/domains/{fqdn}/records/{name}/{rtype}")
def upsert_rrset(request: Request, fqdn: str, name: str, rtype: str) -> Response:
    """Creates or replaces; name and type in the body are ignored; no TTL means 10800 [real]."""
    domain, zone = _zone_of(request, fqdn)
    rrset, errors = _rrset_from_path(request, domain, name, rtype)
    if rrset is None:
        raise validation_error(errors)
    _check_case(zone, rrset.name, rrset.type)
    _check_cname(rrset.name, zone.types_at(rrset.name) | {rrset.type}, "rrset_type")
    zone.put(rrset)
    location = rrset_href(request, domain.fqdn, rrset.name, rrset.type)
    return ok(CREATED, 201, [("location", location)])


@route("DELETE", "/v5/livedns/domains/{fqdn}/records/{name}/{rtype}")
def delete_rrset(request: Request, fqdn: str, name: str, rtype: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    rel = _rel(domain, name)
    _check_case(zone, rel, rtype.upper())
    if not zone.delete(rel, rtype.upper()):
        raise record_not_found(name, rtype)
    return no_content()


# --- DNSSEC keys --------------------------------------------------------------------------


@route("GET", "/v5/livedns/domains/{fqdn}/keys")
def list_keys(request: Request, fqdn: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    return ok([key_json(request.base, domain, k) for k in domain.livedns_keys])


@route("POST", "/v5/livedns/domains/{fqdn}/keys")
def create_key(request: Request, fqdn: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    flags = request.json_object().get("flags", MISSING)
    if flags is MISSING:
        raise validation_error([field_error("body", "flags", "Required")])
    if flags not in (256, 257) or isinstance(flags, bool):
        raise validation_error([field_error("body", "flags", f'"{flags}" is not one of 256, 257')])
    key = LiveKey(str(uuid.uuid4()), flags, dnssec.LIVEDNS_ALGORITHM, dnssec.new_public_key())
    domain.livedns_keys.append(key)
    location = f"{_domain_href(request, domain.fqdn)}/keys/{key.id}"
    return ok({"message": "Domain Key Created"}, 201, [("location", location)])


def _find_key(domain: Domain, key_id: str) -> LiveKey:
    for key in domain.livedns_keys:
        if key.id == key_id:
            return key
    raise not_found()


@route("GET", "/v5/livedns/domains/{fqdn}/keys/{key_id}")
def get_key(request: Request, fqdn: str, key_id: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    return ok(key_json(request.base, domain, _find_key(domain, key_id)))


@route("DELETE", "/v5/livedns/domains/{fqdn}/keys/{key_id}")
def delete_key(request: Request, fqdn: str, key_id: str) -> Response:
    """A deleted key stays listed with ``deleted: true`` until it is undeleted (PUT)."""
    domain, _ = _zone_of(request, fqdn)
    key = _find_key(domain, key_id)
    key.deleted = True
    key.status = "deleted"
    return no_content()


@route("PUT", "/v5/livedns/domains/{fqdn}/keys/{key_id}")
def update_key(request: Request, fqdn: str, key_id: str) -> Response:
    """Only ``deleted`` can change (go-gandi's ``UpdateDomainKey``)."""
    domain, _ = _zone_of(request, fqdn)
    key = _find_key(domain, key_id)
    deleted = request.json_object().get("deleted", MISSING)
    if not isinstance(deleted, bool):
        description = "Required" if deleted is MISSING else f'"{deleted}" is not a boolean'
        raise validation_error([field_error("body", "deleted", description)])
    key.deleted = deleted
    key.status = "deleted" if deleted else "active"
    return no_content()


# --- snapshots ----------------------------------------------------------------------------


@route("GET", "/v5/livedns/domains/{fqdn}/snapshots")
def list_snapshots(request: Request, fqdn: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    return ok([_snapshot_json(request, domain, s) for s in domain.snapshots])


@route("POST", "/v5/livedns/domains/{fqdn}/snapshots")
def create_snapshot(request: Request, fqdn: str) -> Response:
    domain, zone = _zone_of(request, fqdn)
    name = request.json_object().get("name")
    if name is not None and not isinstance(name, str):
        raise validation_error([field_error("body", "name", f'"{name}" is not a string')])
    created = now_iso()
    snap = Snapshot(
        str(uuid.uuid4()), name or f"snapshot {created}", created, False, zone.copy_rrsets()
    )
    domain.snapshots.append(snap)
    location = f"{_domain_href(request, domain.fqdn)}/snapshots/{snap.id}"
    return ok({"message": "Zone Snapshot Created", "uuid": snap.id}, 201, [("location", location)])


def _find_snapshot(domain: Domain, snap_id: str) -> Snapshot:
    for snap in domain.snapshots:
        if snap.id == snap_id:
            return snap
    raise not_found()


@route("GET", "/v5/livedns/domains/{fqdn}/snapshots/{snap_id}")
def get_snapshot(request: Request, fqdn: str, snap_id: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    snap = _find_snapshot(domain, snap_id)
    data = _snapshot_json(request, domain, snap)
    data["zone_data"] = [r.to_api() for r in snap.zone_data]
    return ok(data)


@route("DELETE", "/v5/livedns/domains/{fqdn}/snapshots/{snap_id}")
def delete_snapshot(request: Request, fqdn: str, snap_id: str) -> Response:
    domain, _ = _zone_of(request, fqdn)
    domain.snapshots.remove(_find_snapshot(domain, snap_id))
    return no_content()
