"""Where the web page's offline assets live (Solara's CDN files, fetched once outside the clone).

Shared by `sim.web` (which points Solara at the cache) and `sim.cli` (which passes it to
``solara run``); tools/setup_browser_tests.sh fills it.
"""

from __future__ import annotations

import os
from pathlib import Path

ASSET_CACHE_ENV = "HOTLINE_ASSET_CACHE"


def asset_cache() -> Path:
    """The asset cache: ``$HOTLINE_ASSET_CACHE`` or ``~/.cache/hotline-sim/solara-cdn``."""
    env = os.environ.get(ASSET_CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "hotline-sim" / "solara-cdn"
