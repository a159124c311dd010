"""The Gandi v5 HTTP client: auth, sharing_id, pagination, rate limit, retries, typed errors.

One :class:`GandiClient` per creds.json key. It keeps one connection per thread
(:mod:`dnsframe_gandi_v5.transport`) and retries itself (:class:`RetryPolicy`): a 429 after
its ``Retry-After`` for as long as the request's time allows (``retry_timeout``), 5xx and
broken connections with jittered exponential backoff, a bounded number of times within that
time, and only for idempotent methods (a POST is sent again only after a 429, or when its
connection could not even be opened). Every attempt takes its turn at one rate limiter per API
host that stays under Gandi's 1000 requests a minute.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from dnsframe.errors import ProviderError

if TYPE_CHECKING:
    from dnsframe_gandi_v5.transport import Response, Transport, TransportError

# The transport (http.client, ssl) is imported by the functions that send a request, not here:
# ``check`` and the commands that fail on a config or creds mistake never send one.

T = TypeVar("T")

DEFAULT_API_URL = "https://api.gandi.net"
#: The largest page the API serves.
PAGE_SIZE = 500
#: How many pages of one collection are read at once, after the first.
PAGE_READERS = 4
#: Seconds one request may spend retrying (creds field ``retry_timeout``).
DEFAULT_RETRY_TIMEOUT = 120.0


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
    """At most ``per_minute`` requests in any ``window`` seconds (60), shared by every thread.

    A sliding window, as Gandi counts: a short run sends at full speed, and a long one waits
    only when the last ``window`` seconds already hold ``per_minute`` requests, until the
    oldest of them leaves the window.
    """

    def __init__(
        self,
        per_minute: int = 900,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute < 1 or window <= 0:
            raise ValueError("a rate limit needs at least one request in a window of time")
        self.per_minute = per_minute
        self.window = window
        self.clock, self.sleep = clock, sleep
        self._sent: deque[float] = deque()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        """Wait until one more request fits in the window, and count it."""
        while True:
            with self.lock:
                now = self.clock()
                while self._sent and self._sent[0] <= now - self.window:
                    self._sent.popleft()
                if len(self._sent) < self.per_minute:
                    self._sent.append(now)
                    return
                wait = self._sent[0] + self.window - now
            self.sleep(max(wait, 1e-3))


_limiters: dict[str, RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(api: str, per_minute: int = 900) -> RateLimiter:
    """The limiter shared by every client and thread of this process that talks to ``api``:
    Gandi counts requests per address, so every token of one run shares it. The lowest
    ``rate_limit`` asked for wins."""
    with _limiters_lock:
        limiter = _limiters.get(api)
        if limiter is None or per_minute < limiter.per_minute:
            limiter = _limiters[api] = RateLimiter(per_minute)
        return limiter


#: Methods that Gandi may receive twice with the effect of once: reads, a ``PUT`` of an rrset,
#: a label or the nameservers (each replaces what is there), a ``DELETE`` (a retry that finds
#: the thing gone gets a 404, which the provider takes for done). A ``POST`` is not among them.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
#: The statuses retried, with backoff, for idempotent methods.
RETRY_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may keep trying, and how it waits.

    Every retry takes its turn at the rate limiter. A 429 is retried (for every method, a
    POST too: it did nothing) after its ``Retry-After``, or after a growing wait without one,
    for as long as ``timeout`` allows, however many times. A 5xx or a broken connection is
    retried, for idempotent methods only, at most ``retries`` times, after a jittered
    exponential wait (``backoff`` doubled each time, at most ``max_backoff``, plus a random
    share of ``backoff``), within the same ``timeout``. A connection that could not be opened
    is retried for a POST too (nothing was sent).
    """

    #: Seconds one request (its attempts and waits) may take before it gives up.
    timeout: float = DEFAULT_RETRY_TIMEOUT
    #: The first wait after a 5xx or a broken connection, in seconds.
    backoff: float = 0.5
    #: At most so many retries after 5xx answers and broken connections.
    retries: int = 5
    max_backoff: float = 20.0

    def wait(self, n: int) -> float:
        """The wait before retry ``n`` (from 1) after a 5xx, a broken connection, or a 429
        without ``Retry-After``."""
        return min(self.max_backoff, self.backoff * 2.0 ** (n - 1)) + random.uniform(
            0, self.backoff
        )


