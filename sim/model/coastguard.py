"""The China Coast Guard's Senkaku patrol: a small state machine (station, sheltering) per group.

A CCG group of 1 + Poisson ships keeps station in the contiguous zone around the Senkakus. It
shelters north-west of the islands on bad-weather days (a two-state daily Markov chain matched to
the observed share of days with ships in the zone), is relieved at sea every
``ccg_patrol_days``, and enters the territorial sea only when CCG headquarters orders an
intrusion or to 'expel' a Japanese fishing boat. Ships without such an order are kept outside the
12-nm belt, so every entry in the record is an ordered one.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.missions import Escort, Loiter, Mission, Route
from sim.model.processes import INTRUSION, SHELTER, STATION, poisson_inv

if TYPE_CHECKING:
    from sim.model.activity import Activity
    from sim.model.agents import Unit

_TS = int(geo.Zone.SENKAKU_TS)

# Waypoints (approximate, for routes only; documented in docs/model.md "Activity").
_CX, _CY = geo.SENKAKU_CENTRE_KM
CCG_HOLDING = (_CX - 70.0, _CY + 60.0)  # NW of the islands, outside the CZ
CCG_APPROACH = (_CX - 30.0, _CY + 25.0)  # NW edge of the CZ, outside the TS


class CcgPatrol:
    """The CCG patrol group on the Senkaku station, its weather and its intrusions."""

    def __init__(self, act: Activity, rng: np.random.Generator, hours: float) -> None:
        self.act = act
        self.model = m = act.model
        p = m.p
        self.ccg_sizes = rng.random(512)
        self._ccg_size_i = 0
        # Weather: a two-state daily Markov chain; CCG leave the zone on bad days.
        days = int(hours // 24) + 2
        share = p["ccg_cz_presence_share"]
        b = 1.0 / max(p["bad_weather_spell_days"], 1e-9)
        a = b * (1.0 - share) / max(share, 1e-9)
        w = m.streams.weather.random(days)
        bad = np.zeros(days, dtype=bool)
        bad[0] = w[0] < (1.0 - share)
        for d in range(1, days):
            bad[d] = (w[d] >= b) if bad[d - 1] else (w[d] < min(1.0, a))
        self.bad_weather: list[bool] = bad.tolist()  # read every hour: plain bools
        self.group: list[Unit] = []
        self.relief_at = 0.0
        self.state = "transit"
        self.intruding_until = -1.0

    def intruding(self, now: float) -> bool:
        return now < self.intruding_until

    def patrol(self, now: float) -> None:
        """Keep a CCG group in the contiguous zone; relieve it; leave for bad weather.

        Weather: the group is out of the zone on bad days (it leaves at 20:00 the evening
        before). Relief: every `ccg_patrol_days` a fresh group sails from Wenzhou or Taizhou;
        the old group goes home when the new one is on station.
        """
        m = self.model
        p = m.p
        day = int(now // 24)
        hour = now - 24 * day
        bad_now = self.bad_weather[day] or (hour >= 20 and self.bad_weather[day + 1])
        if p["ccg_ships_mean"] <= 0 or p["ccg_cz_presence_share"] <= 0:
            return
        if not self.group or now >= self.relief_at:
            self._new_group(now)
        if bad_now and self.state != "sheltering":
            self.state = "sheltering"
            for u in self.group:
                u.mission = Loiter(u.mission.rng if isinstance(u.mission, Loiter) else
                                   self.act.rng_for_mission(SHELTER, now, u.idx), CCG_HOLDING,
                                   0.0, 20.0, math.inf, m)
                u.sail(CCG_HOLDING)
        elif not bad_now and self.state == "sheltering":
            self.state = "station"
            for u in self.group:
                self.station(u, now)

    def _new_group(self, now: float) -> None:
        m = self.model
        p = m.p
        old = self.group
        mean = p["ccg_ships_mean"]
        u = self.ccg_sizes[self._ccg_size_i % len(self.ccg_sizes)]
        self._ccg_size_i += 1
        # size = 1 + Poisson(mean - 1) by inversion of one uniform (mean >= 1), capped
        size = 1 + poisson_inv(max(mean - 1.0, 0.0), float(u)) if mean >= 1 else 1
        size = min(size, int(p["max_group_size"]))
        home = "wenzhou" if self._ccg_size_i % 2 else "taizhou"
        group = [m.pool.take("CCG", home) for _ in range(size)]
        self.group = group
        m.deployments.new("CN", "ccg_patrol", f"CCG patrol group of {size} from {home.title()}",
                          group)
        self.relief_at = now + p["ccg_patrol_days"] * 24.0
        self.state = "station"
        for unit in group:
            if old:
                # the fresh group takes over the old group's positions (relief at sea)
                src = old[min(len(old) - 1, group.index(unit))]
                unit.position = src.position.copy()
            self.station(unit, now)
        for unit in old:
            if unit not in group:
                # home by way of the north-west, not across the territorial sea
                Route([CCG_HOLDING], m).start(unit)
        m.log("activity", f"CCG HQ sends a patrol group of {size} ships to the Senkakus",
              side="CN")

    def station(self, unit: Unit, now: float) -> None:
        """Patrol the contiguous-zone belt (outside the territorial sea).

        A ship that joins the lead's formation draws nothing: its loiter stream (keyed by
        what it is, `Activity.rng_for_mission`) is made only for a ship that loiters (three
        of four made before were never drawn from; making one takes no draws elsewhere)."""
        lead = self.group[0] if self.group else unit
        if unit is not lead and self.model.fleet.at_sea[lead.idx]:
            self._formation(unit, lead)
            return
        rng = (unit.mission.rng if isinstance(unit.mission, Loiter) else
               self.act.rng_for_mission(STATION, now, unit.idx))
        p = self.model.p
        loiter = Loiter(rng, geo.SENKAKU_CENTRE_KM, p["ccg_station_inner_km"],
                        p["ccg_station_outer_km"], math.inf, self.model,
                        inside=int(geo.Zone.SENKAKU_CZ), outside=int(geo.Zone.SENKAKU_TS),
                        buffer=4.0,  # the formation spreads a few km around the lead
                        fallback=CCG_APPROACH, hop=(12.0, 28.0),
                        speed_factor=p["ccg_patrol_speed_factor"])
        unit.mission = loiter
        if _near_senkaku(unit, p["ccg_near_senkaku_km"]):
            unit.sail(loiter.next_point(unit.position), unit.cruise * 0.5)
        else:  # arrive from the north-west without cutting through the territorial sea
            unit.sail(CCG_APPROACH)

    def _formation(self, unit: Unit, lead: Unit) -> None:
        """Sail in company with the group's lead ship (ships patrol in formation)."""
        k = 1 + (unit.idx % 3)
        unit.mission = Escort(lead)
        unit.shadow(lead, (1.5 * k * (1 if unit.idx % 2 else -1), -1.5 * k))
        self.model.fleet.speed[unit.idx] = unit.cruise

    def intrusion(self, t: float, attrs: np.ndarray) -> None:
        """CCG HQ orders the patrol group into the territorial sea for a while."""
        m = self.model
        p = m.p
        if self.state != "station" or not self.group or self.intruding(m.time):
            return
        long_ = attrs[0] < p["ts_long_intrusion_share"]
        if long_:
            dur = p["ts_long_intrusion_min_hours"] + p["ts_long_intrusion_spread_hours"] * attrs[1]
        else:
            dur = -p["ts_intrusion_hours"] * math.log1p(-attrs[1] * p["ts_intrusion_tail_cap"])
        lead = self.group[0]
        # the stay is counted from arrival in the territorial sea, not from the order
        dist = float(np.hypot(*(lead.position - np.asarray(geo.SENKAKU_CENTRE_KM))))
        transit = max(0.0, dist - geo.TERRITORIAL_SEA_KM + 5.0) / lead.cruise
        dur += transit
        self.intruding_until = m.time + dur
        rng = self.act.rng_for_mission(INTRUSION, t)
        loiter = Loiter(rng, geo.SENKAKU_CENTRE_KM, 0.0, p["ccg_intrusion_loiter_km"],
                        m.time + dur, m, inside=int(geo.Zone.SENKAKU_TS))
        lead.mission = _IntrusionLoiter(loiter, self)
        lead.sail(loiter.next_point())
        m.log("activity", "CCG HQ orders the patrol group into the Senkaku territorial sea",
              side="CN")

    def keep_out_of_ts(self, now: float, zone_of: dict[int, int]) -> bool:
        """CCG ships without an order to enter stay outside the territorial sea; True if one
        was moved.

        Patrol routes are straight legs; where one would clip the 12-nm belt, the ship is put
        back on the belt's edge. Entries are therefore always ordered (an intrusion, or a chase
        of a Japanese fishing boat), as in the JCG record, and not artefacts of geometry.
        (`now`: the model's clock, read once by the hour; `zone_of`: the zone bits of the
        units at sea where they are now, by unit index -- a ship not in it is in port.)
        """
        m = self.model
        allowed: set[int] = set()
        if self.group:
            lead = self.group[0]
            chasing = isinstance(lead.mission, Escort) and lead.mission.target.kind == "JP_FISH"
            if self.intruding(now) or chasing:
                allowed = {u.idx for u in self.group}
        moved = False
        for u in m.pool.of_kind("CCG"):
            i = u.idx
            mk = zone_of.get(i)
            if mk is None or not mk & _TS or i in allowed or u.surge:
                continue
            pos = m.space.agent_positions
            pos[i] = geo.push_out_of_ts(pos.item(i, 0), pos.item(i, 1), margin=1.0)
            moved = True
        return moved

    def chase(self, boat: Unit) -> None:
        """CCG ships on station approach a Japanese boat that reached the territorial sea."""
        if self.state != "station" or not self.group:
            return
        lead = self.group[0]
        lead.mission = Escort(boat)
        lead.shadow(boat, (1.5, 1.5))
        self.model.log("activity", "CCG ships move to 'expel' a Japanese fishing boat",
                       side="CN")

    def release(self, boat: Unit) -> None:
        """The chased boat has left the contiguous zone: the lead ship resumes its patrol."""
        lead = self.group[0] if self.group else None
        if lead is not None and isinstance(lead.mission, Escort) and lead.mission.target is boat:
            self.station(lead, self.model.time)


def _near_senkaku(unit: Unit, within_km: float) -> bool:
    return bool(np.hypot(*(unit.position - np.asarray(geo.SENKAKU_CENTRE_KM))) < within_km)


class _IntrusionLoiter(Mission):
    """Loiter inside the territorial sea until the intrusion ends, then back to the zone."""

    def __init__(self, loiter: Loiter, patrol: CcgPatrol) -> None:
        self.loiter, self.patrol = loiter, patrol
        self.rng = loiter.rng

    def on_arrival(self, unit: Unit) -> None:
        now = self.patrol.model.time
        if now >= self.loiter.until:
            self.patrol.station(unit, now)
        else:
            unit.sail(self.loiter.next_point(unit.position), unit.cruise * 0.5)
