"""Faults on demand: a rate limit, failing, dropped or stalled requests, added latency.

Tests of the provider's retries and error handling set them on a running sandbox
(``sb.faults.fail(503, method="PUT", nth=2)``); they apply to requests received afterwards,
before authentication and routing, in this order: latency, failure rules, rate limit. A rule
set with ``applied=True`` (and every :meth:`Faults.stall`) lets the sandbox handle the request
first, so its change is made, and then spoils the answer: the case of an answer lost on the way.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass


@dataclass
class _FailRule:
    status: int
    method: str | None
    path: re.Pattern[str] | None
    first: int
    count: int
    drop: bool
    retry_after: int | None = None
    applied: bool = False
    stall: float = 0.0
    matched: int = 0

    def hit(self, method: str, path: str) -> bool:
        """Count this request if it matches; whether it is one of those that must fail."""
        if self.method is not None and method.upper() != self.method:
            return False
        if self.path is not None and not self.path.search(path):
            return False
        self.matched += 1
        return self.first <= self.matched < self.first + self.count


@dataclass(frozen=True)
class Verdict:
    """What a fault does to one request: drop it, or answer ``status`` (with a
    ``Retry-After`` of ``retry_after`` seconds unless ``None``); with ``applied``, only after
    handling it; ``stall`` (always ``applied``): handle it, then wait so many seconds before
    answering normally."""

    drop: bool = False
    status: int = 0
    retry_after: int | None = None
    applied: bool = False
    stall: float = 0.0


class Faults:
    """The faults of one sandbox; every method may be called while it serves requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[_FailRule] = []
        self._per_minute: int | None = None
        self._retry_after: int | None = None
        self._accepted: deque[float] = deque()
        self._latency = 0.0

    def rate_limit(self, per_minute: int, retry_after: int | None = 1) -> None:
        """Answer 429 once ``per_minute`` requests were accepted in the last 60 seconds.

        The answer has a JSON body, and a ``Retry-After`` header (seconds) unless
        ``retry_after`` is ``None``. Requests answered 429 do not count.
        """
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        with self._lock:
            self._per_minute = per_minute
            self._retry_after = retry_after
            self._accepted.clear()

    def fail(
        self,
        status: int = 503,
        *,
        method: str | None = None,
        path: str | None = None,
        nth: int | None = None,
        count: int = 1,
        drop: bool = False,
        retry_after: int | None = None,
        applied: bool = False,
    ) -> None:
        """Fail requests that match ``method`` and ``path`` (a regex searched in the path).

        Matching requests are counted from 1 from now on; requests ``nth`` (default 1) to
        ``nth + count - 1`` fail: answered ``status`` with a JSON error body (and a
        ``Retry-After: retry_after`` header unless it is ``None``), or, with ``drop``, their
        connection is closed without an answer. With ``applied``, the request is handled
        first (a write is made) and only its answer is replaced or lost.
        """
        if nth is not None and nth < 1:
            raise ValueError("nth counts from 1")
        if count < 1:
            raise ValueError("count must be at least 1")
        if retry_after is not None and retry_after < 0:
            raise ValueError("retry_after cannot be negative")
        self._add(
            _FailRule(
                status=status,
                method=method.upper() if method else None,
                path=re.compile(path) if path is not None else None,
                first=nth or 1,
                count=count,
                drop=drop,
                retry_after=retry_after,
                applied=applied,
            )
        )

    def stall(
        self,
        seconds: float,
        *,
        method: str | None = None,
        path: str | None = None,
        nth: int | None = None,
        count: int = 1,
    ) -> None:
        """Handle matching requests ``nth`` to ``nth + count - 1`` (counted as :meth:`fail`
        counts), then hold each answer ``seconds`` before sending it: a client whose read
        timeout is shorter gives up although its write was made."""
        if seconds <= 0:
            raise ValueError("a stall must last more than 0 seconds")
        if nth is not None and nth < 1:
            raise ValueError("nth counts from 1")
        if count < 1:
            raise ValueError("count must be at least 1")
        self._add(
            _FailRule(
                status=0,
                method=method.upper() if method else None,
                path=re.compile(path) if path is not None else None,
                first=nth or 1,
                count=count,
                drop=False,
                applied=True,
                stall=seconds,
            )
        )

    def _add(self, rule: _FailRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def latency(self, seconds: float) -> None:
        """Wait ``seconds`` before handling each request (0 to stop)."""
        if seconds < 0:
            raise ValueError("latency cannot be negative")
        with self._lock:
            self._latency = seconds

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._rules.clear()
            self._per_minute = None
            self._retry_after = None
            self._accepted.clear()
            self._latency = 0.0

    def delay(self) -> float:
        with self._lock:
            return self._latency

    def judge(self, method: str, path: str) -> Verdict | None:
        """The fault for this request, if any (each rule counts every request it matches)."""
        with self._lock:
            verdict: Verdict | None = None
            for rule in self._rules:
                if rule.hit(method, path) and verdict is None:
                    verdict = Verdict(
                        drop=rule.drop,
                        status=rule.status,
                        retry_after=rule.retry_after,
                        applied=rule.applied,
                        stall=rule.stall,
                    )
            if verdict is not None:
                return verdict
            if self._per_minute is not None:
                now = time.monotonic()
                while self._accepted and now - self._accepted[0] >= 60.0:
                    self._accepted.popleft()
                if len(self._accepted) >= self._per_minute:
                    return Verdict(status=429, retry_after=self._retry_after)
                self._accepted.append(now)
            return None
