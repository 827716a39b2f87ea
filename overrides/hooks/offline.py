"""Make the offline copy (`make offline`) work from file:// and request nothing from other hosts.

Material's offline plugin, on when OFFLINE=true (mkdocs.yml), makes search work
from file:// with the iframe-worker shim, which it loads from unpkg.com unless
a polyfill named iframe-worker is already configured. This hook configures the
copy under overrides/assets/javascripts/vendor/ (scripts/update-iframe-worker.sh
updates it) before the plugin looks.

It also turns instant navigation off, as Material's guide to offline builds
says to: from file:// Material skips it, but with the feature on, the signal
that a page has loaded never fires, so nothing that waits for it (diagrams,
code copy buttons, tooltips) starts. Normal builds are left alone.
"""

from __future__ import annotations

from pathlib import Path

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


@event_priority(100)  # before the offline plugin's own on_config
def on_config(config: MkDocsConfig) -> None:
    offline = [plugin for plugin in config.plugins.values() if isinstance(plugin, OfflinePlugin)]
    if not any(plugin.config.enabled for plugin in offline):
        return
    if not (Path(config.theme.custom_dir) / SHIM).is_file():
        raise PluginError(f"{config.theme.custom_dir}/{SHIM} is missing: run scripts/update-iframe-worker.sh VERSION")
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
    features = config.theme.get("features") or []
    config.theme["features"] = [feature for feature in features if not feature.startswith("navigation.instant")]
