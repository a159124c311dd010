"""``gandi-sandbox`` (also ``python -m gandi_sandbox``): run the sandbox in the foreground until
Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import IO, TypeVar

import click

from gandi_sandbox import __version__, seed
from gandi_sandbox.core import GandiSandbox

DEFAULT_TOKEN = "demo-token-for-the-sandbox"  # as long as GANDI_V5 requires
DEFAULT_DOMAIN = "example.tld"
T = TypeVar("T")


class SandboxError(click.ClickException):
    """A problem the user can fix (a busy port, a bad state file): ``ERROR: ...`` and exit 1."""

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"ERROR: {self.format_message()}", err=True)


TOKEN_HELP = (
    "A token to accept (repeatable; default {default!r}): "
    "TOKEN[,org=ORG][,domain=FQDN]...[,read-only][,apikey][,key=CREDSKEY]. "
    "org: it sees its organization's domains (and those without one) and its creds entry gets "
    "sharing_id; domain: it may act on those domains only (403 on others); read-only: it lacks "
    '"Manage domain name technical configurations" (403 on records and on every write); '
    "apikey: a legacy API key; key: its key in the printed creds.json."
)


@click.command("gandi-sandbox")
@click.version_option(__version__, "--version", prog_name="gandi-sandbox")
@click.option("--port", type=int, default=8765, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--token",
    "tokens",
    multiple=True,
    metavar="SPEC",
    help=TOKEN_HELP.format(default=DEFAULT_TOKEN),
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    metavar="SPEC",
    help=(
        "A domain of the account, on LiveDNS (repeatable; without --domain, --zone-file, "
        f"--zone-json or --state: {DEFAULT_DOMAIN!r}): FQDN[,org=ORG][,empty]. org: the "
        "organization (sharing_id) it belongs to; empty: no Gandi default records."
    ),
)
@click.option("--empty", is_flag=True, help="New domains start empty, not with Gandi's records.")
@click.option(
    "--zone-file",
    "zone_files",
    multiple=True,
    metavar="FQDN=FILE",
    help="Seed the domain's zone from a zone file (SOA and apex NS left out); repeatable.",
)
@click.option(
    "--zone-json",
    "zone_jsons",
    multiple=True,
    metavar="FQDN=FILE",
    help="Seed the domain's zone from a JSON dump of GET .../records; repeatable.",
)
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file: loaded at start if it exists, written on exit.",
)
@click.option(
    "--nameserver-apply-after-reads",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Reads of a domain's nameservers that still show the old ones after a change.",
)
@click.option(
    "--dns-port",
    type=click.IntRange(0, 65535),
    default=None,
    metavar="PORT",
    help=(
        "Also answer DNS for the LiveDNS zones on this port (UDP and TCP; 0: a free one). "
        "LiveDNS's nameserver is then the --dns-host address itself."
    ),
)
@click.option(
    "--dns-host",
    default="127.0.0.1",
    show_default=True,
    help="The IPv4 loopback address the DNS server listens on (with --dns-port).",
)
def gandi_sandbox(
    port: int,
    tokens: tuple[str, ...],
    domains: tuple[str, ...],
    empty: bool,
    zone_files: tuple[str, ...],
    zone_jsons: tuple[str, ...],
    state: Path | None,
    nameserver_apply_after_reads: int,
    dns_port: int | None,
    dns_host: str,
) -> None:
    """Run a local Gandi v5 API (LiveDNS and domains) on 127.0.0.1 for demos and tests.

    It prints the base URL and a creds.json with one GANDI_V5 entry per token, pointed at it,
    and runs until Ctrl-C or SIGTERM. Example, two organizations, a token scoped to each and a
    read-only one:

    \b
      gandi-sandbox --token main-token-for-rehearsals \\
        --token shop-token-for-rehearsals,org=shop,key=gandi-shop \\
        --token weak-token-for-rehearsals,read-only,key=gandi-weak \\
        --domain example.tld --domain shop.tld,org=shop \\
        --zone-file example.tld=zones/example.tld.zone

    With --dns-port it also answers DNS for those zones (dig @127.0.0.1 -p PORT).
    """
    if dns_port is not None:
        from gandi_sandbox.dnsserver import check_host

        try:
            dns_host = check_host(dns_host)
        except ValueError as exc:
            raise SandboxError(f"--dns-host: {exc}") from None
    if state is not None and state.exists():
        try:
            sandbox = GandiSandbox.load(state)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SandboxError(f"--state {state}: cannot load it: {exc}") from None
    else:
        sandbox = GandiSandbox(nameserver_apply_after_reads=nameserver_apply_after_reads)
    token_specs = [_parse("--token", value, seed.parse_token) for value in tokens]
    if not token_specs and not sandbox.tokens():
        token_specs = [seed.TokenSpec(DEFAULT_TOKEN)]
    for token_spec in token_specs:
        try:
            sandbox.add_token(
                token_spec.token,
                scheme="Apikey" if token_spec.apikey else "Bearer",
                domains=token_spec.domains,
                organization=token_spec.organization,
                permissions=not token_spec.read_only,
            )
        except ValueError as exc:
            raise SandboxError(f"--token: {exc}") from None
    domain_specs = {d.fqdn: d for d in (_parse("--domain", v, seed.parse_domain) for v in domains)}
    for option, values, read in (
        ("--zone-file", zone_files, seed.rrsets_from_zone_file),
        ("--zone-json", zone_jsons, None),
    ):
        for value in values:
            fqdn, path = _parse(option, value, seed.split_seed)
            try:
                if read is None:
                    rrsets = seed.rrsets_from_json(path)
                else:
                    rrsets, _ = read(path, fqdn)
            except ValueError as exc:
                raise SandboxError(f"{option} {value}: {exc}") from None
            spec = domain_specs.setdefault(fqdn, seed.DomainSpec(fqdn))
            if spec.rrsets is not None:
                raise SandboxError(f"{option} {value}: {fqdn} is seeded twice")
            spec.rrsets = rrsets
            spec.seeded_from = f"{option} {value}"
            if sandbox.has_domain(fqdn):
                raise SandboxError(
                    f"{option} {value}: {fqdn} is already in the state file {state}; "
                    "seed it into a new state file, or leave the option out"
                )
    if not domain_specs and state is None:
        domain_specs = {DEFAULT_DOMAIN: seed.DomainSpec(DEFAULT_DOMAIN)}
    for spec in domain_specs.values():
        if sandbox.has_domain(spec.fqdn):
            continue
        try:
            sandbox.add_domain(
                spec.fqdn,
                organization=spec.organization,
                rrsets=spec.rrsets,
                empty=empty or spec.empty,
            )
        except ValueError as exc:
            raise SandboxError(f"{spec.seeded_from or '--domain ' + spec.fqdn}: {exc}") from None
    keys = {s.token: s.key for s in token_specs}
    creds_entries(sandbox, f"http://127.0.0.1:{port}", keys)  # two tokens with one key: an error
    try:
        url = sandbox.start(port)
    except OSError as exc:
        raise SandboxError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    if dns_port is not None:
        try:
            dns_port = sandbox.start_dns(dns_port, dns_host)
        except OSError as exc:
            sandbox.stop()
            raise SandboxError(
                f"cannot answer DNS on {dns_host}:{dns_port}: {exc.strerror or exc}"
            ) from None

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    creds = creds_entries(sandbox, url, keys)
    click.echo(f"Gandi sandbox listening on {url}")
    if dns_port is not None:
        click.echo(
            f"DNS listening on {dns_host} port {dns_port} (UDP and TCP); "
            f"LiveDNS's nameserver: {dns_host}"
        )
    click.echo("creds.json:")
    click.echo(json.dumps(creds))
    click.echo(f"domains: {', '.join(sandbox.domain_names()) or '(none)'}")
    click.echo("Ctrl-C stops it.")
    sys.stdout.flush()
    try:
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        sandbox.stop()
        if state is not None:
            sandbox.save(state)
            click.echo(f"state saved to {state}")
    click.echo("Gandi sandbox stopped.")


def _parse(option: str, value: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(value)
    except ValueError as exc:
        raise SandboxError(f"{option}: {exc}") from None


def creds_entries(
    sandbox: GandiSandbox, url: str, keys: dict[str, str | None]
) -> dict[str, dict[str, str]]:
    """A creds.json entry per token: ``gandi``, ``gandi-2``, ... unless the token names its key."""
    creds: dict[str, dict[str, str]] = {}
    for n, info in enumerate(sandbox.tokens(), start=1):
        key = keys.get(info.token) or ("gandi" if n == 1 else f"gandi-{n}")
        if key in creds:
            raise SandboxError(
                f"--token: two tokens have the creds key {key!r}: give each its own key=NAME"
            )
        field = "apikey" if info.scheme == "Apikey" else "token"
        entry = {"TYPE": "GANDI_V5", field: info.token, "apiurl": url}
        if info.organization is not None:
            entry["sharing_id"] = info.organization
        creds[key] = entry
    return creds


def main() -> None:
    """The console script ``gandi-sandbox``."""
    gandi_sandbox(prog_name="gandi-sandbox")
