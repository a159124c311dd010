"""The benchmarks of bench/ run once each at a tiny size, so that they keep working.

No time is asserted: only that each command exits 0, prints its ratio lines, and that both
tools did the same work (the same changes seen, the zone left as wanted).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench

BENCH = Path(__file__).resolve().parent.parent / "bench"
HAVE_OCTODNS = all(importlib.util.find_spec(m) for m in ("octodns", "octodns_gandi"))


def bench(script: str, *args: str) -> str:
    if not HAVE_OCTODNS:
        args = (*args, "--no-octodns")
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def ratios(output: str) -> dict[str, str]:
    return dict(re.findall(r"^  ratio (.+): (\S+)$", output, re.M))


def test_b1_preview_prints_both_tools_figures_and_ratios() -> None:
    out = bench("b1_preview.py", "--rrsets", "200,400", "--runs", "1")
    found = ratios(out)
    assert found["B1 dnsframe 400 / 200 rrsets (wall; linear: 2x)"].endswith("x")
    assert "  dnsframe preview" in out
    assert "4 corrections" in out  # 1 new, 2 modified, 1 removed
    if HAVE_OCTODNS:
        assert "1 creates, 2 updates, 1 deletes" in out
        assert found["B1 200 octoDNS / dnsframe (wall)"].endswith("x")
        assert found["B1 400 octoDNS / dnsframe (peak memory)"].endswith("x")


def test_b2_push_leaves_the_desired_zone_and_counts_the_writes() -> None:
    out = bench("b2_push.py", "--changes", "50", "--no-rate-limit")
    assert ratios(out)["B2 dnsframe writes / changed rrsets (50)"].endswith("x")
    assert out.count("final zone = desired") == (2 if HAVE_OCTODNS else 1)
    if HAVE_OCTODNS:
        assert ratios(out)["B2 octoDNS / dnsframe (writes)"].endswith("x")


def test_b3_preview_of_many_domains_serial_and_concurrent() -> None:
    out = bench("b3_domains.py", "--domains", "5", "--rrsets", "10", "--latency", "0.01")
    found = ratios(out)
    assert found["B3 dnsframe --concurrency 1 / default (wall)"].endswith("x")
    assert out.count("5 corrections") == 2
    if HAVE_OCTODNS:
        assert found["B3 octoDNS 8 workers / dnsframe default (wall)"].endswith("x")
        assert out.count("0 creates, 5 updates, 0 deletes") == 2


def test_b4_check_against_python_and_octodns_validate() -> None:
    out = bench("b4_check.py", "--runs", "1")
    found = ratios(out)
    assert found["B4 dnsframe check / python -c pass (wall)"].endswith("x")
    if HAVE_OCTODNS:
        assert found["B4 octoDNS / dnsframe (wall)"].endswith("x")


def test_the_in_process_benchmarks_still_run() -> None:
    for script, size, line in (
        ("bench_core.py", "500", "x baseline"),
        ("bench_gandi.py", "50", "x baseline"),
    ):
        done = subprocess.run(
            [sys.executable, str(BENCH / script), size],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert line in done.stdout + done.stderr
