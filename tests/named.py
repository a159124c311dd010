"""A real BIND ``named`` for the tests: started on a free loopback port, serving zone files
(those the BIND provider writes), reloaded on demand, stopped after the test.

Debian's ``bind9`` package has it (``.ci/run`` installs it); where it is missing, the tests
that need it are skipped with a message that says how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

NAMED = shutil.which("named") or next(
    (p for p in ("/usr/sbin/named", "/usr/local/sbin/named") if Path(p).exists()), None
)
MISSING = (
    "BIND's named is not installed: apt-get install bind9 (Debian, Ubuntu), dnf install bind "
    "(Fedora), brew install bind (macOS)"
)


def free_port() -> int:
    """A port free on 127.0.0.1 for both UDP and TCP (as far as one can tell)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port


class Named:
    """One ``named -g`` with its own folder, config and log."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.log = folder / "named.log"
        self.zones: dict[str, tuple[Path, bool]] = {}
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._loaded: dict[str, int] = {}  # each zone file's mtime when named last read it

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def serve(self, zone: str, path: Path, signed: bool = False) -> None:
        """Serve ``zone`` from the file ``path`` (from the next start or reload on); ``signed``:
        signed by named itself (DNSSEC, inline signing, its default policy)."""
        self.zones[zone] = (path.resolve(), signed)
        self._write_conf()

    def _write_conf(self) -> None:
        d = self.folder
        signing = f'dnssec-policy default; inline-signing yes; key-directory "{d}"; '
        zones = "".join(
            f'zone "{name}" {{ type primary; file "{path}"; check-names ignore; '
            + (signing if signed else "")
            + "};\n"
            for name, (path, signed) in self.zones.items()
        )
        (d / "named.conf").write_text(
            "options {\n"
            f'  directory "{d}";\n'
            f"  listen-on port {self.port} {{ 127.0.0.1; }};\n"
            "  listen-on-v6 { none; };\n"
            f'  pid-file "{d}/named.pid";\n'
            f'  session-keyfile "{d}/session.key";\n'
            f'  managed-keys-directory "{d}";\n'
            "  recursion no;\n"
            "  dnssec-validation no;\n"
            "  notify no;\n"
            "};\n"
            "controls { };\n" + zones
        )

    def start(self) -> None:
        """Start named and wait until it has loaded every zone (on another free port, should
        the one taken have been taken since by another process)."""
        for _ in range(3):
            self._write_conf()
            self._log = self.log.open("ab")
            self.process = subprocess.Popen(
                [str(NAMED), "-g", "-c", str(self.folder / "named.conf")],
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
            try:
                self._wait_for("all zones loaded", 0)
            except AssertionError:
                if "unable to listen on any configured interfaces" not in self._text():
                    raise
                self.stop()
                self.log.unlink()
                self.port = free_port()
                continue
            self._loaded = {zone: self._mtime(zone) for zone in self.zones}
            return
        raise AssertionError("named could not listen on a free port three times")

    def reload(self) -> None:
        """Read the config and every changed zone file again (SIGHUP), and wait until named
        has loaded each changed zone (its log says the reload succeeded before it has)."""
        assert self.process is not None
        changed = [z for z in self.zones if self._mtime(z) != self._loaded.get(z)]
        loads = {zone: self._loads(zone) for zone in changed}
        before = self._count("reloading zones succeeded")
        self.process.send_signal(signal.SIGHUP)
        self._wait_for("reloading zones succeeded", before)
        deadline = time.monotonic() + 20
        while any(self._loads(zone) <= count for zone, count in loads.items()):
            if time.monotonic() > deadline:
                raise AssertionError(f"named did not load {changed}:\n{self._text()}")
            time.sleep(0.02)
        self._loaded.update({zone: self._mtime(zone) for zone in changed})

    def _mtime(self, zone: str) -> int:
        path = self.zones[zone][0]
        return path.stat().st_mtime_ns if path.exists() else 0

    def _loads(self, zone: str) -> int:
        text = self._text()
        return text.count(f"zone {zone}/IN: loaded serial") + text.count(
            f"zone {zone}/IN (unsigned): loaded serial"
        )

    def _text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def _count(self, text: str) -> int:
        return self._text().count(text)

    def _wait_for(self, text: str, before: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while self._count(text) <= before:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"named stopped:\n{self.log.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise AssertionError(f"named did not say {text!r}:\n{self._text()}")
            time.sleep(0.02)


@pytest.fixture
def named(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Named]:
    """A ``Named`` not yet started (``serve`` its zones, then ``start``), stopped after."""
    if NAMED is None or not os.access(NAMED, os.X_OK):
        pytest.skip(MISSING)
    server = Named(tmp_path_factory.mktemp("named"))
    try:
        yield server
    finally:
        server.stop()
