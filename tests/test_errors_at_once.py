"""Every problem of a config in one run, unknown provider types and empty ``$VAR`` s, through
``dnsframe``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run


def test_check_reports_a_bad_ttl_a_bad_address_and_a_missing_dot_together(
    run: Run, write: Any
) -> None:
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind", "BIND")),
            A("www", "192.0.2.1", TTL("1hour")),
            A("mail", "192.0.2.300"),
            MX("@", 10, "mail.example.net"),
            DefaultTTL("soon"),
            A("ok", "192.0.2.2", TTL("1h")),
        )
        """,
    )
    result = run("check")
    assert result.exit_code == 1
    assert "4 problems in the configuration" in result.stderr
    lines = sorted(line.strip() for line in result.stderr.splitlines()[1:])
    assert len(lines) == 4
    assert lines[0].startswith("dnsconfig.py:2: TTL(\"1hour\"): TTL '1hour' is not a number")
    assert lines[1].startswith("dnsconfig.py:3: A(\"mail\", ...): '192.0.2.300' is not an IPv4")
    assert lines[2].startswith("dnsconfig.py:4: MX(\"@\", ...): target 'mail.example.net' contains")
    assert lines[3].startswith("dnsconfig.py:5: DefaultTTL(\"soon\"): TTL 'soon' is not")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["check", "preview", "print-ir"])
def test_problems_of_evaluation_and_of_the_checks_after_it_come_in_one_run(
    run: Run, write: Any, command: str
) -> None:
    # A bad address is found while dnsconfig.py runs; a CNAME at the apex and an unknown
    # provider type by the checks after it. All three in the same run, not one fix at a time.
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind", "BIND")),
            A("x", "1.2.3.999"),
            CNAME("@", "foo.example.net."),
        )
        D("other.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("gandi", "GANDI_V6")))
        """,
    )
    result = run(command)
    assert result.exit_code == 1
    assert "3 problems in the configuration" in result.stderr, result.stderr
    assert "dnsconfig.py:2: A(\"x\", ...): '1.2.3.999' is not an IPv4 address" in result.stderr
    assert "dnsconfig.py:3: CNAME at the apex of example.tld is not allowed" in result.stderr
    assert "no installed plugin provides the DNS provider type GANDI_V6" in result.stderr
    assert "Traceback" not in result.output


def test_a_bad_ttl_in_nameserver_and_m365_builder_is_one_problem_each(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind", "BIND")),
            NAMESERVER("ns1.example.net.", TTL("x")),
            M365_BUILDER("example.tld", {"initialDomain": "c.onmicrosoft.com"}, TTL("y")),
            NAMESERVER_TTL(-5),
        )
        """,
    )
    result = run("check")
    assert result.exit_code == 1
    assert "3 problems" in result.stderr
    assert 'dnsconfig.py:2: TTL("x")' in result.stderr
    assert 'dnsconfig.py:3: TTL("y")' in result.stderr
    assert "dnsconfig.py:4: NAMESERVER_TTL(-5)" in result.stderr


def test_check_fails_on_a_provider_type_no_plugin_provides_and_suggests_the_closest(
    run: Run, write: Any
) -> None:
    write(
        "dnsconfig.py",
        """
        REG = NewRegistrar("none")
        GANDI = NewDnsProvider("gandi", "GANDI_V6")
        D("example.tld", REG, DnsProvider(GANDI), CNAME("@", "x.example.net."))
        """,
    )
    result = run("check")
    assert result.exit_code == 1
    assert "No errors" not in result.output
    lines = [line.strip() for line in result.stderr.splitlines()]
    assert lines[0] == "ERROR: 2 problems in the configuration:"
    assert lines[1].startswith(
        "dnsconfig.py:2: NewDnsProvider('gandi', 'GANDI_V6'): no installed plugin provides the "
        "DNS provider type GANDI_V6 (installed: BIND, GANDI_V5, NONE). Did you mean GANDI_V5?"
    )
    assert lines[2].startswith("dnsconfig.py:3:")


def test_an_unknown_registrar_type_alone_fails_check(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        """
        D("example.tld", NewRegistrar("reg", "NAMECHEEP"),
          DnsProvider(NewDnsProvider("bind", "BIND")))
        """,
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "ERROR: dnsconfig.py:1: NewRegistrar('reg', 'NAMECHEEP'): no installed plugin provides "
        "the registrar type NAMECHEEP (installed: "
    )


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_env_var_names_the_key_the_field_and_the_variable(
    run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    creds = {"gandi": {"TYPE": "GANDI_V5", "token": "$GANDI_V5_TOKEN"}}
    (workdir / "creds.json").write_text(json.dumps(creds))
    monkeypatch.setenv("GANDI_V5_TOKEN", value)
    result = run("check-creds", "gandi")
    assert result.exit_code == 1
    assert result.stderr == (
        'ERROR: creds.json: "gandi": the field "token" is "$GANDI_V5_TOKEN", but the '
        "environment variable GANDI_V5_TOKEN is empty. Export GANDI_V5_TOKEN, or write the "
        "value in the file.\n"
    )


def test_every_unset_env_var_of_an_entry_is_named_at_once(
    run: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    creds = {"gandi": {"TYPE": "GANDI_V5", "token": "$DF_T1", "api_url": "$DF_T2"}}
    (workdir / "creds.json").write_text(json.dumps(creds))
    monkeypatch.delenv("DF_T1", raising=False)
    monkeypatch.setenv("DF_T2", "")
    result = run("check-creds", "gandi")
    assert result.exit_code == 1
    assert 'the field "token" is "$DF_T1", but the environment variable DF_T1 is not set' in (
        result.stderr
    )
    assert 'the field "api_url" is "$DF_T2", but the environment variable DF_T2 is empty' in (
        result.stderr
    )


def test_a_missing_config_points_at_init_not_at_a_file_of_the_repository(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 1
    assert "dnsframe init" in result.stderr
    assert "example" not in result.stderr


def test_a_problem_of_a_helper_called_by_two_domains_is_said_once(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        """
        REG = NewRegistrar("none")
        def mail():
            return [MX("@", 10)]
        D("a.tld", REG, mail())
        D("b.tld", REG, mail(), A("www", "192.0.2.300"))
        """,
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.count("MX(name, priority, target), got 2") == 1
    assert "'192.0.2.300' is not an IPv4 address" in result.stderr
