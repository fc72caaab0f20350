"""Importance splitting at rung 3: a lower-variance estimator of the severe-incident rate.

Why: a severe incident (rung 4+) is rare -- a few per decade -- but nearly every one passes
through rung 3 (an unsafe approach), which is ~20 times more common. Splitting spends extra
simulation only where the rare event can still happen: when an encounter first reaches rung 3,
the run's whole state is cloned K - 1 times, each clone continues on fresh decision streams for
that encounter, and the share of the K continuations (the run itself and its clones) that reach
rung 4 is that encounter's estimated conditional risk.

The estimator (conditional Monte Carlo at stopping times). Let tau_i be the first hour boundary
at which encounter i is seen at rung >= 3, A_i the event "encounter i reaches rung >= 4 within
`window_h` hours after tau_i" and q_i = P(A_i | state at tau_i). Then for every i
E[1(tau_i < T)(1(A_i) - q_i)] = 0, so M4 = sum_i 1(A_i) and S = sum_i q_hat_i have the same
mean when q_hat_i is an unbiased estimate of q_i given the state at tau_i. The run itself goes
on with its own streams (its future, and all later encounters, are unchanged); each clone is one
more draw from the conditional law, so q_hat_i (the mean over the K continuations) is unbiased.
The brute-force count M4 is the K = 1 case of the same estimator, on the same run.

The clones re-key only the encounter's own generators (every `numpy.random.Generator` attribute
of the encounter), keyed by (seed, crossing time, the encounter's first two units, clone index)
-- not by the arm -- so two arms of a paired comparison use the same clone streams (common
random numbers in the clones too). Clones stop at the first of: the encounter reaches rung 4,
it ends, `window_h` passes, the horizon. A Mesa model is cloned with `copy.deepcopy`, after
which `ContinuousSpace.agent_positions` must be re-linked as a view of the copied storage.

`measure` reports, per run: the crossings, M4, S, the time spent in clones and in the run, and
from these the variance-reduction factor Var(M4)/Var(S) and the efficiency gain (the factor per
unit of computing time), so whether splitting pays here is a measured number.
"""

from __future__ import annotations

import copy
import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Stream identifier of the clones' decision streams (outside the model's own range).
SPLIT_STREAM = 97
#: Clones per crossing used by the batch run function (`run_scenario_split`).
CLONES = 16
WINDOW_H = 48.0
#: Step (hours) while an encounter is at rung LEVEL - 1: the split is at most this late.
FINE_H = 0.0625
LEVEL = 3
TARGET = 4


@dataclass
class Crossing:
    """One encounter first seen at rung >= LEVEL, and what its continuations did."""

    enc_id: int
    t: float
    key: tuple[int, ...]
    obj: Any  # the encounter object in the main run
    main_hit: bool | None = None
    clone_hits: int = 0
    clones: int = 0

    @property
    def q_hat(self) -> float:
        assert self.main_hit is not None
        return (int(self.main_hit) + self.clone_hits) / (1 + self.clones)


@dataclass
class SplitRun:
    """The outcome of one run with splitting."""

    summary: dict[str, Any]
    crossings: list[Crossing] = field(default_factory=list)
    main_s: float = 0.0
    clone_s: float = 0.0

    @property
    def m4(self) -> int:
        return int(sum(bool(c.main_hit) for c in self.crossings))

    @property
    def s(self) -> float:
        return float(sum(c.q_hat for c in self.crossings))

    def fields(self) -> dict[str, Any]:
        return {"split_crossings": len(self.crossings), "split_m4": self.m4,
                "split_s": self.s, "split_clones": sum(c.clones for c in self.crossings),
                "split_main_s": self.main_s, "split_clone_s": self.clone_s}


# --------------------------------------------------------------------------- model handling
#: Output-only histories a clone does not need (copying a year's closed encounters costs 20x
#: the rest of the state); a clone starts them empty. A test holds that a clone that is not
#: re-keyed continues exactly as its original.
HISTORIES = ("closed", "event_log", "tension_history")


def clone_model(model: Any, histories: bool = True) -> Any:
    """A deep copy of a running model that continues exactly as the original would (with
    `histories=False` the output-only histories start empty in the copy).

    Two repairs after `copy.deepcopy`: the space's position array is re-linked as a view of
    the copied storage, and an event whose callback owner had already died (the original
    skips it silently) comes out of Mesa's pickling with no callback at all, so it is cancelled
    in the copy (the original would have done nothing with it either)."""
    memo: dict[int, Any] = {}
    if not histories:
        for name in HISTORIES:
            val = getattr(model, name, None)
            if isinstance(val, list):
                memo[id(val)] = []
    for val in vars(model).values():  # deepcopy of itertools.count is deprecated (3.14)
        if isinstance(val, itertools.count):
            memo[id(val)] = itertools.count(int(repr(val)[len("count("):-1]))
    c = copy.deepcopy(model, memo)
    sp = getattr(c, "space", None)
    if sp is not None and hasattr(sp, "_agent_positions"):
        sp.agent_positions = sp._agent_positions[0: sp._n_agents]
    for ev in getattr(getattr(c, "_event_list", None), "_events", ()):
        if getattr(ev, "fn", True) is None and not getattr(ev, "_canceled", True):
            ev.cancel()
    return c


