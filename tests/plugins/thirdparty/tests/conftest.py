from __future__ import annotations

pytest_plugins = ["dnsframe.testing.fixtures"]
