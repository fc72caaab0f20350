"""Scenario discovery that holds up: PRIM with quasi-p-values, a minimum mass, a held-out check.

Why: PRIM will always return a box; on 48 cases the published one restricted 11 parameters.
A box is worth reporting only if (1) each restriction is unlikely under chance -- the
quasi-p-value EMA Workbench computes per restricted dimension (a one-sided binomial test of the
density gain from that restriction), kept when < `QP_MAX`; (2) it holds a minimum share of the
cases (`MASS_MIN`), so it is a region, not a handful of lucky runs; (3) on *fresh* runs (a new
Latin hypercube, new seeds) the box's density is still above the density outside it -- the
held-out check, with Wilson intervals for both.

Cases are pairs (design point, replication) of `status_quo_2022` and `hotline_as_agreed` with
the point's values on both arms (`sim.study.discovery`). Case definition: the hotline run has
fewer rung-3 encounters than its pair ("fewer_rung3"; a severe-incident definition is far rarer).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study import discovery as disc
from sim.study.analysis import proportion_ci

QP_MAX = 0.05
MASS_MIN = 0.05
CASE = "fewer_rung3"


def _cases(size: dict[str, int], seed: int, out: Path, **kw: Any) -> pd.DataFrame:
    """LHS points, both arms per point, one row per (point, rep) with the factors' values."""
    from sim.config.scenarios import load_scenario

    facs = disc.prim_factors()
    _, pts = disc.lhs_points(facs, size["prim_n"], seed)
    base, treat = load_scenario(disc.BASE), load_scenario(disc.TREAT)
    runs = disc.run_points(pts, "p", out, size["prim_reps"], size["days"], base, treat,
                           seed=seed, **kw)
    cs = disc.cases(runs, len(pts), "p")
    x = pd.DataFrame([pts[i] for i in cs["point"]]).astype(float)
    return pd.concat([cs.reset_index(drop=True), x.reset_index(drop=True)], axis=1)


def find_box(x: pd.DataFrame, y: np.ndarray, mass_min: float = MASS_MIN,
             qp_max: float = QP_MAX) -> dict[str, Any] | None:
    """The densest box on PRIM's trajectory with mass >= mass_min whose restrictions all have
    quasi-p-values < qp_max (restrictions above it are dropped); None if none."""
    from ema_workbench.analysis import prim

    logging.getLogger("EMA").setLevel(logging.ERROR)
    if int(y.sum()) == 0 or int(y.sum()) == len(y):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = prim.Prim(x, y.astype(int), mass_min=mass_min)
        box = p.find_box()
    traj = box.peeling_trajectory
    order = traj[traj["mass"] >= mass_min].sort_values("density", ascending=False).index
    for i in order:
        lim, qp = box.box_lims[i], box.p_values[i]
        restr = {}
        for col in lim.columns:
            lo, hi = float(lim[col].iloc[0]), float(lim[col].iloc[1])
            if lo == float(p.box_init[col].iloc[0]) and hi == float(p.box_init[col].iloc[1]):
                continue
            q = float(np.nanmin(np.asarray(qp[col], dtype=float))) if col in qp else 1.0
            if q < qp_max:
                restr[col] = {"lo": lo, "hi": hi, "qp": q}
        if restr:
            row = traj.loc[i]
            return {"index": int(i), "coverage": float(row["coverage"]),
                    "density": float(row["density"]), "mass": float(row["mass"]),
                    "restrictions": restr, "base_density": float(y.mean()),
                    "cases": int(len(y)), "of_interest": int(y.sum())}
    return None


def inside(x: pd.DataFrame, restr: dict[str, dict[str, float]]) -> np.ndarray:
    m = np.ones(len(x), dtype=bool)
    for col, r in restr.items():
        m &= (x[col] >= r["lo"]) & (x[col] <= r["hi"])
    return m


def held_out(box: dict[str, Any], fresh: pd.DataFrame, case: str = CASE) -> dict[str, Any]:
    """Density inside and outside the box on fresh cases, with Wilson intervals."""
    m = inside(fresh, box["restrictions"])
    y = fresh[case].to_numpy(bool)
    k_in, n_in = int(y[m].sum()), int(m.sum())
    k_out, n_out = int(y[~m].sum()), int((~m).sum())
    din, dout = proportion_ci(k_in, n_in), proportion_ci(k_out, n_out)
    return {"n_in": n_in, "n_out": n_out, "density_in": din, "density_out": dout,
            "holds": bool(n_in > 0 and din[1] > dout[2])}


def run_prim(size: dict[str, int], seed: int, out: Path, **kw: Any) -> dict[str, Any]:
    """Discovery cases, the box, and its check on a fresh sample (seed + 1000)."""
    out.mkdir(parents=True, exist_ok=True)
    cs = _cases(size, seed, out / "fit", **kw)
    cs.to_csv(out / "cases.csv", index=False)
    facs = [c for c in cs.columns if c not in ("point", "rep", *disc.CASES)]
    box = find_box(cs[facs], cs[CASE].to_numpy(bool))
    rec: dict[str, Any] = {"size": size, "seed": seed, "case": CASE, "cases": len(cs),
                           "of_interest": int(cs[CASE].sum()), "box": box,
                           "mass_min": MASS_MIN, "qp_max": QP_MAX}
    if box is not None:
        fresh = _cases(size, seed + 1000, out / "heldout", **kw)
        rec["held_out"] = held_out(box, fresh)
    return rec
