"""Every hook and every method of the provider contract: when dnsframe calls it, with what, and
what it does with the answer. One test per hook (``test_hook_<name>``) and per protocol method
(``test_<protocol>_<method>``); ``test_contract_is_documented_and_tested`` keeps it so."""

from __future__ import annotations

import ast
import inspect
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from dnsframe import hookimpl, hookspecs, plugins
from dnsframe.providers import (
    Capabilities,
    Correction,
    DnsProvider,
    Domain,
    ExistingZone,
    Record,
    RecordAuditor,
    RecordNormalizer,
    Register,
    Registrar,
    Snapshot,
    UnmanagedReporter,
    UnmanagedRrset,
    ZoneChanges,
    ZoneLister,
    ZoneSnapshotter,
)
from tests.conftest import Run

PROTOCOLS = (
    DnsProvider,
    Registrar,
    ZoneLister,
    RecordAuditor,
    RecordNormalizer,
    ZoneSnapshotter,
    UnmanagedReporter,
)
REPO = Path(__file__).resolve().parent.parent

#: Every call the recorder saw, in order: (method, creds key, details).
CALLS: list[tuple[str, str, Any]] = []
ZONES: dict[str, list[Record]] = {}
DELEGATED: dict[str, list[str]] = {}
SNAPSHOTS: dict[str, tuple[Snapshot, list[Record]]] = {}


class Recorder:
    """A DNS provider and registrar that implements every protocol and records each call."""

    def __init__(self, name: str, settings: Any, metadata: Any) -> None:
        self.name = name
        self.settings = dict(settings)
        CALLS.append(("__init__", name, (dict(settings), dict(metadata))))

    def get_nameservers(self, zone: str) -> Sequence[str]:
        CALLS.append(("get_nameservers", self.name, zone))
        return ["NS1.Recorder.Example.", "ns2.recorder.example"]

    def get_zone(self, zone: str) -> ExistingZone:
        CALLS.append(("get_zone", self.name, zone))
        return ExistingZone(tuple(ZONES.get(zone, [])), state={"read": zone, "key": self.name})

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        CALLS.append(("get_zone_corrections", self.name, (domain, existing, changes)))
        out = [Correction(f"zone {domain.name} state {existing.state['read']}")]  # an INFO
        for change in changes.by_rrset:

            def apply(change: Any = change) -> None:
                CALLS.append(("apply", self.name, change.name))
                kept = [r for r in ZONES.get(domain.name, []) if r.name != change.name]
                ZONES[domain.name] = kept + list(change.new)

            out.append(Correction(change.lines(domain.name), apply))
        return out

    def list_zones(self) -> Sequence[str]:
        CALLS.append(("list_zones", self.name, None))
        return sorted(ZONES)

    def audit_records(self, domain: Domain) -> Sequence[tuple[Record | None, str]]:
        CALLS.append(("audit_records", self.name, domain))
        return [
            (r, "the recorder refuses the name 'bad'") for r in domain.records if r.name == "bad"
        ]

    def normalize_records(
        self, domain: Domain, records: Sequence[Record]
    ) -> tuple[Sequence[Record], Sequence[str]]:
        CALLS.append(("normalize_records", self.name, (domain, list(records))))
        out = [
            Record(r.name, r.type, r.content, max(r.ttl, 600), r.metadata, r.source)
            for r in records
        ]
        warnings = [f"{r.name}: TTL {r.ttl} raised to 600" for r in records if r.ttl < 600]
        return out, warnings

    def take_snapshot(self, zone: str, name: str) -> Snapshot | None:
        CALLS.append(("take_snapshot", self.name, (zone, name)))
        if zone not in ZONES:
            return None
        snap = Snapshot(f"s{len(SNAPSHOTS) + 1}", name, "2026-12-01T00:00:00Z")
        SNAPSHOTS[snap.id] = (snap, list(ZONES[zone]))
        return snap

    def list_snapshots(self, zone: str) -> Sequence[Snapshot]:
        CALLS.append(("list_snapshots", self.name, zone))
        return [snap for snap, _ in SNAPSHOTS.values()]

    def snapshot_records(self, zone: str, snapshot_id: str) -> Sequence[Record]:
        CALLS.append(("snapshot_records", self.name, (zone, snapshot_id)))
        return SNAPSHOTS[snapshot_id][1]

    def unmanaged_rrsets(self, zone: str, existing: ExistingZone) -> Sequence[UnmanagedRrset]:
        CALLS.append(("unmanaged_rrsets", self.name, (zone, existing)))
        return [UnmanagedRrset("old", "HINFO", 600, ('"PC" "Linux"',))]

    def get_registrar_corrections(
        self, domain: Domain, nameservers: Sequence[str]
    ) -> Sequence[Correction]:
        CALLS.append(("get_registrar_corrections", self.name, (domain, list(nameservers))))
        if DELEGATED.get(domain.name) == list(nameservers):
            return []

        def apply() -> None:
            CALLS.append(("delegate", self.name, domain.name))
            DELEGATED[domain.name] = list(nameservers)

        return [Correction(f"delegate {domain.name} to {', '.join(nameservers)}", apply)]


