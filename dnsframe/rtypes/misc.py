"""LOC and RP: a location and a responsible person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dnsframe.rtypes import args
from dnsframe.rtypes.data import name_text, parse
from dnsframe.rtypes.registry import RecordType, register

_LOC_PARAMS = (
    "deg1", "min1", "sec1", "ns", "deg2", "min2", "sec2", "ew",
    "altitude", "size", "horizontal_precision", "vertical_precision",
)  # fmt: skip


def _parse_loc(values: Sequence[Any], flags: frozenset[str]) -> str:
    d1, m1, s1, ns, d2, m2, s2, ew, alt, siz, hp, vp = values
    lat_d = args.uint(d1, "latitude degrees", 8)
    lat_m = args.uint(m1, "latitude minutes", 8)
    lon_d = args.uint(d2, "longitude degrees", 8)
    lon_m = args.uint(m2, "longitude minutes", 8)
    if lat_d > 90 or lon_d > 180 or lat_m > 59 or lon_m > 59:
        raise ValueError("degrees must be at most 90 (latitude) or 180 (longitude), minutes 0..59")
    ns_text = args.text(ns, "N/S").strip().upper()
    ew_text = args.text(ew, "E/W").strip().upper()
    if ns_text not in {"N", "S"} or ew_text not in {"E", "W"}:
        raise ValueError("the hemispheres must be 'N' or 'S' and 'E' or 'W'")
    numbers = []
    for what, value, low, high in (
        ("latitude seconds (sec1)", s1, "0", "59.999"),
        ("longitude seconds (sec2)", s2, "0", "59.999"),
        ("altitude", alt, "-100000", "42849672.95"),
        ("size", siz, "0", "90000000"),
        ("horizontal_precision", hp, "0", "90000000"),
        ("vertical_precision", vp, "0", "90000000"),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{what} must be a number, got {value!r}")
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{what} must be a number, got {value!r}") from None
        # The ranges of RFC 1876's wire form (metres for the distances).
        if not float(low) <= number <= float(high):
            unit = "" if "seconds" in what else " metres"
            raise ValueError(f"{what} must be in {low}..{high}{unit}, got {value!r}")
        numbers.append(number)
    sec1, sec2, altitude, size, hprec, vprec = numbers
    return (
        f"{lat_d} {lat_m} {sec1:.3f} {ns_text} {lon_d} {lon_m} {sec2:.3f} {ew_text} "
        f"{altitude:.2f}m {size:.2f}m {hprec:.2f}m {vprec:.2f}m"
    )


def _fields_loc(content: str) -> dict[str, Any]:
    """Degrees, minutes and seconds, the hemispheres, and distances in metres, as ``LOC()``
    takes them."""
    rdata = parse("LOC", content, ".")
    import dns.rdtypes.ANY.LOC

    assert isinstance(rdata, dns.rdtypes.ANY.LOC.LOC)
    lat, lon = rdata.latitude, rdata.longitude
    return {
        "deg1": lat[0],
        "min1": lat[1],
        "sec1": lat[2] + lat[3] / 1000,
        "ns": "N" if lat[4] > 0 else "S",
        "deg2": lon[0],
        "min2": lon[1],
        "sec2": lon[2] + lon[3] / 1000,
        "ew": "E" if lon[4] > 0 else "W",
        "altitude": rdata.altitude / 100,
        "size": rdata.size / 100,
        "horizontal_precision": rdata.horizontal_precision / 100,
        "vertical_precision": rdata.vertical_precision / 100,
    }


def _parse_rp(values: Sequence[Any], flags: frozenset[str]) -> str:
    return f"{args.host(values[0], 'mbox')} {args.host(values[1], 'txt')}"


def _fields_rp(content: str) -> dict[str, Any]:
    rdata = parse("RP", content, ".")
    import dns.rdtypes.ANY.RP

    assert isinstance(rdata, dns.rdtypes.ANY.RP.RP)
    return {"mbox": name_text(rdata.mbox), "txt": name_text(rdata.txt)}


register(
    RecordType(
        name="LOC",
        example=(52, 22, 23, "N", 4, 53, 32, "E", -2, 0, 0, 0),
        params=_LOC_PARAMS,
        doc='``LOC(name, deg1, min1, sec1, "N"|"S", deg2, min2, sec2, "E"|"W", altitude, size, '
        "horizontal_precision, vertical_precision, modifiers...)``: the geographic location of "
        "the name, distances in metres (the ``LOC_BUILDER_*`` helpers take friendlier forms).",
        parse=_parse_loc,
        fields=_fields_loc,
    ),
    RecordType(
        name="RP",
        example=("admin", "info"),
        params=("mbox", "txt"),
        doc="``RP(name, mbox, txt, modifiers...)``: the person responsible for the name: a mailbox "
        "written as a name, and the name of a TXT record with more.",
        parse=_parse_rp,
        fields=_fields_rp,
    ),
)
