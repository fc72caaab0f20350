"""Activity: who goes to sea or into the air, when, and where they go.

Each recurring activity is a thinned Poisson process drawn up front (`sim.model.processes`), so a
change in tension changes which candidates are accepted but never which numbers are drawn.
`Activity` draws the processes and, each hour, starts what is due:

* the China Coast Guard's Senkaku patrol and its intrusions (`sim.model.coastguard`);
* fishing, Chinese and Japanese, and fishing surges (`sim.model.fishing`);
* PLA flights and Japanese reconnaissance flights (`sim.model.flights`);
* PLA Navy transits of the Nansei chain (here).

Missions (`sim.model.missions`) decide where a unit goes next when it reaches its target. Japan's
and China's responses to this activity -- shadowing, scrambles, intercepts, chases -- are in
`sim.model.responses`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.coastguard import CcgPatrol
from sim.model.fishing import Fishing
from sim.model.flights import Flights
from sim.model.missions import Company, Route
from sim.model.processes import TRANSIT, Process, poisson_inv
from sim.model.streams import ACTIVITY, MOVEMENT

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel

PLAN_PACIFIC = tuple(map(float, geo.PACIFIC_TRANSIT_WAYPOINT_KM))
_PROCESSES = 60  # child key of the activity stream for the processes' blocks (never renumber)


class Activity:
    """All activity processes of one run; `step` is called once per simulated hour."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        p = model.p
        hours = model.horizon_h + 24.0
        rng = model.streams.activity
        top = self.ceiling = p["activity_max_factor"]

        def blocks(key: int):  # each process's candidates: own keyed stream per 30-day block
            return model.streams.blocks(ACTIVITY, _PROCESSES, key)

        # Process keys are part of every stored seed's meaning: never renumber.
        self.flights = Process.draw("pla_flights", blocks(0), p["pla_flights_per_year"], hours,
                                    top)
        self.intrusions = Process.draw("ts_intrusions", blocks(1), p["ts_intrusions_per_year"],
                                       hours, top)
        self.transits = Process.draw("plan_transits", blocks(2), p["plan_groups_per_year"], hours,
                                     top)
        self.jp_fishing = Process.draw("jp_fishing", blocks(3), p["jp_fishing_trips_per_year"],
                                       hours, top)
        self.jp_recon = Process.draw("jp_recon", blocks(4), p["jp_recon_flights_per_year"], hours,
                                     top)
        self.ccg = CcgPatrol(self, rng, hours)  # draws the group sizes, then the weather
        self.fishing = Fishing(self)
        self.air = Flights(self)

    def rng_for_mission(self, tag: int, t: float, k: int = 0) -> np.random.Generator:
        """A mission's own stream, keyed by what it is (kind, start time to the second, index)
        rather than a running counter, so an extra mission in one arm of a comparison leaves
        the other missions' draws unchanged."""
        return self.model.streams.child(MOVEMENT, tag, int(round(t * 3600)), k)

    def accept(self) -> float:
        """Share of candidates accepted now: activity rises with China's tension."""
        m = self.model
        factor = 1.0 + m.p["activity_tension_gain"] * m.tension.activity_excess("CN")
        return min(factor, self.ceiling) / self.ceiling

    def step(self, now: float) -> None:
        """Start what is due this hour (`now`: the model's clock)."""
        # (three comparisons rather than min() of three: builtin min costs ~1,000
        # instructions a call, every hour)
        if (self.flights.next_t <= now or self.intrusions.next_t <= now
                or self.transits.next_t <= now):
            acc = self.accept()  # only in hours with a tension-dependent candidate due
            for t, attrs in self.flights.due(now, acc):
                self.air.pla_flight(t, attrs)
            for t, attrs in self.intrusions.due(now, acc):
                self.ccg.intrusion(t, attrs)
            for t, attrs in self.transits.due(now, acc):
                self.plan_transit(t, attrs)
        if self.jp_fishing.next_t <= now:  # (`due` is empty before next_t)
            for t, attrs in self.jp_fishing.due(now, 1.0 / self.ceiling):
                self.fishing.jp_fishing_trip(t, attrs)
        if self.jp_recon.next_t <= now:
            for t, attrs in self.jp_recon.due(now, 1.0 / self.ceiling):
                self.air.jp_recon_flight(t, attrs)
        self.ccg.patrol(now)
        self.fishing.cn_fishing(now)
        if self.fishing.surges:
            self.fishing.end_surges(now)

    def plan_transit(self, t: float, attrs: np.ndarray) -> None:
        """A PLA Navy group sails from Zhoushan through the Miyako gap into the Pacific and
        back; Japan watches it (`Responses.watch_transits`)."""
        m = self.model
        p = m.p
        size = 1 + poisson_inv(max(p["plan_group_size"] - 1.0, 0.0), float(attrs[0]))
        size = min(size, int(p["max_group_size"]))
        dwell = p["plan_pacific_days"] * 24.0 * (0.5 + attrs[1])
        rng = self.rng_for_mission(TRANSIT, t)
        ships = []
        mid = geo.MIYAKO_MIDPOINT_KM
        for k in range(size):
            ship = m.pool.take("PLAN", "zhoushan")
            if k == 0:
                Route([mid, PLAN_PACIFIC], m, dwell=dwell, rng=rng, dwell_radius=60.0).start(ship)
            else:
                ship.mission = Company(ships[0])
                ship.shadow(ships[0], (-3.0 * k, 3.0 * k))
            ships.append(ship)
        m.deployments.new("CN", "transit_group", f"PLA Navy transit group of {size}", ships)
        m.log("activity", f"PLA Navy group of {size} ships sails for the Miyako gap", side="CN")
        m.responses.plan_watch.extend(ships)
