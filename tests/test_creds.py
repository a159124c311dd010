"""creds.json through the dnsframe command: $VAR, schema errors, redaction, several instances."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dnsframe.creds import Creds
from dnsframe.evaluate import load_config
from dnsframe.instances import Providers
from dnsframe.plugins import get_registry
from tests.conftest import Run

CANARY = "canary-5ecr3t-f00d"


def write_creds(workdir: Path, entries: dict[str, Any], mode: int = 0o600) -> None:
    (workdir / "creds.json").write_text(json.dumps(entries), encoding="utf-8")
    (workdir / "creds.json").chmod(mode)


def test_env_var_values_are_read_from_the_environment(
    run: Run, workdir: Path, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_creds(
        workdir, {"fake": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "zones": ["a.tld", "b.tld"]}}
    )
    monkeypatch.setenv("FAKE_TOKEN", CANARY)
    result = run("check-creds", "fake")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        'creds.json "fake": TYPE FAKE: settings are valid.',
        "2 zone(s):",
        "  a.tld",
        "  b.tld",
        "a.tld: read 0 record(s): the credentials can read records. Nothing was written.",
    ]


def test_unset_env_var_names_the_key_and_the_variable(
    run: Run, workdir: Path, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": "$FAKE_TOKEN"}})
    monkeypatch.delenv("FAKE_TOKEN", raising=False)
    result = run("check-creds", "fake")
    assert result.exit_code == 1
    assert result.stderr == (
        'ERROR: creds.json: "fake": the field "token" is "$FAKE_TOKEN", but the environment '
        "variable FAKE_TOKEN is not set. Export FAKE_TOKEN, or write the value in the file.\n"
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"TYPE": "FAKE"}, 'the field "token" is required'),
        (
            {"TYPE": "FAKE", "token": CANARY, "tokne": "x"},
            'unknown field "tokne" (the fields of this type: fail, fail_push, mode, timeout, token, zones)',
        ),
        (
            {"TYPE": "FAKE", "token": CANARY, "timeout": "10"},
            'the field "timeout" must be of type "number"',
        ),
        ({"TYPE": "FAKE", "token": CANARY, "timeout": 0}, 'the field "timeout" must be at least 1'),
        (
            {"TYPE": "FAKE", "token": CANARY, "mode": "quick"},
            'the field "mode" must be one of "fast", "slow"',
        ),
        ({"TYPE": "FAKE", "token": "abc"}, 'the field "token" must be at least 4 characters long'),
        ({"TYPE": "FAKE", "token": 12345}, 'the field "token" must be of type "string"'),
        ({"token": CANARY}, 'the entry "fake" has no "TYPE"'),
        (
            {"TYPE": "NOPE", "token": CANARY},
            "no installed plugin provides the type 'NOPE' (installed: BIND, FAKE, ",
        ),
        ({"TYPE": "FAKEE", "token": CANARY}, "Did you mean FAKE? Install its plugin, or fix"),
    ],
)
def test_schema_errors_name_the_key_and_the_field(
    run: Run, workdir: Path, fake_plugin: Any, entry: dict[str, Any], message: str
) -> None:
    write_creds(workdir, {"fake": entry})
    result = run("check-creds", "fake")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("ERROR: ")
    assert message in result.stderr
    assert '"fake"' in result.stderr
    assert "Traceback" not in result.stderr


def test_all_schema_problems_are_listed(run: Run, workdir: Path, fake_plugin: Any) -> None:
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "timeout": "x", "extra": 1}})
    result = run("check-creds", "fake")
    assert result.exit_code == 1
    assert result.stderr.startswith('ERROR: creds.json: "fake" (TYPE FAKE):\n')
    assert 'the field "token" is required' in result.stderr
    assert 'the field "timeout" must be of type "number"' in result.stderr
    assert 'unknown field "extra"' in result.stderr


def test_missing_key_and_missing_file(run: Run, workdir: Path, fake_plugin: Any) -> None:
    missing_file = run("check-creds", "fake")
    assert missing_file.exit_code == 1
    assert (
        'the creds file creds.json does not exist, and the key "fake" is needed'
        in missing_file.stderr
    )
    write_creds(workdir, {"other": {"TYPE": "FAKE", "token": CANARY}})
    missing_key = run("check-creds", "fake")
    assert missing_key.exit_code == 1
    assert 'creds.json has no entry "fake" (its entries: "other")' in missing_key.stderr


def test_broken_json_names_line_and_column(run: Run, workdir: Path, fake_plugin: Any) -> None:
    (workdir / "creds.json").write_text('{\n  "fake": {"TYPE": "FAKE" "token": "x"}\n}\n')
    result = run("check-creds", "fake")
    assert result.exit_code == 1
    assert result.stderr.startswith("ERROR: creds.json:2:27: not valid JSON")


def test_creds_that_are_not_utf8_name_the_file_and_the_place(
    run: Run, workdir: Path, fake_plugin: Any
) -> None:
    (workdir / "creds.json").write_bytes(b'{\n  "fake": {"TYPE": "FAKE", "token": "caf\xe9"}\n}\n')
    result = run("check-creds", "fake")
    assert result.exit_code == 1
    assert result.stderr == (
        "ERROR: creds.json:2:41: not UTF-8 text (byte 0xe9); save the file as UTF-8\n"
    )


def test_missing_creds_file_is_no_error_for_commands_that_do_not_need_it(
    run: Run, write: Any
) -> None:
    write("dnsconfig.py", 'REG = NewRegistrar("gandi", "GANDI_V5")\nD("example.tld", REG)\n')
    assert run("check").exit_code == 0
    assert run("print-ir").exit_code == 0


def test_a_secret_never_appears_in_any_output(
    run: Run, workdir: Path, write: Any, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The canary token goes through every path that could print it: debug logs of the
    provider, a provider error, a failing constructor, schema errors, print-ir, providers."""
    monkeypatch.setenv("FAKE_TOKEN", CANARY)
    write_creds(
        workdir,
        {
            "ok": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "zones": ["a.tld"]},
            "listing-fails": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "mode": "slow"},
            "start-fails": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "fail": True},
            "bad-schema": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "timeout": "soon"},
            "literal": {"TYPE": "FAKE", "token": CANARY + "-literal", "mode": "slow"},
        },
    )
    write(
        "dnsconfig.py", 'REG = NewRegistrar("ok", "FAKE", {"note": "n"})\nD("example.tld", REG)\n'
    )
    outputs = []
    for key in ("ok", "listing-fails", "start-fails", "bad-schema", "literal"):
        for extra in ((), ("--debug",)):
            result = run("check-creds", key, *extra)
            outputs.append(result)
    outputs += [run("print-ir"), run("check", "--debug"), run("providers", "--json")]
    assert [r.exit_code for r in outputs[:2]] == [0, 0]
    assert all(r.exit_code == 1 for r in outputs[2:10])
    assert "[REDACTED]" in outputs[2].stderr  # the provider's own error, redacted
    assert "[REDACTED]" in outputs[4].stderr  # the constructor's exception
    assert "[REDACTED]" in outputs[1].stderr  # the provider's debug log
    for result in outputs:
        assert CANARY not in result.output


