"""The East China Sea model: one Mesa model per run, one step per simulated hour.

Each hour the model (1) lets tension decay, (2) starts the activity that is due, and, at a tempo
set by what is happening, (3) moves every unit at sea in one vectorised update, (4) looks up the
zones of all units at sea in one call, (5) counts the observable activity, (6) lets each side
respond to the other (shadowing, chases, escorts breaking off), and (7) finds the opposing units
in contact, forming, merging and closing encounters. Everything finer than an hour -- decision
rounds inside encounters, messages on the communication network, hotline calls, scramble
launches -- runs on Mesa's event scheduler, so fine time steps are spent only where something is
happening.

Where each part lives: activity (`activity`, `coastguard`, `fishing`, `flights`, `missions`,
`processes`), operations -- carrier groups, sorties, territorial entries (`operations`),
responses (`responses`), the units and their pool (`agents`, `pool`), observation
(`observation`), encounters (`scenes` groups contacts, `encounter` holds an encounter's state,
zones and enforcement, `escalation` its decision rounds, `acts` the act catalogue), deployments
and series of encounters (`deployments`), the aftermath of severe incidents (`crisis`), tension
(`tension`), communication (`communication`) and the hotline (`hotline`), scheduled shocks
(`exogenous`), paired treatment arms (`paired`), the daily record (`collect`) and the per-run
outputs (`results`); geography (`geography`, with `zones` and `projection`), random streams
(`streams`), the event heap (`events`) and the numba kernels (`kernels`) are the machinery.

`run_scenario` runs one scenario for one seed and returns a small `RunResult`; it is what the
batch runner calls, thousands of times.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
from mesa import Model
from mesa.experimental.continuous_space import ContinuousSpace
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.config.scenarios import DEFAULT_SCENARIO, Scenario, load_scenario
from sim.model import collect, kernels
from sim.model import geography as geo
from sim.model.activity import Activity
from sim.model.agents import Fleet, Unit
from sim.model.communication import Communication
from sim.model.crisis import Crisis
from sim.model.deployments import Deployments
from sim.model.encounter import Encounter
from sim.model.encounter import rows as encounter_rows
from sim.model.events import OwnEventHeap
from sim.model.exogenous import schedule_exogenous
from sim.model.observation import Observer
from sim.model.operations import Operations
from sim.model.paired import WatchedParams
from sim.model.pool import UnitPool
from sim.model.responses import JCG_WATCH, Responses
from sim.model.results import MAX_RUNG, RunResult
from sim.model.scenes import Scenes
from sim.model.streams import Streams
from sim.model.tension import Tension
from sim.model.zones import zone_kernel_grid

STEP_H = 1.0  # model time unit: one hour


class EastChinaSeaModel(OwnEventHeap, Model):
    """Chinese and Japanese units, their organisations, encounters and the hotline."""

    # The model's own parts live in slots, Mesa's attributes in the instance dict. Why:
    # CPython 3.12 keeps an instance's attribute values inline, and specialises method calls
    # on it (``self._spatial``, ``m.schedule_event``, ``m.log``: tens of thousands a
    # run-year), only while its class has at most 30 names in its dict; the instance dict
    # holds 26 (Mesa's ``Model`` sets 21, the rest are the event heap's, the web view's and
    # the scenario's) and this model has another 28. (`sim.study.splitting` finds Mesa's id counter
    # through ``vars``: it stays in the dict.)
    __slots__ = ("p", "days", "horizon_h", "record_events", "streams", "bases", "space",
                 "fleet", "pool", "event_log", "tension", "tension_history", "counters",
                 "crisis", "deployments", "comms", "activity", "operations", "responses",
                 "observer", "scenes", "_pending", "_last_spatial", "_tempo", "_scratch",
                 "finished", "_start", "daily")

    def __init__(self, scenario: Scenario | str | None = None, rng: int | None = None,
                 days: int | None = None, record_events: bool = True,
                 watch: Collection[str] | None = None, *, seed: int | None = None,
                 record_days: bool = True, arms: Sequence[Mapping[str, Any]] = (),
                 **params: Any) -> None:
        """`scenario`: a Scenario, or a scenario name or file (default ``status_quo_2022``);
        `rng` or `seed` (either): the run's seed; `params`: registry parameters (e.g.
        ``hotline_answer_prob=0.5``) overriding the scenario's values, validated -- so that
        ``mesa.batch_run(EastChinaSeaModel, {"hotline_answer_prob": [...]})`` works;
        `watch`, `arms`: the keys on which paired treatments differ and each treatment's values
        of them (`sim.model.paired`); `record_days`: collect the daily rows
        (``model.datacollector``; on by default, off in `run_scenario` unless its series are
        asked for: it costs ~10% of a run's time)."""
        if seed is not None and rng is not None:
            raise ValueError("pass rng= or seed=, not both")
        rng = seed if rng is None else rng
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario or DEFAULT_SCENARIO)
        if params:
            scenario = scenario.with_overrides(params, where="EastChinaSeaModel(...)")
        seed = 1 if rng is None else int(rng)
        super().__init__(rng=seed)
        self._start_own_heap()  # events on a plain heap, in Mesa's order (sim.model.events)
        # Mesa's own scenario slot carries the resolved parameter values (the mesa-4 path);
        # the validated scenario with provenance stays at `source_scenario`.
        self.scenario = MesaScenario(rng=seed, name=scenario.name, **scenario.params)
        self.source_scenario = scenario
        self.seed = seed
        # paired arms (sim.model.paired): when could a treatment's path first part from this one
        self.p: dict[str, Any] = (dict(scenario.params) if watch is None and not arms else
                                  WatchedParams(scenario.params, watch or (),
                                                lambda: self.time, arms))
        self.days = int(days if days is not None else self.p["days"])
        self.horizon_h = self.days * 24.0
        self.record_events = record_events
        self.streams = Streams(seed)
        self.bases = geo.BASES
        xmin, ymin, xmax, ymax = geo.BOUNDS_KM
        self.space = ContinuousSpace([[xmin, xmax], [ymin, ymax]], torus=False,
                                     random=self.random)
        self.fleet = Fleet(self.space)
        self.pool = UnitPool(self)
        self.event_log: list[dict[str, Any]] = []
        self.tension = Tension({"CN": self.p["tension_baseline_cn"],
                                "JP": self.p["tension_baseline_jp"]},
                               self.p["tension_halflife_days"])
        self.tension.log = self.log
        self.tension_history: list[tuple[float, float, float]] = []
        # issue 10 counts: acts at rung >= 3 / >= 4 by side, military territorial entries
        self.counters = {"mil_ts_entries": 0, "acts_ge3_cn": 0, "acts_ge3_jp": 0,
                         "acts_ge4_cn": 0, "acts_ge4_jp": 0}
        self.crisis = Crisis(self)
        self.deployments = Deployments(self)
        self.comms = Communication(self)
        self.activity = Activity(self)
        self.operations = Operations(self)
        self.responses = Responses(self)
        self.observer = Observer(self)
        self.scenes = Scenes(self)
        self._pending: dict[int, Any] = {}
        self._last_spatial = 0.0
        self._tempo: tuple[float, float, float, float] | None = None  # see `_read_tempo`
        # scratch rows the spatial pass's kernel writes into (`kernels.sea_state`), grown with
        # the fleet
        # (no row views are kept: a deep copy -- a clone in `sim.study.splitting` -- copies a
        # view as an array of its own, which the kernel would then no longer write into)
        self._scratch: tuple[np.ndarray, np.ndarray] = (np.zeros((4, 0), dtype=np.int64),
                                                         np.zeros(0))
        self.finished = False
        self._start = dt.date.fromisoformat(self.p["start_date"])
        self.datacollector = collect.collector()  # a row at the end of every day
        self.daily = collect.DailyRecord(self, enabled=record_days)
        schedule_exogenous(self, scenario.events)

    # ------------------------------------------------------------------ what the web view reads
    @property
    def units(self) -> list[Unit]:
        return self.fleet.units

    @property
    def hotline(self):  # noqa: ANN201 - Hotline; property for the web view
        return self.comms.hotline

    @property
    def encounters(self) -> dict[int, Encounter]:
        """The open encounters by id."""
        return self.scenes.open

    @property
    def closed(self) -> list[Encounter]:
        """The encounters that have ended, in the order they ended."""
        return self.scenes.closed

    @property
    def peak_counts(self) -> list[int]:
        """Encounters so far by peak rung (0..6)."""
        return self.scenes.peak_counts

    @property
    def day(self) -> float:
        return self.time / 24.0

    def calendar(self, t: float) -> dt.date:
        return self._start + dt.timedelta(days=math.floor(t / 24.0))

    # ------------------------------------------------------------------ services
    def keep(self, obj: Any) -> None:
        """Hold a strong reference to an event callback's owner (mesa keeps weak ones)."""
        self._pending[id(obj)] = obj

    def release(self, obj: Any) -> None:
        self._pending.pop(id(obj), None)

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

    def count_act(self, side: str, rung: int) -> None:
        """Count an act (not a floor, not a collision) that took an encounter to rung >= 3."""
        self.counters[f"acts_ge3_{side.lower()}"] += 1
        if rung >= 4:
            self.counters[f"acts_ge4_{side.lower()}"] += 1

    # ------------------------------------------------------------------ the hourly step
    def step(self) -> None:
        if self.finished:
            return
        self._hour()
        self.daily.end_of_hour()  # reads only: draws and event order are unchanged

    def _hour(self) -> None:
        # one read of the clock for the whole hour, from `model.time`'s own slot (as the event
        # heap reads it, `sim.model.events`): nothing in the step moves the clock, and Mesa's
        # descriptor costs ~0.3 us a read on ~9 reads an hour
        now = self._time
        self.tension.decay(STEP_H)
        self.activity.step(now)
        self.operations.step(now)
        f = self.fleet
        n = f.n
        self.comms.hotline.tick(now)
        if int(now) % 24 == 23:
            self.tension_history.append((round(now / 24.0, 3), self.tension.level["CN"],
                                         self.tension.level["JP"]))
        if now + STEP_H >= self.horizon_h + 1e-9:
            self._spatial(n, now)
            self.finish()
            return
        # Fine steps only where something happens: an hourly spatial update while an encounter
        # is at rung 3 or above (unsafe approaches can become collisions); otherwise every
        # ``air_step_hours`` with aircraft up and ``quiet_step_hours`` with ships only. Interactions
        # between units are explicit (shadowing, escorts, formations, chases, scrambles
        # computed on flight legs), so a longer update loses no contact; decision rounds and
        # messages run as events at their own times. New units start in port: nothing to
        # detect until they have moved.
        # (tested cheapest first: most hours need no spatial update and no numpy call)
        elapsed = now - self._last_spatial
        tempo = self._tempo or self._read_tempo()
        if elapsed >= tempo[0]:
            due = True
        elif self._any_close_quarters():
            due = elapsed >= 1.0 - 1e-9
        elif elapsed < tempo[1]:
            due = False
        else:
            quiet, air = tempo[2], tempo[3]
            # aircraft up? one compiled loop (four numpy calls before, ~4,300 hours a year)
            interval = air if kernels.any_at_sea(f.is_air, f.at_sea, n) else quiet
            due = elapsed >= interval - 1e-9
        if due:
            self._spatial(n, now)

    def _read_tempo(self) -> tuple[float, float, float, float]:
        """The update intervals, read from `p` at the first hour that tests them (where the
        test read them every hour before: parameters never change within a run, and the first
        read -- what paired arms watch -- stays where it was) with the thresholds the test
        compares against: ``max(1, quiet, air)``, ``min(quiet, air)`` (each less 1e-9)."""
        quiet, air = self.p["quiet_step_hours"], self.p["air_step_hours"]
        self._tempo = (max(1.0, quiet, air) - 1e-9, min(quiet, air) - 1e-9, quiet, air)
        return self._tempo

    def _any_close_quarters(self) -> bool:
        """An open encounter at rung 3 or above (unsafe approaches can become collisions).
        A loop, not ``any()`` of a generator: every hour, and the generator costs more than
        the test."""
        for e in self.scenes.open.values():  # noqa: SIM110 - see the docstring
            if e.rung >= 3:
                return True
        return False

    def _spatial(self, n: int, now: float) -> None:
        """Move, look up zones, count, respond and detect contacts since the last update
        (`now`: the clock, read once by the hour)."""
        f = self.fleet
        dt = now - self._last_spatial
        self._last_spatial = now
        plan = self.responses.transits_at_sea()
        # (indexing by a list copies: the rows stay as they are now while units move)
        prev = self.space.agent_positions[[u.idx for u in plan]] if plan else None
        units = f.units
        for i in f.move(dt):
            units[i].on_arrival()
        # one compiled pass (sim.model.kernels.sea_state): followers whose leader is back in
        # port, the units at sea and their zones, the Chinese ships the JCG watches and their
        # distance to the islands (sending an orphan home keeps it at sea, where it is, so
        # the zones and distances may be computed first)
        counts, at_sea, zone_of = self._sea_state(n)
        # CCG ships without an order stay out of the territorial sea, tested on the zones just
        # computed (the same kernel as `zone_at`); a ship put back on the belt's edge has
        # moved, so the pass runs again (rare: most updates, no ship is inside)
        if self.activity.ccg.keep_out_of_ts(now, zone_of):
            counts, at_sea, zone_of = self._sea_state(n)
        k, _, w = counts
        out, dist = self._scratch
        if k:  # orphans (rare: no slice to take on most updates)
            for i in out[0, :k].tolist():
                units[i].return_home()
        self.observer.count_ccg(zone_of, now)
        self.responses.respond(out[3, :w].tolist(), dist[:w].tolist(), zone_of)
        if plan:
            self.observer.count_transits(plan, prev)
            self.responses.shadow_transits(plan)
        self.scenes.detect(at_sea, zone_of, dt)

    def _sea_state(self, n: int) -> tuple[tuple[int, int, int], np.ndarray, dict[int, int]]:
        """`kernels.sea_state` into the scratch rows: its counts (orphans, units at sea,
        watched ships), the indices of the units at sea and their zone bits by index."""
        f = self.fleet
        out, dist = self._scratch
        if out.shape[1] < n:
            out = np.zeros((4, f.speed.shape[0]), dtype=np.int64)
            dist = np.zeros(f.speed.shape[0])
            self._scratch = out, dist
        counts = kernels.sea_state(self.space.agent_positions, f.at_sea, f.follow, n, f.kind,
                                   JCG_WATCH, *geo.SENKAKU_CENTRE_KM, *zone_kernel_grid(),
                                   out, dist)
        m = counts[1]
        at_sea = out[1, :m].copy()  # (the scratch rows are rewritten by the next update)
        return counts, at_sea, dict(zip(at_sea.tolist(), out[2, :m].tolist(), strict=True))

    def finish(self) -> None:
        """Close what is open at the horizon (encounters are right-censored there)."""
        self.scenes.close_all()
        self.finished = True
        self.running = False

    # ------------------------------------------------------------------ results
    def summary(self) -> dict[str, Any]:
        peaks = np.array([e.peak for e in self.scenes.all()], dtype=int)
        out: dict[str, Any] = {"scenario": self.scenario.name, "seed": self.seed,
                               "days": self.days, "encounters": int(len(peaks))}
        for k in range(1, MAX_RUNG + 1):
            out[f"peak_ge_{k}"] = int((peaks >= k).sum())
        out["max_rung"] = int(peaks.max()) if len(peaks) else 0
        first = self.scenes.first_severe_h
        out["first_severe_day"] = None if first is None else round(first / 24.0, 3)
        out.update(self.observer.summary())
        hl = self.comms.hotline
        out["hotline_calls"] = hl.calls
        out["hotline_answered"] = hl.answered
        out["hotline_effective"] = hl.effective
        out["hotline_dropped"] = hl.dropped
        out["hotline_notices"] = self.deployments.notices
        for key in ("acts_ge3_cn", "acts_ge3_jp", "acts_ge4_cn", "acts_ge4_jp",
                    "mil_ts_entries"):
            out[key] = self.counters[key]
        out["crises"] = self.crisis.crises
        out["messages"] = self.comms.sent
        out["protests"] = self.comms.protests
        out["deesc_orders"] = self.comms.deesc_orders
        for side in ("CN", "JP"):
            out[f"mean_tension_{side.lower()}"] = round(self.tension.mean(side), 6)
        for side in ("CN", "JP"):
            out[f"max_tension_{side.lower()}"] = round(self.tension.max[side], 6)
        out["severe_hazard"] = round(math.fsum(e.severe_hazard for e in self.scenes.all()), 9)
        return out

    def result(self, series: bool = False) -> RunResult:
        rows = encounter_rows(self.scenes.all())
        return RunResult(self.summary(), sorted(rows, key=lambda r: r["encounter"]),
                         list(self.event_log), collect.series_rows(self) if series else [])


def run_scenario(scenario: Scenario, seed: int, days: int | None = None,
                 record_events: bool = True, record_series: bool = False) -> RunResult:
    """Run one scenario for one seed to its horizon and return its summary and logs (and its
    daily series, with `record_series`)."""
    model = EastChinaSeaModel(scenario, rng=seed, days=days, record_events=record_events,
                              record_days=record_series)
    model.run_for(int(model.horizon_h))
    if not model.finished:
        model.finish()
    return model.result(series=record_series)
