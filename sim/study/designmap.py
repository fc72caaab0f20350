"""The hotline design map: the paired effect of each hotline design, with the interval it has.

Why: "would a hotline help?" depends on the line's design -- whether it is answered, how fast it
connects, when it is used (the rung that triggers a call; notice of deployments given before
anything happens), what it may be used for (scope) and who it joins (the ministries, or a
theatre-level link that reaches units in minutes) -- and on an unobserved residual systemic
effect (tension shed per connected call), which is shown at 0 and at its plausible maximum.

The map is declared as data (a dict, or a TOML file with the same keys) so that it adapts to
the parameters on main: a panel or residual setting that names a parameter the registry does not
know is skipped and listed in the summary, never silently run as something else.

    rows     = {name = "hotline_answer_prob",   values = [0.3, 0.6, 0.95]}    # heatmap y
    cols     = {name = "hotline_consult_hours", values = [0.25, 2.0, 8.0]}    # heatmap x
    panels   = [{label = "...", set = {hotline_theater_link = true}}, ...]     # one heatmap each
    residual = {name = "hotline_systemic_relief", values = [0.0, "max"]}      # "max": plausible hi

Each cell is the treatment scenario with the cell's values, compared with the base on the same
seeds (paired). Per cell: the paired risk difference in P(severe) (Newcombe), the paired
difference in severe incidents and in rung-3 encounters per run-year (paired t), each with its
half-width and a status (`sim.study.outcomes.classify`): *estimate* only when the interval is
narrower than the effect (it excludes zero on the estimate's side), else *screen*; whether the
half-width meets the target (P(severe): +-0.02) is a separate column, so a precise null is a
screen that meets its target. The heatmap shades screens pale and hatched and prints each
cell's interval, so a reader never takes a screen for a finding. Beside each cell's own 95 %
interval, its status under simultaneous intervals (Bonferroni over the cells, `effects`); and
from the same runs, the cells against each other (`sim.study.mapsteps`: what changing one
property of a line changes, and whether it changes more where another is stronger).

Why few cells: a cell whose interval is wider than any plausible effect tells nothing, and 24
such cells tell nothing 24 times. A design that must fit a shared 2-core machine maps a few
cells (the `session` design in `sim.study.findings`: answer probability x time to connect, 2 x
2) with enough pairs each; the full map (`DEFAULT_MAP`, 24 cells) is for a cluster.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.study import analysis, mapsteps
from sim.study.findings_format import signed as _num
from sim.study.outcomes import classify, meets_target
from sim.study.plots import pyplot

DEFAULT_MAP: dict[str, Any] = {
    "base": "status_quo_2022",
    "treatment": "hotline_as_agreed",
    "rows": {"name": "hotline_answer_prob", "values": [0.3, 0.6, 0.95]},
    "cols": {"name": "hotline_consult_hours", "values": [0.25, 2.0, 8.0]},
    "panels": [
        {"label": "as agreed (call at rung 3, notice 0.5)", "set": {}},
        {"label": "reactive only (no notice)", "set": {"hotline_notice_prob": 0.0}},
        {"label": "notice of every deployment", "set": {"hotline_notice_prob": 1.0}},
        {"label": "call at rung 2", "set": {"hotline_trigger_rung": 2}},
        {"label": "full scope (territorial seas, coast guards)",
         "set": {"hotline_covers_territorial": True, "hotline_covers_coastguard": True}},
        {"label": "theatre-level link", "set": {"hotline_theater_link": True}},
        {"label": "calls reaching the orders behind a signal",
         "set": {"hotline_reaches_orders": 1.0}},
    ],
    "residual": {"name": "hotline_systemic_relief", "values": [0.0, "max"]},
    "target": 0.02,
}
#: Per-cell outcomes: (column in the effects table, label, target key).
CELL_OUTCOMES = {
    "rd_severe": "paired risk difference in P(severe)",
    "diff_peak_ge_4": "paired difference in severe incidents per run-year",
    "diff_peak_ge_3": "paired difference in rung-3 encounters per run-year",
    "diff_severe_hazard": "paired difference in expected severe incidents per run-year "
                          "(conditional Monte Carlo)",
}
#: The family-wise level of the map's simultaneous intervals (Bonferroni over its cells).
FAMILY_ALPHA = mapsteps.FAMILY_ALPHA
#: Digits of a cell's number: the conditional-Monte-Carlo rate resolves differences of 1e-3.
DIGITS = {"diff_severe_hazard": 4}


@dataclasses.dataclass(frozen=True)
class Cell:
    """One hotline design: a panel, a residual setting and a (row, col) point."""

    name: str
    panel: str
    residual: float | None
    row: Any
    col: Any
    overrides: dict[str, Any]


def load_map(spec: dict[str, Any] | str | Path | None = None) -> dict[str, Any]:
    """The map as a dict: the default, a dict, or a TOML file (bad file -> InputError)."""
    if spec is None:
        return dict(DEFAULT_MAP)
    if isinstance(spec, dict):
        return {**DEFAULT_MAP, **spec}
    path = Path(spec)
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), None, f"cannot read the design map: {exc}") from None
    return {**DEFAULT_MAP, **data.get("map", data)}


def _known(name: str) -> bool:
    from sim.config.parameters import PARAMS

    return name in PARAMS


def _residual_values(res: dict[str, Any] | None) -> tuple[str | None, list[float | None]]:
    """The residual parameter and its values ("max" = its plausible maximum)."""
    if not res or not _known(res["name"]):
        return None, [None]
    from sim.config.parameters import PARAMS

    spec = PARAMS[res["name"]]
    hi = spec.plausible[1] if spec.plausible else spec.hi
    return res["name"], [float(hi if v == "max" else v) for v in res["values"]]


def cells(spec: dict[str, Any]) -> tuple[list[Cell], list[str]]:
    """Every cell of the map, and what was skipped (with the reason)."""
    skipped = []
    for axis in ("rows", "cols"):
        if not _known(spec[axis]["name"]):
            raise InputError("design map", spec[axis]["name"],
                             f"{axis} axis: unknown parameter; `hotline-sim params` lists them")
    rname, rvals = _residual_values(spec.get("residual"))
    if spec.get("residual") and rname is None:
        skipped.append(f"residual {spec['residual']['name']}: not a parameter on this model")
    out = []
    for i, panel in enumerate(spec["panels"]):
        unknown = [k for k in panel.get("set", {}) if not _known(k)]
        if unknown:
            skipped.append(f"panel '{panel['label']}': unknown parameter(s) {', '.join(unknown)}")
            continue
        for res, rv, cv in itertools.product(rvals, spec["rows"]["values"],
                                             spec["cols"]["values"]):
            over = {**panel.get("set", {}), spec["rows"]["name"]: rv, spec["cols"]["name"]: cv}
            if rname is not None:
                over[rname] = res
            name = f"map-p{i}-r{'' if res is None else f'{res:g}'}-{rv:g}-{cv:g}"
            out.append(Cell(name, panel["label"], res, rv, cv, over))
    return out, skipped


def scenarios(spec: dict[str, Any], cell_list: list[Cell]) -> list[Any]:
    """The base scenario and one variant of the treatment per cell."""
    from sim.config.scenarios import load_scenario

    base, treat = load_scenario(spec["base"]), load_scenario(spec["treatment"])
    out = [base]
    for c in cell_list:
        s = treat.with_overrides(c.overrides, where="design map")
        out.append(dataclasses.replace(s, name=c.name))
    return out


def effects(runs: pd.DataFrame, spec: dict[str, Any], cell_list: list[Cell]) -> pd.DataFrame:
    """One row per cell: the paired effects with CIs, half-widths and status, and each cell's
    status under simultaneous intervals (``*_fw_*``).

    Why simultaneous intervals: a map reads many cells at once, and at 95 % per cell one in
    twenty cells without any effect still resolves. Bonferroni's intervals (each at
    1 - FAMILY_ALPHA / cells) hold for every cell at once with at least 95 %; conservative, so a
    cell that resolves under them is a finding of the map, not of the number of cells looked
    at."""
    names = [c.name for c in cell_list]
    eff = analysis.effects(runs, spec["base"], names).set_index("treatment")
    fw = analysis.effects(runs, spec["base"], names,
                          alpha=FAMILY_ALPHA / max(1, len(names))).set_index("treatment")
    rows = []
    for c in cell_list:
        r = eff.loc[c.name] if c.name in eff.index else None
        f = fw.loc[c.name] if c.name in fw.index else None
        row: dict[str, Any] = {"cell": c.name, "panel": c.panel, "residual": c.residual,
                               "row": c.row, "col": c.col,
                               "pairs": int(r["pairs"]) if r is not None else 0}
        for col in CELL_OUTCOMES:
            est, lo, hi = ((r[col], r[f"{col}_lo"], r[f"{col}_hi"])
                           if r is not None and col in r else (math.nan,) * 3)
            target = spec.get("target") if col == "rd_severe" else None
            row.update({col: est, f"{col}_lo": lo, f"{col}_hi": hi,
                        f"{col}_hw": (hi - lo) / 2 if math.isfinite(hi - lo) else math.nan,
                        f"{col}_status": classify(est, lo, hi, target),
                        f"{col}_meets_target": meets_target(lo, hi, target)})
            flo, fhi = ((f[f"{col}_lo"], f[f"{col}_hi"]) if f is not None and col in f
                        else (math.nan,) * 2)
            row.update({f"{col}_fw_lo": flo, f"{col}_fw_hi": fhi,
                        f"{col}_fw_status": classify(est, flo, fhi)})
        rows.append(row)
    return pd.DataFrame(rows)


def run_map(spec: dict[str, Any] | str | Path | None, reps: int, out: Path, seed: int = 1,
            days: int | None = None, **kw: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Run every cell (paired with the base) and return the cell table and a summary."""
    from sim.batch import runner, store

    spec = load_map(spec)
    cell_list, skipped = cells(spec)
    scens = scenarios(spec, cell_list)
    runner.run_batch(scens, reps, seed=seed, days=days, out=out, base=spec["base"], **kw)
    runs = store.read_runs(out)
    runs = runs[runs["rep"] < reps]
    table = effects(runs, spec, cell_list)
    st = mapsteps.steps(runs, spec, cell_list)
    it = mapsteps.interactions(runs, spec, cell_list)
    summary = {"base": spec["base"], "treatment": spec["treatment"], "reps": reps,
               "days": days, "seed": seed, "cells": len(cell_list), "skipped": skipped,
               "rows": spec["rows"], "cols": spec["cols"],
               "residual": spec.get("residual"), "target": spec.get("target"),
               "resolved": {c: int((table[f"{c}_status"] == "estimate").sum())
                            for c in CELL_OUTCOMES},
               "family_alpha": FAMILY_ALPHA,
               "resolved_familywise": {c: int((table[f"{c}_fw_status"] == "estimate").sum())
                                       for c in CELL_OUTCOMES},
               "steps": st.to_dict("records"), "interactions": it.to_dict("records"),
               "out": str(out)}
    return table, summary


