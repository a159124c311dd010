"""``M365_BUILDER``: the records Microsoft 365 asks for one domain, as DNSControl builds them.

The MX, the Autodiscover CNAME and the two DKIM CNAMEs by default; the verification TXT, the
SIP federation SRV and the two device management CNAMEs on request. Every target can be given;
the MX and DKIM targets are otherwise derived from the domain's token (its name with ``-`` for
``.``), which is why the first argument must be the name the records are placed under when a
target is derived from it. The records are made where ``D()`` places the builder, when the zone
(and a ``D_EXTEND`` subdomain) is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.names import to_ascii_name
from dnsframe.dsl.records import make
from dnsframe.dsl.state import caller_pos, made, problem, taken
from dnsframe.dsl.values import DomainModifier, Invalid, TTLModifier, at
from dnsframe.names import py_literal as _q

_SWITCHES = {
    "mx": True,
    "autodiscover": True,
    "dkim": True,
    "skypeForBusiness": False,
    "mdm": False,
}
_TARGETS: dict[str, str | None] = {
    "mxTarget": None,
    "autodiscoverTarget": "autodiscover.outlook.com.",
    "dkimSelector1Target": None,
    "dkimSelector2Target": None,
    "sipFederationTarget": "sipfed.online.lync.com.",
    "mdmEnrollmentTarget": "enterpriseenrollment-s.manage.microsoft.com.",
    "mdmRegistrationTarget": "enterpriseregistration.windows.net.",
}
_STRINGS = ("label", "domainGUID", "initialDomain", "verificationToken")
_OPTIONS = frozenset({*_SWITCHES, *_TARGETS, *_STRINGS, "mxPriority"})
#: A full host name: two labels or more, with or without the final dot.
_FULL_HOST = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)+"
                        r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?")  # fmt: skip


def M365_BUILDER(name: Any, options: Any = None, *modifiers: Any) -> list[Any]:
    """``M365_BUILDER("example.com", {"initialDomain": "contoso.onmicrosoft.com"}, TTL("1h"))``:
    Microsoft 365's records for the domain ``name``. Options: label, mx, mxPriority, mxTarget,
    autodiscover, autodiscoverTarget, dkim, initialDomain, dkimSelector1Target,
    dkimSelector2Target, skypeForBusiness, sipFederationTarget, mdm, mdmEnrollmentTarget,
    mdmRegistrationTarget, domainGUID, verificationToken. ``TTL()`` is the only modifier."""
    pos = caller_pos()
    call = f"M365_BUILDER({_q(name)}, ...)"
    problems: list[str] = []
    ascii_name = ""
    if not isinstance(name, str) or not name.strip():
        problems.append("the first argument must be the Microsoft 365 domain name")
    else:
        try:
            ascii_name = to_ascii_name(name.strip())
        except ValueError as exc:
            problems.append(str(exc))
    opts: Mapping[str, Any] = {} if options is None else options
    if not isinstance(opts, Mapping):
        problems.append(f"the second argument must be a dict of options, got {options!r}")
        opts = {}
    unknown = sorted(set(opts) - _OPTIONS)
    if unknown:
        problems.append(
            f"unknown option {', '.join(unknown)}; known: {', '.join(sorted(_OPTIONS))}"
        )
    switches = {}
    for key, default in _SWITCHES.items():
        value = opts.get(key, default)
        if not isinstance(value, bool):
            problems.append(f"{key} must be True or False, got {value!r}")
        switches[key] = bool(value)
    priority = opts.get("mxPriority", 0)
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 65535:
        problems.append(f"mxPriority must be an integer 0..65535, got {priority!r}")
    strings: dict[str, str] = {}
    for key in _STRINGS:
        if key in opts:
            value = opts[key]
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{key} must be a non-empty string, got {value!r}")
            else:
                strings[key] = value.strip()
    guid = strings.get("domainGUID")
    if guid is not None and "." in guid:
        problems.append(f"domainGUID is one label without dots, got {_q(guid)}")
    token = strings.get("verificationToken")
    if token is not None and not token.startswith("MS="):
        problems.append(
            f"verificationToken is the whole TXT value, like 'MS=ms12345678', got {_q(token)}"
        )
    targets: dict[str, str | None] = {}
    for key, fallback in (*_TARGETS.items(), ("initialDomain", None)):
        given = opts.get(key)
        if given is None:
            targets[key] = fallback
        elif not isinstance(given, str) or not _FULL_HOST.fullmatch(given.strip()):
            problems.append(
                f"{key} must be a full host name, like 'contoso.onmicrosoft.com', got {given!r}"
            )
        else:
            targets[key] = given.strip().rstrip(".").lower() + "."
    if (opts.get("dkimSelector1Target") is None) != (opts.get("dkimSelector2Target") is None):
        problems.append("set both dkimSelector1Target and dkimSelector2Target, or neither")
    explicit_dkim = targets.get("dkimSelector1Target") is not None
    if switches["dkim"] and not explicit_dkim and targets.get("initialDomain") is None:
        problems.append(
            "DKIM (on by default) needs initialDomain (like 'contoso.onmicrosoft.com') or both "
            "dkimSelector1Target and dkimSelector2Target; or set 'dkim': False"
        )
    ttl: list[TTLModifier] = []
    for extra in modifiers:
        if isinstance(extra, TTLModifier):
            ttl = [extra]
        elif isinstance(extra, Invalid):
            continue  # a bad TTL(): its problem is recorded already
        else:
            problems.append(f"takes TTL(...) after the options and nothing else, got {extra!r}")
    if problems:
        for text in problems:
            problem(pos, f"{call}: {text}")
        return []
    if any(isinstance(extra, Invalid) for extra in modifiers):
        return []
    label = strings.get("label", "@").lower()

    def under(prefix: str) -> str:
        return prefix if label == "@" else f"{prefix}.{label}"

    def expand(zone: str, subdomain: str) -> list[Any]:
        origin = f"{subdomain}.{zone}" if subdomain else zone
        placed = origin if label == "@" else f"{label.rstrip('.')}.{origin}"
        token_of = guid
        derived_mx = switches["mx"] and targets["mxTarget"] is None
        derived_dkim = switches["dkim"] and not explicit_dkim
        if token_of is None and (derived_mx or derived_dkim):
            if ascii_name != placed:
                problem(
                    pos,
                    f"{call}: the records are placed under {placed}, but the MX and DKIM targets "
                    f"are derived from {_q(name)}; pass {_q(placed)}, set label to place them "
                    "under the name, or set domainGUID",
                )
                return []
            if "-" in ascii_name:
                problem(
                    pos,
                    f"{call}: a name with a dash (every internationalized name has one in "
                    "punycode) has no derived domain token; set domainGUID to the value the "
                    "Microsoft 365 admin center shows",
                )
                return []
            token_of = ascii_name.replace(".", "-")
        records: list[Any] = []
        if token is not None:
            records.append(make("TXT", label, token, *ttl))
        if switches["mx"]:
            mx_target = targets["mxTarget"] or f"{token_of}.mail.protection.outlook.com."
            records.append(make("MX", label, priority, mx_target, *ttl))
        if switches["autodiscover"]:
            target = targets["autodiscoverTarget"]
            records.append(make("CNAME", under("autodiscover"), target, *ttl))
        if switches["dkim"]:
            for n in (1, 2):
                target = targets[f"dkimSelector{n}Target"] or (
                    f"selector{n}-{token_of}._domainkey.{targets['initialDomain']}"
                )
                records.append(make("CNAME", under(f"selector{n}._domainkey"), target, *ttl))
        if switches["skypeForBusiness"]:
            target = targets["sipFederationTarget"]
            records.append(make("SRV", under("_sipfederationtls._tcp"), 100, 1, 5061, target, *ttl))
        if switches["mdm"]:
            for prefix, key in (
                ("enterpriseregistration", "mdmRegistrationTarget"),
                ("enterpriseenrollment", "mdmEnrollmentTarget"),
            ):
                records.append(make("CNAME", under(prefix), targets[key], *ttl))
        for spec in records:
            taken(spec)  # remade by at(), at the builder's line; the copy is placed
        return [at(pos, spec) for spec in records]

    return [made(DomainModifier("expand_at", expand, pos))]
