"""``python -m gandi_sandbox``: the same as the ``gandi-sandbox`` command."""

from __future__ import annotations

from gandi_sandbox.cli import main

if __name__ == "__main__":
    main()
