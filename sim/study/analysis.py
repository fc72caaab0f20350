"""Outcome statistics of a batch, and paired treatment effects with confidence intervals.

The main effect is the paired risk difference in P(severe incident) -- the probability that an
encounter reaches rung 4 ("hazardous act") in a run (``peak_ge_4 > 0``) -- of each treatment
against the base. Runs are paired by replication: replication i of every scenario used the same
seed (common random numbers), so paired estimators are used throughout; they are much tighter
than independent-sample ones when the arms share their random draws.

The interval methods, and why each was chosen, are in `sim.study.intervals`. Counts get
zero-respecting intervals (overdispersion-scaled exact Poisson), continuous outcomes t
intervals. `effect_table` is the long form (one row per treatment, outcome and measure) that
the forest plot draws and ``effects.csv`` holds; `scenario_stats` is ``summary.csv``.
Replication adequacy: the half-width h of the main effect's CI scales as 1/sqrt(n), so
n * (h / target)^2 replications reach a target half-width.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar

from sim.model.escalation import RUNGS
from sim.model.results import MAX_RUNG
from sim.study.intervals import (
    ALPHA,
    count_mean_ci,
    mean_ci,
    mean_diff_paired,
    paired_table,
    proportion_ci,
    rate_ratio_paired,
    risk_difference_paired,
    risk_ratio_paired,
)

__all__ = ["ALPHA", "count_mean_ci", "mean_ci", "mean_diff_paired", "paired_table",
           "proportion_ci", "rate_ratio_paired", "risk_difference_paired", "risk_ratio_paired"]

#: Count outcomes compared pairwise (those present in the runs table are used).
COUNT_OUTCOMES: tuple[str, ...] = (
    "encounters", "peak_ge_3", "peak_ge_4", "peak_ge_5", "peak_ge_6",
    "hotline_calls", "hotline_answered", "hotline_effective", "scrambles", "ts_intrusions",
    "protests", "deesc_orders", "messages",
)
#: Continuous (or ordinal) outcomes: t intervals.
CONTINUOUS_OUTCOMES: tuple[str, ...] = ("max_rung", "mean_tension_cn", "mean_tension_jp",
                                        "severe_hazard")
#: Outcomes that cannot be negative: their per-arm intervals are truncated at 0.
NONNEGATIVE = frozenset({"max_rung", "severe_hazard"})
#: Binary outcomes derived from the summary.
BINARY_OUTCOMES: dict[str, tuple[str, str]] = {
    "severe": ("peak_ge_4", f"P(severe incident: an encounter reaches rung 4, {RUNGS[4]})"),
    "rung5": ("peak_ge_5", f"P(an encounter reaches rung 5, {RUNGS[5]}, or higher)"),
}
#: Count outcomes whose paired rate ratio is reported (and drawn in the forest plot).
RATE_OUTCOMES: dict[str, str] = {
    "peak_ge_4": f"severe incidents per run (rung 4+, {RUNGS[4]})",
    "peak_ge_5": f"rung 5+ incidents per run ({RUNGS[5]})",
}
MAIN = "severe"


def rung_label(k: int) -> str:
    """``"4 hazardous act"``: a rung with its name, for axes and tables."""
    return f"{k} {RUNGS[k]}"


def ok_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Only the runs that finished (failed runs carry no outcomes)."""
    if "status" in runs.columns:
        runs = runs[runs["status"] == "ok"]
    return runs


def binary(runs: pd.DataFrame, outcome: str = MAIN) -> pd.Series:
    """A binary outcome per run (e.g. severe = peak_ge_4 > 0)."""
    col = BINARY_OUTCOMES[outcome][0]
    return runs[col].fillna(0).astype(float) > 0


