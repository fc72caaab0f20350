"""Batch execution: replications of scenarios as tasks, on one of three backends, resumable.

Why it is built this way:

* A *task* is several replications of one scenario, so a worker pays process start-up and
  ``import mesa`` once for many runs, and each finished task becomes one chunk in the store
  (`sim.batch.store`), written by the parent as soon as it arrives: a killed batch loses only the
  tasks in flight, and running it again skips what is stored.
* Replication i of every scenario gets the same seed (`sim.model.streams.replication_seeds`), so the
  arms of a comparison are paired (common random numbers), whatever the backend, the worker
  count or the chunking. The run function is deterministic given (scenario, seed); rows are
  sorted by (scenario, rep) when read back, so results are identical across backends.
* A run that raises is recorded as ``status = "failed"`` with its error; the batch goes on. A run
  that kills its worker process fails only itself (`sim.batch.pool`), a run past ``run_timeout``
  fails (`sim.batch.lifecycle`), and workers end when the batch's main process ends.
* A results directory is locked while a batch writes it (`sim.batch.lock`).
* Tasks and the worker side are `sim.batch.tasks`, the backends `sim.batch.executors`, the
  progress line `sim.batch.progress`.
* The run function is named by a dotted path (``module:function``) so that process and Dask
  workers can import it; the default is the model's ``sim.model:run_scenario``.
"""


from __future__ import annotations

import logging
import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sim.batch import codebook, executors, integrity, paired, store
from sim.batch.backends import BACKENDS, DEFAULT_RUN_FN, backend_for
from sim.batch.executors import connect_dask
from sim.batch.limits import check_batch_args, confined
from sim.batch.lock import locked
from sim.batch.progress import Progress
from sim.batch.tasks import Task, execute_task, fn_spec, resolve_run_fn
from sim.errors import InputError
from sim.model.streams import replication_seeds

# Tasks, backends and progress have their own modules; these names stay importable from here.
__all__ = ["DEFAULT_RUN_FN", "RESULTS_ROOT", "Progress", "Task", "auto_chunk", "confined",
           "connect_dask", "default_out", "execute_task", "plan_tasks", "resolve_run_fn",
           "run_batch"]

RESULTS_ROOT = Path("results")

log = logging.getLogger("hotline_sim.runner")


def default_out(scenarios: list[Any], seed: int, days: int | None, prefix: str = "",
                root: Path | None = None) -> Path:
    """``results/<name>-<timestamp>/``, or the newest unfinished DIR of the same batch.

    Reusing an unfinished DIR is what makes "run the same command again" resume a killed
    batch when no ``--out`` was given.
    """
    root = root or RESULTS_ROOT
    name = prefix + scenarios[0].name + (f"+{len(scenarios) - 1}" if len(scenarios) > 1 else "")
    ident = store.batch_identity(scenarios, seed, days)
    for cand in sorted(root.glob(f"{name}-*"), reverse=True):
        try:
            man = store.read_manifest(cand)
        except InputError:
            continue
        if man.get("identity", {}).get("key") == ident["key"] and not man.get("complete"):
            return cand
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return confined(root, f"{name}-{stamp}")


def plan_tasks(scenarios: list[Any], reps: int, seed: int, days: int | None, run_fn: str,
               done: set[tuple[str, int]], chunk_size: int, session: str,
               series: bool = False) -> list[Task]:
    """Tasks for the runs not yet done, interleaved by replication block across scenarios.

    Interleaving keeps a partial batch paired: the finished reps of every arm overlap.
    """
    seeds = replication_seeds(seed, reps)
    blocks: list[tuple[int, int, list[tuple[int, int]]]] = []
    for si, scen in enumerate(scenarios):
        own = _stream_seeds(seed, reps, scen)
        todo = [(r, (own or seeds)[r]) for r in range(reps) if (scen.name, r) not in done]
        for b in range(0, len(todo), chunk_size):
            part = todo[b:b + chunk_size]
            blocks.append((part[0][0], si, part))
    blocks.sort(key=lambda x: (x[0], x[1]))
    return [Task(f"{session}-{i:06d}", scenarios[si], tuple(part), days, run_fn,
                 series=series)
            for i, (_, si, part) in enumerate(blocks)]


