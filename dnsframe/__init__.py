"""dnsframe: DNS as code in Python, with DNSControl's language.

``from dnsframe import *`` brings the configuration language (``D``, ``A``, ``MX``, ...);
plugins import :data:`hookimpl` from here. The language (and dnspython with it) is imported on
first use of one of its names, so ``from dnsframe import hookimpl`` stays light.
"""

from __future__ import annotations

import importlib
from typing import Any

from dnsframe.hookspecs import hookimpl as hookimpl

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # ``__all__`` too: ``from dnsframe import *`` reads it, and it is the DSL's.
    dsl = importlib.import_module("dnsframe.dsl")

    if name == "__all__" or name in dsl.__all__:
        return getattr(dsl, name)
    raise AttributeError(f"module 'dnsframe' has no attribute {name!r}")


def __dir__() -> list[str]:
    dsl = importlib.import_module("dnsframe.dsl")
    return sorted({*globals(), *dsl.__all__})
