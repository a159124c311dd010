"""The sandbox's error answers, with the bodies Gandi sends.

Two shapes exist at Gandi, both JSON written with spaces after ``:`` and ``,``:

- Pyramid's HTTP errors: ``{"code": 404, "message": "...", "object": "HTTPNotFound", "cause":
  "Not Found"}`` (401, 403, 404, 409, 500, and top-level 400s such as an absolute name outside
  the zone);
- Cornice's validation errors: ``{"status": "error", "errors": [{"location": "body", "name":
  "rrset_ttl", "description": "60 is less than minimum value 300"}]}``.

A handler raises :class:`ApiError`; the server turns it into the answer.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

UNAUTHORIZED_MESSAGE = (
    "The server could not verify that you authorized to access the document you requested. "
    "Either you supplied the wrong credentials (e.g., bad api key), or your access token has "
    "expired"
)
FORBIDDEN_MESSAGE = "Access was denied to this resource."
NOT_FOUND_MESSAGE = "The resource could not be found."
#: Pyramid's explanation of HTTPInternalServerError, as DNSControl users saw it (issue #3581).
INTERNAL_ERROR_MESSAGE = (
    "The server has either erred or is incapable of performing the requested operation."
)


class ApiError(Exception):
    """An error answer: HTTP ``status`` and the JSON ``body`` to send."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


def http_error(status: int, message: str | None = None, *, obj: str | None = None) -> ApiError:
    """A Pyramid-style error: ``code``, ``message``, ``object`` and ``cause``."""
    phrase = HTTPStatus(status).phrase
    return ApiError(
        status,
        {
            "code": status,
            "message": message if message is not None else HTTPStatus(status).description,
            "object": obj if obj is not None else "HTTP" + phrase.replace(" ", "").replace("-", ""),
            "cause": phrase,
        },
    )


def unauthorized() -> ApiError:
    return http_error(401, UNAUTHORIZED_MESSAGE)


def forbidden() -> ApiError:
    return http_error(403, FORBIDDEN_MESSAGE)


def not_found() -> ApiError:
    return http_error(404, NOT_FOUND_MESSAGE)


def record_not_found(name: str, rtype: str | None = None) -> ApiError:
    """The 404 for a missing rrset: ``Can't find the DNS record www/TXT in the zone``."""
    what = name if rtype is None else f"{name}/{rtype}"
    return http_error(404, f"Can't find the DNS record {what} in the zone", obj="dns-record")


def record_exists() -> ApiError:
    return http_error(409, "This record already exists", obj="dns-record")


def internal_error() -> ApiError:
    return http_error(500, INTERNAL_ERROR_MESSAGE)


def method_not_allowed(method: str) -> ApiError:
    return http_error(405, f"The method {method} is not allowed for this resource.")


def validation_error(errors: list[dict[str, str]]) -> ApiError:
    """Cornice's 400: every problem at once, each with its location, name and description."""
    return ApiError(400, {"status": "error", "errors": errors})


def field_error(location: str, name: str, description: str) -> dict[str, str]:
    return {"location": location, "name": name, "description": description}
