"""Requests, answers, the route table and the rules every route shares.

A handler module registers its functions with :func:`route`; :func:`dispatch` finds the one for
a request (404 ``HTTPNotFound`` when no path matches, 405 when the method does not). Path
segments are percent-decoded before the handler sees them, so ``@`` and ``%40`` are the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, unquote, urlencode

from gandi_sandbox.errors import (
    ApiError,
    field_error,
    forbidden,
    method_not_allowed,
    not_found,
    validation_error,
)
from gandi_sandbox.state import Domain, State, Token

#: Success answers carry this Content-Type, as recorded [real].
SUCCESS_CONTENT_TYPE = "application/json; charset=utf-8"
#: Error answers carry exactly this one (go-gandi ignores any other) [client].
ERROR_CONTENT_TYPE = "application/json"
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500

T = TypeVar("T")


@dataclass
class Request:
    """One authenticated request, as the handlers see it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    base: str
    token: Token
    state: State

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def json(self) -> Any:
        """The body as JSON (an empty body is ``{}``); invalid JSON is a 400."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except (UnicodeDecodeError, ValueError):
            raise validation_error([field_error("body", "", "Invalid JSON request body")]) from None

    def json_object(self) -> dict[str, Any]:
        data = self.json()
        if not isinstance(data, dict):
            raise validation_error([field_error("body", "", f'"{data}" is not a mapping type')])
        return data


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


def ok(data: Any, status: int = 200, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """A success answer: compact JSON, as Gandi writes it."""
    body = json.dumps(data, separators=(",", ":")).encode()
    return Response(status, body, SUCCESS_CONTENT_TYPE, list(headers))


def no_content() -> Response:
    """204: no body, no Content-Type."""
    return Response(204)


def error_response(exc: ApiError, headers: Sequence[tuple[str, str]] = ()) -> Response:
    """An error answer: JSON with spaces after ``:`` and ``,``, Content-Type exactly JSON."""
    return Response(exc.status, json.dumps(exc.body).encode(), ERROR_CONTENT_TYPE, list(headers))


Handler = Callable[..., Response]


@dataclass
class _Route:
    pattern: re.Pattern[str]
    methods: dict[str, Handler]


_ROUTES: dict[str, _Route] = {}


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register a handler for ``method`` on ``template`` (``{x}`` is one path segment)."""
    regex = "^" + re.sub(r"\{[a-z_]+\}", "([^/]+)", template) + "$"

    def register(handler: Handler) -> Handler:
        entry = _ROUTES.setdefault(template, _Route(re.compile(regex), {}))
        entry.methods[method] = handler
        return handler

    return register


def dispatch(request: Request) -> Response:
    for entry in _ROUTES.values():
        match = entry.pattern.match(request.path)
        if match is None:
            continue
        handler = entry.methods.get(request.method)
        if handler is None:
            raise method_not_allowed(request.method)
        return handler(request, *(unquote(g) for g in match.groups()))
    raise not_found()


def parse_query(raw: str) -> dict[str, list[str]]:
    """The query string; a second ``?`` is read as ``&`` (``?page=2?sharing_id=x``)."""
    result: dict[str, list[str]] = {}
    for part in raw.replace("?", "&").split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        result.setdefault(unquote(key.replace("+", " ")), []).append(
            unquote(value.replace("+", " "))
        )
    return result


def _page_number(request: Request, name: str, default: int, errors: list[dict[str, str]]) -> int:
    raw = request.param(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        errors.append(field_error("querystring", name, f'"{raw}" is not a number'))
        return default
    if value < 1:
        errors.append(field_error("querystring", name, f"{value} is less than minimum value 1"))
    elif name == "per_page" and value > MAX_PER_PAGE:
        errors.append(
            field_error(
                "querystring", name, f"{value} is greater than maximum value {MAX_PER_PAGE}"
            )
        )
    return value


def paginate(request: Request, items: Sequence[T]) -> tuple[Sequence[T], list[tuple[str, str]]]:
    """One page of a collection and its headers: ``total-count`` always, ``Link`` with an
    absolute ``rel="next"`` only while another page follows."""
    errors: list[dict[str, str]] = []
    page = _page_number(request, "page", 1, errors)
    per_page = _page_number(request, "per_page", DEFAULT_PER_PAGE, errors)
    if errors:
        raise validation_error(errors)
    start = (page - 1) * per_page
    headers = [("total-count", str(len(items)))]
    if start + per_page < len(items):
        others = [
            (k, v) for k, vs in request.query.items() if k not in ("page", "per_page") for v in vs
        ]
        query = urlencode([("page", str(page + 1)), ("per_page", str(per_page)), *others])
        headers.append(("Link", f'<{request.base}{request.path}?{query}>; rel="next"'))
    return items[start : start + per_page], headers


def visible_domains(request: Request, *, livedns: bool) -> list[Domain]:
    """The collection's domains: the token's, filtered by ``sharing_id`` when given."""
    sharing_id = request.param("sharing_id")
    return sorted(
        (
            d
            for d in request.state.domains.values()
            if request.token.sees(d)
            and request.token.in_scope(d)
            and (not livedns or d.zone is not None)
            and (sharing_id is None or d.organization == sharing_id)
        ),
        key=lambda d: d.fqdn,
    )


def domain_for(request: Request, fqdn: str) -> Domain:
    """The domain named in the path: 404 when the account has none, 403 out of the token's
    scope."""
    domain = request.state.find(fqdn)
    if domain is None or not request.token.sees(domain):
        raise not_found()
    if not request.token.in_scope(domain):
        raise forbidden()
    return domain


def require_permission(request: Request) -> None:
    """A PAT without "Manage domain name technical configurations" gets 403."""
    if not request.token.permissions:
        raise forbidden()


def path_segment(name: str) -> str:
    """A name as it appears in an href: ``@`` is ``%40``."""
    return quote(name, safe="*")