# --------------------------------------------------------------------------- one sample
def scenario_stats(runs: pd.DataFrame, alpha: float = ALPHA) -> pd.DataFrame:
    """Per scenario and outcome: n, mean, sd and 95% CI with the method's name (summary.csv).

    Binary outcomes: Wilson; counts: overdispersion-scaled exact Poisson (never below zero);
    continuous outcomes: t.
    """
    runs = ok_runs(runs)
    rows = []
    for scen, grp in runs.groupby("scenario", sort=False):
        n = len(grp)
        for name, (_col, label) in BINARY_OUTCOMES.items():
            if _col not in grp.columns:
                continue
            k = int(binary(grp, name).sum())
            p, lo, hi = proportion_ci(k, n, alpha)
            rows.append({"scenario": scen, "outcome": f"P({name})", "label": label, "n": n,
                         "mean": p, "sd": math.sqrt(p * (1 - p)), "ci_lo": lo, "ci_hi": hi,
                         "method": "Wilson score"})
        for cols, fn, method in ((COUNT_OUTCOMES, count_mean_ci, "exact Poisson, scaled"),
                                 (CONTINUOUS_OUTCOMES, mean_ci, "t")):
            for col in cols:
                if col not in grp.columns:
                    continue
                vals = pd.to_numeric(grp[col], errors="coerce")
                m, lo, hi = fn(vals, alpha)
                if col in NONNEGATIVE:  # a t interval of a mean of values >= 0 stops at 0
                    lo = max(0.0, lo)
                rows.append({"scenario": scen, "outcome": col, "label": f"mean {col} per run",
                             "n": int(vals.notna().sum()), "mean": m,
                             "sd": float(vals.std(ddof=1)) if n > 1 else 0.0,
                             "ci_lo": lo, "ci_hi": hi, "method": method})
    return pd.DataFrame(rows)


