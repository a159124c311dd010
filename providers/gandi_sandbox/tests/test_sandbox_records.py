"""LiveDNS records in the sandbox: every level of the records API and Gandi's rules for them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from gandi_sandbox import GandiSandbox

Z = "/v5/livedns/domains/example.tld"
NOT_FOUND = {
    "code": 404,
    "message": "The resource could not be found.",
    "object": "HTTPNotFound",
    "cause": "Not Found",
}


def rr(name: str, rtype: str, values: list[str], ttl: int = 3600) -> dict[str, Any]:
    return {"rrset_name": name, "rrset_type": rtype, "rrset_ttl": ttl, "rrset_values": values}


def stored(sandbox: GandiSandbox) -> dict[tuple[str, str], tuple[int, list[str]]]:
    return {
        (r["rrset_name"], r["rrset_type"]): (r["rrset_ttl"], r["rrset_values"])
        for r in sandbox.records("example.tld")
    }


def errors_of(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["status"] == "error"
    return list(body["errors"])


def test_post_creates_an_rrset_and_a_second_post_conflicts(gandi_api: Any) -> None:
    created = gandi_api.post(
        f"{Z}/records/www/A", json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 3600}
    )
    assert created.status_code == 201
    assert created.content == b'{"message":"DNS Record Created"}'
    assert created.headers["Content-Type"] == "application/json; charset=utf-8"
    assert created.headers["location"] == f"{gandi_api.sandbox.url}{Z}/records/www/A"
    again = gandi_api.post(f"{Z}/records/WWW/A", json={"rrset_values": ["192.0.2.2"]})
    assert again.status_code == 409
    assert again.json()["message"] == "This record already exists"
    assert again.headers["Content-Type"] == "application/json"
    assert stored(gandi_api.sandbox) == {("www", "A"): (3600, ["192.0.2.1"])}


def test_get_of_one_rrset_has_gandis_shape_and_href(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/www/TXT", json={"rrset_values": ["hello"], "rrset_ttl": 600})
    got = gandi_api.get(f"{Z}/records/www/TXT")
    assert got.status_code == 200
    href = f"{gandi_api.sandbox.url}{Z}/records/www/TXT"
    assert got.text == (
        '{"rrset_type":"TXT","rrset_ttl":600,"rrset_name":"www",'
        f'"rrset_href":"{href}","rrset_values":["\\"hello\\""]}}'
    )


def test_put_upserts_and_ignores_name_and_type_in_the_body(gandi_api: Any) -> None:
    first = gandi_api.put(f"{Z}/records/orig/TXT", json={"rrset_values": ["a"], "rrset_ttl": 300})
    assert first.status_code == 201
    second = gandi_api.put(
        f"{Z}/records/orig/TXT",
        json={
            "rrset_name": "other",
            "rrset_type": "A",
            "rrset_values": ["b", "c"],
            "rrset_ttl": 300,
        },
    )
    assert second.status_code == 201
    assert second.headers["location"].endswith(f"{Z}/records/orig/TXT")
    assert stored(gandi_api.sandbox) == {("orig", "TXT"): (300, ['"b"', '"c"'])}


def test_put_without_ttl_resets_it_to_10800(gandi_api: Any) -> None:
    gandi_api.put(f"{Z}/records/t/A", json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 600})
    gandi_api.put(f"{Z}/records/t/A", json={"rrset_values": ["192.0.2.2"]})
    assert stored(gandi_api.sandbox)[("t", "A")] == (10800, ["192.0.2.2"])


@pytest.mark.parametrize(
    ("ttl", "description"),
    [
        (60, "60 is less than minimum value 300"),
        (299, "299 is less than minimum value 300"),
        (2592001, "2592001 is greater than maximum value 2592000"),
        ("soon", '"soon" is not a number'),
    ],
)
def test_ttl_outside_300_to_2592000_is_the_documented_400(
    gandi_api: Any, ttl: Any, description: str
) -> None:
    response = gandi_api.post(f"{Z}/records", json=rr("t", "A", ["192.0.2.1"], ttl))
    assert response.headers["Content-Type"] == "application/json"
    assert errors_of(response) == [
        {"location": "body", "name": "rrset_ttl", "description": description}
    ]
    assert response.text.startswith('{"status": "error", "errors": [{"location": "body", ')


def test_ttl_bounds_themselves_are_accepted(gandi_api: Any) -> None:
    assert gandi_api.post(f"{Z}/records", json=rr("lo", "A", ["192.0.2.1"], 300)).status_code == 201
    assert (
        gandi_api.post(f"{Z}/records", json=rr("hi", "A", ["192.0.2.1"], 2592000)).status_code
        == 201
    )


def test_bare_txt_and_spf_values_are_quoted_and_quoted_ones_kept(gandi_api: Any) -> None:
    gandi_api.post(
        f"{Z}/records",
        json=rr("t", "TXT", ["v=spf1 -all", '"kept"', '"part1" "part2"', 'say "hi"']),
    )
    gandi_api.post(f"{Z}/records", json=rr("s", "SPF", ["v=spf1 -all"]))
    got = stored(gandi_api.sandbox)
    assert got[("t", "TXT")][1] == ['"v=spf1 -all"', '"kept"', '"part1" "part2"', '"say \\"hi\\""']
    assert got[("s", "SPF")][1] == ['"v=spf1 -all"']


def test_a_long_bare_txt_comes_back_in_255_byte_chunks(gandi_api: Any) -> None:
    text = "a" * 301 + "é" * 200
    gandi_api.post(f"{Z}/records", json=rr("long", "TXT", [text]))
    [value] = stored(gandi_api.sandbox)[("long", "TXT")][1]
    chunks = [c.strip('"') for c in value.split('" "')]
    assert "".join(chunks) == text
    assert [len(c.encode()) for c in chunks] == [255, 254, 192]


def test_hostnames_in_values_are_stored_verbatim(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records", json=rr("docs", "CNAME", ["docs.example.com"]))
    gandi_api.post(f"{Z}/records", json=rr("@", "MX", ["10 mail.example.tld.", "20 mx2"]))
    got = stored(gandi_api.sandbox)
    assert got[("docs", "CNAME")][1] == ["docs.example.com"]
    assert got[("@", "MX")][1] == ["10 mail.example.tld.", "20 mx2"]


@pytest.mark.parametrize(
    ("rtype", "value", "problem"),
    [
        ("A", "toto", "must be an IP address"),
        ("A", "2001:db8::1", "must be an IP address"),
        ("AAAA", "192.0.2.1", "must be an IPv6 address"),
        ("CNAME", "6.2.3.4.", "invalid hostname"),
        ("NS", "bad_host!.example.", "invalid hostname"),
        ("MX", "mail.example.tld.", "must be '<priority> <hostname>'"),
        ("MX", "70000 mail.example.tld.", "must be '<priority> <hostname>'"),
        ("SRV", "0 1 mail.example.tld.", "must be '<priority> <weight> <port> <target>'"),
        ("CAA", "0 issue", "must be '<flags> <tag> <value>'"),
        ("SSHFP", "1 1 xyz", "must be '<algorithm> <type> <fingerprint>'"),
        ("TLSA", "3 1 1", "must be four fields, the last one in hexadecimal"),
        ("DS", "2371 13 2 zz", "must be four fields, the last one in hexadecimal"),
    ],
)
def test_values_are_checked_per_type(gandi_api: Any, rtype: str, value: str, problem: str) -> None:
    response = gandi_api.post(
        f"{Z}/records/v/{rtype}", json={"rrset_values": [value], "rrset_ttl": 3600}
    )
    param = {"rrset_type": rtype, "rrset_ttl": 3600, "rrset_name": "v", "rrset_values": [value]}
    assert errors_of(response) == [
        {
            "location": "body",
            "name": "rrset_values",
            "description": f"{value!r}: {problem} (param: {param!r})",
        }
    ]
    assert stored(gandi_api.sandbox) == {}


def test_every_bad_value_is_reported_at_once(gandi_api: Any) -> None:
    response = gandi_api.put(
        f"{Z}/records",
        json={"items": [rr("sub", "NS", ["6.2.3.4.", "7.2.3.4."]), rr("ok", "A", ["192.0.2.1"])]},
    )
    param = "{'rrset_type': 'NS', 'rrset_ttl': 3600, 'rrset_name': 'sub', 'rrset_values': ['6.2.3.4.', '7.2.3.4.']}"
    assert errors_of(response) == [
        {
            "location": "body",
            "name": "items",
            "description": f"'6.2.3.4.': invalid hostname (param: {param})",
        },
        {
            "location": "body",
            "name": "items",
            "description": f"'7.2.3.4.': invalid hostname (param: {param})",
        },
    ]


@pytest.mark.parametrize("value", ["0 .", "10 mail.example.tld."])
def test_null_mx_and_ordinary_mx_are_accepted(gandi_api: Any, value: str) -> None:
    assert gandi_api.post(f"{Z}/records", json=rr("@", "MX", [value])).status_code == 201


def test_null_srv_target_and_caa_sshfp_tlsa_are_accepted(gandi_api: Any) -> None:
    items = [
        rr("_imap._tcp", "SRV", ["0 0 0 ."]),
        rr("@", "CAA", ['0 issue "letsencrypt.org"']),
        rr("ssh", "SSHFP", ["1 1 " + "ab" * 20]),
        rr("_443._tcp", "TLSA", ["3 1 1 " + "cd" * 32]),
    ]
    assert gandi_api.put(f"{Z}/records", json={"items": items}).status_code == 201
    assert len(gandi_api.sandbox.records("example.tld")) == 4


def test_alias_is_allowed_only_at_the_apex(gandi_api: Any) -> None:
    assert (
        gandi_api.post(
            f"{Z}/records/@/ALIAS", json={"rrset_values": ["lb.example.net."]}
        ).status_code
        == 201
    )
    response = gandi_api.post(
        f"{Z}/records/cdn/ALIAS", json={"rrset_values": ["edge.example.net."]}
    )
    param = {
        "rrset_type": "ALIAS",
        "rrset_ttl": 10800,
        "rrset_name": "cdn",
        "rrset_values": ["edge.example.net."],
    }
    assert errors_of(response) == [
        {
            "location": "body",
            "name": "rrset_name",
            "description": f"only '@' is allowed for ALIAS records (param: {param!r})",
        }
    ]


def test_cname_is_never_at_the_apex_and_stands_alone_at_its_name(gandi_api: Any) -> None:
    apex = gandi_api.post(f"{Z}/records/@/CNAME", json={"rrset_values": ["x.example.net."]})
    assert "can't use '@' for CNAME records" in errors_of(apex)[0]["description"]
    gandi_api.post(f"{Z}/records/www/A", json={"rrset_values": ["192.0.2.1"]})
    beside = gandi_api.post(f"{Z}/records/WWW/CNAME", json={"rrset_values": ["x.example.net."]})
    assert "a CNAME record cannot coexist with other records" in errors_of(beside)[0]["description"]
    gandi_api.post(f"{Z}/records/alias/CNAME", json={"rrset_values": ["x.example.net."]})
    txt = gandi_api.put(f"{Z}/records/alias/TXT", json={"rrset_values": ["x"]})
    assert "cannot coexist" in errors_of(txt)[0]["description"]
    two = gandi_api.put(
        f"{Z}/records/c2/CNAME", json={"rrset_values": ["a.example.", "b.example."]}
    )
    assert "only one value is allowed for CNAME records" in errors_of(two)[0]["description"]
    assert set(stored(gandi_api.sandbox)) == {("www", "A"), ("alias", "CNAME")}


def test_names_keep_their_case_and_lookups_ignore_it(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/DemoV3/A", json={"rrset_values": ["192.0.2.1"]})
    got = gandi_api.get(f"{Z}/records/demov3/A")
    assert got.status_code == 200
    assert got.json()["rrset_name"] == "DemoV3"
    assert got.json()["rrset_href"].endswith("/records/DemoV3/A")
    assert [r["rrset_name"] for r in gandi_api.get(f"{Z}/records/DEMOV3").json()] == ["DemoV3"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/records/demov3/A", {"rrset_values": ["192.0.2.9"], "rrset_ttl": 300}),
        ("DELETE", "/records/demov3/A", None),
        ("PUT", "/records/demov3", {"items": [{"rrset_type": "A", "rrset_values": ["192.0.2.9"]}]}),
        ("DELETE", "/records/demov3", None),
    ],
)
def test_changing_a_name_in_another_case_than_stored_is_a_500(
    gandi_api: Any, method: str, path: str, body: Any
) -> None:
    gandi_api.post(f"{Z}/records/demoV3/A", json={"rrset_values": ["192.0.2.1"], "rrset_ttl": 300})
    response = gandi_api.request(method, Z + path, json=body)
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "code": 500,
        "message": "The server has either erred or is incapable of performing the requested operation.",
        "object": "HTTPInternalServerError",
        "cause": "Internal Server Error",
    }
    assert stored(gandi_api.sandbox) == {("demoV3", "A"): (300, ["192.0.2.1"])}
    same_case = gandi_api.request(method, Z + path.replace("demov3", "demoV3"), json=body)
    assert same_case.status_code in (201, 204)


def test_the_apex_is_percent_40_in_hrefs_and_both_spellings_work_in_paths(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/%40/A", json={"rrset_values": ["192.0.2.1"]})
    got = gandi_api.get(f"{Z}/records/@/A").json()
    assert got["rrset_name"] == "@"
    assert got["rrset_href"] == f"{gandi_api.sandbox.url}{Z}/records/%40/A"
    assert gandi_api.delete(f"{Z}/records/%40/A").status_code == 204


def test_absolute_names_are_made_relative_or_rejected_outside_the_zone(gandi_api: Any) -> None:
    assert (
        gandi_api.post(f"{Z}/records", json=rr("www.example.tld.", "A", ["192.0.2.1"])).status_code
        == 201
    )
    assert (
        gandi_api.post(f"{Z}/records", json=rr("example.tld.", "A", ["192.0.2.2"])).status_code
        == 201
    )
    assert set(stored(gandi_api.sandbox)) == {("www", "A"), ("@", "A")}
    outside = gandi_api.post(f"{Z}/records", json=rr("www.example.org.", "A", ["192.0.2.1"]))
    assert outside.status_code == 400
    assert outside.json() == {
        "code": 400,
        "message": "Absolute rrset_name must end with example.tld.",
        "object": "HTTPBadRequest",
        "cause": "Bad Request",
    }
    assert gandi_api.get(f"{Z}/records/www.example.tld./A").json()["rrset_name"] == "www"


def test_a_missing_rrset_is_404_dns_record(gandi_api: Any) -> None:
    got = gandi_api.get(f"{Z}/records/nothing/TXT")
    assert got.status_code == 404
    assert got.text == (
        '{"code": 404, "message": "Can\'t find the DNS record nothing/TXT in the zone", '
        '"object": "dns-record", "cause": "Not Found"}'
    )
    assert gandi_api.delete(f"{Z}/records/nothing/TXT").status_code == 404
    assert gandi_api.delete(f"{Z}/records/nothing").json()["object"] == "dns-record"


def test_delete_answers_204_without_body_or_content_type(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/x/A", json={"rrset_values": ["192.0.2.1"]})
    deleted = gandi_api.delete(f"{Z}/records/x/A")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert "Content-Type" not in deleted.headers
    assert gandi_api.get(f"{Z}/records/x/A").status_code == 404


def test_one_name_get_put_post_and_delete(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/www/A", json={"rrset_values": ["192.0.2.1"]})
    gandi_api.post(f"{Z}/records/www/TXT", json={"rrset_values": ["keep?"]})
    listed = gandi_api.get(f"{Z}/records/www").json()
    assert [r["rrset_type"] for r in listed] == ["A", "TXT"]
    replaced = gandi_api.put(
        f"{Z}/records/www",
        json={"items": [{"rrset_type": "AAAA", "rrset_values": ["2001:db8::1"], "rrset_ttl": 300}]},
    )
    assert replaced.status_code == 201
    assert stored(gandi_api.sandbox) == {("www", "AAAA"): (300, ["2001:db8::1"])}
    posted = gandi_api.post(
        f"{Z}/records/www", json={"rrset_type": "MX", "rrset_values": ["10 mx."]}
    )
    assert posted.status_code == 201
    assert gandi_api.delete(f"{Z}/records/www").status_code == 204
    assert stored(gandi_api.sandbox) == {}
    assert gandi_api.get(f"{Z}/records/www").json() == []


def test_post_to_the_collection_creates_and_answers_its_location(gandi_api: Any) -> None:
    created = gandi_api.post(f"{Z}/records", json=rr("@", "A", ["192.0.2.1"], 300))
    assert created.status_code == 201
    assert created.headers["location"] == f"{gandi_api.sandbox.url}{Z}/records/%40/A"
    missing = gandi_api.post(f"{Z}/records", json={"rrset_name": "x", "rrset_type": "A"})
    assert errors_of(missing) == [
        {"location": "body", "name": "rrset_values", "description": "Required"}
    ]


def test_the_whole_zone_put_replaces_everything_and_delete_empties_it(gandi_api: Any) -> None:
    gandi_api.post(f"{Z}/records/old/A", json={"rrset_values": ["192.0.2.1"]})
    items = [
        rr("new", "A", ["192.0.2.2"], 300),
        rr("new", "A", ["192.0.2.3"], 300),
        rr("txt", "TXT", ["hello"], 600),
    ]
    assert gandi_api.put(f"{Z}/records", json={"items": items}).status_code == 201
    assert stored(gandi_api.sandbox) == {
        ("new", "A"): (300, ["192.0.2.2", "192.0.2.3"]),
        ("txt", "TXT"): (600, ['"hello"']),
    }
    bad = gandi_api.put(f"{Z}/records", json={"items": [rr("x", "A", ["192.0.2.1"], 5)]})
    assert errors_of(bad) == [
        {
            "location": "body",
            "name": "items.0.rrset_ttl",
            "description": "5 is less than minimum value 300",
        }
    ]
    assert gandi_api.delete(f"{Z}/records").status_code == 204
    assert stored(gandi_api.sandbox) == {}


def test_the_whole_zone_put_keeps_gandis_apex_nameservers_and_each_names_case(
    gandi_api: Any,
) -> None:
    """Gandi's own apex NS are not records (no listing shows them), so a whole-zone PUT, which
    replaces what the listing shows, leaves them alone [unverified]; an NS rrset at @ that a
    client sends is stored like any other rrset."""
    nameservers = gandi_api.get(f"{Z}/nameservers").json()
    gandi_api.post(f"{Z}/records/Mail/A", json={"rrset_values": ["192.0.2.1"]})
    items = [
        rr("Mail", "A", ["192.0.2.2"], 300),
        rr("@", "NS", ["ns1.example.net."], 300),
        rr("@", "SPF", ['"v=spf1 -all"'], 300),
    ]
    assert gandi_api.put(f"{Z}/records", json={"items": items}).status_code == 201
    assert stored(gandi_api.sandbox) == {
        ("@", "NS"): (300, ["ns1.example.net."]),
        ("@", "SPF"): (300, ['"v=spf1 -all"']),
        ("Mail", "A"): (300, ["192.0.2.2"]),
    }
    assert gandi_api.get(f"{Z}/nameservers").json() == nameservers
    # Without the NS rrset in the next whole-zone PUT, it is gone; Gandi's set is still there.
    assert gandi_api.put(f"{Z}/records", json={"items": items[:1]}).status_code == 201
    assert stored(gandi_api.sandbox) == {("Mail", "A"): (300, ["192.0.2.2"])}
    assert gandi_api.get(f"{Z}/nameservers").json() == nameservers


def test_a_zone_file_comes_with_accept_text_plain(gandi_api: Any) -> None:
    gandi_api.post(
        f"{Z}/records/www/A", json={"rrset_values": ["192.0.2.1", "192.0.2.2"], "rrset_ttl": 300}
    )
    text = gandi_api.get(f"{Z}/records", headers={"Accept": "text/plain"})
    assert text.headers["Content-Type"].startswith("text/plain")
    assert text.text == "www 300 IN A 192.0.2.1\nwww 300 IN A 192.0.2.2\n"


@pytest.mark.parametrize("rtype", ["HTTPS", "SOA", "svcb"])
def test_types_gandi_lacks_are_refused(gandi_api: Any, rtype: str) -> None:
    response = gandi_api.post(f"{Z}/records", json=rr("x", rtype, ["1 . alpn=h2"]))
    [error] = errors_of(response)
    assert error["name"] == "rrset_type"
    assert error["description"].startswith(f'"{rtype}" is not one of A, AAAA, ALIAS, CAA')


def test_rrtypes_lists_the_supported_types(gandi_api: Any) -> None:
    types = gandi_api.get("/v5/livedns/dns/rrtypes").json()
    assert "ALIAS" in types
    assert "TXT" in types
    assert "HTTPS" not in types
    assert len(types) == 22


def test_invalid_json_is_a_400(gandi_api: Any) -> None:
    response = gandi_api.post(
        f"{Z}/records", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert errors_of(response)[0]["location"] == "body"


def test_unknown_zone_is_404_for_records(gandi_api: Any) -> None:
    response = gandi_api.get("/v5/livedns/domains/nowhere.tld/records")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert json.loads(response.text) == NOT_FOUND