def _stream_seeds(seed: int, reps: int, scen: Any) -> list[int] | None:
    """An unpaired arm (factor ``seed_stream`` > 0, from an experiment with ``paired = false``)
    draws its replication seeds from its own batch seed; the others share the batch's."""
    stream = int((getattr(scen, "factors", None) or {}).get("seed_stream", 0))
    if stream <= 0:
        return None
    import numpy as np

    own = np.random.SeedSequence([int(seed), 0x5EED, stream]).generate_state(1, dtype=np.uint32)
    return replication_seeds(int(own[0]), reps)


def auto_chunk(n_runs: int, workers: int) -> int:
    """Replications per task: enough to amortise overhead, small enough to lose little."""
    return max(1, min(25, math.ceil(n_runs / max(1, workers * 8))))


def run_batch(scenarios: list[Any], reps: int, seed: int = 1, days: int | None = None,  # noqa: C901 - argument checks, then one loop over chunks
              workers: int | None = None, backend: str = "process", out: Path | None = None,
              *, scheduler: str | None = None, run_fn: str | Callable[..., Any] = DEFAULT_RUN_FN,
              chunk_size: int | None = None, base: str | None = None,
              command: list[str] | None = None, progress: bool | None = None,
              compact: bool = True, series: bool = False, run_timeout: float | None = None,
              carried: Iterable[tuple[str, int]] = ()) -> Path:
    """Run `reps` replications of each scenario into the store at `out`; return `out`.

    Resumes a DIR holding the same batch (same scenario files, seed and days) and skips the
    runs already there; refuses a DIR of another batch, or one another batch is writing
    (InputError). Failed runs are stored with their error (``manifest["counts"]["failed"]``);
    they are retried on the next call, as are runs whose stored rows are damaged.
    With `series` each run also records its daily series into ``timeseries.parquet`` (runs
    already stored keep what they had). `carried`: (scenario, rep) of runs the caller already
    holds from elsewhere (`sim.study.carry`: finished on another machine by the same code):
    skipped like stored ones but not stored here, so the store stays incomplete
    (``manifest["complete"]``) and its sessions say how many were carried.
    """
    check_batch_args(reps, seed, days, backend, run_timeout, BACKENDS)
    backend = backend_for(backend, scheduler)
    names = [s.name for s in scenarios]
    if not scenarios:
        raise InputError("batch", None, "no scenario given")
    if len(set(names)) != len(names):
        raise InputError("batch", None, f"a scenario is listed twice: {', '.join(names)}")
    workers = max(1, workers or os.cpu_count() or 1)
    spec = run_fn if backend == "serial" and callable(run_fn) else fn_spec(run_fn)
    out = Path(out) if out is not None else default_out(scenarios, seed, days)
    command = command if command is not None else sys.argv
    client = cluster = None
    if scheduler is not None:  # an unreachable scheduler is bad input: before touching DIR
        client, cluster = connect_dask(scheduler, workers)
    try:
        with locked(out, command):
            return _run_locked(scenarios, reps, seed, days, workers, backend, out, spec,
                               dict(scheduler=scheduler, chunk_size=chunk_size, base=base,
                                    command=command, progress=progress, compact=compact,
                                    series=series, run_timeout=run_timeout, client=client,
                                    carried=frozenset(carried)))
    finally:
        if client is not None and cluster is None:
            client.close()