#: How the stock 401 answer of Gandi's API begins (the recordings have it).
_STOCK_401 = "The server could not verify that you authorized"


def _retry_after(response: Response) -> float | None:
    """``Retry-After`` in seconds (a number, or an HTTP date), or ``None``."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - datetime.datetime.now(datetime.UTC)).total_seconds())


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
        retry_timeout: float = DEFAULT_RETRY_TIMEOUT,
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
        self.retry = RetryPolicy(timeout=retry_timeout, backoff=backoff, retries=retries)
        self.log = logging.getLogger(f"dnsframe.gandi_v5[{key}]")
        from dnsframe_gandi_v5 import __version__

        self._headers = {
            "Authorization": self.auth,
            "Accept": "application/json",
            "User-Agent": f"dnsframe-gandi-v5/{__version__}",
        }
        self._http: Transport | None = None
        self._transport_lock = threading.Lock()
        #: Whether the API has answered this client once: until then, a refused connection or
        #: a name that does not resolve is a wrong "apiurl", said at once, not retried.
        self._answered = False

    # ----------------------------------------------------------------------------------------

    def _transport(self) -> Transport:
        """The connections to the API (made on first use; every thread has its own)."""
        if self._http is not None:
            return self._http
        with self._transport_lock:
            if self._http is None:
                from dnsframe_gandi_v5.transport import Transport

                self._http = Transport(
                    self.base, connect_timeout=self.timeout[0], read_timeout=self.timeout[1]
                )
            return self._http

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
        case_hint: bool = False,
    ) -> Response:
        """One call, retried as :class:`RetryPolicy` says; raises a :class:`GandiError`
        subclass unless the status ends in ``ok``.

        ``case_hint``: the name in the path may differ in case from a name Gandi stores at
        that label (the caller knows); Gandi answers such a write 500 every time, so a 500 is
        then not retried and its message says so. Without it a 500 is retried as a passing
        trouble.
        """
        from dnsframe_gandi_v5.transport import TransportError

        method = method.upper()
        url = self.url(path, params)
        data = None if body is None else json.dumps(body).encode()
        headers = dict(self._headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            transport = self._transport()
        except ValueError as exc:  # transport.SetupError: the URL, a proxy, a CA bundle
            raise GandiError(f'creds key "{self.key}": {exc}') from None
        policy = self.retry
        idempotent = method in IDEMPOTENT
        started = time.monotonic()
        deadline = started + policy.timeout
        tries = failures = limited = 0
        while True:
            self.limiter.acquire()  # every attempt takes its turn
            tries += 1
            try:
                response = transport.request(method, url, data, headers)
            except ValueError as exc:  # a header or URL http.client refuses to send
                # The text of these may quote a header, so only the kind of error is shown.
                raise GandiError(
                    f"Gandi API {method} {self._short(url)}: the request could not be made "
                    f'({type(exc).__name__}); check "apiurl" and the credentials in creds '
                    f'key "{self.key}"'
                ) from None
            except TransportError as exc:
                if not idempotent and exc.sent:
                    raise self._uncertain(method, url, exc) from None
                if not self._answered and exc.unreachable is not None:
                    raise self._unreachable(method, url, exc, tries, started) from None
                failures += 1
                wait = policy.wait(failures)
                if failures > policy.retries or time.monotonic() + wait > deadline:
                    raise self._unreachable(method, url, exc, tries, started) from None
                self.log.info(
                    "%s %s: %s; retry %d in %.1fs",
                    method,
                    self._short(url),
                    exc.kind,
                    failures,
                    wait,
                )
                time.sleep(wait)
                continue
            status = response.status_code
            self._answered = True
            self.log.debug(
                "%s %s -> %s in %.3fs",
                method,
                self._short(url),
                status,
                response.elapsed,
            )
            if status == 429:  # refused before doing anything: safe for every method
                limited += 1
                asked = _retry_after(response)
                wait = policy.wait(limited) if asked is None else max(asked, policy.backoff)
                if time.monotonic() + wait > deadline:
                    raise self._rate_limited(method, url, response, what, tries, started, asked)
                self.log.info(
                    "%s %s: 429 (Retry-After %s); retry in %.1fs",
                    method,
                    self._short(url),
                    "none" if asked is None else f"{asked:g}",
                    wait,
                )
                time.sleep(wait)
                continue
            if (
                status in RETRY_STATUSES
                and idempotent
                and not (status == 500 and case_hint)
                and failures < policy.retries
            ):
                wait = policy.wait(failures + 1)
                if time.monotonic() + wait <= deadline:
                    failures += 1
                    self.log.info(
                        "%s %s: %s; retry %d in %.1fs",
                        method,
                        self._short(url),
                        status,
                        failures,
                        wait,
                    )
                    time.sleep(wait)
                    continue
            if status in ok:
                return response
            raise self._error(method, url, response, what, case_hint, tries, started)

    def _tries(self, tries: int, started: float) -> str:
        return f"{tries} tries in {time.monotonic() - started:.1f}s" if tries > 1 else ""

    def _uncertain(self, method: str, url: str, exc: TransportError) -> GandiError:
        broke = (
            f"no answer came within {self.timeout[1]:g}s"
            if exc.timeout
            else f"the connection broke ({exc.kind})"
        )
        return GandiError(
            f"Gandi API {method} {self._short(url)}: {broke}, so it is not known whether Gandi "
            "did it; it is not sent again blindly. Run preview to see the state, then push again."
        )

    def _unreachable(
        self,
        method: str,
        url: str,
        exc: TransportError,
        tries: int,
        started: float,
    ) -> GandiError:
        spent = self._tries(tries, started)
        spent = f", {spent}" if spent else ""
        if exc.timeout and exc.sent:
            return GandiError(
                f"Gandi API {method} {self._short(url)}: no answer within "
                f'{self.timeout[1]:g}s{spent} (raise "timeout" in creds key "{self.key}" for '
                "slow links)"
            )
        why = exc.unreachable or exc.kind
        return GandiError(
            f'cannot reach the Gandi API at {self.base} for creds key "{self.key}": '
            f'{why}{spent}. Check the network and "apiurl".'
        )

    def _rate_limited(
        self,
        method: str,
        url: str,
        response: Response,
        what: str,
        tries: int,
        started: float,
        asked: float | None,
    ) -> GandiError:
        body = self._body(response)
        doing = what or f"{method} {self._short(url)}"
        bound = f'"retry_timeout" of creds key "{self.key}" ({self.retry.timeout:g}s)'
        if asked is not None and time.monotonic() + asked > started + self.retry.timeout:
            why = (
                f"Gandi asks to wait {asked:g}s more (Retry-After), past the {bound}"
                if tries == 1
                else f"after {self._tries(tries, started)}, Gandi asks to wait {asked:g}s more "
                f"(Retry-After), past the {bound}"
            )
        else:
            spent = self._tries(tries, started) or "1 try"
            why = f"still limited after {spent}, all the {bound} allows"
        return GandiError(
            f"{doing}: Gandi's rate limit was hit ({self._clean(_message(body))}); {why}. "
            "Try again in a "
            'minute, with fewer domains at once (--concurrency), or raise "retry_timeout".',
            429,
            body,
        )

    @staticmethod
    def _body(response: Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return response.text

    def _clean(self, text: str) -> str:
        """``text`` without this client's token or API key (a server may quote them back)."""
        for secret in self._secrets:
            text = text.replace(secret, "[REDACTED]")
        return text

    def _short(self, url: str) -> str:
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _error(
        self,
        method: str,
        url: str,
        response: Response,
        what: str,
        case_hint: bool = False,
        tries: int = 1,
        started: float = 0.0,
    ) -> GandiError:
        status = response.status_code
        body = self._body(response)
        said = self._clean(_message(body))
        doing = what or f"{method} {self._short(url)}"
        key = f'creds key "{self.key}"'
        spent = self._tries(tries, started)
        spent = f" ({spent})" if spent else ""
        if status == 401:
            # Gandi's usual 401 text is the web framework's stock sentence, which says no
            # more than the status: it is left out; any other text is kept.
            own = "" if said.startswith(_STOCK_401) else f" ({said})"
            return GandiAuthError(
                f"Gandi refused the credentials{own}. The token or API key in {key} is "
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
        if status == 500 and case_hint:
            return GandiError(
                f"{doing}: Gandi answered 500: {said.rstrip('.')}. Gandi answers so when a write "
                "spells a name in another case than one it stores, and the rrsets at this name "
                "are stored in several spellings (such as WWW and www): give them one spelling "
                "at Gandi, or run preview again if the zone changed meanwhile, then push again.",
                status,
                body,
            )
        if status in RETRY_STATUSES and method in IDEMPOTENT:
            return GandiError(
                f"{doing}: Gandi answered {status}{spent}: {said.rstrip('.')}. Gandi may be "
                "having trouble; "
                "try again later.",
                status,
                body,
            )
        return GandiError(f"{doing}: Gandi answered {status}{spent}: {said}", status, body)

    # ----------------------------------------------------------------------------------------

    def get(self, path: str, *, params: Mapping[str, Any] | None = None, what: str = "") -> Any:
        response = self.request("GET", path, params=params, what=what)
        return response.json() if response.content else None

    def get_all(self, path: str, *, what: str = "") -> list[Any]:
        """Every item of a paginated collection, at the largest page size (see
        :meth:`read_all`)."""
        return self.read_all(path, list, what=what)

    def read_all(self, path: str, consume: Callable[[Iterator[Any]], T], *, what: str = "") -> T:
        """``consume`` of every item of a paginated collection, read at the largest page size.

        The first page says how many items there are (``total-count``); the pages after it are
        then read :data:`PAGE_READERS` at a time (a zone of 100,000 rrsets is 200 pages), each
        request taking its turn at the rate limiter as any other, and ``consume`` goes through
        the items of each page as it arrives, in order: a zone is parsed while the rest of it
        is on its way. Should the pages not add up to the count (the collection changed while
        it was read: a page after the first says another count, or the items do not add up),
        it is read again page after page, following the links as Gandi gives them, and
        ``consume`` is called again on that reading.
        """
        first = self.request("GET", self.url(path, {"per_page": PAGE_SIZE, "page": 1}), what=what)
        items = self._page_items(first, path, what)
        total = first.headers.get("total-count")
        if not items or total is None or not total.isdigit() or len(items) >= int(total):
            if "next" in first.links:
                return consume(self.iter_pages(path, what=what))
            return consume(iter(items))
        pages = -(-int(total) // len(items))
        urls = [self.url(path, {"per_page": len(items), "page": n}) for n in range(2, pages + 1)]
        seen = len(items)
        changed = complete = False

        def page(url: str) -> list[Any]:
            nonlocal changed
            response = self.request("GET", url, what=what)
            count = response.headers.get("total-count")
            if count is not None and count != total:  # every page says the count
                changed = True
            return self._page_items(response, path, what)

        def each() -> Generator[Any, None, None]:
            nonlocal seen, complete
            yield from items
            pool = ThreadPoolExecutor(min(PAGE_READERS, len(urls)), "gandi-pages")
            try:
                for more in pool.map(page, urls):
                    seen += len(more)
                    yield from more
                complete = True
            finally:  # consume may stop early (an item it cannot read): read no more pages
                pool.shutdown(cancel_futures=True)

        reading = each()
        try:
            result = consume(reading)
        finally:
            reading.close()
        if complete and (changed or seen != int(total)):  # (consume may not read them all)
            return consume(self.iter_pages(path, what=what))
        return result

    @staticmethod
    def _page_items(response: Response, path: str, what: str) -> list[Any]:
        items = response.json()
        if not isinstance(items, list):
            raise GandiError(f"{what or path}: Gandi answered something that is not a list")
        return items

    def iter_pages(self, path: str, *, what: str = "") -> Iterator[Any]:
        url = self.url(path, {"per_page": PAGE_SIZE, "page": 1})
        seen = 0
        for _ in range(100_000):
            response = self.request("GET", url, what=what)
            items = self._page_items(response, path, what)
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
