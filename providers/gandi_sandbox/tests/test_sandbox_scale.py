"""The sandbox at scale: a zone of 100,000 rrsets read in full over HTTP, and concurrent clients."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox

BIG = 100_000


def ip(i: int) -> str:
    return f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"


def test_a_zone_of_100000_rrsets_is_read_in_full_in_seconds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sandbox = GandiSandbox()
    sandbox.add_token("t")
    sandbox.add_domain(
        "big.tld",
        rrsets=[
            {
                "rrset_name": f"h{i:06d}",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": [ip(i)],
            }
            for i in range(BIG)
        ],
    )
    with sandbox, requests.Session() as session:
        session.headers["Authorization"] = "Bearer t"
        url: str | None = f"{sandbox.url}/v5/livedns/domains/big.tld/records?per_page=500"
        start = time.perf_counter()
        seen: list[tuple[str, str]] = []
        pages = 0
        while url:
            assert pages < BIG // 500, "a Link past the last page"
            page = session.get(url, timeout=30)
            assert page.status_code == 200
            assert page.headers["total-count"] == str(BIG)
            seen.extend((r["rrset_name"], r["rrset_values"][0]) for r in page.json())
            url = page.links.get("next", {}).get("url")
            pages += 1
        elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(
            f"\n[gandi sandbox] read {len(seen)} rrsets in {pages} pages of 500 in {elapsed:.2f} s"
        )
    assert pages == BIG // 500
    assert seen == [(f"h{i:06d}", ip(i)) for i in range(BIG)]
    assert elapsed < 30


def test_concurrent_clients_read_and_write_without_losing_anything(
    gandi_sandbox: GandiSandbox,
) -> None:
    zone = f"{gandi_sandbox.url}/v5/livedns/domains/example.tld"
    threads, per_thread = 8, 15
    problems: list[str] = []
    shared_values = {t: [f"192.0.2.{t + 1}", f"198.51.100.{t + 1}"] for t in range(threads)}

    def client(t: int) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = "Bearer test-token"

            def check(response: requests.Response, *codes: int) -> Any:
                if response.status_code not in codes:
                    problems.append(
                        f"{t}: {response.request.method} {response.url}: {response.status_code} {response.text}"
                    )
                return response

            for i in range(per_thread):
                name = f"t{t}-r{i}"
                check(
                    session.post(
                        f"{zone}/records/{name}/A",
                        json={"rrset_values": [ip(i)], "rrset_ttl": 300},
                        timeout=10,
                    ),
                    201,
                )
                check(
                    session.put(
                        f"{zone}/records/{name}/A",
                        json={"rrset_values": [ip(i + 1000)], "rrset_ttl": 600},
                        timeout=10,
                    ),
                    201,
                )
                check(
                    session.put(
                        f"{zone}/records/shared/A",
                        json={"rrset_values": shared_values[t], "rrset_ttl": 300},
                        timeout=10,
                    ),
                    201,
                )
                listing = check(
                    session.get(f"{zone}/records", params={"per_page": 7}, timeout=10), 200
                )
                if int(listing.headers["total-count"]) < i + 1:
                    problems.append(f"{t}: listing shows {listing.headers['total-count']} rrsets")
                got = check(session.get(f"{zone}/records/shared/A", timeout=10), 200).json()
                if got["rrset_values"] not in shared_values.values():
                    problems.append(f"{t}: torn rrset {got}")
            for i in range(0, per_thread, 2):
                check(session.delete(f"{zone}/records/t{t}-r{i}/A", timeout=10), 204)

    workers = [threading.Thread(target=client, args=(t,)) for t in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(w.is_alive() for w in workers)
    assert problems == []
    stored = {r["rrset_name"]: r for r in gandi_sandbox.records("example.tld")}
    expected = {f"t{t}-r{i}" for t in range(threads) for i in range(1, per_thread, 2)} | {"shared"}
    assert set(stored) == expected
    assert all(
        stored[f"t{t}-r{i}"]["rrset_values"] == [ip(i + 1000)]
        for t in range(threads)
        for i in range(1, per_thread, 2)
    )
    assert stored["shared"]["rrset_values"] in shared_values.values()
    assert len(gandi_sandbox.requests) == threads * (per_thread * 5 + (per_thread + 1) // 2)