def _alive(model: Any) -> list[Any]:
    return list(model.encounters.values())


def encounter_key(enc: Any, t: float) -> tuple[int, ...]:
    """The crossing's identity: minute of time `t` and the first two unit indices (as an
    encounter's own stream key), so clones find the same encounter again."""
    first = sorted(u.idx for u in enc.units)[:2] if enc.units else []
    return (int(round(t * 60)), *first)


def rekey(model: Any, enc: Any, key: tuple[int, ...], clone: int) -> int:
    """Give every generator of the encounter a fresh stream; returns how many were re-keyed."""
    n = 0
    for name, val in list(vars(enc).items()):
        if isinstance(val, np.random.Generator):
            setattr(enc, name, model.streams.child(SPLIT_STREAM, *key, clone, n))
            n += 1
    if n == 0:
        raise RuntimeError("splitting: the encounter has no random generator to re-key")
    return n


def advance(model: Any, hours: float) -> None:
    """Run `model` on by `hours` (at most to its horizon), finishing it at the horizon."""
    end = min(model.time + hours, model.horizon_h)
    if end > model.time:
        model.run_until(end)
    if model.time >= model.horizon_h - 1e-9 and not model.finished:
        model.finish()


def _clone_hit(model: Any, enc_id: int, deadline: float, key: tuple[int, ...], k: int,
               chunk_h: float) -> bool:
    """Continue a clone until the encounter reaches TARGET, ends, or the deadline passes."""
    c = clone_model(model, histories=False)
    enc = c.encounters[enc_id]
    rekey(c, enc, key, k)
    while True:
        if enc.peak >= TARGET:
            return True
        if enc.end is not None or c.finished or c.time >= deadline - 1e-9:
            return False
        advance(c, min(chunk_h, deadline - c.time))


def run_split(scenario: Any, seed: int, days: int | None = None, clones: int = CLONES,
              window_h: float = WINDOW_H, chunk_h: float = 1.0, fine_h: float = FINE_H
              ) -> SplitRun:
    """One run of `scenario` with `clones` extra continuations at every rung-3 crossing."""
    from sim.model.model import EastChinaSeaModel

    m = EastChinaSeaModel(scenario, rng=seed, days=days, record_events=False)
    seen: dict[int, Crossing] = {}
    open_: list[Crossing] = []
    main_s = clone_s = 0.0
    while not m.finished:
        t0 = time.perf_counter()
        advance(m, _next_chunk(m, open_, window_h, chunk_h, fine_h))
        main_s += time.perf_counter() - t0
        _settle(m, open_, window_h)
        if m.finished:
            break
        for enc in _alive(m):
            if enc.peak >= LEVEL and enc.id not in seen:
                cr = Crossing(enc.id, m.time, encounter_key(enc, m.time), enc)
                seen[enc.id] = cr
                open_.append(cr)
                t1 = time.perf_counter()
                for k in range(clones):
                    cr.clone_hits += _clone_hit(m, enc.id, m.time + window_h, cr.key, k,
                                                chunk_h)
                cr.clones = clones
                clone_s += time.perf_counter() - t1
    _settle(m, open_, window_h, final=True)
    return SplitRun(m.summary(), sorted(seen.values(), key=lambda c: (c.t, c.enc_id)),
                    main_s, clone_s)


def _next_chunk(m: Any, open_: list[Crossing], window_h: float, chunk_h: float,
                fine_h: float) -> float:
    """Fine steps while an encounter is one rung below the splitting level (so the split
    happens close to the crossing), and never past a pending crossing's deadline (so the run's
    A_i is read at the same time as its clones')."""
    step = fine_h if any(e.rung >= LEVEL - 1 for e in _alive(m)) else chunk_h
    for cr in open_:
        step = min(step, max(cr.t + window_h - m.time, 1e-6))
    return step


def _settle(model: Any, open_: list[Crossing], window_h: float, final: bool = False) -> None:
    """Decide A_i for the main run's crossings whose window closed (or that hit already)."""
    for cr in list(open_):
        if cr.obj.peak >= TARGET:
            cr.main_hit = True
        elif final or cr.obj.end is not None or model.time >= cr.t + window_h - 1e-9:
            cr.main_hit = False
        else:
            continue
        open_.remove(cr)


def run_scenario_split(scenario: Any, seed: int, days: int | None = None,
                       record_events: bool = False) -> Any:
    """Batch run function (``sim.study.splitting:run_scenario_split``): the run's summary plus
    the splitting fields; no encounter rows (use the plain run function for those)."""
    from sim.model.results import RunResult

    r = run_split(scenario, seed, days)
    return RunResult({**r.summary, **r.fields()}, [], [])


