"""The configuration language: DNSControl's functions, in Python.

``dnsconfig.py`` calls these (they are in scope without an import, and ``from dnsframe import *``
brings them anywhere else). Record functions (``A``, ``MX``, ...) return record specs that may be
kept in variables, lists and macros; ``D()`` places them in a domain, resolving names and data
against it. Every problem is collected with the file and line that caused it and reported at
the end of the evaluation (:mod:`dnsframe.evaluate`).

The package, by concern: :mod:`~dnsframe.dsl.state` (the evaluation, source positions),
:mod:`~dnsframe.dsl.values` (what the functions return, TTLs), :mod:`~dnsframe.dsl.names`,
:mod:`~dnsframe.dsl.providers`, :mod:`~dnsframe.dsl.modifiers`, :mod:`~dnsframe.dsl.records`
(one function per type of :mod:`dnsframe.rtypes`), :mod:`~dnsframe.dsl.domains` (``D()``),
:mod:`~dnsframe.dsl.builders` (``IP``, ``REV``, the ``*_BUILDER`` helpers) and
:mod:`~dnsframe.dsl.variables` (``CLI_VARS``, ``CLI_DEFAULTS``: ``-v name=value``).
"""

from __future__ import annotations

from dnsframe.dsl.builders import CAA_BUILDER as CAA_BUILDER
from dnsframe.dsl.builders import DKIM_BUILDER as DKIM_BUILDER
from dnsframe.dsl.builders import DMARC_BUILDER as DMARC_BUILDER
from dnsframe.dsl.builders import IP as IP
from dnsframe.dsl.builders import REV as REV
from dnsframe.dsl.builders import SPF_BUILDER as SPF_BUILDER
from dnsframe.dsl.builders import split_spf as split_spf
from dnsframe.dsl.domains import D_EXTEND as D_EXTEND
from dnsframe.dsl.domains import DOMAIN_ELSEWHERE as DOMAIN_ELSEWHERE
from dnsframe.dsl.domains import DOMAIN_ELSEWHERE_AUTO as DOMAIN_ELSEWHERE_AUTO
from dnsframe.dsl.domains import D as D
from dnsframe.dsl.domains import getConfiguredDomains as getConfiguredDomains
from dnsframe.dsl.location import LOC_BUILDER_DD as LOC_BUILDER_DD
from dnsframe.dsl.location import LOC_BUILDER_DMM_STR as LOC_BUILDER_DMM_STR
from dnsframe.dsl.location import LOC_BUILDER_DMS_STR as LOC_BUILDER_DMS_STR
from dnsframe.dsl.location import LOC_BUILDER_STR as LOC_BUILDER_STR
from dnsframe.dsl.m365 import M365_BUILDER as M365_BUILDER
from dnsframe.dsl.modifiers import DEFAULTS as DEFAULTS
from dnsframe.dsl.modifiers import ENSURE_ABSENT_REC as ENSURE_ABSENT_REC
from dnsframe.dsl.modifiers import IGNORE as IGNORE
from dnsframe.dsl.modifiers import IGNORE_NAME as IGNORE_NAME
from dnsframe.dsl.modifiers import IGNORE_TARGET as IGNORE_TARGET
from dnsframe.dsl.modifiers import INCLUDE as INCLUDE
from dnsframe.dsl.modifiers import NAMESERVER as NAMESERVER
from dnsframe.dsl.modifiers import NAMESERVER_TTL as NAMESERVER_TTL
from dnsframe.dsl.modifiers import SAFETY as SAFETY
from dnsframe.dsl.modifiers import TTL as TTL
from dnsframe.dsl.modifiers import DefaultTTL as DefaultTTL
from dnsframe.dsl.names import relative_label as relative_label
from dnsframe.dsl.names import to_ascii_name as to_ascii_name
from dnsframe.dsl.providers import DnsProvider as DnsProvider
from dnsframe.dsl.providers import NewDnsProvider as NewDnsProvider
from dnsframe.dsl.providers import NewRegistrar as NewRegistrar
from dnsframe.dsl.records import RECORD_FUNCTIONS as RECORD_FUNCTIONS
from dnsframe.dsl.records import RecordFunction as RecordFunction
from dnsframe.dsl.state import DEFAULT_TTL as DEFAULT_TTL
from dnsframe.dsl.state import PACKAGE_DIR as PACKAGE_DIR
from dnsframe.dsl.state import DslError as DslError
from dnsframe.dsl.state import EvalState as EvalState
from dnsframe.dsl.state import active_state as active_state
from dnsframe.dsl.state import caller_pos as caller_pos
from dnsframe.dsl.state import evaluation as evaluation
from dnsframe.dsl.values import AUTODNSSEC_OFF as AUTODNSSEC_OFF
from dnsframe.dsl.values import AUTODNSSEC_ON as AUTODNSSEC_ON
from dnsframe.dsl.values import CAA_CRITICAL as CAA_CRITICAL
from dnsframe.dsl.values import DISABLE_IGNORE_SAFETY_CHECK as DISABLE_IGNORE_SAFETY_CHECK
from dnsframe.dsl.values import END as END
from dnsframe.dsl.values import NO_PURGE as NO_PURGE
from dnsframe.dsl.values import PURGE as PURGE
from dnsframe.dsl.values import DomainModifier as DomainModifier
from dnsframe.dsl.values import RecordSpec as RecordSpec
from dnsframe.dsl.values import parse_ttl as parse_ttl
from dnsframe.dsl.variables import CLI_DEFAULTS as CLI_DEFAULTS
from dnsframe.dsl.variables import CLI_VARS as CLI_VARS
from dnsframe.dsl.vendors import *  # noqa: F403  (DNSControl's provider-specific modifiers)
from dnsframe.dsl.vendors import VENDOR_NAMES as VENDOR_NAMES

#: The names that are not record types, which ``dnsconfig.py`` has in scope.
_LANGUAGE = (
    "AUTODNSSEC_OFF", "AUTODNSSEC_ON", "CAA_BUILDER", "CAA_CRITICAL", "CLI_DEFAULTS", "CLI_VARS",
    "DEFAULTS", "DISABLE_IGNORE_SAFETY_CHECK", "DKIM_BUILDER", "DMARC_BUILDER", "DOMAIN_ELSEWHERE",
    "DOMAIN_ELSEWHERE_AUTO", "D_EXTEND", "END", "ENSURE_ABSENT_REC", "IGNORE", "IGNORE_NAME",
    "IGNORE_TARGET", "INCLUDE", "IP", "LOC_BUILDER_DD", "LOC_BUILDER_DMM_STR",
    "LOC_BUILDER_DMS_STR", "LOC_BUILDER_STR", "M365_BUILDER", "NAMESERVER", "NAMESERVER_TTL",
    "NO_PURGE", "PURGE", "REV", "SAFETY", "SPF_BUILDER", "TTL", "D", "DefaultTTL", "DnsProvider",
    "NewDnsProvider", "NewRegistrar", "getConfiguredDomains", *VENDOR_NAMES,
)  # fmt: skip

# One function per registered record type: A, AAAA, MX, ...
globals().update(RECORD_FUNCTIONS)

#: The configuration language: every name ``dnsconfig.py`` has in scope.
__all__ = sorted([*_LANGUAGE, *RECORD_FUNCTIONS])
