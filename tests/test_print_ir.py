"""print-ir's output is valid against the JSON Schema shipped in the package."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dnsframe.ir import ir_schema
from tests.conftest import Run
from tests.test_dsl import HEADER

ROOT = Path(__file__).parent.parent


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(ir_schema())


def test_the_example_config_checks_and_its_ir_is_valid(run: Run, workdir: Path) -> None:
    shutil.copy(ROOT / "dnsconfig.example.py", workdir / "dnsconfig.example.py")
    checked = run("check", "--config", "dnsconfig.example.py")
    assert checked.exit_code == 0, checked.output
    result = run("print-ir", "--config", "dnsconfig.example.py")
    assert result.exit_code == 0, result.output
    ir = result.json()
    jsonschema.validate(ir, ir_schema())
    assert [d["name"] for d in ir["domains"]] == ["example.tld", "example-shop.tld"]
    assert {p["name"] for p in ir["dns_providers"]} == {"gandi", "gandi-org2"}


def test_ir_of_every_record_type_and_modifier_is_valid(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER
        + """
D("example.tld!tag", REG, DnsProvider(DSP, 1), NO_PURGE, AUTODNSSEC_ON, NAMESERVER("ns1"),
  NAMESERVER_TTL(600), IGNORE("x"), ENSURE_ABSENT_REC(A("gone", "192.0.2.9")), {"m": 1},
  A("@", "192.0.2.1"), AAAA("@", "2001:db8::1"), ALIAS("@", "lb"), CAA("@", "issue", "x"),
  CNAME("c", "@"), DNAME("d", "x."), DS("ds", 1, 13, 2, "ab" * 32), MX("@", 1, "mx"),
  LOC("@", 1, 2, 3, "N", 4, 5, 6, "E", 7, 8, 9, 10), NAPTR("n", 1, 2, "U", "s", "r", "."),
  NS("ns", "ns1."), PTR("p", "x."), RP("@", "a.", "b."), SRV("_s._tcp", 1, 2, 3, "t"),
  SSHFP("@", 1, 1, "ab" * 20), TLSA("_t", 3, 1, 1, "ab" * 32), TXT("t", ""))
D(REV("192.0.2.128/25"), REG, PTR("192.0.2.130", "x."))
""",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    jsonschema.validate(result.json(), ir_schema())


def test_the_schema_rejects_what_it_should() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"registrars": [], "dns_providers": [], "domains": [{"name": "x"}]}, ir_schema()
        )


def test_the_schema_wants_dnscontrol_field_names() -> None:
    record = {
        "name": "@", "fqdn": "example.tld", "type": "MX", "ttl": 300,
        "content": "10 mail.example.tld.", "meta": {}, "source": None,
        "fields": {"mxpreference": 10, "target": "mail.example.tld."},
    }  # fmt: skip
    record_schema = {**ir_schema(), "$ref": "#/$defs/record"}
    for key in ("required", "properties", "additionalProperties", "type"):
        record_schema.pop(key, None)
    jsonschema.validate(record, record_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**record, "fields": {"preference": 10, "exchange": "mail.example.tld."}}, record_schema
        )
