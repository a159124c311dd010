"""Configs that Python runs without complaint but that cannot mean what they say: an error with
the line, never silence (issue 10, point 2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Run

HEADER = 'REG = NewRegistrar("none")\n'


def check_fails(run: Run, write: Any, body: str) -> str:
    write("dnsconfig.py", HEADER + body)
    result = run("check")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ERROR: ")
    assert "Traceback" not in result.stderr
    return result.stderr


def check_passes(run: Run, write: Any, body: str) -> str:
    write("dnsconfig.py", HEADER + body)
    result = run("check")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_helper_that_forgets_to_return_is_named_at_the_d_line(run: Run, write: Any) -> None:
    stderr = check_fails(
        run,
        write,
        """def mail_records():
    MX("@", 10, "mx1")

D("example.tld", REG,
    A("@", "192.0.2.1"),
    mail_records(),
)
""",
    )
    assert (
        'dnsconfig.py:5: D("example.tld", ...): argument 4 (mail_records()) is None, not a '
        "record or modifier; does mail_records() end without returning its records?"
    ) in stderr
    # the record it made and dropped is named at its own line too
    assert 'dnsconfig.py:3: MX("@", ...) is made here but never given to D()' in stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'D("example.tld", REG, [A("a", "192.0.2.1"), None])',
            'dnsconfig.py:2: D("example.tld", ...): argument 3 ([A("a", "192.0.2.1"), None]) '
            "is a list that holds None",
        ),
        (
            'D("example.tld", REG)\nD_EXTEND("example.tld", None)',
            'dnsconfig.py:3: D_EXTEND("example.tld", ...): argument 2 (None) is None',
        ),
        (
            'DEFAULTS(None)\nD("example.tld", REG)',
            "dnsconfig.py:2: DEFAULTS(...): argument 1 is None",
        ),
        (
            'x = None\nD("example.tld", REG,\n    A("a", "192.0.2.1"), x)',
            'dnsconfig.py:3: D("example.tld", ...): argument 4 (x) is None, not a record or '
            "modifier; a function that builds records probably has no return statement",
        ),
    ],
)
def test_none_among_the_modifiers_is_an_error(
    run: Run, write: Any, body: str, message: str
) -> None:
    assert message in check_fails(run, write, body + "\n")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'A("lost", "192.0.2.9")\nD("example.tld", REG, A("@", "192.0.2.1"))',
            'dnsconfig.py:2: A("lost", ...) is made here but never given to D() or D_EXTEND()',
        ),
        (
            'D("example.tld", REG,\n    A("@", "192.0.2.1"))\nTXT("@", "v=spf1 -all")',
            'dnsconfig.py:4: TXT("@", ...) is made here but never given to D()',
        ),
        (
            'IGNORE("acme")\nD("example.tld", REG)',
            "dnsconfig.py:2: IGNORE(...) is made here but never given to D()",
        ),
        (
            'ENSURE_ABSENT_REC(A("old", "192.0.2.3"))\nD("example.tld", REG)',
            "dnsconfig.py:2: ENSURE_ABSENT_REC(...) is made here but never given to D()",
        ),
        (
            'DefaultTTL("1h")\nD("example.tld", REG)',
            "dnsconfig.py:2: DefaultTTL(...) is made here but never given to D()",
        ),
        (
            'records = [A("a", "192.0.2.1"), A("b", "192.0.2.2")]\n'
            'D("example.tld", REG, records[0])',
            'dnsconfig.py:2: A("b", ...) is made here but never given to D()',
        ),
    ],
)
def test_a_record_or_modifier_in_no_domain_is_an_error(
    run: Run, write: Any, body: str, message: str
) -> None:
    stderr = check_fails(run, write, body + "\n")
    assert message in stderr
    assert stderr.count("never given") == 1


def test_records_shared_between_domains_and_made_by_helpers_are_fine(run: Run, write: Any) -> None:
    stdout = check_passes(
        run,
        write,
        """MAIL = [MX("@", 10, "mx1.example.net."), TXT("@", "v=spf1 -all")]
SKIP_ACME = IGNORE("_acme-challenge", "TXT")

def web(address):
    return [A("@", address), CNAME("www", "@")]

def absent():
    return ENSURE_ABSENT_REC(A("old", "192.0.2.3"))

