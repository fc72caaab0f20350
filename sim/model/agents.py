"""The agents: ships and aircraft on scene, and the organisations that command them.

Units are Mesa `ContinuousSpaceAgent`s whose positions live in the space's one position array.
Their kinematic state (target, speed, following) lives in `Fleet`, a set of numpy arrays aligned
with that array, so one vectorised update moves every unit each simulated hour. Units are never
removed: a ship back in port or an aircraft back at its base is parked (``at_sea`` false) and is
reused by the next sortie, so array indices stay stable and no per-step bookkeeping is needed.

Organisations (ministries, commands, coast-guard headquarters, foreign ministries and the top
coordinating bodies) are plain Mesa agents that receive messages, decide and send orders; their
decision rules live in `sim.model.communication` and `sim.model.escalation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from mesa import Agent
from mesa.experimental.continuous_space import ContinuousSpace, ContinuousSpaceAgent

from sim.model import kernels

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel


@dataclass(frozen=True)
class UnitKind:
    """Static properties of a kind of unit."""

    key: str
    side: str
    force: str  # "navy" | "air" | "coastguard" | "fishing"
    aircraft: bool
    speed_kmh: float
    detect_km: float
    label: str

    def __post_init__(self) -> None:
        # `military`: navies and air forces, the units the MACM radio and the hotline were made
        # for. Read in every decision round: a plain attribute set once (not a field, so not
        # part of ==, hash or repr), where a cached property left every read unspecialised
        # (a descriptor on the class) and its write through `__dict__` took the instance's
        # values out of line, which slowed every other read of a kind's fields too.
        object.__setattr__(self, "military", self.force in ("navy", "air"))


# Speeds and detection ranges are assumptions (documented in docs/model.md, "Units"):
# ships cruise at ~15 kn unless the scenario's ship_speed_kmh says otherwise; fishing boats
# ~8 kn; jets ~800 km/h in transit; shadowing/visual-radar contact range 25 km at sea, 45 km air.
UNIT_KINDS: dict[str, UnitKind] = {k.key: k for k in (
    UnitKind("PLAN", "CN", "navy", False, 28.0, 25.0, "PLA Navy ship"),
    UnitKind("CCG", "CN", "coastguard", False, 28.0, 25.0, "CCG ship"),
    UnitKind("CN_FISH", "CN", "fishing", False, 15.0, 10.0, "Chinese fishing boat"),
    UnitKind("PLA_FIGHTER", "CN", "air", True, 800.0, 45.0, "PLA fighter"),
    UnitKind("PLA_BOMBER", "CN", "air", True, 700.0, 45.0, "PLA bomber"),
    UnitKind("PLA_RECON", "CN", "air", True, 550.0, 45.0, "PLA reconnaissance aircraft"),
    UnitKind("PLA_DRONE", "CN", "air", True, 300.0, 45.0, "PLA drone"),
    UnitKind("JMSDF", "JP", "navy", False, 28.0, 25.0, "JMSDF destroyer"),
    UnitKind("JCG", "JP", "coastguard", False, 28.0, 25.0, "JCG patrol ship"),
    UnitKind("JP_FISH", "JP", "fishing", False, 15.0, 10.0, "Japanese fishing boat"),
    UnitKind("JASDF_FIGHTER", "JP", "air", True, 850.0, 45.0, "JASDF F-15"),
    UnitKind("JP_PATROL", "JP", "air", True, 550.0, 60.0, "Japanese patrol aircraft"),
)}
KIND_KEYS: tuple[str, ...] = tuple(UNIT_KINDS)


class Fleet:
    """Per-unit kinematic arrays aligned with the space's position array (index = unit.idx)."""

    def __init__(self, space: ContinuousSpace, capacity: int = 64) -> None:
        self.space = space
        self.n = 0
        self.target = np.zeros((capacity, 2))
        self.speed = np.zeros(capacity)
        self.at_sea = np.zeros(capacity, dtype=bool)
        self.follow = np.full(capacity, -1, dtype=np.int64)
        self.offset = np.zeros((capacity, 2))
        self.heading = np.zeros(capacity)
        self.kind = np.zeros(capacity, dtype=np.int64)
        self.is_cn = np.zeros(capacity, dtype=bool)
        self.is_air = np.zeros(capacity, dtype=bool)
        self.detect = np.zeros(capacity)
        self.arrived = np.zeros(capacity, dtype=np.int64)  # scratch row of `move`
        self.units: list[Unit] = []

    def _grow(self) -> None:
        for name in ("target", "speed", "at_sea", "follow", "offset", "heading", "kind", "is_cn",
                     "is_air", "detect", "arrived"):
            arr = getattr(self, name)
            new = np.zeros((arr.shape[0] * 2, *arr.shape[1:]), dtype=arr.dtype)
            if name == "follow":
                new[:] = -1
            new[: arr.shape[0]] = arr
            setattr(self, name, new)

    def add(self, unit: Unit) -> int:
        """Register a new unit; returns its index (equal to its index in the space)."""
        if self.n >= self.speed.shape[0]:
            self._grow()
        i = self.n
        self.n += 1
        kind = unit.spec
        self.kind[i] = KIND_KEYS.index(kind.key)
        self.is_cn[i] = kind.side == "CN"
        self.is_air[i] = kind.aircraft
        self.detect[i] = kind.detect_km
        self.units.append(unit)
        return i

    def move(self, dt: float) -> list[int]:
        """Advance every unit at sea by `dt` hours; return indices of units that arrived (in
        index order, as plain integers).

        Two phases: units on their own course move first, then followers (shadowing, escort,
        formation) steer for where their target now is, so a fast escort keeps contact even
        when a step is long compared with the leg it covers. One compiled loop
        (`sim.model.kernels.move`, numpy twin without numba), which writes the arrivals into
        the fleet's scratch row `arrived` (an array of the fleet's own, not a view: a deep
        copy of the model keeps it its own).
        """
        arrived = self.arrived
        k = kernels.move(self.space.agent_positions, self.target, self.speed, self.at_sea,
                         self.follow, self.offset, self.heading, self.n, float(dt), arrived)
        return arrived[:k].tolist()


