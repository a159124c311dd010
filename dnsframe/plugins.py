"""Loading plugins: the built-ins first, then every entry point in the group ``dnsframe``.

``DNSFRAME_LOAD_PLUGINS`` narrows which installed plugins load: a comma-separated list of
distribution names (``dnsframe-gandi-v5``) or entry-point names (``GANDI_V5``); set but empty,
no installed plugin loads. The built-ins always load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
import re
import threading
from types import ModuleType

import pluggy

from dnsframe import hookspecs
from dnsframe.errors import PluginError
from dnsframe.model import ProviderKind
from dnsframe.providers.registry import ProviderRegistry, Register

log = logging.getLogger("dnsframe.plugins")

#: The plugins that come with dnsframe, registered through the same hooks as any other.
DEFAULT_PLUGINS: tuple[str, ...] = ("dnsframe.providers.none", "dnsframe.providers.bind")

ENTRY_POINT_GROUP = "dnsframe"

_lock = threading.Lock()
_pm: pluggy.PluginManager | None = None
_registry: ProviderRegistry | None = None
#: plugin name -> (distribution, version) for plugins that came from an entry point.
_origins: dict[str, tuple[str, str]] = {}


def _canonical(name: str) -> str:
    """A distribution or entry-point name compared as pip compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _wanted() -> set[str] | None:
    value = os.environ.get("DNSFRAME_LOAD_PLUGINS")
    if value is None:
        return None
    return {_canonical(part) for part in value.split(",") if part.strip()}


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    wanted = _wanted()
    matched: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        dist_name = dist.name if dist is not None else "unknown distribution"
        version = dist.version if dist is not None else ""
        if (dist_name, ep.name) in seen:
            continue  # the same distribution found twice on sys.path
        seen.add((dist_name, ep.name))
        if wanted is not None:
            names = {_canonical(dist_name), _canonical(ep.name)}
            if not names & wanted:
                log.debug("skipping plugin %s from %s (DNSFRAME_LOAD_PLUGINS)", ep.name, dist_name)
                continue
            matched |= names & wanted
        try:
            module = ep.load()
        except Exception as exc:
            raise PluginError(
                f"the plugin {ep.name!r} from the distribution {dist_name} {version} failed to "
                f"load: {type(exc).__name__}: {exc}. Reinstall or uninstall it, or leave it out "
                "with DNSFRAME_LOAD_PLUGINS."
            ) from exc
        name = f"{dist_name}:{ep.name}"
        try:
            pm.register(module, name=name)
        except ValueError as exc:
            raise PluginError(f"the plugin {name} could not be registered: {exc}") from exc
        _origins[name] = (dist_name, version)
    for name in sorted((wanted or set()) - matched):
        log.warning(
            "DNSFRAME_LOAD_PLUGINS names %r, but no installed plugin has that distribution or "
            "entry-point name",
            name,
        )


def _check_pending(pm: pluggy.PluginManager) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        dist = _origins.get(name)
        who = (
            f"the plugin {name.partition(':')[2] or name} from {dist[0]} {dist[1]}"
            if dist
            else f"the plugin {name}"
        )
        raise PluginError(
            f"{who} implements a hook that dnsframe does not have ({exc}). Check the spelling "
            "of its @hookimpl functions against dnsframe/hookspecs.py, or leave it out with "
            "DNSFRAME_LOAD_PLUGINS."
        ) from exc


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, loaded on first use."""
    global _pm
    with _lock:
        if _pm is None:
            pm = pluggy.PluginManager("dnsframe")
            pm.add_hookspecs(hookspecs)
            for module_name in DEFAULT_PLUGINS:
                module: ModuleType = importlib.import_module(module_name)
                pm.register(module, name=module_name)
            _load_entry_points(pm)
            _check_pending(pm)
            _pm = pm
        return _pm


def loaded_plugins() -> list[tuple[str, str | None, str | None]]:
    """Every plugin loaded, in load order (the built-ins first): its name, and the distribution
    and version it came from (None for the built-ins and for plugins registered directly)."""
    pm = get_plugin_manager()
    with _lock:
        return [
            (name, *_origins.get(name, (None, None)))
            for name, plugin in pm.list_name_plugin()
            if plugin is not None
        ]


def get_registry() -> ProviderRegistry:
    """Every registered provider type; each hook implementation is called with a ``register``
    that knows which plugin it belongs to, so duplicates name both distributions."""
    global _registry
    pm = get_plugin_manager()
    with _lock:
        if _registry is None:
            registry = ProviderRegistry()
            hooks: tuple[tuple[ProviderKind, pluggy.HookCaller], ...] = (
                ("dns", pm.hook.register_dns_providers),
                ("registrar", pm.hook.register_registrars),
            )
            for kind, caller in hooks:
                # Oldest first, so built-ins register before installed plugins.
                for impl in reversed(caller.get_hookimpls()):
                    dist, version = _origins.get(impl.plugin_name, (None, None))
                    register = Register(registry, kind, impl.plugin_name, dist, version)
                    try:
                        impl.function(register=register)
                    except PluginError as exc:
                        if dist is None:
                            raise
                        others = sorted({d for d, _ in _origins.values()} - {dist})
                        keep = ",".join(others) or '""'
                        raise PluginError(
                            f"{exc}. Until {dist} is fixed, dnsframe runs without it with "
                            f"DNSFRAME_LOAD_PLUGINS={keep}."
                        ) from exc
                    except Exception as exc:
                        who = f"{dist} {version}" if dist else impl.plugin_name
                        raise PluginError(
                            f"the plugin {who} failed while registering its providers: "
                            f"{type(exc).__name__}: {exc}"
                        ) from exc
            _registry = registry
        return _registry


def reset() -> None:
    """Forget the loaded plugins (for tests that change what is installed)."""
    global _pm, _registry
    with _lock:
        _pm = None
        _registry = None
        _origins.clear()
