"""Who may do what in the sandbox, and how collections come: auth, scopes, organizations,
``sharing_id``, pagination."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from gandi_sandbox import GandiSandbox

Z = "/v5/livedns/domains/example.tld"
UNAUTHORIZED = {
    "code": 401,
    "message": (
        "The server could not verify that you authorized to access the document you requested. "
        "Either you supplied the wrong credentials (e.g., bad api key), or your access token has "
        "expired"
    ),
    "object": "HTTPUnauthorized",
    "cause": "Unauthorized",
}
FORBIDDEN = {
    "code": 403,
    "message": "Access was denied to this resource.",
    "object": "HTTPForbidden",
    "cause": "Forbidden",
}
NOT_FOUND = {
    "code": 404,
    "message": "The resource could not be found.",
    "object": "HTTPNotFound",
    "cause": "Not Found",
}


def get(sandbox: GandiSandbox, path: str, auth: str | None, **kwargs: Any) -> requests.Response:
    headers = {} if auth is None else {"Authorization": auth}
    return requests.get(sandbox.url + path, headers=headers, timeout=10, **kwargs)


@pytest.mark.parametrize(
    "auth", [None, "Bearer wrong-token", "Apikey test-token", "Basic dGVzdC10b2tlbg==", "Bearer"]
)
def test_missing_or_wrong_credentials_are_401_with_gandis_body(
    gandi_sandbox: GandiSandbox, auth: str | None
) -> None:
    response = get(gandi_sandbox, Z, auth)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response.headers["Content-Type"] == "application/json"


def test_a_legacy_api_key_uses_the_apikey_scheme(gandi_sandbox: GandiSandbox) -> None:
    gandi_sandbox.add_token("old-key", scheme="Apikey")
    assert get(gandi_sandbox, Z, "Apikey old-key").status_code == 200
    assert get(gandi_sandbox, Z, "apikey old-key").status_code == 200
    assert get(gandi_sandbox, Z, "Bearer old-key").status_code == 401
    assert [e.auth_scheme for e in gandi_sandbox.requests] == ["Apikey", "Apikey", "Bearer"]


def test_a_token_limited_to_some_domains_gets_403_elsewhere(gandi_sandbox: GandiSandbox) -> None:
    gandi_sandbox.add_domain("other.tld", empty=True)
    gandi_sandbox.add_token("narrow", domains=["other.tld"])
    auth = "Bearer narrow"
    assert get(gandi_sandbox, "/v5/livedns/domains/other.tld/records", auth).status_code == 200
    denied = get(gandi_sandbox, f"{Z}/records", auth)
    assert denied.status_code == 403
    assert denied.json() == FORBIDDEN
    assert get(gandi_sandbox, "/v5/domain/domains/example.tld/nameservers", auth).status_code == 403
    listed = get(gandi_sandbox, "/v5/livedns/domains", auth).json()
    assert [d["fqdn"] for d in listed] == ["other.tld"]


def test_organization_tokens_see_their_domains_and_those_without_organization(
    gandi_sandbox: GandiSandbox,
) -> None:
    gandi_sandbox.add_domain("one.tld", organization="org1", empty=True)
    gandi_sandbox.add_domain("two.tld", organization="org2", empty=True)
    gandi_sandbox.add_token("t1", organization="org1")
    listed = get(gandi_sandbox, "/v5/livedns/domains", "Bearer t1").json()
    assert [d["fqdn"] for d in listed] == ["example.tld", "one.tld"]
    other = get(gandi_sandbox, "/v5/livedns/domains/two.tld", "Bearer t1")
    assert other.status_code == 404
    assert other.json() == NOT_FOUND
    everything = get(gandi_sandbox, "/v5/livedns/domains", "Bearer test-token").json()
    assert [d["fqdn"] for d in everything] == ["example.tld", "one.tld", "two.tld"]


def test_a_pat_without_technical_permission_cannot_touch_records(
    gandi_sandbox: GandiSandbox,
) -> None:
    gandi_sandbox.add_token("weak", permissions=False)
    auth = {"Authorization": "Bearer weak"}
    assert get(gandi_sandbox, Z, "Bearer weak").status_code == 200
    assert get(gandi_sandbox, "/v5/livedns/domains", "Bearer weak").status_code == 200
    read = get(gandi_sandbox, f"{Z}/records", "Bearer weak")
    assert read.status_code == 403
    assert read.json() == FORBIDDEN
    write = requests.put(
        f"{gandi_sandbox.url}{Z}/records/x/A",
        json={"rrset_values": ["192.0.2.1"]},
        headers=auth,
        timeout=10,
    )
    assert write.status_code == 403
    assert gandi_sandbox.records("example.tld") == []


@pytest.mark.parametrize(
    "path",
    [
        "/v5/livedns/domains/nowhere.tld",
        "/v5/livedns/nothing",
        "//v5/livedns/domains",
        "/v4/domains",
        "/",
    ],
)
def test_unknown_domains_and_routes_are_404_not_found(
    gandi_sandbox: GandiSandbox, path: str
) -> None:
    response = get(gandi_sandbox, path, "Bearer test-token")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_an_unsupported_method_is_405(gandi_sandbox: GandiSandbox) -> None:
    response = requests.patch(
        f"{gandi_sandbox.url}{Z}/records",
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert response.status_code == 405
    assert response.json()["object"] == "HTTPMethodNotAllowed"


def test_the_livedns_domain_has_gandis_shape(gandi_sandbox: GandiSandbox) -> None:
    response = get(gandi_sandbox, Z, "Bearer test-token")
    base = gandi_sandbox.url + Z
    assert response.text == (
        f'{{"domain_keys_href":"{base}/keys","fqdn":"example.tld","automatic_snapshots":true,'
        f'"domain_records_href":"{base}/records","domain_href":"{base}"}}'
    )


def seed_many(sandbox: GandiSandbox, fqdn: str, count: int) -> None:
    sandbox.add_domain(
        fqdn,
        rrsets=[
            {
                "rrset_name": f"h{i:04d}",
                "rrset_type": "A",
                "rrset_ttl": 300,
                "rrset_values": ["192.0.2.1"],
            }
            for i in range(count)
        ],
    )


def test_pages_carry_total_count_and_a_next_link_until_the_last(
    gandi_sandbox: GandiSandbox,
) -> None:
    seed_many(gandi_sandbox, "big.tld", 250)
    path = "/v5/livedns/domains/big.tld/records"
    first = get(gandi_sandbox, path, "Bearer test-token")
    assert len(first.json()) == 100
    assert first.headers["total-count"] == "250"
    assert first.headers["Link"] == f'<{gandi_sandbox.url}{path}?page=2&per_page=100>; rel="next"'
    names: list[str] = [r["rrset_name"] for r in first.json()]
    url = first.links["next"]["url"]
    pages = 1
    while url:
        assert pages < 3, "a Link past the last page"
        page = requests.get(url, headers={"Authorization": "Bearer test-token"}, timeout=10)
        assert page.headers["total-count"] == "250"
        names += [r["rrset_name"] for r in page.json()]
        url = page.links.get("next", {}).get("url")
        pages += 1
        if not url:
            assert "Link" not in page.headers
    assert pages == 3
    assert names == [f"h{i:04d}" for i in range(250)]


def test_a_single_page_has_no_link_and_past_the_end_is_empty(gandi_sandbox: GandiSandbox) -> None:
    seed_many(gandi_sandbox, "small.tld", 5)
    path = "/v5/livedns/domains/small.tld/records"
    only = get(gandi_sandbox, path, "Bearer test-token", params={"per_page": 5})
    assert len(only.json()) == 5
    assert "Link" not in only.headers
    beyond = get(gandi_sandbox, path, "Bearer test-token", params={"page": 3, "per_page": 5})
    assert beyond.json() == []
    assert beyond.headers["total-count"] == "5"


@pytest.mark.parametrize(
    ("params", "name", "description"),
    [
        ({"per_page": 501}, "per_page", "501 is greater than maximum value 500"),
        ({"per_page": 0}, "per_page", "0 is less than minimum value 1"),
        ({"page": 0}, "page", "0 is less than minimum value 1"),
        ({"page": "two"}, "page", '"two" is not a number'),
    ],
)
def test_bad_page_parameters_are_a_400(
    gandi_sandbox: GandiSandbox, params: dict[str, Any], name: str, description: str
) -> None:
    response = get(gandi_sandbox, f"{Z}/records", "Bearer test-token", params=params)
    assert response.status_code == 400
    assert response.json() == {
        "status": "error",
        "errors": [{"location": "querystring", "name": name, "description": description}],
    }


def test_500_per_page_is_accepted(gandi_sandbox: GandiSandbox) -> None:
    seed_many(gandi_sandbox, "big.tld", 501)
    response = get(
        gandi_sandbox, "/v5/livedns/domains/big.tld/records?per_page=500", "Bearer test-token"
    )
    assert len(response.json()) == 500
    assert "page=2&per_page=500" in response.headers["Link"]


def test_sharing_id_filters_collections_even_after_a_second_question_mark(
    gandi_sandbox: GandiSandbox,
) -> None:
    for i in range(3):
        gandi_sandbox.add_domain(f"org{i}.tld", organization="org-a", empty=True)
    gandi_sandbox.add_domain("b.tld", organization="org-b", empty=True)
    base = "/v5/livedns/domains"
    filtered = get(gandi_sandbox, f"{base}?sharing_id=org-a", "Bearer test-token").json()
    assert [d["fqdn"] for d in filtered] == ["org0.tld", "org1.tld", "org2.tld"]
    assert get(gandi_sandbox, f"{base}?sharing_id=nobody", "Bearer test-token").json() == []
    page2 = get(gandi_sandbox, f"{base}?page=2&per_page=2?sharing_id=org-a", "Bearer test-token")
    assert [d["fqdn"] for d in page2.json()] == ["org2.tld"]
    assert page2.headers["total-count"] == "3"
    page1 = get(gandi_sandbox, f"{base}?per_page=2&sharing_id=org-a", "Bearer test-token")
    assert page1.headers["Link"] == (
        f'<{gandi_sandbox.url}{base}?page=2&per_page=2&sharing_id=org-a>; rel="next"'
    )
    domains = get(gandi_sandbox, "/v5/domain/domains?sharing_id=org-b", "Bearer test-token").json()
    assert [d["fqdn"] for d in domains] == ["b.tld"]
    assert (
        get(gandi_sandbox, f"{Z}/records?sharing_id=org-b", "Bearer test-token").status_code == 200
    )


def test_links_use_the_host_the_client_called(gandi_sandbox: GandiSandbox) -> None:
    seed_many(gandi_sandbox, "big.tld", 3)
    port = gandi_sandbox.url.rsplit(":", 1)[1]
    response = requests.get(
        f"http://localhost:{port}/v5/livedns/domains/big.tld/records?per_page=1",
        headers={"Authorization": "Bearer test-token"},
        timeout=10,
    )
    assert response.links["next"]["url"].startswith(f"http://localhost:{port}/v5/")
    assert response.json()[0]["rrset_href"].startswith(f"http://localhost:{port}/v5/")


def test_names_are_listed_in_upper_case_order_like_gandi(gandi_sandbox: GandiSandbox) -> None:
    names = ["_acme-challenge", "www", "@", "docs", "Mail", "a", "_dmarc", "1st"]
    gandi_sandbox.add_domain(
        "order.tld",
        rrsets=[
            {"rrset_name": n, "rrset_type": t, "rrset_ttl": 300, "rrset_values": ["192.0.2.1"]}
            for n in names
            for t in ("A",)
        ]
        + [{"rrset_name": "@", "rrset_type": "AAAA", "rrset_ttl": 300, "rrset_values": ["::1"]}],
    )
    listed = get(gandi_sandbox, "/v5/livedns/domains/order.tld/records", "Bearer test-token").json()
    assert [(r["rrset_name"], r["rrset_type"]) for r in listed] == [
        ("1st", "A"),
        ("@", "A"),
        ("@", "AAAA"),
        ("a", "A"),
        ("docs", "A"),
        ("Mail", "A"),
        ("www", "A"),
        ("_acme-challenge", "A"),
        ("_dmarc", "A"),
    ]
