"""DNSSEC arithmetic for the sandbox's keys: key tags (RFC 4034 appendix B) and DS digests."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

ALGORITHM_NAMES = {
    5: "RSASHA1",
    7: "RSASHA1-NSEC3-SHA1",
    8: "RSASHA256",
    10: "RSASHA512",
    13: "ECDSAP256SHA256",
    14: "ECDSAP384SHA384",
    15: "ED25519",
    16: "ED448",
}
#: LiveDNS signs with ECDSA P-256 (algorithm 13); its public key is 64 bytes.
LIVEDNS_ALGORITHM = 13
DIGEST_SHA256 = 2


def new_public_key() -> str:
    """A fresh 64-byte public key, base64 (a stand-in: nothing here signs anything)."""
    return base64.b64encode(os.urandom(64)).decode()


def decode_key(public_key: str) -> bytes | None:
    """The key's bytes, or ``None`` when it is not base64."""
    try:
        raw = base64.b64decode("".join(public_key.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw or None


def dnskey_rdata(flags: int, algorithm: int, public_key: str) -> bytes:
    raw = decode_key(public_key)
    if raw is None:
        raise ValueError("public_key is not base64")
    return flags.to_bytes(2, "big") + bytes([3, algorithm]) + raw


def key_tag(flags: int, algorithm: int, public_key: str) -> int:
    """The key tag of a DNSKEY, as in RFC 4034 appendix B."""
    rdata = dnskey_rdata(flags, algorithm, public_key)
    acc = 0
    for i, byte in enumerate(rdata):
        acc += byte if i & 1 else byte << 8
    acc += (acc >> 16) & 0xFFFF
    return acc & 0xFFFF


def _wire_name(fqdn: str) -> bytes:
    labels = [label for label in fqdn.lower().rstrip(".").split(".") if label]
    return b"".join(bytes([len(x)]) + x.encode("ascii") for x in labels) + b"\x00"


def ds_digest(fqdn: str, flags: int, algorithm: int, public_key: str) -> str:
    """The SHA-256 DS digest (hex, lower case) of a DNSKEY of ``fqdn``."""
    data = _wire_name(fqdn) + dnskey_rdata(flags, algorithm, public_key)
    return hashlib.sha256(data).hexdigest()
