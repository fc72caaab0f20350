"""The lock of a results directory: one batch writes a DIR at a time.

Why: two batches writing one DIR mix their runs under one manifest (and the same batch started
twice races in the final merge). The lock is an advisory ``flock`` on ``DIR/.lock``, a file that
also holds the holder's pid, command and start time, so a refusal can name who holds it.

The kernel releases a ``flock`` when its holder dies by any signal, so a lock left behind by a
killed batch is *stale* by construction: the file is still there, but nothing holds the lock, and
the next batch takes it over (saying so on stderr). Nothing depends on pid liveness checks, which
pid reuse would fool. ``fcntl`` is POSIX; on other systems the lock degrades to the file alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sim.errors import InputError

LOCK = ".lock"

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def holder(out: Path) -> dict[str, Any]:
    """What the lock file says about its holder (empty if unreadable)."""
    try:
        data = json.loads((Path(out) / LOCK).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _describe(info: dict[str, Any]) -> str:
    cmd = info.get("command")
    cmd = " ".join(map(str, cmd)) if isinstance(cmd, list) else str(cmd or "?")
    if len(cmd) > 120:
        cmd = cmd[:117] + "..."
    return f"pid {info.get('pid', '?')} ({cmd}) since {info.get('since', '?')}"


@contextlib.contextmanager
def locked(out: Path, command: list[str] | None = None) -> Iterator[Path]:
    """Hold the lock of DIR (created if needed) for the body; InputError if another holds it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                who = _describe(holder(out))
                raise InputError(str(out), None, f"in use by another batch, {who}; wait for it "
                                 "to finish or use another --out") from None
        stale = holder(out)
        if stale and stale.get("pid") != os.getpid():
            sys.stderr.write(f"hotline-sim: note: {out}: taking over a stale lock of "
                             f"{_describe(stale)} (that process is gone)\n")
        info = {"pid": os.getpid(), "command": list(command if command is not None else sys.argv),
                "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        try:
            yield out
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # released: an empty lock file is not stale
    finally:
        os.close(fd)  # releases the flock
