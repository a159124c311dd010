"""The hooks dnsframe calls: this plugin registers one DNS provider type, EXAMPLE."""

from __future__ import annotations

from dnsframe import hookimpl
from dnsframe.providers import Capabilities, Register

from dnsframe_example.provider import RECORD_TYPES, ExampleProvider


@hookimpl
def register_dns_providers(register: Register) -> None:
    register(
        "EXAMPLE",
        ExampleProvider,
        # What the provider can store; dnsframe refuses anything else before calling it, and
        # the conformance suite skips the groups that need more.
        capabilities=Capabilities(record_types=RECORD_TYPES, list_zones=True),
        # The creds.json entry, without TYPE: dnsframe checks it before creating the provider.
        creds_schema={
            "type": "object",
            "properties": {
                "directory": {
                    "type": "string",
                    "minLength": 1,
                    "description": "the folder of the zone files, <zone>.json each",
                },
            },
            "required": ["directory"],
            "additionalProperties": False,
        },
        docs="Every zone a JSON file in a folder: a template to copy for a provider of your own.",
    )
