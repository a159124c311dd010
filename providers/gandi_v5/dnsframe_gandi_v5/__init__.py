"""dnsframe-gandi-v5: the GANDI_V5 provider for dnsframe (Gandi LiveDNS and Gandi domains).

Installed, this distribution is found through its entry point in the group ``dnsframe``: it
registers ``GANDI_V5`` as a DNS provider and as a registrar (:mod:`dnsframe_gandi_v5.plugin`), and
adds the ``dnsframe gandi-sandbox`` command, which runs :mod:`dnsframe_gandi_v5.sandbox`, a local
Gandi v5 API for the demo and the tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dnsframe import hookimpl

if TYPE_CHECKING:
    import click

from dnsframe_gandi_v5.plugin import register_dns_providers, register_registrars

__all__ = ["register_commands", "register_dns_providers", "register_registrars"]
__version__ = "0.1.0"


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``dnsframe gandi-sandbox`` (imported only here, so loading the plugin stays cheap)."""
    from dnsframe_gandi_v5.sandbox.cli import add_command

    add_command(cli)
