"""A plugin's own subcommand, added through the register_commands hook."""

from __future__ import annotations

from typing import Any

from dnsframe import hookspecs, plugins
from tests.conftest import Run


class _WithCommand:
    @hookspecs.hookimpl
    def register_commands(self, cli: Any) -> None:
        import click

        @cli.command("hello-plugin")
        @click.argument("who")
        def hello(who: str) -> None:
            """Say hello (a plugin's own subcommand)."""
            click.echo(f"hello {who}")


def test_plugins_add_subcommands_through_register_commands(run: Run) -> None:
    plugins.get_plugin_manager().register(_WithCommand(), name="with-command")
    result = run("hello-plugin", "world")
    assert result.exit_code == 0, result.output
    assert result.stdout == "hello world\n"
    assert "hello-plugin" in run("--help").stdout
