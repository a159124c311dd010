"""The Gandi v5 HTTP client: auth, sharing_id, pagination, rate limit, retries, typed errors.

One :class:`GandiClient` per creds.json key. It keeps one ``requests.Session`` per thread, with
urllib3's ``Retry`` on the adapter: 429 (honouring ``Retry-After``, capped), 5xx and broken
connections are retried with exponential backoff and jitter, a bounded number of times, and only
for idempotent methods (a POST is never replayed once sent). Every thread of one token shares one
rate limiter that stays under Gandi's 1000 requests per minute.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from dnsframe.errors import ProviderError

DEFAULT_API_URL = "https://api.gandi.net"
#: The largest page the API serves.
PAGE_SIZE = 500
#: The Retry-After the client waits at most, in seconds; a longer one fails the call.
MAX_RETRY_AFTER = 60


class GandiError(ProviderError):
    """A call to the Gandi API failed; the message says what to do."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class GandiAuthError(GandiError):
    """401: the token or API key is wrong or expired."""


class GandiForbiddenError(GandiError):
    """403: the token may not do this, or not on this domain."""


class GandiNotFoundError(GandiError):
    """404: no such domain, zone or rrset."""


class RateLimiter:
    """A token bucket: at most ``burst`` requests at once, then ``per_minute`` a minute.

    With the defaults no 60-second window holds more than 940 requests.
    """

    def __init__(
        self,
        per_minute: int = 900,
        burst: int = 40,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(burst)
        self.tokens = float(burst)
        self.clock, self.sleep = clock, sleep
        self.updated = clock()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self.lock:
                now = self.clock()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1 - 1e-9:  # rounding must not leave a waiter spinning
                    self.tokens = max(0.0, self.tokens - 1)
                    return
                wait = (1 - self.tokens) / self.rate
            self.sleep(wait)


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(api: str, per_minute: int = 900) -> RateLimiter:
    """The limiter shared by every client and thread of this process that talks to ``api``:
    Gandi counts requests per address, so every token of one run shares it. The lowest
    ``rate_limit`` asked for wins."""
    with _limiters_lock:
        limiter = _limiters.get(api)
        if limiter is None or per_minute / 60.0 < limiter.rate:
            limiter = _limiters[api] = RateLimiter(per_minute, min(40, per_minute))
        return limiter


class _Retry(Retry):
    """urllib3's Retry with Retry-After capped, so that a retry never waits unbounded, and no
    retry of a write that failed with 500: Gandi answers 500 to an update that spells a stored
    name in another case, and that fails the same way every time."""

    #: Every retry takes its turn at the rate limiter, as the first attempt does.
    limiter: RateLimiter | None = None

    def new(self, **kw: Any) -> _Retry:
        retry = super().new(**kw)
        retry.limiter = self.limiter
        return retry

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 500 and method.upper() in {"PUT", "DELETE"}:
            return False
        if status_code == 429 and method.upper() == "POST":
            return bool(self.total)  # a 429 did nothing: a POST may be sent again
        return bool(super().is_retry(method, status_code, has_retry_after))

    def increment(self, *args: Any, **kwargs: Any) -> _Retry:
        retry = super().increment(*args, **kwargs)  # raises when no retry is left
        if self.limiter is not None:
            self.limiter.acquire()
        return retry

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        if seconds is None:
            return None
        return min(seconds, MAX_RETRY_AFTER)


def make_retry(total: int = 5, backoff: float = 0.5, limiter: RateLimiter | None = None) -> Retry:
    retry = _Retry(
        total=total,
        connect=total,
        read=2,
        status=total,
        other=0,
        backoff_factor=backoff,
        backoff_jitter=backoff,
        backoff_max=20,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    retry.limiter = limiter
    return retry


def _message(body: Any) -> str:
    if isinstance(body, dict):
        if isinstance(body.get("errors"), list) and body["errors"]:
            parts = []
            for err in body["errors"]:
                if isinstance(err, dict):
                    name = err.get("name")
                    desc = err.get("description", "")
                    parts.append(f"{name}: {desc}" if name else str(desc))
            if parts:
                return "; ".join(parts)
        for key in ("message", "cause"):
            if isinstance(body.get(key), str):
                return str(body[key])
    if isinstance(body, str) and body.strip():
        return body.strip()[:300]
    return "no message"


class GandiClient:
    """Talks to one Gandi account (one creds.json key) over HTTPS."""

    def __init__(
        self,
        key: str,
        *,
        token: str | None = None,
        apikey: str | None = None,
        sharing_id: str | None = None,
        apiurl: str = DEFAULT_API_URL,
        timeout: float = 60.0,
        retries: int = 5,
        backoff: float = 0.5,
        rate_limit: int = 900,
    ) -> None:
        if not token and not apikey:
            raise GandiError(f'creds key "{key}": set "token" (or the legacy "apikey")')
        token, apikey = (token or "").strip() or None, (apikey or "").strip() or None
        for name, value in (("token", token), ("apikey", apikey)):
            if value and any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
                raise GandiError(
                    f'creds key "{key}": the "{name}" contains a space or a control character; '
                    "copy it again from Gandi"
                )
        self.key = key
        self.sharing_id = sharing_id or None
        self.base = apiurl.rstrip("/")
        self.timeout = (min(10.0, timeout), timeout)
        self.auth = f"Bearer {token}" if token else f"Apikey {apikey}"
        #: What must never be in a message: the client takes them out of what Gandi says.
        self._secrets = tuple(v for v in (token, apikey) if v)
        self.limiter = limiter_for(urlsplit(self.base).netloc, rate_limit)
        self.retry = make_retry(retries, backoff, self.limiter)
        self.log = logging.getLogger(f"dnsframe.gandi_v5[{key}]")
        self._local = threading.local()

    # ----------------------------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(max_retries=self.retry, pool_maxsize=4)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            session.headers.update(
                {"Authorization": self.auth, "Accept": "application/json", "User-Agent": "dnsframe"}
            )
            self._local.session = session
        return session

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """``base + path``, with ``params`` and ``sharing_id`` merged into its query string."""
        if path.startswith(("http://", "https://")):
            return self._with_query(path, params)
        return self._with_query(self.base + "/v5/" + path.lstrip("/"), params)

    def _with_query(self, url: str, params: Mapping[str, Any] | None) -> str:
        parts = urlsplit(url)
        # A query that carries a second "?" (seen in pagination links) is split on it too.
        query = parse_qsl(parts.query.replace("?", "&"), keep_blank_values=True)
        merged = dict(query)
        for k, v in (params or {}).items():
            merged[k] = str(v)
        if self.sharing_id:
            merged["sharing_id"] = self.sharing_id
        return urlunsplit(parts._replace(query=urlencode(merged)))

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        ok: tuple[int, ...] = (200, 201, 202, 204),
        what: str = "",
    ) -> requests.Response:
        """One call; raises a :class:`GandiError` subclass unless the status is in ``ok``."""
        url = self.url(path, params)
        data = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if data is not None else {}
        self.limiter.acquire()
        started = time.monotonic()
        try:
            response = self._session().request(
                method, url, data=data, headers=headers, timeout=self.timeout
            )
        except requests.exceptions.RetryError as exc:
            raise GandiError(
                f"Gandi API {method} {self._short(url)}: gave up after retries "
                f"({self._clean(str(exc))}). "
                "Gandi may be down or limiting requests; try again later."
            ) from None
        except requests.exceptions.ConnectionError as exc:
            if method == "POST":
                raise GandiError(
                    f"Gandi API POST {self._short(url)}: the connection broke "
                    f"({type(exc).__name__}), so it is not known whether Gandi did it; it is not "
                    "sent again blindly. Run preview to see the state, then push again."
                ) from None
            raise GandiError(
                f'cannot reach the Gandi API at {self.base} for creds key "{self.key}": '
                f'{type(exc).__name__}. Check the network and "apiurl".'
            ) from None
        except requests.exceptions.Timeout:
            raise GandiError(
                f"Gandi API {method} {self._short(url)}: no answer within {self.timeout[1]:.0f}s "
                f'(raise "timeout" in creds key "{self.key}" for slow links)'
            ) from None
        except requests.exceptions.RequestException as exc:
            # The text of these may quote a header, so only the kind of error is shown.
            raise GandiError(
                f"Gandi API {method} {self._short(url)}: the request could not be made "
                f'({type(exc).__name__}); check "apiurl" and the credentials in creds key '
                f'"{self.key}"'
            ) from None
        self.log.debug(
            "%s %s -> %s in %.3fs",
            method,
            self._short(url),
            response.status_code,
            time.monotonic() - started,
        )
        if response.status_code in ok:
            return response
        raise self._error(method, url, response, what)

    def _clean(self, text: str) -> str:
        """``text`` without this client's token or API key (a server may quote them back)."""
        for secret in self._secrets:
            text = text.replace(secret, "[REDACTED]")
        return text

    def _short(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _error(self, method: str, url: str, response: requests.Response, what: str) -> GandiError:
        status = response.status_code
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        said = self._clean(_message(body))
        doing = what or f"{method} {self._short(url)}"
        key = f'creds key "{self.key}"'
        if status == 401:
            return GandiAuthError(
                f"Gandi refused the credentials ({said}). The token or API key in {key} is "
                "wrong or expired: create a new personal access token at Gandi and update it.",
                status,
                body,
            )
        if status == 403:
            org = f' (sharing_id "{self.sharing_id}")' if self.sharing_id else ""
            return GandiForbiddenError(
                f"Gandi denied {doing}: {said.rstrip('.')}. The token in {key} lacks the "
                "permission "
                '"Manage domain name technical configurations", or the domain is outside its '
                f'organization{org}; check the token\'s permissions and "sharing_id".',
                status,
                body,
            )
        if status == 404:
            return GandiNotFoundError(f"{doing}: {said}", status, body)
        if status == 500 and method in {"PUT", "DELETE"}:
            return GandiError(
                f"{doing}: Gandi answered 500: {said}. Gandi answers so when an update spells a "
                "name in another case than the one it stores; run preview again (dnsframe reads "
                "the stored case), and report it if it persists.",
                status,
                body,
            )
        if status == 429:
            return GandiError(
                f"{doing}: Gandi's rate limit was still hit after retries ({said}); "
                "try again in a minute, or with fewer domains at once (--concurrency).",
                status,
                body,
            )
        return GandiError(f"{doing}: Gandi answered {status}: {said}", status, body)

    # ----------------------------------------------------------------------------------------

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, what: str = "") -> Any:
        response = self.request("GET", path, params=params, what=what)
        return response.json() if response.content else None

    def get_all(self, path: str, *, what: str = "") -> list[Any]:
        """Every item of a paginated collection, at the largest page size."""
        return list(self.iter_pages(path, what=what))

    def iter_pages(self, path: str, *, what: str = "") -> Iterator[Any]:
        url = self.url(path, {"per_page": PAGE_SIZE, "page": 1})
        seen = 0
        for _ in range(100_000):
            response = self.request("GET", url, what=what)
            items = response.json()
            if not isinstance(items, list):
                raise GandiError(f"{what or path}: Gandi answered something that is not a list")
            yield from items
            seen += len(items)
            total = response.headers.get("total-count")
            following = response.links.get("next", {}).get("url")
            if not items or not following or (total is not None and seen >= int(total)):
                return
            # Follow the link on our own host: the token is never sent to another one.
            link, own = urlsplit(following), urlsplit(self.base)
            url = self._with_query(
                urlunsplit((own.scheme, own.netloc, link.path, link.query, "")), None
            )


def quote_name(name: str) -> str:
    """An rrset name for a URL path (``@`` stays as it is)."""
    return quote(name, safe="@")