def test_a_short_placeholder_secret_does_not_garble_output(
    run: Run, workdir: Path, write: Any, fake_plugin: Any
) -> None:
    """Only secrets long enough to be unambiguous are taken out of all text; a placeholder
    that is a common word is left alone, in this run and in the next."""
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": "the"}})
    refused = run("check-creds", "fake")
    assert refused.exit_code == 1
    assert refused.stderr == (
        'ERROR: creds.json: "fake" (TYPE FAKE): the field "token" must be at least 4 '
        "characters long\n"
    )
    write("dnsconfig.py", 'D("example.tld")\n')
    later = run("check")
    assert later.exit_code == 1
    assert "the second argument must be a registrar" in later.stderr


def test_a_literal_secret_in_a_readable_creds_file_is_warned_about(
    run: Run, workdir: Path, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": CANARY}}, mode=0o640)
    warned = run("check-creds", "fake")
    assert warned.exit_code == 0, warned.output
    assert warned.stderr == (
        'WARNING: creds.json: "fake": the field "token" holds a secret written '
        "out, and other users can read the file (mode 640); run chmod 600 creds.json, or write "
        'the field as "$VARIABLE" and export it\n'
    )
    assert CANARY not in warned.output
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": CANARY}}, mode=0o600)
    assert run("check-creds", "fake").stderr == ""
    monkeypatch.setenv("FAKE_TOKEN", CANARY)
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": "$FAKE_TOKEN"}}, mode=0o644)
    assert run("check-creds", "fake").stderr == ""


def test_two_keys_of_one_type_are_two_independent_instances(
    run: Run, workdir: Path, write: Any, fake_plugin: Any
) -> None:
    write_creds(
        workdir,
        {
            "org1": {"TYPE": "FAKE", "token": "token-org1", "zones": ["one.tld"]},
            "org2": {"TYPE": "FAKE", "token": "token-org2", "zones": ["two.tld"]},
        },
    )
    write(
        "dnsconfig.py",
        """
REG = NewRegistrar("none")
ORG1 = NewDnsProvider("org1", "FAKE")
ORG2 = NewDnsProvider("org2")
D("one.tld", REG, DnsProvider(ORG1))
D("two.tld", REG, DnsProvider(ORG2))
D("both.tld", REG, DnsProvider(ORG1), DnsProvider(ORG2))
""",
    )
    assert "one.tld" in run("check-creds", "org1").stdout
    assert "two.tld" in run("check-creds", "org2").stdout
    config = load_config("dnsconfig.py")
    providers = Providers(Creds.load("creds.json"), get_registry())
    providers.check_config(config.domains)
    one, two, both = config.domains
    p1 = providers.dns(one.dns_providers[0].provider)
    p2 = providers.dns(two.dns_providers[0].provider)
    assert p1 is not p2
    assert (p1.list_zones(), p2.list_zones()) == (["one.tld"], ["two.tld"])
    assert [providers.dns(u.provider) for u in both.dns_providers] == [p1, p2]
    # one key serving both roles with one class is one instance
    assert providers.registrar(NewRegistrarRef("org1")) is p1


def NewRegistrarRef(name: str) -> Any:
    from dnsframe.model import ProviderRef

    return ProviderRef(name=name, kind="registrar")


def test_declared_type_must_agree_with_creds_type(
    run: Run, workdir: Path, write: Any, fake_plugin: Any
) -> None:
    write_creds(workdir, {"gandi": {"TYPE": "FAKE", "token": "abcd"}})
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nP = NewDnsProvider("gandi", "NONE")\nD("example.tld", REG, DnsProvider(P))\n',
    )
    config = load_config("dnsconfig.py")
    providers = Providers(Creds.load("creds.json"), get_registry())
    with pytest.raises(
        Exception,
        match=r"dnsconfig.py:2: NewDnsProvider\('gandi', 'NONE'\) says the type is NONE, but creds.json \"gandi\" has \"TYPE\": \"FAKE\"",
    ):
        providers.check_config(config.domains)


