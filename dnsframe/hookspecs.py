"""The plugin contract: every hook a dnsframe plugin can implement.

A plugin is a module registered with dnsframe's pluggy ``PluginManager``: the built-ins from
:data:`dnsframe.plugins.DEFAULT_PLUGINS`, then every installed distribution's entry point in the
group ``dnsframe``. It implements hooks by defining functions of the same name decorated with
:data:`hookimpl`::

    from dnsframe import hookimpl

    @hookimpl
    def register_dns_providers(register):
        register("EXAMPLE", ExampleProvider, capabilities=..., creds_schema=..., docs="...")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from dnsframe.providers.registry import Register

hookspec = pluggy.HookspecMarker("dnsframe")
hookimpl = pluggy.HookimplMarker("dnsframe")


@hookspec
def register_dns_providers(register: Register) -> None:
    """Register the DNS provider types this plugin brings.

    Called once per process, the first time dnsframe needs the provider types (the plugins
    themselves are loaded earlier, when the command starts): for ``check`` and ``print-ir``
    after ``dnsconfig.py`` is evaluated, for ``preview`` and ``push`` after it is evaluated and
    validated and the domains are selected, for ``providers``, ``check-creds`` and
    ``get-zones`` at their start. Call
    ``register(type_name, cls, capabilities=..., creds_schema=..., docs=...)`` once per type:

    - ``type_name``: the name users write as ``TYPE`` in creds.json (``"GANDI_V5"``),
      upper case; two plugins registering the same name is an error that names both.
    - ``cls``: a class implementing :class:`dnsframe.providers.DnsProvider` (and the optional
      protocols its capabilities declare); dnsframe creates one instance per creds.json key of
      this type. ``register`` checks the class against the contract and raises
      :class:`dnsframe.errors.PluginError` for a missing method, a capability declared but not
      implemented (or the reverse) and a near-miss method name.
    - ``capabilities``: a :class:`dnsframe.providers.Capabilities`; the record types and
      features the provider can store. dnsframe refuses anything else before any API call.
    - ``creds_schema``: the JSON Schema (draft 2020-12) of a creds.json entry of this type,
      ``TYPE`` excluded. A property with ``"secret": true`` is redacted from every output.
    - ``docs``: a paragraph for ``dnsframe providers``: what the provider does and its limits.

    Return nothing.
    """


@hookspec
def register_registrars(register: Register) -> None:
    """Register the registrar types this plugin brings.

    Called once per process, right after every plugin's :func:`register_dns_providers`, with
    the same ``register`` call signature; ``cls`` implements
    :class:`dnsframe.providers.Registrar`. A type that is both a DNS provider and a registrar
    is registered by both hooks, usually with the same class; one creds.json key then gives one
    instance that serves both roles, unless its ``NewDnsProvider`` and ``NewRegistrar``
    declarations give different metadata (then each role has its own instance).

    Return nothing.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``dnsframe`` command.

    Called once when the ``dnsframe`` command starts, after the plugins are loaded, with its
    top-level click group. Add commands with ``@cli.command()``; name them after the plugin
    (``gandi-zones``) so that they collide with no command of dnsframe's or of other plugins'.
    Raise :class:`dnsframe.errors.DnsframeError` for errors meant for the user. Return nothing.
    """
