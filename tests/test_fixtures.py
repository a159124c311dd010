"""dnsframe.testing.fixtures, as a plugin's suite uses them."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def test_the_guard_refuses_tcp_and_udp_beyond_loopback_before_sending_anything() -> None:
    # 192.0.2.1 is TEST-NET-1; the guard raises before the socket is used at all.
    with socket.socket() as tcp, pytest.raises(AssertionError, match="only loopback"):
        tcp.connect(("192.0.2.1", 443))
    with socket.socket() as tcp, pytest.raises(AssertionError, match="only loopback"):
        tcp.connect_ex(("192.0.2.1", 443))
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(AssertionError, match="only loopback"),
    ):
        udp.sendto(b"\0", ("192.0.2.1", 53))


def test_the_guard_refuses_to_resolve_a_name_beyond_loopback() -> None:
    with pytest.raises(AssertionError, match="only loopback"):
        socket.getaddrinfo("api.gandi.net", 443)
    assert socket.getaddrinfo("127.0.0.1", 443)  # loopback resolves as usual


def test_loopback_is_allowed() -> None:
    with socket.socket() as server, socket.socket() as client:
        server.bind(("127.0.0.1", 0))
        server.listen()
        client.connect(server.getsockname())


def test_a_suite_opting_in_gets_the_fixtures_and_real_api_tests_skip_without_their_variable(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_plugin_suite.py").write_text(
        textwrap.dedent(
            """
            import pytest

            def test_run_is_the_command(run, write):
                write("dnsconfig.py", 'D("example.tld", NewRegistrar("none"))')
                result = run("check")
                assert result.exit_code == 0, result.output
                assert "1 domain(s), 0 record(s). No errors." in result.stdout

            @pytest.mark.real_api("DNSFRAME_TEST_NEVER_SET", reason="needs the real thing")
            def test_real():
                raise AssertionError("must not run")
            """
        )
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "dnsframe.testing.fixtures",
         "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed, 1 skipped" in proc.stdout
    assert "needs the real thing" in proc.stdout
