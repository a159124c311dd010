"""A large dnsconfig.py is compiled once and its code kept in the cache folder
(:mod:`dnsframe.compiled`): the second run reads it back, gives the same result, and any change
to the file is seen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dnsframe import compiled
from tests.conftest import Run as CommandRunner


def _config(path: Path, records: int = 3000, bad_at: int | None = None, last: str = "1") -> Path:
    """A config over compiled.MIN_SIZE characters: one A record a line."""
    lines = ['REG = NewRegistrar("none")', 'DNS = NewDnsProvider("bind", "BIND")']
    lines.append('D("big.tld", REG, DnsProvider(DNS),')
    for i in range(records):
        address = "10.0.0.300" if i == bad_at else f"10.0.{i // 256}.{i % 256}"
        lines.append(f'    A("host-with-a-long-name-{i}", "{address}"),')
    lines.append(f'    A("last", "192.0.2.{last}"),')
    lines.append(")")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(path.read_text()) >= compiled.MIN_SIZE
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DNSFRAME_CACHE_DIR", str(folder))
    return folder


def _ir(run: CommandRunner) -> dict[str, Any]:
    result = run("print-ir", "--config", "dnsconfig.py")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _last(ir: dict[str, Any]) -> list[str]:
    [domain] = ir["domains"]
    return [r["content"] for r in domain["records"] if r["name"] == "last"]


def test_a_large_config_is_compiled_once_and_read_back(
    run: CommandRunner, workdir: Path, cache: Path
) -> None:
    _config(workdir / "dnsconfig.py")
    cold = _ir(run)
    [entry] = cache.glob("*.code")
    assert (cache.stat().st_mode & 0o077) == 0  # the owner's only
    written = entry.stat().st_mtime_ns
    warm = _ir(run)
    assert warm == cold
    assert entry.stat().st_mtime_ns == written  # read, not written again
    assert list(cache.glob("*.code")) == [entry]


def test_a_changed_file_is_compiled_again_never_a_stale_hit(
    run: CommandRunner, workdir: Path, cache: Path
) -> None:
    _config(workdir / "dnsconfig.py", last="1")
    assert _last(_ir(run)) == ["192.0.2.1"]
    _config(workdir / "dnsconfig.py", last="2")
    assert _last(_ir(run)) == ["192.0.2.2"]
    assert len(list(cache.glob("*.code"))) == 2


def test_errors_name_the_same_line_from_the_cached_code(
    run: CommandRunner, workdir: Path, cache: Path
) -> None:
    _config(workdir / "dnsconfig.py", bad_at=1234)
    first = run("check")
    second = run("check")
    assert first.exit_code == second.exit_code == 1
    line = 4 + 1234  # three lines before the records, counting from 1
    assert f"dnsconfig.py:{line}: " in first.stderr
    assert first.stderr == second.stderr
    assert len(list(cache.glob("*.code"))) == 1


def test_a_damaged_entry_is_compiled_again(run: CommandRunner, workdir: Path, cache: Path) -> None:
    _config(workdir / "dnsconfig.py")
    cold = _ir(run)
    [entry] = cache.glob("*.code")
    entry.write_bytes(b"\x00not marshal data")
    assert _ir(run) == cold
    assert entry.read_bytes() != b"\x00not marshal data"


def test_off_and_small_configs_write_nothing(
    run: CommandRunner, workdir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "dnsconfig.py").write_text(
        'D("small.tld", NewRegistrar("none"), DnsProvider(NewDnsProvider("bind", "BIND")),\n'
        '  A("@", "192.0.2.1"))\n'
    )
    assert run("check").exit_code == 0
    assert not cache.exists()
    _config(workdir / "dnsconfig.py")
    monkeypatch.setenv("DNSFRAME_CACHE_DIR", "off")
    assert run("check").exit_code == 0
    assert not cache.exists()


def test_the_cache_keeps_only_the_newest_entries(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled, "KEEP", 2)
    for n in range(4):
        source = f"X = {n}\n" + "#" * compiled.MIN_SIZE + "\n"
        code = compiled.compile_config(source, str(tmp_path / f"c{n}.py"))
        namespace: dict[str, object] = {}
        exec(code, namespace)
        assert namespace["X"] == n
    assert len(list(cache.glob("*.code"))) == 2
