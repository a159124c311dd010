"""The ``dnsframe`` command.

Exit status: 0 success, 1 an error of any kind (a config mistake, bad creds, a provider failure,
a mistyped option), 2 reserved for ``preview --expect-no-changes`` finding changes.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import gc
import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import click

from dnsframe import __version__
from dnsframe.creds import Creds, RedactingFilter, redact
from dnsframe.engine import (
    DEFAULT_CONCURRENCY,
    Run,
    check_config,
    prepare,
    select_domains,
    zone_key,
)
from dnsframe.errors import INTERNAL_ERROR_HINT, DnsframeError, ProviderError, internal_error
from dnsframe.evaluate import load_config
from dnsframe.instances import Providers
from dnsframe.ir import config_ir
from dnsframe.model import Config, ProviderRef
from dnsframe.names import host
from dnsframe.output import (
    Painter,
    Progress,
    TextRenderer,
    failure_line,
    progress_wanted,
    report_items,
    use_color,
)
from dnsframe.plans import SavedPlan, plan_text
from dnsframe.plugins import DEFAULT_PLUGINS, get_registry, loaded_plugins
from dnsframe.providers.base import (
    DnsProvider,
    UnmanagedReporter,
    UnmanagedRrset,
    ZoneLister,
    ZoneSnapshotter,
)
from dnsframe.providers.registry import ProviderType, closest_type_hint
from dnsframe.render import FORMATS, ZoneRead, config_header, render_zone

#: verify's defaults (``dnsframe.verify.DNS_PORT``, ``DEFAULT_TIMEOUT``; a test holds them
#: equal), here so that the command's start does not import verify, which only it uses.
DNS_PORT = 53
VERIFY_TIMEOUT = 2.0

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from dnsframe.verify import VerifyResult

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

log = logging.getLogger("dnsframe")

_debug = False
#: ``--colors`` (True), ``--no-colors`` (False), or neither (None: a terminal without NO_COLOR).
_colors: bool | None = None


def _set_debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    global _debug
    if value:
        _debug = True
        logging.getLogger("dnsframe").setLevel(logging.DEBUG)


def debug_option(f: F) -> F:
    """``--debug``: tracebacks and debug logs; accepted before and after the command name."""
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_debug,
        help="Show debug logs, and tracebacks on errors.",
    )(f)


def _set_colors(ctx: click.Context, param: click.Parameter, value: bool | None) -> None:
    global _colors
    if value is not None:
        _colors = value


def colors_option(f: F) -> F:
    """``--colors/--no-colors`` (DNSControl's ``--no-colors``): accepted before and after the
    command name."""
    return click.option(
        "--colors/--no-colors",
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_colors,
        help="Colour the output, or not. Default: on a terminal, unless NO_COLOR is set.",
    )(f)


def _echo(text: str, err: bool = False) -> None:
    """One line (or several) of the command's own, coloured as the stream allows."""
    color = use_color(sys.stderr if err else sys.stdout, _colors)
    click.echo(Painter(color).line(text), err=err, color=color)


def config_option(f: F) -> F:
    return click.option(
        "--config",
        "config_path",
        default="dnsconfig.py",
        show_default=True,
        metavar="FILE",
        help="The configuration file.",
    )(f)


def creds_option(f: F) -> F:
    return click.option(
        "--creds",
        "creds_path",
        default="creds.json",
        show_default=True,
        metavar="FILE",
        help="The credentials file, or '!program args' to run a program (no shell) and read "
        "its output.",
    )(f)


def _parse_variables(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    variables: dict[str, str] = {}
    for item in values:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise click.BadParameter(
                f"{item!r} is not name=value; write -v view=internal (the config reads it as "
                'CLI_VARS["view"])',
                ctx=ctx,
                param=param,
            )
        variables[name.strip()] = value
    return variables


def variables_option(f: F) -> F:
    """``-v name=value``, repeatable, as DNSControl spells it: the config's ``CLI_VARS``."""
    return click.option(
        "-v",
        "--var",
        "variables",
        multiple=True,
        metavar="NAME=VALUE",
        callback=_parse_variables,
        help='A variable for the config, which reads it as CLI_VARS["NAME"] (repeatable).',
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="dnsframe")
@debug_option
@colors_option
def cli() -> None:
    """DNS as code: describe every zone in dnsconfig.py, then preview and push.

    dnsconfig.py uses DNSControl's language in Python; creds.json says how to reach each
    provider, in DNSControl's format.
    """


@cli.command()
@config_option
@variables_option
@debug_option
def check(config_path: str, variables: dict[str, str]) -> None:
    """Evaluate and validate the config; reads no creds and contacts no provider."""
    config = _checked_config(config_path, variables)
    untyped = sorted({ref.name for ref in config.dns_providers if not ref.type})
    if untyped:
        click.echo(
            f"NOTE: the type of {', '.join(untyped)} comes from creds.json, which check does not "
            "read: what those providers can store is checked by preview.",
            err=True,
        )
    records = sum(len(d.records) for d in config.domains)
    click.echo(f"{config.file}: {len(config.domains)} domain(s), {records} record(s). No errors.")


def _checked_config(config_path: str, variables: dict[str, str]) -> Config:
    return check_config(config_path, variables=variables)


def _write_file(path: str, text: str, what: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise DnsframeError(f"{path}: cannot write the {what}: {exc.strerror}") from None


def _check_writable(path: str, what: str) -> None:
    """Fail now, before anything is read, if ``path`` cannot be written later; unlike
    :func:`_write_file`, this leaves an existing file as it is."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        shown = os.path.dirname(path) or folder
        raise DnsframeError(
            f"{path}: cannot write the {what}: the folder {shown} does not exist; create it first"
        )
    if os.path.isdir(path):
        raise DnsframeError(f"{path}: cannot write the {what}: it is a folder")
    target = path if os.path.exists(path) else folder
    if not os.access(target, os.W_OK):
        raise DnsframeError(f"{path}: cannot write the {what}: Permission denied")


def _complete_list(incomplete: str, names: Sequence[str]) -> list[CompletionItem]:
    """Completions of the last item of a comma-separated list."""
    from click.shell_completion import CompletionItem

    done, comma, last = incomplete.rpartition(",")
    prefix = done + comma
    return [CompletionItem(prefix + n) for n in names if n.startswith(last)]


def _complete_creds_keys(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The keys of creds.json (of --creds when given before), for the shell's completion."""
    path = ctx.params.get("creds_path") or "creds.json"
    if path.startswith("!"):
        return []  # completing never runs a program
    try:
        keys = sorted(Creds.load(path).entries)
    except (DnsframeError, OSError):
        return []
    return _complete_list(incomplete, keys)


def _complete_domains(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The domains of the config (of --config when given before), for the shell's completion."""
    path = ctx.params.get("config_path") or "dnsconfig.py"
    try:
        names = [d.name for d in load_config(path).domains]
    except (DnsframeError, OSError):
        return []
    return _complete_list(incomplete, list(dict.fromkeys(names)))


def run_options(f: F) -> F:
    """The options that preview and push share, as DNSControl spells them."""
    for option in reversed(
        [
            click.option(
                "--domains",
                metavar="LIST",
                help="Only these domains (comma-separated globs).",
                shell_complete=_complete_domains,
            ),
            click.option(
                "--providers",
                "provider_filter",
                metavar="LIST",
                shell_complete=_complete_creds_keys,
                help="Only these providers and registrars (creds keys, comma-separated); "
                '"all": every one, those creds.json excludes from the defaults too.',
            ),
            click.option(
                "--full",
                is_flag=True,
                help="Show every domain and provider, even without changes, and INFO lines.",
            ),
            click.option(
                "-q",
                "--quiet",
                is_flag=True,
                help="Print only the corrections, warnings and errors (and a push's FAILURE "
                "summary).",
            ),
            click.option(
                "--report", "report_path", metavar="FILE", help="Write a JSON report to FILE."
            ),
            click.option(
                "--concurrency",
                default=DEFAULT_CONCURRENCY,
                show_default=True,
                type=click.IntRange(1, 256),
                help="How many domains are read and diffed at once.",
            ),
        ]
    ):
        f = option(f)
    return f


@contextlib.contextmanager
def _signals_stop_push() -> Iterator[Callable[[], str | None]]:
    """While push applies: SIGINT and SIGTERM do not kill it mid-request; the correction in
    flight finishes, the rest are skipped and reported, and the command exits 130 or 143. A
    second signal of the same kind stops at once."""
    caught: list[str] = []
    previous: dict[int, Any] = {}

    def handler(number: int, frame: Any) -> None:
        name = signal.Signals(number).name
        if caught:  # asked twice: stop now
            signal.signal(number, previous.get(number, signal.SIG_DFL))
            raise KeyboardInterrupt
        caught.append(name)
        click.echo(f"{name}: stopping after the correction in flight...", err=True)

    in_main = threading.current_thread() is threading.main_thread()
    if in_main:
        for wanted in (signal.SIGINT, signal.SIGTERM):
            previous[wanted] = signal.signal(wanted, handler)
    try:
        yield lambda: caught[0] if caught else None
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _run(
    push: bool,
    *,
    config_path: str,
    creds_path: str,
    domains: str | None,
    provider_filter: str | None,
    full: bool,
    quiet: bool,
    report_path: str | None,
    concurrency: int,
    force: bool = False,
    out_path: str | None = None,
    plan_path: str | None = None,
    variables: dict[str, str] | None = None,
) -> tuple[int, Run]:
    """Validate everything, read and diff, show (and for push apply); the number of
    corrections, and the run (its config and domains: a saved plan's, with --plan)."""

    def check_paths() -> None:  # a bad path fails before creds are read, and before any change
        if report_path:
            _write_file(report_path, "", "report")
        if out_path:
            _write_file(out_path, "", "plan")

    saved = SavedPlan.load(plan_path) if plan_path else None
    config: str | Config = config_path
    if saved is not None:
        given = click.get_current_context().get_parameter_source("config_path")
        if given == click.core.ParameterSource.DEFAULT:
            if variables:
                raise DnsframeError(
                    "-v and --plan: the plan holds its config already evaluated; give --config "
                    "too, to evaluate the config again with these variables and check it "
                    "against the plan"
                )
            config = saved.config()  # the plan stands alone
        else:
            loaded = load_config(config_path, variables)
            saved.check_config(loaded)
            config = loaded
        if domains:
            raise DnsframeError("--domains and --plan: a plan says its domains itself")
        domains = ",".join(saved.domains)
    run = prepare(
        config,
        creds_path,
        domains=domains,
        provider_filter=provider_filter,
        before_creds=check_paths,
        variables=variables,
    )
    left_out = run.left_out()
    if left_out:
        click.echo(
            f'NOTE: left out: {", ".join(left_out)} ("_exclude_from_defaults": "true" in '
            f"{run.providers.creds.path}); name them in --providers, or --providers all, to "
            "include them.",
            err=True,
        )
    color = use_color(sys.stdout, _colors)
    show_progress = progress_wanted(sys.stderr) and not quiet
    reading: list[Progress] = []

    def on_progress(done: int, total: int) -> None:
        if not reading and total > 1:
            reading.append(Progress("Reading zones", total))
        for bar in reading:
            bar.set(done)

    try:
        plans = run.plan(concurrency, on_progress if show_progress else None)
    finally:
        for bar in reading:
            bar.close()
    refused: dict[str, str] = saved.mismatches(plans) if saved is not None else {}
    for name, why in refused.items():
        _echo(
            f"ERROR: {name} is not pushed: {why}. Nothing was written to it; make a new plan "
            "with preview --out and review it.",
            err=True,
        )
    plans = [p for p in plans if p.domain.unique_name not in refused]
    total = sum(len(pp.actions) for p in plans for pp in p.providers)
    applying = Progress("Applying corrections", total) if push and show_progress and total else None
    stdout_closed = False

    def emit(text: str) -> None:
        """A line of the output. Once stdout is closed (``push | head``), the push goes on to
        its end, as stopping halfway would leave zones half changed, and its lines are lost;
        the summary then goes to stderr and says so."""
        nonlocal stdout_closed
        if not stdout_closed:
            try:
                click.echo(text, color=color)
            except BrokenPipeError:
                stdout_closed = True

    renderer = TextRenderer(
        emit,
        full,
        quiet=quiet,
        color=color,
        plans=plans,
        progress=applying,
    )
    try:
        if push:
            with _signals_stop_push() as stop:
                result = run.apply(plans, renderer, force=force, stop=stop)
        else:
            result = run.preview(plans, renderer)
    finally:
        if applying is not None:
            applying.close()
    result.errors += [f"{name}: not pushed: {why}" for name, why in refused.items()]
    if out_path:
        _write_file(out_path, plan_text(run.config, plans), "plan")
    if report_path:
        report = report_items(plans, result)
        _write_file(report_path, json.dumps(report, indent=2) + "\n", "report")
    problems = result.problems()
    failure = failure_line(result, plans, len(refused))
    noted = False

    def say(text: str) -> None:
        """A line of the summary: on stdout, or on stderr once stdout is closed."""
        nonlocal stdout_closed, noted
        if not stdout_closed:
            try:
                _echo(text)
                return
            except BrokenPipeError:
                stdout_closed = True
        if not noted:
            noted = True
            gone = "the push went on to its end" if push else "the rest is not shown"
            _echo(f"NOTE: the standard output was closed while it was written; {gone}.", err=True)
        _echo(text, err=True)

    if failure is not None:  # the end of stdout says it too, not only stderr
        for outcome in result.failures:
            say(outcome.summary())
        say(failure)
    elif not quiet or stdout_closed:
        say(f"Done. {result.corrections} corrections.")
    if result.interrupted:
        signal_name = result.interrupted
        _echo(
            f"ERROR: push interrupted ({signal_name}): the correction in flight was finished, "
            "the rest were not applied. Run push again to finish the job.\n"
            + "".join(f"  {line}\n" for line in problems)
            + (failure or ""),
            err=True,
        )
        sys.exit(128 + int(getattr(signal, signal_name)))
    if problems:
        if push and (result.failures or result.held or refused):
            what = "push failed" if result.failures else "push stopped"
        else:
            what = "some domains could not be read"
        details = "\n".join(f"  {p}" for p in problems)
        raise DnsframeError(f"{what}:\n{details}" + (f"\n{failure}" if failure else ""))
    return result.corrections, run


@cli.command()
@config_option
@creds_option
@run_options
@variables_option
@click.option("--expect-no-changes", is_flag=True, help="Exit 2 if there are corrections (for CI).")
@click.option(
    "--out",
    "out_path",
    metavar="FILE",
    help="Save the plan to FILE, for push --plan FILE to apply exactly it.",
)
@colors_option
@debug_option
def preview(expect_no_changes: bool, **options: Any) -> int:
    """Show the corrections that push would make; change nothing."""
    total, _ = _run(False, **options)
    return 2 if expect_no_changes and total else 0


@cli.command()
@config_option
@creds_option
@run_options
@variables_option
@click.option(
    "--force",
    is_flag=True,
    help="Push also domains whose changes go over their change limit (SAFETY).",
)
@click.option(
    "--plan",
    "plan_path",
    metavar="FILE",
    help="Apply the plan preview --out saved, exactly: a domain whose zone moved since is not "
    "pushed. Without --config, the plan's own config is used.",
)
@click.option(
    "--verify",
    "then_verify",
    is_flag=True,
    help="After a successful push, ask the domains' nameservers whether they answer what the "
    "config says (as verify does); exit 2 if some do not.",
)
@click.option(
    "--verify-wait",
    metavar="SECONDS",
    type=click.FloatRange(0),
    default=0,
    help="With --verify: ask again until every server agrees or SECONDS have passed.",
)
@click.option(
    "--verify-nameservers",
    metavar="LIST",
    help="With --verify: ask these servers (host[:port],...) instead of the domains' own.",
)
@click.option(
    "--verify-port",
    type=click.IntRange(1, 65535),
    default=DNS_PORT,
    help="With --verify: the port of the nameservers named without one (default 53).",
)
@colors_option
@debug_option
def push(
    force: bool,
    then_verify: bool,
    verify_wait: float,
    verify_nameservers: str | None,
    verify_port: int,
    **options: Any,
) -> int:
    """Apply the corrections: make every provider match the config."""
    ctx = click.get_current_context()
    given = [
        f"--{name.replace('_', '-')}"
        for name in ("verify_wait", "verify_nameservers", "verify_port")
        if ctx.get_parameter_source(name) != click.core.ParameterSource.DEFAULT
    ]
    if given and not then_verify:
        one = len(given) == 1
        raise click.UsageError(
            f"{', '.join(given)} {'is an option' if one else 'are options'} of --verify: add "
            f"--verify, or leave {'it' if one else 'them'} out"
        )
    servers = None
    if then_verify and verify_nameservers:
        from dnsframe.verify import parse_nameservers

        servers = parse_nameservers(verify_nameservers, verify_port)
    _, run = _run(True, force=force, **options)
    if not then_verify:
        return 0
    if not options["quiet"]:
        click.echo("Verifying: asking the nameservers...", err=True)
    return _verify(
        run=run,
        config_path=options["config_path"],
        creds_path=options["creds_path"],
        domains=None,
        provider_filter=options["provider_filter"],
        variables=options["variables"],
        nameservers=servers,
        port=verify_port,
        wait=verify_wait,
        full=options["full"],
        quiet=options["quiet"],
        concurrency=options["concurrency"],
        wait_option="--verify-wait",
    )


def _verify(
    *,
    config_path: str,
    creds_path: str,
    domains: str | None,
    provider_filter: str | None,
    variables: dict[str, str] | None,
    nameservers: list[tuple[str, int]] | None,
    port: int,
    wait: float,
    full: bool,
    quiet: bool,
    timeout: float = VERIFY_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    report_path: str | None = None,
    family: Literal[4, 6] | None = None,
    wait_option: str = "--wait",
    run: Run | None = None,
) -> int:
    """Read the zones, ask their servers, say what differs; the exit status (0, 1 or 2).
    ``run``: the run of a push just made (its config and domains), instead of preparing one."""
    from dnsframe.verify import check_until, render, summary, targets

    def check_paths() -> None:
        if report_path:
            _write_file(report_path, "", "report")

    if run is None:
        run = prepare(
            config_path,
            creds_path,
            domains=domains,
            provider_filter=provider_filter,
            before_creds=check_paths,
            variables=variables,
        )
    run = dataclasses.replace(run, read_nameservers=True, registrars=False)
    plans = run.plan(concurrency)
    found = targets(plans, nameservers, port, family=family)

    def on_round(result: VerifyResult, pause: float, left: float) -> None:
        if not quiet:
            click.echo(
                f"verify: {result.disagreements} mismatch(es), {len(result.errors)} error(s); "
                f"asking again in {pause:g} s ({left:.0f} s left)",
                err=True,
            )

    result = check_until(found, wait, on_round=on_round, timeout=timeout, concurrency=concurrency)
    color = use_color(sys.stdout, _colors)
    painter = Painter(color)
    render(result, lambda text: click.echo(painter.line(text), color=color), full=full, quiet=quiet)
    if report_path:
        _write_file(report_path, json.dumps(result.as_json(), indent=2) + "\n", "report")
    for note in result.notes if not quiet else ():
        click.echo(f"NOTE: {note}", err=True)
    for problem in result.errors:
        _error(f"ERROR: {problem}")
    last = summary(result)
    if result.exit_code or not quiet:
        _echo(last)
    unpushed = result.unpushed
    if result.exit_code == 2 and unpushed and not quiet:
        click.echo(
            f"{', '.join(unpushed)}: the config has changes not pushed yet; dnsframe push "
            "makes them, then verify again.",
            err=True,
        )
    elif result.exit_code == 2 and result.propagating and not wait and not quiet:
        click.echo(
            f"A change can take a while to reach every server: {wait_option} SECONDS asks "
            "again until they agree.",
            err=True,
        )
    return result.exit_code


@cli.command()
@config_option
@creds_option
@click.option(
    "--domains",
    metavar="LIST",
    help="Only these domains (comma-separated globs).",
    shell_complete=_complete_domains,
)
@click.option(
    "--providers",
    "provider_filter",
    metavar="LIST",
    shell_complete=_complete_creds_keys,
    help="Only these DNS providers (creds keys, comma-separated).",
)
@click.option(
    "--nameservers",
    metavar="LIST",
    help="Ask these servers (host[:port],..., [v6address]:port) for every domain, instead of "
    "the nameservers the config and its providers name.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DNS_PORT,
    show_default=True,
    help="The port of the nameservers named without one.",
)
@click.option(
    "--wait",
    metavar="SECONDS",
    type=click.FloatRange(0),
    default=0,
    help="Ask again every 2 s until every server agrees or SECONDS have passed (propagation).",
)
@click.option(
    "--timeout",
    metavar="SECONDS",
    type=click.FloatRange(0.1),
    default=VERIFY_TIMEOUT,
    show_default=True,
    help="How long to wait for each answer (each question is asked twice before a server "
    "counts as not answering).",
)
@click.option(
    "--concurrency",
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    type=click.IntRange(1, 256),
    help="How many questions are asked at once.",
)
@click.option("-4", "family", flag_value=4, type=int, help="Ask the servers' IPv4 addresses only.")
@click.option("-6", "family", flag_value=6, type=int, help="Ask the servers' IPv6 addresses only.")
@click.option("--report", "report_path", metavar="FILE", help="Write the result as JSON to FILE.")
@click.option("--full", is_flag=True, help="Show every domain, those that agree too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the mismatches and errors.")
@variables_option
@colors_option
@debug_option
def verify(nameservers: str | None, **options: Any) -> int:
    """Ask each domain's authoritative nameservers whether they answer what the config says.

    For every name and type the config manages (IGNORE'd and NO_PURGE'd records aside), and
    every rrset a push would delete, each server is asked directly. Each difference is one
    MISMATCH line. Exit 0 when every server agrees, 2 when some disagree, 1 when something
    could not be checked.
    """
    from dnsframe.verify import parse_nameservers

    servers = parse_nameservers(nameservers, options["port"]) if nameservers else None
    return _verify(nameservers=servers, **options)


@cli.group()
def snapshots() -> None:
    """List a domain's snapshots, and restore one (undo a push)."""


def _snapshotters(
    domain: str, config_path: str, creds_path: str, provider_filter: str | None
) -> tuple[Run, list[tuple[ProviderRef, ZoneSnapshotter]]]:
    config = load_config(config_path)
    if not select_domains(config.domains, domain):
        known = ", ".join(d.unique_name for d in config.domains) or "none"
        raise DnsframeError(f"{domain}: {config.file} declares no such domain (it has: {known})")
    run = prepare(config, creds_path, domains=domain, provider_filter=provider_filter)
    if len(run.domains) != 1:
        names = ", ".join(d.unique_name for d in run.domains)
        raise DnsframeError(f"{domain} names {len(run.domains)} domains ({names}); name one")
    found: list[tuple[ProviderRef, ZoneSnapshotter]] = []
    keys = None
    if provider_filter and provider_filter.strip() != "all":  # "all": as preview takes it
        keys = {k.strip() for k in provider_filter.split(",")}
    for use in run.domains[0].dns_providers:
        instance: Any = run.providers.dns(use.provider)
        if keys is not None and use.provider.name not in keys:
            continue
        if isinstance(instance, ZoneSnapshotter):
            found.append((use.provider, instance))
    if not found:
        raise DnsframeError(
            f"{run.domains[0].unique_name}: none of its DNS providers keeps snapshots"
            + (f" (among --providers {provider_filter})" if provider_filter else "")
        )
    return run, found


@snapshots.command("list")
@click.argument("domain")
@config_option
@creds_option
@click.option("--providers", "provider_filter", metavar="LIST", help="Only these creds keys.")
@debug_option
def snapshots_list(
    domain: str, config_path: str, creds_path: str, provider_filter: str | None
) -> None:
    """List the snapshots of DOMAIN at each of its DNS providers that keep them."""
    run, found = _snapshotters(domain, config_path, creds_path, provider_filter)
    zone = run.domains[0].name
    for ref, instance in found:
        ptype = run.providers.provider_type(ref)
        key = zone_key(run.domains[0], ptype.capabilities)
        listed = _plugin_call(ptype, ref.name, "list_snapshots()", instance.list_snapshots, key)
        click.echo(f"{zone} at {ref.name} ({ptype.name}): {len(listed)} snapshot(s)")
        for snap in listed:
            kind = "automatic" if snap.automatic else "taken"
            click.echo(f"  {snap.id}  {snap.created or '-'}  {kind:9}  {snap.name}")


@snapshots.command("restore")
@click.argument("domain")
@click.argument("snapshot_id", metavar="ID")
@config_option
@creds_option
@click.option(
    "--providers",
    "provider_filter",
    metavar="KEY",
    help="The creds key of the provider to restore at (when the domain has several).",
)
@click.option("--yes", is_flag=True, help="Apply without asking.")
@click.option("--force", is_flag=True, help="Apply also when over the domain's change limit.")
@debug_option
def snapshots_restore(
    domain: str,
    snapshot_id: str,
    config_path: str,
    creds_path: str,
    provider_filter: str | None,
    yes: bool,
    force: bool,
) -> int:
    """Bring DOMAIN back to snapshot ID: shows the corrections, then applies them (with --yes,
    or after a confirmation on a terminal). Exactly the snapshot's records come back, those
    the config IGNOREs included; the change limit applies as to any push."""
    run, found = _snapshotters(domain, config_path, creds_path, provider_filter)
    if len(found) > 1:
        keys = ", ".join(ref.name for ref, _ in found)
        raise DnsframeError(
            f"{domain} has several DNS providers that keep snapshots ({keys}); choose one with "
            "--providers KEY"
        )
    ref, instance = found[0]
    original = run.domains[0]
    ptype = run.providers.provider_type(ref)
    records = list(
        _plugin_call(
            ptype, ref.name, "snapshot_records()", instance.snapshot_records,
            zone_key(original, ptype.capabilities), snapshot_id,
        )
    )  # fmt: skip
    if ptype.capabilities.apex_ns:  # they come from the domain's nameservers, as in any push
        records = [r for r in records if not (r.name == "@" and r.type == "NS")]
    target = dataclasses.replace(
        original, records=tuple(records), ignores=(), no_purge=False, ensure_absent=()
    )
    restore = dataclasses.replace(run, domains=[target], provider_filter=ref.name)
    plans = restore.plan(1)
    click.echo(f"Restoring {original.name} at {ref.name} to snapshot {snapshot_id}:")
    renderer = TextRenderer(click.echo, full=True)
    shown = restore.preview(plans, renderer)
    if shown.problems():
        raise DnsframeError("cannot restore:\n" + "\n".join(f"  {p}" for p in shown.problems()))
    if shown.corrections == 0:
        click.echo("Nothing to do: the zone is as the snapshot has it.")
        return 0
    if not yes:
        if not sys.stdin.isatty():
            click.echo("Not applied. Run again with --yes to apply these corrections.")
            return 0
        if not click.confirm("Apply these corrections?", default=False):
            click.echo("Not applied.")
            return 0
    click.echo("Applying:")
    result = restore.apply(plans, TextRenderer(click.echo), force=force)
    click.echo(f"Done. {result.corrections} corrections.")
    if result.problems():
        raise DnsframeError("restore failed:\n" + "\n".join(f"  {p}" for p in result.problems()))
    return 0


@cli.command("print-ir")
@config_option
@click.option("--pretty", is_flag=True, help="Indent the JSON.")
@click.option("--out", "out_path", metavar="FILE", help="Write to FILE instead of stdout.")
@variables_option
@debug_option
def print_ir(
    config_path: str, pretty: bool, out_path: str | None, variables: dict[str, str]
) -> None:
    """Print the validated config as JSON (the intermediate representation)."""
    config = _checked_config(config_path, variables)
    text = json.dumps(config_ir(config), indent=2 if pretty else None, ensure_ascii=False)
    text = redact(text)
    if out_path:
        _write_file(out_path, text + "\n", "output")
    else:
        click.echo(text)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@debug_option
def providers(as_json: bool) -> None:
    """List the provider types that dnsframe and its plugins register."""
    registry = get_registry()
    for ptype in registry:
        ptype.check_creds_schema()  # a plugin's author sees a broken schema here first
    rows: list[dict[str, Any]] = [
        {
            "type": t.name,
            "role": "dns" if t.kind == "dns" else "registrar",
            "plugin": t.plugin,
            "distribution": t.distribution,
            "version": t.version,
            "capabilities": t.capabilities.as_dict() if t.kind == "dns" else {},
            "creds_fields": sorted(t.creds_schema.get("properties", {})),
            "docs": t.docs,
        }
        for t in registry
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        if row["distribution"]:
            origin = f"{row['distribution']} {row['version']}"
        else:
            origin = "built in" if row["plugin"] in DEFAULT_PLUGINS else row["plugin"]
        click.echo(f"{row['type']} ({'DNS provider' if row['role'] == 'dns' else 'registrar'})")
        click.echo(f"  from: {origin}")
        if row["role"] == "dns":
            caps = row["capabilities"]
            click.echo(f"  record types: {' '.join(caps['record_types'])}")
            flags = [k for k, v in caps.items() if v is True and k != "delegation"]
            click.echo(f"  features: {', '.join(flags) or 'none'}")
        click.echo(f"  creds fields: {', '.join(row['creds_fields']) or 'none'}")
        if row["docs"]:
            click.echo(f"  {row['docs']}")


@cli.command()
@debug_option
def version() -> None:
    """Print the version of dnsframe and of every plugin loaded, with the types each provides."""
    import platform

    registry = get_registry()
    click.echo(f"dnsframe {__version__} (Python {platform.python_version()})")
    for name, distribution, dist_version in loaded_plugins():
        types = sorted({t.name for t in registry if t.plugin == name})
        provides = f": {', '.join(types)}" if types else ""
        if distribution:
            click.echo(f"{distribution} {dist_version or ''}".rstrip() + provides)
        elif name in DEFAULT_PLUGINS:
            click.echo(f"{name} (built in){provides}")
        else:
            click.echo(f"{name} (not from an installed distribution){provides}")


@cli.command("check-creds")
@click.argument("key", shell_complete=_complete_creds_keys)
@click.argument("provider_type", required=False, metavar="[TYPE]")
@creds_option
@config_option
@debug_option
def check_creds(key: str, provider_type: str | None, creds_path: str, config_path: str) -> None:
    """Check the creds.json entry KEY: its TYPE, fields and environment variables; then, for a
    DNS provider, prove what the credentials can do, writing nothing: list the zones (for
    providers that can), then read the records of one zone: the first domain of the config
    (--config, when the file exists) that uses KEY, or else the first zone listed. A domain of
    the config that the credentials do not list is an error."""
    creds = Creds.load(creds_path)
    creds.entry(key)  # the entry must exist: an error names the file or the known keys
    type_name = creds.type_of(key).upper()
    registry = get_registry()
    run = Providers(creds, registry)
    declared = provider_type.upper() if provider_type else None
    if registry.get("dns", type_name) is None and registry.get("registrar", type_name):
        ref = ProviderRef(name=key, kind="registrar", type=declared)
        run.registrar(ref)
        click.echo(f'{creds.path} "{key}": TYPE {type_name} (registrar): settings are valid.')
        return
    ref = ProviderRef(name=key, kind="dns", type=declared)
    ptype = run.provider_type(ref)
    provider = run.dns(ref)
    where = f'{creds.path} "{key}"'
    listed: list[str] | None = None
    if ptype.capabilities.list_zones and isinstance(provider, ZoneLister):
        # asked first: "valid" is said once the provider has taken the credentials
        listed = list(_plugin_call(ptype, key, "list_zones()", provider.list_zones))
    click.echo(f"{where}: TYPE {ptype.name}: settings are valid.")
    if listed is not None:
        click.echo(f"{len(listed)} zone(s):")
        for zone in listed:
            click.echo(f"  {zone}")
    configured, config_file = _configured_zones(config_path, key, ptype)
    unlisted = [
        z
        for z in configured
        if listed is not None and z not in listed and _zone_name(z) not in listed
    ]
    readable = [z for z in configured if z not in unlisted]
    target = readable[0] if readable else (listed[0] if listed and not configured else None)
    if target is not None:
        try:
            existing = _plugin_call(ptype, key, "get_zone()", provider.get_zone, target)
        except DnsframeError as exc:
            why = (
                "the credentials list it, so they lack the permission to read records"
                if listed is not None and _zone_name(target) in listed
                else "the credentials cannot read it"
            )
            raise ProviderError(
                f"{where}: reading the records of {target} failed ({why}; nothing was "
                f"written): {exc}"
            ) from None
        click.echo(
            f"{target}: read {len(existing.records)} record(s): the credentials can read "
            "records. Nothing was written."
        )
    # A zone the provider can read although it does not list it is one a push creates (BIND's
    # zone file not written yet), not one the credentials lack.
    to_create = [z for z in unlisted if _readable(ptype, key, provider, z)]
    for zone in to_create:
        click.echo(f"{zone}: no such zone yet at this provider; the first push creates it.")
    unlisted = [z for z in unlisted if z not in to_create]
    if unlisted:
        names = ", ".join(dict.fromkeys(_zone_name(z) for z in unlisted))
        raise ProviderError(
            f"{where}: {names} (in {config_file}, at this provider) "
            f"{'is' if len(unlisted) == 1 else 'are'} not among the zones the credentials list: "
            "the token may be limited to other domains, or belong to another organization. Give "
            "the token these domains, or use the creds key of the account that has them."
        )


def _readable(ptype: ProviderType, key: str, provider: DnsProvider, zone: str) -> bool:
    try:
        _plugin_call(ptype, key, "get_zone()", provider.get_zone, zone)
    except DnsframeError:
        return False
    return True


def _zone_name(zone: str) -> str:
    """The zone's name without a split-horizon tag (``example.com!inside``)."""
    return host(zone.partition("!")[0])


def _configured_zones(config_path: str, key: str, ptype: ProviderType) -> tuple[list[str], str]:
    """The zones of the config's domains whose DNS providers include creds key ``key``, in the
    config's order (nothing when the file does not exist or does not evaluate), and the file."""
    if not os.path.isfile(config_path):
        return [], config_path
    try:
        config = load_config(config_path)
    except DnsframeError:
        click.echo(
            f"NOTE: {config_path} does not evaluate (dnsframe check says why); check-creds "
            "reads the first zone listed instead.",
            err=True,
        )
        return [], config_path
    zones = [
        zone_key(d, ptype.capabilities)
        for d in config.domains
        if any(use.provider.name == key for use in d.dns_providers)
    ]
    return list(dict.fromkeys(zones)), str(config.file)


def _plugin_call(ptype: ProviderType, key: str, doing: str, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, a call into a provider outside a run: an exception that is not a
    DnsframeError becomes the internal error of the named plugin."""
    try:
        return fn(*args)
    except DnsframeError:
        raise
    except Exception as exc:
        origin = ptype.distribution or ptype.plugin
        raise ProviderError(internal_error(exc, origin, ptype.name, key, doing)) from exc


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


@cli.command("convert")
@click.argument("source", default="dnsconfig.js", metavar="[DNSCONFIG.JS]")
@click.option(
    "-o",
    "--out",
    "out_path",
    metavar="FILE",
    help="The Python config to write.  [default: dnsconfig.py beside the source]",
)
@click.option("--check", "check_only", is_flag=True, help="Prove the conversion; write nothing.")
@click.option(
    "--no-check", is_flag=True, help="Write without the proof (which needs dnsframe[js])."
)
@click.option("--force", is_flag=True, help="Overwrite files that convert did not write.")
@variables_option
@debug_option
def convert_command(
    source: str,
    out_path: str | None,
    check_only: bool,
    no_check: bool,
    force: bool,
    variables: dict[str, str],
) -> int:
    """Translate a DNSControl dnsconfig.js (and the files it requires) to dnsconfig.py, then
    prove the two equivalent by evaluating both and comparing them record by record."""
    import tempfile

    from dnsframe.jsconvert import convert, write_conversion
    from dnsframe.proof import prove

    if check_only and no_check:
        raise click.UsageError("--check and --no-check contradict each other; give one")
    conversion = convert(source, out_path)
    for warning in conversion.warnings:
        click.echo(f"WARNING: {warning}", err=True)
    if check_only:
        with tempfile.TemporaryDirectory(prefix="dnsframe-convert-") as folder:
            root = write_conversion(conversion, folder, force=True)
            ok, text = prove(source, root, variables)
        click.echo(text)
        return 0 if ok else 1
    root = write_conversion(conversion, None, force=force)
    for f in conversion.files:
        click.echo(f"wrote {os.path.relpath(f.target)} (from {os.path.relpath(f.source)})")
    if no_check:
        click.echo("not proven equivalent (--no-check)")
        return 0
    ok, text = prove(source, root, variables)
    click.echo(text)
    return 0 if ok else 1


@cli.command("get-zones")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="py",
    show_default=True,
    help="dnsconfig.py code; a DNSControl dnsconfig.js draft (js, or djs with leading commas); "
    "zone files; tab-separated records; or zone names only.",
)
@click.option(
    "--ttl",
    type=click.IntRange(0, 2**31 - 1),
    default=0,
    metavar="N",
    help="The DefaultTTL of the drafts (the $TTL of zone files): records with that TTL carry "
    "no TTL(). 0, the default, takes the zone's most common TTL.",
)
@click.option("--out", "out_path", metavar="FILE", help="Write to FILE instead of stdout.")
@creds_option
@click.argument("key", shell_complete=_complete_creds_keys)
@click.argument("zones", nargs=-1)
@debug_option
def get_zones(
    fmt: str, ttl: int, out_path: str | None, creds_path: str, key: str, zones: tuple[str, ...]
) -> None:
    """Read zones from the provider of creds key KEY and print them, to start a config from
    what exists. ZONES are zone names, or "all" (the default) for every zone it has.

    DNSControl's older forms KEY PROVIDERTYPE ZONE... and KEY - ZONE... are accepted too: the
    type always comes from creds.json."""
    if out_path:
        _check_writable(out_path, "output")
    creds = Creds.load(creds_path)
    creds.entry(key)
    registry = get_registry()
    given_type, zones = _older_form(creds, key, registry.names(), zones)
    run = Providers(creds, registry)
    ref = ProviderRef(name=key, kind="dns")
    ptype = run.provider_type(ref)
    provider = run.dns(ref)
    names = [host(z) for z in zones if z != "all"]
    if ptype.capabilities.list_zones and isinstance(provider, ZoneLister):
        existing = list(_plugin_call(ptype, key, "list_zones()", provider.list_zones))
        missing = [n for n in names if n not in existing]
        if missing:
            raise DnsframeError(
                f'{", ".join(missing)}: no such zone at creds key "{key}" ({ptype.name}); it has: '
                f"{', '.join(existing) or 'no zone'}"
            )
        names = names or existing
    elif not names:
        raise DnsframeError(f"the {ptype.name} provider cannot list its zones; name them")
    if fmt == "nameonly":
        text = "".join(f"{name}\n" for name in names)
    else:
        text = "".join(
            render_zone(fmt, key, _read_all(ptype, key, provider, name, fmt), ttl) for name in names
        )
        if fmt in {"py", "js", "djs"}:
            text = config_header(key, fmt, given_type if given_type != "-" else None) + text
    if out_path:
        _write_file(out_path, text, "output")
    else:
        click.echo(text, nl=False)


def _older_form(
    creds: Creds, key: str, known_types: Sequence[str], args: tuple[str, ...]
) -> tuple[str | None, tuple[str, ...]]:
    """DNSControl's older ``get-zones KEY PROVIDERTYPE ZONE...`` and ``KEY - ZONE...``: the
    type given (or ``-``), with a note on stderr, and the zones after it."""
    if not args:
        return None, args
    first = args[0]
    declared = creds.entry(key).get("TYPE")
    declared = declared.upper() if isinstance(declared, str) else None
    if first != "-" and first.upper() != declared and first not in known_types:
        return None, args
    rest = args[1:]
    if first != "-" and declared is not None and first.upper() != declared:
        raise DnsframeError(
            f'get-zones {key} {first}: {creds.path} gives "{key}" the "TYPE" {declared}, not '
            f"{first}. Leave the type out (dnsframe get-zones {key} ZONE...): it comes from "
            "creds.json."
        )
    shown = " ".join(rest) or "all"
    click.echo(
        f'NOTE: the provider type of creds key "{key}" comes from creds.json; the argument '
        f'"{first}" is not needed (dnsframe get-zones {key} {shown}).',
        err=True,
    )
    return first, rest


def _read_all(
    ptype: ProviderType, key: str, provider: DnsProvider, zone: str, fmt: str
) -> ZoneRead:
    """The zone's records, what else it holds (when the provider can say), and, when its apex
    NS are among the records, the nameservers the provider reports."""
    existing = _plugin_call(ptype, key, "get_zone()", provider.get_zone, zone)
    unmanaged: Sequence[UnmanagedRrset] = ()
    if isinstance(provider, UnmanagedReporter):
        unmanaged = _plugin_call(
            ptype, key, "unmanaged_rrsets()", provider.unmanaged_rrsets, zone, existing
        )
    reported: frozenset[str] = frozenset()
    has_apex_ns = any(r.name == "@" and r.type == "NS" for r in existing.records)
    if has_apex_ns and fmt in {"py", "js", "djs"}:
        found = _plugin_call(ptype, key, "get_nameservers()", provider.get_nameservers, zone)
        reported = frozenset(host(h) for h in found)
    return ZoneRead(zone, existing.records, tuple(unmanaged), reported)


@cli.command("init")
@click.option(
    "--type",
    "type_name",
    metavar="TYPE",
    help="The DNS provider type (dnsframe providers lists them).",
)
@click.option(
    "--key", metavar="KEY", help="The creds.json key.  [default: the type's first word, lowercase]"
)
@click.option(
    "--domain", "domains", multiple=True, metavar="NAME", help="A domain to manage (repeatable)."
)
@click.option(
    "--set",
    "fields",
    multiple=True,
    metavar="FIELD=VALUE",
    callback=_parse_variables,
    help="A creds field that is not a secret (repeatable).",
)
@click.option(
    "--secret-in-file",
    is_flag=True,
    help="Write the secret typed at the prompt into creds.json (mode 600) instead of a $VAR.",
)
@click.option(
    "--import",
    "import_zones",
    is_flag=True,
    help="Write dnsconfig.py from the zones the provider has (get-zones).",
)
@click.option("--force", is_flag=True, help="Overwrite dnsconfig.py and creds.json.")
@config_option
@creds_option
@debug_option
@click.pass_context
def init(
    ctx: click.Context,
    type_name: str | None,
    key: str | None,
    domains: tuple[str, ...],
    fields: dict[str, str],
    secret_in_file: bool,
    import_zones: bool,
    force: bool,
    config_path: str,
    creds_path: str,
) -> None:
    """Write a starter dnsconfig.py and creds.json for one DNS provider: asked on a terminal,
    or from the options. A secret is read without echo and written as a $VAR reference (the
    variable to export is printed), unless --secret-in-file."""
    from dnsframe import onboarding

    existing = [p for p in (config_path, creds_path) if os.path.exists(p)]
    if existing and not force:
        raise DnsframeError(
            f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "init writes nothing over them. Move them away, or give --force to overwrite."
        )
    asking = sys.stdin.isatty()
    registry = get_registry()
    known = [n for n in registry.names("dns") if n != "NONE"]
    if type_name is None:
        if not asking:
            raise click.UsageError(
                f"give --type (one of {', '.join(known)}) when not on a terminal"
            )
        type_name = click.prompt("Provider type", type=click.Choice(known, case_sensitive=False))
    type_name = type_name.upper()
    ptype = registry.get("dns", type_name)
    if ptype is None:
        hint = closest_type_hint(type_name, known)
        raise DnsframeError(
            f"--type {type_name}: no installed plugin provides it (installed: {', '.join(known)})"
            + (f".{hint}" if hint else "")
        )
    default_key = type_name.split("_")[0].lower()
    if key is None:
        key = click.prompt("creds.json key", default=default_key) if asking else default_key
    if not domains and asking and not import_zones:
        answer = click.prompt("Domains (comma-separated)", default="example.tld")
        domains = tuple(d.strip() for d in answer.split(",") if d.strip())
    values: dict[str, str] = {}
    exports: list[str] = []
    for field in onboarding.asked_fields(ptype.creds_schema):
        if field in fields:
            values[field] = fields[field]
        elif field in ptype.secret_fields:
            var = onboarding.env_var(type_name, field)
            typed = ""
            if asking:
                typed = click.prompt(
                    f"{field} (not shown; empty: set ${var} later)",
                    default="",
                    hide_input=True,
                    show_default=False,
                )
            if typed and secret_in_file:
                values[field] = typed
            else:
                values[field] = f"${var}"
                if typed:
                    os.environ[var] = typed  # for --import, in this process only
                if not os.environ.get(var):
                    exports.append(var)
        elif asking:
            values[field] = click.prompt(field)
        else:
            raise click.UsageError(
                f"{type_name} needs the creds field {field}: give --set {field}=VALUE"
            )
    for field, value in fields.items():
        values.setdefault(field, value)
    created_creds = not os.path.exists(creds_path)
    _write_file(creds_path, onboarding.creds_text(key, type_name, values), "creds file")
    os.chmod(creds_path, 0o600)
    if import_zones:
        try:
            ctx.invoke(
                get_zones,
                fmt="py",
                ttl=0,
                out_path=config_path,
                creds_path=creds_path,
                key=key,
                zones=tuple(domains),
            )
        except DnsframeError:
            if created_creds:
                os.remove(creds_path)
            raise
    else:
        _write_file(config_path, onboarding.config_text(key, type_name, domains), "config")
    click.echo(f'Wrote {config_path} and {creds_path} (creds key "{key}", TYPE {type_name}).')
    for var in exports:
        click.echo(f"Export the secret before the next command:  export {var}='...'")
    click.echo(f"Next: dnsframe check-creds {key}, then dnsframe check and dnsframe preview.")


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL (click's), as
    _DNSFRAME_COMPLETE=SHELL_source dnsframe does."""
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # the three choices are click's own
    click.echo(cls(cli, {}, "dnsframe", "_DNSFRAME_COMPLETE").source())


#: An example for every command's --help (click's epilog).
EXAMPLES: dict[str, str] = {
    "check": "dnsframe check\n  dnsframe check --config zones/dnsconfig.py -v view=internal",
    "preview": "dnsframe preview\n  dnsframe preview --domains example.tld --expect-no-changes",
    "push": "dnsframe push --domains example.tld\n  dnsframe push --verify --verify-wait 120",
    "verify": "dnsframe verify\n  dnsframe verify --domains example.tld --wait 120 --report v.json",
    "snapshots": "dnsframe snapshots list example.tld",
    "snapshots list": "dnsframe snapshots list example.tld",
    "snapshots restore": "dnsframe snapshots restore example.tld SNAPSHOT_ID",
    "print-ir": "dnsframe print-ir --pretty --out ir.json",
    "providers": "dnsframe providers --json",
    "version": "dnsframe version",
    "check-creds": "dnsframe check-creds gandi",
    "convert": "dnsframe convert dnsconfig.js -o dnsconfig.py",
    "get-zones": "dnsframe get-zones gandi all --out dnsconfig.py",
    "init": "dnsframe init\n"
    "  dnsframe init --type GANDI_V5 --key gandi --domain example.tld --import",
    "completion": 'eval "$(_DNSFRAME_COMPLETE=bash_source dnsframe)"   # in ~/.bashrc\n'
    "  dnsframe completion fish > ~/.config/fish/completions/dnsframe.fish",
}


def _add_examples(group: click.Group, prefix: str = "") -> None:
    for name, command in group.commands.items():
        example = EXAMPLES.get(prefix + name)
        if example and not command.epilog:
            heading = "Examples" if "\n" in example else "Example"
            command.epilog = f"\b\n{heading}:\n  {example}"
        if isinstance(command, click.Group):
            _add_examples(command, f"{prefix}{name} ")


_add_examples(cli)


class _LogFormatter(logging.Formatter):
    """A warning as the command's own lines are (``WARNING: ...``); with ``--debug``, every
    line with its logger's name (``DEBUG dnsframe.plugins: ...``)."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.levelno >= logging.WARNING and not _debug:
            return f"{record.levelname}: {record.getMessage()}"
        return super().format(record)


def _configure_logging() -> None:
    handler = _StderrHandler()
    handler.setFormatter(_LogFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger("dnsframe")
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    root.propagate = False


def _error(text: str) -> None:
    """An error for stderr: red as a whole on a terminal (see :func:`use_color`)."""
    color = use_color(sys.stderr, _colors)
    click.echo(click.style(text, fg="red") if color else text, err=True, color=color)


def _show_traceback() -> bool:
    return _debug or os.environ.get("DNSFRAME_RAISE_ERRORS") == "1"


def console() -> None:
    """The console script (``dnsframe``, ``python -m dnsframe``): :func:`main`, then the process
    ends without freeing its objects one by one. A large zone is a million objects; tearing
    them down at exit cost a preview of 100,000 records 0.3 s, for nothing. The exit handlers
    (atexit: logging's flush, a plugin's own) still run first, and while another thread is
    still alive the exit is the usual one."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            click.echo(str(exc.code), err=True)
            code = 1
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None: the process was started with it closed
            with contextlib.suppress(OSError, ValueError):  # a closed pipe (preview | head)
                stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """The command: run it, turn errors into ``ERROR: ...`` and exit 1 (what tests and
    programs call in their own process; the console script is :func:`console`)."""
    global _debug, _colors
    # A large zone is hundreds of thousands of long-lived objects (records, their rrsets, the
    # parsed API answers) made in bursts and rarely in cycles. At the default thresholds the
    # collector walks them again and again: a third of a 100,000-record preview's time. Its
    # youngest generation is collected after a million new objects (not 700): by then most
    # short-lived ones are freed already, and a 10,000-rrset preview never walks any.
    gc.set_threshold(1_000_000, 20, 100)
    args = sys.argv[1:] if argv is None else argv
    _debug = "--debug" in args
    colors = [a for a in args if a in {"--colors", "--no-colors"}]
    _colors = colors[-1] == "--colors" if colors else None  # for errors found before parsing
    if not logging.getLogger("dnsframe").handlers:
        _configure_logging()
    logging.getLogger("dnsframe").setLevel(logging.DEBUG if _debug else logging.WARNING)
    try:
        from dnsframe.plugins import get_plugin_manager

        pm = get_plugin_manager()  # plugin errors are user errors too, reported below
        pm.hook.register_commands(cli=cli)
        result = cli.main(args=args, prog_name="dnsframe", standalone_mode=False)
    except DnsframeError as exc:
        if _show_traceback():
            click.echo(redact(traceback.format_exc()), err=True, nl=False)
        _error(f"ERROR: {redact(str(exc))}")
        if "internal error in plugin" in str(exc) and not _show_traceback():
            click.echo(INTERNAL_ERROR_HINT, err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        hint = (
            f"\nTry 'dnsframe {exc.ctx.command_path.partition(' ')[2] or ''} --help'."
            if exc.ctx
            else ""
        )
        _error(f"ERROR: {exc.format_message()}{hint.replace('  ', ' ')}")
        sys.exit(1)
    except click.ClickException as exc:
        _error(f"ERROR: {exc.format_message()}")
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        if _show_traceback():
            click.echo(redact(traceback.format_exc()), err=True, nl=False)
        _error(
            f"ERROR: internal error: {type(exc).__name__}: {redact(str(exc))}. "
            "Run again with --debug for the traceback, and please report it."
        )
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
