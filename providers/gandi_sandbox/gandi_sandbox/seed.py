"""What the ``gandi-sandbox`` command line seeds: tokens and domains from their option values,
zones from a zone file or a JSON dump.

Each function raises :class:`ValueError` with a message for the user (the command prints it
after the option's name). dnspython reads zone files; it is imported only when one is given,
so the sandbox itself stays on the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The flags of a ``--token`` value, and what each means (the help and the README say the same).
TOKEN_FLAGS = ("read-only", "apikey")
DOMAIN_FLAGS = ("empty",)


@dataclass
class TokenSpec:
    """One ``--token TOKEN[,org=ORG][,domain=FQDN]...[,read-only][,apikey][,key=NAME]``."""

    token: str
    organization: str | None = None
    domains: list[str] | None = None
    read_only: bool = False
    apikey: bool = False
    key: str | None = None


@dataclass
class DomainSpec:
    """One ``--domain FQDN[,org=ORG][,empty]``."""

    fqdn: str
    organization: str | None = None
    empty: bool = False
    rrsets: list[dict[str, Any]] | None = None
    seeded_from: str | None = None


def _parts(value: str, what: str) -> tuple[str, list[tuple[str, str | None]]]:
    head, *rest = value.split(",")
    if not head or "=" in head:
        raise ValueError(f"{value!r}: it starts with the {what}, then ,name=value or ,flag parts")
    parts: list[tuple[str, str | None]] = []
    for part in rest:
        name, sep, arg = part.partition("=")
        if sep and not arg:
            raise ValueError(f"{value!r}: {name}= needs a value")
        parts.append((name.strip().lower(), arg if sep else None))
    return head, parts


#: The shortest token GANDI_V5 takes (its MIN_SECRET_LENGTH): the command refuses shorter ones,
#: whose printed creds entries would be refused by the provider.
MIN_TOKEN_LENGTH = 20


def parse_token(value: str) -> TokenSpec:
    token, parts = _parts(value, "token")
    spec = TokenSpec(token=token)
    for name, arg in parts:
        if name == "org" and arg is not None:
            spec.organization = arg
        elif name == "domain" and arg is not None:
            spec.domains = [*(spec.domains or []), arg.lower().rstrip(".")]
        elif name == "key" and arg is not None:
            spec.key = arg
        elif name == "read-only" and arg is None:
            spec.read_only = True
        elif name == "apikey" and arg is None:
            spec.apikey = True
        else:
            raise ValueError(
                f"{value!r}: unknown part {name!r}; a token takes org=ORG, domain=FQDN "
                "(repeatable), key=CREDSKEY, read-only and apikey"
            )
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"{token!r} is {len(token)} characters; GANDI_V5 refuses a token shorter than "
            f"{MIN_TOKEN_LENGTH} (Gandi's own are longer) before sending it, so the creds entry "
            "printed for it would not work: give a longer one, such as "
            f"{(token + '-token-for-the-sandbox')!r}"
        )
    return spec


def parse_domain(value: str) -> DomainSpec:
    fqdn, parts = _parts(value, "domain name")
    spec = DomainSpec(fqdn=fqdn.lower().rstrip("."))
    for name, arg in parts:
        if name == "org" and arg is not None:
            spec.organization = arg
        elif name == "empty" and arg is None:
            spec.empty = True
        else:
            raise ValueError(f"{value!r}: unknown part {name!r}; a domain takes org=ORG and empty")
    return spec


def split_seed(value: str) -> tuple[str, Path]:
    """``FQDN=FILE`` of ``--zone-file`` and ``--zone-json``."""
    fqdn, sep, path = value.partition("=")
    if not sep or not fqdn or not path:
        raise ValueError(f"{value!r}: give it as DOMAIN=FILE, e.g. example.tld=example.tld.zone")
    return fqdn.lower().rstrip("."), Path(path)


def rrsets_from_json(path: Path) -> list[dict[str, Any]]:
    """A JSON dump of a zone: the list ``GET /v5/livedns/domains/{fqdn}/records`` returns, or
    the ``{"items": [...]}`` body of a ``PUT`` of the zone (``rrset_href`` is ignored)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ValueError(f"{path}: not JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise ValueError(
            f"{path}: expected a list of rrsets (rrset_name, rrset_type, rrset_ttl, "
            'rrset_values), as GET .../records returns them, or {"items": [...]}'
        )
    return [{k: v for k, v in item.items() if k != "rrset_href"} for item in data]


def rrsets_from_zone_file(path: Path, fqdn: str) -> tuple[list[dict[str, Any]], int]:
    """The rrsets of a zone file whose origin is ``fqdn``, and how many rrsets were left out:
    the SOA and the apex NS, which LiveDNS makes itself (no listing shows them)."""
    import dns.exception
    import dns.name
    import dns.rdatatype
    import dns.zone

    try:
        zone = dns.zone.from_file(str(path), origin=fqdn, relativize=False, check_origin=False)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except dns.exception.DNSException as exc:
        raise ValueError(f"not a zone file of {fqdn}: {exc}") from None
    assert zone.origin is not None
    rrsets: list[dict[str, Any]] = []
    left_out = 0
    for absolute, node in zone.nodes.items():
        name = absolute.relativize(zone.origin)
        apex = name == dns.name.empty
        for rdataset in node.rdatasets:
            if rdataset.rdtype == dns.rdatatype.SOA or (
                apex and rdataset.rdtype == dns.rdatatype.NS
            ):
                left_out += 1
                continue
            rrsets.append(
                {
                    "rrset_name": "@" if apex else name.to_text(),
                    "rrset_type": dns.rdatatype.to_text(rdataset.rdtype),
                    "rrset_ttl": rdataset.ttl,
                    "rrset_values": sorted(rd.to_text() for rd in rdataset),
                }
            )
    return rrsets, left_out
