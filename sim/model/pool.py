"""The unit pool: ships and aircraft are created once and reused sortie after sortie.

A unit back in port is parked, not removed, so its index in the space's position array and in
the Fleet's arrays stays stable (no per-step bookkeeping). `UnitPool.take` hands out a parked unit
of the wanted kind and home base, or creates one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.agents import KIND_KEYS, Unit

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel


class UnitPool:
    """All units of one run, by (kind, home base) and by kind."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self._pool: dict[tuple[str, str], list[Unit]] = {}
        self._by_kind: dict[str, list[Unit]] = {k: [] for k in KIND_KEYS}

    def take(self, kind: str, home: str) -> Unit:
        """A parked unit of this kind and home base, or a new one (units are reused)."""
        m = self.model
        pool = self._pool.get((kind, home))
        if pool is None:
            pool = self._pool[kind, home] = []
        at_sea = m.fleet.at_sea
        unit = None
        for u in pool:  # the first parked one (a loop: a generator left early is closed
            if not at_sea[u.idx]:  # by raising GeneratorExit into it)
                unit = u
                break
        if unit is None:
            unit = Unit(m, kind, home)
            pool.append(unit)
            self._by_kind[kind].append(unit)
        else:
            base = m.bases[home]
            # back at its base, which lies inside the space (a test checks every base): the
            # row is set directly, without the setter's bounds check (~5 us of numpy)
            m.space.agent_positions[unit.idx] = (base.x, base.y)
            unit.label = unit.spec.label  # a reused unit sheds its last mission's identity
            unit.deployment = None
            unit.own_shadow = False
            unit.acts_as = None
        m.fleet.at_sea[unit.idx] = True  # reserved: the caller gives it a mission now
        return unit

    def of_kind(self, kind: str) -> list[Unit]:
        """Every unit of this kind created so far (at sea or parked), in creation order."""
        return self._by_kind[kind]