def peak_rung_distribution(runs: pd.DataFrame) -> pd.DataFrame:
    """Encounters by peak rung (0..6) per scenario: mean per run and share of all encounters.

    Derived from the summary's cumulative counts (peak_ge_k), so no encounter table is needed.
    """
    runs = ok_runs(runs)
    rows = []
    for scen, grp in runs.groupby("scenario", sort=False):
        ge = [pd.to_numeric(grp["encounters"], errors="coerce").fillna(0).to_numpy()]
        ge += [pd.to_numeric(grp.get(f"peak_ge_{k}", 0), errors="coerce") for k in
               range(1, MAX_RUNG + 1)]
        ge = [np.asarray(g, dtype=float) for g in ge] + [np.zeros(len(grp))]
        exact = [ge[k] - ge[k + 1] for k in range(MAX_RUNG + 1)]
        total = float(sum(e.sum() for e in exact)) or 1.0
        for k, e in enumerate(exact):
            rows.append({"scenario": scen, "rung": k, "mean_per_run": float(e.mean()),
                         "share": float(e.sum()) / total,
                         "runs_with": float((e > 0).mean())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- paired
def pair(runs: pd.DataFrame, base: str, treatment: str) -> pd.DataFrame:
    """Base and treatment rows side by side, by replication (both arms finished)."""
    runs = ok_runs(runs)
    b = runs[runs["scenario"] == base]
    t = runs[runs["scenario"] == treatment]
    both = b.merge(t, on="rep", how="inner", suffixes=("_base", "_treat"))
    return both.sort_values("rep").set_index("rep")


def mcnemar_paired(base: Any, treat: Any) -> tuple[float, float]:
    """McNemar's test (statistic, p-value); exact binomial when discordant pairs < 25."""
    a, b, c, d = paired_table(base, treat)
    if b + c == 0:
        return (0.0, 1.0)
    res = mcnemar([[a, c], [b, d]], exact=(b + c) < 25, correction=True)
    return (float(res.statistic), float(res.pvalue))


def effects(runs: pd.DataFrame, base: str, treatments: list[str] | None = None,
            alpha: float = ALPHA) -> pd.DataFrame:
    """One row per treatment (wide): paired RD and RR of P(severe) and P(rung 5+), McNemar,
    the mean paired difference of every outcome and the rate ratio of the incident counts,
    all against `base`. `effect_table` gives the same numbers in long form."""
    runs = ok_runs(runs)
    if treatments is None:
        treatments = [s for s in pd.unique(runs["scenario"]) if s != base]
    rows = []
    for t in treatments:
        pr = pair(runs, base, t)
        row: dict[str, Any] = {"treatment": t, "base": base, "pairs": len(pr)}
        for name, (col, _label) in BINARY_OUTCOMES.items():
            if f"{col}_base" not in pr.columns:
                continue
            x = pr[f"{col}_base"].fillna(0).astype(float) > 0
            y = pr[f"{col}_treat"].fillna(0).astype(float) > 0
            a, b, c, d = paired_table(x, y)
            row[f"p_{name}_base"] = float(x.mean()) if len(x) else math.nan
            row[f"p_{name}_treat"] = float(y.mean()) if len(y) else math.nan
            row[f"rd_{name}"], row[f"rd_{name}_lo"], row[f"rd_{name}_hi"] = \
                risk_difference_paired(x, y, alpha)
            row[f"rr_{name}"], row[f"rr_{name}_lo"], row[f"rr_{name}_hi"] = \
                risk_ratio_paired(x, y, alpha)
            row[f"mcnemar_{name}_stat"], row[f"mcnemar_{name}_p"] = mcnemar_paired(x, y)
            row[f"{name}_both"], row[f"{name}_treat_only"], row[f"{name}_base_only"], \
                row[f"{name}_neither"] = a, b, c, d
        for col in COUNT_OUTCOMES + CONTINUOUS_OUTCOMES:
            if f"{col}_base" not in pr.columns:
                continue
            xb = pd.to_numeric(pr[f"{col}_base"], errors="coerce")
            xt = pd.to_numeric(pr[f"{col}_treat"], errors="coerce")
            row[f"diff_{col}"], row[f"diff_{col}_lo"], row[f"diff_{col}_hi"] = \
                mean_diff_paired(xb, xt, alpha)
            if col in RATE_OUTCOMES:
                row[f"rate_{col}"], row[f"rate_{col}_lo"], row[f"rate_{col}_hi"] = \
                    rate_ratio_paired(xb, xt, alpha)
        identical = _identical_pairs(pr)
        row["identical_pairs"] = identical
        rows.append(row)
    return pd.DataFrame(rows)


def _identical_pairs(pr: pd.DataFrame) -> int:
    """How many pairs have identical summaries (e.g. the hotline never changed anything)."""
    cols = [c[:-5] for c in pr.columns if c.endswith("_base") and c[:-5] + "_treat" in pr.columns
            and c[:-5] not in ("scenario", "run_id", "seed", "status", "error", "wall_s")]
    if not cols or pr.empty:
        return 0
    same = np.ones(len(pr), dtype=bool)
    for c in cols:
        xb, xt = pr[f"{c}_base"], pr[f"{c}_treat"]
        same &= ((xb == xt) | (xb.isna() & xt.isna())).to_numpy()
    return int(same.sum())


#: (measure, wide-column prefix, outcome key, method) of every effect in the long table.
_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    *(("risk difference", f"rd_{k}", k, "Newcombe paired score (method 10)")
      for k in BINARY_OUTCOMES),
    *(("risk ratio", f"rr_{k}", k, "Bonett-Price paired hybrid Wilson") for k in BINARY_OUTCOMES),
    *(("rate ratio", f"rate_{c}", c, "conditional exact (matched pairs), overdispersion-scaled")
      for c in RATE_OUTCOMES),
    *(("mean difference", f"diff_{c}", c, "paired t") for c in COUNT_OUTCOMES
      + CONTINUOUS_OUTCOMES),
)
#: Columns of effects.csv, with their meaning (for the codebook).
EFFECT_COLUMNS: dict[str, str] = {
    "treatment": "scenario compared with the base",
    "base": "the reference scenario (same seeds, replication by replication)",
    "outcome": "outcome key: severe / rung5 (binary per run) or a summary column (count)",
    "label": "what the outcome is, in words",
    "measure": "risk difference, risk ratio, rate ratio or mean difference (treatment vs base)",
    "estimate": "point estimate of the measure",
    "ci_lo": "lower limit of the 95% confidence interval",
    "ci_hi": "upper limit of the 95% confidence interval (inf: unbounded)",
    "null_value": "value of the measure under no effect (0 for differences, 1 for ratios)",
    "excludes_null": "whether the interval excludes the null value",
    "p_value": "McNemar's test on discordant pairs (binary outcomes only)",
    "pairs": "number of replication pairs (both runs finished)",
    "base_value": "base arm: proportion of runs (binary) or mean per run (count)",
    "treat_value": "treatment arm: proportion of runs (binary) or mean per run (count)",
    "method": "interval method",
}
#: Columns of summary.csv, with their meaning (for the codebook).
SUMMARY_COLUMNS: dict[str, str] = {
    "scenario": "scenario name",
    "outcome": "P(severe) / P(rung5) (share of runs) or a summary column (mean per run)",
    "label": "what the outcome is, in words",
    "n": "finished runs",
    "mean": "share of runs (binary) or mean per run",
    "sd": "standard deviation across runs",
    "ci_lo": "lower limit of the 95% confidence interval",
    "ci_hi": "upper limit of the 95% confidence interval",
    "method": "interval method",
}


def outcome_label(key: str) -> str:
    """Words for an outcome key of the effect table."""
    if key in BINARY_OUTCOMES:
        return BINARY_OUTCOMES[key][1]
    return RATE_OUTCOMES.get(key, f"{key} per run")


def effect_table(eff: pd.DataFrame) -> pd.DataFrame:
    """The wide `effects` table in long form: one row per treatment, outcome and measure."""
    rows = []
    for _, r in eff.iterrows():
        for measure, key, outcome, method in _MEASURES:
            if key not in r or pd.isna(r.get(f"{key}_lo")):
                continue
            null = 1.0 if "ratio" in measure else 0.0
            lo, hi = float(r[f"{key}_lo"]), float(r[f"{key}_hi"])
            if outcome in BINARY_OUTCOMES:
                bv, tv = r[f"p_{outcome}_base"], r[f"p_{outcome}_treat"]
                pval = r[f"mcnemar_{outcome}_p"]
            else:
                bv = tv = pval = math.nan
            rows.append({"treatment": r["treatment"], "base": r["base"], "outcome": outcome,
                         "label": outcome_label(outcome), "measure": measure,
                         "estimate": float(r[key]), "ci_lo": lo, "ci_hi": hi, "null_value": null,
                         "excludes_null": bool(lo > null or hi < null), "p_value": pval,
                         "pairs": int(r["pairs"]), "base_value": bv, "treat_value": tv,
                         "method": method})
    return pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))


