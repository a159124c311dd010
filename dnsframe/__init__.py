"""dnsframe: DNS as code in Python, with DNSControl's language.

``from dnsframe import *`` brings the configuration language (``D``, ``A``, ``MX``, ...);
plugins import :data:`hookimpl` from here.
"""

from __future__ import annotations

from dnsframe.dsl import *  # noqa: F403
from dnsframe.dsl import __all__ as _dsl_all
from dnsframe.hookspecs import hookimpl as hookimpl

__version__ = "0.1.0"

__all__ = [*_dsl_all]
