"""Sequential design: add replications to a batch until the main effect's interval is narrow enough.

This is a study procedure (it reads the statistics to decide how much more to run), so it lives
above the batch layer and drives it: same store, same seeds, only more replications.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Any

from sim.batch import store
from sim.batch.runner import run_batch
from sim.errors import InputError
from sim.study.analysis import adequacy


def run_until_ci(scenarios: list[Any], width: float, reps: int, max_reps: int = 10_000,
                 base: str | None = None, **kw: Any) -> tuple[Path, dict[str, Any]]:
    """Add replications (same store, same seeds) until the main effect's CI half-width <= width.

    The main effect is the paired risk difference in P(severe) of each treatment against the
    base (first scenario); with one scenario, the half-width of P(severe) itself. Each round asks
    for the replications the current half-width predicts (n * (h / width)^2, plus 10%), at least
    1.5x the current number and at most `max_reps`. Returns (out, last adequacy record).
    """


    if width <= 0:
        raise InputError("--until-ci", None, f"got {width}; must be a positive number")
    base = base or scenarios[0].name
    n = min(reps, max_reps)
    out = kw.pop("out", None)
    while True:
        out = run_batch(scenarios, n, out=out, base=base, **kw)
        runs = store.read_runs(out)
        runs = runs[runs["rep"] < n]
        ade = adequacy(runs, base, target=width)
        h = ade["halfwidth"]
        sys.stderr.write(f"hotline-sim: {n} replications: main-effect CI half-width "
                         f"{h:.4f} (target {width})\n")
        if not math.isfinite(h) or h <= width or n >= max_reps:
            ade["reached"] = bool(math.isfinite(h) and h <= width)
            ade["reps"] = n
            man = store.read_manifest(out)
            man["until_ci"] = {"target": width, "max_reps": max_reps, **ade}
            store.write_manifest(out, man)
            return out, ade
        need = ade["reps_needed"]
        n = int(min(max_reps, max(math.ceil(1.5 * n), math.ceil(1.1 * need))))
