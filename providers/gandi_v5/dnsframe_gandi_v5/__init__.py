"""dnsframe-gandi-v5: the GANDI_V5 provider for dnsframe (Gandi LiveDNS and Gandi domains).

Installed, this distribution is found through its entry point in the group ``dnsframe``. The
provider itself, its HTTP client and the local Gandi sandbox come in later steps; until then the
plugin loads and registers nothing, so ``dnsframe providers`` does not list GANDI_V5 yet.
"""

from __future__ import annotations

__version__ = "0.1.0"
