"""Observation: what the public record counts, counted the way the record counts it.

* ``cz_presence_days``: days with at least one CCG ship in the Senkaku contiguous zone (the JCG's
  daily count), and ``cz_ship_days``: ship-days there;
* ``ts_intrusions``: occasions on which CCG ships entered the territorial sea, one per entry
  after at least ``ts_occasion_gap_hours`` outside (the JCG counts occasions, not hours);
* ``plan_transits``: PLA Navy passages through the gates of the Nansei chain;
* ``scrambles``: JASDF scrambles (counted by `sim.model.responses` when it orders one).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.geography import Zone

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel

_TS, _CZ = int(Zone.SENKAKU_TS), int(Zone.SENKAKU_CZ)


class Observer:
    """The counters of observable activity and the records behind them."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self.counters = {"scrambles": 0, "ts_intrusions": 0, "plan_transits": 0}
        self._cz_days: set[int] = set()
        self._cz_ship_days: set[tuple[int, int]] = set()
        self._ts_last = -math.inf

    def count_ccg(self, zone_of: dict[int, int], now: float) -> None:
        """CCG presence in the contiguous zone and entries into the territorial sea
        (`zone_of`: the zone bits of the units at sea, by unit index; `now`: the clock)."""
        m = self.model
        day = int(now // 24)
        in_ts = False
        # the CCG's few ships by the pool's list (every CCG unit ever made), plain ints
        for u in m.pool.of_kind("CCG"):
            mk = zone_of.get(u.idx)
            if mk is None:  # in port
                continue
            if mk & _CZ:
                self._cz_days.add(day)
                self._cz_ship_days.add((day, u.idx))
            if mk & _TS:
                in_ts = True
        if in_ts:
            if now - self._ts_last > m.p["ts_occasion_gap_hours"]:
                self.counters["ts_intrusions"] += 1
                m.log("activity", "CCG ships enter the territorial sea around the Senkakus",
                      side="CN")
            self._ts_last = now

    def count_transits(self, plan: list[Unit], prev: np.ndarray) -> None:
        """PLA Navy ships that crossed a gate of the Nansei chain since the last update."""
        m = self.model
        pos = m.space.agent_positions[[u.idx for u in plan]]
        # (a list of bools: counted and read without numpy's reductions and scalars)
        crossed = geo.crossed_rows(prev, pos)
        self.counters["plan_transits"] += crossed.count(True)
        for u, c in zip(plan, crossed, strict=True):
            if c:
                m.log("activity", f"{u.label} passes through the Nansei chain", side="CN")

    def summary(self) -> dict[str, int]:
        """The observed counts, in the order of `sim.model.results.SUMMARY_FIELDS`."""
        return {"scrambles": self.counters["scrambles"],
                "cz_presence_days": len(self._cz_days),
                "cz_ship_days": len(self._cz_ship_days),
                "ts_intrusions": self.counters["ts_intrusions"],
                "plan_transits": self.counters["plan_transits"]}
