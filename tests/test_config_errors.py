"""Mistakes in dnsconfig.py: one clear error with file and line, exit 1, no traceback."""

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
    for command in ("print-ir",):
        again = run(command)
        assert again.exit_code == 1
        assert again.stdout == ""
    return result.stderr


INVALID = [
    # record data, type by type
    ('A("x", "1.2.3")', "dnsconfig.py:3: A(\"x\", ...): '1.2.3' is not an IPv4 address"),
    ('A("x", "2001:db8::1")', "'2001:db8::1' is not an IPv4 address"),
    ('AAAA("x", "192.0.2.1")', "'192.0.2.1' is not an IPv6 address"),
    (
        'AAAA("x", "2001:db8::2%eth0")',
        "dnsconfig.py:3: AAAA(\"x\", ...): '2001:db8::2%eth0' has a zone index (%eth0), which "
        "names a network interface of one host and has no meaning in DNS; write '2001:db8::2'",
    ),
    (
        'MX("mail", 70000, "mx")',
        'dnsconfig.py:3: MX("mail", ...): priority must be an integer 0..65535, got 70000',
    ),
    ('MX("mail", -1, "mx")', "priority must be an integer 0..65535"),
    ('MX("mail", True, "mx")', "priority must be an integer 0..65535, got True"),
    (
        'MX("@", 10, "mail.example.net")',
        "target 'mail.example.net' contains a dot but does not end with one",
    ),
    ('CNAME("www", "web host.")', "is not a valid host name"),
    ('CNAME("www", "")', "target is empty"),
    ('SRV("_s._tcp", 1, 2, 70000, "x")', "port must be an integer 0..65535"),
    ('CAA("@", "isue", "ca.example")', "tag must be issue, issuewild, iodef"),
    ('CAA("@", "issue", 5)', "value must be a string"),
    ('DS("c", 1, 13, 2, "xyz")', "digest must be an even number of hexadecimal digits"),
    ('DS("c", 1, 13, 2, "abcd")', "digest length inconsistent with digest type"),
    ('SSHFP("@", 1, 1, "zz")', "fingerprint must be an even number of hexadecimal digits"),
    ('TLSA("_443._tcp", 4, 1, 1, "ab")', "usage must be 0..3"),
    ('NAPTR("s", 1, 1, 5, "E2U", "", ".")', "flags must be a string"),
    (
        'NAPTR("s", 1, 1, "U", "E2U+sip", "", "sip.example.net")',
        "NAPTR(\"s\", ...): target 'sip.example.net' contains a dot but does not end with one",
    ),
    (
        'TXT("t", "x" * 65280)',
        'TXT("t", ...): the text is 65280 bytes, but a TXT record holds at most 65279',
    ),
    ('LOC("@", 91, 0, 0, "N", 0, 0, 0, "E", 0, 0, 0, 0)', "degrees must be at most 90"),
    ('LOC("@", 1, 0, 0, "X", 0, 0, 0, "E", 0, 0, 0, 0)', "hemispheres must be 'N' or 'S'"),
    ('TXT("t", 42)', "the text must be a string, got 42"),
    ('TXT("t", ["a", 1])', "the text must be a string or a list of strings"),
    ('RP("@", "admin.example.tld", "txt.")', "mbox 'admin.example.tld' contains a dot"),
    # names
    ('A("", "192.0.2.1")', 'the record name is empty; use "@" for the apex'),
    (
        'A("www.example.tld", "192.0.2.1")',
        "the name 'www.example.tld' repeats the domain example.tld; write 'www'",
    ),
    (
        'A("www.other.tld.", "192.0.2.1")',
        "the name 'www.other.tld.' is not inside the domain example.tld",
    ),
    ('A(5, "192.0.2.1")', "the name must be a string, got 5"),
    (
        'A(".".join(["a" * 60] * 4), "192.0.2.1")',
        "the name is 255 characters long as a full name (...aaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.tld), "
        "over the 253 a DNS name may have",
    ),
    # argument counts and types
    ('A("x")', 'A("x", ...): takes 2 arguments, A(name, address), got 1'),
    ('MX("@", 10)', "takes 3 arguments, MX(name, priority, target), got 2"),
    ('A("x", "192.0.2.1", "192.0.2.2")', "takes 2 arguments, A(name, address), got 3"),
    ('A("x", "192.0.2.1", NO_PURGE)', "NO_PURGE is not a record modifier"),
    (
        'A("x", "192.0.2.1", TTL("forever"))',
        "TTL(\"forever\"): TTL 'forever' is not a number of seconds",
    ),
    ('A("x", "192.0.2.1", TTL("1h30m"))', 'TTL("1h30m")'),
    ("42", 'D("example.tld", ...): unexpected argument 42'),
    ('"a string"', "unexpected argument 'a string'"),
    ("DefaultTTL(-5)", "DefaultTTL(-5): TTL must be between 0 and 2147483647"),
    ('DnsProvider(NewDnsProvider("d"), "all")', "nsCount must be an integer >= -1, got 'all'"),
    (
        "DnsProvider(REG)",
        "DnsProvider(NewRegistrar('none')): expected the value of NewDnsProvider(...)",
    ),
    (
        'INCLUDE("nowhere.tld")',
        'INCLUDE("nowhere.tld"): no domain of that name is declared before this line',
    ),
    ('NAMESERVER("ns1.example.net")', "contains a dot but does not end with one"),
    ("IGNORE(5)", "IGNORE(): labelSpec must be a string"),
    ('CAA_BUILDER({"iodef": "mailto:x@y.z"})', "CAA_BUILDER(): needs at least one of issue"),
    ('CAA_BUILDER({"issue": ["x"], "isue": 1})', "unknown option isue"),
    (
        'DMARC_BUILDER({"policy": "rejct"})',
        "policy must be none, quarantine or reject, got 'rejct'",
    ),
    (
        'DMARC_BUILDER({"alignmentSPF": "loose"})',
        "alignmentSPF must be 'relaxed' ('r') or 'strict' ('s')",
    ),
    ('SPF_BUILDER({"parts": ["v=spf1"]})', "parts must be a list of at least 2 strings"),
    ('SPF_BUILDER({"parts": ["v=spf1", "-all"], "flatten": ["x"]})', "flatten is not supported"),
    (
        'SPF_BUILDER({"parts": ["v=spf1", "-all"], "overflow": "_spf"})',
        "overflow must be a name pattern with %d",
    ),
]


