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
2. Scenario discovery through EMA Workbench (`sim.study.ema.effect_model`): a Latin
   hypercube over every assumption (registry plausible ranges, which are wider for the hotline's
   behaviour than "as agreed") paired one to one with a Latin hypercube over the hotline's
   design (scope switches, trigger rung), run by EMA's evaluators (sequential, multiprocessing,
   or Dask) with replications as seeds, and saved with ``save_results``. Each (experiment,
   replication) is one case; it is "of interest" when the base run had a severe incident and
   its paired hotline run did not (the hotline prevented it). PRIM returns boxes -- ranges of a
   few parameters -- with coverage (share of all preventions inside the box), density (share
   of cases inside the box that are preventions), mass (share of all cases; never below
   ``MASS_MIN``) and each restriction's quasi-p-value; restrictions the data do not support
   (quasi-p > ``QP_MAX``) are dropped, and the peeling trajectory is kept
   (``prim_trajectory.csv``). A secondary case definition, fewer rung-3 encounters with the
   hotline, is less rare and is analysed the same way.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.study.plots import pyplot
from sim.study.sensitivity import BASE, TREAT

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
#: PRIM's minimum box mass (share of all cases a box must hold) and the quasi-p-value above
#: which a restriction is dropped.
MASS_MIN = 0.05
QP_MAX = 0.05


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


def plot_heatmap(table: pd.DataFrame, path: Path, value: str = "rd_severe") -> Path:
    """One panel per scope: the effect (colour) and its CI (text); named hotlines marked."""
    plt = pyplot()
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
def prim_boxes(x: pd.DataFrame, y: np.ndarray, n_boxes: int = 2, min_coverage: float = 0.5,
               mass_min: float = MASS_MIN, qp_max: float = QP_MAX) -> list[dict[str, Any]]:
    """PRIM boxes (ema_workbench) with quasi-p-values and their peeling trajectories.

    On each trajectory the densest box that keeps `min_coverage` is chosen; no box holds
    fewer than `mass_min` of the cases (PRIM stops peeling there). A restriction whose
    quasi-p-value (Bryant & Lempert 2010: one-sided binomial test of the box's density with
    and without the restriction) exceeds `qp_max` on every restricted side is dropped, as a
    restriction the data do not support.
    """
    from ema_workbench.analysis import prim

    logging.getLogger("EMA").setLevel(logging.ERROR)
    if int(y.sum()) == 0:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside ema_workbench
        p = prim.Prim(x, y.astype(int), mass_min=mass_min)
    # An integer input keeps its discrete peel (EMA picks it by x's dtype), but its limits must
    # be floats: pasting writes a quantile such as 2.5 into the box's limits, which pandas 3
    # refuses for an int64 column -- the stage failed on experiments whose box pasted the
    # trigger rung (wave 15). Pandas 2 upcast silently, so the boxes are the same.
    ints = [c for c in p.box_init.columns if pd.api.types.is_integer_dtype(p.box_init[c])]
    if ints:
        p.box_init = p.box_init.astype(dict.fromkeys(ints, float))
    out = []
    for k in range(n_boxes):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = p.find_box()
            if box is None:
                break
            traj = box.peeling_trajectory.copy()
            ok = traj[traj["coverage"] >= min_coverage]
            i = int(ok["density"].idxmax()) if not ok.empty else int(traj["density"].idxmax())
            box.select(i)
            dropped = _drop_unsupported(box, i, qp_max)
        j = len(box.box_lims) - 1 if dropped else i
        restr, qps = _restrictions(box.box_lims[j], p.box_init, box.p_values[j])
        row = box.peeling_trajectory.iloc[j]
        out.append({"box": k + 1, "coverage": float(row["coverage"]),
                    "density": float(row["density"]), "mass": float(row["mass"]),
                    "n_restricted": len(restr), "restrictions": restr, "qp": qps,
                    "dropped": dropped, "selected": i, "base_density": float(y.mean()),
                    "mass_min": mass_min, "trajectory": _trajectory(traj, i)})
        if float(row["density"]) <= float(y.mean()):
            break
    return out


