"""Missions: what a unit does next when it reaches its target.

A unit at sea always has a mission (or none, and then it parks on arrival). The Fleet moves units
towards their targets in one vectorised update; when a unit arrives the model calls
`Unit.on_arrival`, which hands over to the mission. Missions therefore hold all the "where next"
logic and none of the movement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import kernels
from sim.model.zones import zone_kernel_grid as _zone_grid

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel


#: one loiter leg's (angle, radius) uniforms, refilled for every leg (see `Loiter._leg`)
_DRAWS = np.empty((16, 2))


class Mission:
    """What a unit does next when it reaches its target."""

    def on_arrival(self, unit: Unit) -> None:  # pragma: no cover - overridden
        unit.return_home()


class Loiter(Mission):
    """Move between random points around `centre` (radius band) until `until`, then go home.

    `inside` / `outside`: zone bits a point must / must not have; `buffer`: km around the point
    where the zone test must also hold; `fallback`: where to go if no hop passes; `hop`: the km
    range of one leg when hopping inside a zone; `speed_factor`: patrol or fishing speed as a
    share of cruising speed. The geometry is fixed when the loiter is made: it is packed once
    into `conf`, the array the leg kernel reads.
    """

    def __init__(self, rng: np.random.Generator, centre: tuple[float, float], r_min: float,
                 r_max: float, until: float, model: EastChinaSeaModel,
                 inside: int = 0, outside: int = 0, *, buffer: float = 0.0,
                 fallback: tuple[float, float] | None = None,
                 hop: tuple[float, float] = (5.0, 17.0), speed_factor: float = 0.5) -> None:
        self.rng, self.centre, self.r_min, self.r_max = rng, centre, r_min, r_max
        self.until, self.model = until, model
        self.inside, self.outside = inside, outside
        self.buffer, self.fallback, self.hop = buffer, fallback, hop
        self.speed_factor = speed_factor
        fb = (1.0, float(fallback[0]), float(fallback[1])) if fallback is not None else (
            0.0, 0.0, 0.0)
        self.conf = np.array([float(centre[0]), float(centre[1]), float(r_min), float(r_max),
                              int(inside), int(outside), float(buffer), float(hop[0]),
                              float(hop[1]), *fb], dtype=np.float64)

    def next_point(self, here: np.ndarray | None = None) -> tuple[float, float]:
        """A random point in the band, redrawn until it meets the zone test.

        With zone constraints and a current position, the next point is a short hop (up to
        25 km) whose end and mid-point both pass the test, so a patrol of the contiguous zone
        does not cut through the territorial sea on its way across.

        Always 16 (angle, radius) draws from the mission's stream; the geometry and the zone
        tests run in one compiled call (`sim.model.kernels.loiter_point`, the only
        implementation): ~10,000 legs per run-year, each up to ~6 zone probes, where the
        Python loop with one zone call per probe cost several times the kernel's dispatch.
        """
        if here is None:
            return self._leg(False, 0.0, 0.0)
        return self._leg(True, float(here[0]), float(here[1]))

    def _leg(self, hopping: bool, hx: float, hy: float) -> tuple[float, float]:
        """`next_point` from (hx, hy) if `hopping` (else from nowhere in particular).

        The 32 uniforms are drawn into one scratch array (``random(out=...)``: the same
        numbers, in the same order, as ``random((16, 2))``, without a new array per leg);
        the kernel reads them before anything draws again."""
        draws = _DRAWS
        self.rng.random(out=draws)
        return kernels.loiter_point(draws, hopping, hx, hy, self.conf, *_zone_grid())

    def on_arrival(self, unit: Unit) -> None:
        # the clock from `model.time`'s own slot (as the event heap reads it): ~11,000
        # arrivals per run-year, Mesa's descriptor ~0.3 us a read
        m = self.model
        if m._time >= self.until:
            unit.return_home()
        else:
            # from where the unit is, read as two floats (its row in the space's positions,
            # without the agent's `position` look-up and a row view)
            at = m.space.agent_positions.item
            i = unit.idx
            unit.sail(self._leg(True, at(i, 0), at(i, 1)), unit.cruise * self.speed_factor)
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
