"""Benchmark: evaluating, validating and diffing a zone of tens of thousands of records.

Prints each stage's time as a ratio to a baseline measured in the same process: parsing the same
records' data with dnspython alone (the least any tool that validates record data must spend).

    .venv/bin/python bench/bench_core.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import dns.rdata
import dns.rdataclass
import dns.rdatatype

from dnsframe.diff import diff_zone
from dnsframe.evaluate import load_config
from dnsframe.model import Record
from dnsframe.validate import validate


def records_source(n: int) -> str:
    return (
        'REG = NewRegistrar("none")\nD("bench.tld", REG,\n'
        '  [A(f"h{i}", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")\n'
        f"   for i in range({n})],\n"
        f'  [MX(f"m{{i}}", 10, f"mx{{i}}") for i in range({n // 5})],\n'
        f'  [TXT(f"t{{i}}", f"text {{i}}") for i in range({n // 5})],\n'
        ")\n"
    )


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dnsconfig.py"
        path.write_text(records_source(n))
        texts = [("A", f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}") for i in range(n)]
        texts += [("MX", f"10 mx{i}.bench.tld.") for i in range(n // 5)]
        texts += [("TXT", f'"text {i}"') for i in range(n // 5)]

        def baseline() -> None:
            for rtype, text in texts:
                dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), text)

        base = timed(baseline)
        config = load_config(path)
        evaluate = timed(lambda: load_config(path))
        check = timed(lambda: validate(config))
        domain = config.domains[0]
        existing = [
            Record(r.name, r.type, r.content if i % 100 else "10.255.255.255", r.ttl)
            for i, r in enumerate(domain.records)
        ]
        changes = diff_zone(domain, existing)
        diff = timed(lambda: diff_zone(domain, existing))
    total = len(domain.records)
    print(f"{total} records; baseline (dnspython parses the data alone): {base:.3f}s")
    for name, seconds in (("evaluate dnsconfig.py", evaluate), ("validate", check), ("diff", diff)):
        print(f"  {name:24} {seconds:.3f}s  = {seconds / base:.2f} x baseline")
    print(f"  ({len(changes)} rrsets differ)")


if __name__ == "__main__":
    main()
