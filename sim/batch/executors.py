"""The three ways to run a batch's tasks, each a stream of (task, result) as they finish: in this
process (serial), a local process pool with crashes isolated (`sim.batch.pool`), or Dask (an
embedded LocalCluster or a running scheduler).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Any

from sim.batch.pool import run_pool
from sim.batch.tasks import (
    Task,
    TaskResult,
    execute_task,
    failed_result,
    resolve_run_fn,
    worker_init,
)
from sim.errors import InputError

__all__ = ["connect_dask", "stream"]


def stream(tasks: list[Task], backend: str, workers: int, spec: Any, client: Any
           ) -> Iterator[tuple[Task, TaskResult]]:
    """The tasks' results on `backend` ("serial", "process" or "dask"), in completion order."""
    if not tasks:
        return iter(())
    if backend == "serial":
        return _serial(tasks, spec)
    if backend == "process":
        return _process(tasks, workers, spec)
    return _dask(tasks, client, spec)


def _serial(tasks: list[Task], run_fn: str | Callable[..., Any]
            ) -> Iterator[tuple[Task, TaskResult]]:
    fn = resolve_run_fn(run_fn)
    for task in tasks:
        yield task, execute_task(task, fn)


def _mp_context() -> mp.context.BaseContext:
    """forkserver where available (cheap, clean workers), else spawn; never set globally."""
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    return mp.get_context(method)


def _split(task: Task) -> list[Task]:
    """One task per replication (to find the run that crashes its worker)."""
    if len(task.reps) <= 1:
        return [task]
    return [replace(task, name=f"{task.name}-r{rep}", reps=((rep, seed),))
            for rep, seed in task.reps]


def _process(tasks: list[Task], workers: int, run_fn: str
             ) -> Iterator[tuple[Task, TaskResult]]:
    """A local process pool, at most 2 tasks per worker in flight, crashes isolated."""
    ctx, parent = _mp_context(), os.getpid()

    def make_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=worker_init,
                                   initargs=(run_fn, parent))

    return run_pool(tasks, workers, execute=execute_task, make_pool=make_pool,
                    failed=failed_result, split=_split)


def connect_dask(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """(client, cluster-or-None): an embedded LocalCluster, or a running scheduler."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a declared dependency
        raise InputError("--backend dask", None, "needs dask[distributed]: "
                         "pip install 'hotline-sim[cluster]'") from None
    if scheduler is not None:
        from sim.batch import netcheck

        netcheck.probe(scheduler)  # bounded connect + handshake: one line if it is not one
        try:
            return Client(scheduler.strip(), timeout="10s"), None
        except Exception as exc:  # noqa: BLE001 - whatever the address did: one line
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"--scheduler {scheduler}", None,
                             f"cannot reach the Dask scheduler ({msg[:160]})") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def _dask(tasks: list[Task], client: Any, run_fn: str) -> Iterator[tuple[Task, TaskResult]]:
    from distributed import as_completed

    try:
        client.run(worker_init, run_fn)
    except Exception as exc:  # noqa: BLE001 - e.g. a remote worker without hotline-sim
        raise InputError("dask workers", None, f"cannot import the model {run_fn} "
                         f"({type(exc).__name__}: {str(exc)[:120]}); install hotline-sim on "
                         "every worker") from None
    futs = {client.submit(execute_task, t, pure=False, key=f"hotline-{t.name}"): t
            for t in tasks}
    for fut in as_completed(list(futs)):
        task = futs.pop(fut)
        try:
            res = fut.result()
        except Exception as exc:  # noqa: BLE001 - a killed worker, a lost task
            res = failed_result(task, f"{type(exc).__name__}: {exc}")
        fut.release()
        yield task, res