class RecorderPlugin:
    """Registers REC; notes when each registration hook runs, and whether the config ran."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir

    def _seen(self, hook: str) -> None:
        CALLS.append((hook, "", (self.workdir / "evaluated").exists()))

    @hookimpl
    def register_dns_providers(self, register: Register) -> None:
        self._seen("register_dns_providers")
        caps = Capabilities(record_types=frozenset({"A", "TXT"}), list_zones=True, autodnssec=True)
        register("REC", Recorder, capabilities=caps, creds_schema={"type": "object"})

    @hookimpl
    def register_registrars(self, register: Register) -> None:
        self._seen("register_registrars")
        register("REC", Recorder, creds_schema={"type": "object"})


@pytest.fixture
def rec(workdir: Path, write: Any) -> RecorderPlugin:
    CALLS.clear()
    ZONES.clear()
    DELEGATED.clear()
    SNAPSHOTS.clear()
    plugin = RecorderPlugin(workdir)
    plugins.get_plugin_manager().register(plugin, name="recorder")
    (workdir / "creds.json").write_text(
        json.dumps({"rec": {"TYPE": "REC", "colour": "blue"}, "rec2": {"TYPE": "REC"}})
    )
    write(
        "dnsconfig.py",
        """
        open("evaluated", "w").close()  # the hooks look for it
        REG = NewRegistrar("rec")
        DSP = NewDnsProvider("rec", {"zone_tag": 7})
        D("one.tld", REG, DnsProvider(DSP), AUTODNSSEC_ON, A("a", "192.0.2.1", TTL(300)))
        D("two.tld", REG, DnsProvider(DSP, 0), NAMESERVER("ns.other.example."), A("b", "192.0.2.2", TTL(900)))
        """,
    )
    return plugin


def calls(method: str) -> list[tuple[str, Any]]:
    return [(key, detail) for name, key, detail in CALLS if name == method]


def order() -> list[str]:
    return [name for name, _, _ in CALLS]


# --------------------------------------------------------------------------------------------
# Hooks


def test_hook_register_dns_providers(run: Run, rec: RecorderPlugin) -> None:
    """Called once per process, after dnsconfig.py is evaluated; what it registers is used."""
    result = run("preview")
    assert result.exit_code == 0, result.output
    assert calls("register_dns_providers") == [("", True)]  # the config had run already
    assert run("providers").stdout.count("REC (DNS provider)") == 1


def test_hook_register_registrars(run: Run, rec: RecorderPlugin) -> None:
    """Called once, right after the DNS provider registrations, with the same register."""
    assert run("providers").exit_code == 0
    hooks = [n for n in order() if n.startswith("register_")]
    assert hooks == ["register_dns_providers", "register_registrars"]
    assert "REC (registrar)" in run("providers").stdout


def test_hook_register_commands(run: Run) -> None:
    """Called when the command starts, with the click group; the command is then usable."""

    class WithCommand:
        @hookspecs.hookimpl
        def register_commands(self, cli: Any) -> None:
            import click

            @cli.command("hello-plugin")
            @click.argument("who")
            def hello(who: str) -> None:
                """Say hello (a plugin's own subcommand)."""
                click.echo(f"hello {who}")

    plugins.get_plugin_manager().register(WithCommand(), name="with-command")
    result = run("hello-plugin", "world")
    assert result.exit_code == 0, result.output
    assert result.stdout == "hello world\n"
    assert "hello-plugin" in run("--help").stdout


# --------------------------------------------------------------------------------------------
# DnsProvider


def test_dns_provider_init(run: Run, rec: RecorderPlugin) -> None:
    """One instance per creds key, with the entry without TYPE and the declaration's metadata;
    check makes none (it works offline)."""
    assert run("check").exit_code == 0
    assert calls("__init__") == []
    assert run("preview").exit_code == 0
    assert ("rec", ({"colour": "blue"}, {"zone_tag": 7})) in calls("__init__")
    assert "rec2" not in {key for key, _ in calls("__init__")}  # no domain uses it


def test_dns_provider_get_nameservers(run: Run, rec: RecorderPlugin) -> None:
    """Called before get_zone, only for DnsProvider(p) without nsCount 0; the answer reaches the
    registrar in the contract's form (lowercase, no trailing dot)."""
    assert run("preview").exit_code == 0
    assert calls("get_nameservers") == [("rec", "one.tld")]  # two.tld says nsCount 0
    assert order().index("get_nameservers") < order().index("get_zone")
    delegations = {d.name: ns for _, (d, ns) in calls("get_registrar_corrections")}
    assert delegations == {
        "one.tld": ["ns1.recorder.example", "ns2.recorder.example"],
        "two.tld": ["ns.other.example"],
    }


def test_dns_provider_get_zone(run: Run, rec: RecorderPlugin) -> None:
    """Called once per domain and run with the zone's name; its records are what the diff
    compares with (a record already there is no change)."""
    ZONES["one.tld"] = [Record("a", "A", "192.0.2.1", 600)]
    result = run("preview")
    assert result.exit_code == 0, result.output
    assert sorted(calls("get_zone")) == [("rec", "one.tld"), ("rec", "two.tld")]
    assert "one.tld A" not in result.stdout  # nothing to do for the record it returned
    assert "+ CREATE b.two.tld A 192.0.2.2 ttl=900" in result.stdout


def test_dns_provider_get_zone_corrections(run: Run, rec: RecorderPlugin) -> None:
    """Called for every zone read, changes or not, with the Domain (its settings), the
    ExistingZone it returned (the state untouched) and the changes; push runs the
    corrections in the order given, INFO lines are shown and never run."""
    ZONES["one.tld"] = [Record("a", "A", "192.0.2.1", 600)]
    result = run("push")
    assert result.exit_code == 0, result.output
    got = {
        d.name: (d, existing, changes)
        for _, (d, existing, changes) in calls("get_zone_corrections")
    }
    domain, existing, changes = got["one.tld"]
    assert domain.autodnssec == "on"  # from the Domain, not from the changes
    assert existing.state == {"read": "one.tld", "key": "rec"}
    assert not changes  # asked although nothing changes
    assert got["two.tld"][2].lines() == ["+ CREATE b.two.tld A 192.0.2.2 ttl=900"]
    assert "INFO#1: zone two.tld state two.tld" in result.stdout
    assert calls("apply") == [("rec", "b")]
    assert ZONES["two.tld"] == [Record("b", "A", "192.0.2.2", 900)]


# --------------------------------------------------------------------------------------------
# Registrar


def test_registrar_init(run: Run, rec: RecorderPlugin, write: Any) -> None:
    """A creds key in both roles is one instance when the declarations give the same metadata,
    two when they differ (each keeps its own)."""
    assert run("preview").exit_code == 0
    assert sorted(calls("__init__"), key=str) == [
        ("rec", ({"colour": "blue"}, {"zone_tag": 7})),
        ("rec", ({"colour": "blue"}, {})),
    ]
    CALLS.clear()
    source = (rec.workdir / "dnsconfig.py").read_text()
    write(
        "dnsconfig.py",
        source.replace('NewDnsProvider("rec", {"zone_tag": 7})', 'NewDnsProvider("rec")'),
    )
    assert run("preview").exit_code == 0
    assert calls("__init__") == [("rec", ({"colour": "blue"}, {}))]


def test_registrar_get_registrar_corrections(run: Run, rec: RecorderPlugin) -> None:
    """Called per domain after its DNS providers' corrections were made; push applies the
    delegation after the zone's corrections; an answer of no correction means it is in place."""
    result = run("push")
    assert result.exit_code == 0, result.output
    names = order()
    assert names.index("get_zone_corrections") < names.index("get_registrar_corrections")
    assert names.index("apply") < names.index("delegate")
    assert DELEGATED["one.tld"] == ["ns1.recorder.example", "ns2.recorder.example"]
    again = run("preview")
    assert "delegate" not in again.stdout


# --------------------------------------------------------------------------------------------
# Optional protocols


def test_zone_lister_list_zones(run: Run, rec: RecorderPlugin) -> None:
    """get-zones all and check-creds ask the provider for its zones."""
    ZONES["listed.tld"] = [Record("@", "A", "192.0.2.9", 300)]
    result = run("get-zones", "--format", "nameonly", "rec", "all")
    assert result.exit_code == 0, result.output
    assert result.stdout == "listed.tld\n"
    assert "1 zone(s):\n  listed.tld" in run("check-creds", "rec").stdout
    assert [n for n in order() if n == "list_zones"] == ["list_zones", "list_zones"]


def test_record_auditor_audit_records(run: Run, rec: RecorderPlugin, write: Any) -> None:
    """Called before any zone is read; each problem is reported with the record's line, and
    nothing is read or written."""
    source = (rec.workdir / "dnsconfig.py").read_text()
    write("dnsconfig.py", source.replace('A("a", "192.0.2.1"', 'A("bad", "192.0.2.1"'))
    result = run("push")
    assert result.exit_code == 1
    assert re.search(
        r"dnsconfig.py:4: the DNS provider rec \(REC\): the recorder refuses the name 'bad'",
        result.stderr,
    ), result.stderr
    assert {d.name for _, d in calls("audit_records")} == {"one.tld", "two.tld"}
    assert calls("get_zone") == []
    assert calls("get_nameservers") == []


def test_record_normalizer_normalize_records(run: Run, rec: RecorderPlugin) -> None:
    """Called before the diff with the Domain and its records; the diff uses what it returns
    and each warning is a WARNING line."""
    result = run("preview")
    assert result.exit_code == 0, result.output
    assert "WARNING: a: TTL 300 raised to 600" in result.stdout
    assert "+ CREATE a.one.tld A 192.0.2.1 ttl=600" in result.stdout
    domains = [d.name for _, (d, _records) in calls("normalize_records")]
    assert sorted(domains) == ["one.tld", "two.tld"]


def test_zone_snapshotter_take_snapshot(run: Run, rec: RecorderPlugin) -> None:
    """push only, once per domain, right before the provider's first write, named after the
    run; None (a zone that does not exist yet) shows nothing; preview never takes one."""
    ZONES["one.tld"] = [Record("old", "A", "192.0.2.9", 600)]
    assert run("preview").exit_code == 0
    assert calls("take_snapshot") == []
    result = run("push", "--force")
    assert result.exit_code == 0, result.output
    taken = calls("take_snapshot")
    assert sorted(zone for _, (zone, _name) in taken) == ["one.tld", "two.tld"]
    assert all(
        re.fullmatch(r"dnsframe push \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", n) for _, (_z, n) in taken
    )
    names = order()
    assert names.index("take_snapshot") < names.index("apply")
    assert "SNAPSHOT: rec saved one.tld before writing: s1 (dnsframe push " in result.stdout
    assert "undo with: dnsframe snapshots restore one.tld s1" in result.stdout
    assert "two.tld before writing" not in result.stdout  # it did not exist: nothing saved
    assert result.stdout.index("SNAPSHOT: rec saved one.tld") < result.stdout.index("\n#1: ")


def test_zone_snapshotter_list_snapshots(run: Run, rec: RecorderPlugin) -> None:
    """dnsframe snapshots list DOMAIN shows each snapshot: id, date, kind, name."""
    ZONES["one.tld"] = [Record("old", "A", "192.0.2.9", 600)]
    assert run("push", "--force").exit_code == 0
    listed = run("snapshots", "list", "one.tld")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0] == "one.tld at rec (REC): 1 snapshot(s)"
    assert re.match(
        r"  s1  2026-12-01T00:00:00Z  taken      dnsframe push ", listed.stdout.splitlines()[1]
    )
    assert calls("list_snapshots") == [("rec", "one.tld")]


