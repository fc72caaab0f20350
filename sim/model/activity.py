"""Activity: who goes to sea or into the air, when, and where they go.

Each recurring activity is a Poisson process whose rate comes from a scenario parameter
calibrated to a public base rate (see `sim.config.parameters`). Rates rise with China's tension
through
``activity_tension_gain``. To keep common random numbers across treatments, every process is
generated up front by thinning: candidate times at the highest possible rate and one uniform per
candidate are drawn at the start of the run from the activity stream, together with each
candidate's attributes. A candidate is accepted if its uniform falls below the current rate's
share of the maximum, so a change in tension changes which candidates are accepted but never
which numbers are drawn.

Missions (`Loiter`, `Route`, `Escort`) decide where a unit goes next when it reaches its target.
The China Coast Guard's Senkaku patrol, the Japan Coast Guard's shadowing, fishing, PLA flights
and JASDF scrambles, Japanese reconnaissance flights, and PLA Navy transits of the Nansei chain
with JMSDF shadowing are the activities; their mechanisms are described in each class.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.streams import MOVEMENT

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel

HOURS_PER_YEAR = 8760.0
# mission-stream tags (part of every stored seed's meaning: never renumber)
_SHELTER, _STATION, _INTRUSION, _FISHING, _JP_FISHING, _SURGE, _FLIGHT, _RECON, _TRANSIT = range(9)
_LEG_FRACTIONS = np.linspace(0.0, 1.0, 17)  # points sampled along a flight leg (~50 km apart)
_JP_ADIZ = int(geo.Zone.JP_ADIZ)
THIN_MAX = 3.0  # highest activity multiplier tension can produce (assumption, documented)


def _pt(lon: float, lat: float) -> tuple[float, float]:
    x, y = geo.to_km(lon, lat)
    return float(x), float(y)


# Waypoints (approximate, for routes only; documented in docs/model.md "Activity").
SENKAKU = tuple(map(float, geo.SENKAKU_CENTRE_KM))
CCG_HOLDING = (SENKAKU[0] - 70.0, SENKAKU[1] + 60.0)  # NW of the islands, outside the CZ
CCG_APPROACH = (SENKAKU[0] - 30.0, SENKAKU[1] + 25.0)  # NW edge of the CZ, outside the TS
CN_FISHING_GROUND = _pt(123.0, 27.0)  # grounds north-west of the Senkakus, Chinese side
# Every route's legs and loiter area stay outside Japanese territorial airspace (checked by
# tests/test_activity_routes.py): violations are rare in the record (first by a Y-9, Aug 2024).
PLA_ROUTES = {
    # Through the Okinawa-Miyako gap into the Pacific and back (bombers, recon, drones).
    "miyako": [_pt(124.5, 27.3), _pt(126.4, 25.4), _pt(127.5, 24.3)],
    # Along the ECS median line / ADIZ overlap (recon and fighters).
    "median": [_pt(124.8, 29.5), _pt(125.8, 28.0), _pt(124.8, 26.8)],
    # South through the Yonaguni-Taiwan gap and out south of the Sakishima (drones, recon).
    "yonaguni": [_pt(122.3, 25.6), _pt(122.5, 24.3), _pt(123.6, 23.4)],
    # North, towards the Danjo islands and Kyushu (recon), staying out of territorial airspace.
    "north": [_pt(125.5, 31.0), _pt(127.0, 31.6), _pt(127.3, 31.9)],
}
JP_RECON_ROUTE = [_pt(126.0, 28.0), _pt(125.2, 29.5), _pt(124.7, 28.2)]
PLAN_PACIFIC = tuple(map(float, geo.PACIFIC_TRANSIT_WAYPOINT_KM))


@dataclass
class Process:
    """A thinned Poisson process with pre-drawn candidates (times in hours, uniforms, attrs)."""

    name: str
    times: np.ndarray
    u: np.ndarray
    attrs: np.ndarray  # (n, k) uniforms for the candidate's attributes
    ptr: int = 0

    @classmethod
    def draw(cls, name: str, rng: np.random.Generator, rate_per_year: float, hours: float,
             n_attr: int = 4) -> Process:
        lam = max(rate_per_year, 0.0) * THIN_MAX / HOURS_PER_YEAR
        n = int(rng.poisson(lam * hours)) if lam > 0 else 0
        times = np.sort(rng.uniform(0.0, hours, n))
        return cls(name, times, rng.random(n), rng.random((n, n_attr)))

    def due(self, now: float, accept_prob: float) -> list[tuple[float, np.ndarray]]:
        """(time, attributes) of the candidates up to `now` accepted at `accept_prob`."""
        out = []
        while self.ptr < len(self.times) and self.times[self.ptr] <= now:
            if self.u[self.ptr] < accept_prob:
                out.append((float(self.times[self.ptr]), self.attrs[self.ptr]))
            self.ptr += 1
        return out


# ------------------------------------------------------------------------------- missions
class Mission:
    """What a unit does next when it reaches its target."""

    def on_arrival(self, unit: Unit) -> None:  # pragma: no cover - overridden
        unit.return_home()


class Loiter(Mission):
    """Move between random points around `centre` (radius band) until `until`, then go home."""

    def __init__(self, rng: np.random.Generator, centre: tuple[float, float], r_min: float,
                 r_max: float, until: float, model: EastChinaSeaModel,
                 inside: int = 0, outside: int = 0) -> None:
        self.rng, self.centre, self.r_min, self.r_max = rng, centre, r_min, r_max
        self.until, self.model = until, model
        self.inside, self.outside = inside, outside  # zone bits the point must / must not have
        self.buffer = 0.0  # km: the zone test also holds this far around the point
        self.fallback: tuple[float, float] | None = None  # where to go if no hop passes
        self.speed_factor = 0.5  # patrol or fishing speed as a share of cruising speed
        self.hop = (5.0, 17.0)  # km range of one leg when hopping inside a zone

    def next_point(self, here: np.ndarray | None = None) -> tuple[float, float]:
        """A random point in the band, redrawn until it meets the zone test.

        With zone constraints and a current position, the next point is a short hop (up to
        25 km) whose end and mid-point both pass the test, so a patrol of the contiguous zone
        does not cut through the territorial sea on its way across.
        """
        zoned = bool(self.inside or self.outside)
        draws = self.rng.random((16, 2))
        pt = self.centre
        for a, r in draws:
            ang = 2 * math.pi * a
            if zoned and here is not None:
                rad = self.hop[0] + (self.hop[1] - self.hop[0]) * r
                pt = (here[0] + rad * math.cos(ang), here[1] + rad * math.sin(ang))
                b = self.buffer
                pts = []
                for frac in (1.0, 0.5):
                    qx = here[0] + frac * (pt[0] - here[0])
                    qy = here[1] + frac * (pt[1] - here[1])
                    pts.append((qx, qy))
                    if b and frac == 1.0:
                        pts += [(qx + b, qy), (qx - b, qy), (qx, qy + b), (qx, qy - b)]
                ok = True
                for qx, qy in pts:
                    mk = geo.zone_at(qx, qy)
                    if (mk & self.inside) != self.inside or mk & self.outside:
                        ok = False
                        break
            else:
                rad = math.sqrt(self.r_min ** 2 + r * (self.r_max ** 2 - self.r_min ** 2))
                pt = (self.centre[0] + rad * math.cos(ang), self.centre[1] + rad * math.sin(ang))
                if not zoned:
                    return pt
                mk = geo.zone_at(pt[0], pt[1])
                ok = (mk & self.inside) == self.inside and not mk & self.outside
            if ok:
                return pt
        return self.fallback if self.fallback is not None else pt

    def on_arrival(self, unit: Unit) -> None:
        if self.model.time >= self.until:
            unit.return_home()
        else:
            unit.sail(self.next_point(unit.position), unit.cruise * self.speed_factor)
            unit.mission = self


class Route(Mission):
    """Follow waypoints, then loiter at the last one for `dwell` hours, then go home."""

    def __init__(self, waypoints: list[tuple[float, float]], model: EastChinaSeaModel,
                 dwell: float = 0.0, rng: np.random.Generator | None = None,
                 dwell_radius: float = 30.0) -> None:
        self.waypoints, self.model, self.dwell = list(waypoints), model, dwell
        self.rng, self.dwell_radius = rng, dwell_radius
        self.leg = 0

    def start(self, unit: Unit) -> None:
        unit.mission = self
        unit.sail(self.waypoints[0])

    def on_arrival(self, unit: Unit) -> None:
        self.leg += 1
        if self.leg < len(self.waypoints):
            unit.sail(self.waypoints[self.leg])
            unit.mission = self
        elif self.dwell > 0 and self.rng is not None:
            loiter = Loiter(self.rng, self.waypoints[-1], 0.0, self.dwell_radius,
                            self.model.time + self.dwell, self.model)
            unit.mission = loiter
            unit.sail(loiter.next_point())
        else:
            unit.return_home()


class Escort(Mission):
    """Shadow a unit (JCG on a CCG ship, JASDF on a PLA aircraft, JMSDF on a PLA Navy ship)."""

    def __init__(self, target: Unit) -> None:
        self.target = target

    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self


# ------------------------------------------------------------------------------- activity
class Activity:
    """All activity processes of one run; `step` is called once per simulated hour."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        p = model.p
        s = model.streams
        hours = model.horizon_h + 24.0
        rng = s.activity
        # Order of draws is fixed: never reorder these lines (common random numbers).
        self.flights = Process.draw("pla_flights", rng, p["pla_flights_per_year"], hours)
        self.intrusions = Process.draw("ts_intrusions", rng, p["ts_intrusions_per_year"], hours)
        self.transits = Process.draw("plan_transits", rng, p["plan_groups_per_year"], hours)
        self.jp_fishing = Process.draw("jp_fishing", rng, p["jp_fishing_trips_per_year"], hours)
        self.jp_recon = Process.draw("jp_recon", rng, p["jp_recon_flights_per_year"], hours)
        self.ccg_sizes = rng.random(512)
        self._ccg_size_i = 0
        # Weather: a two-state daily Markov chain; CCG leave the zone on bad days.
        days = int(hours // 24) + 2
        share = p["ccg_cz_presence_share"]
        b = 1.0 / max(p["bad_weather_spell_days"], 1e-9)
        a = b * (1.0 - share) / max(share, 1e-9)
        w = s.weather.random(days)
        bad = np.zeros(days, dtype=bool)
        bad[0] = w[0] < (1.0 - share)
        for d in range(1, days):
            bad[d] = (w[d] >= b) if bad[d - 1] else (w[d] < min(1.0, a))
        self.bad_weather = bad
        self.ccg_group: list[Unit] = []
        self.ccg_relief_at = 0.0
        self.ccg_state = "transit"
        self.intruding_until = -1.0
        self.escorts: dict[int, Unit] = {}  # target idx -> escorting unit
        self.jcg_busy = 0
        self.surges: list[tuple[float, list[Unit]]] = []
        self._next_fishing = 0.0

    # ---------------------------------------------------------------- helpers
    def rng_for_mission(self, tag: int, t: float, k: int = 0) -> np.random.Generator:
        """A mission's own stream, keyed by what it is (kind, start time to the second, index)
        rather than a running counter, so an extra mission in one arm of a comparison leaves
        the other missions' draws unchanged."""
        return self.model.streams.child(MOVEMENT, tag, int(round(t * 3600)), k)

    def accept(self) -> float:
        """Share of candidates accepted now: activity rises with China's tension."""
        m = self.model
        factor = 1.0 + m.p["activity_tension_gain"] * m.tension.excess("CN")
        return min(factor, THIN_MAX) / THIN_MAX

    def step(self) -> bool:
        """Start what is due this hour; True if anything new went to sea or into the air."""
        m = self.model
        now = m.time
        acc = self.accept()
        started = False
        for t, attrs in self.flights.due(now, acc):
            self._pla_flight(t, attrs)
            started = True
        for t, attrs in self.intrusions.due(now, acc):
            started |= self._ts_intrusion(t, attrs)
        for t, attrs in self.transits.due(now, acc):
            self._plan_transit(t, attrs)
            started = True
        for t, attrs in self.jp_fishing.due(now, 1.0 / THIN_MAX):
            self._jp_fishing_trip(t, attrs)
            started = True
        for t, attrs in self.jp_recon.due(now, 1.0 / THIN_MAX):
            self._jp_recon_flight(t, attrs)
            started = True
        started |= self._ccg_patrol(now)
        self._cn_fishing(now)
        self._end_surges(now)
        return started

    # ---------------------------------------------------------------- CCG and JCG
    def _ccg_patrol(self, now: float) -> bool:
        """Keep a CCG group in the contiguous zone; relieve it; leave for bad weather.

        Weather: the group is out of the zone on bad days (it leaves at 20:00 the evening
        before). Relief: every `ccg_patrol_days` a fresh group sails from Wenzhou or Taizhou;
        the old group goes home when the new one is on station.
        """
        m = self.model
        p = m.p
        day = int(now // 24)
        hour = now - 24 * day
        bad_now = bool(self.bad_weather[day]) or (hour >= 20 and bool(self.bad_weather[day + 1]))
        if p["ccg_ships_mean"] <= 0 or p["ccg_cz_presence_share"] <= 0:
            return False
        started = False
        if not self.ccg_group or now >= self.ccg_relief_at:
            self._ccg_new_group(now)
            started = True
        if bad_now and self.ccg_state != "sheltering":
            self.ccg_state = "sheltering"
            for u in self.ccg_group:
                u.mission = Loiter(u.mission.rng if isinstance(u.mission, Loiter) else
                                   self.rng_for_mission(_SHELTER, now, u.idx), CCG_HOLDING,
                                   0.0, 20.0, math.inf, m)
                u.sail(CCG_HOLDING)
        elif not bad_now and self.ccg_state == "sheltering":
            self.ccg_state = "station"
            for u in self.ccg_group:
                self._station(u, now)
        return started

    def _ccg_new_group(self, now: float) -> None:
        m = self.model
        p = m.p
        old = self.ccg_group
        mean = p["ccg_ships_mean"]
        u = self.ccg_sizes[self._ccg_size_i % len(self.ccg_sizes)]
        self._ccg_size_i += 1
        # size = 1 + Poisson(mean - 1) by inversion of one uniform (mean >= 1), capped at 8
        size = 1 + _poisson_inv(max(mean - 1.0, 0.0), float(u)) if mean >= 1 else 1
        size = min(size, 8)
        home = "wenzhou" if self._ccg_size_i % 2 else "taizhou"
        group = [m.take_unit("CCG", home) for _ in range(size)]
        self.ccg_group = group
        self.ccg_relief_at = now + p["ccg_patrol_days"] * 24.0
        self.ccg_state = "station"
        for unit in group:
            if old:
                # the fresh group takes over the old group's positions (relief at sea)
                src = old[min(len(old) - 1, group.index(unit))]
                unit.position = src.position.copy()
            self._station(unit, now)
        for unit in old:
            if unit not in group:
                # home by way of the north-west, not across the territorial sea
                Route([CCG_HOLDING], m).start(unit)
        m.log("activity", f"CCG HQ sends a patrol group of {size} ships to the Senkakus",
              side="CN")

    def _station(self, unit: Unit, now: float) -> None:
        """Patrol the contiguous-zone belt (outside the territorial sea)."""
        rng = (unit.mission.rng if isinstance(unit.mission, Loiter) else
               self.rng_for_mission(_STATION, now, unit.idx))
        lead = self.ccg_group[0] if self.ccg_group else unit
        if unit is not lead and self.model.fleet.at_sea[lead.idx]:
            self._formation(unit, lead)
            return
        loiter = Loiter(rng, SENKAKU, 15.0, 70.0, math.inf, self.model,
                        inside=int(geo.Zone.SENKAKU_CZ), outside=int(geo.Zone.SENKAKU_TS))
        loiter.buffer = 4.0  # the formation spreads a few km around the lead
        loiter.fallback = CCG_APPROACH
        loiter.speed_factor, loiter.hop = 0.4, (12.0, 28.0)  # ~11 km/h patrol legs
        unit.mission = loiter
        if self._near_senkaku(unit):
            unit.sail(loiter.next_point(unit.position), unit.cruise * 0.5)
        else:  # arrive from the north-west without cutting through the territorial sea
            unit.sail(CCG_APPROACH)

    @staticmethod
    def _near_senkaku(unit: Unit) -> bool:
        return bool(np.hypot(*(unit.position - np.asarray(SENKAKU))) < 80.0)

    def _formation(self, unit: Unit, lead: Unit) -> None:
        """Sail in company with the group's lead ship (ships patrol in formation)."""
        k = 1 + (unit.idx % 3)
        unit.mission = Escort(lead)
        unit.shadow(lead, (1.5 * k * (1 if unit.idx % 2 else -1), -1.5 * k))
        self.model.fleet.speed[unit.idx] = unit.cruise

    def _ts_intrusion(self, t: float, attrs: np.ndarray) -> bool:
        """CCG HQ orders the patrol group into the territorial sea for a while."""
        m = self.model
        p = m.p
        if self.ccg_state != "station" or not self.ccg_group or now_intruding(self, m.time):
            return False
        long_ = attrs[0] < p["ts_long_intrusion_share"]
        dur = (24.0 + 48.0 * attrs[1]) if long_ else -p["ts_intrusion_hours"] * math.log1p(
            -attrs[1] * 0.95)
        lead = self.ccg_group[0]
        # the stay is counted from arrival in the territorial sea, not from the order
        dist = float(np.hypot(*(lead.position - np.asarray(SENKAKU))))
        transit = max(0.0, dist - geo.TERRITORIAL_SEA_KM + 5.0) / lead.cruise
        dur += transit
        self.intruding_until = m.time + dur
        rng = self.rng_for_mission(_INTRUSION, t)
        loiter = Loiter(rng, SENKAKU, 0.0, 60.0, m.time + dur, m,
                        inside=int(geo.Zone.SENKAKU_TS))
        lead.mission = _IntrusionLoiter(loiter, self)
        lead.sail(loiter.next_point())
        m.log("activity", "CCG HQ orders the patrol group into the Senkaku territorial sea",
              side="CN")
        return True

    def keep_out_of_ts(self) -> None:
        """CCG ships without an order to enter stay outside the territorial sea.

        Patrol routes are straight legs; where one would clip the 12-nm belt, the ship is put
        back on the belt's edge. Entries are therefore always ordered (an intrusion, or a chase
        of a Japanese fishing boat), as in the JCG record, and not artefacts of geometry.
        """
        m = self.model
        allowed: set[int] = set()
        if self.ccg_group:
            lead = self.ccg_group[0]
            chasing = isinstance(lead.mission, Escort) and lead.mission.target.kind == "JP_FISH"
            if now_intruding(self, m.time) or chasing:
                allowed = {u.idx for u in self.ccg_group}
        units = [u for u in m.units_of("CCG") if m.fleet.at_sea[u.idx] and u.idx not in allowed
                 and not getattr(u, "surge", False)]
        if not units:
            return
        pos = m.space.agent_positions
        for u in units:
            x, y = pos[u.idx]
            if geo.zone_at(x, y) & int(geo.Zone.SENKAKU_TS):
                pos[u.idx] = geo.push_out_of_ts(x, y, margin=1.0)

    def jcg_shadowing(self, cn_units: list[Unit], dist: np.ndarray) -> None:
        """JCG assigns a patrol ship to each Chinese government ship (and, with ships to spare,
        each Chinese fishing boat) within 80 km of the Senkakus; releases it beyond 100 km."""
        m = self.model
        p = m.p
        cap = int(p["jcg_senkaku_ships"])
        for unit, d in zip(cn_units, dist, strict=True):
            esc = self.escorts.get(unit.idx)
            if esc is None and d < 80.0 and m.fleet.at_sea[unit.idx]:
                wanted = p["jcg_shadow_ratio"] if unit.kind == "CCG" else 1.0
                if self.jcg_busy >= cap or wanted <= 0:
                    continue
                if unit.kind == "CN_FISH" and d > geo.CONTIGUOUS_ZONE_KM:
                    continue
                jcg = m.take_unit("JCG", "ishigaki")
                # from the JCG's standing Senkaku patrol, south of the islands
                jcg.position = np.array([SENKAKU[0], SENKAKU[1] - geo.TERRITORIAL_SEA_KM])
                jcg.mission = Escort(unit)
                jcg.shadow(unit, (2.5, -2.5))
                self.escorts[unit.idx] = jcg
                self.jcg_busy += 1
            elif esc is not None and (d > 100.0 or not m.fleet.at_sea[unit.idx]):
                esc.return_home()
                del self.escorts[unit.idx]
                self.jcg_busy -= 1

    # ---------------------------------------------------------------- fishing
    def _cn_fishing(self, now: float) -> None:
        """Keep `cn_fishing_boats` Chinese boats on their grounds (trips, then home)."""
        if now < self._next_fishing:
            return
        self._next_fishing = now + 24.0
        m = self.model
        p = m.p
        at_sea = sum(1 for u in m.units_of("CN_FISH") if u.at_sea and not
                     getattr(u, "surge", False))
        for k in range(max(0, int(p["cn_fishing_boats"]) - at_sea)):
            rng = self.rng_for_mission(_FISHING, now, k)
            senkaku = rng.random() < p["cn_fishing_senkaku_share"]
            centre = SENKAKU if senkaku else CN_FISHING_GROUND
            r_lo, r_hi = (10.0, geo.CONTIGUOUS_ZONE_KM) if senkaku else (0.0, 60.0)
            dur = p["fishing_trip_days"] * 24.0 * (0.5 + rng.random())
            boat = m.take_unit("CN_FISH", "wenzhou")
            loiter = Loiter(rng, centre, r_lo, r_hi, now + dur, m,
                            outside=int(geo.Zone.SENKAKU_TS | geo.Zone.LAND))
            loiter.speed_factor, loiter.hop = 0.2, (20.0, 40.0)  # trawling at ~3 km/h
            boat.mission = loiter
            boat.sail(loiter.next_point())

    def _jp_fishing_trip(self, t: float, attrs: np.ndarray) -> None:
        """A Japanese boat from Ishigaki fishes inside the Senkaku territorial sea for a day;
        the CCG group on station sends ships to 'expel' it."""
        m = self.model
        boat = m.take_unit("JP_FISH", "ishigaki")
        rng = self.rng_for_mission(_JP_FISHING, t)
        loiter = Loiter(rng, SENKAKU, 3.0, 40.0, m.time + 12.0 + 24.0 * attrs[0], m,
                        inside=int(geo.Zone.SENKAKU_TS), outside=int(geo.Zone.LAND))
        boat.mission = _Then(loiter)
        boat.sail((SENKAKU[0] + 5.0, SENKAKU[1] - 8.0))
        m.log("activity", "A Japanese fishing boat sails from Ishigaki for the Senkakus",
              side="JP")

    def ccg_chase(self, boat: Unit) -> None:
        """CCG ships on station approach a Japanese boat that reached the territorial sea."""
        if self.ccg_state != "station" or not self.ccg_group:
            return
        lead = self.ccg_group[0]
        lead.mission = Escort(boat)
        lead.shadow(boat, (1.5, 1.5))
        self.model.log("activity", "CCG ships move to 'expel' a Japanese fishing boat",
                       side="CN")

    def ccg_release(self, boat: Unit) -> None:
        lead = self.ccg_group[0] if self.ccg_group else None
        if lead is not None and isinstance(lead.mission, Escort) and lead.mission.target is boat:
            self._station(lead, self.model.time)

    def surge(self, boats: int, ccg_ships: int, days: float) -> None:
        """A fishing surge: many boats and extra CCG escorts in the Senkaku waters."""
        m = self.model
        units = []
        for k in range(boats):
            rng = self.rng_for_mission(_SURGE, m.time, k)
            b = m.take_unit("CN_FISH", "wenzhou")
            b.surge = True  # type: ignore[attr-defined]
            lo = Loiter(rng, SENKAKU, 8.0, geo.CONTIGUOUS_ZONE_KM + 15.0, m.time + days * 24, m)
            b.position = np.array(lo.next_point())
            b.mission = lo
            b.sail(lo.next_point())
            units.append(b)
        for k in range(ccg_ships):
            rng = self.rng_for_mission(_SURGE, m.time, boats + k)
            c = m.take_unit("CCG", "wenzhou")
            c.surge = True  # type: ignore[attr-defined]
            lo = Loiter(rng, SENKAKU, 5.0, geo.CONTIGUOUS_ZONE_KM, m.time + days * 24, m)
            c.position = np.array(lo.next_point())
            c.mission = lo
            c.sail(lo.next_point())
            units.append(c)
        self.surges.append((m.time + days * 24.0, units))

    def _end_surges(self, now: float) -> None:
        for end, units in list(self.surges):
            if now >= end:
                for u in units:
                    u.surge = False  # type: ignore[attr-defined]
                self.surges.remove((end, units))

    # ---------------------------------------------------------------- aircraft
    def _pla_flight(self, t: float, attrs: np.ndarray) -> None:
        m = self.model
        p = m.p
        a0 = attrs[0]
        drone, bomber, recon = p["pla_drone_share"], p["pla_bomber_share"], p["pla_recon_share"]
        kind = ("PLA_DRONE" if a0 < drone else "PLA_BOMBER" if a0 < drone + bomber else
                "PLA_RECON" if a0 < drone + bomber + recon else "PLA_FIGHTER")
        routes = {"PLA_DRONE": ("yonaguni", "miyako"), "PLA_BOMBER": ("miyako", "median"),
                  "PLA_RECON": ("median", "miyako", "north", "yonaguni"),
                  "PLA_FIGHTER": ("median", "median", "miyako")}[kind]
        route = routes[int(attrs[1] * len(routes)) % len(routes)]
        home = "fuzhou" if route == "yonaguni" or attrs[2] < 0.5 else "ningbo"
        ac = m.take_unit(kind, home)
        ac.scrambled = False  # type: ignore[attr-defined]
        dwell = max(0.0, p["flight_hours"] * (0.5 + attrs[3]) - 2.0)
        mission = Route(PLA_ROUTES[route], m, dwell=dwell, rng=self.rng_for_mission(_FLIGHT, t),
                        dwell_radius=40.0)
        mission.start(ac)

    def watch_leg(self, ac: Unit) -> None:
        """Japan's air-defence radar sees a Chinese flight's leg: if the leg enters Japan's
        ADIZ, alert fighters scramble when it does (plus the reaction delay). Working on legs
        rather than on sampled positions makes the count independent of the update interval."""
        if getattr(ac, "scrambled", True):
            return
        m = self.model
        p0 = m.space.agent_positions[ac.idx]
        p1 = m.fleet.target[ac.idx]
        fr = _LEG_FRACTIONS
        xs = p0[0] + fr * (p1[0] - p0[0])
        ys = p0[1] + fr * (p1[1] - p0[1])
        inside = np.flatnonzero(geo.zones_at(xs, ys) & _JP_ADIZ)
        if not len(inside):
            return
        dist = float(np.hypot(*(p1 - p0))) * fr[inside[0]]
        self.scramble(ac, after=dist / max(m.fleet.speed[ac.idx], 1e-9))

    def scramble(self, target: Unit, after: float = 0.0) -> None:
        """JASDF alert fighters from Naha intercept a Chinese aircraft in Japan's ADIZ."""
        m = self.model
        target.scrambled = True  # type: ignore[attr-defined]
        m.counters["scrambles"] += 1
        action = _Launch(self, target, "JASDF_FIGHTER", "naha", (3.0, 3.0))
        m.keep(action)
        m.schedule_event(action.launch, after=after + m.p["scramble_delay_h"])

    def _jp_recon_flight(self, t: float, attrs: np.ndarray) -> None:
        m = self.model
        ac = m.take_unit("JP_PATROL", "naha")
        mission = Route(JP_RECON_ROUTE, m, dwell=2.0 + 3.0 * attrs[0],
                        rng=self.rng_for_mission(_RECON, t), dwell_radius=50.0)
        mission.start(ac)
        if attrs[1] < m.p["pla_intercept_share"]:
            action = _Launch(self, ac, "PLA_FIGHTER", "ningbo", (-2.0, 2.0))
            m.keep(action)
            m.schedule_event(action.launch, after=1.0 + attrs[2])

    # ---------------------------------------------------------------- PLA Navy
    def _plan_transit(self, t: float, attrs: np.ndarray) -> None:
        """A PLA Navy group sails from Zhoushan through the Miyako gap into the Pacific and
        back; a JMSDF destroyer shadows it while it is near the chain."""
        m = self.model
        p = m.p
        size = 1 + _poisson_inv(max(p["plan_group_size"] - 1.0, 0.0), float(attrs[0]))
        size = min(size, 8)
        dwell = p["plan_pacific_days"] * 24.0 * (0.5 + attrs[1])
        rng = self.rng_for_mission(_TRANSIT, t)
        ships = []
        gate = geo.MIYAKO_GAP
        mid = ((gate.a[0] + gate.b[0]) / 2, (gate.a[1] + gate.b[1]) / 2)
        for k in range(size):
            ship = m.take_unit("PLAN", "zhoushan")
            if k == 0:
                Route([mid, PLAN_PACIFIC], m, dwell=dwell, rng=rng, dwell_radius=60.0).start(ship)
            else:
                ship.mission = _Company(ships[0])
                ship.shadow(ships[0], (-3.0 * k, 3.0 * k))
            ships.append(ship)
        m.log("activity", f"PLA Navy group of {size} ships sails for the Miyako gap", side="CN")
        m.plan_watch.extend(ships)


class _Company(Mission):
    """Sail in company with a lead ship; go home with it."""

    def __init__(self, lead: Unit) -> None:
        self.lead = lead

    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self


class _IntrusionLoiter(Mission):
    """Loiter inside the territorial sea until the intrusion ends, then back to the zone."""

    def __init__(self, loiter: Loiter, act: Activity) -> None:
        self.loiter, self.act = loiter, act
        self.rng = loiter.rng

    def on_arrival(self, unit: Unit) -> None:
        if self.act.model.time >= self.loiter.until:
            self.act._station(unit, self.act.model.time)
        else:
            unit.sail(self.loiter.next_point(unit.position), unit.cruise * 0.5)


class _Then(Mission):
    """Go to a first point, then continue with another mission."""

    def __init__(self, then: Mission) -> None:
        self.then = then

    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self.then
        self.then.on_arrival(unit)


class _Launch:
    """Fighters take off to escort an aircraft: a JASDF scramble or a PLA intercept."""

    def __init__(self, act: Activity, target: Unit, kind: str, home: str,
                 offset: tuple[float, float]) -> None:
        self.act, self.target, self.kind, self.home, self.offset = act, target, kind, home, offset

    def launch(self) -> None:
        m = self.act.model
        m.release(self)
        if not self.target.at_sea:
            return
        f = m.take_unit(self.kind, self.home)
        f.mission = Escort(self.target)
        f.shadow(self.target, self.offset)
        if self.kind == "JASDF_FIGHTER":
            self.act.escorts[self.target.idx] = f
        m.escort_watch.append((self.target, f))


def now_intruding(act: Activity, now: float) -> bool:
    return now < act.intruding_until


def _poisson_inv(mean: float, u: float) -> int:
    """Poisson quantile by inversion of one uniform (so one draw gives one count)."""
    if mean <= 0:
        return 0
    k, pk = 0, math.exp(-mean)
    cdf = pk
    while u > cdf and k < 100:
        k += 1
        pk *= mean / k
        cdf += pk
    return k
