"""Distribution plots of a batch, drawn from the store into ``DIR/plots/`` as PNG and SVG.

Everything is read back from the store (never from memory of the run), so ``hotline-sim plot
DIR`` redraws exactly what a batch drew. Matplotlib's Agg backend is used without touching the
global backend choice of a caller who already has one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.batch import store
from sim.model.results import MAX_RUNG
from sim.study import analysis

COLORS = ("#444444", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def _pyplot() -> Any:
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "svg", "pdf"):
        matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def scenario_order(runs: pd.DataFrame, manifest: dict[str, Any], base: str | None) -> list[str]:
    """Scenarios in batch order, base first: the same order in every plot and table."""
    names = [s["name"] for s in manifest.get("scenarios", [])] or list(pd.unique(runs["scenario"]))
    names = [n for n in names if n in set(runs["scenario"])]
    if base in names:
        names.remove(base)
        names.insert(0, base)
    return names


def _save(fig: Any, out: Path, name: str) -> list[Path]:
    paths = []
    for ext in ("png", "svg"):
        p = out / f"{name}.{ext}"
        tmp = out / f".{name}.tmp.{ext}"
        fig.savefig(tmp, dpi=110, bbox_inches="tight", format=ext,
                    metadata={"Date": None} if ext == "svg" else None)
        tmp.replace(p)
        paths.append(p)
    _pyplot().close(fig)
    return paths


def plot_peak_rungs(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Mean encounters per run by peak rung, per scenario (log scale: high rungs are rare)."""
    plt = _pyplot()
    dist = analysis.peak_rung_distribution(runs)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    width = 0.8 / max(1, len(order))
    for i, scen in enumerate(order):
        d = dist[dist["scenario"] == scen].sort_values("rung")
        ax.bar(d["rung"] + (i - (len(order) - 1) / 2) * width, d["mean_per_run"], width,
               label=scen, color=COLORS[i % len(COLORS)])
    ax.set_yscale("symlog", linthresh=0.1)
    ax.set_xticks(range(MAX_RUNG + 1))
    ax.set_xlabel("peak rung of the encounter")
    ax.set_ylabel("encounters per run (mean)")
    ax.set_title("Peak-rung distribution by scenario")
    ax.legend(fontsize=8)
    return _save(fig, out, "peak_rungs")


