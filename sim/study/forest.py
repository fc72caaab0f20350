"""The forest plot: every treatment's paired effects against the base, with 95% CIs.

One row per treatment and severity threshold (rung 4+ and rung 5+, named), three panels: the
risk difference and the risk ratio of "an encounter reaches the rung in the run", and the rate
ratio of such incidents per run. The numbers are those of ``effects.csv`` (`analysis.
effect_table`), each written beside its interval. A dotted line marks no effect. An interval
that is unbounded, or runs off a log axis at zero, ends in an arrow at the panel's edge.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from sim.model.escalation import RUNGS
from sim.study.plots import arm_color, pyplot, save

#: Panels: (measure, {rung: outcome key}, x-axis label, log scale, number format).
PANELS = (
    ("risk difference", {4: "severe", 5: "rung5"},
     "risk difference in P(an encounter reaches the rung)", False, "+.3f"),
    ("risk ratio", {4: "severe", 5: "rung5"},
     "risk ratio of P(an encounter reaches the rung)", True, ".2f"),
    ("rate ratio", {4: "peak_ge_4", 5: "peak_ge_5"},
     "rate ratio of incidents per run", True, ".2f"),
)
RUNG_LEVELS = (4, 5)


def _limits(vals: list[float], log: bool, null: float) -> tuple[float, float]:
    v = [x for x in vals if math.isfinite(x) and (x > 0 or not log)] + [null]
    lo, hi = min(v), max(v)
    if log:
        lo, hi = max(lo, 1e-3), min(hi, 1e3)
        span = max(hi / lo, 1.5)
        return lo / span ** 0.08, hi * span ** 0.08
    pad = max(hi - lo, 0.01) * 0.08
    return lo - pad, hi + pad


def _draw(ax: object, rows: pd.DataFrame, ypos: dict[tuple[str, int], float], colors: dict,
          log: bool, fmt: str) -> None:
    vals = [*rows["ci_lo"], *rows["ci_hi"], *rows["estimate"]]
    xmin, xmax = _limits(vals, log, 1.0 if log else 0.0)
    ax.set_xlim(xmin, xmax)
    if log:
        from matplotlib.ticker import LogLocator

        decades = math.log10(xmax / xmin)
        subs = (1.0, 2.0, 5.0) if decades <= 2.5 else (1.0,)
        ax.xaxis.set_major_locator(LogLocator(subs=subs, numticks=12))
    for _, r in rows.iterrows():
        y = ypos[(r["treatment"], r["rung"])]
        col = colors[r["treatment"]]
        lo = r["ci_lo"] if math.isfinite(r["ci_lo"]) and (r["ci_lo"] > 0 or not log) else xmin
        hi = r["ci_hi"] if math.isfinite(r["ci_hi"]) else xmax
        lo, hi = max(lo, xmin), min(hi, xmax)
        ax.plot([lo, hi], [y, y], color=col, lw=2, solid_capstyle="butt")
        if lo <= xmin and (not math.isfinite(r["ci_lo"]) or (log and r["ci_lo"] <= xmin)):
            ax.plot(lo, y, marker="<", color=col, ms=5)
        if hi >= xmax:
            ax.plot(hi, y, marker=">", color=col, ms=5)
        est = r["estimate"]
        if math.isfinite(est) and xmin <= est <= xmax:
            ax.plot(est, y, marker="s" if r["rung"] == 4 else "D", color=col, ms=6,
                    mec="white", mew=0.6)
        text = (f"{est:{fmt}} [{r['ci_lo']:{fmt}}, {r['ci_hi']:{fmt}}]" if math.isfinite(est)
                else "undefined: no event in either arm" if r["ci_hi"] == math.inf
                and r["ci_lo"] == 0 else f"inf [{r['ci_lo']:{fmt}}, inf]")
        ax.annotate(text,
                    (0.5, y - 0.32), xycoords=("axes fraction", "data"), ha="center",
                    fontsize=6.5, color="#333333")


def plot_forest(table: pd.DataFrame, order: list[str], out: Path,
                name: str = "forest") -> list[Path]:
    """Draw the forest plot of `table` (long effect table) into ``out/name.{png,svg}``."""
    plt = pyplot()
    treats = [t for t in order[1:] if t in set(table["treatment"])] or \
        list(pd.unique(table["treatment"]))
    base = table["base"].iloc[0] if not table.empty else (order[0] if order else "base")
    colors = {t: arm_color(order.index(t)) if t in order else "#000000" for t in treats}
    keys = [(t, k) for t in treats for k in RUNG_LEVELS]
    ypos = {key: float(len(keys) - i) for i, key in enumerate(keys)}
    fig, axes = plt.subplots(1, len(PANELS), figsize=(13, 1.0 + 0.62 * max(2, len(keys))),
                             sharey=True)
    for ax, (measure, outcomes, xlabel, log, fmt) in zip(axes, PANELS, strict=True):
        parts = []
        for rung, key in outcomes.items():
            sub = table[(table["measure"] == measure) & (table["outcome"] == key)
                        & table["treatment"].isin(treats)]
            parts.append(sub.assign(rung=rung))
        rows = pd.concat(parts) if parts else pd.DataFrame()
        if log:
            from matplotlib.ticker import FuncFormatter, NullFormatter

            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        ax.axvline(1.0 if log else 0.0, color="k", ls=":", lw=0.9)
        if not rows.empty:
            _draw(ax, rows, ypos, colors, log, fmt)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.set_title(measure, fontsize=10)
        ax.tick_params(axis="x", labelsize=7)
        for i in range(1, len(treats)):
            ax.axhline(len(keys) - 2 * i + 0.5, color="#dddddd", lw=0.6)
    axes[0].set_yticks([ypos[k] for k in keys],
                       [f"{t}\nrung {k}+ ({RUNGS[k]})" for t, k in keys], fontsize=7.5)
    axes[0].set_ylim(0.3, len(keys) + 0.7)
    pairs = int(table["pairs"].min()) if not table.empty else 0
    fig.suptitle(f"Paired effects against {base} (95% CIs, {pairs} replication pairs"
                 f"{' or more' if not table.empty and table['pairs'].nunique() > 1 else ''})",
                 fontsize=11)
    fig.tight_layout()
    return save(fig, out, name)

