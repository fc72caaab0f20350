"""Bounds of a batch's inputs and confinement of the paths derived from them.

Why: a typo (``--days 1000000000``) must be refused in one line naming the option, not allocate
34 GiB; and a scenario name must never decide that output lands outside ``results/``.
"""

from __future__ import annotations

import numbers
from pathlib import Path
from typing import Any

from sim.errors import InputError

#: Upper bounds of a batch's size (a typo must not allocate terabytes): the registry's `days`
#: range, and replications per scenario.
MAX_DAYS = 3650
MAX_REPS = 1_000_000
MAX_SEED = 2**63 - 1


def check_batch_args(reps: int, seed: int, days: int | None, backend: str,
                     run_timeout: float | None,
                     backends: tuple[str, ...] = ("serial", "process", "dask")) -> None:
    """Bounds of run_batch's numbers, as one InputError line naming the option."""
    def bad(val: Any, typ: type) -> bool:  # numpy scalars count as numbers, bools do not
        return isinstance(val, bool) or not isinstance(val, typ)

    if bad(reps, numbers.Integral) or not 1 <= reps <= MAX_REPS:
        raise InputError("--reps", None, f"got {reps!r}; must be an integer in [1, {MAX_REPS}]")
    if bad(seed, numbers.Integral) or not 0 <= seed <= MAX_SEED:
        raise InputError("--seed", None, f"got {seed!r}; must be an integer in [0, 2**63-1]")
    if days is not None and (bad(days, numbers.Integral) or not 1 <= days <= MAX_DAYS):
        raise InputError("--days", None, f"got {days!r}; must be an integer in [1, {MAX_DAYS}]")
    if backend not in backends:
        raise InputError("--backend", None, f"got {backend!r}; allowed: {', '.join(backends)}")
    if run_timeout is not None and (bad(run_timeout, numbers.Real)
                                    or not 0 < run_timeout <= 7 * 86400):
        raise InputError("--run-timeout", None, f"got {run_timeout!r}; must be seconds in "
                         "(0, 604800]")


def confined(root: Path, name: str) -> Path:
    """``root / name``, refused (InputError) unless it stays inside `root` as one plain name.

    Output paths derived from user input (scenario names) must not escape the results directory.
    """
    cand = Path(root) / name
    ok = (name not in ("", ".", "..") and "/" not in name and "\\" not in name
          and "\0" not in name and len(name.encode()) <= 200
          and cand.resolve().parent == Path(root).resolve())
    if not ok:
        raise InputError("output directory", repr(name)[:80], f"must be one plain name inside "
                         f"{root}")
    return cand
