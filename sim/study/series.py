"""Daily time series of a batch (``timeseries.parquet``): mean, 5-95% band and the mean's CI.

A batch run with ``--series`` stores, for every run and day, the model's daily record (its
Mesa DataCollector: tension per side, units at sea, open encounters by rung, cumulative
incidents and hotline calls, hours the hotline spent in each state). Each panel here shows, per
scenario, the mean over replications (line), the 5-95% range of the replications (light band:
where single runs go) and the 95% CI of the mean (dark band: how well the mean is known) --
the two bands answer different questions, so both are drawn. Counts use the
overdispersion-scaled exact Poisson interval, levels the t interval (`sim.study.intervals`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.batch import store
from sim.model.escalation import RUNGS
from sim.study.intervals import columns_ci
from sim.study.plots import arm_color, arm_linestyle, pyplot, save

#: (column, axis label, count?) of the panels drawn, when the column is in the store.
PANELS: tuple[tuple[str, str, bool], ...] = (
    ("tension_cn", "tension, China (index; 0.3 baseline)", False),
    ("tension_jp", "tension, Japan (index; 0.3 baseline)", False),
    ("at_sea_cn", "Chinese units at sea", True),
    ("at_sea_jp", "Japanese units at sea", True),
    ("open_encounters", "open encounters", True),
    ("peak_ge_4", f"encounters reaching rung 4 ({RUNGS[4]}) so far", True),
    ("hotline_calls", "hotline calls so far", True),
    ("hotline_h_connected", "hours the hotline was connected, per day", True),
)


def series_bands(ts: pd.DataFrame, column: str, count: bool) -> pd.DataFrame:
    """Per scenario and day: mean, 5% and 95% quantiles over replications, and the mean's CI."""
    rows = []
    for scen, grp in ts.groupby("scenario", sort=False):
        mat = grp.pivot(index="rep", columns="day", values=column).sort_index(axis=1)
        mat = mat.dropna(axis=0)
        if mat.empty:
            continue
        x = mat.to_numpy(dtype=float)
        m, lo, hi = columns_ci(x, counts=count)
        q05, q95 = np.percentile(x, [5, 95], axis=0)
        rows.append(pd.DataFrame({"scenario": scen, "day": mat.columns.to_numpy(),
                                  "n": x.shape[0], "mean": m, "ci_lo": lo, "ci_hi": hi,
                                  "q05": q05, "q95": q95}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def plot_series(out: Path, runs: pd.DataFrame, order: list[str], pdir: Path,
                ts: pd.DataFrame | None = None) -> list[Path]:
    """Draw ``plots/timeseries.{png,svg}``; nothing when the batch recorded no series."""
    if ts is None:
        ts = store.read_timeseries(out, runs)
    if ts.empty:
        return []
    panels = [p for p in PANELS if p[0] in ts.columns]
    ncol = 2
    nrow = -(-len(panels) // ncol)
    plt = pyplot()
    fig, axes = plt.subplots(nrow, ncol, figsize=(12, 2.9 * nrow), squeeze=False,
                             sharex=True)
    for ax, (col, label, count) in zip(axes.flat, panels, strict=False):
        bands = series_bands(ts, col, count)
        for i, scen in enumerate(order):
            b = bands[bands["scenario"] == scen] if not bands.empty else bands
            if b.empty:
                continue
            c, ls = arm_color(i), arm_linestyle(i)
            ax.fill_between(b["day"], b["q05"], b["q95"], color=c, alpha=0.08, lw=0)
            ax.fill_between(b["day"], b["ci_lo"], b["ci_hi"], color=c, alpha=0.35, lw=0)
            ax.plot(b["day"], b["mean"], color=c, ls=ls, lw=1.4,
                    label=f"{scen} (n={int(b['n'].iloc[0])})")
        ax.set_ylabel(label, fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("day")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Daily series: mean (line), 95% CI of the mean (dark band), 5-95% of runs "
                 "(light band)", fontsize=10)
    fig.tight_layout()
    return save(fig, pdir, "timeseries")


def write_summary(out: Path, runs: pd.DataFrame | None = None) -> Path | None:
    """``timeseries_summary.csv``: the bands of every panel column, per scenario and day."""
    ts = store.read_timeseries(out, runs)
    if ts.empty:
        return None
    parts = [series_bands(ts, col, count).assign(column=col)
             for col, _label, count in PANELS if col in ts.columns]
    path = Path(out) / "timeseries_summary.csv"
    pd.concat(parts, ignore_index=True).to_csv(path, index=False, float_format="%.6g")
    return path