# --------------------------------------------------------------------------- figures
def plot_map(table: pd.DataFrame, spec: dict[str, Any], path: Path,
             value: str = "rd_severe") -> Path:
    """Heatmaps (panel x residual) of the paired effect: colour = estimate, text = estimate and
    half-width; screens are pale and hatched, estimates solid with a bold number."""
    plt = pyplot()
    panels = list(dict.fromkeys(table["panel"]))
    residuals = list(dict.fromkeys(table["residual"]))
    rows = sorted(table["row"].unique())
    cols = sorted(table["col"].unique())
    vals = table[value].to_numpy(float)
    # the colour scale spans at least the target (or 0.02), so a map of zeros is not blown up
    # into full colour by a scale of 1e-6
    floor = {"rd_severe": float(spec.get("target") or 0.02),
             "diff_severe_hazard": 0.005}.get(value, 0.05)
    vmax = max(float(np.nanmax(np.abs(vals))) if np.isfinite(vals).any() else 0.0, floor)
    height = 3.3 * len(residuals) + 0.8
    fig, axes = plt.subplots(len(residuals), len(panels), squeeze=False,
                             figsize=(3.6 * len(panels) + 1.2, height))
    im = None
    for (ri, res), (pi, panel) in itertools.product(enumerate(residuals), enumerate(panels)):
        ax = axes[ri][pi]
        d = table[(table["panel"] == panel) & (_same(table["residual"], res))]
        mat = np.full((len(rows), len(cols)), np.nan)
        for r in d.itertuples():
            mat[rows.index(r.row), cols.index(r.col)] = getattr(r, value)
        im = ax.imshow(mat, origin="lower", cmap="RdBu_r", vmin=-vmax, vmax=vmax,
                       aspect="auto")
        for r in d.itertuples():
            _cell_mark(ax, cols.index(r.col), rows.index(r.row), getattr(r, value),
                       (getattr(r, f"{value}_lo"), getattr(r, f"{value}_hi")),
                       getattr(r, f"{value}_status"), r.pairs, DIGITS.get(value, 3),
                       getattr(r, f"{value}_fw_status", None) == "estimate")
        ax.set_xticks(range(len(cols)), [f"{c:g}" for c in cols], fontsize=7)
        ax.set_yticks(range(len(rows)), [f"{v:g}" for v in rows], fontsize=7)
        if ri == len(residuals) - 1:
            ax.set_xlabel(spec["cols"]["name"], fontsize=7)
        if pi == 0:
            rl = "" if res is None or (isinstance(res, float) and math.isnan(res)) else \
                f"\nresidual {spec['residual']['name']} = {res:g}"
            ax.set_ylabel(f"{spec['rows']['name']}{rl}", fontsize=7)
        ax.set_title(textwrap.fill(panel, 36), fontsize=8)  # two long titles side by side
    if im is not None:
        label = textwrap.fill(CELL_OUTCOMES.get(value, value), 44)  # long labels: no overlap
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.7, label=label)
    fig.suptitle(f"Hotline designs vs {spec['base']} (paired; negative = fewer; 95% CI and pairs "
                 "in each cell).\nSolid, bold: estimate (CI narrower than the effect); pale, "
                 "hatched: screen (CI wider than the effect);\n* also an estimate under "
                 f"simultaneous intervals (Bonferroni over the {len(table)} cells, family-wise "
                 f"{1 - FAMILY_ALPHA:.0%})", fontsize=9,
                 # above the longest panel title (~0.13 in a line of 8 pt), however it wraps
                 y=1.03 + 0.13 * max(len(textwrap.wrap(str(p), 36)) for p in panels) / height)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def plot_cells(table: pd.DataFrame, spec: dict[str, Any], path: Path,
               value: str = "rd_severe") -> Path:
    """A map of one point per panel (the ``uses`` stage) as one row per cell: a heatmap of one
    square per panel says less than an interval. The 95 % interval thick, the simultaneous one
    (Bonferroni over the cells) thin, dark where the cell resolves and pale where it is a
    screen."""
    from sim.study.plots import OKABE_ITO

    plt = pyplot()
    rows = table.to_dict("records")
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(rows) + 1.4))
    for y, r in enumerate(reversed(rows)):
        est = r.get(value, math.nan)
        if not (isinstance(est, (int, float)) and math.isfinite(est)):
            continue
        ok = r[f"{value}_status"] == "estimate"
        colour = OKABE_ITO[5] if ok else "lightgrey"
        ax.plot([r[f"{value}_fw_lo"], r[f"{value}_fw_hi"]], [y, y], color=colour, lw=1)
        ax.plot([r[f"{value}_lo"], r[f"{value}_hi"]], [y, y], color=colour, lw=4,
                solid_capstyle="butt")
        ax.plot([est], [y], "o", color="black" if ok else "grey", ms=4)
        ax.annotate(f"{_num(est, DIGITS.get(value, 3))}"
                    f"{'*' if r.get(f'{value}_fw_status') == 'estimate' else ''}, n={r['pairs']}",
                    (est, y), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=6, color="black" if ok else "dimgrey")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_ylim(-0.6, len(rows) - 0.3)  # room for the top row's number
    ax.set_yticks(range(len(rows)), [textwrap.fill(str(r["panel"]), 48)
                                     for r in reversed(rows)], fontsize=7)
    ax.set_xlabel(textwrap.fill(CELL_OUTCOMES.get(value, value), 80)
                  + f" against {spec['base']} (negative = fewer)", fontsize=8)
    rn, cn = spec["rows"], spec["cols"]
    ax.set_title(f"Each design against {spec['base']} (paired), at {rn['name']} "
                 f"{rn['values'][0]:g}, {cn['name']} {cn['values'][0]:g}\nthick: 95% CI; thin: "
                 f"simultaneous (Bonferroni over the {len(rows)} cells); * resolves under it; "
                 "grey: screen", fontsize=9)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def one_point(spec: dict[str, Any]) -> bool:
    """A map with one (row, col) point: its panels are its designs (`plot_cells`)."""
    return len(spec["rows"]["values"]) == 1 and len(spec["cols"]["values"]) == 1


