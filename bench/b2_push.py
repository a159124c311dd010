"""B2: ``push`` of many changes (30% new, 40% changed, 30% removed) into a zone ten times as
large, with the sandbox's rate limit on (Gandi's: 1000 requests a minute).

Each tool pushes into a fresh sandbox holding the same zone: dnsframe (``dnsframe push``) and
octoDNS (``octodns-sync --doit``). Prints each one's requests, writes, 429 answers, wall time,
peak memory and whether the zone left is the one wanted; and the ratios: writes to changed
rrsets (the fewest a client without a whole-zone call can make), octoDNS / dnsframe.

    .venv/bin/python bench/b2_push.py [--changes 1000] [--rate-limit 1000 | --no-rate-limit]
                                      [--no-octodns]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import benchlib as b
from gandi_sandbox import GandiSandbox

ZONE = "bench.tld"


def push(
    label: str,
    z: b.Zone,
    rate_limit: int | None,
    command: Callable[[GandiSandbox, Path], Sequence[str]],
) -> tuple[b.Run, int]:
    """Run one tool's push into a fresh sandbox; print its figures; its run and writes."""
    with b.sandbox_with({ZONE: z.existing}) as sandbox, tempfile.TemporaryDirectory() as tmp:
        argv = command(sandbox, Path(tmp))
        sandbox.clear_log()
        if rate_limit:
            sandbox.faults.rate_limit(rate_limit)
        r = b.run(argv)
        log = sandbox.requests
        sandbox.faults.clear()
        done = [e for e in log if e.method != "GET" and e.status < 400]
        writes = sum(1 for e in done if "/records" in e.path)
        limited = sum(1 for e in log if e.status == 429)
        result = b.outcome(sandbox, ZONE, z)
    status = "complete" if r.returncode == 0 else f"exit {r.returncode}: {r.last_error()[:160]}"
    b.figure(label, r)
    print(
        f"    {len(log)} requests, {writes} writes of records (+{len(done) - writes} other: "
        f"snapshots), {limited} answered 429; {status}; "
        f"{result.text()}",
        flush=True,
    )
    return r, writes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000, help="changed rrsets (zone: 10x)")
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--rate-limit", type=int, default=1000, help="sandbox requests/minute")
    limit.add_argument("--no-rate-limit", action="store_true", help="the sandbox never says 429")
    parser.add_argument("--no-octodns", action="store_true", help="dnsframe only")
    args = parser.parse_args()
    b.compile_like_an_install()
    n = args.changes
    new, removed = n * 3 // 10, n * 3 // 10
    z = b.zone(10 * n, new, n - new - removed, removed)
    rate_limit = None if args.no_rate_limit else args.rate_limit
    print(
        f"B2 push, {z.changes} changes ({z.new} new, {z.modified} changed, {z.removed} removed) "
        f"in {len(z.existing)} rrsets; sandbox rate limit: "
        f"{f'{rate_limit} requests a minute' if rate_limit else 'none'}",
        flush=True,
    )
    zones = {ZONE: z.desired}

    def dnsframe(sandbox: GandiSandbox, work: Path) -> list[str]:
        return b.dnsframe_command("push", *b.write_dnsframe(work, sandbox.url, zones))

    df, df_writes = push("dnsframe push", z, rate_limit, dnsframe)
    b.ratio(f"B2 dnsframe writes / changed rrsets ({z.changes})", df_writes, z.changes)
    if args.no_octodns or not b.have_octodns():
        b.skipped_octodns()
        b.ratio("B2 octoDNS / dnsframe (wall)", 0, 0)
        return

    def octodns(sandbox: GandiSandbox, work: Path) -> list[str]:
        config = b.write_octodns(work, zones)
        return b.octodns_command(sandbox.url, "sync", "--config-file", str(config), "--doit")

    octo, octo_writes = push("octoDNS octodns-sync --doit", z, rate_limit, octodns)
    b.ratio(f"B2 octoDNS writes / changed rrsets ({z.changes})", octo_writes, z.changes)
    b.ratio("B2 octoDNS / dnsframe (writes)", octo_writes, df_writes)
    b.ratio("B2 octoDNS / dnsframe (wall)", octo.seconds, df.seconds)


if __name__ == "__main__":
    main()
