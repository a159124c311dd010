"""The client's own rules: URLs with sharing_id, the rate limiter, error messages."""

from __future__ import annotations

from dnsframe_gandi_v5.client import GandiClient, RateLimiter


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
    limiter = RateLimiter(per_minute=900, burst=40, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(3000):
        limiter.acquire()
        stamps.append(clock.now)
    # no 60-second window holds 1000 requests or more
    start = 0
    for end, t in enumerate(stamps):
        while stamps[start] <= t - 60:
            start += 1
        assert end - start + 1 < 1000
    assert stamps[-1] >= (3000 - 40) / 15 - 1  # the long-run rate is 900 a minute
