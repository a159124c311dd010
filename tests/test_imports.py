"""What importing dnsframe costs: a plugin's ``from dnsframe import hookimpl`` loads neither the
configuration language nor dnspython; ``from dnsframe import *`` brings the whole language."""

from __future__ import annotations

import subprocess
import sys

import dnsframe
from dnsframe import dsl


def _imported_by(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    # Lines are "import time: self [us] | cumulative | imported package", indented by depth.
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    assert modules, result.stderr
    return modules


def test_hookimpl_imports_neither_the_dsl_nor_dnspython() -> None:
    modules = _imported_by("from dnsframe import hookimpl")
    assert "dnsframe.hookspecs" in modules
    assert not {m for m in modules if m == "dnsframe.dsl" or m.startswith("dnsframe.dsl.")}
    assert not {m for m in modules if m == "dns" or m.startswith("dns.")}


def test_a_dsl_name_imports_the_dsl() -> None:
    modules = _imported_by("from dnsframe import MX")
    assert {"dnsframe.dsl.records", "dnsframe.rtypes"} <= modules


def test_star_import_brings_exactly_the_dsl() -> None:
    assert list(dnsframe.__all__) == list(dsl.__all__)
    scope: dict[str, object] = {}
    exec("from dnsframe import *", scope)
    assert {k for k in scope if k != "__builtins__"} == set(dsl.__all__)
    assert dnsframe.__version__


def test_the_provider_contract_imports_neither_the_dsl_nor_dnspython_nor_jsonschema() -> None:
    modules = _imported_by("from dnsframe.providers import Capabilities, Correction, ExistingZone")
    assert "dnsframe.providers.base" in modules
    heavy = {m for m in modules if m.split(".")[0] in {"dns", "jsonschema"}}
    assert heavy == set()
    assert not {m for m in modules if m.startswith("dnsframe.dsl")}
