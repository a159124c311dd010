"""The plain JSON Schemas of creds entries, checked without jsonschema.

Every preview and push checks each creds entry against its provider type's JSON Schema, and
the schema itself against the meta-schema. jsonschema takes some 40 ms to import, which every
such command paid at start. A provider's creds schema is nearly always plain: an object of a
few typed fields, some required, patterns, bounds, an ``enum``, ``anyOf`` between required
fields. For such a schema and a valid entry, :func:`is_plain` and :func:`valid` answer here;
for anything else (a keyword outside :data:`KEYWORDS`, an entry with a problem) they step
aside, and jsonschema checks, and words the problems (:func:`dnsframe.creds.schema_problems`).
``tests/test_fast_paths.py`` holds both to jsonschema (Draft 2020-12).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

#: What a plain schema may say; dnsframe's own ``messages`` and ``secret`` are annotations.
KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "anyOf",
        "enum",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "description",
        "title",
        "default",
        "messages",
        "secret",
    }
)
_TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
_ANNOTATIONS = frozenset({"description", "title", "default", "messages", "secret"})


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_plain(schema: Any) -> bool:
    """Whether ``schema`` uses only :data:`KEYWORDS`, each with a value of the form the
    Draft 2020-12 meta-schema requires (a plain schema is then a valid one)."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, Mapping) or not KEYWORDS.issuperset(schema):
        return False
    for key, value in schema.items():
        if key == "type":
            names = value if isinstance(value, list) else [value]
            if not names or not all(isinstance(n, str) and n in _TYPES for n in names):
                return False
            if len(set(names)) != len(names):
                return False
        elif key == "properties":
            if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and is_plain(v) for k, v in value.items()
            ):
                return False
        elif key == "required":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return False
            if len(set(value)) != len(value):
                return False
        elif key == "additionalProperties":
            if not is_plain(value):
                return False
        elif key == "anyOf":
            if not isinstance(value, list) or not value or not all(map(is_plain, value)):
                return False
        elif key == "enum":
            if not isinstance(value, list) or not all(_scalar(v) for v in value):
                return False
        elif key in {"minLength", "maxLength"}:
            if not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
                return False
        elif key == "pattern":
            if not isinstance(value, str):
                return False
            try:
                re.compile(value)
            except re.error:
                return False
        elif key in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
            if not _number(value):
                return False
        elif key in {"description", "title"} and not isinstance(value, str):
            return False
    return True


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | bool | int | float)


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "integer":
        if isinstance(value, bool):
            return False
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return _number(value)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "object":
        return isinstance(value, Mapping)
    if name == "array":
        return isinstance(value, list)
    return value is None


def _equal(one: Any, two: Any) -> bool:
    """Equality as JSON Schema's ``enum`` means it: ``1`` is ``1.0``, ``true`` is not ``1``."""
    if _number(one) and _number(two):
        return bool(one == two)
    return type(one) is type(two) and bool(one == two)


def valid(instance: Any, schema: Any) -> bool:
    """Whether ``instance`` is valid under the plain ``schema`` (see :func:`is_plain`)."""
    if isinstance(schema, bool):
        return schema
    names = schema.get("type")
    if names is not None:
        wanted: Sequence[str] = names if isinstance(names, list) else [names]
        if not any(_is_type(instance, n) for n in wanted):
            return False
    if "enum" in schema and not any(_equal(instance, e) for e in schema["enum"]):
        return False
    if isinstance(instance, str):
        if len(instance) < schema.get("minLength", 0):
            return False
        if "maxLength" in schema and len(instance) > schema["maxLength"]:
            return False
        if "pattern" in schema and re.search(schema["pattern"], instance) is None:
            return False
    if _number(instance):
        if "minimum" in schema and not instance >= schema["minimum"]:
            return False
        if "maximum" in schema and not instance <= schema["maximum"]:
            return False
        if "exclusiveMinimum" in schema and not instance > schema["exclusiveMinimum"]:
            return False
        if "exclusiveMaximum" in schema and not instance < schema["exclusiveMaximum"]:
            return False
    if isinstance(instance, Mapping):
        if not all(k in instance for k in schema.get("required", ())):
            return False
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                if not valid(value, properties[key]):
                    return False
            elif "additionalProperties" in schema and not valid(
                value, schema["additionalProperties"]
            ):
                return False
    return not ("anyOf" in schema and not any(valid(instance, s) for s in schema["anyOf"]))
