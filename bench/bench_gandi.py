"""Benchmark: GANDI_V5 pushing and previewing a large zone on the local sandbox.

Baseline, in the same process and against the same sandbox: a plain ``requests`` loop that
writes the same rrsets with one PUT each (what any client must at least do without the
whole-zone call), then reads them back with the same pagination. Prints dnsframe's time and
request counts as ratios to it.

    .venv/bin/python bench/bench_gandi.py [RRSETS]
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import requests
from gandi_sandbox import GandiSandbox

from dnsframe.cli import main

#: A fake token as long as GANDI_V5 requires.
TOKEN = "bench-token-0123456789"


def dnsframe(*args: str) -> None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            main(list(args))
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise RuntimeError(f"dnsframe {' '.join(args)} exited {exc.code}") from None


def main_bench() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with (
        GandiSandbox(nameserver_apply_after_reads=0) as sandbox,
        tempfile.TemporaryDirectory() as tmp,
    ):
        sandbox.add_token(TOKEN)
        sandbox.add_domain("baseline.tld", empty=True)
        sandbox.add_domain("bench.tld", empty=True)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        base = f"{sandbox.url}/v5/livedns/domains/baseline.tld/records"

        start = time.perf_counter()
        for i in range(n):
            body = {
                "rrset_ttl": 300,
                "rrset_values": [f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"],
            }
            session.put(f"{base}/h{i}/A", json=body, timeout=30).raise_for_status()
        page, seen = 1, 0
        while seen < n:
            got = session.get(base, params={"page": page, "per_page": 500}, timeout=30).json()
            seen, page = seen + len(got), page + 1
        baseline = time.perf_counter() - start
        baseline_requests = len(sandbox.requests)

        work = Path(tmp)
        (work / "creds.json").write_text(json.dumps({"gandi": {
            "TYPE": "GANDI_V5", "token": TOKEN, "apiurl": sandbox.url, "rate_limit": 10**6,
        }}))  # fmt: skip
        (work / "creds.json").chmod(0o600)
        (work / "dnsconfig.py").write_text(
            'REG = NewRegistrar("none")\nG = NewDnsProvider("gandi", "GANDI_V5")\n'
            'D("bench.tld", REG, DnsProvider(G),\n'
            '  [A(f"h{i}", f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")\n'
            f"   for i in range({n})])\n"
        )
        config, creds = "--config", str(work / "dnsconfig.py")
        results = []
        for name, args in (
            ("push (create all)", ("push", config, creds, "--creds", str(work / "creds.json"))),
            (
                "preview (no change)",
                ("preview", config, creds, "--creds", str(work / "creds.json")),
            ),
        ):
            sandbox.clear_log()
            start = time.perf_counter()
            dnsframe(*args)
            results.append((name, time.perf_counter() - start, len(sandbox.requests)))
    print(
        f"{n} A rrsets; baseline (plain requests, one PUT each, then a paginated read): "
        f"{baseline:.2f}s, {baseline_requests} requests",
        file=sys.stderr,
    )
    for name, seconds, count in results:
        print(
            f"  dnsframe {name:22} {seconds:.2f}s = {seconds / baseline:.2f} x baseline; "
            f"{count} requests = {count / baseline_requests:.2f} x",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main_bench()
