"""dnsframe-example-broken: a plugin whose import fails, as one with a missing dependency."""

from __future__ import annotations

raise ImportError("dnsframe_example_broken needs the module not_installed_anywhere_xyz")