def test_zone_snapshotter_snapshot_records(run: Run, rec: RecorderPlugin) -> None:
    """snapshots restore DOMAIN ID previews, and with --yes applies, the corrections back to
    the snapshot's records, which it asks for with the id."""
    ZONES["one.tld"] = [Record("old", "A", "192.0.2.9", 600)]
    assert run("push", "--force").exit_code == 0
    assert {r.name for r in ZONES["one.tld"]} == {"a"}
    dry = run("snapshots", "restore", "one.tld", "s1")
    assert dry.exit_code == 0, dry.output
    assert "+ CREATE old.one.tld A 192.0.2.9 ttl=600" in dry.stdout
    assert "Not applied. Run again with --yes" in dry.stdout
    assert {r.name for r in ZONES["one.tld"]} == {"a"}
    assert calls("snapshot_records")[0] == ("rec", ("one.tld", "s1"))
    done = run("snapshots", "restore", "one.tld", "s1", "--yes", "--force")
    assert done.exit_code == 0, done.output
    assert ZONES["one.tld"] == [Record("old", "A", "192.0.2.9", 600)]


def test_unmanaged_reporter_unmanaged_rrsets(run: Run, rec: RecorderPlugin) -> None:
    """get-zones calls it once per zone right after get_zone, with the ExistingZone that
    returned, and shows what it returns: a comment at its label in a draft, a line in a zone
    file."""
    ZONES["listed.tld"] = [Record("a", "A", "192.0.2.9", 600), Record("z", "A", "192.0.2.8", 600)]
    draft = run("get-zones", "rec", "listed.tld")
    assert draft.exit_code == 0, draft.output
    lines = draft.stdout.splitlines()
    note = '    # not managed by dnsframe: old 600 IN HINFO "PC" "Linux"'
    assert lines.index('    A("a", "192.0.2.9"),') < lines.index(note)
    assert lines.index(note) < lines.index('    A("z", "192.0.2.8"),')
    names = order()
    assert names.index("get_zone") + 1 == names.index("unmanaged_rrsets")
    [(zone, existing)] = [details for _key, details in calls("unmanaged_rrsets")]
    assert zone == "listed.tld"
    assert existing.state == {"read": "listed.tld", "key": "rec"}
    zone_file = run("get-zones", "--format", "zone", "rec", "listed.tld")
    assert zone_file.stdout.splitlines()[1:4] == [
        "$TTL 600",
        "a IN A 192.0.2.9",
        'old IN HINFO "PC" "Linux"',
    ]


