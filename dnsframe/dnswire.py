"""DNS messages on the wire, for ``verify``: the question it asks, and the answer read back
into what it compares, without dnspython for the plain case.

dnspython's message objects cost verify about 0.7 ms of CPU a question; this costs about
0.1 ms. It handles only what is plain: names of letters, digits, ``-``, ``_`` and ``*``; the
types of :data:`FAST_TYPES` for the data it reads (A, AAAA without an embedded IPv4, CNAME,
DNAME, NS, PTR, MX, SRV, and TXT of printable ASCII); a well-formed message. For anything else
:func:`query` and :func:`read` return None, and verify asks or reads through dnspython.
``tests/test_fast_paths.py`` holds the two to the same result on messages dnspython writes.

The data of a record is read into dnsframe's canonical content (:mod:`dnsframe.rdata`):
host names absolute and lowercase, TXT as its strings joined.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

#: The types whose data this module reads, by number.
FAST_TYPES = {
    1: "A", 28: "AAAA", 5: "CNAME", 39: "DNAME", 2: "NS", 12: "PTR", 15: "MX", 33: "SRV", 16: "TXT"
}  # fmt: skip
#: The number of each type of :data:`FAST_TYPES`, by name.
NUMBERS = {name: number for number, name in FAST_TYPES.items()}
_HOST_TYPES = {5, 39, 2, 12}
#: Types of which a name holds one record at most (CNAME, DNAME).
_SINGLETONS = {5, 39}
_OPT = 41
_CLASS_IN = 1
_PLAIN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*")
#: Printable ASCII but the quote and the backslash, which presentation format escapes.
_PRINTABLE = frozenset(range(0x20, 0x7F)) - {0x22, 0x5C}

#: The header flags verify looks at.
AA = 0x0400
TC = 0x0200


@dataclass(frozen=True, slots=True)
class Rrset:
    """The records of one owner, type and class in one section: ``owner`` absolute and
    lowercase (``www.example.tld.``), ``values`` canonical content (None for a type outside
    :data:`FAST_TYPES`), ``ttl`` the smallest of the records' TTLs (as dnspython keeps it)."""

    owner: str
    rtype: int
    rclass: int
    ttl: int
    values: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Reply:
    """A response, as far as verify reads it."""

    qid: int
    flags: int
    rcode: int
    question: tuple[str, int] | None
    answer: tuple[Rrset, ...]
    authority: tuple[Rrset, ...]
    additional: tuple[Rrset, ...]


def plain_name(name: str) -> bool:
    """Whether ``name`` (absolute or not) is made of plain labels only."""
    labels = name.rstrip(".").split(".")
    return all(0 < len(label) <= 63 and _PLAIN.issuperset(label.encode()) for label in labels)


def query(qname: str, rtype: str, qid: int, payload: int = 1232) -> bytes | None:
    """The question ``qname`` ``rtype`` (class IN, no recursion wanted, EDNS with ``payload``
    bytes, no DNSSEC OK bit), or None when the name or the type is not plain."""
    number = NUMBERS.get(rtype)
    if number is None or not plain_name(qname) or len(qname.rstrip(".")) > 253:
        return None
    out = bytearray(struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 1))
    for label in qname.rstrip(".").split("."):
        out.append(len(label))
        out += label.encode("ascii")
    out += b"\0" + struct.pack("!HH", number, _CLASS_IN)
    out += b"\0" + struct.pack("!HHIH", _OPT, payload, 0, 0)  # the OPT record
    return bytes(out)


class _NotPlain(Exception):
    pass


def _name(wire: bytes, at: int) -> tuple[str, int]:
    """The name at ``at`` (following compression pointers, which must point back) and the
    offset after it."""
    labels: list[str] = []
    end = -1
    length = 0
    here = at
    while True:
        if here >= len(wire):
            raise _NotPlain
        size = wire[here]
        if size == 0:
            here += 1
            break
        if size >= 0xC0:
            if here + 1 >= len(wire):
                raise _NotPlain
            target = ((size & 0x3F) << 8) | wire[here + 1]
            if end < 0:
                end = here + 2
            if target >= here:
                raise _NotPlain  # a pointer must go back: no loops
            here = target
            continue
        if size > 63:
            raise _NotPlain
        label = wire[here + 1 : here + 1 + size]
        if len(label) != size or not _PLAIN.issuperset(label):
            raise _NotPlain
        length += size + 1
        if length > 254:
            raise _NotPlain
        labels.append(label.decode("ascii").lower())
        here += 1 + size
    text = ".".join(labels) + "." if labels else "."
    return text, end if end >= 0 else here


