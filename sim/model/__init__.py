"""The model layer: units, missions, encounters and the ladder, tension, communication, the hotline.

It imports only `sim.config` and `sim.errors`; nothing here knows about batches, studies, the web
page or the command line. `EastChinaSeaModel` and `run_scenario` are loaded lazily so that importing
a light module (`sim.model.streams`, `sim.model.results`) does not pay for importing Mesa.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel, run_scenario

__all__ = ["EastChinaSeaModel", "run_scenario"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sim.model import model

        return getattr(model, name)
    raise AttributeError(f"module 'sim.model' has no attribute {name!r}")
