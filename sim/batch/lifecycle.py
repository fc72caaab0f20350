"""Process lifecycle of a batch: workers die with their parent, runs have a time limit.

Why these mechanisms:

* **Workers end when the batch's main process ends, by any signal** (``kill -9`` included, which
  no handler sees). Each worker runs a watch thread that blocks on a *pidfd* of the main process
  (Linux >= 5.3; elsewhere it polls the pid every half second) and ends the worker with
  ``os._exit`` when the main process is gone. A pidfd cannot be fooled by pid reuse, and the
  watch does not depend on who the worker's parent is (with ``forkserver`` it is the fork
  server, not the batch), which is why ``PR_SET_PDEATHSIG`` alone would not do. The fork server
  and the resource tracker end by themselves once the main process and the workers are gone
  (they read pipes that then reach end-of-file).
* **A run has a time limit** (``--run-timeout``): a ``SIGALRM`` timer in the process that runs it
  raises `RunTimeout` inside the run, which becomes that run's ``failed`` row; the worker goes
  on. A run stuck in native code that ignores the signal is ended harder: a watch thread ends
  the worker process after the limit plus a grace period, and the pool's crash isolation
  (`sim.batch.pool`) then marks that run, and only that run, failed.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
import time
from collections.abc import Iterator

#: Extra seconds a run stuck in native code gets before its worker process is ended.
HARD_GRACE_S = 20.0
#: True in a pool worker process (set by the worker initializer): only there may a run stuck
#: in native code end its process.
IN_WORKER = False


class RunTimeout(Exception):
    """A run exceeded ``--run-timeout``."""


def _wait_for_exit(pid: int) -> None:
    """Block until process `pid` has ended."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    except (AttributeError, OSError):  # no pidfd: poll (pid reuse within 0.5 s is improbable)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                pass
            time.sleep(0.5)
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        while not poller.poll():
            pass
    finally:
        os.close(fd)


def watch_parent(pid: int | None) -> None:
    """End this process (exit 137-like, no cleanup) as soon as process `pid` ends."""
    if not pid or pid == os.getpid():
        return

    def _watch() -> None:
        _wait_for_exit(pid)
        os._exit(70)

    threading.Thread(target=_watch, name="hotline-parent-watch", daemon=True).start()


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None, hard: bool | None = None) -> Iterator[None]:
    """Raise `RunTimeout` in the body after `seconds` (main thread only; else no limit).

    With ``hard=True`` (worker processes only) a watch thread also ends the process if the body
    is still running `HARD_GRACE_S` seconds after the limit, e.g. stuck in native code.
    """
    if not seconds or not _can_alarm():
        yield
        return
    hard = IN_WORKER if hard is None else hard

    def _alarm(signum: int, frame: object) -> None:
        raise RunTimeout(f"run exceeded --run-timeout {seconds:g} s")

    done = threading.Event()
    if hard:
        def _backstop() -> None:
            if not done.wait(seconds + HARD_GRACE_S):
                os._exit(71)

        threading.Thread(target=_backstop, daemon=True, name="hotline-run-backstop").start()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        done.set()
