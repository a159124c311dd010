"""The plugin contract: hook specs documented and tested, built-ins through the same hooks."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pluggy
import pytest

from dnsframe import hookspecs, plugins
from dnsframe.errors import PluginError
from dnsframe.providers import Capabilities, ProviderRegistry, Register
from tests.conftest import Run

TESTS = Path(__file__).parent


def test_every_hook_is_documented_and_tested() -> None:
    pm = plugins.get_plugin_manager()
    test_sources = "\n".join(
        p.read_text() for p in TESTS.rglob("*.py") if p.name != Path(__file__).name
    )
    hooks = [name for name in dir(pm.hook) if not name.startswith("_")]
    assert hooks, "no hooks found"
    for name in hooks:
        spec = getattr(hookspecs, name)
        doc = inspect.getdoc(spec) or ""
        assert len(doc) > 80, f"hook {name} needs a docstring that says when, what and what to do"
        assert "Called" in doc, f"hook {name}: say when it is called"
        assert name in test_sources, f"hook {name} is not used by any test"


def test_builtins_register_through_the_same_hooks() -> None:
    pm = plugins.get_plugin_manager()
    names = [impl.plugin_name for impl in pm.hook.register_dns_providers.get_hookimpls()]
    assert "dnsframe.providers.none" in names
    registry = plugins.get_registry()
    none = registry.get("dns", "NONE")
    assert none is not None
    assert none.plugin == "dnsframe.providers.none"
    assert none.distribution is None
    assert registry.get("registrar", "NONE") is not None


def test_providers_command_lists_types_with_origin_and_capabilities(
    run: Run, fake_plugin: Any
) -> None:
    result = run("providers", "--json")
    assert result.exit_code == 0, result.output
    rows = {(r["type"], r["role"]): r for r in result.json()}
    assert rows[("FAKE", "dns")]["capabilities"]["list_zones"] is True
    assert rows[("FAKE", "dns")]["creds_fields"] == [
        "fail",
        "fail_push",
        "mode",
        "timeout",
        "token",
        "zones",
    ]
    assert rows[("NONE", "registrar")]["plugin"] == "dnsframe.providers.none"
    text = run("providers").stdout
    assert "FAKE (DNS provider)\n  from: tests.fakeplugin\n" in text
    assert "NONE (registrar)\n  from: built in\n" in text


class _Minimal:
    """The least a DNS provider class must have."""

    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        pass

    def get_zone(self, zone: str) -> Any:
        return None

    def get_nameservers(self, zone: str) -> list[str]:
        return []

    def get_zone_corrections(self, domain: Any, existing: Any, changes: Any) -> list[Any]:
        return []


def test_two_registrations_of_one_type_name_both_origins() -> None:
    registry = ProviderRegistry()
    Register(registry, "dns", "first_plugin", "dist-one", "1.0")("DUP", _Minimal)
    with pytest.raises(PluginError, match=r"DUP: dist-one 1.0 and dist-two 2.0"):
        Register(registry, "dns", "second_plugin", "dist-two", "2.0")("DUP", _Minimal)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("lower", object), {}, "type names are upper case"),
        (("OK", "not a class"), {}, "not a class"),
        (("OK", _Minimal), {"creds_schema": {"properties": []}}, "invalid creds schema"),
    ],
)
def test_register_checks_what_plugins_hand_it(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(PluginError, match=message):
        Register(ProviderRegistry(), "dns", "p", "dist-p", "1")(*args, **kwargs)


class _BadSchema:
    @hookspecs.hookimpl
    def register_dns_providers(self, register: Register) -> None:
        register("BADSCHEMA", _Minimal, creds_schema={"type": "nonsense"})


def test_an_invalid_creds_schema_is_named_where_it_is_first_used(run: Run, write: Any) -> None:
    plugins.get_plugin_manager().register(_BadSchema(), name="bad-schema-plugin")
    result = run("providers")
    assert result.exit_code == 1
    assert "plugin bad-schema-plugin registers BADSCHEMA with an invalid creds schema" in (
        result.stderr
    )
    write("creds.json", '{"b": {"TYPE": "BADSCHEMA"}}')
    write(
        "dnsconfig.py",
        'D("x.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("b", "BADSCHEMA")))\n',
    )
    result = run("preview")
    assert result.exit_code == 1
    assert "invalid creds schema" in result.stderr
    assert "Traceback" not in result.stderr


class _Misspelt:
    @hookspecs.hookimpl
    def register_dns_provider(self, register: Register) -> None:  # missing "s"
        pass


def test_a_misspelt_hookimpl_is_an_error(run: Run) -> None:
    pm = plugins.get_plugin_manager()
    pm.register(_Misspelt(), name="misspelt")
    with pytest.raises(PluginError, match="register_dns_provider"):
        plugins._check_pending(pm)


class _Crashing:
    @hookspecs.hookimpl
    def register_dns_providers(self, register: Register) -> None:
        raise KeyError("oops")


def test_a_plugin_that_crashes_while_registering_is_named(run: Run) -> None:
    plugins.get_plugin_manager().register(_Crashing(), name="crashing-plugin")
    result = run("providers")
    assert result.exit_code == 1
    assert (
        "ERROR: the plugin crashing-plugin failed while registering its providers: KeyError"
        in result.stderr
    )


def test_capabilities_default_to_the_basic_types() -> None:
    caps = Capabilities()
    assert caps.record_types == {"A", "AAAA", "CNAME", "MX", "NS", "TXT"}
    assert caps.as_dict()["list_zones"] is False


def test_pluggy_marker_project_name() -> None:
    assert isinstance(hookspecs.hookimpl, pluggy.HookimplMarker)
    assert hookspecs.hookimpl.project_name == "dnsframe"


def test_python_m_dnsframe_and_the_console_script(tmp_path: Path) -> None:
    version = subprocess.run(
        [sys.executable, "-m", "dnsframe", "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0
    assert version.stdout.strip() == "dnsframe, version 0.1.0"
    script = Path(sys.executable).parent / "dnsframe"
    missing = subprocess.run(
        [str(script), "check"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert missing.returncode == 1
    assert missing.stderr.startswith("ERROR: dnsconfig.py: no such file")


def test_version_lists_a_plugin_registered_without_a_distribution(
    run: Run, fake_plugin: Any
) -> None:
    result = run("version")
    assert result.exit_code == 0, result.output
    assert "tests.fakeplugin (not from an installed distribution): FAKE" in result.stdout
