"""The sandbox against reality: every recorded exchange with api.gandi.net, replayed in order.

The recordings (``tests/data/gandi-recordings``, or ``$GANDI_RECORDINGS``: dns-lexicon's cassettes
of 2020-10-22, zone t18s.fr) are replayed one file at a time against a fresh sandbox seeded with
the zone that file implies.
Each answer must match the recorded one: status, the JSON keys and every value of the body (byte
for byte once the sandbox's base URL stands for https://api.gandi.net), and the headers a client
reads (``Content-Type``, ``total-count``, ``location``, no ``Link``). Any difference that is not
in :data:`ALLOWED_DEVIATIONS` fails the test; each allowed one is explained in the sandbox's
README.md, and an allowed one that no longer happens fails too, so the list stays true.
"""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox

HERE = Path(__file__).resolve().parent
RECORDINGS = Path(os.environ.get("GANDI_RECORDINGS", HERE / "data" / "gandi-recordings"))
JSON_FILE = RECORDINGS / "lexicon_gandi_rest_2020.json"
SANDBOX_README = HERE.parent / "README.md"
REAL_BASE = "https://api.gandi.net"
ZONE = "t18s.fr"
#: The recorded Authorization header was filtered; lexicon used the legacy API key then.
TOKEN = "lexicon-recorded-apikey"

#: Deviation id -> why the sandbox differs there on purpose (also in the sandbox README).
ALLOWED_DEVIATIONS = {
    "error-content-type-charset": (
        "errors were recorded in 2020 with 'application/json; charset=UTF-8'; the sandbox sends "
        "exactly 'application/json', which today's go-gandi requires to read an error body and "
        "which DNSControl users' 2025 error reports show Gandi sends now"
    ),
}


def _load() -> dict[str, Any]:
    if not JSON_FILE.is_file():
        pytest.fail(f"the Gandi recordings are missing: {JSON_FILE} (set GANDI_RECORDINGS)")
    data: dict[str, Any] = json.loads(JSON_FILE.read_text(encoding="utf-8"))
    return data


def _file_names() -> list[str]:
    if not JSON_FILE.is_file():
        return ["<recordings missing>"]
    return [f["name"] for f in json.loads(JSON_FILE.read_text(encoding="utf-8"))["files"]]


@dataclass(frozen=True)
class Deviation:
    kind: str
    exchange: int
    detail: str


def _is_listing(exchange: dict[str, Any]) -> bool:
    return exchange["method"] == "GET" and exchange["uri"].split("?")[0].endswith(
        f"/domains/{ZONE}/records"
    )


def _rrset_key(uri: str) -> tuple[str, str] | None:
    """(name, type) of a ``/records/{name}/{type}`` URI."""
    parts = uri.split("?")[0].split(f"/domains/{ZONE}/records/")
    if len(parts) != 2 or parts[1].count("/") != 1:
        return None
    name, rtype = parts[1].split("/")
    return name.lower(), rtype


