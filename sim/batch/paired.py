"""Paired tasks: all arms of a comparison's replications in one task (`sim.model.paired`).

With a base scenario and the model's own run function, a task holds a block of replications
and runs, for each, the base arm and every treatment through `sim.model.paired.run_paired`,
which reuses the base arm's result for a treatment whose differing parameters the base run
never read. The rows are exactly those of running every arm alone (only ``wall_s``, a timing,
differs: a reused arm took ~0 s); tests/batch/test_paired.py checks it. Runs already stored are
not written again (resume), though their base arm may be simulated again to decide the others.
"""

from __future__ import annotations

import time
import traceback
from typing import Any

from sim.batch import lifecycle, store
from sim.model.streams import replication_seeds

PAIRED_RUN_FN = "sim.model.paired:run_paired"


def can_pair(scenarios: list[Any], base: str | None, run_fn: Any, default_fn: str) -> bool:
    """Paired tasks need a base among the scenarios, a treatment, the model itself, and arms
    that share the batch's seeds (no experiment arm with its own seed stream)."""
    names = [s.name for s in scenarios]
    return (bool(base) and base in names and len(names) > 1 and run_fn == default_fn
            and not any(_factors(s).get("seed_stream") for s in scenarios))


def _factors(scen: Any) -> dict[str, Any]:
    """An experiment arm's columns (varied values, design point), as `tasks.execute_task`."""
    return dict(getattr(scen, "factors", None) or {})


def plan(task_cls: type, scenarios: list[Any], base: str, reps: int, seed: int,
         days: int | None, done: set[tuple[str, int]], chunk_size: int,
         session: str) -> list[Any]:
    """Tasks of `chunk_size` runs or so: blocks of replications, every arm in each task."""
    seeds = replication_seeds(seed, reps)
    head = next(s for s in scenarios if s.name == base)
    arms = tuple(s for s in scenarios if s.name != base)
    todo = [r for r in range(reps) if any((s.name, r) not in done for s in scenarios)]
    per = max(1, chunk_size // len(scenarios))
    tasks = []
    for b in range(0, len(todo), per):
        block = todo[b:b + per]
        skip = frozenset((s.name, r) for s in scenarios for r in block if (s.name, r) in done)
        tasks.append(task_cls(f"{session}-{len(tasks):06d}", head,
                              tuple((r, seeds[r]) for r in block), days, PAIRED_RUN_FN,
                              arms=arms, skip=skip))
    return tasks


def execute(task: Any, fn: Any) -> tuple[list[dict[str, Any]], store.Columns]:
    """Run a paired task; a failing replication fails every arm of it (they share the base)."""
    runs: list[dict[str, Any]] = []
    encs = store.ColumnBuffer()
    scens = [task.scenario, *task.arms]
    for rep, seed in task.reps:
        t0 = time.perf_counter()
        try:
            limit = getattr(task, "timeout", None)  # --run-timeout, per run of each arm
            with lifecycle.time_limit(limit and limit * len(scens)):
                arms = fn(task.scenario, list(task.arms), seed, days=task.days,
                          record_events=False)
        except Exception as exc:  # noqa: BLE001 - isolate any failure of one replication
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            runs += [{**_factors(s), "run_id": store.run_id(s.name, rep), "scenario": s.name,
                      "rep": rep,
                      "seed": seed, "status": "failed", "error": tb[:2000],
                      "wall_s": time.perf_counter() - t0}
                     for s in scens if (s.name, rep) not in task.skip]
            continue
        for scen, arm in zip(scens, arms, strict=True):
            if (scen.name, rep) in task.skip:
                continue
            rid = store.run_id(scen.name, rep)
            res = arm.result
            runs.append({**res.summary, **_factors(scen), "run_id": rid, "scenario": scen.name,
                         "rep": rep,
                         "seed": seed, "status": "ok", "error": None, "wall_s": arm.seconds})
            n = len(res.encounters)
            encs.extend({"run_id": [rid] * n, "scenario": [scen.name] * n, "rep": [rep] * n,
                         **store.columns_of(res.encounters)}, n)
    return runs, encs.cols
