"""Figures of a batch, drawn from the store into ``DIR/plots/`` as PNG and SVG.

Everything is read back from the store (never from memory of the run), so ``hotline-sim plot
DIR`` redraws exactly what a batch drew. Matplotlib's Agg backend is used without touching the
global backend choice of a caller who already has one.

Conventions, so that a figure can go into a paper as it is: every scenario (arm) keeps one
colour from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies; the base arm is black) and, beyond eight arms, a line style; rungs are named
on the axes (`sim.model.escalation.RUNGS`); every interval drawn is a 95% CI whose method is
in `sim.study.intervals`; the figures are 300-dpi PNG plus SVG.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.batch import store
from sim.model.escalation import RUNGS
from sim.model.results import MAX_RUNG
from sim.study import analysis

#: Okabe & Ito (2008) colour-blind-safe palette, base arm first (black).
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7",
             "#F0E442")
LINESTYLES = ("-", "--", ":", "-.")
SEVERE = f"rung 4+ ({RUNGS[4]})"


def arm_color(i: int) -> str:
    """The colour of the i-th arm in scenario order (base = 0)."""
    return OKABE_ITO[i % len(OKABE_ITO)]


def arm_linestyle(i: int) -> str:
    """Solid for the first eight arms, then dashed, dotted... so that no two arms look alike."""
    return LINESTYLES[(i // len(OKABE_ITO)) % len(LINESTYLES)]


def pyplot() -> Any:
    """matplotlib.pyplot on a file backend (Agg unless one is already set): never a window."""
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


def save(fig: Any, out: Path, name: str) -> list[Path]:
    """Write `fig` as ``out/name.png`` (300 dpi) and ``out/name.svg`` (text kept as text, so
    a journal's editor can restyle it), atomically."""
    plt = pyplot()
    paths = []
    for ext in ("png", "svg"):
        p = out / f"{name}.{ext}"
        tmp = out / f".{name}.tmp.{ext}"
        with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "hotline-sim"}):
            fig.savefig(tmp, dpi=300 if ext == "png" else None, bbox_inches="tight",
                        format=ext, metadata={"Date": None} if ext == "svg" else None)
        tmp.replace(p)
        paths.append(p)
    plt.close(fig)
    return paths


