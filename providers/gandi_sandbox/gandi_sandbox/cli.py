"""``gandi-sandbox`` (also ``python -m gandi_sandbox``): run the sandbox in the foreground until
Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import IO

import click

from gandi_sandbox.core import GandiSandbox

DEFAULT_TOKEN = "demo-token-for-the-sandbox"  # as long as GANDI_V5 requires
DEFAULT_DOMAIN = "example.tld"


class SandboxError(click.ClickException):
    """A problem the user can fix (a busy port, a bad state file): ``ERROR: ...`` and exit 1."""

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"ERROR: {self.format_message()}", err=True)


@click.command("gandi-sandbox")
@click.option("--port", type=int, default=8765, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--token",
    "tokens",
    multiple=True,
    help=f"A personal access token to accept (repeatable; default {DEFAULT_TOKEN!r}).",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    help=f"A domain of the account, on LiveDNS (repeatable; default {DEFAULT_DOMAIN!r}).",
)
@click.option("--empty", is_flag=True, help="New domains start empty, not with Gandi's records.")
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
def gandi_sandbox(
    port: int,
    tokens: tuple[str, ...],
    domains: tuple[str, ...],
    empty: bool,
    state: Path | None,
    nameserver_apply_after_reads: int,
) -> None:
    """Run a local Gandi v5 API (LiveDNS and domains) on 127.0.0.1 for demos and tests.

    It prints the base URL and a creds.json entry that points GANDI_V5 at it, and runs until
    Ctrl-C or SIGTERM.
    """
    if state is not None and state.exists():
        try:
            sandbox = GandiSandbox.load(state)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SandboxError(f"--state {state}: cannot load it: {exc}") from None
    else:
        sandbox = GandiSandbox(nameserver_apply_after_reads=nameserver_apply_after_reads)
    wanted_tokens = tokens or (() if sandbox.has_token(DEFAULT_TOKEN) else (DEFAULT_TOKEN,))
    for token in wanted_tokens:
        if not sandbox.has_token(token):
            try:
                sandbox.add_token(token)
            except ValueError as exc:
                raise SandboxError(f"--token: {exc}") from None
    for domain in domains or (DEFAULT_DOMAIN,):
        if not sandbox.has_domain(domain):
            sandbox.add_domain(domain, empty=empty)
    try:
        url = sandbox.start(port)
    except OSError as exc:
        raise SandboxError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    token = (tokens or (DEFAULT_TOKEN,))[0]
    creds = {"gandi": {"TYPE": "GANDI_V5", "token": token, "apiurl": url}}
    click.echo(f"Gandi sandbox listening on {url}")
    click.echo("creds.json:")
    click.echo(json.dumps(creds))
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


def main() -> None:
    """The console script ``gandi-sandbox``."""
    gandi_sandbox(prog_name="gandi-sandbox")
