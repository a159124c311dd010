"""DNSControl's LOC builders: one ``LOC`` record from decimal degrees (``LOC_BUILDER_DD``) or
from a coordinate string (``LOC_BUILDER_DMS_STR``, ``LOC_BUILDER_DMM_STR``, ``LOC_BUILDER_STR``).

As in DNSControl, the size and both precisions of the record are 0 and the altitude is 0 unless
``alt`` is given; ``x`` is the latitude and ``y`` the longitude.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from dnsframe.dsl.modifiers import TTL
from dnsframe.dsl.records import make
from dnsframe.dsl.state import DslError, caller_pos, problem
from dnsframe.names import py_literal as _q

#: One coordinate: degrees, minutes and seconds, each followed by one character of any kind
#: (``°``, ``'``, ``"``, ``d``, ``m``, ``s``), then an optional space and the hemisphere.
_DMS_LAT = re.compile(r"(-?[0-9]+).([0-9]+).([0-9.]+).? ?([NS])")
_DMS_LON = re.compile(r"(-?[0-9]+).([0-9]+).([0-9.]+).? ?([EW])")
#: One coordinate in decimal degrees, an optional ``°``, then the hemisphere (any case).
_DMM_LAT = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)°?[ \t]*([NS])", re.IGNORECASE)
_DMM_LON = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)°?[ \t]*([EW])", re.IGNORECASE)

#: One coordinate: degrees, minutes, seconds, hemisphere.
Coordinate = tuple[int, int, float, str]

_STR_EXAMPLE = "33°51′31″S 151°12′51″E (degrees, minutes, seconds) or 25.24°S 153.15°E (degrees)"


def _dms(text: str) -> tuple[Coordinate, Coordinate] | None:
    lat, lon = _DMS_LAT.search(text), _DMS_LON.search(text)
    if lat is None or lon is None:
        return None
    try:
        return (
            (int(lat[1]), int(lat[2]), float(lat[3]), lat[4]),
            (int(lon[1]), int(lon[2]), float(lon[3]), lon[4]),
        )
    except ValueError:  # "1.2.3" as seconds
        return None


def _js_round(value: float) -> int:
    return math.floor(value + 0.5)


def _from_degrees(value: float, hemisphere: str) -> Coordinate:
    """Decimal degrees split as DNSControl's DMM reader splits them (whole seconds)."""
    degrees = math.floor(value)
    minutes = math.floor((value - degrees) * 60)
    seconds = _js_round(((value - degrees) * 60 - minutes) * 60)
    if seconds == 60:  # 147.2 is 147.19999...: 11 minutes 59.99 seconds, rounded up
        minutes, seconds = minutes + 1, 0
    if minutes == 60:
        degrees, minutes = degrees + 1, 0
    return degrees, minutes, float(seconds), hemisphere.upper()


def _dmm(text: str) -> tuple[Coordinate, Coordinate] | None:
    lat, lon = _DMM_LAT.search(text), _DMM_LON.search(text)
    if lat is None or lon is None:
        return None
    return _from_degrees(float(lat[1]), lat[2]), _from_degrees(float(lon[1]), lon[2])


def _from_decimal(value: float, longitude: bool) -> Coordinate:
    """Signed decimal degrees as DNSControl's LOC_BUILDER_DD splits them (seconds to the
    millisecond, truncated)."""
    if value < 0:
        hemisphere = "W" if longitude else "S"
        value = -value
    else:
        hemisphere = "E" if longitude else "N"
    degrees = int(value)
    value += 1e-9
    minutes = int((value % 1) * 60)
    seconds = int(((value * 60) % 1) * 60000) / 1000
    return degrees, minutes, seconds, hemisphere


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _build(fn: str, options: Any, coordinates: tuple[Coordinate, Coordinate]) -> list[Any]:
    """The LOC record, or nothing after recording a problem."""
    pos = caller_pos()
    opts: Mapping[str, Any] = options
    label = opts.get("label") or "@"
    if not isinstance(label, str):
        problem(pos, f"{fn}(): label must be a string, got {label!r}")
        return []
    alt = opts.get("alt", 0) or 0
    if not _is_number(alt):
        problem(pos, f"{fn}(): alt must be a number of metres, got {alt!r}")
        return []
    try:
        mods = [TTL(opts["ttl"])] if opts.get("ttl") else []
    except DslError as exc:
        problem(None, f"{exc}")
        return []
    (d1, m1, s1, ns), (d2, m2, s2, ew) = coordinates
    return [make("LOC", label, d1, m1, s1, ns, d2, m2, s2, ew, alt, 0, 0, 0, *mods)]


