"""The record type registry: every type has its DSL function, its IR fields in the schema, and
a get-zones rendering that declares the same record again."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from dnsframe import dsl, rdata
from dnsframe.ignore import target_of
from dnsframe.ir import ir_schema
from dnsframe.model import Record
from dnsframe.names import py_literal
from dnsframe.render import record_call
from dnsframe.rtypes import TYPES, RecordType
from tests.conftest import Run
from tests.test_dsl import HEADER

ALL = sorted(TYPES)


def _call(rtype: RecordType, name: str) -> str:
    return f"{rtype.name}({', '.join(py_literal(a) for a in (name, *rtype.example))})"


def _records(run: Run, write: Any, calls: list[str]) -> dict[str, dict[str, Any]]:
    write(
        "dnsconfig.py",
        HEADER + 'D("example.tld", REG, DnsProvider(DSP),\n' + ",\n".join(calls) + ")\n",
    )
    result = run("print-ir")
    assert result.exit_code == 0, result.output
    ir = result.json()
    jsonschema.validate(ir, ir_schema())
    return {r["type"]: r for r in ir["domains"][0]["records"]}


def test_the_schema_lists_exactly_the_registered_types() -> None:
    schema = ir_schema()
    assert sorted(schema["$defs"]["record"]["properties"]["type"]["enum"]) == ALL
    assert sorted(schema["$defs"]["fields"]["$defs"]) == ALL
    assert frozenset(ALL) == rdata.SUPPORTED_TYPES


@pytest.mark.parametrize("name", ALL)
def test_every_type_has_its_dsl_function(name: str) -> None:
    rtype = TYPES[name]
    assert name in dsl.__all__
    function = getattr(dsl, name)
    assert function.__name__ == name
    assert function.__doc__ == rtype.doc
    assert rtype.doc.startswith(f"``{name}(name, ")
    assert rtype.example, "an example record, for the docs and these tests"
    assert len(rtype.example) == len(rtype.params)


def test_every_type_round_trips_through_get_zones_and_its_fields_are_in_the_schema(
    run: Run, write: Any
) -> None:
    declared = _records(run, write, [_call(TYPES[name], name.lower()) for name in ALL])
    assert sorted(declared) == ALL
    fields_schema = ir_schema()["$defs"]["fields"]["$defs"]
    calls = []
    for name, ir in declared.items():
        jsonschema.validate(ir["fields"], fields_schema[name])
        assert ir["fields"] == rdata.fields(name, ir["content"])
        assert list(ir["fields"]) == list(fields_schema[name]["required"])
        record = Record(ir["name"], name, ir["content"], ir["ttl"])
        assert isinstance(target_of(record), str)
        calls.append(record_call(record, ir["ttl"]))
    again = _records(run, write, calls)
    assert {t: r["content"] for t, r in again.items()} == {
        t: r["content"] for t, r in declared.items()
    }


def test_no_field_has_a_dnspython_slot_name(run: Run, write: Any) -> None:
    slots = {
        "preference", "exchange", "priority", "weight", "port", "flags", "tag", "value",
        "key_tag", "algorithm", "digest_type", "digest", "fp_type", "fingerprint", "usage",
        "selector", "mtype", "cert", "order", "service", "regexp", "replacement", "latitude",
        "longitude", "address", "strings",
    }  # fmt: skip
    for name in ALL:
        fields = TYPES[name].fields(rdata.canonical(name, _presentation(name), "example.tld"))
        assert not slots & set(fields), name


def _presentation(name: str) -> str:
    rtype = TYPES[name]
    return rtype.parse(rtype.example, frozenset())


def test_the_loc_fields_are_degrees_and_metres() -> None:
    content = rdata.canonical("LOC", "52 22 23.500 N 4 53 32.000 W -2.50m 1.00m 10.00m 2.00m", ".")
    assert rdata.fields("LOC", content) == {
        "deg1": 52, "min1": 22, "sec1": 23.5, "ns": "N", "deg2": 4, "min2": 53, "sec2": 32.0,
        "ew": "W", "altitude": -2.5, "size": 1.0, "horizontal_precision": 10.0,
        "vertical_precision": 2.0,
    }  # fmt: skip


def test_caa_fields_and_the_critical_flag() -> None:
    content = rdata.canonical("CAA", '128 issue "ca.example"', ".")
    assert rdata.fields("CAA", content) == {
        "caaflag": 128,
        "caatag": "issue",
        "target": "ca.example",
    }
    assert record_call(Record("@", "CAA", content, 300), 300) == (
        'CAA("@", "issue", "ca.example", CAA_CRITICAL)'
    )
