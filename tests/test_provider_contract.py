"""The provider contract v2 is checked when a plugin registers: required methods, declared
capabilities against the optional protocols, near-miss method names."""

from __future__ import annotations

from typing import Any

import pytest

from dnsframe import hookimpl, plugins
from dnsframe.errors import PluginError
from dnsframe.providers import (
    Capabilities,
    DnsProvider,
    ExistingZone,
    ProviderRegistry,
    RecordAuditor,
    RecordNormalizer,
    Register,
    Registrar,
    ZoneLister,
)
from tests.conftest import Run


class Base:
    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name

    def get_zone(self, zone: str) -> ExistingZone:
        return ExistingZone()

    def get_nameservers(self, zone: str) -> list[str]:
        return []

    def get_zone_corrections(self, domain: Any, existing: Any, changes: Any) -> list[Any]:
        return []


class Misspelt(Base):
    def normalise_records(self, domain: Any, records: Any) -> Any:
        return records, []


class ListsUndeclared(Base):
    def list_zones(self) -> list[str]:
        return []


class OldContract:
    """A provider of the first contract."""

    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name

    def get_zone_records(self, zone: str) -> list[Any]:
        return []

    def get_nameservers(self, zone: str) -> list[str]:
        return []

    def get_zone_corrections(self, zone: str, changes: Any) -> list[Any]:
        return []


class OldSignature(Base):
    def get_zone_corrections(self, zone: str, changes: Any) -> list[Any]:  # type: ignore[override]
        return []


class CamelCase(Base):
    def listZones(self) -> list[str]:
        return []


class Helpers(Base):
    """Methods whose names are near the contract's, but which are helpers of its own: the
    contract methods they resemble are all there."""

    def get_zone_id(self, zone: str) -> str:
        return zone

    def get_zones(self) -> list[str]:
        return []

    def set_zone(self, zone: str) -> None:
        pass

    def list_records(self, zone: str) -> list[Any]:
        return []

    def zone_corrections(self) -> None:
        pass

    def set_nameservers(self, names: list[str]) -> None:
        pass


class Complete(Base):
    def list_zones(self) -> list[str]:
        return []

    def audit_records(self, domain: Any) -> list[Any]:
        return []

    def normalize_records(self, domain: Any, records: Any) -> Any:
        return records, []


def _register(cls: type, caps: Capabilities | None = None, kind: Any = "dns") -> None:
    Register(ProviderRegistry(), kind, "the_plugin", "dist-x", "1.2")("X", cls, capabilities=caps)


def test_a_complete_class_registers_and_its_protocols_are_found_by_isinstance() -> None:
    _register(Complete, Capabilities(list_zones=True))
    instance = Complete("k", {}, {})
    assert isinstance(instance, DnsProvider)
    assert isinstance(instance, ZoneLister)
    assert isinstance(instance, RecordAuditor)
    assert isinstance(instance, RecordNormalizer)
    assert not isinstance(Base("k", {}, {}), ZoneLister | RecordAuditor | RecordNormalizer)


@pytest.mark.parametrize(
    ("cls", "caps", "message"),
    [
        (
            Misspelt,
            None,
            r"Misspelt, which defines normalise_records\(\): did you mean normalize_records\(\)",
        ),
        (
            Base,
            Capabilities(list_zones=True),
            r"declare list_zones=True, but it has no list_zones\(\)",
        ),
        (ListsUndeclared, None, r"implements list_zones\(\) but its capabilities do not declare"),
        (
            OldContract,
            None,
            r"get_zone_records\(\), a method of the first provider contract; contract v2 calls get_zone\(\)",
        ),
        (object, None, r"lacks get_zone\(\), get_nameservers\(\), get_zone_corrections\(\)"),
        (OldSignature, None, r"get_zone_corrections\(\) does not take the 3 argument\(s\)"),
        (CamelCase, None, r"defines listZones\(\): did you mean list_zones\(\)"),
    ],
)
def test_a_class_that_breaks_the_contract_is_refused_naming_plugin_and_class(
    cls: type, caps: Capabilities | None, message: str
) -> None:
    with pytest.raises(PluginError, match=message) as info:
        _register(cls, caps)
    assert str(info.value).startswith("plugin dist-x registers X with the class ")


def test_helpers_named_like_contract_methods_are_accepted_when_the_real_ones_are_there() -> None:
    _register(Helpers)
    assert isinstance(Helpers("k", {}, {}), DnsProvider)


def test_a_registrar_needs_only_its_own_method() -> None:
    class Reg:
        def __init__(self, name: str, settings: Any, metadata: Any) -> None:
            pass

        def get_registrar_corrections(self, domain: Any, nameservers: Any) -> list[Any]:
            return []

    _register(Reg, kind="registrar")
    assert isinstance(Reg("k", {}, {}), Registrar)
    with pytest.raises(PluginError, match=r"lacks get_registrar_corrections\(\)"):
        _register(Base, kind="registrar")


class _MisspeltPlugin:
    @hookimpl
    def register_dns_providers(self, register: Register) -> None:
        register("MISSPELT", Misspelt)


def test_the_command_refuses_a_plugin_with_a_misspelt_optional_method(run: Run) -> None:
    plugins.get_plugin_manager().register(_MisspeltPlugin(), name="misspelt-plugin")
    result = run("providers")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ERROR: plugin misspelt-plugin registers MISSPELT with the class "
        "tests.test_provider_contract.Misspelt, which defines normalise_records(): "
        "did you mean normalize_records()?"
    )
    assert "Traceback" not in result.stderr


def test_plugins_convert_zone_file_data_through_dnsframe_providers_alone() -> None:
    from dnsframe.providers import content_from_zone_file, content_to_zone_file

    assert content_from_zone_file("MX", "10 Mail", "example.tld") == "10 mail.example.tld."
    assert content_from_zone_file("TXT", '"a" "b"', "example.tld") == "ab"
    assert content_to_zone_file("TXT", "x" * 300) == f'"{"x" * 255}" "{"x" * 45}"'
    with pytest.raises(ValueError, match="not valid"):
        content_from_zone_file("A", "192.0.2.300", "example.tld")
