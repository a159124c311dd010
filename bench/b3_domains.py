"""B3: ``preview`` of many small domains (200 x 50 rrsets, one rrset changed in each) when every
request takes 50 ms (the sandbox's ``faults.latency(0.05)``).

dnsframe runs with its default concurrency and with ``--concurrency 1``; octoDNS
(``octodns-sync`` without ``--doit``) with ``max_workers`` 1 and 8. Prints each run's wall time,
peak memory and requests, and the ratios: dnsframe's speed-up over its serial run, octoDNS /
dnsframe.

    .venv/bin/python bench/b3_domains.py [--domains 200] [--rrsets 50] [--latency 0.05]
                                         [--no-octodns]
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

import benchlib as b
from gandi_sandbox import GandiSandbox


def measured(label: str, sandbox: GandiSandbox, command: Sequence[str]) -> b.Run:
    sandbox.clear_log()
    r = b.run(command)
    if r.returncode != 0:
        raise SystemExit(f"{label} exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    seen = b.octodns_changes(r.stderr) if "octoDNS" in label else b.dnsframe_changes(r.stdout)
    b.figure(label, r, f"   {len(sandbox.requests)} requests, {seen}")
    return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--rrsets", type=int, default=50, help="rrsets per domain")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument("--no-octodns", action="store_true", help="dnsframe only")
    args = parser.parse_args()
    b.compile_like_an_install()
    zones = [f"bench{k:03}.tld" for k in range(args.domains)]
    z = b.zone(args.rrsets, 0, 1, 0)
    print(
        f"B3 preview, {args.domains} domains x {args.rrsets} rrsets (1 changed in each), "
        f"{args.latency * 1000:.0f} ms per request",
        flush=True,
    )
    desired = dict.fromkeys(zones, z.desired)
    with (
        b.sandbox_with(dict.fromkeys(zones, z.existing)) as sandbox,
        tempfile.TemporaryDirectory() as tmp,
    ):
        sandbox.faults.latency(args.latency)
        work = Path(tmp)
        options = b.write_dnsframe(work, sandbox.url, desired)
        df = measured("dnsframe preview", sandbox, b.dnsframe_command("preview", *options))
        serial = measured(
            "dnsframe preview --concurrency 1",
            sandbox,
            b.dnsframe_command("preview", "--concurrency", "1", *options),
        )
        b.ratio("B3 dnsframe --concurrency 1 / default (wall)", serial.seconds, df.seconds)
        if args.no_octodns or not b.have_octodns():
            b.skipped_octodns()
            b.ratio("B3 octoDNS 8 workers / dnsframe (wall)", 0, 0)
            return
        octo = {}
        for workers in (1, 8):
            config = b.write_octodns(work, desired, max_workers=workers)
            octo[workers] = measured(
                f"octoDNS octodns-sync, max_workers {workers}",
                sandbox,
                b.octodns_command(sandbox.url, "sync", "--config-file", str(config)),
            )
    b.ratio("B3 octoDNS 1 worker / dnsframe default (wall)", octo[1].seconds, df.seconds)
    b.ratio("B3 octoDNS 8 workers / dnsframe default (wall)", octo[8].seconds, df.seconds)
    b.ratio("B3 octoDNS 1 worker / 8 workers (wall)", octo[1].seconds, octo[8].seconds)


if __name__ == "__main__":
    main()
