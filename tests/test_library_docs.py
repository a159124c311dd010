"""The Python examples of docs/library.md run, and do what the page says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "library.md"


def _examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_library_examples_preview_and_push_a_bind_zone(tmp_path: Path) -> None:
    (tmp_path / "creds.json").write_text(json.dumps({"bind": {"TYPE": "BIND", "directory": "z"}}))
    (tmp_path / "dnsconfig.py").write_text(
        'D("example.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind")),\n'
        '  A("www", "192.0.2.1"))\n'
    )
    preview, push = _examples()
    shown = _python(preview, tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines() == [
        "******************** Domain: example.tld",
        "1 correction (bind)",
        "#1: + CREATE www.example.tld A 192.0.2.1 ttl=300",
        "1 correction(s), ok=True",
    ]
    assert not (tmp_path / "z").exists()  # preview wrote nothing
    pushed = _python(push, tmp_path)
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout == "example.tld: + CREATE www.example.tld A 192.0.2.1 ttl=300\n"
    assert "www 300 IN A 192.0.2.1" in (tmp_path / "z" / "example.tld.zone").read_text()
    again = _python(preview, tmp_path)
    assert again.stdout.splitlines()[-1] == "0 correction(s), ok=True"
