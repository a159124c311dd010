"""Shared fixtures: run the real ``dnsframe`` command on config files in a temporary folder."""

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

from dnsframe import cli, plugins


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


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_network(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to loopback only; anything else fails the test. The one exception: tests
    marked ``real_gandi``, which run only when the user sets real Gandi credentials."""
    if request.node.get_closest_marker("real_gandi") and os.environ.get("GANDI_V5_TOKEN"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or self.family == socket.AF_UNIX
        ):
            raise AssertionError(f"a test tried to reach {address!r}; only loopback is allowed")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _fresh_plugins() -> Iterator[None]:
    """Each test loads plugins afresh, so a test that registers one does not leak it."""
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
def run(workdir: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("check")`` runs ``dnsframe check`` in ``workdir`` through the console script's
    entry function, and returns its exit code and output."""

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
def write(workdir: Path) -> Callable[[str, str], Path]:
    """``write("dnsconfig.py", source)``: a file in ``workdir``, dedented."""

    def _write(name: str, text: str) -> Path:
        path = workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def fake_plugin() -> Any:
    """Registers tests/fakeplugin.py (provider type FAKE) with the plugin manager."""
    from tests import fakeplugin

    plugins.get_plugin_manager().register(fakeplugin, name="tests.fakeplugin")
    return fakeplugin


@pytest.fixture
def step_plugin() -> Iterator[Any]:
    """Registers tests/stepplugin.py (in-memory provider and registrar STEP)."""
    from tests import stepplugin

    stepplugin.reset()
    plugins.get_plugin_manager().register(stepplugin, name="tests.stepplugin")
    yield stepplugin
    stepplugin.reset()