def plot_peak_rungs(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Mean encounters per run by peak rung, per scenario (log scale: high rungs are rare)."""
    plt = pyplot()
    dist = analysis.peak_rung_distribution(runs)
    fig, ax = plt.subplots(figsize=(9, 4.4))
    width = 0.8 / max(1, len(order))
    for i, scen in enumerate(order):
        d = dist[dist["scenario"] == scen].sort_values("rung")
        ax.bar(d["rung"] + (i - (len(order) - 1) / 2) * width, d["mean_per_run"], width,
               label=scen, color=arm_color(i), edgecolor="white", lw=0.3,
               hatch=None if i < len(OKABE_ITO) else "//")
    ax.set_yscale("symlog", linthresh=0.1)
    ax.set_xticks(range(MAX_RUNG + 1), [f"{k}\n" + textwrap.fill(RUNGS[k], 13)
                                        for k in range(MAX_RUNG + 1)], fontsize=8)
    ax.set_xlabel("peak rung of the encounter")
    ax.set_ylabel("encounters per run (mean)")
    ax.set_title("Peak-rung distribution by scenario")
    ax.legend(fontsize=8)
    return save(fig, out, "peak_rungs")


def plot_severe_ecdf(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """ECDF of severe incidents (encounters reaching rung 4) per run, per scenario."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for i, scen in enumerate(order):
        x = np.sort(runs.loc[runs["scenario"] == scen, "peak_ge_4"].to_numpy(dtype=float))
        if x.size:
            ax.step(np.concatenate([[0], x]), np.arange(x.size + 1) / x.size, where="post",
                    label=f"{scen} (n={x.size})", color=arm_color(i), ls=arm_linestyle(i))
    ax.set_xlabel(f"severe incidents per run (encounters reaching {SEVERE})")
    ax.set_ylabel("share of runs with at most x")
    ax.set_title("Severe incidents per run (empirical CDF)")
    ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    return save(fig, out, "severe_counts")


def plot_paired_diff(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Distribution of paired differences (treatment - base) in severe incidents per run, with
    the mean difference and its paired t interval (the same numbers as the effect table)."""
    plt = pyplot()
    base, treats = order[0], order[1:]
    fig, axes = plt.subplots(1, max(1, len(treats)), figsize=(5 * max(1, len(treats)), 3.8),
                             squeeze=False)
    for ax, (i, t) in zip(axes[0], enumerate(treats), strict=False):
        pr = analysis.pair(runs, base, t)
        d = (pr["peak_ge_4_treat"].astype(float) - pr["peak_ge_4_base"].astype(float)).to_numpy()
        if d.size == 0:
            continue
        bins = np.arange(np.floor(d.min()) - 0.5, np.ceil(d.max()) + 1.5, 1.0)
        ax.hist(d, bins=bins, color=arm_color(i + 1), alpha=0.85, rwidth=0.85)
        m, lo, hi = analysis.mean_diff_paired(pr["peak_ge_4_base"], pr["peak_ge_4_treat"])
        ax.axvspan(lo, hi, color="k", alpha=0.15,
                   label=f"95% CI of the mean [{lo:+.2f}, {hi:+.2f}]")
        ax.axvline(m, color="k", lw=1.5, label=f"mean {m:+.2f}")
        ax.axvline(0, color="k", lw=0.8, ls=":")
        ax.set_title(f"{t} - {base} ({len(d)} pairs)", fontsize=9)
        ax.set_xlabel(f"paired difference in {SEVERE} incidents per run", fontsize=8)
        ax.set_ylabel("pairs")
        ax.legend(fontsize=7)
    if not treats:
        axes[0][0].text(0.5, 0.5, "one scenario: no paired difference", ha="center",
                        transform=axes[0][0].transAxes)
    return save(fig, out, "paired_difference")


def band(ax: Any, x: np.ndarray, lo: np.ndarray, hi: np.ndarray, color: str) -> None:
    """A CI band that stays readable when several arms overlap: light fill, thin edges."""
    ax.fill_between(x, lo, hi, color=color, alpha=0.10, lw=0, step="post")
    for edge in (lo, hi):
        ax.plot(x, edge, color=color, lw=0.6, alpha=0.7, drawstyle="steps-post")


def daily_counts(runs: pd.DataFrame, enc: pd.DataFrame, scen: str, days: int) -> np.ndarray:
    """(runs x days) matrix of severe incidents by the day they peaked, for one scenario."""
    ids = runs.loc[runs["scenario"] == scen, "run_id"].to_numpy()
    mat = np.zeros((ids.size, days))
    e = enc[enc["scenario"] == scen] if not enc.empty else enc
    if ids.size and not e.empty:
        tcol = "peak_h" if "peak_h" in e.columns else "start_h"
        pos = {rid: k for k, rid in enumerate(ids)}
        rows = e["run_id"].map(pos).to_numpy()
        ok = ~pd.isna(rows)
        day = np.clip(np.floor(e[tcol].to_numpy(dtype=float)[ok] / 24).astype(int), 0, days - 1)
        np.add.at(mat, (rows[ok].astype(int), day), 1)
    return mat


def plot_cumulative(runs: pd.DataFrame, enc: pd.DataFrame, order: list[str], days: int,
                    out: Path) -> list[Path]:
    """Cumulative incidence of a severe incident, and the mean cumulative number of severe
    incidents per run, over the horizon, each with its 95% CI band, per scenario."""
    plt = pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    grid = np.arange(1, days + 1)
    for i, scen in enumerate(order):
        mat = daily_counts(runs, enc, scen, days)
        if mat.shape[0] == 0:
            continue
        cur = analysis.cumulative_curves(mat)
        col, ls = arm_color(i), arm_linestyle(i)
        for ax, key in ((ax1, "inc"), (ax2, "mean")):
            band(ax, grid, cur[f"{key}_lo"], cur[f"{key}_hi"], col)
            ax.plot(grid, cur[key], color=col, ls=ls, lw=1.6, drawstyle="steps-post",
                    label=f"{scen} (n={mat.shape[0]})")
    ax1.set_ylabel(f"share of runs with a {SEVERE} incident")
    ax1.set_title("Cumulative incidence (95% Wilson band)", fontsize=10)
    ax2.set_ylabel(f"{SEVERE} incidents per run, cumulative")
    ax2.set_title("Mean cumulative count (95% CI band)", fontsize=10)
    for ax in (ax1, ax2):
        ax.set_xlabel("day")
        ax.set_xlim(0, days)
        ax.set_ylim(bottom=0)
    ax1.legend(fontsize=8)
    return save(fig, out, "cumulative_severe")


def plot_hotline(runs: pd.DataFrame, order: list[str], out: Path) -> list[Path]:
    """Hotline calls attempted, answered and effective per run (mean with 95% CI)."""
    plt = pyplot()
    cols = [("hotline_calls", "attempted"), ("hotline_answered", "answered"),
            ("hotline_effective", "effective")]
    fig, ax = plt.subplots(figsize=(7, 4))
    width = 0.8 / len(cols)
    x = np.arange(len(order))
    for j, (col, label) in enumerate(cols):
        if col not in runs.columns:
            continue
        st = [analysis.count_mean_ci(runs.loc[runs["scenario"] == s, col]) for s in order]
        m = np.array([s[0] for s in st])
        err = np.array([[s[0] - s[1] for s in st], [s[2] - s[0] for s in st]])
        ax.bar(x + (j - 1) * width, m, width, yerr=err, capsize=3, label=label,
               color=("#9ecae1", "#3182bd", "#08519c")[j], hatch=(None, "..", "//")[j],
               edgecolor="white", lw=0.3)
    ax.set_xticks(x, order, rotation=15, fontsize=8)
    ax.set_ylabel("calls per run (mean, 95% CI)")
    ax.set_title("Hotline calls")
    ax.legend(fontsize=8)
    return save(fig, out, "hotline_calls")


def write_plots(out: Path | str, base: str | None = None, runs: pd.DataFrame | None = None,
                enc: pd.DataFrame | None = None, manifest: dict[str, Any] | None = None
                ) -> list[Path]:
    """Draw all plots of the batch in `out` into ``out/plots/``; return the files written."""
    from sim.study.forest import plot_forest
    from sim.study.series import plot_series

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
    days = max(1, int(manifest.get("days") or runs["days"].max()))
    pdir = out / "plots"
    pdir.mkdir(exist_ok=True)
    paths: list[Path] = []
    if len(order) > 1:
        paths += plot_forest(analysis.effect_table(analysis.effects(runs, order[0], order[1:])),
                             order, pdir)
    paths += plot_peak_rungs(runs, order, pdir)
    paths += plot_severe_ecdf(runs, order, pdir)
    paths += plot_paired_diff(runs, order, pdir)
    paths += plot_cumulative(runs, enc, order, days, pdir)
    paths += plot_hotline(runs, order, pdir)
    paths += plot_series(out, runs, order, pdir)
    return paths
