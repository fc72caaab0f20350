"""The East China Sea model: one Mesa model per run, one step per simulated hour.

Each hour the model (1) lets tension decay, (2) starts the activity that is due, (3) moves every
unit at sea in one vectorised update, (4) looks up the zones of all units at sea in one call,
(5) counts the observable activity (contiguous-zone presence, intrusions, scrambles, transits),
and (6) finds opposing units in contact with one KD-tree pass, forming, merging and closing
encounters. Everything finer than an hour -- decision rounds inside encounters, messages on the
communication network, hotline calls, scramble launches -- runs on Mesa's event scheduler, so
fine time steps are spent only where something is happening.

`run_scenario` runs one scenario for one seed and returns a small `RunResult`; it is what the
batch runner calls, thousands of times.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from mesa import Model
from mesa.experimental.continuous_space import ContinuousSpace
from mesa.experimental.scenarios import Scenario as MesaScenario
from scipy.spatial import cKDTree

from sim.config.scenarios import Scenario, ScheduledEvent, load_scenario
from sim.model import geography as geo
from sim.model.activity import Activity, Escort
from sim.model.agents import KIND_KEYS, UNIT_KINDS, Fleet, Unit
from sim.model.communication import Communication
from sim.model.escalation import Encounter, Tension
from sim.model.geography import Zone
from sim.model.results import MAX_RUNG, RunResult
from sim.model.streams import Streams

STEP_H = 1.0  # model time unit: one hour
TS_OCCASION_GAP_H = 6.0  # hours outside the territorial sea that separate two occasions
ENCOUNTER_GAP_H = 2.0  # an encounter ends after this many hours without contact (assumption)
QUIET_STEP_H = 4.0  # spatial update interval when only ships are out, all below rung 3
AIR_STEP_H = 3.0  # ... when aircraft are up but nothing is above rung 2 (see `step`)
_MAX_DETECT = max(k.detect_km for k in UNIT_KINDS.values())


def _compat() -> np.ndarray:
    """Which kinds can form an encounter with which: same domain, or aircraft over navies."""
    n = len(KIND_KEYS)
    ok = np.zeros((n, n), dtype=bool)
    for i, a in enumerate(KIND_KEYS):
        for j, b in enumerate(KIND_KEYS):
            ka, kb = UNIT_KINDS[a], UNIT_KINDS[b]
            if ka.side == kb.side or (ka.force == "fishing" and kb.force == "fishing"):
                continue
            if ka.aircraft == kb.aircraft or ({ka.force, kb.force} == {"air", "navy"}):
                ok[i, j] = True
    return ok


COMPAT = _compat()


class EastChinaSeaModel(Model):
    """Chinese and Japanese units, their organisations, encounters and the hotline."""

    def __init__(self, scenario: Scenario | None = None, rng: int | None = None,
                 days: int | None = None, record_events: bool = True) -> None:
        scenario = scenario or load_scenario("status_quo_2022")
        seed = 1 if rng is None else int(rng)
        super().__init__(rng=seed)
        # Mesa's own scenario slot carries the resolved parameter values (the mesa-4 path);
        # the validated scenario with provenance stays at `source_scenario`.
        self.scenario = MesaScenario(rng=seed, name=scenario.name, **scenario.params)
        self.source_scenario = scenario
        self.seed = seed
        self.p: dict[str, Any] = dict(scenario.params)
        self.days = int(days if days is not None else self.p["days"])
        self.horizon_h = self.days * 24.0
        self.record_events = record_events
        self.streams = Streams(seed)
        self.bases = geo.BASES
        xmin, ymin, xmax, ymax = geo.BOUNDS_KM
        self.space = ContinuousSpace([[xmin, xmax], [ymin, ymax]], torus=False,
                                     random=self.random)
        self.fleet = Fleet(self.space)
        self._pool: dict[tuple[str, str], list[Unit]] = {}
        self._by_kind: dict[str, list[Unit]] = {k: [] for k in KIND_KEYS}
        self.event_log: list[dict[str, Any]] = []
        self.counters = {"scrambles": 0, "ts_intrusions": 0, "plan_transits": 0}
        self.tension = Tension({"CN": self.p["tension_baseline_cn"],
                                "JP": self.p["tension_baseline_jp"]},
                               self.p["tension_halflife_days"])
        self.tension_history: list[tuple[float, float, float]] = []
        self.comms = Communication(self)
        self.activity = Activity(self)
        self.encounters: dict[int, Encounter] = {}
        self.closed: list[Encounter] = []
        self.peak_counts = [0] * (MAX_RUNG + 1)
        self.first_severe_h: float | None = None
        self._next_enc = 1
        self._cz_days: set[int] = set()
        self._cz_ship_days: set[tuple[int, int]] = set()
        self._ts_last = -math.inf
        self._chased: set[int] = set()
        self.plan_watch: list[Unit] = []
        self.escort_watch: list[tuple[Unit, Unit]] = []
        self._pending: dict[int, Any] = {}
        self._last_spatial = 0.0
        self._pair_sig = b""
        self._touched: set[int] = set()
        self.finished = False
        self._start = dt.date.fromisoformat(self.p["start_date"])
        self._schedule_exogenous(scenario.events)

    # ------------------------------------------------------------------ units
    def take_unit(self, kind: str, home: str) -> Unit:
        """A parked unit of this kind and home base, or a new one (units are reused)."""
        pool = self._pool.setdefault((kind, home), [])
        unit = next((u for u in pool if not self.fleet.at_sea[u.idx]), None)
        if unit is None:
            unit = Unit(self, kind, home)
            pool.append(unit)
            self._by_kind[kind].append(unit)
        else:
            base = self.bases[home]
            unit.position = np.array([base.x, base.y])
        self.fleet.at_sea[unit.idx] = True  # reserved: the caller gives it a mission now
        return unit

    def keep(self, obj: Any) -> None:
        """Hold a strong reference to an event callback's owner (mesa keeps weak ones)."""
        self._pending[id(obj)] = obj

    def release(self, obj: Any) -> None:
        self._pending.pop(id(obj), None)

    def units_of(self, kind: str) -> list[Unit]:
        return self._by_kind[kind]

    @property
    def units(self) -> list[Unit]:
        return self.fleet.units

    @property
    def hotline(self):  # noqa: ANN201 - Hotline; property for the web view
        return self.comms.hotline

    @property
    def day(self) -> float:
        return self.time / 24.0

    def encounter_by_id(self, enc_id: int | None) -> Encounter | None:
        return self.encounters.get(enc_id) if enc_id is not None else None

    # ------------------------------------------------------------------ logging
    def clock(self, t: float | None = None) -> str:
        t = self.time if t is None else t
        d = int(t // 24)
        minutes = int(round((t - 24 * d) * 60))
        return f"Day {d} {minutes // 60:02d}:{minutes % 60:02d}"

    def log(self, kind: str, text: str, encounter: int | None = None, rung: int | None = None,
            side: str = "", sender: str = "", receiver: str = "") -> None:
        if not self.record_events:
            return
        self.event_log.append({"t": round(self.time, 4), "kind": kind, "encounter": encounter,
                               "rung": rung, "side": side, "sender": sender,
                               "receiver": receiver, "text": text})

    # ------------------------------------------------------------------ exogenous events
    def _schedule_exogenous(self, events: tuple[ScheduledEvent, ...]) -> None:
        for ev in events:
            if ev.day * 24.0 <= self.horizon_h:
                action = _Exogenous(self, ev)
                self.keep(action)
                self.schedule_event(action.fire, at=max(ev.day * 24.0, 0.01))
        day = self.p["consultation_day"]
        year = 0
        while (day + 365 * year) * 24.0 <= self.horizon_h:
            ev = ScheduledEvent(day=day + 365 * year, kind="relief", side="both",
                                magnitude=self.p["consultation_relief"],
                                label="High-level Consultation on Maritime Affairs",
                                source="consultation_day")
            action = _Exogenous(self, ev)
            self.keep(action)
            self.schedule_event(action.fire, at=ev.day * 24.0 + 0.01)
            year += 1

    # ------------------------------------------------------------------ the hourly step
    def step(self) -> None:
        if self.finished:
            return
        self.tension.decay(STEP_H)
        started = self.activity.step()
        f = self.fleet
        n = f.n
        self.comms.hotline.tick()
        if int(self.time) % 24 == 23:
            self.tension_history.append((round(self.time / 24.0, 3), self.tension.level["CN"],
                                         self.tension.level["JP"]))
        if self.time + STEP_H >= self.horizon_h + 1e-9:
            self._spatial(n)
            self.finish()
            return
        # Fine steps only where something happens: an hourly spatial update while an encounter
        # is at rung 3 or above (unsafe approaches can become collisions); otherwise every
        # AIR_STEP_H hours with aircraft up and QUIET_STEP_H with ships only. Interactions
        # between units are explicit (shadowing, escorts, formations, chases, scrambles
        # computed on flight legs), so a longer update loses no contact; decision rounds and
        # messages run as events at their own times.
        del started  # new units start in port: nothing to detect until they have moved
        hot = any(e.rung >= 3 for e in self.encounters.values())
        interval = (1.0 if hot else AIR_STEP_H if (f.is_air[:n] & f.at_sea[:n]).any()
                    else QUIET_STEP_H)
        if self.time - self._last_spatial >= interval - 1e-9:
            self._spatial(n)

    def _spatial(self, n: int) -> None:
        """Move, look up zones, count, and detect contacts for the time since the last update."""
        f = self.fleet
        dt = self.time - self._last_spatial
        self._last_spatial = self.time
        plan = [u for u in self.plan_watch if f.at_sea[u.idx]]
        prev = self.space.agent_positions[[u.idx for u in plan]].copy() if plan else None
        for i in f.move(dt):
            f.units[i].on_arrival()
        self.activity.keep_out_of_ts()
        fol = f.follow[:n]
        orphans = np.flatnonzero((fol >= 0) & f.at_sea[:n] & ~f.at_sea[np.maximum(fol, 0)])
        for i in orphans.tolist():
            f.units[i].return_home()
        pos = self.space.agent_positions
        at_sea = np.flatnonzero(f.at_sea[:n])
        masks = geo.zones_at(pos[at_sea, 0], pos[at_sea, 1]) if len(at_sea) else np.zeros(0, int)
        zone_of = dict(zip(at_sea.tolist(), masks.tolist(), strict=True))
        self._observe(at_sea, masks, zone_of)
        if plan:
            self._plan_transits(plan, prev)
        self._detect(at_sea, zone_of, dt)

    def _observe(self, at_sea: np.ndarray, masks: np.ndarray, zone_of: dict[int, int]) -> None:
        """Count what the public record counts; trigger scrambles, shadowing and chases."""
        f = self.fleet
        kinds = f.kind[at_sea]
        day = int(self.time // 24)
        ccg = kinds == _K["CCG"]
        if ccg.any():
            in_cz = ccg & ((masks & int(Zone.SENKAKU_CZ)) != 0)
            if in_cz.any():
                self._cz_days.add(day)
                for i in at_sea[in_cz].tolist():
                    self._cz_ship_days.add((day, i))
            if (ccg & ((masks & int(Zone.SENKAKU_TS)) != 0)).any():
                # one occasion per entry after at least TS_OCCASION_GAP_H outside (JCG counts
                # occasions, not hours)
                if self.time - self._ts_last > TS_OCCASION_GAP_H:
                    self.counters["ts_intrusions"] += 1
                    self.log("activity", "CCG ships enter the territorial sea around the "
                             "Senkakus", side="CN")
                self._ts_last = self.time
        # JCG shadowing of Chinese ships near the Senkakus
        cn_ship = f.is_cn[at_sea] & ~f.is_air[at_sea] & (kinds != _K["PLAN"])
        if cn_ship.any():
            idx = at_sea[cn_ship]
            d = np.hypot(*(self.space.agent_positions[idx] - _SENKAKU).T)
            self.activity.jcg_shadowing([f.units[i] for i in idx.tolist()], d)
        for u, esc in list(self.activity.escorts.items()):
            if not f.at_sea[u] and esc.kind == "JCG":
                esc.return_home()
                del self.activity.escorts[u]
                self.activity.jcg_busy -= 1
        # Japanese fishing boats in the territorial sea draw CCG ships
        for u in self._by_kind["JP_FISH"]:
            if f.at_sea[u.idx] and zone_of.get(u.idx, 0) & Zone.SENKAKU_TS:
                if u.idx not in self._chased:
                    self._chased.add(u.idx)
                    self.activity.ccg_chase(u)
            elif u.idx in self._chased and (not f.at_sea[u.idx] or not zone_of.get(u.idx, 0)
                                            & Zone.SENKAKU_CZ):
                self._chased.discard(u.idx)
                self.activity.ccg_release(u)
        # escorts (JASDF on PLA aircraft, PLA fighters on JP patrol aircraft) break off
        for target, esc in list(self.escort_watch):
            # the escort breaks off once its target turns for home
            gone = not f.at_sea[target.idx] or target.mission is None or not f.at_sea[esc.idx]
            if gone:
                if f.at_sea[esc.idx]:
                    esc.return_home()
                self.escort_watch.remove((target, esc))
                self.activity.escorts.pop(target.idx, None)

    def _plan_transits(self, plan: list[Unit], prev: np.ndarray) -> None:
        """Count PLA Navy passages through the Nansei gates; send a JMSDF shadow near them."""
        f = self.fleet
        pos = self.space.agent_positions[[u.idx for u in plan]]
        crossed = geo.crossed_gate(prev, pos)
        self.counters["plan_transits"] += int(crossed.sum())
        near = np.hypot(*(pos - _MIYAKO_MID).T) < 250.0
        for k, (u, c, nr) in enumerate(zip(plan, crossed, near, strict=True)):
            if c:
                self.log("activity", f"{u.label} passes through the Nansei chain", side="CN")
            if f.follow[u.idx] >= 0:
                continue  # ships in company are shadowed with their lead
            esc = self.activity.escorts.get(u.idx)
            if nr and esc is None:
                d = self.take_unit("JMSDF", "naha")
                d.position = pos[k] + np.array([15.0, 15.0])
                d.mission = Escort(u)
                d.shadow(u, (3.0, -3.0))
                self.activity.escorts[u.idx] = d
            elif not nr and esc is not None and esc.kind == "JMSDF":
                esc.return_home()
                del self.activity.escorts[u.idx]
        self.plan_watch = [u for u in self.plan_watch if f.at_sea[u.idx]]

    # ------------------------------------------------------------------ encounters
    def _detect(self, at_sea: np.ndarray, zone_of: dict[int, int], dt: float = 1.0) -> None:
        """One KD-tree pass: opposing, compatible units within detection range form encounters."""
        f = self.fleet
        touched: set[int] = set()
        if len(at_sea) >= 2:
            pts = self.space.agent_positions[at_sea]
            if len(at_sea) <= 64:  # small scenes: one dense distance matrix beats a tree
                dx = pts[:, None, 0] - pts[None, :, 0]
                dy = pts[:, None, 1] - pts[None, :, 1]
                close = np.triu((dx * dx + dy * dy) <= _MAX_DETECT ** 2, 1)
                pairs = np.argwhere(close)
            else:
                pairs = cKDTree(pts).query_pairs(_MAX_DETECT, output_type="ndarray")
            if len(pairs):
                i, j = at_sea[pairs[:, 0]], at_sea[pairs[:, 1]]
                d = np.hypot(*(pts[pairs[:, 0]] - pts[pairs[:, 1]]).T)
                keep = COMPAT[f.kind[i], f.kind[j]] & (d <= np.maximum(f.detect[i],
                                                                       f.detect[j]))
                if keep.any():
                    sig = (i[keep] * 100003 + j[keep]).tobytes()
                    if sig == self._pair_sig and all(e in self.encounters for e in self._touched):
                        touched = self._touched
                        for eid in touched:
                            enc = self.encounters[eid]
                            enc.gap = 0
                            enc.update_zones(zone_of)
                    else:
                        touched = self._group(i[keep].tolist(), j[keep].tolist(), zone_of)
                    self._pair_sig, self._touched = sig, touched
        for enc in list(self.encounters.values()):
            if enc.id not in touched:
                enc.gap += dt
                if enc.gap >= ENCOUNTER_GAP_H - 1e-9:
                    self.close(enc)

    def _group(self, ii: list[int], jj: list[int], zone_of: dict[int, int]) -> set[int]:
        """Union the contact pairs into scenes and map each scene to an encounter.

        A scene keeps the encounter most of its units already belong to; a scene with no
        encounter opens one; an encounter whose units all joined another scene is absorbed into
        it (its peak is carried over, it is not counted twice).
        """
        parent: dict[int, int] = {}

        def find(a: int) -> int:
            while parent.setdefault(a, a) != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for a, b in zip(ii, jj, strict=True):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
        comps: dict[int, list[int]] = {}
        for a in sorted(parent):
            comps.setdefault(find(a), []).append(a)
        units = self.fleet.units
        claimed: dict[int, list] = {}
        fresh: list[list] = []
        for members in comps.values():
            us = [units[k] for k in members]
            counts: dict[int, int] = {}
            for u in us:
                if u.encounter_id in self.encounters:
                    counts[u.encounter_id] = counts.get(u.encounter_id, 0) + 1
            for eid in sorted(counts, key=lambda e: (-counts[e], e)):
                if eid not in claimed:
                    claimed[eid] = us
                    break
            else:
                fresh.append(us)
        old = {eid: enc.units for eid, enc in self.encounters.items()}
        in_scene = {k for members in comps.values() for k in members}
        for eid, members in old.items():
            for u in members:
                # units out of contact keep their link for now (gap logic closes the
                # encounter); units in a scene are re-linked below
                if u.idx in in_scene or eid in claimed:
                    u.encounter_id = None
        for eid, us in claimed.items():
            enc = self.encounters[eid]
            enc.units = sorted(us, key=_by_idx)
            for u in us:
                u.encounter_id = eid
        for us in fresh:
            enc = self._open(us)
            claimed[enc.id] = us
            for u in us:
                u.encounter_id = enc.id
        for eid, members in old.items():
            if eid in claimed:
                continue
            into = next((u.encounter_id for u in members
                         if u.idx in in_scene and u.encounter_id is not None), None)
            if into is not None:
                self._absorb(self.encounters[into], self.encounters[eid])
            else:
                self.encounters[eid].units = [u for u in members if u.encounter_id == eid]
        for eid, us in claimed.items():
            enc = self.encounters[eid]
            enc.gap = 0
            key = frozenset(u.idx for u in us)
            if key != enc._members_key:
                enc.refresh(zone_of)
                enc._members_key = key
            else:
                enc.update_zones(zone_of)
        return set(claimed)

    def _absorb(self, survivor: Encounter, other: Encounter) -> None:
        """Merge `other` into `survivor`: one scene, one encounter, the higher peak kept."""
        self.peak_counts[other.peak] -= 1
        if other.peak > survivor.peak:
            self.peak_counts[survivor.peak] -= 1
            self.peak_counts[other.peak] += 1
            survivor.peak, survivor.peak_t = other.peak, other.peak_t
        survivor.rung = max(survivor.rung, other.rung)
        survivor.rounds += other.rounds
        survivor.kinds_seen |= other.kinds_seen
        survivor.zone_mask |= other.zone_mask
        survivor.hotline_attempted |= other.hotline_attempted
        survivor.hotline_connected |= other.hotline_connected
        survivor.clarified |= other.clarified
        survivor.start = min(survivor.start, other.start)
        for side, st in survivor.sides.items():  # orders and reports carry over
            ost = other.sides[side]
            st.deesc_order |= ost.deesc_order
            st.reported = max(st.reported, ost.reported)
            if ost.cap_order is not None:
                st.cap_order = ost.cap_order if st.cap_order is None else min(
                    st.cap_order, ost.cap_order)
        for call in self.comms.hotline.pending:  # a pending call now concerns the survivor
            if call.enc is other:
                call.enc = survivor
        for u in other.units:
            if u.encounter_id == other.id:
                u.encounter_id = None
        other.end = self.time
        del self.encounters[other.id]
        self.log("rung", f"Encounter {other.id} merges into encounter {survivor.id}",
                 encounter=survivor.id, rung=survivor.rung)

    def _open(self, us: list[Unit]) -> Encounter:
        enc = Encounter(self._next_enc, self, self.time, units=sorted(us, key=_by_idx))
        self._next_enc += 1
        self.encounters[enc.id] = enc
        self.peak_counts[0] += 1
        escorting = any(isinstance(u.mission, Escort) for u in us)
        cn, jp = enc.lead("CN"), enc.lead("JP")
        self.log("rung", f"Encounter {enc.id} begins: {cn.label if cn else '?'} and "
                 f"{jp.label if jp else '?'} in contact", encounter=enc.id, rung=0)
        if escorting:
            actor = next(u for u in us if isinstance(u.mission, Escort))
            enc._set_rung(1, actor)
        self.schedule_round(enc)
        return enc

    def schedule_round(self, enc: Encounter) -> None:
        self.schedule_event(enc.round, after=enc.interval())

    def record_peak(self, enc: Encounter, old_peak: int, new_peak: int) -> None:
        self.peak_counts[old_peak] -= 1
        self.peak_counts[new_peak] += 1
        if new_peak >= 4 and self.first_severe_h is None:
            self.first_severe_h = self.time

    def close(self, enc: Encounter) -> None:
        if enc.end is not None:
            return
        enc.end = self.time
        for u in enc.units:
            if u.encounter_id == enc.id:
                u.encounter_id = None
        del self.encounters[enc.id]
        self.closed.append(enc)  # rows are built at the end: a late hotline answer still shows
        if enc.peak >= 2:
            self.log("rung", f"Encounter {enc.id} ends (peak rung {enc.peak})",
                     encounter=enc.id, rung=enc.rung)

    def finish(self) -> None:
        """Close what is open at the horizon (encounters are right-censored there)."""
        for enc in list(self.encounters.values()):
            self.close(enc)
        self.finished = True
        self.running = False

    # ------------------------------------------------------------------ results
    def summary(self) -> dict[str, Any]:
        peaks = np.array([e.peak for e in self.closed] +
                         [e.peak for e in self.encounters.values()], dtype=int)
        out: dict[str, Any] = {"scenario": self.scenario.name, "seed": self.seed,
                               "days": self.days, "encounters": int(len(peaks))}
        for k in range(1, MAX_RUNG + 1):
            out[f"peak_ge_{k}"] = int((peaks >= k).sum())
        out["max_rung"] = int(peaks.max()) if len(peaks) else 0
        out["first_severe_day"] = (None if self.first_severe_h is None
                                   else round(self.first_severe_h / 24.0, 3))
        out["scrambles"] = self.counters["scrambles"]
        out["cz_presence_days"] = len(self._cz_days)
        out["cz_ship_days"] = len(self._cz_ship_days)
        out["ts_intrusions"] = self.counters["ts_intrusions"]
        out["plan_transits"] = self.counters["plan_transits"]
        hl = self.comms.hotline
        out["hotline_calls"] = hl.calls
        out["hotline_answered"] = hl.answered
        out["hotline_effective"] = hl.effective
        out["messages"] = self.comms.sent
        out["protests"] = self.comms.protests
        out["deesc_orders"] = self.comms.deesc_orders
        out["mean_tension_cn"] = round(self.tension.mean("CN"), 6)
        out["mean_tension_jp"] = round(self.tension.mean("JP"), 6)
        out["max_tension_cn"] = round(self.tension.max["CN"], 6)
        out["max_tension_jp"] = round(self.tension.max["JP"], 6)
        return out

    def result(self) -> RunResult:
        rows = [e.row() for e in self.closed] + [e.row() for e in self.encounters.values()]
        return RunResult(self.summary(), sorted(rows, key=lambda r: r["encounter"]),
                         list(self.event_log))

    def calendar(self, t: float) -> dt.date:
        return self._start + dt.timedelta(days=math.floor(t / 24.0))


class _Exogenous:
    """A scheduled shock or relief (bound method kept alive by the model)."""

    def __init__(self, model: EastChinaSeaModel, ev: ScheduledEvent) -> None:
        self.model, self.ev = model, ev

    def fire(self) -> None:
        m, ev = self.model, self.ev
        m.release(self)
        if ev.kind == "surge":
            m.activity.surge(ev.boats, ev.ccg_ships, ev.duration_days)
        sign = -1.0 if ev.kind == "relief" else 1.0
        if ev.magnitude:
            m.tension.add(ev.side, sign * ev.magnitude)
        m.log("scheduled", f"{ev.label or ev.kind} ({'tension ' + ('-' if sign < 0 else '+')}"
              f"{abs(ev.magnitude):g} {ev.side})", side=ev.side)


_K = {k: i for i, k in enumerate(KIND_KEYS)}


def _by_idx(u: Unit) -> int:
    """Order units by index: never iterate sets of agents (their order varies by process)."""
    return u.idx
_SENKAKU = np.array(geo.SENKAKU_CENTRE_KM, dtype=float)
_MIYAKO_MID = (np.array(geo.MIYAKO_GAP.a) + np.array(geo.MIYAKO_GAP.b)) / 2.0


def run_scenario(scenario: Scenario, seed: int, days: int | None = None,
                 record_events: bool = True) -> RunResult:
    """Run one scenario for one seed to its horizon and return its summary and logs."""
    model = EastChinaSeaModel(scenario, rng=seed, days=days, record_events=record_events)
    model.run_for(int(model.horizon_h))
    if not model.finished:
        model.finish()
    return model.result()
