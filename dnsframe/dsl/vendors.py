"""DNSControl's provider-specific modifiers (``CF_PROXY_ON``, ``R53_WEIGHT(...)``,
``HEDNS_DYNAMIC_ON``, ...): each is the metadata it stands for in DNSControl, a dict that a
record (or ``D()``) takes like any other metadata.

A config written for several providers keeps evaluating with them: a provider that does not use
a metadata key ignores it, and preview says so once per key (see ``Capabilities.metadata_keys``
and :func:`dnsframe.engine.unused_metadata`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from dnsframe.dsl.modifiers import NAMESERVER
from dnsframe.dsl.state import caller_pos, problem
from dnsframe.dsl.values import DomainModifier, Invalid
from dnsframe.names import py_literal as _q

Meta = Mapping[str, str]

_NOTHING: Meta = MappingProxyType({})


def _meta(**items: str) -> Meta:
    return MappingProxyType(dict(items))


def _bad(fn: str, message: str) -> Meta:
    """Record the problem at the user's line and carry on with no metadata."""
    problem(caller_pos(), f"{fn}: {message}")
    return _NOTHING


def _nonempty(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# Cloudflare: per record.
CF_PROXY_OFF = _meta(cloudflare_proxy="off")
CF_PROXY_ON = _meta(cloudflare_proxy="on")
CF_PROXY_FULL = _meta(cloudflare_proxy="full")
CF_CNAME_FLATTEN_OFF = _meta(cloudflare_cname_flatten="off")
CF_CNAME_FLATTEN_ON = _meta(cloudflare_cname_flatten="on")
# Cloudflare: per domain.
CF_PROXY_DEFAULT_OFF = _meta(cloudflare_proxy_default="off")
CF_PROXY_DEFAULT_ON = _meta(cloudflare_proxy_default="on")
CF_UNIVERSALSSL_OFF = _meta(cloudflare_universalssl="off")
CF_UNIVERSALSSL_ON = _meta(cloudflare_universalssl="on")
CF_MANAGE_COMMENTS = _meta(cloudflare_manage_comments="true")
CF_MANAGE_TAGS = _meta(cloudflare_manage_tags="true")


def CF_COMMENT(comment: Any) -> Meta:
    """``CF_COMMENT("text")``: the record's comment at Cloudflare (``cloudflare_comment``)."""
    if not isinstance(comment, str):
        return _bad(f"CF_COMMENT({_q(comment)})", "the comment must be a string")
    return _meta(cloudflare_comment=comment)


def CF_TAGS(*tags: Any) -> Meta:
    """``CF_TAGS("a", "b")``: the record's tags at Cloudflare (``cloudflare_tags``, joined by
    commas)."""
    if not all(isinstance(t, str) and t for t in tags):
        return _bad("CF_TAGS(...)", f"each tag must be a non-empty string, got {list(tags)!r}")
    return _meta(cloudflare_tags=",".join(tags))


# Hurricane Electric.
HEDNS_DYNAMIC_ON = _meta(hedns_dynamic="on")
HEDNS_DYNAMIC_OFF = _meta(hedns_dynamic="off")


def HEDNS_DDNS_KEY(key: Any) -> Meta:
    """``HEDNS_DDNS_KEY("key")``: a dynamic record with this DDNS key (``hedns_dynamic`` on,
    ``hedns_ddns_key``)."""
    if not _nonempty(key):
        return _bad(f"HEDNS_DDNS_KEY({_q(key)})", "the key must be a non-empty string")
    return _meta(hedns_dynamic="on", hedns_ddns_key=key)


# Route 53.
def R53_WEIGHT(weight: Any, set_identifier: Any) -> Meta:
    """``R53_WEIGHT(70, "web-east")``: weighted routing (``r53_weight``, 0..255, and
    ``r53_set_identifier``)."""
    fn = f"R53_WEIGHT({_q(weight)}, {_q(set_identifier)})"
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 255:
        return _bad(fn, f"the weight must be a whole number 0..255, got {weight!r}")
    if not _nonempty(set_identifier):
        return _bad(fn, "the set identifier must be a non-empty string")
    return _meta(r53_weight=str(weight), r53_set_identifier=set_identifier)


def R53_HEALTH_CHECK_ID(health_check_id: Any) -> Meta:
    """``R53_HEALTH_CHECK_ID("id")``: the Route 53 health check of the record
    (``r53_health_check_id``)."""
    if not _nonempty(health_check_id):
        return _bad(
            f"R53_HEALTH_CHECK_ID({_q(health_check_id)})",
            "the health check id must be a non-empty string",
        )
    return _meta(r53_health_check_id=health_check_id)


def R53_ZONE(zone_id: Any) -> Meta:
    """``R53_ZONE("Z1234")`` in ``D()``: the hosted zone of the domain (``zone_id``)."""
    if not _nonempty(zone_id):
        return _bad(f"R53_ZONE({_q(zone_id)})", "the zone id must be a non-empty string")
    return _meta(zone_id=zone_id)


def R53_EVALUATE_TARGET_HEALTH(enabled: Any) -> Meta:
    """``R53_EVALUATE_TARGET_HEALTH(True)``: for Route 53 alias records
    (``evaluate_target_health``)."""
    if not isinstance(enabled, bool):
        return _bad(f"R53_EVALUATE_TARGET_HEALTH({enabled!r})", "takes True or False")
    return _meta(evaluate_target_health=str(enabled).lower())


# Gidinet.
def GIDINET_PREMIUM_NS() -> list[DomainModifier | Invalid]:
    """``GIDINET_PREMIUM_NS()`` in ``D()``: Gidinet's premium nameservers, dns1 to dns5."""
    return [NAMESERVER(f"dns{n}.gidinet.com.") for n in range(1, 6)]


# dnsframe's own reading of these.
#: ``A("foo.example.tld.example.tld", ...)`` without the "repeated domain" error.
DISABLE_REPEATED_DOMAIN_CHECK = _meta(skip_fqdn_check="true")
#: Deprecated in DNSControl and a no-op there: long TXT texts are split by the providers.
AUTOSPLIT: Meta = _NOTHING


def DKIM(text: Any) -> Any:
    """``DKIM(text)``: the text itself (a no-op kept by DNSControl for old configs)."""
    return text


#: Every name of this module that ``dnsconfig.py`` has in scope.
VENDOR_NAMES = (
    "AUTOSPLIT", "CF_CNAME_FLATTEN_OFF", "CF_CNAME_FLATTEN_ON", "CF_COMMENT",
    "CF_MANAGE_COMMENTS", "CF_MANAGE_TAGS", "CF_PROXY_DEFAULT_OFF", "CF_PROXY_DEFAULT_ON",
    "CF_PROXY_FULL", "CF_PROXY_OFF", "CF_PROXY_ON", "CF_TAGS", "CF_UNIVERSALSSL_OFF",
    "CF_UNIVERSALSSL_ON", "DISABLE_REPEATED_DOMAIN_CHECK", "DKIM", "GIDINET_PREMIUM_NS",
    "HEDNS_DDNS_KEY", "HEDNS_DYNAMIC_OFF", "HEDNS_DYNAMIC_ON", "R53_EVALUATE_TARGET_HEALTH",
    "R53_HEALTH_CHECK_ID", "R53_WEIGHT", "R53_ZONE",
)  # fmt: skip

__all__ = list(VENDOR_NAMES)

#: What each constant (not a function, so without a docstring) stands for, for the language
#: reference (``python -m dnsframe.docs``).
CONSTANT_DOCS: Mapping[str, str] = MappingProxyType(
    {
        "CF_PROXY_ON": "Cloudflare: the record goes through Cloudflare's proxy.",
        "CF_PROXY_OFF": "Cloudflare: the record is served as it is (DNS only).",
        "CF_PROXY_FULL": "Cloudflare: proxied, with Railgun (DNSControl's ``full``).",
        "CF_CNAME_FLATTEN_ON": "Cloudflare: this CNAME is flattened.",
        "CF_CNAME_FLATTEN_OFF": "Cloudflare: this CNAME is not flattened.",
        "CF_PROXY_DEFAULT_ON": "Cloudflare, in ``D()``: records are proxied unless they say.",
        "CF_PROXY_DEFAULT_OFF": "Cloudflare, in ``D()``: records are not proxied unless they say.",
        "CF_UNIVERSALSSL_ON": "Cloudflare, in ``D()``: Universal SSL on for the zone.",
        "CF_UNIVERSALSSL_OFF": "Cloudflare, in ``D()``: Universal SSL off for the zone.",
        "CF_MANAGE_COMMENTS": "Cloudflare, in ``D()``: the records' comments are managed too.",
        "CF_MANAGE_TAGS": "Cloudflare, in ``D()``: the records' tags are managed too.",
        "HEDNS_DYNAMIC_ON": "Hurricane Electric: the record is dynamic (DDNS).",
        "HEDNS_DYNAMIC_OFF": "Hurricane Electric: the record is not dynamic.",
        "DISABLE_REPEATED_DOMAIN_CHECK": (
            "In ``D()`` or a record: a record name that repeats the domain "
            '(``"www.example.tld"`` in ``example.tld``) is taken as written, not refused.'
        ),
        "AUTOSPLIT": (
            "Deprecated by DNSControl, a no-op: providers split long TXT texts themselves."
        ),
    }
)
