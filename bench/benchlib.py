"""What the benchmarks share: the zones, the sandbox, the files each tool reads, and measuring a
command run as a subprocess (wall time, and its peak memory from ``wait4``).

Every benchmark describes the same records three ways: as the rrsets seeded into the local Gandi
sandbox (what is there before), as a ``dnsconfig.py`` for dnsframe and as octoDNS's YAML config
and zone files (what is wanted). dnsframe and octoDNS run as commands, each in its own process,
measured alike: octoDNS through ``octodns_sandbox.py``, which points octodns-gandi's hard-coded
endpoint at the sandbox.
"""

from __future__ import annotations

import compileall
import importlib.util
import ipaddress
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gandi_sandbox import GandiSandbox
from gandi_sandbox.rdata import rrset_from_seed

#: A fake token as long as GANDI_V5 requires.
TOKEN = "bench-token-0123456789"
#: Every rrset's TTL (one ``DefaultTTL`` in dnsconfig.py, ``ttl:`` in octoDNS's files).
TTL = 3600
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class RRset:
    """One rrset: a relative name (``@`` for the apex), a type, and its values as the Gandi API
    writes them (hostnames absolute with the dot, TXT strings quoted)."""

    name: str
    type: str
    values: tuple[str, ...]
    ttl: int = TTL


# --- the zones ---------------------------------------------------------------------------------

#: Types by ``i % 10``: four in ten A, two AAAA, then CNAME, MX, TXT and SRV.
KINDS = ("A", "A", "A", "A", "AAAA", "AAAA", "CNAME", "MX", "TXT", "SRV")


def rrset(i: int, version: int = 0) -> RRset:
    """The ``i``-th rrset of a benchmark zone, each at its own name; ``version`` 1 is the same
    rrset with other data (a modification)."""
    kind = KINDS[i % len(KINDS)]
    v = version
    if kind == "A":
        first = str(ipaddress.IPv4Address((10 << 24) + i + v * (1 << 20)))
        values = (first, str(ipaddress.IPv4Address((172 << 24) + (16 << 16) + i)))
        return RRset(f"a{i}", kind, values if i % 20 == 0 else (first,))
    if kind == "AAAA":
        return RRset(f"aaaa{i}", kind, (str(ipaddress.IPv6Address((0x20010DB8 << 96) + i + v)),))
    if kind == "CNAME":
        return RRset(f"c{i}", kind, (f"target{i}-{v}.example.net.",))
    if kind == "MX":
        return RRset(f"m{i}", kind, (f"{10 + v} mx1-{i}.example.net.", f"20 mx2-{i}.example.net."))
    if kind == "TXT":
        return RRset(f"t{i}", kind, (f'"v=bench{v + 1} item {i}"',))
    return RRset(f"_s{i}._tcp", kind, (f"10 20 {443 + v} srv{i}.example.net.",))


@dataclass(frozen=True)
class Zone:
    """A benchmark zone: what the provider holds before (``existing``) and what the config wants
    (``desired``), and how many rrsets differ."""

    existing: tuple[RRset, ...]
    desired: tuple[RRset, ...]
    new: int
    modified: int
    removed: int

    @property
    def changes(self) -> int:
        return self.new + self.modified + self.removed


