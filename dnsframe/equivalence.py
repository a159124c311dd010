"""Whether two configs describe the same thing: the proof of ``dnsframe convert``.

Two :class:`Config`\\ s are compared through their print-ir form (:func:`dnsframe.ir.config_ir`)
without the source positions: the providers and registrars (name, type, metadata), and per
domain (by its name and tag) every field, the IGNOREs, and the records as a multiset (name,
type, TTL, content, metadata). The order of domains and of records does not count.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from dnsframe.ir import config_ir
from dnsframe.model import Config

#: How many differences are listed before the rest is counted.
SHOWN = 50


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _record(r: dict[str, Any]) -> str:
    meta = f" {_key(r['meta'])}" if r.get("meta") else ""
    return f"{r['name']} {r['type']} {r['content']} (ttl {r['ttl']}){meta}"


def _multiset(
    where: str, what: str, left: list[Any], right: list[Any], show: Any, names: tuple[str, str]
) -> list[str]:
    a = Counter(_key(x) for x in left)
    b = Counter(_key(x) for x in right)
    out = []
    for k in sorted(a - b):
        out.append(f"{where}: {what} only in {names[0]}: {show(json.loads(k))}")
    for k in sorted(b - a):
        out.append(f"{where}: {what} only in {names[1]}: {show(json.loads(k))}")
    return out


def differences(
    left: Config, right: Config, names: tuple[str, str] = ("JavaScript", "Python")
) -> list[str]:
    """Every difference between ``left`` and ``right``, one line each (empty when they are
    equivalent), in ``names``' words."""
    a, b = _strip(config_ir(left)), _strip(config_ir(right))
    out: list[str] = []
    for kind in ("registrars", "dns_providers"):
        word = "registrar" if kind == "registrars" else "DNS provider"
        ra = {p["name"]: p for p in a[kind]}
        rb = {p["name"]: p for p in b[kind]}
        for name in sorted(ra.keys() | rb.keys()):
            if name not in rb:
                out.append(f"{word} {name}: only in {names[0]}")
            elif name not in ra:
                out.append(f"{word} {name}: only in {names[1]}")
            elif ra[name] != rb[name]:
                for field in sorted(ra[name].keys() | rb[name].keys()):
                    x, y = ra[name].get(field), rb[name].get(field)
                    if x != y:
                        out.append(
                            f"{word} {name}: {field}: {names[0]} {_key(x)}, {names[1]} {_key(y)}"
                        )
    da = {d["unique_name"]: d for d in a["domains"]}
    db = {d["unique_name"]: d for d in b["domains"]}
    for name in [*da, *(n for n in db if n not in da)]:
        if name not in db:
            out.append(f"domain {name}: only in {names[0]}")
            continue
        if name not in da:
            out.append(f"domain {name}: only in {names[1]}")
            continue
        x, y = da[name], db[name]
        for field in sorted(x.keys() | y.keys()):
            if field in ("records", "ensure_absent", "ignores") or x.get(field) == y.get(field):
                continue
            out.append(
                f"domain {name}: {field}: {names[0]} {_key(x.get(field))}, "
                f"{names[1]} {_key(y.get(field))}"
            )
        where = f"domain {name}"
        out += _multiset(where, "record", x["records"], y["records"], _record, names)
        out += _multiset(
            where, "ENSURE_ABSENT_REC", x["ensure_absent"], y["ensure_absent"], _record, names
        )
        out += _multiset(where, "IGNORE", x["ignores"], y["ignores"], _key, names)
    return out


def report(
    left: Config, right: Config, names: tuple[str, str] = ("JavaScript", "Python")
) -> tuple[bool, str]:
    """(equivalent, the text to print): ``equivalent: N domains, M records`` or the
    differences."""
    found = differences(left, right, names)
    if not found:
        records = sum(len(d.records) for d in left.domains)
        return True, f"equivalent: {len(left.domains)} domains, {records} records"
    shown = found[:SHOWN]
    more = f"\n  ... and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    head = f"not equivalent: {len(found)} difference{'s' if len(found) != 1 else ''}"
    return False, head + "\n" + "\n".join(f"  {d}" for d in shown) + more
