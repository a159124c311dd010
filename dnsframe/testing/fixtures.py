"""Fixtures for a provider plugin's own tests, opt-in as pytest's ``pytester`` is.

Enable them in the pytest configuration of the plugin's tests::

    [tool.pytest.ini_options]
    addopts = "-p dnsframe.testing.fixtures"

or with ``pytest_plugins = ["dnsframe.testing.fixtures"]`` in the top-level ``conftest.py``
(pytest refuses ``pytest_plugins`` in a conftest it finds only while collecting).

Then every test of that suite:

- may talk to loopback addresses only (anything else fails the test), unless it is marked
  ``@pytest.mark.real_api("SOME_TOKEN_VARIABLE")``: the marker for tests that run against a
  real service with the user's own credentials, skipped unless that variable is set (with
  ``reason="..."`` as the skip's message, when given);
- gets the installed plugins loaded afresh, so one test's registrations never leak into another;

and may ask for ``workdir`` (an empty folder made the working folder), ``write`` (a dedented
file in it: ``write("dnsconfig.py", source)``) and ``run`` (``run("preview")`` runs the real
``dnsframe`` command there and returns its exit code and output as a :class:`Result`).
"""

from __future__ import annotations

import json
import os
import socket
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Result:
    """What one run of the ``dnsframe`` command did."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


#: The type of the ``run`` fixture: ``run("push", "--domains", "a.tld")``.
CommandRunner = Callable[..., Result]
#: The type of the ``write`` fixture.
FileWriter = Callable[[str, str], Path]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_api(variable): talks to a real service; skipped unless the environment variable "
        "(its credentials) is set, and then allowed off loopback",
    )


def _loopback(host: object, family: int) -> bool:
    if family == socket.AF_UNIX:
        return True
    return isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"})


def _check(sock: socket.socket, address: Any) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if not _loopback(host, sock.family):
        raise AssertionError(f"a test tried to reach {address!r}; only loopback is allowed")


@pytest.fixture(autouse=True)
def _dnsframe_loopback_only(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests may talk to loopback only (name lookups, TCP connects and UDP datagrams); anything
    else fails the test. A test marked ``real_api(VARIABLE)`` is skipped unless ``VARIABLE`` is
    set, and then may go anywhere."""
    marker = request.node.get_closest_marker("real_api")
    if marker is not None:
        variable = str(marker.args[0]) if marker.args else ""
        if not variable or not os.environ.get(variable):
            reason = marker.kwargs.get("reason")
            pytest.skip(
                reason or f"set {variable or 'its variable'} to run against the real service"
            )
        return
    real = socket.socket
    connect, connect_ex, sendto = real.connect, real.connect_ex, real.sendto

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        _check(self, address)
        return connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> Any:
        _check(self, address)
        return connect_ex(self, address)

    def guarded_sendto(self: socket.socket, data: Any, *rest: Any) -> Any:
        _check(self, rest[-1])
        return sendto(self, data, *rest)

    resolve = socket.getaddrinfo

    def guarded_getaddrinfo(host: Any, *rest: Any, **kwargs: Any) -> Any:
        # Resolving a name asks a DNS server, off this machine: refused before any query.
        if host is not None and not _loopback(host, socket.AF_INET):
            raise AssertionError(f"a test tried to resolve {host!r}; only loopback is allowed")
        return resolve(host, *rest, **kwargs)

    monkeypatch.setattr(real, "connect", guarded_connect)
    monkeypatch.setattr(real, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(real, "sendto", guarded_sendto)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def _dnsframe_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled large configs go to a folder of the test session, never the user's cache."""
    monkeypatch.setenv("DNSFRAME_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _dnsframe_fresh_plugins() -> Iterator[None]:
    """Each test loads plugins afresh, so a test that registers one does not leak it."""
    from dnsframe import plugins

    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, made the working folder, as a user's project would be."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DNSFRAME_RAISE_ERRORS", raising=False)
    return tmp_path


@pytest.fixture
def run(workdir: Path, capsys: pytest.CaptureFixture[str]) -> CommandRunner:
    """``run("check")`` runs ``dnsframe check`` in ``workdir`` through the console script's
    entry function, in this process, and returns its exit code and output."""
    from dnsframe import cli

    def _run(*args: str) -> Result:
        capsys.readouterr()
        try:
            cli.main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:
            code = 0
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return _run


@pytest.fixture
def write(workdir: Path) -> FileWriter:
    """``write("dnsconfig.py", source)``: a file in ``workdir``, dedented."""

    def _write(name: str, text: str) -> Path:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
