"""Missions: what a unit does next when it reaches its target.

A unit at sea always has a mission (or none, and then it parks on arrival). The Fleet moves units
towards their targets in one vectorised update; when a unit arrives the model calls
`Unit.on_arrival`, which hands over to the mission. Missions therefore hold all the "where next"
logic and none of the movement.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.model.geography import zone_at

if TYPE_CHECKING:
    import numpy as np

    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel


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
        # plain Python floats (same IEEE doubles as numpy's): ~16 draws x ~6 probes per call
        draws = self.rng.random((16, 2)).tolist()
        pt = self.centre
        hopping = zoned and here is not None
        if hopping:
            hx, hy = float(here[0]), float(here[1])
        for a, r in draws:
            ang = 2 * math.pi * a
            if hopping:
                pt = self._hop(hx, hy, ang, r)
                ok = self._probes_pass(hx, hy, pt)
            else:
                rad = math.sqrt(self.r_min ** 2 + r * (self.r_max ** 2 - self.r_min ** 2))
                pt = (self.centre[0] + rad * math.cos(ang), self.centre[1] + rad * math.sin(ang))
                if not zoned:
                    return pt
                ok = self._passes(*pt)
            if ok:
                return pt
        return self.fallback if self.fallback is not None else pt

    def _hop(self, hx: float, hy: float, ang: float, r: float) -> tuple[float, float]:
        rad = self.hop[0] + (self.hop[1] - self.hop[0]) * r
        return (hx + rad * math.cos(ang), hy + rad * math.sin(ang))

    def _probes_pass(self, hx: float, hy: float, pt: tuple[float, float]) -> bool:
        """The hop's end (with the buffer around it) and its mid-point pass, in this order."""
        qx, qy = hx + (pt[0] - hx), hy + (pt[1] - hy)
        if not self._passes(qx, qy):
            return False
        b = self.buffer
        if b and not (self._passes(qx + b, qy) and self._passes(qx - b, qy)
                      and self._passes(qx, qy + b) and self._passes(qx, qy - b)):
            return False
        return self._passes(hx + 0.5 * (pt[0] - hx), hy + 0.5 * (pt[1] - hy))

    def _passes(self, x: float, y: float) -> bool:
        mk = zone_at(x, y)
        return (mk & self.inside) == self.inside and not mk & self.outside

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


class Company(Mission):
    """Sail in company with a lead ship; go home with it."""

    def __init__(self, lead: Unit) -> None:
        self.lead = lead

    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self


class Then(Mission):
    """Go to a first point, then continue with another mission."""

    def __init__(self, then: Mission) -> None:
        self.then = then

    def on_arrival(self, unit: Unit) -> None:
        unit.mission = self.then
        self.then.on_arrival(unit)