def _check_options(fn: str, options: Any, allowed: set[str], required: str) -> str | None:
    if not isinstance(options, Mapping):
        return f"{fn}() takes one dict of options, like {{{required}}}, got {options!r}"
    unknown = sorted(set(options) - allowed)
    if unknown:
        return f"{fn}(): unknown option {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
    return None


def LOC_BUILDER_DD(options: Any) -> list[Any]:
    """``LOC_BUILDER_DD({"label": "big-ben", "x": 51.5008, "y": -0.1246, "alt": 6})``: a LOC
    record from decimal degrees, ``x`` the latitude (negative: south) and ``y`` the longitude
    (negative: west); ``alt`` in metres and ``ttl`` are optional."""
    fn = "LOC_BUILDER_DD"
    wrong = _check_options(fn, options, {"label", "x", "y", "alt", "ttl"}, '"x": 51.5, "y": -0.12')
    if wrong:
        problem(caller_pos(), wrong)
        return []
    x, y = options.get("x"), options.get("y")
    for name, value, limit in (("x", x, 90), ("y", y, 180)):
        if not _is_number(value) or not -limit <= value <= limit:
            what = "latitude" if name == "x" else "longitude"
            problem(
                caller_pos(),
                f"{fn}(): {name} (the {what}) must be a number of degrees from -{limit} to "
                f"{limit}, got {value!r}",
            )
            return []
    coordinates = (_from_decimal(float(x), False), _from_decimal(float(y), True))
    return _build(fn, options, coordinates)


def _from_string(fn: str, options: Any, readers: tuple[Any, ...], form: str) -> list[Any]:
    wrong = _check_options(fn, options, {"label", "str", "alt", "ttl"}, '"str": "..."')
    if wrong:
        problem(caller_pos(), wrong)
        return []
    text = options.get("str")
    if not isinstance(text, str) or not text.strip():
        problem(caller_pos(), f"{fn}(): str must be a coordinate string like {form}")
        return []
    for reader in readers:
        coordinates = reader(text)
        if coordinates is not None:
            return _build(fn, options, coordinates)
    problem(
        caller_pos(), f"{fn}(): cannot read coordinates from {_q(text)}; write them like {form}"
    )
    return []


def LOC_BUILDER_DMS_STR(options: Any) -> list[Any]:
    """``LOC_BUILDER_DMS_STR({"label": "opera", "str": "33°51′31″S 151°12′51″E", "alt": 4})``:
    a LOC record from degrees, minutes and seconds (``33d51m31sS 151d12m51sE`` works too)."""
    return _from_string("LOC_BUILDER_DMS_STR", options, (_dms,), "33°51′31″S 151°12′51″E")


def LOC_BUILDER_DMM_STR(options: Any) -> list[Any]:
    """``LOC_BUILDER_DMM_STR({"label": "tasmania", "str": "42°S 147°E", "alt": 3})``: a LOC
    record from decimal degrees with hemispheres (``25.24 S 153.15 E`` works too)."""
    return _from_string("LOC_BUILDER_DMM_STR", options, (_dmm,), "25.24°S 153.15°E")


def LOC_BUILDER_STR(options: Any) -> list[Any]:
    """``LOC_BUILDER_STR({"label": "x", "str": "..."})``: the string read as decimal degrees,
    else as degrees, minutes and seconds (as DNSControl tries them)."""
    return _from_string("LOC_BUILDER_STR", options, (_dmm, _dms), _STR_EXAMPLE)
