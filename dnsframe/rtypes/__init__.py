"""The record types, each defined once: the DSL function, the canonical form, the IR fields,
the ``get-zones`` arguments and the IGNORE target all come from its :class:`RecordType`.

The types live by family, one small module each: :mod:`~dnsframe.rtypes.address` (A, AAAA),
:mod:`~dnsframe.rtypes.host` (CNAME, DNAME, NS, PTR, ALIAS), :mod:`~dnsframe.rtypes.mail` (MX),
:mod:`~dnsframe.rtypes.text` (TXT), :mod:`~dnsframe.rtypes.service` (SRV, NAPTR),
:mod:`~dnsframe.rtypes.security` (CAA, DS, SSHFP, TLSA) and :mod:`~dnsframe.rtypes.misc` (LOC,
RP). Each module registers its types when imported; this package imports them all.

**The IR field names** (``print-ir``'s ``fields``) are DNSControl's, so a reader of DNSControl's
JSON (``dnscontrol print-ir``) finds the same words, never dnspython's slot names:

- The names of DNSControl's ``RecordConfig`` JSON (``models/record.go``) where it has them:
  ``target`` for the one value it keeps in its target (the address of A/AAAA, the host of
  CNAME/MX/NS/SRV/..., the text of TXT, the value of CAA, the fingerprint of SSHFP, the
  certificate data of TLSA, the replacement of NAPTR), and ``<type><part>`` for the other
  parts: ``mxpreference``; ``srvpriority``, ``srvweight``, ``srvport``; ``caaflag``,
  ``caatag``; ``dskeytag``, ``dsalgorithm``, ``dsdigesttype``, ``dsdigest`` (DS keeps its digest
  there, not in target); ``sshfpalgorithm`` and ``sshfpfingerprint`` (which, as in DNSControl,
  is the fingerprint *type*, 1 or 2; the fingerprint itself is ``target``); ``tlsausage``,
  ``tlsaselector``, ``tlsamatchingtype``; ``naptrorder``, ``naptrpreference``, ``naptrflags``,
  ``naptrservice``, ``naptrregexp``.
- LOC: RecordConfig holds only RFC 1876's wire encoding (``loclatitude`` is 2^31 plus
  thousandths of an arcsecond, ``locsize`` a mantissa and exponent byte), which no reader
  wants; the fields are instead named as the parameters of DNSControl's ``LOC()``, in its units:
  ``deg1``, ``min1``, ``sec1``, ``ns``, ``deg2``, ``min2``, ``sec2``, ``ew``, and ``altitude``,
  ``size``, ``horizontal_precision``, ``vertical_precision`` in metres.
- RP: RecordConfig has no fields for it, so the fields are the parameters of DNSControl's
  ``RP()``: ``mbox`` and ``txt``.

Numbers are JSON integers (LOC's seconds and distances: numbers), binary data lowercase hex.
"""

from __future__ import annotations

from dnsframe.rtypes import address, host, mail, misc, security, service, text
from dnsframe.rtypes.data import RdataError
from dnsframe.rtypes.registry import TYPES, RecordType, get, register

__all__ = ["TYPES", "RdataError", "RecordType", "get", "register"]

_FAMILIES = (address, host, mail, text, service, security, misc)