def _drop_unsupported(box: Any, i: int, qp_max: float) -> list[str]:
    """Backward elimination of the restrictions of box `i` the data do not support: drop the
    worst one (the highest quasi-p-value on its best side), recompute, repeat until every
    restriction left has a side with quasi-p <= `qp_max`.

    Why one at a time: each restriction's quasi-p-value is computed within the others, so in a
    box peeled on many noise dimensions a real restriction's test has little power, and
    dropping all failing ones at once (wave 8) can throw a real one out with the noise; a single
    pass could also report a survivor whose quasi-p rose when another was dropped."""
    dropped: list[str] = []
    k = i
    for _ in range(len(box.box_lims[0].columns)):
        lim, init = box.box_lims[k], box.box_lims[0]
        support = {d: min((v for v in q if v >= 0), default=math.inf)
                   for d, q in box.p_values[k].items()
                   if not lim[d].equals(init[d])}  # a dropped one is back at its first limits
        bad = {d: v for d, v in support.items() if v > qp_max}
        if not bad:
            break
        worst = max(bad, key=lambda d: (bad[d], d))
        box.drop_restriction(worst)
        dropped.append(worst)
        k = len(box.box_lims) - 1
    return dropped


def _restrictions(lim: pd.DataFrame, init: pd.DataFrame, qp: dict[str, list[float]]
                  ) -> tuple[dict[str, list[float]], dict[str, list[float | None]]]:
    restr, qps = {}, {}
    for col in lim.columns:
        a, b = lim[col].iloc[0], lim[col].iloc[1]
        if a != init[col].iloc[0] or b != init[col].iloc[1]:
            if isinstance(a, set):  # a nominal input (EMA peels booleans so): the values
                # kept, as the range [lo, hi] every consumer reads (True -> 1.0)
                kept = sorted(float(v) for v in a)
                a, b = kept[0], kept[-1]
            restr[col] = [float(a), float(b)]
            qps[col] = [None if v < 0 else float(v) for v in qp.get(col, [-1.0, -1.0])]
    return restr, qps


def _trajectory(traj: pd.DataFrame, chosen: int) -> list[dict[str, float]]:
    cols = ["coverage", "density", "mass", "res_dim", "n", "k"]
    return [{**{c: float(r[c]) for c in cols}, "id": int(i), "chosen": int(i) == chosen}
            for i, r in traj[cols].iterrows()]


def run_prim(grid: dict[str, Any], seed: int, out: Path, *, backend: str = "serial",
             workers: int | None = None, scheduler: str | None = None,
             run_fn: str | None = None, mass_min: float = MASS_MIN,
             progress: bool | None = None, **_: Any
             ) -> tuple[pd.DataFrame, dict[str, list[dict[str, Any]]]]:
    """The effect model through EMA Workbench (`sim.study.ema`): a Latin hypercube over the
    assumptions and one over the hotline's design, paired one to one; each (experiment,
    replication) is a case; PRIM boxes for each case definition. The experiments are saved
    with EMA's ``save_results`` (``ema_results.tar.gz``)."""
    from sim.study import ema

    experiments, outcomes, model = run_experiments(
        grid, seed, out, backend=backend, workers=workers, scheduler=scheduler, run_fn=run_fn,
        progress=progress)
    table = ema.cases_table(experiments, outcomes, model)
    # All inputs as floats: ema_workbench's pasting of integer columns fails on current pandas
    # (it writes fractional limits into an int64 frame); 0/1 and integer levels peel and paste
    # correctly as reals.
    xdf = table.drop(columns=["experiment", "rep", *ema.CASES]).astype(float)
    boxes = {c: prim_boxes(xdf, table[c].to_numpy(bool), mass_min=mass_min) for c in CASES}
    return table, boxes


