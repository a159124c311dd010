"""B4: ``check`` of a small config (12 records): the cost of starting the command.

Runs ``python -c pass`` (the least any Python command costs), ``dnsframe check`` and octoDNS's
``octodns-validate`` on the same 12 records, each ``--runs`` times as a subprocess, and prints
the medians and the ratios: dnsframe / ``python -c pass``, octoDNS / dnsframe.

    .venv/bin/python bench/b4_check.py [--runs 5] [--no-octodns]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import benchlib as b

ZONE = "bench.tld"
#: 12 records in 10 rrsets: A (one at the apex), AAAA, CNAME, MX, TXT, SRV.
RRSETS = [b.rrset(i) for i in range(10)]
RRSETS[1] = b.RRset("@", "A", ("192.0.2.1",))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (median)")
    parser.add_argument("--no-octodns", action="store_true", help="dnsframe only")
    args = parser.parse_args()
    b.compile_like_an_install()
    records = sum(len(r.values) for r in RRSETS)
    print(f"B4 check, {records} records, median of {args.runs}", flush=True)
    zones = {ZONE: RRSETS}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # check reads no creds and contacts nothing: the URL is never used
        options = b.write_dnsframe(work, "http://127.0.0.1:9", zones)
        base = b.median_run([sys.executable, "-c", "pass"], args.runs)
        b.figure("python -c pass", base)
        df = b.median_run(b.dnsframe_command("check", *options[:2]), args.runs)
        b.figure("dnsframe check", df)
        b.ratio("B4 dnsframe check / python -c pass (wall)", df.seconds, base.seconds)
        if args.no_octodns or not b.have_octodns():
            b.skipped_octodns()
            b.ratio("B4 octoDNS / dnsframe (wall)", 0, 0)
            return
        config = b.write_octodns(work, zones)
        octo = b.median_run(
            b.octodns_command("http://127.0.0.1:9", "validate", "--config-file", str(config)),
            args.runs,
        )
        b.figure("octoDNS octodns-validate", octo)
    b.ratio("B4 octodns-validate / python -c pass (wall)", octo.seconds, base.seconds)
    b.ratio("B4 octoDNS / dnsframe (wall)", octo.seconds, df.seconds)


if __name__ == "__main__":
    main()
