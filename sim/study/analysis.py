"""Outcome statistics of a batch, and paired treatment effects with confidence intervals.

The main effect is the paired risk difference in P(severe incident) -- the probability that an
encounter reaches rung 4 in a run (``peak_ge_4 > 0``) -- of each treatment against the base.
Runs are paired by replication: replication i of every scenario used the same seed (common
random numbers), so paired estimators are used throughout; they are much tighter than
independent-sample ones when the arms share their random draws.

Method choices (why):

* P(event) per scenario: Wilson score interval (statsmodels), sound near 0 and 1.
* Paired risk difference: Newcombe's (1998) method 10, which combines the two arms' Wilson
  intervals with the phi correlation of the pairs; good coverage with few discordant pairs,
  unlike the Wald interval.
* Paired risk ratio: log-scale interval with the paired variance (b + c) / ((a+b)(a+c)).
* McNemar's test on the discordant pairs (statsmodels; exact binomial when b + c < 25).
* Mean paired difference of counts: the paired t interval (scipy ``ttest_rel``).
* Replication adequacy: the half-width h of the main effect's CI scales as 1/sqrt(n), so
  n * (h / target)^2 replications reach a target half-width.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from sim.model.results import MAX_RUNG

ALPHA = 0.05
#: Count outcomes compared pairwise (those present in the runs table are used).
COUNT_OUTCOMES: tuple[str, ...] = (
    "encounters", "peak_ge_3", "peak_ge_4", "peak_ge_5", "peak_ge_6", "max_rung",
    "hotline_calls", "hotline_answered", "hotline_effective", "scrambles", "ts_intrusions",
    "protests", "deesc_orders", "messages", "mean_tension_cn", "mean_tension_jp",
)
#: Binary outcomes derived from the summary.
BINARY_OUTCOMES: dict[str, tuple[str, str]] = {
    "severe": ("peak_ge_4", "P(severe incident: an encounter reaches rung 4)"),
    "rung5": ("peak_ge_5", "P(an encounter reaches rung 5 or higher)"),
}
MAIN = "severe"


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
def mean_ci(values: Any, alpha: float = ALPHA) -> tuple[float, float, float]:
    """Mean and t confidence interval; a constant sample has a zero-width interval."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    m = float(x.mean())
    if x.size < 2 or np.all(x == x[0]):
        return (m, m, m)
    res = stats.ttest_1samp(x, popmean=m)
    ci = res.confidence_interval(1 - alpha)
    return (m, float(ci.low), float(ci.high))


def proportion_ci(k: int, n: int, alpha: float = ALPHA) -> tuple[float, float, float]:
    """Proportion with its Wilson score interval."""
    if n == 0:
        return (math.nan, math.nan, math.nan)
    lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
    return (k / n, float(lo), float(hi))


def scenario_stats(runs: pd.DataFrame, alpha: float = ALPHA) -> pd.DataFrame:
    """Per scenario and outcome: n, mean, sd and CI; binary outcomes with Wilson intervals."""
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
                         "mean": p, "sd": math.sqrt(p * (1 - p)), "ci_lo": lo, "ci_hi": hi})
        for col in COUNT_OUTCOMES:
            if col not in grp.columns:
                continue
            vals = pd.to_numeric(grp[col], errors="coerce")
            m, lo, hi = mean_ci(vals, alpha)
            rows.append({"scenario": scen, "outcome": col, "label": f"mean {col} per run",
                         "n": int(vals.notna().sum()), "mean": m,
                         "sd": float(vals.std(ddof=1)) if n > 1 else 0.0,
                         "ci_lo": lo, "ci_hi": hi})
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


def paired_table(base: Any, treat: Any) -> tuple[int, int, int, int]:
    """(a, b, c, d): both events, treatment only, base only, neither."""
    x, y = np.asarray(base, dtype=bool), np.asarray(treat, dtype=bool)
    return (int(np.sum(x & y)), int(np.sum(~x & y)), int(np.sum(x & ~y)), int(np.sum(~x & ~y)))


def risk_difference_paired(base: Any, treat: Any, alpha: float = ALPHA
                           ) -> tuple[float, float, float]:
    """P(treat) - P(base) for paired binary outcomes, Newcombe method 10 interval."""
    a, b, c, d = paired_table(base, treat)
    n = a + b + c + d
    if n == 0:
        return (math.nan, math.nan, math.nan)
    p1, p2 = (a + b) / n, (a + c) / n
    _, l1, u1 = proportion_ci(a + b, n, alpha)
    _, l2, u2 = proportion_ci(a + c, n, alpha)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(denom) if denom > 0 else 0.0
    dl = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    du = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    rd = p1 - p2
    return (rd, rd - dl, rd + du)


def risk_ratio_paired(base: Any, treat: Any, alpha: float = ALPHA
                      ) -> tuple[float, float, float]:
    """P(treat) / P(base) for paired binary outcomes; log interval with the paired variance.

    With no events in an arm, 0.5 is added to the cells (a stated, conservative correction).
    """
    a, b, c, d = paired_table(base, treat)
    if a + b + c == 0:  # no event in either arm: the ratio is undefined
        return (math.nan, math.nan, math.nan)
    if a + b == 0 or a + c == 0:
        a, b, c = a + 0.5, b + 0.5, c + 0.5
    rr = (a + b) / (a + c)
    se = math.sqrt((b + c) / ((a + b) * (a + c)))
    z = stats.norm.ppf(1 - alpha / 2)
    return (rr, rr * math.exp(-z * se), rr * math.exp(z * se))


def mcnemar_paired(base: Any, treat: Any) -> tuple[float, float]:
    """McNemar's test (statistic, p-value); exact binomial when discordant pairs < 25."""
    a, b, c, d = paired_table(base, treat)
    if b + c == 0:
        return (0.0, 1.0)
    res = mcnemar([[a, c], [b, d]], exact=(b + c) < 25, correction=True)
    return (float(res.statistic), float(res.pvalue))


def mean_diff_paired(base: Any, treat: Any, alpha: float = ALPHA
                     ) -> tuple[float, float, float]:
    """Mean of treat - base with the paired t interval (scipy ttest_rel)."""
    x, y = np.asarray(base, dtype=float), np.asarray(treat, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    diff = y - x
    m = float(diff.mean())
    if x.size < 2 or np.all(diff == diff[0]):
        return (m, m, m)
    ci = stats.ttest_rel(y, x).confidence_interval(1 - alpha)
    return (m, float(ci.low), float(ci.high))


def effects(runs: pd.DataFrame, base: str, treatments: list[str] | None = None,
            alpha: float = ALPHA) -> pd.DataFrame:
    """One row per treatment: paired RD and RR of P(severe) and P(rung 5+), McNemar, and the
    mean paired difference of the counts, all against `base`."""
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
        for col in COUNT_OUTCOMES:
            if f"{col}_base" not in pr.columns:
                continue
            m, lo, hi = mean_diff_paired(pd.to_numeric(pr[f"{col}_base"], errors="coerce"),
                                         pd.to_numeric(pr[f"{col}_treat"], errors="coerce"),
                                         alpha)
            row[f"diff_{col}"], row[f"diff_{col}_lo"], row[f"diff_{col}_hi"] = m, lo, hi
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