def run_experiments(grid: dict[str, Any], seed: int, out: Path, *, backend: str = "serial",
                    workers: int | None = None, scheduler: str | None = None,
                    run_fn: str | None = None, progress: bool | None = None, **_: Any
                    ) -> tuple[pd.DataFrame, dict[str, np.ndarray], Any]:
    """The effect model's experiments, outcomes (arrays of shape (experiments, replications))
    and the model, saved as ``ema_results.tar.gz`` in `out`: what `run_prim` cuts into
    per-replication cases, and what other case definitions (`sim.study.prim_check`) read."""
    from ema_workbench import save_results

    from sim.batch.backends import DEFAULT_RUN_FN
    from sim.study import ema

    model = ema.effect_model(reps=grid["prim_reps"], days=grid["days"], seed=seed,
                             run_fn=run_fn if isinstance(run_fn, str) else DEFAULT_RUN_FN)
    experiments, outcomes = ema.run(model, scenarios=grid["prim_n"], policies=grid["prim_n"],
                                    seed=seed, backend=backend, workers=workers,
                                    scheduler=scheduler, progress=progress)
    out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        save_results((experiments, outcomes), str(out / "ema_results.tar.gz"))
    return experiments, outcomes, model


def format_boxes(boxes: dict[str, list[dict[str, Any]]], table: pd.DataFrame) -> str:
    """PRIM's boxes in words: coverage, density, mass, each restriction with its quasi-p."""
    lines = []
    for case, label in CASES.items():
        k = int(table[case].sum()) if case in table else 0
        lines.append(f"{case} ({label}): {k} of {len(table)} cases")
        if not boxes.get(case):
            lines.append("  no box (too few cases of interest; use --grid full)")
        for b in boxes.get(case, []):
            rs = "; ".join(f"{n} in [{lo:g}, {hi:g}] (qp {_qp(b['qp'].get(n))})"
                           for n, (lo, hi) in b["restrictions"].items()) or "(no restriction)"
            lines.append(f"  box {b['box']}: coverage {b['coverage']:.2f}, density "
                         f"{b['density']:.2f} (all cases {b['base_density']:.2f}), mass "
                         f"{b['mass']:.2f} (min {b['mass_min']:g}): {rs}")
            if b.get("dropped"):
                lines.append(f"    dropped (quasi-p > {QP_MAX}): {', '.join(b['dropped'])}")
            steps = b["trajectory"]
            lines.append(f"    peeling trajectory: {len(steps)} boxes, chosen #{b['selected']}; "
                         + ", ".join(f"#{t['id']} {t['coverage']:.2f}/{t['density']:.2f}/"
                                     f"{t['mass']:.2f}" for t in _thin(steps))
                         + " (coverage/density/mass)")
    return "\n".join(lines)


def _qp(q: list[float | None] | None) -> str:
    vals = [v for v in (q or []) if v is not None]
    return f"{max(vals):.2g}" if vals else "n/a"


def _thin(steps: list[dict[str, Any]], n: int = 6) -> list[dict[str, Any]]:
    """A few steps of a trajectory for the terminal: first, evenly spaced, chosen, last."""
    idx = sorted({0, len(steps) - 1, *np.linspace(0, len(steps) - 1, n).astype(int),
                  *(i for i, t in enumerate(steps) if t["chosen"])})
    return [steps[i] for i in idx]


# --------------------------------------------------------------------------- the pipeline
def run_where(grid_name: str = "small", reps: int | None = None, days: int | None = None,
              seed: int = 1, out: Path | None = None, prim_n: int | None = None,
              mass_min: float = MASS_MIN, **kw: Any) -> dict[str, Any]:
    """Grid + heatmaps + PRIM; writes grid.csv, cases.csv, boxes.json and plots into `out`."""
    if grid_name not in GRIDS:
        raise InputError("--grid", grid_name, f"allowed: {', '.join(GRIDS)}")
    if not 0 < mass_min < 1:
        raise InputError("--min-mass", str(mass_min), "allowed: a share between 0 and 1")
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
    cs, boxes = run_prim(grid, seed, out / "prim", mass_min=mass_min, **kw)
    cs.to_csv(out / "cases.csv", index=False)
    pd.DataFrame([{"case": c, "box": b["box"], **t} for c, bs in boxes.items() for b in bs
                  for t in b["trajectory"]]).to_csv(out / "prim_trajectory.csv", index=False)
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
