"""What one browser session drives: a run (or a counterfactual pair of runs) and how to move
through it — step, jump forward to the next severe event, back to an earlier moment — exactly.

Moving back recomputes from the start (same scenario, seed and horizon, so the same run to the
hour: the model is deterministic given its seed); a simulated year takes a few seconds. Both
runs of a pair always stand at the same model time, so their event logs can be compared: the
first entry where they differ is the moment the two runs diverge.

No solara here; the page (sim/web/app.py) calls these methods under the session's lock.
"""

from __future__ import annotations

import math
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from sim.config.parameters import PARAMS
from sim.config.scenarios import DEFAULT_SCENARIO, ScheduledEvent, load_scenario
from sim.model.model import EastChinaSeaModel
from sim.model.results import SEVERE_RUNG
from sim.web.story import KEY_RUNG, first_divergence

DEFAULT_SEED = 1
MAX_SEED = 2**63 - 1


def coerce_seed(value: Any) -> int:
    """A seed from the page's text box: a non-negative integer, else ValueError in one line."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or len(text) > 19 or int(text) > MAX_SEED:
        shown = text if len(text) <= 24 else text[:21] + "..."
        raise ValueError(f"seed must be a whole number from 0 to {MAX_SEED}, got {shown!r}")
    return int(text)


class VizModel(EastChinaSeaModel):
    """The model as the page builds it: a scenario (by name or path), a seed, and the controls.

    Control values equal to the scenario's own are ignored, so a scenario's provenance stays
    clean and a replay with untouched controls is exactly the stored run.
    """

    def __init__(self, scenario_name: str = DEFAULT_SCENARIO, rng: int | str | None = DEFAULT_SEED,
                 days: int | None = None, base_overrides: dict[str, Any] | None = None,
                 shock_magnitude: float = 0.0, shock_day: float = 0.0,
                 **controls: Any) -> None:
        seed = coerce_seed(DEFAULT_SEED if rng is None else rng)
        base = load_scenario(scenario_name, base_overrides or None)
        changed = {k: v for k, v in controls.items() if k in PARAMS and v != base.params[k]}
        scen = base.with_overrides(changed, where="web view")
        if shock_magnitude:
            shock = ScheduledEvent(day=float(shock_day), kind="shock", side="both",
                                   magnitude=float(shock_magnitude),
                                   label="Tension shock set in the web view", source="web view")
            scen = replace(scen, events=tuple(sorted((*scen.events, shock), key=lambda e: e.day)))
        super().__init__(scenario=scen, rng=seed, days=days)
        self.scenario_name = scenario_name
        self.viz_changes = changed


@dataclass(frozen=True)
class Setup:
    """What a run starts from: scenario (name or path), seed, horizon, overrides, controls,
    and, for a replay, where it was stored."""

    scenario: str = DEFAULT_SCENARIO
    seed: int = DEFAULT_SEED
    days: int | None = None
    base_overrides: tuple[tuple[str, Any], ...] = ()
    controls: tuple[tuple[str, Any], ...] = ()
    shock: tuple[float, float] = (0.0, 0.0)
    replay_dir: str = ""
    replay_run: str = ""
    stored_summary: tuple[tuple[str, Any], ...] = ()
    label: str = ""  # what the picker shows for this setup (default: the scenario name)

    def model(self) -> VizModel:
        """A fresh model for this setup (the same run every time)."""
        return VizModel(scenario_name=self.scenario, rng=self.seed, days=self.days,
                        base_overrides=dict(self.base_overrides) or None,
                        shock_magnitude=self.shock[0], shock_day=self.shock[1],
                        **dict(self.controls))

    def counterpart(self) -> Setup:
        """The same run with the hotline switched the other way (the counterfactual)."""
        scen = load_scenario(self.scenario, dict(self.base_overrides) or None)
        on = dict(self.controls).get("hotline_active", scen.params["hotline_active"])
        controls = {**dict(self.controls), "hotline_active": not on}
        return replace(self, controls=tuple(sorted(controls.items())), replay_dir="",
                       replay_run="", stored_summary=())

    @property
    def name(self) -> str:
        return self.label or self.scenario


def replay_setup(batch_dir: str | Path, run_id: str) -> Setup:
    """The setup that reproduces run `run_id` of a stored batch: same scenario file, overrides,
    seed and horizon (read from the batch's manifest and runs table)."""
    import pandas as pd

    from sim.batch import replay, store

    info = replay.replay_info(batch_dir, run_id)
    # refuses a scenario file changed since the batch ran, unless `viz --force`
    replay.reload_scenario(info["scenario"],
                           force=os.environ.get("HOTLINE_VIZ_REPLAY_FORCE") == "1")
    rec = info["scenario"]
    runs = store.read_runs(Path(batch_dir))
    row = runs[runs["run_id"] == run_id].iloc[0].to_dict()
    summary = tuple((k, None if (not isinstance(v, str) and pd.isna(v)) else v)
                    for k, v in row.items())
    return Setup(scenario=str(rec["path"]), seed=int(info["seed"]),
                 days=None if info.get("days") is None else int(info["days"]),
                 base_overrides=tuple(sorted((rec.get("overrides") or {}).items())),
                 replay_dir=str(batch_dir), replay_run=run_id, stored_summary=summary,
                 label=f"replay {run_id}")


def summary_differences(model: EastChinaSeaModel, stored: dict[str, Any]) -> list[str]:
    """Fields where the finished model's summary differs from the stored run's row."""
    diffs = []
    for key, val in model.result().summary.items():
        if key not in stored:
            continue
        ref = stored[key]
        if isinstance(val, float) or isinstance(ref, float):
            same = (val is None and ref is None) or (
                val is not None and ref is not None and math.isclose(float(val), float(ref),
                                                                     rel_tol=1e-9, abs_tol=1e-12))
        else:
            same = val == ref or (isinstance(ref, np.integer) and int(ref) == val)
        if not same:
            diffs.append(f"{key}: {val!r} here, {ref!r} stored")
    return diffs


@dataclass
class Session:
    """A run, or a pair run in lockstep, and the moves through time the page offers."""

    setups: list[Setup]
    models: list[VizModel] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    version: int = 0
    divergence: float | None = None
    _div_index: int = 0

    def __post_init__(self) -> None:
        if not self.models:
            self.rebuild()

    # ------------------------------------------------------------------ state
    @property
    def model(self) -> VizModel:
        return self.models[0]

    @property
    def paired(self) -> bool:
        return len(self.models) > 1

    @property
    def now(self) -> float:
        return min(self.model.time, self.model.horizon_h)

    @property
    def finished(self) -> bool:
        return all(m.finished for m in self.models)

    def rebuild(self) -> None:
        self.models = [s.model() for s in self.setups]
        self.divergence, self._div_index = None, 0
        self.version += 1

    def _after_move(self) -> None:
        self.version += 1
        if self.paired and self.divergence is None:
            a, b = (m.event_log for m in self.models)
            self._div_index, self.divergence = first_divergence(a, b, self._div_index)

    # ------------------------------------------------------------------ moves
    def step(self, hours: int) -> None:
        """Advance every run by `hours` model hours (less at the horizon)."""
        for _ in range(int(hours)):
            if self.finished:
                break
            for m in self.models:
                if not m.finished:
                    m.step()
        self._after_move()

    def goto(self, t: float) -> None:
        """Stand at model time `t` (clipped to the run): forward by stepping, back by
        recomputing from the start — the same run, hour for hour."""
        t = min(max(float(t), 0.0), self.model.horizon_h)
        if t < self.model.time:
            self.rebuild()
        while self.model.time < t - 1e-9 and not self.finished:
            for m in self.models:
                if not m.finished:
                    m.step()
        self._after_move()

    def step_quiet(self) -> None:
        """One model hour for every run, without telling the page."""
        for m in self.models:
            if not m.finished:
                m.step()

    def _severe(self, min_rung: int) -> list[float]:
        return sorted(float(ev["t"]) for m in self.models for ev in m.event_log
                      if ev.get("kind") == "rung" and (ev.get("rung") or 0) >= min_rung)

    def _step_to_new_severe(self, min_rung: int) -> bool:
        """Step hour by hour until a new event of rung >= min_rung is logged (either run)."""
        seen = [len(m.event_log) for m in self.models]
        while not self.finished:
            self.step_quiet()
            for i, m in enumerate(self.models):
                log = m.event_log
                if any(ev.get("kind") == "rung" and (ev.get("rung") or 0) >= min_rung
                       for ev in log[seen[i]:]):
                    return True
                seen[i] = len(log)
        return False

    def next_severe(self, min_rung: int = KEY_RUNG) -> bool:
        """Go just past the next event of rung >= min_rung (in either run of a pair)."""
        ok = self._step_to_new_severe(min_rung)
        self._after_move()
        return ok

    def prev_severe(self, min_rung: int = KEY_RUNG) -> bool:
        """Go back to just past the severe event before the one now shown (if any)."""
        earlier = [t for t in self._severe(min_rung) if t < math.floor(self.now) - 1.0 + 1e-9]
        if not earlier:
            return False
        self.goto(math.floor(earlier[-1]) + 1.0)
        return True

    def first_severe(self) -> bool:
        """Go to just past the first encounter at rung 4 (the summary's first_severe_day)."""
        done = self._severe(SEVERE_RUNG)
        if done:
            self.goto(math.floor(done[0]) + 1.0)
            return True
        ok = self._step_to_new_severe(SEVERE_RUNG)
        self._after_move()
        return ok
