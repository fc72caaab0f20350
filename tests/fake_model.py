"""A tiny deterministic stand-in for `sim.model.model.run_scenario`, for runner/store tests.

It honours the contract (RunResult with SUMMARY_FIELDS / ENCOUNTER_FIELDS) and common random
numbers: encounters come from the activity stream, the hotline draws from its own stream, so
with the hotline unable to connect a run equals its no-hotline twin.
"""

from __future__ import annotations

import os
import time
from typing import Any

from sim.model.results import ENCOUNTER_FIELDS, MAX_RUNG, SUMMARY_FIELDS, RunResult
from sim.model.streams import Streams


def run(scenario: Any, seed: int, days: int | None = None,
        record_events: bool = True, record_series: bool = False) -> RunResult:
    """Encounters with random peak rungs; a connected hotline cuts a rung-4+ peak by one.

    With `record_series`, a daily series like the model's (a subset of its columns)."""
    p = scenario.params
    days = int(days or p["days"])
    st = Streams(seed)
    n = int(st.activity.poisson(days / 10))
    encs: list[dict[str, Any]] = []
    for i in range(n):
        rng = st.child(2, i)  # per-encounter stream (sim.model.streams.ENCOUNTER)
        start = float(rng.uniform(0, days * 24))
        peak = int(min(MAX_RUNG, rng.geometric(0.45) - 1))
        attempted = connected = False
        if p["hotline_active"] and peak >= p["hotline_trigger_rung"]:
            attempted = True
            hot = st.child(4, i)  # per-encounter hotline stream
            connected = bool(hot.random() < p["hotline_answer_prob"])
            if connected:
                peak -= 1
        encs.append({"encounter": i, "start_h": start, "end_h": start + 3.0,
                     "domain": "sea" if i % 3 else "air", "zone": "cz", "territorial": False,
                     "cn_units": "CCG", "jp_units": "JCG", "peak_rung": peak,
                     "peak_h": start + 1.0, "military": i % 3 == 0, "coastguard": i % 3 != 0,
                     "radio": True, "hotline_attempted": attempted,
                     "hotline_connected": connected, "rounds": 1, "deployment": i,
                     "peak_by": "CN", "hotline_state": "connected" if connected else "",
                     "onset_lon": 124.0, "onset_lat": 26.0, "peak_lon": 124.0, "peak_lat": 26.0,
                     "severe_hazard": 0.1 * max(0, peak - 2)})
    summary: dict[str, Any] = {k: 0 for k in SUMMARY_FIELDS}
    summary.update(scenario=scenario.name, seed=seed, days=days, encounters=n,
                   mean_tension_cn=0.3, mean_tension_jp=0.3, max_tension_cn=0.3,
                   max_tension_jp=0.3, first_severe_day=None)
    for k in range(1, MAX_RUNG + 1):
        summary[f"peak_ge_{k}"] = sum(e["peak_rung"] >= k for e in encs)
    summary["max_rung"] = max((e["peak_rung"] for e in encs), default=0)
    summary["severe_hazard"] = round(sum(e["severe_hazard"] for e in encs), 9)
    severe = [e["peak_h"] / 24 for e in encs if e["peak_rung"] >= 4]
    summary["first_severe_day"] = min(severe) if severe else None
    summary["hotline_calls"] = sum(e["hotline_attempted"] for e in encs)
    summary["hotline_answered"] = sum(e["hotline_connected"] for e in encs)
    summary["hotline_effective"] = summary["hotline_answered"]
    assert set(ENCOUNTER_FIELDS) <= set(encs[0]) if encs else True
    res = RunResult(summary=summary, encounters=encs, events=[])
    if record_series:
        res.series = _series(encs, days, st.child(5))
    return res


def _series(encs: list[dict[str, Any]], days: int, rng: Any) -> list[dict[str, Any]]:
    rows = []
    for d in range(1, days + 1):
        done = [e for e in encs if e["peak_h"] < d * 24]
        rows.append({"day": d, "tension_cn": 0.3 + 0.05 * float(rng.random()),
                     "tension_jp": 0.3, "at_sea_cn": int(rng.poisson(8)), "at_sea_jp": 6,
                     "encounters": len(done),
                     "peak_ge_4": sum(e["peak_rung"] >= 4 for e in done),
                     "hotline_calls": sum(e["hotline_attempted"] for e in done)})
    return rows


def run_flaky(scenario: Any, seed: int, days: int | None = None,
              record_events: bool = True) -> RunResult:
    """Like `run`, but raises for seeds divisible by 5 (a deterministic failure)."""
    if seed % 5 == 0:
        raise ValueError(f"boom at seed {seed}")
    return run(scenario, seed, days, record_events)


def run_slow(scenario: Any, seed: int, days: int | None = None,
             record_events: bool = True) -> RunResult:
    """Like `run`, but takes HOTLINE_FAKE_SLEEP seconds (for kill-and-resume tests)."""
    time.sleep(float(os.environ.get("HOTLINE_FAKE_SLEEP", "0.05")))
    return run(scenario, seed, days, record_events)


def run_busy(scenario: Any, seed: int, days: int | None = None,
             record_events: bool = True) -> RunResult:
    """Like `run`, but burns HOTLINE_FAKE_SLEEP seconds of CPU (for parallel speed-up checks)."""
    end = time.process_time() + float(os.environ.get("HOTLINE_FAKE_SLEEP", "0.05"))
    x = 0
    while time.process_time() < end:
        x += 1
    return run(scenario, seed, days, record_events)


def run_crash(scenario: Any, seed: int, days: int | None = None,
              record_events: bool = True) -> RunResult:
    """Like `run`, but kills its own process (as a segfault would) for seeds divisible by 7."""
    if seed % 7 == 0:
        os._exit(139)
    return run(scenario, seed, days, record_events)


def run_hang(scenario: Any, seed: int, days: int | None = None,
             record_events: bool = True) -> RunResult:
    """Like `run`, but never returns for seeds divisible by 7 (a hung run)."""
    if seed % 7 == 0:
        time.sleep(3600)
    return run(scenario, seed, days, record_events)


def run_fail(scenario: Any, seed: int, days: int | None = None,
             record_events: bool = True) -> RunResult:
    """Always raises (a model that cannot run at all)."""
    raise RuntimeError(f"cannot run seed {seed}")
