"""The proof of ``dnsframe convert``: evaluate the JavaScript and the Python it became, and
compare the two configs (:mod:`dnsframe.equivalence`).

The JavaScript is evaluated by :func:`dnsframe.jsconfig.load_js_config` (the ``js`` extra's
engine). When that engine is not there, the proof says so and fails: a conversion is never
called equivalent without having been compared.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from dnsframe.equivalence import report
from dnsframe.errors import ConfigError
from dnsframe.evaluate import load_config
from dnsframe.model import Config

NO_ENGINE = (
    "cannot prove the conversion equivalent: running dnsconfig.js needs dnsframe's JavaScript "
    "engine (pip install 'dnsframe[js]'), which this installation does not have. Install it "
    "and run dnsframe convert --check, or give --no-check to convert without the proof"
)


def load_js(path: str | os.PathLike[str], variables: Mapping[str, str] | None) -> Config:
    try:
        from dnsframe.jsconfig import load_js_config  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError(NO_ENGINE) from None
    config: Config = load_js_config(path, variables)
    return config


def prove(
    js_path: str | os.PathLike[str],
    py_path: str | os.PathLike[str],
    variables: Mapping[str, str] | None = None,
) -> tuple[bool, str]:
    """(equivalent, what to print) for the JavaScript config and its Python conversion.
    Raises :class:`ConfigError` when either cannot be evaluated."""
    js = load_js(js_path, variables)
    try:
        py = load_config(py_path, variables)
    except ConfigError as exc:
        raise ConfigError(
            f"the converted Python config does not evaluate ({exc}); the JavaScript does: "
            "fix the lines the warnings name, or report the construct that was mistranslated"
        ) from None
    return report(js, py)
