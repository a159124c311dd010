"""Saved plans: ``preview --out plan.json`` writes what it found, ``push --plan plan.json``
applies exactly that, or stops.

A plan holds, per domain and provider, the desired records, a digest of each rrset of the zone
as it was read, and the corrections' text; with them the config's IR (so that a plan stands
alone), a digest of the config, and the dnsframe version. It holds no secret: the IR holds
none, and every text in it is redacted as every output is.

``push --plan`` reads every zone again and plans as any push does. A domain whose zone moved
since the plan (which rrsets), or whose corrections are not the plan's, is not pushed; the
others are. With ``--config``, the config must be the one the plan was made from; without it,
the plan's own IR is the config.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dnsframe import __version__
from dnsframe.creds import redact
from dnsframe.engine import DomainPlan, moved_rrsets
from dnsframe.errors import DnsframeError
from dnsframe.ir import config_from_ir, config_ir
from dnsframe.model import Config

FORMAT = 1


def _without_sources(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_sources(v) for k, v in data.items() if k != "source"}
    if isinstance(data, list):
        return [_without_sources(v) for v in data]
    return data


def config_digest(ir: dict[str, Any]) -> str:
    """A digest of what a config says (its IR without source lines: moving a line is no change)."""
    text = json.dumps(_without_sources(ir), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _key(name: str, rtype: str) -> str:
    return f"{name} {rtype}"


def plan_data(config: Config, plans: Sequence[DomainPlan]) -> dict[str, Any]:
    """The JSON data of a saved plan of ``plans``, made from ``config``."""
    selected = Config(
        config.file,
        tuple(p.domain for p in plans),
        config.registrars,
        config.dns_providers,
    )
    ir = config_ir(selected)
    domains = []
    for plan in plans:
        providers = []
        for pp in plan.providers:
            entry: dict[str, Any] = {
                "name": pp.name,
                "role": pp.role,
                "corrections": [c.message for c in pp.actions],
            }
            if pp.role == "dns":
                entry["read"] = {_key(*k): v for k, v in sorted(pp.read.items())}
                desired = pp.changes.desired if pp.changes is not None else ()
                entry["desired"] = [
                    {"name": r.name, "type": r.type, "ttl": r.ttl, "content": r.content}
                    for r in desired
                ]
            if pp.error is not None:
                entry["error"] = pp.error
            providers.append(entry)
        domains.append({"domain": plan.domain.unique_name, "providers": providers})
    return {
        "dnsframe_plan": FORMAT,
        "dnsframe_version": __version__,
        "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "config": {"file": config.file, "digest": config_digest(ir), "ir": ir},
        "domains": domains,
    }


def plan_text(config: Config, plans: Sequence[DomainPlan]) -> str:
    return redact(json.dumps(plan_data(config, plans), indent=1, ensure_ascii=False)) + "\n"


@dataclass
class SavedPlan:
    path: str
    data: dict[str, Any]

    @classmethod
    def load(cls, path: str) -> SavedPlan:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as exc:
            raise DnsframeError(f"{path}: cannot read the plan: {exc.strerror}") from None
        except (ValueError, UnicodeError) as exc:
            raise DnsframeError(f"{path}: not a plan written by preview --out ({exc})") from None
        if not isinstance(data, dict) or data.get("dnsframe_plan") != FORMAT:
            raise DnsframeError(
                f"{path}: not a plan written by preview --out of this dnsframe (format "
                f"{FORMAT}); make it again with dnsframe preview --out {path}"
            )
        if data.get("dnsframe_version") != __version__:
            raise DnsframeError(
                f"{path} was made by dnsframe {data.get('dnsframe_version')}, this is "
                f"{__version__}; make the plan again with this version"
            )
        return cls(path, data)

    @property
    def domains(self) -> list[str]:
        return [str(d["domain"]) for d in self.data["domains"]]

    def config(self) -> Config:
        """The plan's own config (for a push without --config)."""
        block = self.data["config"]
        try:
            return config_from_ir(block["ir"], f"{block['file']} (from {self.path})")
        except (KeyError, TypeError, ValueError) as exc:
            raise DnsframeError(
                f"{self.path}: the plan's config cannot be read ({exc!r})"
            ) from None

    def check_config(self, config: Config) -> None:
        """Refuse a config other than the one the plan was made from."""
        selected = [d for d in config.domains if d.unique_name in set(self.domains)]
        ir = config_ir(
            Config(config.file, tuple(selected), config.registrars, config.dns_providers)
        )
        if config_digest(ir) != self.data["config"]["digest"]:
            raise DnsframeError(
                f"{self.path} was made from another config than {config.file} as it is now (for "
                f"{', '.join(self.domains)}). Push the plan without --config (it then stands "
                "alone), or make a new plan with preview --out."
            )

    def mismatches(self, plans: Sequence[DomainPlan]) -> dict[str, str]:
        """Domain -> why it cannot be pushed as planned: its zone moved since the plan (which
        rrsets), or its corrections are not the plan's."""
        saved = {d["domain"]: d for d in self.data["domains"]}
        out: dict[str, str] = {}
        for plan in plans:
            name = plan.domain.unique_name
            entry = saved.get(name)
            if entry is None:
                out[name] = "it is not in the plan"
                continue
            planned = {(p["name"], p["role"]): p for p in entry["providers"]}
            for pp in plan.providers:
                want = planned.get((pp.name, pp.role))
                if want is None:
                    out[name] = f"{pp.name} has corrections that are not in the plan"
                    break
                if pp.role == "dns":
                    before = {tuple(k.split(" ", 1)): v for k, v in want.get("read", {}).items()}
                    moved = moved_rrsets(before, pp.read)
                    if moved:
                        out[name] = (
                            f"its zone at {pp.name} changed since the plan was made: "
                            f"{', '.join(moved)}"
                        )
                        break
                now = [redact(c.message) for c in pp.actions]
                if now != want["corrections"]:
                    out[name] = f"the corrections for {pp.name} are not those of the plan"
                    break
        return out
