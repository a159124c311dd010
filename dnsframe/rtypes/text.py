"""TXT: text.

Its canonical content is the text itself, unquoted, its chunks joined (``"v=spf1 -all"``).
Providers split it into chunks of at most 255 bytes when they write (:func:`txt_chunks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.data import RdataError, parse
from dnsframe.rtypes.registry import RecordType, register


def txt_chunks(text: str, size: int = 255) -> list[str]:
    """``text`` split into chunks of at most ``size`` bytes of UTF-8, never inside a character."""
    data = text.encode("utf-8", errors="surrogateescape")
    if not data:
        return [""]
    chunks: list[str] = []
    start = 0
    while start < len(data):
        end = min(start + size, len(data))
        # Step back off UTF-8 continuation bytes so a character is never cut in two.
        while end < len(data) and end > start and (data[end] & 0xC0) == 0x80:
            end -= 1
        chunks.append(data[start:end].decode("utf-8", errors="surrogateescape"))
        start = end
    return chunks


def quote_txt(chunk: str) -> str:
    """One TXT chunk as a quoted zone-file string: quotes and backslashes escaped, control
    characters as ``\\DDD``; other characters (UTF-8 included) as they are."""
    out = []
    for char in chunk:
        if char in {'"', "\\"}:
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):03d}")
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8, kept as it was
            out.append(f"\\{ord(char) - 0xDC00:03d}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


#: The most bytes of text one TXT record holds: its data is at most 65535 bytes on the wire,
#: each chunk of 255 bytes of text taking one more for its length (256 chunks: 65279 + 256).
MAX_TXT_BYTES = 65279


def _check(text: str, zone: str) -> str:
    try:
        size = len(text.encode("utf-8"))
    except UnicodeError:
        raise RdataError("TXT text must be valid UTF-8") from None
    if size > MAX_TXT_BYTES:
        raise RdataError(
            f"the text is {size} bytes, but a TXT record holds at most {MAX_TXT_BYTES} (its data, "
            "with a length byte per 255-byte chunk, must fit in 65535 bytes); split it into "
            "several records"
        )
    return text


#: Quoted chunks of printable ASCII without a quote or a backslash, separated by spaces: what
#: providers nearly always give, read without dnspython's tokenizer (a property test holds the
#: two to agree).
_PLAIN_CHUNK = r'"[ !#-\[\]-~]{0,255}"'
_PLAIN_CHUNKS = re.compile(rf" *{_PLAIN_CHUNK}(?: +{_PLAIN_CHUNK})* *")
_CHUNK = re.compile(r'"([^"]*)"')


def _read(text: str, zone: str) -> str:
    """Quoted chunks (``"part1" "part2"``) joined; an unquoted word is taken as it is."""
    if _PLAIN_CHUNKS.fullmatch(text):
        return "".join(_CHUNK.findall(text))
    return _read_dnspython(text, zone)


def _read_dnspython(text: str, zone: str) -> str:
    rdata = parse("TXT", text, zone)
    import dns.rdtypes.txtbase

    assert isinstance(rdata, dns.rdtypes.txtbase.TXTBase)
    return b"".join(rdata.strings).decode("utf-8", errors="surrogateescape")


def _present(content: str) -> str:
    return " ".join(quote_txt(c) for c in txt_chunks(content))


def _parse(values: Sequence[Any], flags: frozenset[str]) -> str:
    value = values[0]
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise ValueError("the text must be a string or a list of strings")
        return "".join(value)
    return args.text(value, "the text")


def _fields(content: str) -> dict[str, Any]:
    return {"target": content}


register(
    RecordType(
        name="TXT",
        example=("v=spf1 include:_spf.example.net -all",),
        params=("contents",),
        doc="``TXT(name, contents, modifiers...)``: text at a name (SPF, DKIM, site "
        "verifications); ``contents`` is a string or a list of strings, joined.",
        parse=_parse,
        fields=_fields,
        canonicalize=_check,
        read=_read,
        present=_present,
        show=quote_txt,
    )
)
