"""The conformance suite against GANDI_V5: on the local sandbox always, and on the real Gandi API
when GANDI_V5_TOKEN and GANDI_V5_DOMAIN are set (every record of that domain is deleted!)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from dnsframe.testing import Group, Target, check_group

ZONE = "conformance.example"


@pytest.fixture
def sandbox_target(gandi_sandbox: Any) -> Target:
    gandi_sandbox.add_domain(ZONE)  # Gandi's default records: the suite starts by deleting them

    def counter() -> tuple[int, int]:
        requests = [e for e in gandi_sandbox.requests if e.path.startswith("/v5/")]
        reads = sum(1 for e in requests if e.method == "GET")
        return reads, len(requests) - reads

    # The sandbox has no rate limit of its own here; the client's limiter is lifted to match.
    settings = {
        "token": "test-token-0123456789",
        "apiurl": gandi_sandbox.url,
        "rate_limit": 100_000,
    }
    return Target("GANDI_V5", settings, ZONE, counter=counter)


def test_conformance_on_the_sandbox(
    sandbox_target: Target, conformance_group: Group, request: Any
) -> None:
    check_group(sandbox_target, conformance_group, request)


REAL = (
    "set GANDI_V5_TOKEN and GANDI_V5_DOMAIN (optionally GANDI_V5_SHARING_ID, "
    "GANDI_V5_APIURL) to run the suite against the real Gandi API; every record of that "
    "domain is deleted"
)


@pytest.fixture
def real_target() -> Target:
    token, domain = os.environ.get("GANDI_V5_TOKEN"), os.environ.get("GANDI_V5_DOMAIN")
    if not token or not domain:
        pytest.skip(REAL)
    settings: dict[str, Any] = {"token": token}
    if os.environ.get("GANDI_V5_SHARING_ID"):
        settings["sharing_id"] = os.environ["GANDI_V5_SHARING_ID"]
    if os.environ.get("GANDI_V5_APIURL"):
        settings["apiurl"] = os.environ["GANDI_V5_APIURL"]
    return Target("GANDI_V5", settings, domain)


@pytest.mark.real_api("GANDI_V5_TOKEN", reason=REAL)
def test_conformance_on_the_real_gandi_api(
    real_target: Target, conformance_group: Group, request: Any
) -> None:
    check_group(real_target, conformance_group, request)
