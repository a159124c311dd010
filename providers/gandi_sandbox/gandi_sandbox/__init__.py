"""A faithful local Gandi v5 API (LiveDNS and the domain API), for tests and the demo.

::

    from gandi_sandbox import GandiSandbox

    with GandiSandbox() as sb:          # started on a free port of 127.0.0.1
        sb.add_token("demo")
        sb.add_domain("example.tld")    # with Gandi's default records
        client = ...(apiurl=sb.url, token="demo")

The rules it follows, where each comes from and where it knowingly differs from Gandi are in
the README.md of this distribution (``gandi-livedns-sandbox``). The ``gandi-sandbox`` command
(or ``python -m gandi_sandbox``) runs it from the command line.
"""

from __future__ import annotations

from gandi_sandbox.core import GandiSandbox, RequestLogEntry
from gandi_sandbox.faults import Faults

__all__ = ["Faults", "GandiSandbox", "RequestLogEntry"]
__version__ = "0.1.0"
