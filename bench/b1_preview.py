"""B1: ``preview`` of one large zone with 1% changed (¼ new, ½ modified, ¼ removed).

The sandbox holds the zone as it is; dnsframe (``dnsframe preview``) and octoDNS
(``octodns-sync`` without ``--doit``) each read it and show the changes to the zone their config
describes. Prints each tool's wall time and peak memory (medians of ``--runs``), the changes
each found, and the ratios: octoDNS / dnsframe, and how dnsframe's time grows with the zone.

    .venv/bin/python bench/b1_preview.py [--rrsets 10000,100000] [--runs 3] [--no-octodns]
                                         [--inline]
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
from pathlib import Path

import benchlib as b

ZONE = "bench.tld"


def bench_size(size: int, runs: int, octodns: bool, inline: bool) -> tuple[float, float]:
    z = b.one_percent(size)
    print(
        f"B1 preview, {size} rrsets, {z.changes} changed ({z.new} new, {z.modified} modified, "
        f"{z.removed} removed), median of {runs}",
        flush=True,
    )
    zones = {ZONE: z.desired}
    with b.sandbox_with({ZONE: z.existing}) as sandbox, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        options = b.write_dnsframe(work, sandbox.url, zones, inline)
        # The first run compiles dnsconfig.py and keeps its code (dnsframe.compiled): what a CI
        # job that does not keep ~/.cache between runs pays each time. The runs after it read
        # the code back, as on an operator's machine.
        os.environ["DNSFRAME_CACHE_DIR"] = str(work / "cache")
        command = b.dnsframe_command("preview", *options)
        cold = b.run(command)
        b.figure("dnsframe preview, first run", cold, "   (config compiled, code kept)")
        if not octodns:
            df = b.median_run(command, runs)
            b.figure("dnsframe preview", df, f"   {b.dnsframe_changes(df.stdout)}")
            b.skipped_octodns()
            b.ratio(f"B1 {size} octoDNS / dnsframe (wall)", 0, 0)
            return df.seconds, df.max_rss_mib
        config = b.write_octodns(work, zones)
        sync = b.octodns_command(sandbox.url, "sync", "--config-file", str(config))
        df, octo = b.median_runs([command, sync], runs)  # in turns: see median_runs
        b.figure("dnsframe preview", df, f"   {b.dnsframe_changes(df.stdout)}")
        b.figure("octoDNS octodns-sync (plan)", octo, f"   {b.octodns_changes(octo.stderr)}")
    b.ratio(f"B1 {size} octoDNS / dnsframe (wall)", octo.seconds, df.seconds)
    b.ratio(f"B1 {size} octoDNS / dnsframe first run (wall)", octo.seconds, cold.seconds)
    b.ratio(f"B1 {size} octoDNS / dnsframe (peak memory)", octo.max_rss_mib, df.max_rss_mib)
    return df.seconds, df.max_rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rrsets", default="10000,100000", help="zone sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--no-octodns", action="store_true", help="dnsframe only")
    parser.add_argument(
        "--inline",
        action="store_true",
        help="records as D()'s own arguments (as get-zones writes them), not one list",
    )
    args = parser.parse_args()
    b.compile_like_an_install()
    sizes = [int(s) for s in args.rrsets.split(",")]
    octodns = not args.no_octodns and b.have_octodns()
    seen = [(size, *bench_size(size, args.runs, octodns, args.inline)) for size in sizes]
    for (small, t0, _), (big, t1, _) in itertools.pairwise(seen):
        b.ratio(f"B1 dnsframe {big} / {small} rrsets (wall; linear: {big / small:.0f}x)", t1, t0)


if __name__ == "__main__":
    main()
