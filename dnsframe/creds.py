"""creds.json, in DNSControl's format, and the redaction of secrets.

``{"gandi": {"TYPE": "GANDI_V5", "token": "$GANDI_TOKEN"}, ...}``: one object per key, ``TYPE``
required. A value that is exactly ``$NAME`` is read from the environment when the entry is used;
an unset variable is an error. Each entry is validated against its type's JSON Schema, and every
field the schema marks ``"secret": true`` is remembered, so that :func:`redact` can take it out
of anything dnsframe prints or logs.

As DNSControl reads it: ``//`` and ``/* */`` comments and trailing commas are accepted (blanked
out in place, so a JSON error still names the line and column of the file); the entries
``"none"`` (``NONE``) and ``"bind"`` (``BIND``) exist unless the file has its own; an entry
with ``"_exclude_from_defaults": "true"`` is left out of preview and push unless ``--providers``
names it or is ``all``; and ``--creds '!program args'`` (or an executable file that does not end
in ``.json``, ``.yaml`` or ``.yml``) runs the program, without a shell, and reads its output.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dnsframe.errors import CredsError

if TYPE_CHECKING:
    import jsonschema

REDACTED = "[REDACTED]"
#: The shortest secret that :func:`redact` takes out of text. Secrets are kept out of messages
#: where those are made; replacing them in all text is the safety net, and it must not garble:
#: a placeholder such as "the", "demo" or "wrong" is also a word of ordinary messages. Eight
#: characters is the least any real credential has (the shortest password NIST SP 800-63B
#: allows), and strings that long rarely occur in a message by chance; a provider refuses a
#: secret too short to be its own in its creds schema (``minLength``).
REDACT_MIN_LENGTH = 8
_ENV_REF = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")
#: The entries every creds.json has unless it defines them itself, as in DNSControl (the two
#: types that needed no entry before its version 4).
DEFAULT_ENTRIES: Mapping[str, Mapping[str, Any]] = {
    "none": {"TYPE": "NONE"},
    "bind": {"TYPE": "BIND"},
}
#: The field of an entry that keeps its provider out of preview and push unless ``--providers``
#: names it (or is ``all``): DNSControl's name and value (a string, ``"true"``).
EXCLUDE_FIELD = "_exclude_from_defaults"
#: The file names that are read, never run, even when executable (DNSControl's rule).
_NEVER_RUN = (".json", ".yaml", ".yml")

_log = logging.getLogger("dnsframe.creds")
_secrets_lock = threading.Lock()
_secrets: set[str] = set()


def add_secret(value: str) -> None:
    """Remember ``value`` as a secret: :func:`redact` replaces it from now on, when it has at
    least :data:`REDACT_MIN_LENGTH` characters (a shorter one would garble messages)."""
    if len(value) >= REDACT_MIN_LENGTH:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """``text`` with every known secret replaced by ``[REDACTED]``."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that takes known secrets out of every record it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info:
            # Format the traceback now, redacted, so that the handler prints this text.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text, record.exc_info = redact(text), None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


