"""The line's effect over the worlds the record allows: an uncertainty analysis.

Why this module exists: every other effect on the findings page is measured at one world (the
registry's values) or over the whole box of the assumptions' ranges, most of which the record
rules out (`sim.study.history`: about 70% of the box). A reader who grants the record and not
the registry's point values wants the effect's spread over the worlds the record allows. Each
staying point of a history-matching wave is run again with both arms (paired, the drivers
stage's replications), and the effect is read per point as a cut in expected severe incidents:

    cut = 1 - sum(severe_hazard, line) / sum(severe_hazard, status quo)

over the point's replications (a ratio of sums, as PRIM's case; `sim.study.prim_check`). Over
points: the median cut with a percentile bootstrap interval (points resampled; the interval
is for the median over the plausible worlds of this sample, not a probability that any one
world is true), and the share of points with a cut of at least `sim.study.prim_check.CUT`
(Wilson). Which inputs move the effect there: Spearman's rank correlation of each input with
the log ratio over the points, Holm-adjusted (given data; the inputs of staying points are no
longer independent, so this is a screen of association, not a variance decomposition).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study.intervals import proportion_ci

#: Bootstrap resamples of the points for the median cut's interval.
BOOT = 2000


def point_effects(runs: pd.DataFrame, n_points: int, prefix: str) -> pd.DataFrame:
    """Per point: both arms' expected severe incidents summed over the replications both
    finished, the cut and the log ratio (`sim.study.sensitivity.paired_outcomes`'s
    ``log_hazard_ratio``, the drivers' outcome). The sums are its means over those pairs
    times their number: the base arm's ``base_hazard``, the line's ``base_hazard +
    diff_hazard``."""
    from sim.study.sensitivity import paired_outcomes

    po = paired_outcomes(runs, n_points, prefix)
    base = po["base_hazard"] * po["pairs"]
    treat = (po["base_hazard"] + po["diff_hazard"]) * po["pairs"]
    cut = (1 - treat / base.where(base > 0)).astype(float)
    return po[["point", "pairs", "log_hazard_ratio"]].assign(hazard_base=base,
                                                              hazard_treat=treat, cut=cut)


def median_ci(x: np.ndarray, seed: int, boot: int = BOOT) -> tuple[float, float, float]:
    """Median with a percentile bootstrap 95% interval (numpy's seeded generator)."""
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    if not x.size:
        return math.nan, math.nan, math.nan
    rng = np.random.default_rng(seed)
    meds = np.median(rng.choice(x, size=(boot, x.size), replace=True), axis=1)
    return float(np.median(x)), float(np.quantile(meds, 0.025)), float(np.quantile(meds, 0.975))


def associations(design: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
    """Spearman's rho of each input with `y` over the points, p and Holm's adjustment."""
    from scipy.stats import spearmanr
    from statsmodels.stats.multitest import multipletests

    y = np.asarray(y, dtype=float)
    ok = np.isfinite(y)
    if ok.any() and np.ptp(y[ok]) == 0:  # a constant effect is associated with nothing
        ok[:] = False
    rows = []
    for name in design.columns:
        x = design[name].to_numpy(float)[ok]
        if ok.sum() < 3 or np.ptp(x) == 0:
            rho, p = 0.0, 1.0
        else:
            res = spearmanr(x, y[ok])
            rho, p = float(res.statistic), float(res.pvalue)
        rows.append({"factor": name, "rho": rho, "p": p})
    table = pd.DataFrame(rows)
    table["p_holm"] = multipletests(table["p"], method="holm")[1] if len(table) else []
    return table.reindex(table["rho"].abs().sort_values(ascending=False, kind="stable").index
                         ).reset_index(drop=True)


def summarise(eff: pd.DataFrame, design: pd.DataFrame, seed: int,
              cut: float | None = None) -> dict[str, Any]:
    """The record of the effect over the staying points."""
    from sim.study.prim_check import CUT

    cut = CUT if cut is None else cut
    c = eff["cut"].to_numpy(float)
    ok = np.isfinite(c)
    k = int((c[ok] >= cut - 1e-12).sum())
    assoc = associations(design, eff["log_hazard_ratio"].to_numpy(float))
    total_b, total_t = float(eff["hazard_base"].sum()), float(eff["hazard_treat"].sum())
    return {"points": len(eff), "with_base": int(ok.sum()),
            "median_cut": list(median_ci(c, seed)),
            "quartiles": [float(np.quantile(c[ok], q)) for q in (0.25, 0.75)] if ok.any()
            else [math.nan, math.nan],
            "pooled_cut": 1 - total_t / total_b if total_b > 0 else math.nan,
            "cut": cut, "share_cut": list(proportion_ci(k, int(ok.sum()))),
            "associations": assoc.head(10).to_dict("records"),
            "associated": assoc.loc[assoc["p_holm"] < 0.05, "factor"].tolist()}


def run_effect(centres: pd.DataFrame, reps: int, days: int, base: Any, treat: Any,
               out: Path, seed: int, **kw: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both arms at each point of `centres` (parameter values, one row a point), paired; the
    per-point effects (`point_effects`), saved as ``effects.csv`` beside the runs, and the
    runs themselves (the radial design's noise reads them)."""
    from sim.study.sensitivity import run_points

    runs = run_points(centres.to_dict("records"), "e", out, reps, days, base, treat,
                      seed=seed, **kw)
    eff = point_effects(runs, len(centres), "e")
    eff.to_csv(out / "effects.csv", index=False)
    return eff, runs


def plot_plausible(rec: dict[str, Any], eff: pd.DataFrame, centres: pd.DataFrame,
                   path: Path) -> Path:
    """The plausible stage at a glance: left, the line's cut in every staying world, sorted,
    coloured by when the line is called (the one input associated with it), with the median
    and its interval; right, mu* of each mechanism group in the two halves of the radial
    design (their agreement is the test), the groups left out of it marked, and mu* over all
    stars with its bootstrap interval and the noise floor where the record has them."""
    from sim.study.plots import OKABE_ITO, pyplot

    plt = pyplot()
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.6), width_ratios=[1.1, 1])
    cut = eff["cut"].to_numpy(float)
    order = np.argsort(cut)
    rung = (centres["hotline_trigger_rung"].to_numpy() if "hotline_trigger_rung" in centres
            else np.zeros(len(cut)))
    for k, r in enumerate(sorted(set(rung))):
        m = rung[order] == r
        ax.scatter(np.flatnonzero(m), np.clip(cut[order][m], -1, 1), s=14,
                   color=OKABE_ITO[(5, 1, 3, 6)[k % 4]], label=f"called from rung {r:g}")
    med, lo, hi = rec["effect"]["median_cut"]
    ax.axhspan(lo, hi, color="grey", alpha=0.2, lw=0)
    ax.axhline(med, color="black", lw=1, label=f"median {med:.0%} [{lo:.0%}, {hi:.0%}]")
    ax.axhline(rec["effect"]["cut"], color="grey", ls="--", lw=0.8,
               label=f"a cut of {rec['effect']['cut']:.0%}")
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel("staying worlds, sorted by the cut", fontsize=8)
    ax.set_ylabel("cut in expected severe incidents (clipped to [-1, 1])", fontsize=8)
    ax.set_title(f"The line in {len(cut)} worlds the record allows", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    r = rec.get("radial")
    if r:
        d = pd.DataFrame(r["designs"]).set_index("group").reindex(r["ranking"])
        y = np.arange(len(d))
        for k, (col, label) in enumerate((("mu_star_a", "first half"),
                                          ("mu_star_b", "second half"))):
            bx.barh(y + (k - 0.5) * 0.4, d[col].fillna(0).to_numpy(float), height=0.38,
                    color=OKABE_ITO[(1, 5)[k]], label=f"{label} ({r['stars'][k]} stars)")
        ci = r.get("mu_star_ci") or {}
        iv = np.array([ci.get(g) or [np.nan] * 3 for g in d.index], float)
        if ci and np.isfinite(iv).any():
            bx.errorbar(iv[:, 0], y, xerr=np.abs(iv[:, 1:].T - iv[:, 0]), fmt="o", ms=3,
                        color="black", lw=0.8, capsize=2,
                        label=f"all {sum(r['stars'])} stars, 95% interval")
        fl = np.array([np.nan if (v := (r.get("noise_floor") or {}).get(g)) is None else v
                       for g in d.index], float)
        if np.isfinite(fl).any():
            bx.scatter(fl, y, marker="|", s=140, color="grey", lw=1.5, zorder=3,
                       label="noise floor (replication noise)")
        bx.set_yticks(y, [g + (" (left out)" if g in r["left_out"] else "") for g in d.index],
                      fontsize=8)
        bx.invert_yaxis()
        bx.set_xlabel("mu* of the log ratio (mean |elementary effect| over kept steps)",
                      fontsize=8)
        rho = r["rank_correlation"]
        bx.set_title(f"What decides it there\n(Spearman {rho:.2f} between the halves: "
                     f"{r['verdict']})", fontsize=9)
        bx.legend(fontsize=7, loc="lower right")
    else:
        bx.set_axis_off()
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path