DEFAULTS(DefaultTTL("1h"))
D("example.tld", REG, MAIL, SKIP_ACME, web("192.0.2.1"), absent())
D("example.net", REG, MAIL, SKIP_ACME, web("192.0.2.2"),
    CAA_BUILDER({"issue": ["letsencrypt.org"]}),
    SPF_BUILDER({"overflow": "_spf%d", "txtMaxSize": 40,
                 "parts": ["v=spf1", "include:aaaaaaaaaaaaa.example", "include:bbbbbbbbbbbbbbb.example", "-all"]}),
)
INCLUDE_ME = A("inc", "192.0.2.4")
D("example.org", REG, INCLUDE_ME)
D("example.com", REG, INCLUDE("example.org"))
""",
    )
    assert stdout.endswith("No errors.\n")


@pytest.mark.parametrize(
    ("modifier", "message"),
    [
        (
            'IGNORE("x", "AAA")',
            'dnsconfig.py:2: IGNORE("x", "AAA", "*"): there is no record type AAA; did you mean '
            "AAAA?",
        ),
        ('IGNORE_NAME("x", "A,TXTT")', 'IGNORE_NAME("x", "A,TXTT"): there is no record type TXTT'),
        ('IGNORE_TARGET("x.", "CNAM")', "there is no record type CNAM; did you mean CNAME?"),
        ('IGNORE("x", "QQQQ")', "there is no record type QQQQ; the types are A, AAAA, ALIAS,"),
        (
            'IGNORE("x", "SVCB")',
            'IGNORE("x", "SVCB", "*"): dnsframe does not support SVCB records (yet)',
        ),
        ('IGNORE("x", "R53_ALIAS")', "dnsframe does not support R53_ALIAS records (yet)"),
    ],
)
def test_ignore_of_a_type_that_does_not_exist_is_an_error(
    run: Run, write: Any, modifier: str, message: str
) -> None:
    stderr = check_fails(run, write, f'D("example.tld", REG, {modifier})\n')
    assert message in stderr
    assert "never given" not in stderr


def test_ignore_types_star_and_lists_still_work(run: Run, write: Any) -> None:
    check_passes(
        run,
        write,
        'D("example.tld", REG, IGNORE("a", "*"), IGNORE("b", "a, mx,TXT"), '
        'IGNORE("c", ["CNAME", "AAAA"]), IGNORE_NAME("d"), IGNORE_TARGET("e.", "CNAME"))\n',
    )


def test_a_null_mx_beside_another_mx_is_an_error(run: Run, write: Any) -> None:
    stderr = check_fails(
        run,
        write,
        'D("example.tld", REG,\n    MX("@", 0, "."),\n    MX("@", 10, "mx1.example.net."),\n)\n',
    )
    assert stderr == (
        "ERROR: dnsconfig.py:3: MX example.tld 0 . is a null MX (RFC 7505: the name receives no "
        "mail), but the name also has MX 10 mx1.example.net. (dnsconfig.py:4); a null MX must "
        "be the only MX at its name: remove it, or remove the others\n"
    )


def test_a_null_mx_alone_or_at_another_name_is_fine(run: Run, write: Any) -> None:
    check_passes(
        run,
        write,
        'D("example.tld", REG,\n    MX("@", 0, "."),\n    MX("mail", 10, "mx1.example.net."),\n'
        '    MX("nomail", 0, "."),\n)\n',
    )


def test_the_source_of_d_arguments_is_read_only_for_a_message(
    run: Run, write: Any, monkeypatch: Any
) -> None:
    """Reading a call's source is slow (it parses the file); it is done only when a None
    argument needs naming, not at every D()."""
    from dnsframe.dsl import domains

    reads: list[Any] = []
    real = domains.call_arguments
    monkeypatch.setattr(domains, "call_arguments", lambda site: reads.append(site) or real(site))
    body = "".join(f'D("d{i}.tld", NewRegistrar("none"), A("@", "192.0.2.1"))\n' for i in range(5))
    write("dnsconfig.py", body)
    assert run("check").exit_code == 0
    assert reads == []
    write("dnsconfig.py", body + 'D("x.tld", NewRegistrar("none"), None)\n')
    assert run("check").exit_code == 1
    assert len(reads) == 1