class Unit(ContinuousSpaceAgent):
    """A ship or an aircraft. Its mission decides where it goes next when it arrives."""

    def __init__(self, model: EastChinaSeaModel, kind: str, home: str) -> None:
        super().__init__(model.space, model)
        self.spec = UNIT_KINDS[kind]
        self.kind = kind
        self.side = self.spec.side
        self.home = home
        self.is_aircraft = self.spec.aircraft
        self.idx = model.fleet.add(self)
        self.encounter_id: int | None = None
        self.mission: Any = None  # a sim.model.missions.Mission; owns on_arrival behaviour
        self.label = self.spec.label
        # Japan's radar ignores this aircraft's legs once fighters were scrambled against it
        # (a PLA flight starts at False; fighters launched to intercept are never watched).
        self.scrambled = True
        self.surge = False  # one of a fishing surge's boats or ships (sim.model.fishing)
        self.deployment: int | None = None  # see sim.model.deployments
        # set on every unit from the start (a reused unit is reset in `UnitPool.take`): read
        # as plain attributes, where a `getattr` with a default is a builtin call and a
        # generic look-up on every decision round's act test
        self.own_shadow = False  # shadowed by its own group's JMSDF watch (sim.model.operations)
        self.acts_as: str | None = None  # a narrower act catalogue (sim.model.acts.acts_kind)
        # government and navy ships cruise at the scenario's ship_speed_kmh
        self.cruise = (float(model.p["ship_speed_kmh"]) if not self.is_aircraft
                       and self.spec.force != "fishing" else self.spec.speed_kmh)
        base = model.bases[home]
        self.position = np.array([base.x, base.y])
        model.fleet.target[self.idx] = (base.x, base.y)

    # --- state read by the web view -------------------------------------------------------
    @property
    def at_sea(self) -> bool:
        return bool(self.model.fleet.at_sea[self.idx])

    @property
    def heading(self) -> float:
        return float(self.model.fleet.heading[self.idx])

    # --- orders from missions ---------------------------------------------------------------
    def sail(self, target: tuple[float, float], speed: float | None = None) -> None:
        """Leave port (if in port) and head for `target` at `speed` km/h."""
        f = self.model.fleet
        i = self.idx
        f.at_sea[i] = True
        f.follow[i] = -1
        # the target's row as two scalars (a tuple assigned to a row goes through numpy's
        # sequence conversion: ~3x the cost, ~15,500 legs a run-year); the same doubles
        tx, ty = target
        tgt = f.target
        tgt[i, 0] = tx
        tgt[i, 1] = ty
        f.speed[i] = self.cruise if speed is None else speed
        if self.is_aircraft and self.side == "CN":
            self.model.responses.watch_leg(self)

    def shadow(self, other: Unit, offset: tuple[float, float] = (2.0, 2.0)) -> None:
        """Keep station on another unit (shadowing, escort, intercept)."""
        f = self.model.fleet
        f.at_sea[self.idx] = True
        f.follow[self.idx] = other.idx
        f.offset[self.idx] = offset
        f.speed[self.idx] = self.cruise * self.model.p["escort_speed_factor"]

    def return_home(self) -> None:
        """Head back to the home base; the mission ends on arrival."""
        base = self.model.bases[self.home]
        self.sail((base.x, base.y))
        self.mission = None

    def park(self) -> None:
        """In port or on the ground: out of the picture until the next sortie."""
        f = self.model.fleet
        f.at_sea[self.idx] = False
        f.follow[self.idx] = -1
        self.mission = None
        self.encounter_id = None

    def on_arrival(self) -> None:
        """Called by the model when the unit reaches its target."""
        if self.mission is not None:
            self.mission.on_arrival(self)
        else:
            self.park()


class Organisation(Agent):
    """A ministry, command, coast-guard headquarters, foreign ministry or top coordinating body.

    Organisations hold no behaviour of their own beyond routing: what they decide when a report,
    order, protest or call arrives is implemented in `sim.model.communication.Communication`, whose
    ``deliver`` dispatches on the message's kind and the receiving organisation's ``role``.
    Keeping them as agents makes them visible in the model's agent set and the web view's network
    panel.
    """

    def __init__(self, model: EastChinaSeaModel, key: str, side: str, role: str,
                 name: str) -> None:
        super().__init__(model)
        self.key, self.side, self.role, self.name = key, side, role, name
        self.received = 0
        self.sent = 0