@dataclass(frozen=True, slots=True)
class Creds:
    """The parsed creds file; ``entries`` keep ``$VAR`` references as written."""

    path: str
    entries: Mapping[str, Mapping[str, Any]]
    exists: bool = True
    #: The mode of the file, for the warning about secrets others can read.
    mode: int | None = None
    #: The secrets already warned about, ``key.field``.
    _warned: set[str] = dataclass_field(default_factory=set, compare=False, repr=False)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Creds:
        """Read ``path``, or run it: ``!program args`` (and an executable file not ending in
        ``.json``, ``.yaml`` or ``.yml``) is run and its output read. A missing file gives the
        default entries only (``exists`` False), since only some commands need creds. Invalid
        JSON, a failed program or a malformed entry is an error."""
        shown = str(path)
        if shown.startswith("!"):
            return cls._parse(shown, _run_command(shown[1:], shown), None, command=True)
        p = Path(path)
        if not p.exists():
            return cls(path=shown, entries={}, exists=False)
        if _is_program(p):
            import shlex

            return cls._parse(shown, _run_command(shlex.quote(shown), shown), None, command=True)
        try:
            data_bytes = p.read_bytes()
        except OSError as exc:
            raise CredsError(f"{shown}: cannot be read: {exc.strerror}") from None
        try:
            mode = p.stat().st_mode if os.name == "posix" else None
        except OSError:
            mode = None
        return cls._parse(shown, data_bytes, mode, command=False)

    @classmethod
    def _parse(cls, shown: str, data_bytes: bytes, mode: int | None, *, command: bool) -> Creds:
        def at(line: int, column: int) -> str:
            if command:
                return f"{shown}: its output, line {line}, column {column}"
            return f"{shown}:{line}:{column}"

        try:
            text = data_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data_bytes.count(b"\n", 0, exc.start) + 1
            column = exc.start - data_bytes.rfind(b"\n", 0, exc.start)
            raise CredsError(
                f"{at(line, column)}: not UTF-8 text (byte 0x{data_bytes[exc.start]:02x}); "
                + ("make the program print UTF-8" if command else "save the file as UTF-8")
            ) from None
        try:
            data = json.loads(lenient_json(text))
        except _UnclosedComment as exc:
            raise CredsError(
                f"{at(exc.line, exc.column)}: a /* comment is never closed; end it with */"
            ) from None
        except json.JSONDecodeError as exc:
            raise CredsError(
                f"{at(exc.lineno, exc.colno)}: not valid JSON ({exc.msg}). creds.json is "
                'one JSON object: {"key": {"TYPE": "...", ...}, ...}'
            ) from None
        if not isinstance(data, dict):
            raise CredsError(
                f'{shown}: must be a JSON object of entries, {{"key": {{"TYPE": "...", ...}}}}'
            )
        for key, entry in data.items():
            if not isinstance(entry, dict):
                raise CredsError(f'{shown}: the entry "{key}" must be an object with a "TYPE"')
            exclude = entry.get(EXCLUDE_FIELD, "false")
            if exclude not in ("true", "false", True, False):
                raise CredsError(
                    f'{shown}: "{key}": the field "{EXCLUDE_FIELD}" must be "true" or "false", '
                    f"not {json.dumps(exclude)}"
                )
        return cls(path=shown, entries=data, exists=True, mode=mode)

    def has(self, key: str) -> bool:
        return key in self.entries or key in DEFAULT_ENTRIES

    def excluded(self) -> frozenset[str]:
        """The keys whose entry says ``"_exclude_from_defaults": "true"``: preview and push
        leave them out unless ``--providers`` names them or is ``all``."""
        return frozenset(
            key for key, entry in self.entries.items() if entry.get(EXCLUDE_FIELD) in ("true", True)
        )

    def type_of(self, key: str) -> str:
        """The entry's ``TYPE``; an error when the entry or its TYPE is missing."""
        entry = self.entry(key)
        type_name = entry.get("TYPE")
        if not isinstance(type_name, str) or not type_name:
            raise CredsError(
                f'{self.path}: the entry "{key}" has no "TYPE"; add the provider type, for '
                f'example "TYPE": "GANDI_V5" (dnsframe providers lists them)'
            )
        return type_name

    def entry(self, key: str) -> Mapping[str, Any]:
        if key not in self.entries and key in DEFAULT_ENTRIES:
            return DEFAULT_ENTRIES[key]
        if key not in self.entries:
            if not self.exists:
                raise CredsError(
                    f'the creds file {self.path} does not exist, and the key "{key}" is needed. '
                    "Create it (see README), or pass --creds FILE."
                )
            known = ", ".join(f'"{k}"' for k in self.entries) or "none"
            raise CredsError(
                f'{self.path} has no entry "{key}" (its entries: {known}). Add one with its '
                '"TYPE", or fix the name in dnsconfig.py.'
            )
        return self.entries[key]

    def settings(
        self, key: str, type_name: str, schema: Mapping[str, Any], secret_fields: frozenset[str]
    ) -> dict[str, Any]:
        """The entry for ``key`` without ``TYPE``, ``$VAR`` values read from the environment,
        validated against ``schema``; its secret fields are remembered for :func:`redact`.

        A key that creds.json lacks gives its default entry, or an empty one (a type with
        nothing to configure needs none), which the schema then accepts or not.
        """
        raw = dict(self.entries.get(key, DEFAULT_ENTRIES.get(key, {})))
        raw.pop("TYPE", None)
        raw.pop(EXCLUDE_FIELD, None)
        settings: dict[str, Any] = {}
        unset: list[str] = []
        for name, value in raw.items():
            if isinstance(value, str) and (match := _ENV_REF.match(value)):
                var = match.group(1)
                found = os.environ.get(var)
                if found is None or not found.strip():
                    state = "is not set" if found is None else "is empty"
                    unset.append(
                        f'the field "{name}" is "{value}", but the environment variable {var} '
                        f"{state}. Export {var}, or write the value in the file."
                    )
                    continue
                value = found
            settings[name] = value
        if unset:
            where = f'{self.path}: "{key}"'
            if len(unset) == 1:
                raise CredsError(f"{where}: {unset[0]}")
            raise CredsError(f"{where}:\n" + "\n".join(f"  {p}" for p in unset))
        for name in secret_fields:
            if isinstance(settings.get(name), str):
                add_secret(settings[name])
                if raw.get(name) == settings[name]:
                    self._warn_if_readable(key, name)
        problems = schema_problems(settings, schema)
        if problems:
            where = f'{self.path}: "{key}" (TYPE {type_name})'
            if len(problems) == 1:
                raise CredsError(f"{where}: {problems[0]}")
            raise CredsError(f"{where}:\n" + "\n".join(f"  {p}" for p in problems))
        return settings

    def _warn_if_readable(self, key: str, name: str) -> None:
        """Warn, once per secret, when it is written out in a file other users can read."""
        if self.mode is None or not self.mode & 0o044 or f"{key}.{name}" in self._warned:
            return
        self._warned.add(f"{key}.{name}")
        _log.warning(
            '%s: "%s": the field "%s" holds a secret written out, and other users can read the '
            'file (mode %03o); run chmod 600 %s, or write the field as "$VARIABLE" and export it',
            self.path,
            key,
            name,
            self.mode & 0o777,
            self.path,
        )


