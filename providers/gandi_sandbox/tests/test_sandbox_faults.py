"""Faults on demand and the request log."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

Z = "/v5/livedns/domains/example.tld"


def statuses(api: Any, method: str, path: str, n: int) -> list[int]:
    return [api.request(method, path).status_code for _ in range(n)]


def test_the_rate_limit_answers_429_with_a_json_body_and_retry_after(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.rate_limit(3, retry_after=7)
    assert statuses(gandi_api, "GET", Z, 3) == [200, 200, 200]
    limited = gandi_api.get(Z)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "7"
    assert limited.headers["Content-Type"] == "application/json"
    assert limited.json()["code"] == 429
    assert limited.json()["object"] == "HTTPTooManyRequests"


def test_the_rate_limit_can_omit_retry_after(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.rate_limit(1, retry_after=None)
    assert gandi_api.get(Z).status_code == 200
    limited = gandi_api.get(Z)
    assert limited.status_code == 429
    assert "Retry-After" not in limited.headers


def test_fail_hits_the_nth_matching_request_and_count_more(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.fail(502, method="put", path=r"/records/b/", nth=2, count=2)
    for name in ("a", "b"):
        gandi_api.put(f"{Z}/records/{name}/A", json={"rrset_values": ["192.0.2.1"]})  # b: match 1
    codes = [
        gandi_api.put(f"{Z}/records/b/A", json={"rrset_values": ["192.0.2.2"]}).status_code
        for _ in range(3)
    ]
    assert codes == [502, 502, 201]
    failed = [e for e in gandi_api.sandbox.requests if e.status == 502]
    assert [(e.method, e.path) for e in failed] == [("PUT", f"{Z}/records/b/A")] * 2
    assert gandi_api.get(f"{Z}/records/b/A").status_code == 200  # GET does not match


def test_a_failure_has_a_json_error_body(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.fail()
    response = gandi_api.get(Z)
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["cause"] == "Service Unavailable"


def test_drop_closes_the_connection_without_an_answer(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.fail(method="POST", drop=True)
    with pytest.raises(requests.ConnectionError):
        gandi_api.post(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]})
    assert gandi_api.sandbox.records("example.tld") == []
    assert (
        gandi_api.post(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]}).status_code == 201
    )
    assert [e.status for e in gandi_api.sandbox.requests] == [0, 201]


def test_a_failure_can_carry_retry_after_and_stop_after_count(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.fail(429, method="PUT", count=3, retry_after=1)
    answers = [
        gandi_api.put(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]}) for _ in range(4)
    ]
    assert [a.status_code for a in answers] == [429, 429, 429, 201]
    assert [a.headers.get("Retry-After") for a in answers] == ["1", "1", "1", None]
    assert answers[0].json()["object"] == "HTTPTooManyRequests"
    gandi_api.sandbox.faults.fail(503)
    assert "Retry-After" not in gandi_api.get(Z).headers


def test_a_failure_after_applying_makes_the_change_and_spoils_the_answer(gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    sandbox.faults.fail(500, method="PUT", applied=True)
    answer = gandi_api.put(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]})
    assert answer.status_code == 500
    assert [r["rrset_name"] for r in sandbox.records("example.tld")] == ["x"]


def test_a_drop_after_applying_makes_the_change_and_loses_the_answer(gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    gandi_api.put(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]})
    sandbox.clear_log()
    sandbox.faults.fail(method="DELETE", drop=True, applied=True)
    with pytest.raises(requests.ConnectionError):
        gandi_api.delete(f"{Z}/records/x/A")
    assert sandbox.records("example.tld") == []
    assert gandi_api.delete(f"{Z}/records/x/A").status_code == 404  # sent again: gone already
    assert [(e.method, e.status) for e in sandbox.requests] == [("DELETE", 0), ("DELETE", 404)]


def test_a_stall_makes_the_change_and_holds_the_answer_past_a_read_timeout(
    gandi_api: Any,
) -> None:
    sandbox = gandi_api.sandbox
    sandbox.faults.stall(1.5, method="PUT", path="/records/x/")
    with pytest.raises(requests.ReadTimeout):
        gandi_api.put(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]}, timeout=0.3)
    assert [r["rrset_name"] for r in sandbox.records("example.tld")] == ["x"]
    assert [(e.method, e.status) for e in sandbox.requests] == [("PUT", 201)]
    start = time.monotonic()
    again = gandi_api.put(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.2"]}, timeout=5)
    assert again.status_code == 201  # only the first match stalls
    assert time.monotonic() - start < 1.5  # a stalled answer would take 1.5 s at least


def test_latency_delays_each_answer(gandi_api: Any) -> None:
    gandi_api.sandbox.faults.latency(0.3)
    start = time.monotonic()
    assert gandi_api.get(Z).status_code == 200
    assert time.monotonic() - start >= 0.3
    gandi_api.sandbox.faults.latency(0)
    start = time.monotonic()
    gandi_api.get(Z)
    assert time.monotonic() - start < 0.3


def test_clear_removes_every_fault(gandi_api: Any) -> None:
    faults = gandi_api.sandbox.faults
    faults.rate_limit(1)
    faults.fail(500, count=100)
    faults.latency(5)
    faults.clear()
    assert statuses(gandi_api, "GET", Z, 3) == [200, 200, 200]


def test_fault_arguments_are_checked(gandi_api: Any) -> None:
    faults = gandi_api.sandbox.faults
    with pytest.raises(ValueError, match="per_minute"):
        faults.rate_limit(0)
    with pytest.raises(ValueError, match="nth"):
        faults.fail(nth=0)
    with pytest.raises(ValueError, match="count"):
        faults.fail(count=0)
    with pytest.raises(ValueError, match="latency"):
        faults.latency(-1)
    with pytest.raises(ValueError, match="retry_after"):
        faults.fail(429, retry_after=-1)
    with pytest.raises(ValueError, match="stall"):
        faults.stall(0)
    with pytest.raises(ValueError, match="nth"):
        faults.stall(1, nth=0)


def test_the_request_log_has_method_path_query_scheme_and_status(gandi_api: Any) -> None:
    sandbox = gandi_api.sandbox
    gandi_api.get(f"{Z}/records?page=2?sharing_id=org")
    gandi_api.put(f"{Z}/records/%40/A", json={"rrset_values": ["192.0.2.1"]})
    requests.get(sandbox.url + Z, timeout=5)
    log = sandbox.requests
    assert [(e.method, e.path, e.query, e.auth_scheme, e.status) for e in log] == [
        ("GET", f"{Z}/records", {"page": ["2"], "sharing_id": ["org"]}, "Bearer", 200),
        ("PUT", f"{Z}/records/%40/A", {}, "Bearer", 201),
        ("GET", Z, {}, None, 401),
    ]
    assert log[1].body == {"rrset_values": ["192.0.2.1"]}
    sandbox.clear_log()
    assert sandbox.requests == []