@pytest.mark.parametrize(("snippet", "message"), INVALID)
def test_invalid_input_names_file_line_and_record(
    run: Run, write: Any, snippet: str, message: str
) -> None:
    stderr = check_fails(run, write, f'D("example.tld", REG,\n    {snippet},\n)\n')
    assert message in stderr
    # the snippet's own line; a bare value has none, so the D() line is named
    line = 2 if snippet[0] in '4"' else 3
    assert f"ERROR: dnsconfig.py:{line}: " in stderr


def test_every_problem_is_reported_at_once(run: Run, write: Any) -> None:
    stderr = check_fails(
        run,
        write,
        """D("example.tld", REG,
    A("a", "1.2.3"),
    A("b", "192.0.2.1"),
    MX("c", 99999, "mx"),
)
D("other.tld", REG, CNAME("d", "x.y"))
""",
    )
    assert stderr.startswith("ERROR: 3 problems in the configuration:\n")
    assert 'dnsconfig.py:3: A("a", ...)' in stderr
    assert 'dnsconfig.py:5: MX("c", ...)' in stderr
    assert 'dnsconfig.py:7: CNAME("d", ...)' in stderr


def test_a_domain_declared_twice(run: Run, write: Any) -> None:
    stderr = check_fails(run, write, 'D("example.tld", REG)\nD("Example.TLD.", REG)\n')
    assert (
        'dnsconfig.py:3: D("Example.TLD."): the domain is declared twice (first at dnsconfig.py:2)'
        in stderr
    )


def test_tags_make_distinct_domains(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER + 'D("example.tld!a", REG)\nD("example.tld!b", REG)\nD("example.tld", REG)\n',
    )
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'D("example.tld")',
            "the second argument must be a registrar from NewRegistrar(...), got None",
        ),
        ('D("example.tld", "nope")', "the second argument must be a registrar"),
        ('D("example.tld", NewDnsProvider("x"))', "the second argument must be a registrar"),
        ("D(42, REG)", "D(): the first argument must be the domain name, got 42"),
        ('D("exa mple.tld", REG)', 'D("exa mple.tld")'),
        (
            'D_EXTEND("nowhere.tld", A("x", "192.0.2.1"))',
            'D_EXTEND("nowhere.tld"): no domain declared before this line contains it',
        ),
        (
            'NewDnsProvider("a", "T", {}, 4)',
            "NewDnsProvider(name, [type], [metadata]) takes 1 to 3 arguments",
        ),
        ('NewDnsProvider("a", 5)', "expected a type name (string) and then metadata (dict), got 5"),
        (
            'NewDnsProvider("a", "T1")\nNewDnsProvider("a", "T2")',
            "declared before at dnsconfig.py:2 with the type T1",
        ),
    ],
)
def test_domain_and_provider_declaration_errors(
    run: Run, write: Any, body: str, message: str
) -> None:
    stderr = check_fails(run, write, body + "\n")
    assert message in stderr
    assert "dnsconfig.py:" in stderr


