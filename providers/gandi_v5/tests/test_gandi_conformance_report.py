"""``pytest --conformance-report FILE`` writes the API requests each group needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent.parent


def test_the_conformance_report_counts_requests_per_group(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    proc = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"{HERE / 'test_gandi_conformance.py'}::test_conformance_on_the_sandbox[A]",
            f"{HERE / 'test_gandi_conformance.py'}::test_conformance_on_the_sandbox[size-99]",
            "--conformance-report", str(report),
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = report.read_text().splitlines()
    assert lines[:2] == [
        "| provider | group | steps | reads | writes |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    rows = {line.split("|")[2].strip(): line.split("|") for line in lines[2:]}
    assert set(rows) == {"A", "size-99"}
    writes = int(rows["size-99"][5])
    assert 99 <= writes <= 99 + 10  # one PUT per rrset, plus emptying Gandi's default records
    assert int(rows["A"][4]) > 0
