"""The client's own rules: URLs with sharing_id, the rate limiter, error messages."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from dnsframe_gandi_v5.client import GandiClient, GandiError, RateLimiter


def test_sharing_id_is_merged_into_every_query_even_after_a_second_question_mark() -> None:
    client = GandiClient("gandi", token="t", sharing_id="org-1", apiurl="https://api.example.net/")
    assert (
        client.url("livedns/domains")
        == "https://api.example.net/v5/livedns/domains?sharing_id=org-1"
    )
    assert (
        client.url("https://api.example.net/v5/livedns/domains?page=2?per_page=500")
        == "https://api.example.net/v5/livedns/domains?page=2&per_page=500&sharing_id=org-1"
    )
    assert client.url("livedns/domains", {"per_page": 500}).count("?") == 1


def test_token_wins_over_apikey() -> None:
    assert GandiClient("g", token="tok", apikey="key").auth == "Bearer tok"
    assert GandiClient("g", apikey="key").auth == "Apikey key"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_rate_limiter_keeps_every_minute_under_the_limit() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=900, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(3000):
        limiter.acquire()
        stamps.append(clock.now)
    # no 60-second window holds more than 900 requests
    start = 0
    for end, t in enumerate(stamps):
        while stamps[start] <= t - 60:
            start += 1
        assert end - start + 1 <= 900
    assert stamps[899] == 0  # the first 900 go at once: a short run is never slowed
    assert stamps[-1] <= 3 * 60 + 1  # and the long run goes at 900 a minute, not slower


def test_the_rate_limiter_lets_a_burst_through_its_window_then_waits_for_the_oldest() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=3, window=10, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(7):
        limiter.acquire()
        stamps.append(clock.now)
        clock.now += 1  # each request takes a second
    assert stamps == [0, 1, 2, 10, 11, 12, 20]


class CountingLimiter(RateLimiter):
    def __init__(self) -> None:
        super().__init__(per_minute=10**6)
        self.taken = 0

    def acquire(self) -> None:
        self.taken += 1
        super().acquire()


def test_every_retry_takes_its_turn_at_the_rate_limiter(gandi_sandbox: Any) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    limiter = CountingLimiter()
    client.limiter = limiter
    gandi_sandbox.faults.fail(503, method="GET", count=3)
    assert client.get("livedns/domains/example.tld/records") == []
    assert [e.status for e in gandi_sandbox.requests] == [503, 503, 503, 200]
    assert limiter.taken == 4


def test_a_post_refused_with_429_is_sent_again_but_never_after_a_lost_answer(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    gandi_sandbox.faults.fail(429, method="POST", count=1)
    client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})
    assert [(e.method, e.status) for e in gandi_sandbox.requests] == [("POST", 429), ("POST", 201)]
    gandi_sandbox.clear_log()
    gandi_sandbox.faults.fail(method="POST", drop=True, count=1)
    with pytest.raises(GandiError, match="not known whether Gandi did it; it is not sent again"):
        client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})
    assert [e.method for e in gandi_sandbox.requests if e.method == "POST"] == ["POST"]


PUT_X = "livedns/domains/example.tld/records/x/A"
X = {"rrset_ttl": 300, "rrset_values": ["192.0.2.1"]}


def test_a_500_on_a_write_is_retried_and_a_persistent_one_names_no_case_without_cause(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    gandi_sandbox.faults.fail(500, method="PUT", count=1)
    client.request("PUT", PUT_X, body=X)
    assert [e.status for e in gandi_sandbox.requests] == [500, 201]
    gandi_sandbox.clear_log()
    gandi_sandbox.faults.fail(500, method="PUT", count=100)
    with pytest.raises(GandiError, match=r"Gandi answered 500 \(6 tries in [\d.]+s\)") as failed:
        client.request("PUT", PUT_X, body=X)
    assert "case" not in str(failed.value)
    assert [e.status for e in gandi_sandbox.requests] == [500] * 6  # 5 retries


def test_a_500_where_the_case_may_differ_is_not_retried_and_says_why(gandi_sandbox: Any) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    gandi_sandbox.faults.fail(500, method="PUT", count=5)
    with pytest.raises(GandiError, match="spells a name in another case"):
        client.request("PUT", PUT_X, body=X, case_hint=True)
    assert [e.status for e in gandi_sandbox.requests] == [500]
    gandi_sandbox.clear_log()
    gandi_sandbox.faults.clear()
    gandi_sandbox.faults.fail(503, method="PUT", count=1)  # other 5xx: retried all the same
    client.request("PUT", PUT_X, body=X, case_hint=True)
    assert [e.status for e in gandi_sandbox.requests] == [503, 201]


def test_a_burst_of_429s_is_waited_out_however_long_within_the_time_bound(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    gandi_sandbox.faults.fail(429, method="PUT", count=12, retry_after=0)
    client.request("PUT", PUT_X, body=X)
    assert [e.status for e in gandi_sandbox.requests] == [429] * 12 + [201]


def test_a_retry_after_longer_than_the_time_bound_fails_at_once_naming_the_field(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient(
        "gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01, retry_timeout=5
    )
    gandi_sandbox.faults.fail(429, method="GET", count=1, retry_after=3600)
    start = time.monotonic()
    with pytest.raises(
        GandiError, match=r'wait 3600s more \(Retry-After\), past the "retry_timeout"'
    ):
        client.get("livedns/domains")
    assert time.monotonic() - start < 4
    assert len(gandi_sandbox.requests) == 1


def test_a_connection_that_cannot_be_opened_is_retried_for_a_post_too(gandi_sandbox: Any) -> None:
    """Once the API has answered, a connection refused is a passing trouble: retried, a POST
    too (it was never sent)."""
    client = GandiClient("gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01)
    client.request("GET", "livedns/domains/example.tld/records")
    gandi_sandbox.stop()  # its port is closed now
    with pytest.raises(GandiError, match=r"cannot reach .* connection was refused, 6 tries"):
        client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})


def test_a_connection_refused_before_any_answer_is_a_wrong_apiurl() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = GandiClient("gandi", token="t", apiurl=f"http://127.0.0.1:{port}", backoff=0.01)
    with pytest.raises(GandiError) as raised:
        client.request("GET", "livedns/domains")
    assert str(raised.value) == (
        f'cannot reach the Gandi API at http://127.0.0.1:{port} for creds key "gandi": the '
        'connection was refused. Check the network and "apiurl".'
    )


def test_a_post_answered_500_or_lost_in_a_read_timeout_is_not_sent_again(
    gandi_sandbox: Any,
) -> None:
    client = GandiClient(
        "gandi", token="test-token", apiurl=gandi_sandbox.url, backoff=0.01, timeout=1
    )
    gandi_sandbox.faults.fail(500, method="POST", count=1)
    with pytest.raises(GandiError, match="Gandi answered 500"):
        client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})
    gandi_sandbox.faults.stall(3, method="POST", count=1)
    with pytest.raises(GandiError, match=r"no answer came within 1s, so it is not known"):
        client.request("POST", "livedns/domains/example.tld/keys", body={"flags": 257})
    assert [(e.method, e.status) for e in gandi_sandbox.requests] == [("POST", 500), ("POST", 201)]
    assert len(gandi_sandbox.keys("example.tld")) == 1


@pytest.fixture
def echoing_api() -> Any:
    """A server on loopback that answers every request 401, quoting the Authorization header
    it received in its error message (a server may): the base URL."""
    import http.server
    import json
    import threading

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            said = f"invalid credentials {self.headers.get('Authorization')}"
            body = json.dumps({"code": 401, "message": said}).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("field", ["token", "apikey"])
def test_an_error_message_never_holds_the_token_even_when_gandi_quotes_it(
    echoing_api: str, field: str
) -> None:
    secret = "quoted-back-0123456789abcdef"
    auth: dict[str, Any] = {field: secret}
    client = GandiClient("gandi", apiurl=echoing_api, retries=0, **auth)
    with pytest.raises(GandiError) as caught:
        client.get("livedns/domains")
    assert secret not in str(caught.value)
    assert "invalid credentials" in str(caught.value)
    assert "[REDACTED]" in str(caught.value)