def _is_program(path: Path) -> bool:
    """Whether the creds file is a program to run: executable by everyone (DNSControl's test)
    and not named as a data file."""
    if os.name != "posix" or path.name.lower().endswith(_NEVER_RUN):
        return False
    try:
        return path.is_file() and path.stat().st_mode & 0o111 == 0o111
    except OSError:
        return False


def _run_command(command: str, shown: str) -> bytes:
    """Run ``command`` (split as a shell would, but run without one) and return its output.
    A program named without a folder that is a file in the working folder runs from there, as
    DNSControl runs it. What the program prints is never shown: it may hold secrets."""
    import shlex  # with subprocess, 5 ms that a creds.json file does not need
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise CredsError(
            f"--creds {shown}: the command cannot be split into words ({exc})"
        ) from None
    if not argv:
        raise CredsError("--creds !: no command after the !; write --creds '!program args'")
    program = argv[0]
    if os.sep not in program and os.path.isfile(program):
        argv[0] = os.path.join(os.curdir, program)
    try:
        done = subprocess.run(argv, capture_output=True, check=False)
    except FileNotFoundError:
        raise CredsError(
            f"--creds {shown}: the program {program!r} was not found (not a file here nor on "
            "PATH); install it, or give its path"
        ) from None
    except OSError as exc:
        raise CredsError(
            f"--creds {shown}: the program {program!r} cannot be run: {exc.strerror}"
            + (
                "; make it executable (chmod +x), or name its interpreter"
                if exc.errno == 13
                else ""
            )
        ) from None
    if done.returncode != 0:
        if done.returncode < 0:
            try:
                how = f"was killed by {signal.Signals(-done.returncode).name}"
            except ValueError:
                how = f"was killed by signal {-done.returncode}"
        else:
            how = f"failed with exit status {done.returncode}"
        raise CredsError(
            f"--creds {shown}: the command {how}. What it printed is not shown, since it may "
            "hold secrets: run the command yourself to see why"
        )
    return done.stdout


class _UnclosedComment(ValueError):
    def __init__(self, line: int, column: int) -> None:
        super().__init__(f"unclosed comment at {line}:{column}")
        self.line, self.column = line, column


