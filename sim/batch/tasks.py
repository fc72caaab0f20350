"""Tasks and the worker side of a batch: what a task is, how a worker imports the run function
once, and how a task's replications run (a failing one becomes a failed row, not an abort).
Shared by every backend (`sim.batch.executors`) and by paired tasks (`sim.batch.paired`).
"""

from __future__ import annotations

import importlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sim.batch import lifecycle, paired, store

__all__ = ["Task", "TaskResult", "execute_task", "failed_result", "fn_spec", "resolve_run_fn",
           "worker_init"]


@dataclass(frozen=True)
class Task:
    """Several replications of one scenario; becomes one chunk of the store."""

    name: str
    scenario: Any  # sim.config.scenarios.Scenario (picklable)
    reps: tuple[tuple[int, int], ...]  # (replication, seed)
    days: int | None
    run_fn: str
    arms: tuple[Any, ...] = ()  # treatments run paired with `scenario` (sim.batch.paired)
    skip: frozenset[tuple[str, int]] = frozenset()  # (scenario, rep) already stored
    series: bool = False  # also record each run's daily series (RunResult.series)
    timeout: float | None = None  # seconds per run (--run-timeout)


#: (run rows, encounter columns, daily series rows): encounters come column-wise
#: (`store.Columns`), daily series (only with `series`) as rows.
TaskResult = tuple[list[dict[str, Any]], dict[str, list[Any]], list[dict[str, Any]]]


_FN_CACHE: dict[str, Callable[..., Any]] = {}


def resolve_run_fn(spec: str | Callable[..., Any]) -> Callable[..., Any]:
    """Import ``module:function`` once per process (cached)."""
    if callable(spec):
        return spec
    fn = _FN_CACHE.get(spec)
    if fn is None:
        mod, _, attr = spec.partition(":")
        try:
            fn = getattr(importlib.import_module(mod), attr or "run_scenario")
        except (ImportError, AttributeError, ValueError):
            from sim.errors import InputError

            raise InputError("--run-fn", spec, "cannot import it (module:function)") from None
        _FN_CACHE[spec] = fn
    return fn


def fn_spec(run_fn: str | Callable[..., Any]) -> str:
    """A dotted name for a run function, so workers in other processes can import it."""
    if isinstance(run_fn, str):
        return run_fn
    mod = getattr(run_fn, "__module__", None)
    if not mod or mod == "__main__" or "<" in run_fn.__qualname__:
        raise ValueError("the run function must be importable (module:function) for the "
                         "process and dask backends")
    return f"{mod}:{run_fn.__qualname__}"


def worker_init(run_fn: str, parent_pid: int | None = None) -> None:
    """Pay the imports (mesa, the model) once per worker; end with the batch's main process."""
    lifecycle.IN_WORKER = True
    lifecycle.watch_parent(parent_pid)
    import mesa  # noqa: F401

    resolve_run_fn(run_fn)


def execute_task(task: Task, run_fn: Callable[..., Any] | None = None) -> TaskResult:
    """Run a task's replications; a failing replication becomes a failed row, not an abort."""
    if task.arms:
        runs_, encs_ = paired.execute(task, resolve_run_fn(task.run_fn))
        return runs_, encs_, []
    fn = run_fn or resolve_run_fn(task.run_fn)
    name = task.scenario.name
    factors = dict(getattr(task.scenario, "factors", None) or {})  # experiment columns
    runs: list[dict[str, Any]] = []
    encs = store.ColumnBuffer()  # encounter rows column-wise: no dict per encounter row
    series: list[dict[str, Any]] = []
    extra = {"record_series": True} if task.series else {}
    for rep, seed in task.reps:
        rid = store.run_id(name, rep)
        key = {"run_id": rid, "scenario": name, "rep": rep, "seed": seed}
        t0 = time.perf_counter()
        try:
            with lifecycle.time_limit(task.timeout):
                res = fn(task.scenario, seed, days=task.days, record_events=False, **extra)
        except Exception as exc:  # noqa: BLE001 - isolate any failure of one run
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            runs.append({**factors, **key, "status": "failed", "error": tb[:2000],
                         "wall_s": time.perf_counter() - t0})
            continue
        runs.append({**res.summary, **factors, **key, "status": "ok", "error": None,
                     "wall_s": time.perf_counter() - t0})
        n = len(res.encounters)
        encs.extend({"run_id": [rid] * n, "scenario": [name] * n, "rep": [rep] * n,
                     **store.columns_of(res.encounters)}, n)
        series.extend({**d, "run_id": rid, "scenario": name, "rep": rep}
                      for d in getattr(res, "series", None) or ())
    return runs, encs.cols, series


def failed_result(task: Task, error: str) -> TaskResult:
    """Every run of a task that did not come back (a killed worker, a lost task) as failed."""
    factors = dict(getattr(task.scenario, "factors", None) or {})
    rows = [{**factors, "run_id": store.run_id(scen.name, rep), "scenario": scen.name,
             "rep": rep, "seed": seed, "status": "failed", "error": error, "wall_s": None}
            for rep, seed in task.reps for scen in (task.scenario, *task.arms)
            if (scen.name, rep) not in task.skip]
    return rows, {}, []
