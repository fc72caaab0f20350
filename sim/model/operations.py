"""Operations that make series of encounters and real territorial entries.

Why this exists (issue 10, items 1, 4 and 8). Routine activity (`sim.model.activity`) keeps
military routes out of territorial seas and airspace and gives one encounter per sortie, so the
hotline's scope could never matter and no deployment met the other side twice. The record has
both (docs/record.md):

* **carrier groups** (``carrier_deployments_per_year``): *Liaoning* or *Shandong* with two
  escorts sails through the Miyako gap to an operating area about 270 km west of Okidaito
  (6 Dec 2025) for ``carrier_deployment_days``; a JMSDF destroyer patrols the same area; J-15
  sorties (``carrier_sorties_per_day``) fly towards Okinawa, draw JASDF scrambles and meet the
  destroyer. Each sortie is an encounter of the same deployment, so incidents come in series.
* **military territorial entries**: PLA Navy survey ships through Japanese territorial waters
  off Kuchinoerabu and Yakushima (``plan_survey_ts_per_year``; 10 entries Nov 2021 - Aug 2024),
  PLA reconnaissance aircraft into Japanese airspace off the Danjo Islands
  (``pla_airspace_violations_per_year``; first on 26 Aug 2024), and JMSDF ships straying into
  Chinese territorial waters off Zhejiang (``jp_ts_strays_per_year``; *Suzutsuki*, 4 Jul 2024).
  Each is shadowed by the other side, so the encounter is military and territorial: outside
  the agreed scope, inside ``hotline_full_scope``.
* **scripted deployments** of a scenario's ``deploy`` events (the reconstructions): the same
  operations started on a given day, plus a frigate group north of the Senkakus (Jan 2013).

All draws come from their own child streams of the activity stream, keyed by what is drawn, so
the routine activity's random numbers are unchanged. Rates rise with China's tension like the
other Chinese activity (thinning, `sim.model.activity.Process`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model.missions import Escort, Loiter, Mission
from sim.model.processes import Process
from sim.model.streams import ACTIVITY, MOVEMENT

if TYPE_CHECKING:
    from sim.config.scenarios import ScheduledEvent
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel

_OPS = 50  # child key of the activity stream for these processes (never renumber)
_TAG = {"carrier_group": 20, "frigate_group": 21, "recon_airspace": 22, "survey_ship": 23,
        "destroyer_stray": 24, "sortie": 25}


def _pt(lon: float, lat: float) -> tuple[float, float]:
    x, y = geo.to_km(lon, lat)
    return float(x), float(y)


MIYAKO_MID = tuple((np.array(geo.MIYAKO_GAP.a) + np.array(geo.MIYAKO_GAP.b)) / 2.0)
CARRIER_AREA = _pt(128.8, 25.8)  # ~250 km west of Okidaito (6 Dec 2025: ~270 km, Japan MOD)
FRIGATE_AREA = _pt(123.5, 26.65)  # ~100 km north of the Senkakus (30 Jan 2013)
# PLA Navy survey ship: west of Kuchinoerabu, in, south-west of Yakushima, out (31 Aug 2024)
SURVEY_PATH = [_pt(129.7, 30.4), _pt(130.08, 30.45), _pt(130.38, 30.22), _pt(130.2, 29.7)]
# PLA Y-9: orbit west of the Danjo Islands, into their airspace, out (26 Aug 2024)
RECON_PATH = [_pt(127.6, 31.6), _pt(128.0, 31.9), _pt(127.7, 31.7), _pt(128.0, 31.9),
              _pt(128.4, 32.0), _pt(127.8, 32.3)]
# JMSDF destroyer: off Zhejiang, briefly inside, out (4 Jul 2024)
STRAY_PATH = [_pt(122.8, 28.85), _pt(122.4, 28.8), _pt(122.8, 28.85)]
_JP_TS = int(geo.Zone.JP_TERRITORIAL | geo.Zone.SENKAKU_TS)
_CN_TS = int(geo.Zone.CN_TERRITORIAL)


class Path(Mission):
    """Sail a list of waypoints at given speed factors, then go home (or `then`)."""

    def __init__(self, ops: Operations, points: list[tuple[float, float]],
                 speeds: list[float] | None = None, entry: str = "") -> None:
        self.ops, self.points = ops, list(points)
        self.speeds = speeds or [1.0] * len(points)
        self.entry = entry  # side whose territory this path enters ("JP"/"CN"), for counting
        self.leg = 0
        self.counted = False

    def start(self, unit: Unit) -> None:
        unit.mission = self
        unit.sail(self.points[0], unit.cruise * self.speeds[0])

    def on_arrival(self, unit: Unit) -> None:
        if self.entry and not self.counted:
            mask = geo.zone_at(*self.points[self.leg])
            if mask & (_JP_TS if self.entry == "JP" else _CN_TS):
                self.counted = True
                self.ops.model.counters["mil_ts_entries"] += 1
        self.leg += 1
        if self.leg < len(self.points):
            unit.sail(self.points[self.leg], unit.cruise * self.speeds[self.leg])
            unit.mission = self
        else:
            unit.return_home()


class CarrierGroup:
    """A carrier with escorts on station for days, launching fighter sorties."""

    def __init__(self, ops: Operations, t: float, days: float, name: str,
                 area: tuple[float, float] = CARRIER_AREA, sorties: bool = True,
                 kind: str = "carrier_group") -> None:
        m = ops.model
        self.ops, self.name, self.area, self.sorties = ops, name, area, sorties
        self.rng = m.streams.child(MOVEMENT, _TAG[kind], int(round(t * 3600)))
        self.until = m.time + days * 24.0
        self.on_station = False
        lead = m.pool.take("PLAN", "zhoushan")
        lead.label = name
        ships = [lead]
        for k in (1, 2):
            esc = m.pool.take("PLAN", "zhoushan")
            esc.label = (f"PLA Navy destroyer escorting {name.split()[-1]}" if sorties
                         else "PLA Navy frigate")
            esc.mission = _InCompany()
            esc.shadow(lead, (-3.0 * k, 3.0 * k))
            ships.append(esc)
        for s in ships:
            s.own_shadow = True
        self.ships = ships
        label = f"{name} group" + (" on carrier flight operations" if sorties else "")
        self.dep = m.deployments.new("CN", kind, label, ships)
        via = [MIYAKO_MID] if kind == "carrier_group" else []
        lead.sail((via or [area])[0])
        lead.mission = _Station(self, via)
        m.responses.plan_watch.extend(ships)
        # the JMSDF patrols the same area for the length of the deployment (contacts come and
        # go as the ships move: one encounter per contact, all of the same deployment)
        watch = m.pool.take("JMSDF", "naha")
        watch.position = np.array(area) + np.array([30.0, -30.0])
        self.watch = watch
        lo = Loiter(self.rng, area, 0.0, 50.0, self.until + 24.0, m, speed_factor=0.6)
        watch.mission = lo
        watch.sail(lo.next_point())
        self.next_sortie = math.inf
        m.log("activity", f"{label} sails", side="CN")

    def arrived(self) -> None:
        self.on_station = True
        self.next_sortie = self.ops.model.time + self._gap()
        if self.dep.kind == "frigate_group":  # Jan 2013: Yudachi watched the frigate at ~3 km
            m = self.ops.model
            self.watch.mission = Escort(self.ships[0])
            self.watch.shadow(self.ships[0], (3.0, -1.0))
            m.responses.escort_watch.append((self.ships[0], self.watch))

    def _gap(self) -> float:
        rate = self.ops.model.p["carrier_sorties_per_day"] / 24.0
        return -math.log1p(-self.rng.random()) / max(rate, 1e-9)

    def tick(self, now: float) -> bool:
        """Launch due sorties; False once the group has gone home."""
        lead = self.ships[0]
        if not lead.at_sea:
            return False
        if now >= self.until and self.on_station:
            self.on_station = False  # back through the gap (a carrier group), then home
            if self.dep.kind == "carrier_group":
                Path(self.ops, [MIYAKO_MID]).start(lead)
            else:
                lead.return_home()
        while self.sorties and self.on_station and now >= self.next_sortie:
            self._sortie(self.next_sortie)
            self.next_sortie += self._gap()
        return True

    def _sortie(self, t: float) -> None:
        """A pair of J-15s flies 80-160 km out, stays 1.5-3.5 h, and recovers; inside Japan's
        ADIZ it draws a JASDF scramble (6 Dec 2025: F-15s scrambled against J-15s)."""
        m = self.ops.model
        lead = self.ships[0]
        ac = m.pool.take("PLA_FIGHTER", "ningbo")
        ac.label = f"J-15 from {self.name.split()[-1]}"
        ac.position = np.array(lead.position, dtype=float)
        ac.scrambled = False  # type: ignore[attr-defined]
        sorties = m.deployments.new("CN", self.dep.kind, self.dep.label, [ac],
                                    key=("carrier", self.dep.id))
        sorties.signal = self.dep.signal  # the group's orders (and acts left) are theirs
        here = np.array(lead.position, dtype=float)
        u = self.rng.random(3)
        point = here
        for k in range(4):  # a bearing whose end stays out of territorial airspace
            ang = 2 * math.pi * ((u[0] + 0.25 * k) % 1.0)
            point = here + (80.0 + 80.0 * u[1]) * np.array([math.cos(ang), math.sin(ang)])
            if not geo.zone_at(*point) & (_JP_TS | _CN_TS):
                break
        ac.mission = _Sortie(self, tuple(point), m.time + 1.5 + 2.0 * u[2])
        ac.sail(tuple(point))


class _Station(Mission):
    """The carrier's mission: reach the area, then hop around it until relieved."""

    def __init__(self, group: CarrierGroup, via: list) -> None:
        self.group, self.legs = group, len(via)

    def on_arrival(self, unit: Unit) -> None:
        g = self.group
        if self.legs > 0:
            self.legs -= 1
            unit.sail(g.area)
            unit.mission = self
            return
        if not g.on_station and g.ops.model.time < g.until:
            g.arrived()
        ang = 2 * math.pi * g.rng.random()
        r = 30.0 * math.sqrt(g.rng.random())
        unit.sail((g.area[0] + r * math.cos(ang), g.area[1] + r * math.sin(ang)),
                  unit.cruise * 0.5)
        unit.mission = self