def lenient_json(text: str) -> str:
    """``text`` with its ``//`` and ``/* */`` comments and its trailing commas (before ``}`` or
    ``]``) replaced by spaces, newlines kept, so that every other character stays at its line
    and column; strings are left as they are. A ``/*`` never closed raises."""
    out = list(text)
    i, n = 0, len(text)
    in_string = False
    last_comma: int | None = None  # the comma with only blanks and comments after it so far
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_string = False
            i += 1
            continue
        if c == '"':
            in_string, last_comma = True, None
        elif c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end == -1 else end
            out[i:end] = " " * (end - i)
            i = end
            continue
        elif c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end == -1:
                line = text.count("\n", 0, i) + 1
                raise _UnclosedComment(line, i - text.rfind("\n", 0, i))
            for j in range(i, end + 2):
                if out[j] != "\n":
                    out[j] = " "
            i = end + 2
            continue
        elif c == ",":
            last_comma = i
        elif c in "}]":
            if last_comma is not None:
                out[last_comma] = " "
            last_comma = None
        elif not c.isspace():
            last_comma = None
        i += 1
    return "".join(out)


def schema_problems(instance: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """What is wrong with ``instance`` under ``schema``, one sentence per problem.

    The sentences name fields, never their values, so that a secret cannot leak through them.
    A property's schema may say in its own words what breaking one of its rules means, with
    ``"messages": {"minLength": "is too short to be a token"}`` (the sentence follows the
    field's name).
    """
    from dnsframe import plainschema

    if plainschema.is_plain(schema) and plainschema.valid(instance, schema):
        return []  # the usual case, answered without importing jsonschema (40 ms)
    import jsonschema  # here, not at the top: 50 ms that only a command reading creds pays

    validator = jsonschema.Draft202012Validator(schema)
    problems: list[str] = []
    fields: set[str] = set()
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(p) for p in error.absolute_path)
        if path and path in fields:
            continue  # one problem a field: a blank token is not also "too short"
        fields.add(path)
        problems.append(_describe(error, instance, schema))
    return problems


def _describe(error: jsonschema.ValidationError, instance: Mapping[str, Any], schema: Any) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    field = f'the field "{path}"' if path else "the entry"
    kind = error.validator
    expected: Any = error.validator_value
    found: Any = error.instance
    rule: Any = error.schema
    if kind == "required":
        missing = [f for f in expected if f not in found]
        return f"the field {_names(missing)} is required"
    if kind == "additionalProperties":
        known = set(rule.get("properties", {}))
        unknown = sorted(f for f in found if f not in known)
        allowed = ", ".join(sorted(known)) or "none but TYPE"
        return f"unknown field {_names(unknown)} (the fields of this type: {allowed})"
    if kind == "anyOf" or kind == "oneOf":
        required = [s.get("required") for s in expected if isinstance(s, dict)]
        if all(required):
            options = " or ".join(_names(r) for r in required if r)
            return f"{field} needs {options}"
        description = rule.get("description")
        return f"{field} does not match any allowed form" + (
            f": {description}" if description else ""
        )
    if kind == "type":
        types = expected if isinstance(expected, list) else [expected]
        return f"{field} must be of type {_names(types)}"
    if kind == "enum":
        return f"{field} must be one of {', '.join(json.dumps(v) for v in expected)}"
    own = rule.get("messages", {}).get(kind) if isinstance(rule.get("messages"), dict) else None
    if isinstance(own, str):
        return f"{field} {own}"
    if kind == "minLength":
        if found == "":
            return f"{field} is empty"
        return f"{field} must be at least {expected} characters long"
    if kind == "maxLength":
        return f"{field} must be at most {expected} characters long"
    if kind == "minimum":
        return f"{field} must be at least {json.dumps(expected)}"
    if kind == "maximum":
        return f"{field} must be at most {json.dumps(expected)}"
    if kind == "exclusiveMinimum":
        return f"{field} must be more than {json.dumps(expected)}"
    if kind == "exclusiveMaximum":
        return f"{field} must be less than {json.dumps(expected)}"
    if kind == "pattern":
        if isinstance(found, str) and not found.strip():
            return f"{field} is blank"
        description = rule.get("description")
        return f"{field} does not have the expected form" + (
            f" ({description})" if description else ""
        )
    if kind == "format":
        return f"{field} must be a valid {expected}"
    return f"{field} fails the schema rule {kind!r}"


def _names(fields: Any) -> str:
    return ", ".join(f'"{f}"' for f in fields)
