"""dnsframe-gandi-v5: the GANDI_V5 provider for dnsframe (Gandi LiveDNS and Gandi domains).

Installed, this distribution is found through its entry point in the group ``dnsframe``: it
registers ``GANDI_V5`` as a DNS provider and as a registrar (:mod:`dnsframe_gandi_v5.plugin`).
Its tests run against a local Gandi v5 API, the separate distribution ``gandi-livedns-sandbox``
(the ``gandi-sandbox`` command).
"""

from __future__ import annotations

from dnsframe_gandi_v5.plugin import register_dns_providers, register_registrars

__all__ = ["register_dns_providers", "register_registrars"]
__version__ = "0.1.0"