def test_python_syntax_error_points_at_the_config_line(run: Run, write: Any) -> None:
    stderr = check_fails(
        run, write, 'D("example.tld", REG,\n    A("x", "192.0.2.1")\n    A("y", "192.0.2.2"),\n)\n'
    )
    assert "dnsconfig.py:3: Python syntax error:" in stderr
    assert 'A("x", "192.0.2.1")' in stderr


def _long_line() -> str:
    before = ", ".join(f'A("h{i}", "192.0.2.{i}")' for i in range(40))
    after = ", ".join(f'A("k{i}", "192.0.2.{i}")' for i in range(40))
    return f'D("example.tld", REG, {before} A("x", "192.0.2.99"), {after})\n'


@pytest.mark.parametrize("where", ["dnsconfig.py", "helpers.py"])
def test_a_syntax_error_on_a_long_line_shows_it_cut_with_the_column_marked(
    run: Run, write: Any, where: str
) -> None:
    line = _long_line()
    if where == "helpers.py":
        write("helpers.py", "REG = None\n" + line)
        stderr = check_fails(run, write, "import helpers\n")
    else:
        stderr = check_fails(run, write, line)
    message, shown, caret = stderr.splitlines()
    assert (
        message
        == f"ERROR: {where}:2: Python syntax error: invalid syntax. Perhaps you forgot a comma?"
    )
    assert shown.startswith("    ...")
    assert shown.endswith("...")
    assert len(shown) <= 4 + 3 + 100 + 3
    column = line.index('A("h39"') + 1
    assert caret.endswith(f"^ (column {column})")
    assert shown[caret.index("^") :].startswith('A("h39", "192.0.2.39") A("x"')


def test_a_nul_byte_in_the_config_names_its_line(run: Run, write: Any) -> None:
    stderr = check_fails(run, write, 'D("example.tld", REG,\n    A("x",\x00 "192.0.2.1"))\n')
    assert stderr == (
        "ERROR: dnsconfig.py:3: a NUL byte (column 11), which Python source cannot hold; the file "
        "may be damaged, or saved as UTF-16: save it again as UTF-8 text\n"
    )


def test_python_exception_points_at_the_config_line(run: Run, write: Any) -> None:
    stderr = check_fails(run, write, 'x = 1\nD("example.tld", REG, CNAMe("x", "y"))\n')
    assert stderr.strip() == (
        "ERROR: dnsconfig.py:3: NameError: name 'CNAMe' is not defined; did you mean CNAME?"
    )


def test_exception_in_a_sibling_module_points_at_its_line(run: Run, write: Any) -> None:
    write("helpers.py", "def broken():\n    return 1 / 0\n")
    stderr = check_fails(run, write, "from helpers import broken\nbroken()\n")
    assert "helpers.py:2: ZeroDivisionError: division by zero" in stderr


def test_syntax_error_in_a_sibling_module(run: Run, write: Any) -> None:
    write("helpers.py", "def broken(:\n    pass\n")
    stderr = check_fails(run, write, "import helpers\n")
    assert "helpers.py:1: Python syntax error" in stderr


def test_debug_shows_the_traceback(run: Run, write: Any) -> None:
    write("dnsconfig.py", HEADER + "raise RuntimeError('boom')\n")
    result = run("check", "--debug")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert "ERROR: dnsconfig.py:2: RuntimeError: boom" in result.stderr


def test_a_sibling_module_is_read_afresh_on_every_evaluation(run: Run, write: Any) -> None:
    write("dnsconfig.py", HEADER + "from zones import ADDR\nD('example.tld', REG, A('x', ADDR))\n")
    write("zones.py", "ADDR = '192.0.2.1'\n")
    assert run("print-ir").json()["domains"][0]["records"][0]["content"] == "192.0.2.1"
    write("zones.py", "ADDR = '192.0.2.2'\n")
    assert run("print-ir").json()["domains"][0]["records"][0]["content"] == "192.0.2.2"


def test_mistyped_option_exits_1_not_2(run: Run, write: Any) -> None:
    result = run("check", "--confg", "x.py")
    assert result.exit_code == 1
    assert "No such option" in result.stderr


def test_the_largest_names_and_texts_dns_holds_are_accepted(run: Run, write: Any) -> None:
    write(
        "dnsconfig.py",
        HEADER + 'D("example.tld", REG,\n'
        '    A(".".join(["a" * 60] * 3) + "." + "b" * 58, "192.0.2.1"),\n'
        '    TXT("t", "x" * 65279),\n'
        '    NAPTR("s", 1, 1, "U", "E2U+sip", "", "sip.example.net."),\n'
        '    NAPTR("r", 1, 1, "U", "E2U+sip", "!^.*$!sip:info@example.tld!", ""),\n'
        '    AAAA("v6", "2001:db8::2"),\n'
        ")\n",
    )
    result = run("check")
    assert result.exit_code == 0, result.output