# --------------------------------------------------------------------------------------------
# The meta-test


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _test_names() -> set[str]:
    names: set[str] = set()
    for folder in (REPO / "tests", *REPO.glob("providers/*/tests")):
        for path in folder.rglob("test_*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    return names


def _contract() -> list[tuple[str, str, str]]:
    """(what, the test it needs, its docstring) for every hook and protocol method."""
    out = []
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(fn, "dnsframe_spec"):
            out.append((f"hook {name}", f"test_hook_{name}", inspect.getdoc(fn) or ""))
    for proto in PROTOCOLS:
        for method, fn in vars(proto).items():
            own = inspect.isfunction(fn) and fn.__qualname__.startswith(proto.__name__ + ".")
            if own and (method == "__init__" or not method.startswith("_")):
                test = f"test_{_snake(proto.__name__)}_{method.strip('_')}"
                out.append((f"{proto.__name__}.{method}", test, inspect.getdoc(fn) or ""))
    return out


def test_contract_is_documented_and_tested() -> None:
    """Every hook and protocol method says when it is called, with what, and what to return,
    and has a test of its own name (not a substring match)."""
    contract = _contract()
    assert len(contract) == 3 + 4 + 2 + 1 + 1 + 1 + 3 + 1  # hooks, DnsProvider, Registrar, optional
    tests = _test_names()
    problems = []
    for what, test, doc in contract:
        if "Called" not in doc:
            problems.append(f"{what}: the docstring does not say when it is called")
        if not what.endswith("__init__") and "Return" not in doc and "return" not in doc:
            problems.append(f"{what}: the docstring does not say what it returns")
        if test not in tests:
            problems.append(f"{what}: no test named {test}")
    assert problems == []
