"""The local process-pool backend, with crash isolation: a crashing run fails only itself.

Why: when a worker process dies (a segfault, the OOM killer, ``os._exit``, a run stuck past its
hard time limit), ``ProcessPoolExecutor`` breaks and every task in flight fails with
``BrokenProcessPool``, healthy or not. Here those tasks become *suspects* and are run again one at
a time in a one-worker pool, so the task in flight when that pool breaks is the culprit; a
culprit of several replications is split into single runs, each run alone again, so only the
run that kills its worker is stored as ``failed`` and every other run gets its result. The
extra cost is paid only after a crash.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger("hotline_sim.runner")

CRASH = ("the worker process died while running this run (a crash, a kill, or stuck past "
         "--run-timeout)")


@contextlib.contextmanager
def _pool(make_pool: Callable[[int], ProcessPoolExecutor], n: int
          ) -> Iterator[ProcessPoolExecutor]:
    """A pool that, when the batch is interrupted (Ctrl-C, SIGTERM, an error), ends its workers
    at once instead of waiting for the runs in flight (``shutdown(wait=True)`` would)."""
    ex = make_pool(n)
    try:
        yield ex
    except BaseException:
        for proc in list((getattr(ex, "_processes", None) or {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
        ex.shutdown(wait=False, cancel_futures=True)
        raise
    ex.shutdown(wait=True)


def run_pool(tasks: list[Any], workers: int, *, execute: Callable[[Any], Any],
             make_pool: Callable[[int], ProcessPoolExecutor],
             failed: Callable[[Any, str], Any], split: Callable[[Any], list[Any]]
             ) -> Iterator[tuple[Any, Any]]:
    """Yield (task, result) for every task; at most 2 tasks per worker in flight."""
    todo = deque(tasks)
    while todo:
        suspects = yield from _round(todo, workers, execute, make_pool, failed)
        if suspects:
            log.warning("a worker process died; rerunning %d task(s) one at a time to find "
                        "the run that crashed", len(suspects))
            yield from _isolate(deque(suspects), execute, make_pool, failed, split)


def _round(todo: deque, workers: int, execute: Callable[[Any], Any],
           make_pool: Callable[[int], ProcessPoolExecutor], failed: Callable[[Any, str], Any]
           ) -> Iterator[tuple[Any, Any]]:
    """Run tasks from `todo` until it is empty or the pool breaks; return the tasks in flight."""
    suspects: list[Any] = []
    with _pool(make_pool, workers) as ex:
        pending: dict[Future, Any] = {}
        while todo or pending:
            while todo and len(pending) < 2 * workers and not suspects:
                task = todo.popleft()
                pending[ex.submit(execute, task)] = task
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                task = pending.pop(fut)
                try:
                    res = fut.result()
                except BrokenProcessPool:
                    suspects.append(task)
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                    res = failed(task, f"{type(exc).__name__}: {exc}")
                yield task, res
            if suspects and not pending:
                break
    return suspects


def _isolate(suspects: deque, execute: Callable[[Any], Any],
             make_pool: Callable[[int], ProcessPoolExecutor], failed: Callable[[Any, str], Any],
             split: Callable[[Any], list[Any]]) -> Iterator[tuple[Any, Any]]:
    """Run suspects one at a time; the one in flight when the pool breaks is the culprit."""
    while suspects:
        with _pool(make_pool, 1) as ex:
            while suspects:
                task = suspects.popleft()
                try:
                    res = ex.submit(execute, task).result()
                except BrokenProcessPool:
                    parts = split(task)
                    if len(parts) > 1:
                        suspects.extendleft(reversed(parts))
                    else:
                        yield task, failed(task, CRASH)
                    break  # the pool is broken: a new one for the rest
                except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                    res = failed(task, f"{type(exc).__name__}: {exc}")
                yield task, res
