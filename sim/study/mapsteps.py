"""What a line would need: the design map's cells compared with each other, pair by pair.

Why: each cell of the design map (`sim.study.designmap`) is a hotline design compared with the
status quo. What a line *would need* is a different question -- what changing one of its
properties changes -- and two cells' intervals against the status quo cannot answer it: they
share the base arm's noise, and overlapping intervals do not mean no difference. Every cell
runs the same seeds (replication ``i`` has the same seed in every scenario of the batch), so
cells are paired with each other as with the base, and the comparison is direct:

* a **step** is the paired difference between two cells that differ in one property -- the row
  value, the column value (each from the weaker design to the stronger: `LOWER_IS_STRONGER`),
  or the panel (the first panel, the reference, against each other one: panels are different
  lines, not an ordered scale);
* an **interaction** is the paired difference of two parallel steps: does a step in one
  property change more where another property is stronger ("does speed matter more for a
  line that is answered")? Per replication it is a difference in differences of four cells.

Each comes with its 95 % interval, its status (`sim.study.outcomes.classify`), its status
under simultaneous intervals (Bonferroni over the steps, or over the interactions, for each
outcome), and -- because the yearly rates are heavy-tailed, a few years in which the two arms
drift into different crises carrying most of a mean -- how many of the most favourable
replications carry it (`carried_by`): removing that many brings the interval to 0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from sim.study import analysis
from sim.study.findings_format import panel_name
from sim.study.findings_format import signed as _num
from sim.study.intervals import mean_diff_paired
from sim.study.outcomes import classify

#: Axes on which a lower value is the stronger line (a step goes from weaker to stronger).
LOWER_IS_STRONGER = frozenset({"hotline_consult_hours", "hotline_trigger_rung",
                               "hotline_answer_wear"})
#: Outcomes of the steps: the yearly probability and the rate that resolves best.
STEP_OUTCOMES = {"rd_severe": "paired risk difference in P(severe)",
                 "diff_severe_hazard": "paired difference in expected severe incidents a year"}
#: Outcome of the interactions and of `carried_by`: a per-replication value (the binary
#: P(severe) has no difference in differences per pair).
RATE = "diff_severe_hazard"
#: Its column in the runs table.
RATE_COLUMN = "severe_hazard"
#: Family-wise level of the simultaneous intervals.
FAMILY_ALPHA = 0.05
#: `carried_by` stops counting here (a fall that needs more is not carried by a few years).
CARRIED_CAP = 100
AXES = ("row", "col", "panel")


#: Where each axis sits in a cell's key (`_key`).
_AT = {"panel": 0, "row": 2, "col": 3}


def _key(c: Any) -> tuple[Any, ...]:
    return (c.panel, c.residual, c.row, c.col)


def _shift(c: Any, axis: str, value: Any, grid: dict[str, Any]) -> Any:
    """The cell with `c`'s coordinates but `value` on `axis` (None where the map has none)."""
    k = list(_key(c))
    k[_AT[axis]] = value
    return grid["at"].get(tuple(k))


def _moves(c: Any, axis: str, grid: dict[str, Any]) -> list[Any]:
    """The cells one step stronger than `c` along `axis` (the panel axis: from the reference
    panel to each other one)."""
    if axis == "panel":
        ends = grid["panels"][1:] if c.panel == grid["panels"][0] else []
    else:
        nxt = _after(grid["rows" if axis == "row" else "cols"], _key(c)[_AT[axis]])
        ends = [] if nxt is None else [nxt]
    return [x for x in (_shift(c, axis, e, grid) for e in ends) if x is not None]


def _after(values: list[Any], v: Any) -> Any:
    """The value after `v` in `values` (None at the end or when `v` is not there)."""
    try:
        i = values.index(v)
    except ValueError:
        return None
    return values[i + 1] if i + 1 < len(values) else None