# --------------------------------------------------------------------------- measurement
def measure(scenario: Any, seeds: list[int], days: int | None = None, clones: int = CLONES,
            window_h: float = WINDOW_H) -> dict[str, Any]:
    """Brute force and splitting on the same runs: means, CIs, variance reduction, efficiency."""
    rows = []
    for s in seeds:
        r = run_split(scenario, s, days, clones, window_h)
        rows.append({"seed": s, **r.fields(), "peak_ge_4": r.summary["peak_ge_4"],
                     "peak_ge_3": r.summary["peak_ge_3"]})
    return summarise(rows, clones)


def summarise(rows: list[dict[str, Any]], clones: int) -> dict[str, Any]:
    """The comparison of the two estimators over runs (see `measure`)."""
    m4 = np.array([r["split_m4"] for r in rows], float)
    s = np.array([r["split_s"] for r in rows], float)
    n = len(rows)
    t_main = float(sum(r["split_main_s"] for r in rows))
    t_clone = float(sum(r["split_clone_s"] for r in rows))
    var_bf, var_s = _var(m4), _var(s)
    vrf = var_bf / var_s if var_s > 0 else (math.inf if var_bf > 0 else math.nan)
    cost = (t_main + t_clone) / t_main if t_main > 0 else math.nan
    d = s - m4
    lo, hi = vrf_interval(m4, s)
    main = np.array([r["split_main_s"] for r in rows], float)
    clone = np.array([r["split_clone_s"] for r in rows], float)
    return {"runs": n, "clones": clones, "crossings": int(sum(r["split_crossings"]
                                                                 for r in rows)),
            "brute": _mean_ci(m4), "split": _mean_ci(s), "split_minus_brute": _mean_ci(d),
            "var_brute": var_bf, "var_split": var_s, "variance_reduction": vrf,
            "variance_reduction_ci": [lo, hi],
            "cost_ratio": cost, "efficiency_gain": vrf / cost if cost else math.nan,
            "efficiency_gain_ci": list(vrf_interval(m4, s, main=main, clone=clone)),
            "main_s": t_main, "clone_s": t_clone, "rows": rows}


def vrf_interval(brute: np.ndarray, split: np.ndarray, resamples: int = 2000,
                 seed: int = 0, main: np.ndarray | None = None,
                 clone: np.ndarray | None = None) -> tuple[float, float]:
    """Approximate 95 % percentile-bootstrap interval of the variance-reduction factor
    var(brute) / var(split), resampling runs (each run's two estimates together: they share
    the run); with the runs' main and clone seconds, of the efficiency gain instead -- the
    factor times main / (main + clone) of the same resample, since the cost is dominated by the
    runs with many crossings, which also drive var(split).

    Why: a variance ratio from a few dozen heavy-tailed runs is itself uncertain; whether
    splitting pays is decided by where the efficiency gain's interval lies against 1. (A
    reviewer's simulation of a heavy-tailed case at 40 runs: coverage ~90 % against 95 %, BCa
    no better: "approximate".) Resamples whose split variance is 0 are dropped."""
    n = len(brute)
    if n < 3:
        return math.nan, math.nan
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    vb = np.var(brute[idx], axis=1, ddof=1)
    vs = np.var(split[idx], axis=1, ddof=1)
    ok = vs > 0
    if ok.sum() < resamples // 2:
        return math.nan, math.nan
    ratio = vb[ok] / vs[ok]
    if main is not None and clone is not None:
        t_main = main[idx].sum(axis=1)[ok]
        ratio = ratio * t_main / (t_main + clone[idx].sum(axis=1)[ok])
    lo, hi = np.percentile(ratio, [2.5, 97.5])
    return float(lo), float(hi)


def pays(rec: dict[str, Any]) -> str:
    """``"yes"``, ``"no"`` (the efficiency gain's interval lies above / below 1) or
    ``"unresolved"`` (it covers 1, or there is none)."""
    lo, hi = rec.get("efficiency_gain_ci") or (math.nan, math.nan)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "unresolved"
    return "yes" if lo > 1 else "no" if hi < 1 else "unresolved"


def _var(x: np.ndarray) -> float:
    return float(np.var(x, ddof=1)) if len(x) > 1 else math.nan


def _mean_ci(x: np.ndarray) -> tuple[float, float, float]:
    from sim.study.analysis import mean_ci

    return mean_ci(x)


def paired_effect(base_rows: list[dict[str, Any]], treat_rows: list[dict[str, Any]]
                  ) -> dict[str, Any]:
    """Paired difference in severe incidents per run (treat - base), brute force and split,
    and the ratio of their CI half-widths (how much splitting narrows the effect's interval)."""
    from sim.study.analysis import mean_diff_paired

    out: dict[str, Any] = {}
    for name, col in (("brute", "split_m4"), ("split", "split_s")):
        x = np.array([r[col] for r in base_rows], float)
        y = np.array([r[col] for r in treat_rows], float)
        out[name] = mean_diff_paired(x, y)
    hw = [(v[2] - v[1]) / 2 for v in (out["brute"], out["split"])]
    out["halfwidth_ratio"] = hw[0] / hw[1] if hw[1] > 0 else math.nan
    return out
