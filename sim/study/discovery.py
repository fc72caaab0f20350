"""Where the hotline matters: an effect map over its levers, then scenario discovery (PRIM).

Why: "does the hotline help?" has no single answer; it depends on whether the call is answered,
how long each side consults before calling, and what the line may be used for. This module
shows the paired effect over a grid of those levers, with the two named hotlines marked, and
then searches the whole uncertainty space for the conditions under which the hotline prevents
severe incidents.

1. Grid: ``hotline_answer_prob`` x ``hotline_consult_hours`` x scope (as agreed; + territorial
   seas; + coast guards; both), each cell a variant of ``hotline_as_agreed`` compared with
   ``status_quo_2022`` on the same seeds (paired risk difference in P(severe) with Newcombe's
   interval, `sim.study.analysis.effects`). ``hotline_as_agreed`` and ``hotline_as_practiced`` run
   as themselves and are marked at their (answer, consult) values. Note that
   ``hotline_as_practiced`` also differs in relays, trigger rung and China's call probability,
   so its marker is its own measured effect, not a grid cell.
2. PRIM (ema_workbench): a Latin hypercube over every assumption (registry plausible ranges,
   which are wider for the hotline's levers than "as agreed") plus the scope switches and the
   trigger rung. Each (design point, replication) pair is one case; it is "of interest" when the
   base run had a severe incident and its paired hotline run did not (the hotline prevented
   it). PRIM returns boxes -- ranges of a few parameters -- with coverage (share of all
   preventions inside the box) and density (share of cases inside the box that are
   preventions). A secondary case definition, fewer rung-3 encounters with the hotline, is less
   rare and is analysed the same way.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.study.sensitivity import BASE, TREAT, Factor, factors, paired_outcomes, run_points, values

PRACTICED = "hotline_as_practiced"
SCOPES: dict[str, dict[str, bool]] = {
    "agreed": {"hotline_covers_territorial": False, "hotline_covers_coastguard": False},
    "territorial": {"hotline_covers_territorial": True, "hotline_covers_coastguard": False},
    "coastguard": {"hotline_covers_territorial": False, "hotline_covers_coastguard": True},
    "both": {"hotline_covers_territorial": True, "hotline_covers_coastguard": True},
}
GRIDS: dict[str, dict[str, Any]] = {
    "tiny": {"answer": (0.25, 0.95), "consult": (0.5, 4.0), "scopes": ("agreed",),
             "reps": 1, "days": 10, "prim_n": 12, "prim_reps": 1},
    "small": {"answer": (0.0, 0.25, 0.6, 0.95), "consult": (0.5, 2.0, 4.0),
              "scopes": ("agreed", "both"), "reps": 3, "days": 90, "prim_n": 24,
              "prim_reps": 2},
    "full": {"answer": (0.0, 0.1, 0.25, 0.4, 0.6, 0.8, 0.95, 1.0),
             "consult": (0.1, 0.5, 1.0, 2.0, 4.0, 8.0), "scopes": tuple(SCOPES),
             "reps": 300, "days": 365, "prim_n": 400, "prim_reps": 10},
}
CASES = {"prevented_severe": "base run severe, paired hotline run not",
         "fewer_rung3": "fewer encounters reaching rung 3 with the hotline"}


def cell_name(answer: float, consult: float, scope: str) -> str:
    return f"g-{scope}-a{answer:g}-c{consult:g}"


# --------------------------------------------------------------------------- the grid
def run_grid(grid: dict[str, Any], seed: int, out: Path, **kw: Any) -> pd.DataFrame:
    """The paired effect in every cell of the grid, and for the two named hotlines."""
    from sim.batch import runner, store
    from sim.config.scenarios import load_scenario
    from sim.study import analysis

    base, treat = load_scenario(BASE), load_scenario(TREAT)
    scens = [base]
    cells = []
    for scope in grid["scopes"]:
        for a in grid["answer"]:
            for c in grid["consult"]:
                over = {"hotline_answer_prob": a, "hotline_consult_hours": c, **SCOPES[scope]}
                s = treat.with_overrides(over, where="where grid")
                scens.append(dataclasses.replace(s, name=cell_name(a, c, scope)))
                cells.append({"treatment": cell_name(a, c, scope), "scope": scope,
                              "answer": a, "consult": c})
    scens += [treat, load_scenario(PRACTICED)]
    for name in (TREAT, PRACTICED):
        s = scens[-2] if name == TREAT else scens[-1]
        cells.append({"treatment": name, "scope": "named",
                      "answer": s.params["hotline_answer_prob"],
                      "consult": s.params["hotline_consult_hours"]})
    runner.run_batch(scens, grid["reps"], seed=seed, days=grid["days"], out=out, base=BASE, **kw)
    runs = store.read_runs(out)
    runs = runs[runs["rep"] < grid["reps"]]
    eff = analysis.effects(runs, BASE, [c["treatment"] for c in cells])
    keep = ["treatment", "pairs", "p_severe_base", "p_severe_treat", "rd_severe", "rd_severe_lo",
            "rd_severe_hi", "diff_peak_ge_3", "diff_peak_ge_3_lo", "diff_peak_ge_3_hi",
            "diff_hotline_calls", "diff_hotline_answered"]
    eff = eff[[k for k in keep if k in eff.columns]]
    return pd.DataFrame(cells).merge(eff, on="treatment", how="left")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_heatmap(table: pd.DataFrame, path: Path, value: str = "rd_severe") -> Path:
    """One panel per scope: the effect (colour) and its CI (text); named hotlines marked."""
    plt = _pyplot()
    grid = table[table["scope"] != "named"]
    named = table[table["scope"] == "named"]
    scopes = list(dict.fromkeys(grid["scope"]))
    answers = sorted(grid["answer"].unique())
    consults = sorted(grid["consult"].unique())
    vmax = max(float(np.nanmax(np.abs(table[value].to_numpy(float)))) if len(table) else 0,
               1e-6)
    fig, axes = plt.subplots(1, len(scopes), figsize=(4.2 * len(scopes) + 1, 4.2),
                             squeeze=False)
    im = None
    for ax, scope in zip(axes[0], scopes, strict=True):
        d = grid[grid["scope"] == scope]
        mat = np.full((len(answers), len(consults)), np.nan)
        for r in d.itertuples():
            mat[answers.index(r.answer), consults.index(r.consult)] = getattr(r, value)
        im = ax.imshow(mat, origin="lower", cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto")
        for r in d.itertuples():
            i, j = answers.index(r.answer), consults.index(r.consult)
            lo, hi = getattr(r, f"{value}_lo", math.nan), getattr(r, f"{value}_hi", math.nan)
            ax.text(j, i, f"{getattr(r, value):+.3f}\n[{lo:+.2f}, {hi:+.2f}]", ha="center",
                    va="center", fontsize=6)
        ax.set_xticks(range(len(consults)), [f"{c:g}" for c in consults])
        ax.set_yticks(range(len(answers)), [f"{a:g}" for a in answers])
        ax.set_xlabel("hotline_consult_hours (mean consultation before a call, h)")
        ax.set_ylabel("hotline_answer_prob (at baseline tension)")
        ax.set_title(f"scope: {scope}", fontsize=9)
        if scope == "agreed":
            for r in named.itertuples():
                x = np.interp(r.consult, consults, range(len(consults)))
                y = np.interp(r.answer, answers, range(len(answers)))
                mark = "*" if r.treatment == TREAT else "X"
                ax.scatter([x], [y], marker=mark, s=160, facecolor="none" if mark == "*" else
                           "black", edgecolor="black")
                ax.annotate(f"{r.treatment}\n{getattr(r, value):+.3f}", (x, y), fontsize=7,
                            xytext=(6, -14), textcoords="offset points")
    if im is not None:
        fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8,
                     label="paired risk difference in P(severe)" if value == "rd_severe"
                     else "paired difference in rung-3 encounters")
    fig.suptitle(f"Where the hotline matters: {TREAT} variants vs {BASE} (negative = fewer)")
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


# --------------------------------------------------------------------------- PRIM
def prim_factors() -> list[Factor]:
    """The uncertain inputs of scenario discovery: every assumption at its registry range,
    plus the scope switches and the trigger rung (the levers a negotiator could move)."""
    from sim.config.scenarios import load_scenario

    facs = factors(load_scenario(BASE), load_scenario(TREAT), registry_ranges=True)
    names = {f.name for f in facs}
    extra = [Factor("hotline_covers_territorial", 0, 1, "bool", "lever (scope, facts s2)"),
             Factor("hotline_covers_coastguard", 0, 1, "bool", "lever (scope, facts s2)"),
             Factor("hotline_trigger_rung", 2, 4, "int", "lever (assumption 2-4)")]
    return facs + [f for f in extra if f.name not in names]


def lhs_points(facs: list[Factor], n: int, seed: int) -> tuple[np.ndarray, list[dict]]:
    """A Latin hypercube over the factors' ranges (bools and ints rounded)."""
    from scipy.stats import qmc

    u = qmc.LatinHypercube(d=len(facs), seed=seed).random(n)
    lo = np.array([f.lo for f in facs])
    hi = np.array([f.hi for f in facs])
    x = lo + u * (hi - lo)
    pts = [values(facs, row) for row in x]
    return x, pts


