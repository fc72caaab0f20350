"""Fishing: Chinese boats on their grounds, Japanese trips into the Senkaku waters, surges.

Chinese boats keep ``cn_fishing_boats`` at sea on trips of about ``fishing_trip_days``, a share
of them near the Senkakus (outside the territorial sea). A Japanese boat from Ishigaki now and then
fishes inside the territorial sea for a day, which draws the CCG group on station (see
`sim.model.responses`). A scheduled surge (August 2016) sends hundreds of boats and extra CCG
ships into the Senkaku waters for some days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.missions import Loiter, Then
from sim.model.processes import FISHING, JP_FISHING, SURGE

if TYPE_CHECKING:
    from sim.model.activity import Activity
    from sim.model.agents import Unit


def _pt(lon: float, lat: float) -> tuple[float, float]:
    x, y = geo.to_km(lon, lat)
    return float(x), float(y)


CN_FISHING_GROUND = _pt(123.0, 27.0)  # grounds north-west of the Senkakus, Chinese side


class Fishing:
    """Chinese and Japanese fishing boats, and fishing surges."""

    def __init__(self, act: Activity) -> None:
        self.act = act
        self.model = act.model
        self.surges: list[tuple[float, list[Unit]]] = []
        self._next_fishing = 0.0

    def cn_fishing(self, now: float) -> None:
        """Keep `cn_fishing_boats` Chinese boats on their grounds (trips, then home)."""
        if now < self._next_fishing:
            return
        self._next_fishing = now + 24.0
        m = self.model
        p = m.p
        on = m.fleet.at_sea  # by index (not the unit's property: a numpy read and a bool())
        at_sea = 0
        for u in m.pool.of_kind("CN_FISH"):
            if on[u.idx] and not u.surge:
                at_sea += 1
        for k in range(max(0, int(p["cn_fishing_boats"]) - at_sea)):
            rng = self.act.rng_for_mission(FISHING, now, k)
            senkaku = rng.random() < p["cn_fishing_senkaku_share"]
            centre = geo.SENKAKU_CENTRE_KM if senkaku else CN_FISHING_GROUND
            r_lo, r_hi = (10.0, geo.CONTIGUOUS_ZONE_KM) if senkaku else (0.0, 60.0)
            dur = p["fishing_trip_days"] * 24.0 * (0.5 + rng.random())
            boat = m.pool.take("CN_FISH", "wenzhou")
            loiter = Loiter(rng, centre, r_lo, r_hi, now + dur, m,
                            outside=int(geo.Zone.SENKAKU_TS | geo.Zone.LAND),
                            speed_factor=p["fishing_trawl_speed_factor"], hop=(20.0, 40.0))
            boat.mission = loiter
            boat.sail(loiter.next_point())

    def jp_fishing_trip(self, t: float, attrs: np.ndarray) -> None:
        """A Japanese boat from Ishigaki fishes inside the Senkaku territorial sea for a day;
        the CCG group on station sends ships to 'expel' it."""
        m = self.model
        boat = m.pool.take("JP_FISH", "ishigaki")
        rng = self.act.rng_for_mission(JP_FISHING, t)
        loiter = Loiter(rng, geo.SENKAKU_CENTRE_KM, 3.0, 40.0, m.time + 12.0 + 24.0 * attrs[0], m,
                        inside=int(geo.Zone.SENKAKU_TS), outside=int(geo.Zone.LAND))
        boat.mission = Then(loiter)
        boat.sail((geo.SENKAKU_CENTRE_KM[0] + 5.0, geo.SENKAKU_CENTRE_KM[1] - 8.0))
        m.log("activity", "A Japanese fishing boat sails from Ishigaki for the Senkakus",
              side="JP")

    def surge(self, boats: int, ccg_ships: int, days: float) -> None:
        """A fishing surge: many boats and extra CCG escorts in the Senkaku waters."""
        m = self.model
        units = []
        for k in range(boats):
            rng = self.act.rng_for_mission(SURGE, m.time, k)
            b = m.pool.take("CN_FISH", "wenzhou")
            b.surge = True
            lo = Loiter(rng, geo.SENKAKU_CENTRE_KM, 8.0, geo.CONTIGUOUS_ZONE_KM + 15.0,
                        m.time + days * 24, m)
            b.position = np.array(lo.next_point())
            b.mission = lo
            b.sail(lo.next_point())
            units.append(b)
        for k in range(ccg_ships):
            rng = self.act.rng_for_mission(SURGE, m.time, boats + k)
            c = m.pool.take("CCG", "wenzhou")
            c.surge = True
            lo = Loiter(rng, geo.SENKAKU_CENTRE_KM, 5.0, geo.CONTIGUOUS_ZONE_KM,
                        m.time + days * 24, m)
            c.position = np.array(lo.next_point())
            c.mission = lo
            c.sail(lo.next_point())
            units.append(c)
        self.surges.append((m.time + days * 24.0, units))

    def end_surges(self, now: float) -> None:
        for end, units in list(self.surges):
            if now >= end:
                for u in units:
                    u.surge = False
                self.surges.remove((end, units))
