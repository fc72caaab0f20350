"""Scenario discovery that holds up: the PRIM box, checked on fresh runs.

Why: PRIM always returns a box, and a box fitted to one sample describes that sample. The
fitting (EMA Workbench's PRIM on the effect model, with quasi-p-values and a minimum box mass)
is `sim.study.discovery.run_prim`; this module adds the held-out check a careful reader asks
for: a fresh sample (another Latin hypercube, other seeds) is run, and the chosen box's density
on it -- the share of fresh cases inside the box that are of interest -- is compared with the
density outside it, each with a Wilson interval. The box "holds" only if the inside interval
lies entirely above the outside one.

Case definition: ``fewer_rung3`` (the hotline run has fewer rung-3 encounters than its twin);
severe-incident cases are too rare for a box at the sizes this machine can run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study import discovery as disc
from sim.study.analysis import proportion_ci

CASE = "fewer_rung3"
HELD_OUT_SEED = 1000


def inside(x: pd.DataFrame, restr: dict[str, list[float]]) -> np.ndarray:
    """Which rows of `x` fall in the box (restrictions {column: [lo, hi]})."""
    m = np.ones(len(x), dtype=bool)
    for col, (lo, hi) in restr.items():
        m &= ((x[col] >= lo) & (x[col] <= hi)).to_numpy()
    return m


def held_out(box: dict[str, Any], fresh: pd.DataFrame, case: str = CASE) -> dict[str, Any]:
    """Density inside and outside the box on fresh cases, with Wilson intervals."""
    m = inside(fresh, box["restrictions"])
    y = fresh[case].to_numpy(bool)
    din = proportion_ci(int(y[m].sum()), int(m.sum()))
    dout = proportion_ci(int(y[~m].sum()), int((~m).sum()))
    return {"n_in": int(m.sum()), "n_out": int((~m).sum()), "density_in": din,
            "density_out": dout, "holds": bool(m.sum() > 0 and din[1] > dout[2])}


def run_prim(size: dict[str, Any], seed: int, out: Path, **kw: Any) -> dict[str, Any]:
    """Fit on one sample, check the first box on a fresh one (seed + HELD_OUT_SEED)."""
    out.mkdir(parents=True, exist_ok=True)
    kw.pop("command", None)
    table, boxes = disc.run_prim(size, seed, out / "fit", **kw)
    table.to_csv(out / "cases.csv", index=False)
    box = (boxes.get(CASE) or [None])[0]
    rec: dict[str, Any] = {"size": size, "seed": seed, "case": CASE, "cases": len(table),
                           "of_interest": int(table[CASE].sum()), "box": box,
                           "mass_min": disc.MASS_MIN, "qp_max": disc.QP_MAX}
    if box is not None and box["restrictions"]:
        fresh, _ = disc.run_prim(size, seed + HELD_OUT_SEED, out / "heldout", **kw)
        rec["held_out"] = held_out(box, fresh)
    return rec
