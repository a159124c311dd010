"""The BIND provider: zones as RFC 1035 zone files, ``<directory>/<zone>.zone``.

creds.json: ``{"bind": {"TYPE": "BIND", "directory": "zones", "filenameformat": "%c.zone"}}``;
``filenameformat`` takes DNSControl's placeholders (see :func:`file_name`). Split-horizon views
(``D("example.com!inside")``) are kept apart: the tag is part of the file name (``%c`` is
``example.com!inside``), so each view has its own file. As in DNSControl, the
provider's metadata may give ``default_ns`` (the nameservers it reports for every zone) and
``default_soa`` (``master``, ``mbox``, ``refresh``, ``retry``, ``expire``, ``minttl``). The SOA and
the apex NS records are written by the provider: the apex NS from the domain's nameservers, the
SOA from the metadata with a serial (``YYYYMMDDnn``) bumped on every change. A zone file it did not
write is read as it is; records of types dnsframe does not manage are written back unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime
import glob
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dnsframe import rdata
from dnsframe.names import hosts, label_sort_key
from dnsframe.providers import (
    Capabilities,
    Correction,
    Domain,
    ExistingZone,
    ProviderError,
    Record,
    Register,
    Snapshot,
    UnmanagedRrset,
    ZoneChanges,
    hookimpl,
)

CREDS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "properties": {
        "directory": {
            "type": "string",
            "minLength": 1,
            "description": "where the zone files are; relative to the working folder",
        },
        "filenameformat": {
            "type": "string",
            "minLength": 1,
            "description": "the zone file names, with DNSControl's placeholders (default %c.zone)",
        },
    },
    "additionalProperties": False,
}

CAPABILITIES = Capabilities(
    record_types=rdata.SUPPORTED_TYPES - {"ALIAS"},
    ds_at_apex=True,
    ds_on_children=True,
    list_zones=True,
    concurrent=True,
    apex_ns=True,
    autodnssec=True,  # only noted in the zone file, as DNSControl does: named.conf signs
    views=True,
)

DOCS = (
    "Zone files in RFC 1035 format, <directory>/<filenameformat> (defaults: zones, %c.zone). "
    "Writes SOA and apex NS itself; keeps records of types it does not manage."
)

DEFAULT_FILENAMEFORMAT = "%c.zone"
#: The comment that records AUTODNSSEC_ON in the zone file (BIND signs from named.conf).
AUTODNSSEC_NOTE = "; AUTODNSSEC_ON: DNSSEC signing requested (sign it in named.conf)"

_DEFAULT_SOA = {
    "master": "DEFAULT_NOT_SET.",
    "mbox": "DEFAULT_NOT_SET.",
    "refresh": 3600,
    "retry": 600,
    "expire": 604800,
    "minttl": 1440,
}


@dataclass(frozen=True, slots=True)
class _ZoneFile:
    """What the provider read from a zone file: its ``ExistingZone.state``."""

    records: tuple[Record, ...]
    serial: int
    soa: dict[str, Any] | None  # the SOA's other fields, when the file has one
    foreign: tuple[str, ...]  # lines of records of types dnsframe does not manage
    exists: bool = True
    autodnssec: bool = False  # the file has the AUTODNSSEC_ON note


class BindProvider:
    """Reads and writes zone files in one directory."""

    def __init__(self, name: str, settings: Mapping[str, Any], metadata: Mapping[str, Any]) -> None:
        self.name = name
        self.directory = Path(settings.get("directory", "zones"))
        self.filenameformat = str(settings.get("filenameformat", DEFAULT_FILENAMEFORMAT))
        problem = format_problem(self.filenameformat)
        if problem:
            raise ProviderError(
                f'creds.json "{name}": filenameformat {self.filenameformat!r}: {problem}. It '
                "takes %c (name!tag), %a (ASCII name), %u (Unicode name), %T (tag), %f "
                "(name_tag), %F (tag_name), %?x (x if there is a tag) and %% (default %c.zone)"
            )
        self.log = logging.getLogger(f"dnsframe.bind[{name}]")
        ns = metadata.get("default_ns", [])
        if not isinstance(ns, list) or not all(isinstance(n, str) and n for n in ns):
            raise ProviderError(
                f'NewDnsProvider("{name}", ...): the metadata "default_ns" must be a list of '
                f'host names, like ["ns1.example.net.", "ns2.example.net."], not {ns!r}'
            )
        self.default_ns = hosts(ns)
        soa = metadata.get("default_soa", {})
        if not isinstance(soa, Mapping) or set(soa) - set(_DEFAULT_SOA):
            raise ProviderError(
                f'NewDnsProvider("{name}", ...): the metadata "default_soa" takes '
                f"{', '.join(_DEFAULT_SOA)}, not {soa!r}"
            )
        self.soa = {**_DEFAULT_SOA, **soa}
        for field in ("master", "mbox"):
            value = str(self.soa[field])
            if field == "mbox" and "@" in value:
                value = value.replace("@", ".")  # hostmaster@example.net, as DNSControl takes it
            self.soa[field] = value if value.endswith(".") else value + "."

    def path(self, zone: str) -> Path:
        """The file of ``zone`` (with its view's tag, ``example.com!inside``, if it has one)."""
        name, _, tag = zone.partition("!")
        return self.directory / file_name(self.filenameformat, name, tag)

    def _read(self, key: str, path: Path | None = None) -> _ZoneFile:
        zone = key.partition("!")[0]
        path = path or self.path(key)
        if not path.exists():
            return _ZoneFile((), 0, None, (), exists=False)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise ProviderError(f"{path}: cannot be read as a zone file: {exc}") from None
        found = read_written(zone, text) or self._read_any(zone, path)
        if AUTODNSSEC_NOTE in text:
            found = dataclasses.replace(found, autodnssec=True)
        return found

    def _read_any(self, zone: str, path: Path) -> _ZoneFile:
        """Any zone file, through dnspython's parser (imported here: most files are dnsframe's
        own, read without it, and it costs every command's start some 25 ms)."""
        import dns.exception
        import dns.name
        import dns.rdatatype
        import dns.zone

        try:
            parsed = dns.zone.from_file(
                str(path), origin=zone + ".", relativize=False, check_origin=False
            )
        except (OSError, UnicodeError, dns.exception.DNSException) as exc:
            raise ProviderError(f"{path}: cannot be read as a zone file: {exc}") from None
        origin = dns.name.from_text(zone + ".")
        records: list[Record] = []
        foreign: list[str] = []
        serial = 0
        soa: dict[str, Any] | None = None
        for name, rdataset in parsed.iterate_rdatasets():
            rtype = dns.rdatatype.to_text(rdataset.rdtype)
            label = "@" if name == origin else name.relativize(origin).to_text().lower()
            for rd in rdataset:
                if rtype == "SOA":
                    serial = int(rd.serial)
                    soa = {
                        "master": rd.mname.to_text(),
                        "mbox": rd.rname.to_text(),
                        "refresh": rd.refresh,
                        "retry": rd.retry,
                        "expire": rd.expire,
                        "minttl": rd.minimum,
                        "ttl": rdataset.ttl,
                    }
                    continue
                text = rd.to_text(origin=None, relativize=False)
                if rtype not in rdata.SUPPORTED_TYPES:
                    foreign.append(f"{name.to_text()} {rdataset.ttl} IN {rtype} {text}")
                    continue
                content = rdata.from_presentation(rtype, text, zone)
                records.append(Record(label, rtype, content, rdataset.ttl))
        return _ZoneFile(tuple(records), serial, soa, tuple(foreign))

    def get_zone(self, zone: str) -> ExistingZone:
        current = self._read(zone)
        return ExistingZone(current.records, current)

    def unmanaged_rrsets(self, zone: str, existing: ExistingZone) -> Sequence[UnmanagedRrset]:
        """The file's SOA and its records of types dnsframe does not manage, from the read."""
        current: _ZoneFile = existing.state
        out: list[UnmanagedRrset] = []
        if current.soa is not None:
            soa = current.soa
            data = (
                f"{soa['master']} {soa['mbox']} {current.serial} {soa['refresh']} "
                f"{soa['retry']} {soa['expire']} {soa['minttl']}"
            )
            out.append(UnmanagedRrset("@", "SOA", int(soa.get("ttl", 300)), (data,)))
        rrsets: dict[tuple[str, str], tuple[int, list[str]]] = {}
        for line in current.foreign:
            name, ttl, _class, rtype, data = line.split(None, 4)
            label = name.rstrip(".").lower()
            if label == zone:
                label = "@"
            elif label.endswith("." + zone):
                label = label[: -len(zone) - 1]
            rrsets.setdefault((label, rtype), (int(ttl), []))[1].append(data)
        out += [UnmanagedRrset(n, t, ttl, tuple(v)) for (n, t), (ttl, v) in rrsets.items()]
        return out

    # Snapshots: a copy of the zone file beside it, <zone>.zone.snapshot-<UTC time>.

    def _snapshot_path(self, zone: str, snapshot_id: str) -> Path:
        path = self.path(zone)
        return path.with_name(f"{path.name}.snapshot-{snapshot_id}")

    def take_snapshot(self, zone: str, name: str) -> Snapshot | None:
        path = self.path(zone)
        if not path.exists():
            return None  # a new zone: nothing to save
        now = datetime.datetime.now(datetime.UTC)
        snapshot_id = now.strftime("%Y%m%dT%H%M%S%fZ")
        target = self._snapshot_path(zone, snapshot_id)
        try:
            shutil.copy2(path, target)
        except OSError as exc:
            raise ProviderError(f"{target}: cannot be written: {exc.strerror}") from None
        return Snapshot(snapshot_id, f"{path.name} before {name}", _iso(snapshot_id))

    def list_snapshots(self, zone: str) -> Sequence[Snapshot]:
        path = self.path(zone)
        prefix = f"{path.name}.snapshot-"
        found = sorted(p.name[len(prefix) :] for p in path.parent.glob(glob.escape(prefix) + "*"))
        return [Snapshot(i, f"{path.name} as it was", _iso(i)) for i in found]

    def snapshot_records(self, zone: str, snapshot_id: str) -> Sequence[Record]:
        path = self._snapshot_path(zone, snapshot_id)
        if "/" in snapshot_id or not path.is_file():
            raise ProviderError(
                f"{zone} has no snapshot {snapshot_id} in {self.directory}; dnsframe snapshots "
                f"list {zone} shows those it has"
            )
        return self._read(zone, path).records

    def get_nameservers(self, zone: str) -> Sequence[str]:
        return list(self.default_ns)

    def list_zones(self) -> Sequence[str]:
        """The zones whose file names fit ``filenameformat`` (a guess for formats that do not
        say where the name ends, as in DNSControl), views as ``name!tag``."""
        if not self.directory.is_dir():
            return []
        patterns = format_regexes(self.filenameformat)
        found = set()
        paths = (
            self.directory.rglob("*") if "/" in self.filenameformat else self.directory.iterdir()
        )
        for path in paths:
            relative = path.relative_to(self.directory).as_posix()
            for pattern in patterns:
                match = pattern.fullmatch(relative)
                if match and path.is_file():
                    tag = match.groupdict().get("tag")
                    name = _ascii(match["name"])
                    found.add(f"{name}!{tag}" if tag else name)
                    break
        return sorted(found)

    def get_zone_corrections(
        self, domain: Domain, existing: ExistingZone, changes: ZoneChanges
    ) -> Sequence[Correction]:
        zone, key = domain.name, domain.unique_name
        current: _ZoneFile = existing.state
        signed = domain.autodnssec == "on"
        message = changes.lines()
        if not current.exists and not message:
            # A domain without records still gets its file, with its SOA, as in DNSControl.
            soa = self._soa(current)
            message = [
                f"+ CREATE {zone} SOA {soa['master']} {soa['mbox']} {soa['refresh']} "
                f"{soa['retry']} {soa['expire']} {soa['minttl']} ttl={soa.get('ttl', 300)}"
            ]
        if signed != current.autodnssec:
            what = "noted in" if signed else "note removed from"
            message = [*message, f"AUTODNSSEC_ON: DNSSEC signing requested, {what} the zone file"]
        if not message:
            return []
        corrections: list[Correction] = []
        if current.foreign:
            corrections.append(
                Correction(
                    f"{len(current.foreign)} record(s) of types dnsframe does not manage are "
                    f"kept as they are in {self.path(key)}"
                )
            )

        def apply() -> None:
            self._write(key, changes.desired, current, signed)

        corrections.append(Correction(message, apply))
        return corrections

    def _soa(self, current: _ZoneFile) -> dict[str, Any]:
        # As DNSControl: the SOA the file has wins over the metadata, which wins over defaults.
        soa = {**self.soa, **(current.soa or {})}
        if soa["master"] == _DEFAULT_SOA["master"] and self.default_ns:
            soa["master"] = self.default_ns[0] + "."
        return soa

    def _write(
        self, key: str, records: Sequence[Record], current: _ZoneFile, signed: bool = False
    ) -> None:
        zone = key.partition("!")[0]
        today = int(datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")) * 100
        serial = max(current.serial + 1, today)
        soa = self._soa(current)
        lines = [
            f"$ORIGIN {zone}.",
            f"$TTL {300}",
            f"@ {soa.get('ttl', 300)} IN SOA {soa['master']} {soa['mbox']} {serial} "
            f"{soa['refresh']} {soa['retry']} {soa['expire']} {soa['minttl']}",
        ]
        if signed:
            lines.append(AUTODNSSEC_NOTE)

        def order(r: Record) -> tuple[int, tuple[int, tuple[str, ...]], str, str]:
            rank = 0 if r.name == "@" and r.type == "NS" else 1
            return (rank, label_sort_key(r.name), r.type, r.content)

        for r in sorted(records, key=order):
            lines.append(f"{r.name} {r.ttl} IN {r.type} {rdata.to_presentation(r.type, r.content)}")
        lines.extend(current.foreign)
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            os.replace(tmp, path)
        except OSError as exc:
            raise ProviderError(f"{path}: cannot be written: {exc.strerror}") from None
        self.log.info("wrote %s (serial %d, %d records)", path, serial, len(records))


_LINE = re.compile(r"^(\S+) (\d+) IN ([A-Z0-9]+) (.+)$")
_WRITTEN_LABEL = re.compile(r"^(?:@|[a-z0-9_*-]+(?:\.[a-z0-9_*-]+)*)$")


def read_written(zone: str, text: str) -> _ZoneFile | None:
    """A zone file in the exact form :meth:`BindProvider._write` writes, read without
    dnspython's general parser (about ten times faster on large zones); None for any other
    file, which is then read by dnspython."""
    lines = text.splitlines()
    if len(lines) < 3 or lines[0] != f"$ORIGIN {zone}." or not lines[1].startswith("$TTL "):
        return None
    records: list[Record] = []
    foreign: list[str] = []
    soa: dict[str, Any] | None = None
    serial = 0
    for line in lines[2:]:
        if line == AUTODNSSEC_NOTE:
            continue
        match = _LINE.match(line)
        if match is None:
            return None
        name, ttl_text, rtype, data = match.groups()
        ttl = int(ttl_text)
        if rtype == "SOA":
            parts = data.split()
            if name != "@" or len(parts) != 7 or not all(p.isdigit() for p in parts[2:]):
                return None
            serial = int(parts[2])
            soa = {
                "master": parts[0],
                "mbox": parts[1],
                "refresh": int(parts[3]),
                "retry": int(parts[4]),
                "expire": int(parts[5]),
                "minttl": int(parts[6]),
                "ttl": ttl,
            }
        elif rtype not in rdata.SUPPORTED_TYPES:
            foreign.append(line)
        elif not _WRITTEN_LABEL.match(name) or ("(" in data and rtype != "TXT"):
            return None
        else:
            try:
                content = rdata.from_presentation(rtype, data, zone)
            except rdata.RdataError:
                return None
            records.append(Record(name, rtype, content, ttl))
    return _ZoneFile(tuple(records), serial, soa, tuple(foreign))


@hookimpl
def register_dns_providers(register: Register) -> None:
    register("BIND", BindProvider, capabilities=CAPABILITIES, creds_schema=CREDS_SCHEMA, docs=DOCS)


def _iso(snapshot_id: str) -> str:
    """``20261201T204000123456Z`` as ``2026-12-01T20:40:00Z``."""
    try:
        when = datetime.datetime.strptime(snapshot_id, "%Y%m%dT%H%M%S%fZ")
    except ValueError:
        return ""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


_VERB = re.compile(r"%(\?.|.|$)", re.DOTALL)


def format_problem(fmt: str) -> str | None:
    """What is wrong with a ``filenameformat``, or None."""
    for match in _VERB.finditer(fmt):
        verb = match.group(1)
        if verb == "" or verb == "?":
            return "it ends with an incomplete % or %?"
        if not verb.startswith("?") and verb not in "TcaurfFUD%":
            return f"%{verb} is not a placeholder"
    return None


def file_name(fmt: str, name: str, tag: str) -> str:
    """``filenameformat`` filled in for the zone ``name`` (ASCII) and its view's ``tag`` (""
    for none), with DNSControl's placeholders: %T the tag, %c ``name!tag`` (``name`` without
    a tag), %a the ASCII name, %u the Unicode name, %f ``name_tag``, %F ``tag_name``, %?x ``x``
    when there is a tag, %% a percent sign; %r and %D (the name as written in ``D()``) are
    the Unicode name, since dnsframe keeps the name lowercased; %U is %D%?!%T."""
    unicode = _unicode(name)
    values = {
        "T": tag,
        "c": f"{name}!{tag}" if tag else name,
        "a": name,
        "u": unicode,
        "r": unicode,
        "D": unicode,
        "U": f"{unicode}!{tag}" if tag else unicode,
        "f": f"{name}_{tag}" if tag else name,
        "F": f"{tag}_{name}" if tag else name,
        "%": "%",
    }

    def fill(match: re.Match[str]) -> str:
        verb = match.group(1)
        if verb.startswith("?"):
            return verb[1:] if tag else ""
        return values.get(verb, match.group(0))

    return _VERB.sub(fill, fmt)


def format_regexes(fmt: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns matching the file names ``fmt`` makes for a view (``name`` and ``tag``
    groups), then for a zone without a tag (``name``), for :meth:`BindProvider.list_zones`.
    A guess where a name or tag holds the separator, as in DNSControl."""
    return _format_regex(fmt, True), _format_regex(fmt, False)


def _format_regex(fmt: str, tagged: bool) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()

    def group(kind: str) -> str:
        if kind in seen:
            return f"(?P={kind})"
        seen.add(kind)
        return f"(?P<{kind}>[^/!]+?)"  # as short as the rest lets it be

    pos = 0
    for match in _VERB.finditer(fmt):
        parts.append(re.escape(fmt[pos : match.start()]))
        pos = match.end()
        verb = match.group(1)
        if verb.startswith("?"):
            parts.append(re.escape(verb[1:]) if tagged else "")
        elif verb == "%":
            parts.append("%")
        elif verb == "T":
            parts.append(group("tag") if tagged else "")
        elif verb in "aurD" or (verb in "cUfF" and not tagged):
            parts.append(group("name"))
        elif verb in "cU":
            parts.append(f"{group('name')}!{group('tag')}")
        elif verb == "f":
            parts.append(f"{group('name')}_{group('tag')}")
        elif verb == "F":
            parts.append(f"{group('tag')}_{group('name')}")
    parts.append(re.escape(fmt[pos:]))
    if "name" not in seen or (tagged and "tag" not in seen):
        return re.compile("(?!)")  # such names say nothing of the zone (or of the tag)
    return re.compile("".join(parts))


def _unicode(name: str) -> str:
    import dns.exception
    import dns.name

    try:
        return dns.name.from_text(name + ".").to_unicode().rstrip(".")
    except (dns.exception.DNSException, UnicodeError):
        return name


def _ascii(name: str) -> str:
    """A name found in a file name (%u gives it in Unicode) in the contract's form."""
    import dns.exception
    import dns.name

    try:
        return dns.name.from_unicode(name + ".").to_text().rstrip(".").lower()
    except (dns.exception.DNSException, UnicodeError, ValueError):
        return name