def cases(runs: pd.DataFrame, n_points: int, prefix: str) -> pd.DataFrame:
    """One row per (point, rep) pair with the two case definitions."""
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    rows = []
    for i in range(n_points):
        b = runs[runs["scenario"] == f"{prefix}{i:05d}-base"].set_index("rep")
        t = runs[runs["scenario"] == f"{prefix}{i:05d}-treat"].set_index("rep")
        for rep in b.index.intersection(t.index):
            bs, ts = float(b.at[rep, "peak_ge_4"]) > 0, float(t.at[rep, "peak_ge_4"]) > 0
            rows.append({"point": i, "rep": int(rep), "prevented_severe": bool(bs and not ts),
                         "fewer_rung3": bool(float(t.at[rep, "peak_ge_3"])
                                             < float(b.at[rep, "peak_ge_3"]))})
    return pd.DataFrame(rows)


def prim_boxes(x: pd.DataFrame, y: np.ndarray, n_boxes: int = 2,
               min_coverage: float = 0.5) -> list[dict[str, Any]]:
    """PRIM boxes: on each peeling trajectory, the densest box keeping `min_coverage`."""
    import logging
    import warnings

    from ema_workbench.analysis import prim

    logging.getLogger("EMA").setLevel(logging.ERROR)
    if int(y.sum()) == 0:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside ema_workbench
        p = prim.Prim(x, y.astype(int), mass_min=0.05)
    out = []
    for k in range(n_boxes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = p.find_box()
        if box is None:
            break
        traj = box.peeling_trajectory
        ok = traj[traj["coverage"] >= min_coverage]
        i = int(ok["density"].idxmax()) if not ok.empty else int(traj["density"].idxmax())
        box.select(i)
        lim = box.box_lims[i]
        init = p.box_init
        restr = {}
        for col in lim.columns:
            a, b = lim[col].iloc[0], lim[col].iloc[1]
            if a != init[col].iloc[0] or b != init[col].iloc[1]:
                restr[col] = [float(a), float(b)]
        row = traj.iloc[i]
        out.append({"box": k + 1, "coverage": float(row["coverage"]),
                    "density": float(row["density"]), "mass": float(row["mass"]),
                    "n_restricted": len(restr), "restrictions": restr,
                    "base_density": float(y.mean())})
        if float(row["density"]) <= float(y.mean()):
            break
    return out


def run_prim(grid: dict[str, Any], seed: int, out: Path, **kw: Any
             ) -> tuple[pd.DataFrame, dict[str, list[dict[str, Any]]]]:
    """Latin hypercube runs, cases, and PRIM boxes for each case definition."""
    from sim.config.scenarios import load_scenario

    facs = prim_factors()
    x, pts = lhs_points(facs, grid["prim_n"], seed)
    base, treat = load_scenario(BASE), load_scenario(TREAT)
    runs = run_points(pts, "p", out, grid["prim_reps"], grid["days"], base, treat, seed=seed,
                      **kw)
    cs = cases(runs, len(pts), "p")
    xdf = pd.DataFrame([pts[i] for i in cs["point"]])
    # All columns as floats: ema_workbench's pasting of integer columns fails on current
    # pandas (it writes fractional limits into an int64 frame); 0/1 and integer levels peel
    # and paste correctly as reals.
    xdf = xdf.astype(float)
    boxes = {c: prim_boxes(xdf, cs[c].to_numpy(bool)) for c in CASES}
    table = pd.concat([cs.reset_index(drop=True), xdf.reset_index(drop=True)], axis=1)
    po = paired_outcomes(runs, len(pts), "p")
    table.attrs["points"] = po
    return table, boxes


def format_boxes(boxes: dict[str, list[dict[str, Any]]], table: pd.DataFrame) -> str:
    lines = []
    for case, label in CASES.items():
        k = int(table[case].sum()) if case in table else 0
        lines.append(f"{case} ({label}): {k} of {len(table)} pairs")
        if not boxes.get(case):
            lines.append("  no box (too few cases of interest; use --grid full)")
        for b in boxes.get(case, []):
            rs = "; ".join(f"{n} in [{lo:g}, {hi:g}]" for n, (lo, hi) in
                           b["restrictions"].items()) or "(no restriction)"
            lines.append(f"  box {b['box']}: coverage {b['coverage']:.2f}, density "
                         f"{b['density']:.2f} (all cases {b['base_density']:.2f}), mass "
                         f"{b['mass']:.2f}: {rs}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the pipeline
def run_where(grid_name: str = "small", reps: int | None = None, days: int | None = None,
              seed: int = 1, out: Path | None = None, prim_n: int | None = None,
              **kw: Any) -> dict[str, Any]:
    """Grid + heatmaps + PRIM; writes grid.csv, cases.csv, boxes.json and plots into `out`."""
    if grid_name not in GRIDS:
        raise InputError("--grid", grid_name, f"allowed: {', '.join(GRIDS)}")
    grid = dict(GRIDS[grid_name])
    if reps is not None:
        grid["reps"] = reps
    if days is not None:
        grid["days"] = days
    if prim_n is not None:
        grid["prim_n"] = prim_n
    out = Path(out) if out else Path("results") / f"where-{grid_name}-" \
        f"{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    table = run_grid(grid, seed, out / "grid", **kw)
    table.to_csv(out / "grid.csv", index=False)
    plots = [plot_heatmap(table, out / "where_heatmap.png"),
             plot_heatmap(table, out / "where_heatmap_rung3.png", value="diff_peak_ge_3")]
    cs, boxes = run_prim(grid, seed, out / "prim", **kw)
    cs.to_csv(out / "cases.csv", index=False)
    (out / "boxes.json").write_text(json.dumps(boxes, indent=2) + "\n")
    summary = {"grid": grid_name, "size": grid, "seed": seed, "base": BASE, "treatment": TREAT,
               "cells": int((table["scope"] != "named").sum()),
               "named": table[table["scope"] == "named"].to_dict("records"),
               "prim_pairs": int(len(cs)),
               "cases": {c: int(cs[c].sum()) for c in CASES if c in cs},
               "boxes": boxes, "plots": [str(p) for p in plots], "out": str(out),
               "wall_s": round(time.monotonic() - t0, 1)}
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=float) + "\n")
    return summary