def plot_severe_ecdf(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """ECDF of severe incidents (encounters reaching rung 4) per run, per scenario."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, scen in enumerate(order):
        x = np.sort(runs.loc[runs["scenario"] == scen, "peak_ge_4"].to_numpy(dtype=float))
        if x.size:
            ax.step(np.concatenate([[0], x]), np.arange(x.size + 1) / x.size, where="post",
                    label=f"{scen} (n={x.size})", color=COLORS[i % len(COLORS)])
    ax.set_xlabel("severe incidents per run (encounters reaching rung 4)")
    ax.set_ylabel("share of runs with at most x")
    ax.set_title("Severe incidents per run")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    return _save(fig, out, "severe_counts")


def plot_paired_diff(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Distribution of paired differences (treatment - base) in severe incidents, with CI."""
    plt = _pyplot()
    base, treats = order[0], order[1:]
    fig, axes = plt.subplots(1, max(1, len(treats)), figsize=(5 * max(1, len(treats)), 3.8),
                             squeeze=False)
    for ax, (i, t) in zip(axes[0], enumerate(treats), strict=False):
        pr = analysis.pair(runs, base, t)
        d = (pr["peak_ge_4_treat"].astype(float) - pr["peak_ge_4_base"].astype(float)).to_numpy()
        if d.size == 0:
            continue
        lo_edge, hi_edge = int(np.floor(d.min())), int(np.ceil(d.max()))
        bins = np.arange(lo_edge - 0.5, hi_edge + 1.5, 1.0)
        ax.hist(d, bins=bins, color=COLORS[(i + 1) % len(COLORS)], alpha=0.8)
        m, lo, hi = analysis.mean_diff_paired(pr["peak_ge_4_base"], pr["peak_ge_4_treat"])
        ax.axvspan(lo, hi, color="k", alpha=0.15, label=f"95% CI [{lo:+.2f}, {hi:+.2f}]")
        ax.axvline(m, color="k", lw=1.5, label=f"mean {m:+.2f}")
        ax.axvline(0, color="k", lw=0.8, ls=":")
        x = pr["peak_ge_4_base"].astype(float) > 0
        y = pr["peak_ge_4_treat"].astype(float) > 0
        rd, rlo, rhi = analysis.risk_difference_paired(x, y)
        ax.set_title(f"{t} - {base}\nP(severe) diff {rd:+.3f} [{rlo:+.3f}, {rhi:+.3f}]",
                     fontsize=9)
        ax.set_xlabel("paired difference in severe incidents per run")
        ax.set_ylabel("runs")
        ax.legend(fontsize=7)
    if not treats:
        axes[0][0].text(0.5, 0.5, "one scenario: no paired difference", ha="center",
                        transform=axes[0][0].transAxes)
    return _save(fig, out, "paired_difference")


def plot_cumulative(runs: pd.DataFrame, enc: pd.DataFrame, order: list[str], days: int,
                    out: Path) -> list[Path]:
    """Cumulative severe incidents over the horizon: median and 5-95% envelope per scenario."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 4.2))
    grid = np.arange(days + 1)
    tcol = "peak_h" if "peak_h" in enc.columns else "start_h"
    for i, scen in enumerate(order):
        ids = runs.loc[runs["scenario"] == scen, "run_id"].to_numpy()
        if ids.size == 0:
            continue
        e = enc[(enc["scenario"] == scen)] if not enc.empty else enc
        pos = {rid: k for k, rid in enumerate(ids)}
        mat = np.zeros((ids.size, days + 1))
        if not e.empty:
            rows = e["run_id"].map(pos).to_numpy()
            ok = ~pd.isna(rows)
            day = np.clip(np.floor(e[tcol].to_numpy(dtype=float)[ok] / 24).astype(int), 0, days)
            np.add.at(mat, (rows[ok].astype(int), day), 1)
        cum = np.cumsum(mat, axis=1)
        q05, q50, q95 = np.percentile(cum, [5, 50, 95], axis=0)
        col = COLORS[i % len(COLORS)]
        ax.fill_between(grid, q05, q95, color=col, alpha=0.18, lw=0)
        ax.plot(grid, q50, color=col, label=f"{scen} (median, 5-95%)")
        ax.plot(grid, cum.mean(axis=0), color=col, ls="--", lw=0.8)
    ax.set_xlabel("day")
    ax.set_ylabel("severe incidents so far")
    ax.set_title("Cumulative severe incidents over the run (dashed: mean)")
    ax.legend(fontsize=8)
    return _save(fig, out, "cumulative_severe")


def plot_hotline(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Hotline calls attempted, answered and effective per run (mean with 95% CI)."""
    plt = _pyplot()
    cols = [("hotline_calls", "attempted"), ("hotline_answered", "answered"),
            ("hotline_effective", "effective")]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(cols)
    x = np.arange(len(order))
    for j, (col, label) in enumerate(cols):
        if col not in runs.columns:
            continue
        stats = [analysis.mean_ci(runs.loc[runs["scenario"] == s, col]) for s in order]
        m = np.array([s[0] for s in stats])
        err = np.array([[s[0] - s[1] for s in stats], [s[2] - s[0] for s in stats]])
        ax.bar(x + (j - 1) * width, m, width, yerr=err, capsize=3, label=label,
               color=("#9ecae1", "#3182bd", "#08519c")[j])
    ax.set_xticks(x, order, rotation=15, fontsize=8)
    ax.set_ylabel("calls per run (mean, 95% CI)")
    ax.set_title("Hotline calls")
    ax.legend(fontsize=8)
    return _save(fig, out, "hotline_calls")


def write_plots(out: Path | str, base: str | None = None, runs: pd.DataFrame | None = None,
                enc: pd.DataFrame | None = None, manifest: dict[str, Any] | None = None
                ) -> list[Path]:
    """Draw all plots of the batch in `out` into ``out/plots/``; return the files written."""
    out = Path(out)
    if manifest is None:
        manifest = store.read_manifest(out)
    if runs is None:
        runs = store.read_runs(out)
    runs = analysis.ok_runs(runs)
    if runs.empty:
        from sim.errors import InputError

        raise InputError(str(out), None, "no finished runs to plot")
    if enc is None:
        enc = store.read_encounters(out, runs, columns=["peak_rung", "peak_h", "start_h"],
                                    filters=[("peak_rung", ">=", 4)])
    elif not enc.empty:
        enc = enc[enc["peak_rung"] >= 4]
    base = base or manifest.get("base")
    order = scenario_order(runs, manifest, base)
    days = int(manifest.get("days") or runs["days"].max())
    pdir = out / "plots"
    pdir.mkdir(exist_ok=True)
    paths: list[Path] = []
    paths += plot_peak_rungs(runs, order, pdir)
    paths += plot_severe_ecdf(runs, order, pdir)
    paths += plot_paired_diff(runs, order, pdir)
    paths += plot_cumulative(runs, enc, order, days, pdir)
    paths += plot_hotline(runs, order, pdir)
    return paths