def test_a_key_that_is_a_type_needs_no_creds_entry(workdir: Path, write: Any) -> None:
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nD("example.tld", REG, DnsProvider(NewDnsProvider("none")))\n',
    )
    config = load_config("dnsconfig.py")
    providers = Providers(Creds.load("creds.json"), get_registry())
    providers.check_config(config.domains)
    assert (
        providers.registrar(config.domains[0].registrar).get_registrar_corrections(
            "example.tld", []
        )
        == []
    )


def test_a_secret_never_appears_in_debug_tracebacks_of_a_failed_push(
    run: Run, workdir: Path, write: Any, fake_plugin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_TOKEN", CANARY)
    write_creds(workdir, {"fake": {"TYPE": "FAKE", "token": "$FAKE_TOKEN", "fail_push": True}})
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nD("example.tld", REG, DnsProvider(NewDnsProvider("fake")), A("x", "192.0.2.1"))\n',
    )
    for args in (("push",), ("push", "--debug"), ("--debug", "push", "--report", "r.json")):
        result = run(*args)
        assert result.exit_code == 1
        assert (
            'FAILURE! internal error in plugin tests.fakeplugin (FAKE at creds key "fake"): '
            "a correction's apply() raised RuntimeError: push refused for token [REDACTED]"
            in result.stdout
        )
        assert CANARY not in result.output
        assert (
            CANARY not in (workdir / "r.json").read_text()
            if (workdir / "r.json").exists()
            else True
        )
    # --debug did show the whole traceback, its cause included, redacted.
    assert "Traceback" in result.stderr
    assert "ValueError: inner failure with [REDACTED]" in result.stderr


def test_a_creds_entry_is_needed_for_types_with_settings(
    run: Run, workdir: Path, write: Any
) -> None:
    # Only "none" and "bind" exist without an entry (as in DNSControl); "mybind" must be written.
    write_creds(workdir, {"bind_prod": {"TYPE": "BIND", "directory": "zones"}})
    write(
        "dnsconfig.py",
        'REG = NewRegistrar("none")\nD("example.tld", REG, DnsProvider(NewDnsProvider("mybind", "BIND")), A("x", "192.0.2.1"))\n',
    )
    result = run("push")
    assert result.exit_code == 1
    assert (
        'ERROR: dnsconfig.py:2: creds.json has no entry "mybind" (its entries: "bind_prod")'
        in result.stderr
    )  # at the line of the config that names the key
    assert not (workdir / "zones").exists()