def _same(series: pd.Series, value: Any) -> pd.Series:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return series.isna()
    return series == value


def _cell_mark(ax: Any, x: int, y: int, est: float, ci: tuple[float, float], status: str,
               pairs: int, digits: int = 3, familywise: bool = False) -> None:
    """The cell's number, its 95% CI, its pairs and its status (starred when it also resolves
    under the map's simultaneous intervals); screens pale and hatched."""
    from matplotlib.patches import Rectangle

    lo, hi = ci
    if status != "estimate":
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor="white", alpha=0.6,
                               hatch="///", edgecolor="grey", lw=0))
    txt = "n/a" if not math.isfinite(est) else \
        (f"{_num(est, digits)}\n[{_num(lo, digits)}, {_num(hi, digits)}]\n{status}"
         f"{'*' if familywise else ''}, n={pairs}")
    ax.text(x, y, txt, ha="center", va="center", fontsize=7,
            fontweight="bold" if status == "estimate" else "normal",
            color="black" if status == "estimate" else "dimgrey",
            bbox={"facecolor": "white", "alpha": 0.7, "lw": 0, "pad": 1})


def markdown_table(table: pd.DataFrame, value: str = "rd_severe") -> str:
    """The cell table as markdown: estimate [CI], half-width achieved, whether it meets the
    target (where the outcome has one) and the status, per cell."""
    lines = ["| panel | residual | " + " | ".join(("row", "col", "pairs")) +
             f" | {CELL_OUTCOMES[value]} [95% CI] | half-width achieved | meets target | "
             "status | simultaneous |", "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for r in table.itertuples():
        est, lo, hi = getattr(r, value), getattr(r, f"{value}_lo"), getattr(r, f"{value}_hi")
        res = "" if r.residual is None or (isinstance(r.residual, float) and
                                          math.isnan(r.residual)) else f"{r.residual:g}"
        d = DIGITS.get(value, 3)
        ci = "n/a" if not math.isfinite(est) else \
            f"{_num(est, d)} [{_num(lo, d)}, {_num(hi, d)}]"
        met = getattr(r, f"{value}_meets_target", None)
        met_s = "-" if met is None or (isinstance(met, float) and math.isnan(met)) else \
            ("yes" if met else "no")
        fw = getattr(r, f"{value}_fw_status", None)
        lines.append(f"| {r.panel} | {res} | {r.row:g} | {r.col:g} | {r.pairs} | {ci} | "
                     f"{getattr(r, f'{value}_hw'):.{d}f} | {met_s} | "
                     f"{getattr(r, f'{value}_status')} | {fw if isinstance(fw, str) else '-'} |")
    return "\n".join(lines)