def _data(wire: bytes, rtype: int, start: int, size: int) -> str | None:
    """A record's data as canonical content, or None for a type this module does not read."""
    end = start + size
    if rtype == 1:
        if size != 4:
            raise _NotPlain
        return socket.inet_ntop(socket.AF_INET, wire[start:end])
    if rtype == 28:
        if size != 16:
            raise _NotPlain
        text = socket.inet_ntop(socket.AF_INET6, wire[start:end])
        if "." in text:
            raise _NotPlain  # an embedded IPv4: the C library and dnspython write it apart
        return text
    if rtype in _HOST_TYPES:
        name, after = _name(wire, start)
        if after != end:
            raise _NotPlain
        return name
    if rtype == 15:
        if size < 3:
            raise _NotPlain
        (preference,) = struct.unpack_from("!H", wire, start)
        name, after = _name(wire, start + 2)
        if after != end:
            raise _NotPlain
        return f"{preference} {name}"
    if rtype == 33:
        if size < 7:
            raise _NotPlain
        priority, weight, port = struct.unpack_from("!HHH", wire, start)
        name, after = _name(wire, start + 6)
        if after != end:
            raise _NotPlain
        return f"{priority} {weight} {port} {name}"
    if rtype == 16:
        chunks: list[bytes] = []
        here = start
        while here < end:
            count = wire[here]
            chunk = wire[here + 1 : here + 1 + count]
            if len(chunk) != count or here + 1 + count > end or not _PRINTABLE.issuperset(chunk):
                raise _NotPlain
            chunks.append(chunk)
            here += 1 + count
        if not chunks:
            raise _NotPlain
        return b"".join(chunks).decode("ascii")
    return None


def read(wire: bytes) -> Reply | None:
    """The response ``wire``, or None when it is not plain (read it through dnspython)."""
    try:
        return _read(wire)
    except (_NotPlain, struct.error, IndexError):
        return None


def _read(wire: bytes) -> Reply:
    qid, flags, qdcount, ancount, nscount, arcount = struct.unpack_from("!HHHHHH", wire)
    if flags & 0x8000 == 0 or (flags >> 11) & 0xF != 0 or qdcount > 1:
        raise _NotPlain  # not a response to a standard query
    here = 12
    question = None
    if qdcount:
        owner, here = _name(wire, here)
        qtype, qclass = struct.unpack_from("!HH", wire, here)
        here += 4
        if qclass != _CLASS_IN:
            raise _NotPlain
        question = (owner, qtype)
    sections: list[tuple[Rrset, ...]] = []
    extended = 0
    for count in (ancount, nscount, arcount):
        grouped: dict[tuple[str, int, int], list[tuple[int, str | None]]] = {}
        for _ in range(count):
            owner, here = _name(wire, here)
            rtype, rclass, ttl, size = struct.unpack_from("!HHIH", wire, here)
            here += 10
            if here + size > len(wire):
                raise _NotPlain
            if rtype == _OPT:
                if len(sections) != 2 or owner != ".":
                    raise _NotPlain
                extended = ttl >> 24
                here += size
                continue
            if ttl > 0x7FFFFFFF:
                raise _NotPlain  # dnspython reads such a TTL as 0 (RFC 2181)
            value = _data(wire, rtype, here, size) if rtype in FAST_TYPES else None
            here += size
            grouped.setdefault((owner, rtype, rclass), []).append((ttl, value))
        section = []
        for (owner, rtype, rclass), records in grouped.items():
            values = tuple(dict.fromkeys(v for _, v in records if v is not None))
            if rtype in _SINGLETONS:
                values = values[-1:]  # one record at most: dnspython keeps the last
            known = rtype in FAST_TYPES
            section.append(
                Rrset(owner, rtype, rclass, min(t for t, _ in records), values if known else None)
            )
        sections.append(tuple(section))
    if here != len(wire) or extended:
        raise _NotPlain
    return Reply(qid, flags, flags & 0xF, question, sections[0], sections[1], sections[2])
