"""DNSControl's helpers that compute values or several records: IP, REV and the builders."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any

from dnsframe.dsl.modifiers import TTL
from dnsframe.dsl.records import make
from dnsframe.dsl.state import DslError, caller_pos, made, problem, taken
from dnsframe.dsl.values import CAA_CRITICAL, DomainModifier, at, parse_ttl


def _fail(fn: str, message: str) -> DslError:
    pos = caller_pos()
    return DslError(f"{pos}: {fn}(): {message}" if pos else f"{fn}(): {message}")


def IP(address: str) -> int:
    """``IP("1.2.3.4")``: the IPv4 address as a number (``A("x", IP("10.0.0.1") + 1)``)."""
    try:
        return int(ipaddress.IPv4Address(address.strip()))
    except (ValueError, AttributeError):
        raise _fail("IP", f"{address!r} is not an IPv4 address") from None


def REV(cidr: str) -> str:
    """``REV("192.0.2.0/24")``: the reverse zone name of an address or network, without a
    trailing dot (``"2.0.192.in-addr.arpa"``). Networks not on an octet (or, for IPv6, nibble)
    boundary are named as DNSControl names them: RFC 2317 (``"128/26.2.0.192.in-addr.arpa"``)
    for /25 to /31, RFC 4183 (``"192-13.10.in-addr.arpa"``) for /9 to /23."""
    try:
        network = ipaddress.ip_network(str(cidr).strip(), strict=True)
    except ValueError as exc:
        raise _fail("REV", f"{cidr!r} is not an address or network ({exc})") from None
    bits = network.prefixlen
    if network.version == 6:
        nibbles = network.network_address.exploded.replace(":", "")[: (bits + 3) // 4]
        return ".".join(reversed(nibbles)) + ".ip6.arpa" if nibbles else "ip6.arpa"
    octets = str(network.network_address).split(".")
    if bits < 8:
        raise _fail("REV", f"{cidr!r}: networks larger than /8 have no reverse zone")
    if bits % 8 == 0:
        return ".".join(reversed(octets[: bits // 8])) + ".in-addr.arpa"
    if bits > 24:
        return f"{octets[3]}/{bits}." + ".".join(reversed(octets[:3])) + ".in-addr.arpa"
    whole = bits // 8
    return f"{octets[whole]}-{bits}." + ".".join(reversed(octets[:whole])) + ".in-addr.arpa"


def _string_list(fn: str, field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return list(value)
    raise _fail(fn, f"{field} must be a string or a list of strings, got {value!r}")


def _options(fn: str, options: Any, allowed: set[str]) -> Mapping[str, Any]:
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise _fail(fn, f"takes one dict of options, got {options!r}")
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise _fail(fn, f"unknown option {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
    return options


_CAA_TAGS = ("issue", "issuewild", "issuevmc", "issuemail")


def CAA_BUILDER(options: Any) -> list[Any]:
    """``CAA_BUILDER({"label": "@", "iodef": "mailto:...", "issue": [...], "issuewild": "none",
    ...})``: the CAA records of a policy; ``"none"`` forbids every CA (``;``). Each of iodef,
    issue, issuewild, issuevmc and issuemail takes ``<field>_critical: True``."""
    fn = "CAA_BUILDER"
    allowed = {"label", "ttl", "iodef", "iodef_critical"}
    allowed |= set(_CAA_TAGS) | {f"{t}_critical" for t in _CAA_TAGS}
    opts = _options(fn, options, allowed)
    if not any(opts.get(tag) for tag in _CAA_TAGS):
        raise _fail(fn, "needs at least one of issue, issuewild, issuevmc or issuemail")
    label = opts.get("label", "@")
    mods: list[Any] = [TTL(opts["ttl"])] if opts.get("ttl") else []
    records: list[Any] = []
    if opts.get("iodef"):
        crit = [CAA_CRITICAL] if opts.get("iodef_critical") else []
        records.append(make("CAA", label, "iodef", opts["iodef"], *crit, *mods))
    for tag in _CAA_TAGS:
        if not opts.get(tag):
            continue
        values = _string_list(fn, tag, opts[tag])
        if values == ["none"]:
            values = [";"]
        crit = [CAA_CRITICAL] if opts.get(f"{tag}_critical") else []
        records.extend(make("CAA", label, tag, value, *crit, *mods) for value in values)
    return records


def _alignment(fn: str, field: str, value: Any) -> str:
    mapping = {"relaxed": "r", "r": "r", "strict": "s", "s": "s"}
    if not isinstance(value, str) or value.lower() not in mapping:
        raise _fail(fn, f"{field} must be 'relaxed' ('r') or 'strict' ('s'), got {value!r}")
    return mapping[value.lower()]


def DMARC_BUILDER(options: Any = None) -> list[Any]:
    """``DMARC_BUILDER({"policy": "reject", "rua": ["mailto:..."], ...})``: the ``_dmarc`` TXT
    record. Options: label, version, policy, subdomainPolicy, alignmentSPF, alignmentDKIM,
    percent, rua, ruf, failureOptions, failureFormat, reportInterval, ttl."""
    fn = "DMARC_BUILDER"
    allowed = {
        "label", "version", "policy", "subdomainPolicy", "alignmentSPF", "alignmentDKIM",
        "percent", "rua", "ruf", "failureOptions", "failureFormat", "reportInterval", "ttl",
    }  # fmt: skip
    opts = _options(fn, options, allowed)
    label = opts.get("label") or "@"
    name = "_dmarc" if label == "@" else f"_dmarc.{label}"
    policies = {"none", "quarantine", "reject"}
    policy = opts.get("policy", "none")
    if policy not in policies:
        raise _fail(fn, f"policy must be none, quarantine or reject, got {policy!r}")
    parts = [f"v={opts.get('version', 'DMARC1')}", f"p={policy}"]
    if opts.get("subdomainPolicy"):
        if opts["subdomainPolicy"] not in policies:
            raise _fail(fn, "subdomainPolicy must be none, quarantine or reject")
        parts.append(f"sp={opts['subdomainPolicy']}")
    if opts.get("alignmentDKIM"):
        parts.append(f"adkim={_alignment(fn, 'alignmentDKIM', opts['alignmentDKIM'])}")
    if opts.get("alignmentSPF"):
        parts.append(f"aspf={_alignment(fn, 'alignmentSPF', opts['alignmentSPF'])}")
    if opts.get("percent"):
        percent = opts["percent"]
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            raise _fail(fn, f"percent must be an integer 0..100, got {percent!r}")
        parts.append(f"pct={percent}")
    if opts.get("rua"):
        parts.append("rua=" + ",".join(_string_list(fn, "rua", opts["rua"])))
    if opts.get("ruf"):
        parts.append("ruf=" + ",".join(_string_list(fn, "ruf", opts["ruf"])))
        fo = opts.get("failureOptions")
        if isinstance(fo, Mapping):
            dkim, spf = bool(fo.get("DKIM")), bool(fo.get("SPF"))
            fo = "1" if dkim and spf else "d" if dkim else "s" if spf else "0"
        if fo and str(fo) != "0":
            parts.append(f"fo={fo}")
        if opts.get("failureFormat"):
            parts.append(f"rf={opts['failureFormat']}")
    if opts.get("reportInterval"):
        try:
            parts.append(f"ri={parse_ttl(opts['reportInterval'])}")
        except ValueError as exc:
            raise _fail(fn, f"reportInterval: {exc}") from None
    mods = [TTL(opts["ttl"])] if opts.get("ttl") else []
    return [make("TXT", name, "; ".join(parts), *mods)]


def SPF_BUILDER(options: Any) -> list[Any]:
    """``SPF_BUILDER({"label": "@", "parts": ["v=spf1", "include:...", "~all"], ...})``: the
    SPF TXT record. With ``overflow`` (``"_spf%d"``) a record longer than ``txtMaxSize`` (255;
    ``overhead1`` less for the first) is split into a chain of records joined by ``include:``.
    Flattening (``flatten``) needs DNS lookups and is not supported."""
    fn = "SPF_BUILDER"
    allowed = {"label", "overflow", "overhead1", "raw", "ttl", "txtMaxSize", "parts", "flatten"}
    opts = _options(fn, options, allowed)
    if opts.get("flatten"):
        raise _fail(fn, "flatten is not supported (it resolves includes over DNS); list the parts")
    parts = opts.get("parts")
    if not isinstance(parts, Sequence) or isinstance(parts, str) or len(parts) < 2:
        raise _fail(fn, "parts must be a list of at least 2 strings, like ['v=spf1', '-all']")
    parts = _string_list(fn, "parts", parts)
    label = opts.get("label", "@")
    mods = [TTL(opts["ttl"])] if opts.get("ttl") else []
    overflow = opts.get("overflow")
    if not overflow:
        return [make("TXT", label, " ".join(parts), *mods)]
    if not isinstance(overflow, str) or "%d" not in overflow:
        raise _fail(fn, f"overflow must be a name pattern with %d, like '_spf%d', got {overflow!r}")
    size = _int_option(fn, opts, "txtMaxSize", 255)
    overhead = _int_option(fn, opts, "overhead1", 0)
    pos = caller_pos()

    def expand(zone: str) -> list[Any]:
        chain = split_spf(parts, zone, overflow, size, overhead)
        records = [make("TXT", name or label, text, *mods) for name, text in chain]
        for spec in records:
            taken(spec)  # remade by at(), at the builder's line; the copy is placed
        return [at(pos, spec) for spec in records]

    return [made(DomainModifier("expand", expand, pos))]


def split_spf(
    parts: Sequence[str], zone: str, overflow: str, size: int = 255, overhead: int = 0
) -> list[tuple[str | None, str]]:
    """An SPF policy split into a chain of records no longer than ``size`` characters
    (``size - overhead`` for the first), as DNSControl splits it: each record takes as many
    terms as fit, then ``include:`` of the next one and the final ``all`` term. Returns
    ``(name, text)`` pairs; the first name is None (the builder's label), the others are
    ``overflow`` with ``%d`` numbered from 1, relative to the zone apex."""
    tokens = list(parts[1:] if parts and parts[0] == "v=spf1" else parts)
    chain: list[tuple[str | None, str]] = []
    name: str | None = None
    index, limit = 1, size - overhead
    while True:
        whole = " ".join(["v=spf1", *tokens])
        if len(whole) <= limit or len(tokens) < 2:
            chain.append((name, whole))
            return chain
        next_name = overflow.replace("%d", str(index))
        tail = f" include:{next_name}.{zone} {tokens[-1]}"
        text = "v=spf1"
        taken = 0
        for token in tokens[:-1]:
            if len(text) + 1 + len(token) + len(tail) > limit:
                break
            text += " " + token
            taken += 1
        if taken == 0:
            chain.append((name, whole))  # not even one term fits: leave it whole
            return chain
        chain.append((name, text + tail))
        tokens = tokens[taken:]
        name, index, limit = next_name, index + 1, size


def _int_option(fn: str, opts: Mapping[str, Any], field: str, default: int) -> int:
    value = opts.get(field, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _fail(fn, f"{field} must be an integer, got {value!r}") from None
    if not 0 <= number < 10000:
        raise _fail(fn, f"{field} must be between 0 and 9999, got {number}")
    return number


_DKIM_HASHES = {"rsa": ("sha1", "sha256"), "ed25519": ("sha256",)}


def _dkim_quoted_printable(text: str) -> str:
    """``text`` in DKIM's quoted-printable form (RFC 6376, 2.11): every byte outside ``!`` to
    ``~`` and every ``;`` and ``=`` as ``=XX``."""
    out = []
    for byte in text.encode("utf-8"):
        if byte < 0x21 or byte > 0x7E or byte in (0x3B, 0x3D):
            out.append(f"={byte:02X}")
        else:
            out.append(chr(byte))
    return "".join(out)


def DKIM_BUILDER(options: Any) -> list[Any]:
    """``DKIM_BUILDER({"selector": "s1", "pubkey": "MIGf..."})``: the DKIM key record, a TXT at
    ``<selector>._domainkey`` (below ``label`` if given). Options: selector (required), pubkey
    (empty: a revoked key), label, version (DKIM1), hashtypes, keytype (rsa, ed25519), note,
    servicetypes (``*``, email), flags (y, s), ttl; the lists may be single strings."""
    fn = "DKIM_BUILDER"
    allowed = {
        "selector", "pubkey", "label", "version", "hashtypes", "keytype", "note",
        "servicetypes", "flags", "ttl",
    }  # fmt: skip
    pos = caller_pos()

    def wrong(message: str) -> list[Any]:
        problem(pos, f"{fn}(): {message}")
        return []

    if not isinstance(options, Mapping):
        return wrong(f"takes one dict of options, like {{'selector': 's1'}}, got {options!r}")
    unknown = sorted(set(options) - allowed)
    if unknown:
        return wrong(f"unknown option {', '.join(unknown)}; known: {', '.join(sorted(allowed))}")
    selector = options.get("selector")
    if not isinstance(selector, str) or not selector.strip():
        return wrong("selector must be a non-empty string, like 's1'")
    version = options.get("version") or "DKIM1"
    if version != "DKIM1":
        return wrong(f"version must be DKIM1, got {version!r}")
    keytype = options.get("keytype")
    if keytype and keytype not in _DKIM_HASHES:
        return wrong(f"keytype must be rsa or ed25519, got {keytype!r}")
    lists: dict[str, list[str]] = {}
    choices = {
        "hashtypes": _DKIM_HASHES[keytype or "rsa"],
        "servicetypes": ("*", "email"),
        "flags": ("y", "s"),
    }
    for field, known in choices.items():
        value = options.get(field)
        if not value:
            continue
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
            values = list(value)
        else:
            return wrong(f"{field} must be a string or a list of strings, got {value!r}")
        bad = [v for v in values if v not in known]
        if bad:
            what = f"{field} for {keytype or 'rsa'}" if field == "hashtypes" else field
            return wrong(f"{what} must be among {', '.join(known)}, got {', '.join(bad)}")
        lists[field] = values
    pubkey = options.get("pubkey") or ""
    note = options.get("note") or ""
    label = options.get("label") or "@"
    for field, value in (("pubkey", pubkey), ("note", note), ("label", label)):
        if not isinstance(value, str):
            return wrong(f"{field} must be a string, got {value!r}")
    tags = [f"v={version}"]
    if "hashtypes" in lists:
        tags.append("h=" + ":".join(lists["hashtypes"]))
    if keytype:
        tags.append(f"k={keytype}")
    if note:
        tags.append("n=" + _dkim_quoted_printable(note))
    tags.append(f"p={pubkey}")
    if "servicetypes" in lists:
        tags.append("s=" + ":".join(lists["servicetypes"]))
    if "flags" in lists:
        tags.append("t=" + ":".join(lists["flags"]))
    name = f"{selector}._domainkey" + ("" if label == "@" else f".{label}")
    try:
        mods = [TTL(options["ttl"])] if options.get("ttl") else []
    except DslError as exc:
        problem(None, str(exc))
        return []
    return [make("TXT", name, "; ".join(tags), *mods)]