def cumulative_curves(counts: np.ndarray, alpha: float = ALPHA) -> dict[str, np.ndarray]:
    """Mean cumulative count and cumulative incidence over time, each with its 95% CI.

    `counts` is a (runs x days) matrix of events per day. Every run has the same horizon (no
    censoring), so the cumulative incidence -- the share of runs with at least one event by
    day t -- is a plain proportion (Wilson interval), and the mean cumulative count per run is
    a mean of counts (scaled exact Poisson interval).
    """
    cum = np.cumsum(np.asarray(counts, dtype=float), axis=1)
    n, days = cum.shape
    out = {k: np.full(days, math.nan) for k in ("mean", "mean_lo", "mean_hi", "inc", "inc_lo",
                                                 "inc_hi")}
    for t in range(days):
        out["mean"][t], out["mean_lo"][t], out["mean_hi"][t] = count_mean_ci(cum[:, t], alpha)
        out["inc"][t], out["inc_lo"][t], out["inc_hi"][t] = proportion_ci(
            int((cum[:, t] > 0).sum()), n, alpha)
    return out


# --------------------------------------------------------------------------- adequacy
def adequacy(runs: pd.DataFrame, base: str | None = None, target: float = 0.02,
             alpha: float = ALPHA) -> dict[str, Any]:
    """CI half-width of the main effect and the replications needed to reach `target`.

    With several treatments the widest interval decides. With a single scenario the main
    quantity is P(severe) itself.
    """
    runs = ok_runs(runs)
    scen = list(pd.unique(runs["scenario"]))
    if not scen:
        return {"halfwidth": math.nan, "n": 0, "reps_needed": None, "target": target,
                "per_treatment": {}}
    base = base or scen[0]
    per: dict[str, dict[str, float]] = {}
    if len(scen) == 1 or base not in scen:
        grp = runs[runs["scenario"] == (base if base in scen else scen[0])]
        n = len(grp)
        _, lo, hi = proportion_ci(int(binary(grp).sum()), n, alpha)
        h = (hi - lo) / 2
        per[scen[0]] = {"halfwidth": h, "n": n}
    else:
        for t in scen:
            if t == base:
                continue
            pr = pair(runs, base, t)
            x = pr["peak_ge_4_base"].fillna(0).astype(float) > 0
            y = pr["peak_ge_4_treat"].fillna(0).astype(float) > 0
            rd, lo, hi = risk_difference_paired(x, y, alpha)
            per[t] = {"halfwidth": (hi - lo) / 2, "n": len(pr), "rd": rd}
        worst = max(per, key=lambda k: per[k]["halfwidth"])
        h, n = per[worst]["halfwidth"], per[worst]["n"]
    need = math.ceil(n * (h / target) ** 2) if math.isfinite(h) and h > 0 else n
    return {"halfwidth": float(h), "n": int(n), "reps_needed": int(max(need, 1)),
            "target": target, "per_treatment": per}


