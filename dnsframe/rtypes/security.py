"""CAA, DS, SSHFP and TLSA: certificate authorities, keys and fingerprints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.data import parse, string
from dnsframe.rtypes.registry import RecordType, register

_CAA_TAGS = ("issue", "issuewild", "iodef", "issuemail", "issuevmc", "contactemail")
_CRITICAL = 128


def _parse_caa(values: Sequence[Any], flags: frozenset[str]) -> str:
    tag = args.text(values[0], "tag").strip()
    if tag not in _CAA_TAGS:
        raise ValueError(
            f"tag must be issue, issuewild, iodef, issuemail, issuevmc or contactemail, got {tag!r}"
        )
    value = args.text(values[1], "value")
    flag = _CRITICAL if "CAA_CRITICAL" in flags else 0
    return f"{flag} {tag} {args.quoted(value)}"


def _fields_caa(content: str) -> dict[str, Any]:
    rdata = parse("CAA", content, ".")
    import dns.rdtypes.ANY.CAA

    assert isinstance(rdata, dns.rdtypes.ANY.CAA.CAA)
    return {"caaflag": int(rdata.flags), "caatag": string(rdata.tag), "target": string(rdata.value)}


def _arguments_caa(content: str) -> tuple[Any, ...]:
    fields = _fields_caa(content)
    return (fields["caatag"], fields["target"])


def _modifiers_caa(content: str) -> tuple[str, ...]:
    return ("CAA_CRITICAL",) if _fields_caa(content)["caaflag"] & _CRITICAL else ()


def _target_caa(content: str) -> str:
    if len(content.split()) < 3:
        return content
    value: str = _fields_caa(content)["target"]
    return value


def _parse_ds(values: Sequence[Any], flags: frozenset[str]) -> str:
    keytag = args.uint(values[0], "keytag", 16)
    algorithm = args.uint(values[1], "algorithm", 8)
    digest_type = args.uint(values[2], "digesttype", 8)
    digest = args.hexdigits(values[3], "digest")
    return f"{keytag} {algorithm} {digest_type} {digest}"


def _fields_ds(content: str) -> dict[str, Any]:
    rdata = parse("DS", content, ".")
    import dns.rdtypes.ANY.DS

    assert isinstance(rdata, dns.rdtypes.ANY.DS.DS)
    return {
        "dskeytag": int(rdata.key_tag),
        "dsalgorithm": int(rdata.algorithm),
        "dsdigesttype": int(rdata.digest_type),
        "dsdigest": rdata.digest.hex(),
    }


def _parse_sshfp(values: Sequence[Any], flags: frozenset[str]) -> str:
    algorithm = args.uint(values[0], "algorithm", 8)
    fp_type = args.uint(values[1], "type", 8)
    return f"{algorithm} {fp_type} {args.hexdigits(values[2], 'fingerprint')}"


def _fields_sshfp(content: str) -> dict[str, Any]:
    rdata = parse("SSHFP", content, ".")
    import dns.rdtypes.ANY.SSHFP

    assert isinstance(rdata, dns.rdtypes.ANY.SSHFP.SSHFP)
    return {
        "sshfpalgorithm": int(rdata.algorithm),
        "sshfpfingerprint": int(rdata.fp_type),
        "target": rdata.fingerprint.hex(),
    }


def _parse_tlsa(values: Sequence[Any], flags: frozenset[str]) -> str:
    usage = args.uint(values[0], "usage", 8)
    selector = args.uint(values[1], "selector", 8)
    mtype = args.uint(values[2], "matching type", 8)
    if usage > 3 or selector > 1 or mtype > 2:
        raise ValueError("usage must be 0..3, selector 0..1 and matching type 0..2")
    return f"{usage} {selector} {mtype} {args.hexdigits(values[3], 'certificate')}"


def _fields_tlsa(content: str) -> dict[str, Any]:
    rdata = parse("TLSA", content, ".")
    import dns.rdtypes.ANY.TLSA

    assert isinstance(rdata, dns.rdtypes.ANY.TLSA.TLSA)
    return {
        "tlsausage": int(rdata.usage),
        "tlsaselector": int(rdata.selector),
        "tlsamatchingtype": int(rdata.mtype),
        "target": rdata.cert.hex(),
    }


register(
    RecordType(
        name="CAA",
        example=("issue", "letsencrypt.org"),
        params=("tag", "value"),
        doc="``CAA(name, tag, value, modifiers...)``: which certificate authorities may issue "
        "for the name (``issue``, ``issuewild``) and where they report (``iodef``); "
        "``CAA_CRITICAL`` among the modifiers sets the critical flag.",
        parse=_parse_caa,
        fields=_fields_caa,
        arguments=_arguments_caa,
        modifiers=_modifiers_caa,
        target=_target_caa,
    ),
    RecordType(
        name="DS",
        example=(2371, 13, 2, "ab" * 32),
        params=("keytag", "algorithm", "digesttype", "digest"),
        doc="``DS(name, keytag, algorithm, digesttype, digest, modifiers...)``: the DNSSEC key "
        "digest of a signed child zone (``AUTODNSSEC_ON`` handles the apex).",
        parse=_parse_ds,
        fields=_fields_ds,
    ),
    RecordType(
        name="SSHFP",
        example=(4, 2, "ab" * 32),
        params=("algorithm", "type", "value"),
        doc="``SSHFP(name, algorithm, type, value, modifiers...)``: the fingerprint of a "
        "host's SSH key.",
        parse=_parse_sshfp,
        fields=_fields_sshfp,
    ),
    RecordType(
        name="TLSA",
        example=(3, 1, 1, "ab" * 32),
        params=("usage", "selector", "type", "certificate"),
        doc="``TLSA(name, usage, selector, type, certificate, modifiers...)``: the certificate (or "
        "its hash) a TLS service at ``_port._proto.host`` must present (DANE).",
        parse=_parse_tlsa,
        fields=_fields_tlsa,
    ),
)