def _grid(spec: dict[str, Any], cell_list: list[Any]) -> dict[str, Any]:
    rn, cn = spec["rows"]["name"], spec["cols"]["name"]
    return {"at": {_key(c): c for c in cell_list},
            "panels": list(dict.fromkeys(c.panel for c in cell_list)),
            "rows": sorted(spec["rows"]["values"], reverse=rn in LOWER_IS_STRONGER),
            "cols": sorted(spec["cols"]["values"], reverse=cn in LOWER_IS_STRONGER),
            "rn": rn, "cn": cn}


def _pairs(cell_list: list[Any], grid: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    for c in cell_list:
        for axis in AXES:
            for b in _moves(c, axis, grid):
                yield axis, c, b


def _where(c: Any, grid: dict[str, Any], *skip: str) -> str:
    """Where a step is taken: the coordinates of its weaker cell but those along `skip`."""
    parts = {"panel": c.panel, "row": f"{grid['rn']} {c.row:g}", "col": f"{grid['cn']} {c.col:g}"}
    out = [v for a, v in parts.items() if a not in skip]
    if c.residual is not None and not (isinstance(c.residual, float) and math.isnan(c.residual)):
        out.append(f"residual {c.residual:g}")
    return ", ".join(out)


def _ends(axis: str, a: Any, b: Any) -> tuple[Any, Any]:
    return {"row": (a.row, b.row), "col": (a.col, b.col), "panel": (a.panel, b.panel)}[axis]


def rate_matrix(runs: pd.DataFrame) -> pd.DataFrame:
    """Replications x scenarios of the per-run rate (finished runs only)."""
    ok = analysis.ok_runs(runs)
    if RATE_COLUMN not in ok.columns:
        return pd.DataFrame()
    return ok.pivot_table(index="rep", columns="scenario", values=RATE_COLUMN, aggfunc="first")


def carried_by(diff: Any, alpha: float = 0.05, cap: int = CARRIED_CAP) -> int | None:
    """How many of the most favourable paired differences carry a resolved mean: removing
    that many (the most negative first for a fall, the most positive for a rise) brings its
    paired-t interval to 0. None when the interval already covers 0; `cap` when more."""
    d = np.asarray(diff, dtype=float)
    d = d[np.isfinite(d)]
    if d.size < 3:
        return None
    _, lo, hi = mean_diff_paired(np.zeros(d.size), d, alpha)
    if lo <= 0 <= hi:
        return None
    d = np.sort(d) if hi < 0 else -np.sort(-d)
    for k in range(1, min(cap, d.size - 2) + 1):
        _, lo, hi = mean_diff_paired(np.zeros(d.size - k), d[k:], alpha)
        if lo <= 0 <= hi:
            return k
    return cap


def steps(runs: pd.DataFrame, spec: dict[str, Any], cell_list: list[Any]) -> pd.DataFrame:
    """Every step of the map (module docstring): one row per step, with each outcome of
    `STEP_OUTCOMES` and its interval, its simultaneous interval and status, and (the rate)
    how many replications carry it."""
    grid = _grid(spec, cell_list)
    pairs = list(_pairs(cell_list, grid))
    alpha = FAMILY_ALPHA / max(1, len(pairs))
    mat = rate_matrix(runs)
    rows = []
    for axis, a, b in pairs:
        sub = runs[runs["scenario"].isin((a.name, b.name))]
        e = analysis.effects(sub, a.name, [b.name]).iloc[0]
        f = analysis.effects(sub, a.name, [b.name], alpha=alpha).iloc[0]
        lo_end, hi_end = _ends(axis, a, b)
        row: dict[str, Any] = {"axis": axis, "from": a.name, "to": b.name, "a": lo_end,
                               "b": hi_end, "at": _where(a, grid, axis),
                               "residual": a.residual, "pairs": int(e["pairs"])}
        for col in STEP_OUTCOMES:
            est, lo, hi = (e.get(col, math.nan), e.get(f"{col}_lo", math.nan),
                           e.get(f"{col}_hi", math.nan))
            flo, fhi = f.get(f"{col}_lo", math.nan), f.get(f"{col}_hi", math.nan)
            row.update({col: est, f"{col}_lo": lo, f"{col}_hi": hi, f"{col}_fw_lo": flo,
                        f"{col}_fw_hi": fhi, f"{col}_status": classify(est, lo, hi),
                        f"{col}_fw_status": classify(est, flo, fhi)})
        row["carried_by"] = (carried_by(mat[b.name] - mat[a.name])
                             if {a.name, b.name} <= set(mat.columns) else None)
        rows.append(row)
    out = pd.DataFrame(rows)
    return (out.sort_values("axis", key=lambda a: a.map(AXES.index), kind="stable")
            .reset_index(drop=True) if rows else out)


def interactions(runs: pd.DataFrame, spec: dict[str, Any], cell_list: list[Any]
                 ) -> pd.DataFrame:
    """Every interaction of two axes (module docstring): the step along `axis` where `other`
    is one step stronger, minus the same step where it is not -- per replication, from four
    cells -- in the rate (`RATE`). Negative: the step lowers expected severe incidents more
    where the other property is stronger."""
    grid = _grid(spec, cell_list)
    mat = rate_matrix(runs)
    quads = [(u, v, c, tu, tv, tuv) for c in cell_list
             for u, v in itertools.combinations(AXES, 2)
             for tu, tv in itertools.product(_moves(c, u, grid), _moves(c, v, grid))
             if (tuv := _shift(tu, v, _key(tv)[_AT[v]], grid)) is not None]
    alpha = FAMILY_ALPHA / max(1, len(quads))
    rows = []
    for u, v, c, tu, tv, tuv in quads:
        if not {c.name, tu.name, tv.name, tuv.name} <= set(mat.columns):
            continue
        weak, strong = mat[tu.name] - mat[c.name], mat[tuv.name] - mat[tv.name]
        est, lo, hi = mean_diff_paired(weak, strong)
        _, flo, fhi = mean_diff_paired(weak, strong, alpha)
        a_u, b_u = _ends(u, c, tu)
        a_v, b_v = _ends(v, c, tv)
        rows.append({"axis": u, "a": a_u, "b": b_u, "other": v, "other_a": a_v,
                     "other_b": b_v, "at": _where(c, grid, u, v),
                     "pairs": int(np.isfinite(strong - weak).sum()),
                     RATE: est, f"{RATE}_lo": lo, f"{RATE}_hi": hi, f"{RATE}_fw_lo": flo,
                     f"{RATE}_fw_hi": fhi, f"{RATE}_status": classify(est, lo, hi),
                     f"{RATE}_fw_status": classify(est, flo, fhi),
                     "carried_by": carried_by(strong - weak)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- tables
def _axis_text(axis: str, a: Any, b: Any, spec: dict[str, Any]) -> str:
    if axis == "panel":
        return f"{b} (against the first panel)"
    name = spec["rows" if axis == "row" else "cols"]["name"]
    return f"{name} {a:g} -> {b:g}"


def _ci(r: dict[str, Any], col: str) -> str:
    d = 4 if col == RATE else 3
    if not (isinstance(r.get(col), (int, float)) and math.isfinite(r[col])):
        return "n/a"
    return f"{_num(r[col], d)} [{_num(r[f'{col}_lo'], d)}, {_num(r[f'{col}_hi'], d)}]"


def _status(r: dict[str, Any], col: str) -> str:
    return r[f"{col}_status"] + ("*" if r.get(f"{col}_fw_status") == "estimate" else "")


def _carried(r: dict[str, Any]) -> str:
    k = r.get("carried_by")
    if k is None or (isinstance(k, float) and math.isnan(k)):
        return "-"
    return f">= {CARRIED_CAP}" if k >= CARRIED_CAP else str(int(k))


def steps_markdown(st: pd.DataFrame, spec: dict[str, Any]) -> str:
    """The steps as markdown: one row per step, its paired change in each outcome (* = also
    under simultaneous intervals), and the replications that carry the rate's change."""
    head = " | ".join(f"{label} [95% CI] | status" for label in STEP_OUTCOMES.values())
    lines = [f"| step | at | pairs | {head} | carried by |",
             "|---|---|---:|" + "---:|---|" * len(STEP_OUTCOMES) + "---:|"]
    for r in st.to_dict("records"):
        cells = [x for c in STEP_OUTCOMES for x in (_ci(r, c), _status(r, c))]
        lines.append(f"| {_axis_text(r['axis'], r['a'], r['b'], spec)} | {r['at']} | "
                     f"{r['pairs']} | " + " | ".join(cells) + f" | {_carried(r)} |")
    return "\n".join(lines)


def interactions_markdown(it: pd.DataFrame, spec: dict[str, Any]) -> str:
    """The interactions as markdown: the step, where the other property is strengthened, and
    the difference it makes to the step."""
    lines = [f"| step | where | at | pairs | change in the step's {STEP_OUTCOMES[RATE]} "
             "[95% CI] | status | carried by |", "|---|---|---|---:|---:|---|---:|"]
    for r in it.to_dict("records"):
        lines.append(f"| {_axis_text(r['axis'], r['a'], r['b'], spec)} | "
                     f"{_axis_text(r['other'], r['other_a'], r['other_b'], spec)} | {r['at']} "
                     f"| {r['pairs']} | {_ci(r, RATE)} | {_status(r, RATE)} | {_carried(r)} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- figure
def _label(r: dict[str, Any], spec: dict[str, Any], short: bool = True) -> str:
    """A step as a change, 'from -> to' on every axis (the figure's negative = fewer after
    the change)."""
    def one(axis: str, a: Any, b: Any) -> str:
        if axis == "panel":
            return f"{panel_name(a)} -> {panel_name(b)}"
        name = spec["rows" if axis == "row" else "cols"]["name"].removeprefix("hotline_")
        return f"{name} {a:g}->{b:g}"
    text = one(r["axis"], r["a"], r["b"])
    if "other" in r:
        text += " | more where " + one(r["other"], r["other_a"], r["other_b"])
    at = r["at"].replace("hotline_", "")
    for panel in spec.get("_panels", ()):
        at = at.replace(panel, panel_name(panel))
    return f"{text}  @ {at}" if not short else f"{text}\n@ {at}"


def plot_steps(st: pd.DataFrame, it: pd.DataFrame, spec: dict[str, Any], path: Any) -> Any:
    """The steps and interactions in expected severe incidents a year, one row each: the 95 %
    interval thick, the simultaneous one thin, dark where the step resolves and pale where it
    is a screen -- what a line would need, at a glance."""
    from sim.study.plots import OKABE_ITO, pyplot

    rows = [("step", r) for r in st.to_dict("records")] + \
        [("interaction", r) for r in it.to_dict("records")]
    panels = {str(r[k]) for _, r in rows if r["axis"] == "panel" for k in ("a", "b")}
    spec = {**spec, "_panels": sorted(panels, key=len, reverse=True)}
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * len(rows) + 1.4))
    for y, (kind, r) in enumerate(reversed(rows)):
        est = r.get(RATE, math.nan)
        if not (isinstance(est, (int, float)) and math.isfinite(est)):
            continue
        ok = r[f"{RATE}_status"] == "estimate"
        colour = (OKABE_ITO[5] if kind == "step" else OKABE_ITO[4]) if ok else "lightgrey"
        ax.plot([r[f"{RATE}_fw_lo"], r[f"{RATE}_fw_hi"]], [y, y], color=colour, lw=1)
        ax.plot([r[f"{RATE}_lo"], r[f"{RATE}_hi"]], [y, y], color=colour, lw=4,
                solid_capstyle="butt")
        ax.plot([est], [y], "o", color="black" if ok else "grey", ms=4)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(rows)), [_label(r, spec) for _, r in reversed(rows)], fontsize=6)
    ax.set_xlabel("paired difference in expected severe incidents a year (negative = fewer "
                  "after the change)", fontsize=8)
    ax.set_title("What changing one property of a line changes (blue: steps"
                 + ("; vermilion: interactions" if len(it) else "")
                 + ")\nthick: 95% CI; thin: simultaneous (Bonferroni); grey: screen", fontsize=9)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path
