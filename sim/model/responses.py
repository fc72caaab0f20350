"""Japan's and China's responses to each other's activity: shadowing, scrambles, intercepts, chases.

This module is the only owner of who escorts whom (`Responses.escorts`) and of how many Japan
Coast Guard ships are busy shadowing (`Responses.jcg_busy`).

* The JCG assigns a patrol ship to each Chinese government ship (and, with ships to spare, each
  Chinese fishing boat in the contiguous zone) within ``jcg_shadow_km`` of the Senkakus and
  releases it beyond ``jcg_release_km``, up to ``jcg_senkaku_ships`` at once.
* A JMSDF destroyer shadows a PLA Navy group while it is within ``jmsdf_shadow_km`` of the
  Miyako gap.
* Japan's air-defence radar watches each leg of a Chinese flight; JASDF alert fighters scramble
  when the leg enters Japan's ADIZ. PLA fighters intercept a share of Japanese patrol flights.
  Escorting aircraft break off when their target turns for home.
* The CCG group on station moves to 'expel' a Japanese fishing boat in the territorial sea and
  resumes its patrol when the boat has left the contiguous zone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import geography as geo
from sim.model import kernels
from sim.model.agents import KIND_KEYS, UNIT_KINDS
from sim.model.missions import Escort

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel

_LEG_FRACTIONS = np.linspace(0.0, 1.0, 17)  # points sampled along a flight leg (~50 km apart)
_JP_ADIZ = int(geo.Zone.JP_ADIZ)
_TS, _CZ = int(geo.Zone.SENKAKU_TS), int(geo.Zone.SENKAKU_CZ)  # plain ints: cheap tests
_MIYAKO_X, _MIYAKO_Y = map(float, geo.MIYAKO_MIDPOINT_KM)  # the JMSDF's watch point (floats)
#: by kind index: a Chinese ship other than the PLA Navy's (what the JCG shadows near the
#: islands); the spatial pass (`sim.model.kernels.sea_state`) lists those at sea with their
#: distance to the islands
JCG_WATCH = np.array([UNIT_KINDS[k].side == "CN" and not UNIT_KINDS[k].aircraft and k != "PLAN"
                     for k in KIND_KEYS])


class Responses:
    """Who shadows, escorts, intercepts or chases whom, and when they break off."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self.escorts: dict[int, Unit] = {}  # target idx -> escorting unit
        self.jcg_busy = 0
        self.escort_watch: list[tuple[Unit, Unit]] = []  # (target, escorting aircraft)
        self.plan_watch: list[Unit] = []  # PLA Navy ships on a transit of the chain
        self._chased: set[int] = set()  # Japanese fishing boats the CCG is chasing

    # ------------------------------------------------------------------ each spatial update
    def respond(self, watched: list[int], dist: list[float], zone_of: dict[int, int]) -> None:
        """Shadow Chinese ships near the Senkakus, chase Japanese boats, break off escorts.

        `watched`: the indices of the Chinese ships at sea that the JCG watches (`JCG_WATCH`),
        in index order, and `dist` their distance to the islands (from the spatial pass's
        kernel)."""
        m = self.model
        f = m.fleet
        if watched:
            self.jcg_shadowing(watched, dist)
        for u, esc in list(self.escorts.items()):
            if esc.kind == "JCG" and not f.at_sea[u]:  # (two reads: the cheaper one first)
                self._release(u, esc)
        self._ccg_chases(zone_of)
        # escorts (JASDF on PLA aircraft, PLA fighters on JP patrol aircraft) break off
        for target, esc in list(self.escort_watch):
            # the escort breaks off once its target turns for home
            gone = not f.at_sea[target.idx] or target.mission is None or not f.at_sea[esc.idx]
            if gone:
                if f.at_sea[esc.idx]:
                    esc.return_home()
                self.escort_watch.remove((target, esc))
                self.escorts.pop(target.idx, None)

    def _release(self, target_idx: int, esc: Unit) -> None:
        """The escort goes home; a JCG ship is free again."""
        esc.return_home()
        del self.escorts[target_idx]
        if esc.kind == "JCG":
            self.jcg_busy -= 1

    def jcg_shadowing(self, cn_idx: list[int], dist: list[float]) -> None:
        """JCG assigns a patrol ship to each Chinese government ship (and, with ships to spare,
        each Chinese fishing boat) near the Senkakus; releases it further out.

        By unit index (`cn_idx`, with `dist` to the islands): most ships are far out with no
        escort, and for them the loop touches no unit object (the same reads, in the same
        order, as before)."""
        m = self.model
        p = m.p
        cap = int(p["jcg_senkaku_ships"])
        # read once per update, not once per ship: its first read stays where it was (the
        # first ship of the first update with watched ships has no escort yet, and read it)
        shadow_km = p["jcg_shadow_km"]
        at_sea = m.fleet.at_sea
        escort_of = self.escorts.get
        for i, d in zip(cn_idx, dist, strict=True):
            esc = escort_of(i)
            if esc is None and d < shadow_km and at_sea[i]:
                unit = m.fleet.units[i]
                wanted = p["jcg_shadow_ratio"] if unit.kind == "CCG" else 1.0
                if self.jcg_busy >= cap or wanted <= 0:
                    continue
                if unit.kind == "CN_FISH" and d > geo.CONTIGUOUS_ZONE_KM:
                    continue
                jcg = m.pool.take("JCG", "ishigaki")
                # from the JCG's standing Senkaku patrol, south of the islands
                cx, cy = geo.SENKAKU_CENTRE_KM
                jcg.position = np.array([cx, cy - geo.TERRITORIAL_SEA_KM])
                jcg.mission = Escort(unit)
                jcg.shadow(unit, (2.5, -2.5))
                self.escorts[i] = jcg
                self.jcg_busy += 1
                at_sea = m.fleet.at_sea  # (taking a unit may have grown the fleet's arrays)
            elif esc is not None and (d > p["jcg_release_km"] or not at_sea[i]):
                self._release(i, esc)

    def _ccg_chases(self, zone_of: dict[int, int]) -> None:
        """Japanese fishing boats in the territorial sea draw the CCG ships on station."""
        m = self.model
        f = m.fleet
        ccg = m.activity.ccg
        for u in m.pool.of_kind("JP_FISH"):
            if f.at_sea[u.idx] and zone_of.get(u.idx, 0) & _TS:
                if u.idx not in self._chased:
                    self._chased.add(u.idx)
                    ccg.chase(u)
            elif u.idx in self._chased and (not f.at_sea[u.idx] or not zone_of.get(u.idx, 0)
                                            & _CZ):
                self._chased.discard(u.idx)
                ccg.release(u)

    # ------------------------------------------------------------------ PLA Navy transits
    def transits_at_sea(self) -> list[Unit]:
        """The PLA Navy ships on a transit that are at sea now (watched by JMSDF)."""
        at_sea = self.model.fleet.at_sea
        return [u for u in self.plan_watch if at_sea[u.idx]]

    def shadow_transits(self, plan: list[Unit]) -> None:
        """A JMSDF destroyer shadows each PLA Navy group near the Miyako gap."""
        m = self.model
        f = m.fleet
        # distances by `np.hypot` on the array (libm's hypot: `math.hypot` has its own
        # algorithm and differs in the last bit for ~0.6 % of pairs, which could flip a ship
        # at the threshold), then plain floats and bools: no numpy scalars per ship
        rows = m.space.agent_positions[[u.idx for u in plan]]
        near = (np.hypot(rows[:, 0] - _MIYAKO_X, rows[:, 1] - _MIYAKO_Y)
                < m.p["jmsdf_shadow_km"]).tolist()
        pos = rows.tolist()
        for k, (u, nr) in enumerate(zip(plan, near, strict=True)):
            if f.follow[u.idx] >= 0 or u.own_shadow:
                continue  # ships in company are shadowed with their lead; carrier groups have
                # their own JMSDF watch (sim.model.operations)
            esc = self.escorts.get(u.idx)
            if nr and esc is None:
                d = m.pool.take("JMSDF", "naha")
                d.position = np.array([pos[k][0] + 15.0, pos[k][1] + 15.0])
                d.mission = Escort(u)
                d.shadow(u, (3.0, -3.0))
                self.escorts[u.idx] = d
            elif not nr and esc is not None and esc.kind == "JMSDF":
                self._release(u.idx, esc)
        self.plan_watch = [u for u in self.plan_watch if f.at_sea[u.idx]]

    # ------------------------------------------------------------------ aircraft
    def watch_leg(self, ac: Unit) -> None:
        """Japan's air-defence radar sees a Chinese flight's leg: if the leg enters Japan's
        ADIZ, alert fighters scramble when it does (plus the reaction delay). Working on legs
        rather than on sampled positions makes the count independent of the update interval."""
        if ac.scrambled:
            return
        m = self.model
        p0 = m.space.agent_positions[ac.idx]
        p1 = m.fleet.target[ac.idx]
        fr = _LEG_FRACTIONS
        # the first sampled point in the ADIZ, in one compiled call (~10 numpy calls before)
        first = kernels.leg_first(float(p0[0]), float(p0[1]), float(p1[0]), float(p1[1]), fr,
                                  _JP_ADIZ, *geo.zone_kernel_args())
        if first < 0:
            return
        dist = float(np.hypot(*(p1 - p0))) * fr[first]
        self.scramble(ac, after=dist / max(m.fleet.speed[ac.idx], 1e-9))

    def scramble(self, target: Unit, after: float = 0.0) -> None:
        """JASDF alert fighters from Naha intercept a Chinese aircraft in Japan's ADIZ."""
        m = self.model
        target.scrambled = True
        m.observer.counters["scrambles"] += 1
        action = _Launch(self, target, "JASDF_FIGHTER", "naha", (3.0, 3.0))
        m.keep(action)
        m.schedule_event(action.launch, after=after + m.p["scramble_delay_h"])

    def intercept(self, target: Unit, after: float) -> None:
        """PLA fighters from Ningbo intercept a Japanese patrol aircraft."""
        m = self.model
        action = _Launch(self, target, "PLA_FIGHTER", "ningbo", (-2.0, 2.0))
        m.keep(action)
        m.schedule_event(action.launch, after=after)


class _Launch:
    """Fighters take off to escort an aircraft: a JASDF scramble or a PLA intercept."""

    def __init__(self, resp: Responses, target: Unit, kind: str, home: str,
                 offset: tuple[float, float]) -> None:
        self.resp, self.target, self.kind, self.home, self.offset = (resp, target, kind, home,
                                                                     offset)

    def launch(self) -> None:
        m = self.resp.model
        m.release(self)
        if not self.target.at_sea:
            return
        f = m.pool.take(self.kind, self.home)
        f.mission = Escort(self.target)
        f.shadow(self.target, self.offset)
        if self.kind == "PLA_FIGHTER":  # PLA fighters intercepting patrol flights, one a day
            day = int(m.time // 24)
            m.deployments.new("CN", "air_patrol", f"PLA fighters intercepting patrol flights, "
                              f"day {day}", [f], key=("intercept", day))
        if self.kind == "JASDF_FIGHTER":
            self.resp.escorts[self.target.idx] = f
        self.resp.escort_watch.append((self.target, f))