def zone(size: int, new: int, modified: int, removed: int) -> Zone:
    """``size`` rrsets exist; ``new`` are added, ``modified`` changed and ``removed`` deleted, the
    changed and removed ones spread evenly over the zone."""
    if modified + removed > size:
        raise ValueError("cannot change more rrsets than the zone has")
    existing = [rrset(i) for i in range(size)]
    touched = modified + removed
    picks = [k * size // touched for k in range(touched)] if touched else []
    # the removed ones spread among the modified ones (Bresenham's way)
    remove = {
        p for k, p in enumerate(picks) if (k + 1) * removed // touched > k * removed // touched
    }
    modify = set(picks) - remove
    desired = [rrset(i, 1) if i in modify else rrset(i) for i in range(size) if i not in remove]
    desired += [rrset(i) for i in range(size, size + new)]
    return Zone(tuple(existing), tuple(desired), new, len(modify), len(remove))


def one_percent(size: int) -> Zone:
    """1% of the rrsets changed: a quarter new, half modified, a quarter removed."""
    changed = max(4, size // 100)
    return zone(size, changed // 4, changed - 2 * (changed // 4), changed // 4)


# --- the sandbox -------------------------------------------------------------------------------


def gandi_json(r: RRset) -> dict[str, Any]:
    return {
        "rrset_name": r.name,
        "rrset_type": r.type,
        "rrset_ttl": r.ttl,
        "rrset_values": list(r.values),
    }


def sandbox_with(zones: Mapping[str, Sequence[RRset]]) -> GandiSandbox:
    """A sandbox (not started) with the bench token and these zones, each holding these rrsets
    only (the registry's nameservers are LiveDNS's)."""
    sandbox = GandiSandbox(nameserver_apply_after_reads=0)
    sandbox.add_token(TOKEN)
    for name, rrsets in zones.items():
        sandbox.add_domain(name, rrsets=[gandi_json(r) for r in rrsets])
    return sandbox


def canonical(zone_name: str, rrsets: Iterable[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """Rrsets as the sandbox stores them (its own canonical form), values as a sorted tuple."""
    out = set()
    for data in rrsets:
        r = rrset_from_seed(zone_name, data).to_api()
        values = tuple(sorted(r["rrset_values"]))
        out.add((r["rrset_name"], r["rrset_type"], r["rrset_ttl"], values))
    return out


@dataclass(frozen=True)
class Outcome:
    """How the zone a tool left compares to the one wanted."""

    missing: int  # wanted, absent
    extra: int  # present, not wanted
    wrong: int  # present with other data
    lost: int  # in the zone before, still wanted, gone

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.wrong)

    def text(self) -> str:
        if self.ok:
            return "final zone = desired"
        return (
            f"final zone differs: {self.missing} wanted rrsets missing ({self.lost} of them "
            f"existed before: lost), {self.wrong} with other data, {self.extra} not wanted"
        )


def outcome(sandbox: GandiSandbox, zone_name: str, z: Zone) -> Outcome:
    final = canonical(zone_name, sandbox.records(zone_name))
    wanted = canonical(zone_name, (gandi_json(r) for r in z.desired))
    before = {(r[0], r[1]) for r in canonical(zone_name, (gandi_json(r) for r in z.existing))}
    final_keys = {(r[0], r[1]) for r in final}
    wanted_keys = {(r[0], r[1]) for r in wanted}
    missing = wanted_keys - final_keys
    return Outcome(
        missing=len(missing),
        extra=len(final_keys - wanted_keys),
        wrong=len({(r[0], r[1]) for r in final - wanted} & wanted_keys),
        lost=len(missing & before),
    )


# --- dnsframe's files --------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text)


def dnsframe_call(r: RRset) -> list[str]:
    """The DSL calls for one rrset, one per value, as ``get-zones`` writes them."""
    calls = []
    for value in r.values:
        if r.type == "MX":
            prio, host = value.split()
            calls.append(f"MX({_q(r.name)}, {prio}, {_q(host)})")
        elif r.type == "SRV":
            prio, weight, port, host = value.split()
            calls.append(f"SRV({_q(r.name)}, {prio}, {weight}, {port}, {_q(host)})")
        elif r.type == "TXT":
            calls.append(f"TXT({_q(r.name)}, {_q(value.strip(chr(34)))})")
        else:
            calls.append(f"{r.type}({_q(r.name)}, {_q(value)})")
    return calls


def write_dnsframe(
    work: Path, url: str, zones: Mapping[str, Sequence[RRset]], inline: bool = False
) -> list[str]:
    """dnsconfig.py (registrar NONE, one GANDI_V5 provider) and creds.json in ``work``; the
    options that point a command at them. Each zone's records are a list given to ``D()``, one
    call a line; ``inline``: as ``D()``'s own arguments, the way ``get-zones`` writes them."""
    lines = ['REG = NewRegistrar("none")', 'GANDI = NewDnsProvider("gandi", "GANDI_V5")', ""]
    for k, (name, rrsets) in enumerate(zones.items()):
        calls = [f"    {call}," for r in rrsets for call in dnsframe_call(r)]
        head = f"D({_q(name)}, REG, DnsProvider(GANDI), DefaultTTL({TTL})"
        if inline:
            lines += [f"{head},", *calls, ")"]
        else:
            lines += [f"RECORDS_{k} = [", *calls, "]", f"{head}, RECORDS_{k})"]
    (work / "dnsconfig.py").write_text("\n".join(lines) + "\n")
    creds = work / "creds.json"
    creds.write_text(json.dumps({"gandi": {"TYPE": "GANDI_V5", "token": TOKEN, "apiurl": url}}))
    creds.chmod(0o600)
    return ["--config", str(work / "dnsconfig.py"), "--creds", str(creds)]


def dnsframe_command(*args: str) -> list[str]:
    """The ``dnsframe`` command of this Python's environment."""
    return [str(BIN / "dnsframe"), *args]


# --- octoDNS's files ---------------------------------------------------------------------------


def have_octodns() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("octodns", "octodns_gandi"))


def _octodns_value(r: RRset, value: str) -> str:
    """One value in octoDNS's YAML, keys in the natural order octoDNS enforces."""
    if r.type == "MX":
        prio, host = value.split()
        return f"{{exchange: {host}, preference: {prio}}}"
    if r.type == "SRV":
        prio, weight, port, host = value.split()
        return f"{{port: {port}, priority: {prio}, target: {host}, weight: {weight}}}"
    if r.type == "TXT":
        return _q(value.strip('"'))
    return _q(value)


def write_octodns(
    work: Path, zones: Mapping[str, Sequence[RRset]], max_workers: int | None = None
) -> Path:
    """octoDNS's config (a YamlProvider source, the Gandi provider as target) and one zone file
    per zone, in ``work``; the config's path."""
    zdir = work / "octodns-zones"
    zdir.mkdir(exist_ok=True)
    key = _natural_key()
    for name, rrsets in zones.items():
        lines = ["---"]
        for r in sorted(rrsets, key=lambda r: key("" if r.name == "@" else r.name)):
            label = "''" if r.name == "@" else r.name
            values = [_octodns_value(r, v) for v in r.values]
            if len(values) == 1:
                body = f"value: {values[0]}"
            else:
                body = "values:\n" + "\n".join(f"    - {v}" for v in values)
            lines.append(f"{label}:\n  ttl: {r.ttl}\n  type: {r.type}\n  {body}")
        (zdir / f"{name}.yaml").write_text("\n".join(lines) + "\n")
    manager = f"manager:\n  max_workers: {max_workers}\n" if max_workers else ""
    config = work / f"octodns-{max_workers or 'default'}.yaml"
    zone_lines = "".join(
        f"  {name}.:\n    sources: [config]\n    targets: [gandi]\n" for name in zones
    )
    config.write_text(
        f"---\n{manager}providers:\n"
        f"  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: {zdir}\n"
        f"  gandi:\n    class: octodns_gandi.GandiProvider\n    token: {TOKEN}\n"
        f"zones:\n{zone_lines}"
    )
    return config


def _natural_key() -> Any:
    from natsort import natsort_keygen

    return natsort_keygen()


def octodns_command(url: str, command: str, *args: str) -> list[str]:
    """``octodns-<command> ARGS`` with octodns-gandi pointed at the sandbox at ``url``."""
    return [sys.executable, str(HERE / "octodns_sandbox.py"), f"{url}/v5", command, *args]


# --- measuring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One command's run: wall time, peak resident memory (from ``wait4``), exit status, output."""

    seconds: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str

    def last_error(self) -> str:
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return lines[-1] if lines else ""


def compile_like_an_install() -> None:
    """Write the bytecode of dnsframe's packages, as ``pip install`` does for every package it
    installs (octoDNS's included): an editable install under ``PYTHONDONTWRITEBYTECODE`` (set in
    some environments) would otherwise compile dnsframe's modules again at every start."""
    root = HERE.parent
    for folder in (
        root / "dnsframe",
        root / "providers" / "gandi_v5" / "dnsframe_gandi_v5",
        root / "providers" / "gandi_sandbox" / "gandi_sandbox",
    ):
        compileall.compile_dir(folder, quiet=1)


def run(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run ``command`` and wait for it with ``os.wait4``: its own peak RSS, not the largest of
    every child this process has had (``RUSAGE_CHILDREN``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            max_rss_mib=usage.ru_maxrss / 1024,  # kilobytes on Linux
            returncode=proc.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def median_run(command: Sequence[str], runs: int, check: bool = True) -> Run:
    """The median wall time and the median peak memory of ``runs`` runs (output of the last)."""
    return median_runs([command], runs, check)[0]


def median_runs(commands: Sequence[Sequence[str]], runs: int, check: bool = True) -> list[Run]:
    """:func:`median_run` of each command, their runs taken in turns (A B, B A, A B...): on a
    machine whose speed drifts (a shared VM), both see the same moments, and their ratio holds
    better than their times."""
    results: list[list[Run]] = [[] for _ in commands]
    for n in range(runs):
        order = list(range(len(commands)))
        for i in order if n % 2 == 0 else reversed(order):
            done = run(commands[i])
            if check and done.returncode != 0:
                raise SystemExit(
                    f"{' '.join(commands[i])} exited {done.returncode}:\n{done.stdout[-2000:]}\n"
                    f"{done.stderr[-2000:]}"
                )
            results[i].append(done)
    return [
        replace(
            each[-1],
            seconds=statistics.median(r.seconds for r in each),
            max_rss_mib=statistics.median(r.max_rss_mib for r in each),
        )
        for each in results
    ]


def dnsframe_changes(output: str) -> str:
    """The corrections ``preview`` or ``push`` listed (one per changed rrset or label)."""
    n = sum(int(n) for n in re.findall(r"^(\d+) corrections? \(", output, re.M))
    return f"{n} corrections"


def octodns_changes(output: str) -> str:
    """The changes in octoDNS's plan (the sum over its zones)."""
    found = re.findall(r"plan:\s+Creates=(\d+), Updates=(\d+), Deletes=(\d+)", output)
    c, u, d = (sum(int(f[i]) for f in found) for i in range(3))
    return f"{c} creates, {u} updates, {d} deletes"


# --- printing ----------------------------------------------------------------------------------


def figure(label: str, r: Run, extra: str = "") -> None:
    print(f"  {label:38} {r.seconds:8.2f} s {r.max_rss_mib:8.0f} MiB{extra}", flush=True)


def ratio(label: str, numerator: float, denominator: float) -> None:
    """One ``ratio`` line (the CI test looks for them)."""
    value = f"{numerator / denominator:.2f}x" if denominator else "n/a"
    print(f"  ratio {label}: {value}", flush=True)


def skipped_octodns() -> None:
    print("  octoDNS: not installed (pip install -e '.[bench]'), its side skipped", flush=True)