def _run_locked(scenarios: list[Any], reps: int, seed: int, days: int | None, workers: int,
                backend: str, out: Path, spec: Any, opt: dict[str, Any]) -> Path:
    """run_batch's body, with DIR locked."""
    ident = store.batch_identity(scenarios, seed, days)
    base_man = {"scenarios": [_scen_record(s) for s in scenarios], "seed": int(seed),
                "days": days, "base": opt["base"], "reps": 0,
                "seeds": "replication i uses sim.model.streams.replication_seeds(seed, i + 1)[i]",
                **store.provenance()}
    man = store.check_or_init(out, ident, base_man)
    store.clean_orphans(out)
    integrity.repair(out)
    done = store.done_keys(out) | opt["carried"]
    # unique even for two sessions of one process within a second (part names must not clash)
    session = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-" \
        + uuid.uuid4().hex[:6]
    n_todo = sum(1 for s in scenarios for r in range(reps) if (s.name, r) not in done)
    chunk = opt["chunk_size"] or auto_chunk(n_todo, workers if backend != "serial" else 1)
    base, series = opt["base"], opt["series"]
    if not series and paired.can_pair(scenarios, base, spec, DEFAULT_RUN_FN):
        # all arms of a rep in one task (daily series need every arm simulated: not paired)
        tasks = paired.plan(Task, scenarios, str(base), reps, seed, days, done, chunk, session)
    else:
        tasks = plan_tasks(scenarios, reps, seed, days, spec if isinstance(spec, str) else "",
                           done, chunk, session, series)
    if opt["run_timeout"]:
        tasks = [replace(t, timeout=float(opt["run_timeout"])) for t in tasks]
    sess = {"id": session, "started": store.now_iso(), "ended": None,
            "command": opt["command"], "backend": backend, "workers": workers,
            "scheduler": opt["scheduler"], "reps": reps, "to_run": n_todo, "chunk_size": chunk,
            "series": series, "run_timeout": opt["run_timeout"], "git": store.git_state()}
    if opt["carried"]:
        sess["carried"] = len(opt["carried"])
    man["sessions"].append(sess)
    man["reps"] = max(int(man.get("reps") or 0), reps)
    man["base"] = opt["base"] or man.get("base")
    man["complete"] = False
    store.write_manifest(out, man)
    new_ok, new_failed = _execute(tasks, backend, workers, spec, out, n_todo, opt)
    if opt["compact"]:
        store.compact(out)
    runs = store.read_runs(out, columns=["scenario", "rep", "status"])
    counts = runs["status"].value_counts().to_dict() if not runs.empty else {}
    sess.update(ended=store.now_iso(), done=new_ok, failed=new_failed)
    man["counts"] = {"done": int(counts.get("ok", 0)), "failed": int(counts.get("failed", 0)),
                     "total": int(len(runs))}
    ok_keys = _ok_keys(runs)  # once: a set look-up per run keeps the check linear
    man["complete"] = man["counts"]["failed"] == 0 and all(
        (s.name, r) in ok_keys for s in scenarios for r in range(man["reps"]))
    man["ended"] = sess["ended"]
    store.write_manifest(out, man)
    codebook.write_codebook(out)  # every column's meaning, unit and type, next to the data
    return out


def _execute(tasks: list[Task], backend: str, workers: int, spec: Any, out: Path, n_todo: int,
             opt: dict[str, Any]) -> tuple[int, int]:
    """Run the tasks on the backend, storing each result as it arrives: (ok, failed) counts."""
    client, cluster = opt["client"], None
    if backend == "dask" and client is None and tasks:
        client, cluster = connect_dask(None, workers)
    bar = Progress(n_todo, desc=out.name, enabled=opt["progress"])
    new_ok = new_failed = 0
    try:
        for task, (rows, encs, daily) in executors.stream(tasks, backend, workers, spec, client):
            store.write_chunk(out, task.name, rows, encs, daily)
            nf = sum(r["status"] != "ok" for r in rows)
            new_failed += nf
            new_ok += len(rows) - nf
            bar.update(len(rows), nf)
    finally:
        bar.close()
        if cluster is not None:
            client.close()
            cluster.close()
    return new_ok, new_failed


def _ok_keys(runs: Any) -> set[tuple[str, int]]:
    ok = runs[runs["status"] == "ok"]
    return {(s, int(r)) for s, r in zip(ok["scenario"], ok["rep"], strict=True)}


def _scen_record(scen: Any) -> dict[str, Any]:
    """What replay and provenance need to reload a scenario exactly."""
    return {"name": scen.name, "path": str(Path(scen.path).resolve()) if scen.path else "",
            "sha256": scen.sha256, "overrides": dict(scen.overrides),
            "chain": list(getattr(scen, "chain", ())),
            "files": [list(f) for f in getattr(scen, "files", ())],
            "description": getattr(scen, "description", ""),
            # the resolved values, so a batch says exactly what ran (not only the file's hash)
            "params": dict(getattr(scen, "params", {})),
            "factors": dict(getattr(scen, "factors", None) or {}),
            "events": [dict(e.__dict__) for e in getattr(scen, "events", ())]}