# --------------------------------------------------------------------------- text
def format_effects(eff: pd.DataFrame) -> str:
    """The effect table as aligned plain text (for the terminal)."""
    if eff.empty:
        return "(no treatment to compare)"
    lines = [f"{'treatment vs ' + eff['base'].iloc[0]:<34} {'pairs':>5}  {'P(severe) base':>14}"
             f"  {'treat':>6}  {'risk difference [95% CI]':>26}  {'risk ratio [95% CI]':>22}"
             f"  {'McNemar p':>9}  {'severe count diff [95% CI]':>27}"]
    for _, r in eff.iterrows():
        lines.append(
            f"{r['treatment']:<34} {int(r['pairs']):>5}  {r['p_severe_base']:>14.3f}  "
            f"{r['p_severe_treat']:>6.3f}  "
            f"{_ci(r['rd_severe'], r['rd_severe_lo'], r['rd_severe_hi'], '+.3f'):>26}  "
            f"{_ci(r['rr_severe'], r['rr_severe_lo'], r['rr_severe_hi'], '.2f'):>22}  "
            f"{r['mcnemar_severe_p']:>9.3g}  "
            f"{_ci(r.get('diff_peak_ge_4'), r.get('diff_peak_ge_4_lo'), r.get('diff_peak_ge_4_hi'), '+.2f'):>27}")  # noqa: E501
    return "\n".join(lines)


def _ci(m: Any, lo: Any, hi: Any, fmt: str) -> str:
    if m is None or not np.isfinite(m):
        return "n/a"
    return f"{m:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"


def format_scenarios(st: pd.DataFrame, outcomes: tuple[str, ...] = (
        "P(severe)", "P(rung5)", "encounters", "peak_ge_4", "hotline_calls",
        "hotline_answered", "hotline_effective")) -> str:
    """Per-scenario means with CIs for the headline outcomes, as plain text."""
    if st.empty:
        return "(no finished runs)"
    sub = st[st["outcome"].isin(outcomes)]
    lines = [f"{'scenario':<28} {'outcome':<18} {'n':>5}  {'mean [95% CI]':>26}"]
    for _, r in sub.iterrows():
        lines.append(f"{r['scenario']:<28} {r['outcome']:<18} {int(r['n']):>5}  "
                     f"{_ci(r['mean'], r['ci_lo'], r['ci_hi'], '.3f'):>26}")
    return "\n".join(lines)
