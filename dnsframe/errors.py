"""The errors that dnsframe shows to its user.

Every error meant for a person is a :class:`DnsframeError`. The CLI prints its message as
``ERROR: ...`` and exits 1 without a traceback (``--debug`` or ``DNSFRAME_RAISE_ERRORS=1`` show it).
Anything else that escapes is a bug in dnsframe or a plugin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dnsframe.model import Config


class DnsframeError(Exception):
    """An error whose message is written for the user: what went wrong, where, and what to do."""


class ConfigError(DnsframeError):
    """``dnsconfig.py`` could not be evaluated, or it describes something invalid.

    ``problems`` holds one line per problem, each starting with ``file:line:`` where it is known.
    """

    def __init__(self, problems: str | Sequence[str], partial: Config | None = None) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        #: What the config declared despite these problems (the records that had one left
        #: out), when its evaluation ran to the end: the checks after it can still run on it,
        #: so that every problem comes in one run.
        self.partial = partial
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems in the configuration:\n" + "\n".join(
                f"  {p}" for p in self.problems
            )
        super().__init__(message)


class CredsError(DnsframeError):
    """creds.json is missing, unreadable, or an entry in it is wrong."""


class PluginError(DnsframeError):
    """A plugin failed to load, or two plugins claim the same provider type."""


class ProviderError(DnsframeError):
    """A provider failed while talking to its service."""


def internal_error(exc: BaseException, origin: str, type_name: str, key: str, doing: str) -> str:
    """The one-line message for an exception that a plugin's provider raised and that is not a
    :class:`DnsframeError` (a bug, not a message for the user): ``internal error in plugin
    <distribution> (<type> at creds key "<key>"): [<method>() raised] <exception>``, redacted
    (``doing`` names the method when it ends with ``()``). The exception and its
    traceback are logged at debug level (``--debug`` shows them, redacted too)."""
    import logging

    from dnsframe.creds import redact

    method = f"{doing} raised " if doing.endswith("()") else ""
    text = redact(
        f'internal error in plugin {origin} ({type_name} at creds key "{key}"): '
        f"{method}{type(exc).__name__}: {exc}"
    )
    logging.getLogger("dnsframe.plugins").debug("%s (while %s)", text, doing, exc_info=exc)
    return text


#: What the command adds, without --debug, when an internal error of a plugin was reported.
INTERNAL_ERROR_HINT = (
    "Run again with --debug to see the plugin's traceback, and report it to the plugin's authors."
)