def seed_for(recording: dict[str, Any], all_files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The zone to start from: the file's first listing, else the one recorded listing of the
    zone without the rrsets that this file shows absent at its start (first access: 404)."""
    own = [e for e in recording["exchanges"] if _is_listing(e)]
    listings = own or [e for f in all_files for e in f["exchanges"] if _is_listing(e)]
    assert listings, "no recording lists the zone"
    zone: list[dict[str, Any]] = json.loads(listings[0]["body"])
    if own:
        return zone
    absent: set[tuple[str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for exchange in recording["exchanges"]:
        key = _rrset_key(exchange["uri"])
        if key is None or key in seen:
            continue
        seen.add(key)
        if exchange["status"] == 404:
            absent.add(key)
    return [r for r in zone if (r["rrset_name"].lower(), r["rrset_type"]) not in absent]


def _compare(
    index: int, recorded: dict[str, Any], got: requests.Response, base: str
) -> list[Deviation]:
    out: list[Deviation] = []

    def dev(kind: str, detail: str) -> None:
        out.append(Deviation(kind, index, detail))

    if got.status_code != recorded["status"]:
        dev("status", f"{got.status_code} != {recorded['status']}: {got.text}")
        return out
    headers = {k.lower(): v for k, v in recorded["headers"].items()}
    want_type, got_type = headers.get("content-type"), got.headers.get("Content-Type")
    if want_type != got_type:
        same_media = (want_type or "").split(";")[0] == (got_type or "").split(";")[0]
        if same_media and recorded["status"] >= 400 and got_type == "application/json":
            dev("error-content-type-charset", f"{got_type!r} for {want_type!r}")
        else:
            dev("content-type", f"{got_type!r} != {want_type!r}")
    for name in ("total-count", "location"):
        want = headers.get(name)
        value = got.headers.get(name)
        value = value.replace(base, REAL_BASE) if value is not None else None
        if want != value:
            dev(f"header-{name}", f"{value!r} != {want!r}")
    if "link" not in headers and "Link" in got.headers:
        dev("header-link", got.headers["Link"])
    body = got.content.decode().replace(base, REAL_BASE)
    if not recorded["body"]:
        if body:
            dev("body", f"unexpected body {body!r}")
        return out
    want_json, got_json = json.loads(recorded["body"]), json.loads(body)
    if _keys(want_json) != _keys(got_json):
        dev("json-keys", f"{_keys(got_json)} != {_keys(want_json)}")
    elif want_json != got_json:
        dev("json-values", f"{got_json!r} != {want_json!r}")
    elif body != recorded["body"]:
        dev("json-format", f"{body!r} != {recorded['body']!r}")
    return out


def _keys(value: Any) -> Any:
    """The key structure of a JSON value: dict keys, recursively, through lists."""
    if isinstance(value, dict):
        return {k: _keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys(v) for v in value]
    return None


@functools.cache
def replayed(name: str) -> tuple[Deviation, ...]:
    """The deviations of one recording file (replayed once per test session)."""
    data = _load()
    [recording] = [f for f in data["files"] if f["name"] == name]
    assert recording["exchanges"], f"{name} has no exchange"
    return tuple(replay(recording, data["files"]))


def replay(recording: dict[str, Any], all_files: list[dict[str, Any]]) -> list[Deviation]:
    sandbox = GandiSandbox()
    sandbox.add_token(TOKEN, scheme="Apikey")
    sandbox.add_domain(ZONE, rrsets=seed_for(recording, all_files))
    deviations: list[Deviation] = []
    with sandbox, requests.Session() as session:
        for index, exchange in enumerate(recording["exchanges"]):
            headers = dict(exchange["request_headers"])
            headers["Authorization"] = f"Apikey {TOKEN}"
            got = session.request(
                exchange["method"],
                exchange["uri"].replace(REAL_BASE, sandbox.url),
                data=exchange["request_body"].encode(),
                headers=headers,
                timeout=10,
            )
            deviations.extend(_compare(index, exchange, got, sandbox.url))
    return deviations


@pytest.mark.parametrize("name", _file_names())
def test_recording_replays_with_only_the_listed_deviations(name: str) -> None:
    [recording] = [f for f in _load()["files"] if f["name"] == name]
    deviations = replayed(name)
    unexplained = [d for d in deviations if d.kind not in ALLOWED_DEVIATIONS]
    assert not unexplained, "\n".join(f"#{d.exchange} {d.kind}: {d.detail}" for d in unexplained)
    errors = [i for i, e in enumerate(recording["exchanges"]) if e["status"] >= 400]
    charset = sorted(d.exchange for d in deviations if d.kind == "error-content-type-charset")
    assert charset == errors  # the one allowed deviation is exactly the error answers


def test_every_recording_is_replayed() -> None:
    data = _load()
    yaml_files = sorted(p.name for p in RECORDINGS.glob("*.yaml"))
    assert sorted(f["name"] for f in data["files"]) == yaml_files
    assert len(yaml_files) == 26
    assert sum(len(f["exchanges"]) for f in data["files"]) == 112
    assert sorted(_file_names()) == yaml_files


def test_every_allowed_deviation_happens_and_is_explained_in_the_readme() -> None:
    data = _load()
    seen = {d.kind for f in data["files"] for d in replayed(f["name"])}
    assert seen == set(ALLOWED_DEVIATIONS)
    readme = SANDBOX_README.read_text(encoding="utf-8")
    for kind in ALLOWED_DEVIATIONS:
        assert f"`{kind}`" in readme, f"{kind} is not explained in {SANDBOX_README}"


def test_the_seed_of_a_file_without_listing_leaves_out_what_it_creates() -> None:
    data = _load()
    [create_a] = [f for f in data["files"] if "create_record_for_A_with_valid_name" in f["name"]]
    seed = {(r["rrset_name"], r["rrset_type"]) for r in seed_for(create_a, data["files"])}
    assert ("localhost", "A") not in seed
    assert ("docs", "CNAME") in seed
    assert len(seed) == 15
