"""dnsframe-example: the DNS provider type EXAMPLE, every zone a JSON file in a folder.

dnsframe finds this package through the entry point in pyproject.toml and registers the hooks
it exports (:mod:`dnsframe_example.plugin`).
"""

from __future__ import annotations

from dnsframe_example.plugin import register_dns_providers

__all__ = ["register_dns_providers"]
__version__ = "0.1.0"
