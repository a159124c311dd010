"""Compiling a large ``dnsconfig.py`` once: its code object kept in the user's cache folder.

Python compiles a config of 100,000 records (a 5 MB file) in over a second, and the compiler's
tree of it takes some 400 MB; loading the compiled code back takes a tenth of a second and little
memory. Python does the same for every module it imports (``__pycache__``); dnsframe runs the
config itself, so it keeps its own cache, for large files only:

- only a source of :data:`MIN_SIZE` characters or more is cached; a small one is compiled each
  time (a few milliseconds), so a typical config never writes anything;
- the entry's name is a digest of Python's bytecode magic number, the file's full path and the
  source, so any change to the file (or another Python) makes a new entry, never a stale hit;
- the folder is ``$DNSFRAME_CACHE_DIR``, else ``$XDG_CACHE_HOME/dnsframe``, else
  ``~/.cache/dnsframe``, made readable by its owner only; it keeps the :data:`KEEP` newest
  entries; ``DNSFRAME_CACHE_DIR=off`` turns the cache off (it is not tied to
  ``PYTHONDONTWRITEBYTECODE``, which many container images set for Python's own files);
- a folder that cannot be written, or an entry that cannot be read, is passed over.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import marshal
import os
from pathlib import Path
from types import CodeType

log = logging.getLogger(__name__)

#: The smallest source (in characters) whose code is cached: it compiles in some 25 ms.
MIN_SIZE = 100_000
#: How many compiled configs the cache keeps (the most recently written).
KEEP = 8


def cache_dir() -> Path | None:
    """The folder of compiled configs; None when the cache is off."""
    explicit = os.environ.get("DNSFRAME_CACHE_DIR")
    if explicit == "off":
        return None
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dnsframe"


def compile_config(source: str, filename: str) -> CodeType:
    """The code of ``source`` (the file ``filename``), from the cache when it holds it.

    Raises :class:`SyntaxError` (and :class:`ValueError`) as :func:`compile` does.
    """
    folder = cache_dir()
    if len(source) < MIN_SIZE or folder is None:
        return compile(source, filename, "exec")
    digest = hashlib.sha256(importlib.util.MAGIC_NUMBER)
    digest.update(filename.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(source.encode("utf-8", "surrogateescape"))
    entry = folder / f"{digest.hexdigest()[:40]}.code"
    try:
        code = marshal.loads(entry.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError) as exc:
        log.debug("compiled config %s cannot be read (%s); compiling again", entry, exc)
    else:
        if isinstance(code, CodeType) and code.co_filename == filename:
            return code
    code = compile(source, filename, "exec")
    _store(entry, code)
    return code


def _store(entry: Path, code: CodeType) -> None:
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps(code))
        os.replace(tmp, entry)
    except OSError as exc:
        log.debug("compiled config not kept in %s (%s)", entry.parent, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return
    with contextlib.suppress(OSError):
        entries = sorted(entry.parent.glob("*.code"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-KEEP]:
            old.unlink()
