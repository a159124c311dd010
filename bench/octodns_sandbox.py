"""Run an octoDNS command with octodns-gandi pointed at a local Gandi sandbox.

octodns-gandi hard-codes ``https://api.gandi.net/v5`` in ``GandiClient.__init__``; this wrapper
sets ``endpoint`` to the sandbox after each client is made (as
providers/gandi_sandbox/tests/test_sandbox_octodns.py does), then runs octoDNS's own command in
this process, so that the benchmarks measure its time and memory as they measure dnsframe's.

    python bench/octodns_sandbox.py http://127.0.0.1:PORT/v5 sync --config-file c.yaml [--doit]
    python bench/octodns_sandbox.py http://127.0.0.1:PORT/v5 validate --config-file c.yaml
"""

from __future__ import annotations

import importlib
import sys
from typing import Any
from urllib.parse import urlsplit

import octodns_gandi

COMMANDS = {"sync": "octodns.cmds.sync", "validate": "octodns.cmds.validate"}
#: Where octodns-gandi sends its requests unless told otherwise.
REAL_ENDPOINT = "https://api.gandi.net/v5"


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[2] not in COMMANDS:
        raise SystemExit(f"usage: {sys.argv[0]} ENDPOINT {{{','.join(COMMANDS)}}} ARGS...")
    endpoint, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if urlsplit(endpoint).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"{endpoint}: the sandbox runs on loopback; refusing another host")
    made = octodns_gandi.GandiClient.__init__

    def pointed_at_sandbox(self: Any, *a: Any, **kw: Any) -> None:
        made(self, *a, **kw)
        # Fail closed: if octodns-gandi ever keeps its endpoint elsewhere, setting this
        # attribute would not redirect anything, and its requests would go to Gandi itself.
        if getattr(self, "endpoint", None) != REAL_ENDPOINT:
            raise SystemExit(f"octodns-gandi no longer keeps {REAL_ENDPOINT} in .endpoint")
        self.endpoint = endpoint

    octodns_gandi.GandiClient.__init__ = pointed_at_sandbox  # type: ignore[method-assign]
    sys.argv = [f"octodns-{command}", *args]
    importlib.import_module(COMMANDS[command]).main()


if __name__ == "__main__":
    main()