class _Sortie(Mission):
    """Out to a point, orbit it until `until`, then back to the carrier and land."""

    def __init__(self, group: CarrierGroup, point: tuple[float, float], until: float) -> None:
        self.group, self.point, self.until = group, point, until
        self.recovering = False

    def on_arrival(self, unit: Unit) -> None:
        m = self.group.ops.model
        if self.recovering:
            unit.park()
            return
        if m.time >= self.until:
            self.recovering = True
            unit.sail(tuple(self.group.ships[0].position))
        else:
            ang = 2 * math.pi * self.group.rng.random()
            unit.sail((self.point[0] + 30.0 * math.cos(ang), self.point[1] + 30.0 * math.sin(
                ang)), unit.cruise * 0.5)
        unit.mission = self


class _InCompany(Mission):
    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self


class Operations:
    """The processes above and the scripted deployments of a scenario."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        p = model.p
        hours = model.horizon_h + 24.0
        top = model.activity.ceiling
        draw = Process.draw

        def blocks(key: int):  # own keyed stream per process and 30-day block (horizon-free)
            return model.streams.blocks(ACTIVITY, _OPS, key)

        self.carriers = draw("carriers", blocks(0), p["carrier_deployments_per_year"], hours,
                             top)
        self.surveys = draw("surveys", blocks(1), p["plan_survey_ts_per_year"], hours, top)
        self.violations = draw("violations", blocks(2), p["pla_airspace_violations_per_year"],
                               hours, top)
        self.strays = draw("strays", blocks(3), p["jp_ts_strays_per_year"], hours, top)
        self.groups: list[CarrierGroup] = []

    def step(self, now: float) -> None:
        """Start what is due this hour (`now`: the model's clock)."""
        m = self.model
        if (self.carriers.next_t > now and self.surveys.next_t > now
                and self.violations.next_t > now
                and self.strays.next_t > now):  # most hours: nothing to start (no min())
            if self.groups:
                self.groups = [g for g in self.groups if g.tick(now)]
            return
        acc = m.activity.accept()
        for t, a in self.carriers.due(now, acc):
            days = m.p["carrier_deployment_days"] * (0.5 + a[0])
            self.groups.append(CarrierGroup(self, t, days, "PLA Navy carrier " + (
                "Liaoning" if a[1] < 0.5 else "Shandong")))
        for t, _a in self.surveys.due(now, acc):
            self.survey_ship(t)
        for t, _a in self.violations.due(now, acc):
            self.recon_airspace(t)
        for t, _a in self.strays.due(now, 1.0 / m.activity.ceiling):
            self.destroyer_stray(t)
        self.groups = [g for g in self.groups if g.tick(now)]

    # ---------------------------------------------------------------- territorial entries
    def survey_ship(self, t: float) -> None:
        m = self.model
        ship = m.pool.take("PLAN", "zhoushan")
        ship.label = "PLA Navy survey ship"
        ship.acts_as = "PLAN_SURVEY"
        m.deployments.new("CN", "survey", "PLA Navy survey ship off Yakushima", [ship])
        Path(self, SURVEY_PATH, speeds=[1.0, 1.0, 1.0, 1.0], entry="JP").start(ship)
        self._shadow("JMSDF", "naha", ship, SURVEY_PATH[0], (4.0, -4.0))
        m.log("activity", "A PLA Navy survey ship sails for the waters off Yakushima",
              side="CN")

    def recon_airspace(self, t: float) -> None:
        m = self.model
        ac = m.pool.take("PLA_RECON", "ningbo")
        ac.label = "PLA Y-9 reconnaissance aircraft"
        ac.scrambled = False  # type: ignore[attr-defined]
        m.deployments.new("CN", "air_patrol", "PLA Y-9 flight towards the Danjo Islands", [ac])
        Path(self, RECON_PATH, speeds=[1.0, 0.3, 0.3, 0.3, 0.3, 1.0], entry="JP").start(ac)
        m.log("activity", "A PLA Y-9 flies towards the Danjo Islands", side="CN")

    def destroyer_stray(self, t: float) -> None:
        m = self.model
        ship = m.pool.take("JMSDF", "naha")
        ship.label = "JMSDF destroyer (monitoring PLA drills)"
        m.deployments.new("JP", "jp_stray", "JMSDF destroyer monitoring drills off Zhejiang",
                          [ship])
        Path(self, STRAY_PATH, speeds=[1.0, 0.5, 1.0], entry="CN").start(ship)
        self._shadow("PLAN", "zhoushan", ship, STRAY_PATH[0], (-4.0, 4.0))
        m.log("activity", "A JMSDF destroyer sails to monitor PLA drills off Zhejiang",
              side="JP")

    def _shadow(self, kind: str, home: str, target: Unit, near: tuple[float, float],
                offset: tuple[float, float]) -> None:
        """The other side shadows `target` from where it will come close (ship or aircraft
        on patrol there; placed at once rather than sailed from a distant base)."""
        m = self.model
        sh = m.pool.take(kind, home)
        sh.position = np.array(near) + np.array(offset) * 3.0
        sh.mission = Escort(target)
        sh.shadow(target, offset)
        m.responses.escort_watch.append((target, sh))

    # ---------------------------------------------------------------- scripted
    def script(self, ev: ScheduledEvent) -> None:
        """Start a scripted deployment of a scenario's ``deploy`` event."""
        m = self.model
        t = m.time
        name = ev.deployment
        days = ev.duration_days or 1.0
        if name == "carrier_group":
            self.groups.append(CarrierGroup(self, t, days, ev.label or
                                            "PLA Navy carrier Liaoning"))
        elif name == "frigate_group":
            self.groups.append(CarrierGroup(self, t, days, ev.label or "PLA Navy frigate group",
                                            area=FRIGATE_AREA, sorties=False,
                                            kind="frigate_group"))
        elif name == "survey_ship":
            self.survey_ship(t)
        elif name == "recon_airspace":
            self.recon_airspace(t)
        elif name == "destroyer_stray":
            self.destroyer_stray(t)
        m.log("scheduled", f"Scripted deployment: {ev.label or name}", side=ev.side)
