"""The headline outcomes of a paired comparison, each an interval that says whether it resolves.

Why these outcomes: a severe incident (an encounter at rung 4 or above) happens a few times a
decade, so "P(a severe incident in a run-year)" alone needs thousands of paired run-years to
resolve a small hotline effect. Four outcomes read the same question at different grains:

* ``p_severe`` -- P(severe incident in a run-year), paired risk difference (Newcombe, from
  `sim.study.analysis`).
* ``severe_rate`` -- severe incidents per run-year: the paired difference (t interval) and the
  paired rate ratio (ratio of the arms' totals, `sim.study.intervals.rate_ratio_paired`:
  conditional exact interval scaled for over-dispersion).
* ``severe_hazard`` -- the same rate estimated by conditional Monte Carlo: each run's
  ``severe_hazard`` (`sim.model.escalation.DecisionRounds.severe_chance`, the sum over decision
  rounds of the chance of reaching rung 4) has the count's expectation and less variance (2.9x
  for the status-quo rate over 314 years). Paired difference (t interval) and ratio of the
  arms' means (percentile bootstrap over pairs); only for results that have the column (runs
  of 0.4 and later). Over whole years the pairs are heavy-tailed (the arms drift into
  different crises), so ``shared_hazard`` also sums it over the encounters both arms share.
* ``cond_risk`` -- the encounter-level risk P(rung >= 4 | rung 3 reached). Per arm a ratio
  estimator (severe / rung-3 encounters, summed over runs); the paired version uses only the
  encounters that both arms share (same run, start hour, domain, zone and onset position, a
  key that is unique in both arms) and reached rung 3 in the base arm, so it asks "of the
  encounters that got dangerous without the line, how many became hazardous with it?".
  Intervals by a bootstrap over replications (the encounters of one run are not independent).
* ``crisis_*`` -- the W days after a scheduled shock (e.g. the August 2022 missiles), where a
  line should matter most: encounters reaching rung 3 and rung 4 in the window, paired by run.

Every number is an `Estimate` with its half-width and a status: an *estimate* when its
interval is narrower than the effect itself (it excludes the null, so the sign resolves), a
*screen* otherwise; whether the half-width meets its target is a separate flag
(``meets_target``), so a precise null ("no change beyond +-0.01") is a screen that meets its
target, never an estimate. Screens are shown, never presented as findings.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.study.analysis import ALPHA, mean_diff_paired, ok_runs, pair, risk_difference_paired
from sim.study.intervals import rate_ratio_paired

#: Default half-width targets of the headline numbers (issue 14: P(severe) difference +-0.02).
TARGETS: dict[str, float] = {"p_severe_rd": 0.02}
BOOT = 2000
PAIR_KEY = ("rep", "start_h", "domain", "zone")
#: Used in the key too when the encounter table has them (where the encounter began).
PAIR_KEY_OPTIONAL = ("onset_lon", "onset_lat")


@dataclass(frozen=True)
class Estimate:
    """One number with its 95% interval, its sample size and whether it resolves."""

    outcome: str
    base: str
    treatment: str
    est: float
    lo: float
    hi: float
    n: int
    unit: str = ""
    target: float | None = None

    @property
    def halfwidth(self) -> float:
        if not (math.isfinite(self.lo) and math.isfinite(self.hi)):
            return math.inf
        return (self.hi - self.lo) / 2.0

    @property
    def status(self) -> str:
        """'estimate' (the interval is narrower than the effect: its sign resolves) or
        'screen'. Meeting the half-width target is reported separately (`meets_target`)."""
        return classify(self.est, self.lo, self.hi, self.target,
                        1.0 if self.unit == "ratio" else 0.0)

    @property
    def meets_target(self) -> bool | None:
        """Whether the half-width meets its target (None: no target)."""
        return meets_target(self.lo, self.hi, self.target)

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "halfwidth": self.halfwidth, "status": self.status,
                "meets_target": self.meets_target}


def classify(est: float, lo: float, hi: float, target: float | None = None,
             null: float = 0.0) -> str:
    """'estimate' only when the interval is narrower than the effect: it excludes `null` (0 for
    a difference, 1 for a ratio) and its half-width is below |est - null|; else 'screen'.

    Why the target does not make an estimate: an interval that meets a +-0.02 target but covers
    0 (say +0.001 [-0.012, +0.014]) bounds the effect -- "no change larger than 0.014" -- but
    does not estimate it; it is printed as a screen with "meets target" beside it
    (`meets_target`), never as an estimate. `target` is accepted (and ignored here) so callers
    can pass what they know. A zero-width interval (the arms were identical in every pair) is
    a screen: it says nothing beyond the sample."""
    del target
    if not all(math.isfinite(v) for v in (est, lo, hi)) or hi <= lo:
        return "screen"
    h = (hi - lo) / 2.0
    return "estimate" if (lo > null or hi < null) and h < abs(est - null) else "screen"


def meets_target(lo: float, hi: float, target: float | None) -> bool | None:
    """Half-width <= target (a non-degenerate, finite interval); None without a target."""
    if target is None:
        return None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return False
    return (hi - lo) / 2.0 <= target


# --------------------------------------------------------------------------- run level
def _col(pr: pd.DataFrame, col: str, arm: str) -> np.ndarray:
    return pd.to_numeric(pr[f"{col}_{arm}"], errors="coerce").fillna(0).to_numpy(float)


def p_severe(runs: pd.DataFrame, base: str, treat: str, alpha: float = ALPHA,
             col: str = "peak_ge_4") -> Estimate:
    """Paired risk difference in P(severe incident in a run) (Newcombe method 10)."""
    pr = pair(runs, base, treat)
    x, y = _col(pr, col, "base") > 0, _col(pr, col, "treat") > 0
    rd, lo, hi = risk_difference_paired(x, y, alpha)
    return Estimate("p_severe_rd", base, treat, rd, lo, hi, len(pr), "risk difference",
                    TARGETS.get("p_severe_rd"))


def severe_rate(runs: pd.DataFrame, base: str, treat: str, alpha: float = ALPHA,
                col: str = "peak_ge_4") -> list[Estimate]:
    """Severe incidents per run-year: the paired difference and the paired rate ratio."""
    pr = pair(runs, base, treat)
    x, y = _col(pr, col, "base"), _col(pr, col, "treat")
    d = mean_diff_paired(x, y, alpha)
    r = rate_ratio_paired(x, y, alpha)
    return [Estimate("severe_rate_diff", base, treat, *d, len(pr), "per run"),
            Estimate("severe_rate_ratio", base, treat, *r, len(pr), "ratio")]


def severe_hazard(runs: pd.DataFrame, base: str, treat: str, alpha: float = ALPHA,
                  col: str = "severe_hazard") -> list[Estimate]:
    """The severe-incident rate by conditional Monte Carlo: paired difference and ratio of
    means; [] when the runs have no `col` (results written before the column existed)."""
    if col not in runs.columns:
        return []
    pr = pair(runs, base, treat)
    x, y = _col(pr, col, "base"), _col(pr, col, "treat")
    d = mean_diff_paired(x, y, alpha)
    r = _ratio_boot(y, x, alpha)
    return [Estimate("severe_hazard_diff", base, treat, *d, len(pr), "per run"),
            Estimate("severe_hazard_ratio", base, treat, *r, len(pr), "ratio")]


# --------------------------------------------------------------------------- encounter level
def _boot_reps(n: int, seed: int = 0, boot: int = BOOT) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(boot, n))


def _ratio_boot(num: np.ndarray, den: np.ndarray, alpha: float, seed: int = 0
                ) -> tuple[float, float, float]:
    """sum(num)/sum(den) over clusters (runs) with a percentile bootstrap over clusters."""
    if den.sum() <= 0:
        return (math.nan, math.nan, math.nan)
    est = float(num.sum() / den.sum())
    idx = _boot_reps(len(num), seed)
    with np.errstate(invalid="ignore", divide="ignore"):
        b = num[idx].sum(axis=1) / den[idx].sum(axis=1)
    b = b[np.isfinite(b)]
    lo, hi = np.quantile(b, [alpha / 2, 1 - alpha / 2])
    return (est, float(lo), float(hi))


def conditional_risk(encs: pd.DataFrame, runs: pd.DataFrame, scenario: str,
                     alpha: float = ALPHA) -> Estimate:
    """P(rung >= 4 | rung 3 reached) in one arm: ratio over runs, bootstrap over runs."""
    reps = ok_runs(runs).query("scenario == @scenario")["rep"].to_numpy()
    e = encs[encs["scenario"] == scenario]
    peak = e["peak_rung"].astype(int)
    n3 = e[peak >= 3].groupby("rep").size().reindex(reps, fill_value=0).to_numpy(float)
    n4 = e[peak >= 4].groupby("rep").size().reindex(reps, fill_value=0).to_numpy(float)
    est, lo, hi = _ratio_boot(n4, n3, alpha)
    return Estimate("cond_risk", scenario, scenario, est, lo, hi, int(n3.sum()),
                    "P(>=4 | >=3)")


def shared_encounters(encs: pd.DataFrame, base: str, treat: str,
                      value: str = "peak_rung") -> pd.DataFrame:
    """Encounters both arms share (same key, unique in both), side by side with their `value`
    (``<value>_base``, ``<value>_treat``)."""
    cols = [*PAIR_KEY, *(c for c in PAIR_KEY_OPTIONAL if c in encs.columns)]
    arms = []
    for name in (base, treat):
        e = encs.loc[encs["scenario"] == name, [*cols, value]]
        e = e[~e.duplicated(cols, keep=False)]
        arms.append(e)
    return arms[0].merge(arms[1], on=cols, suffixes=("_base", "_treat"))


def conditional_risk_paired(encs: pd.DataFrame, runs: pd.DataFrame, base: str, treat: str,
                            alpha: float = ALPHA) -> Estimate:
    """Among shared encounters that reached rung 3 in the base arm: P(treat >= 4) - P(base >= 4),
    bootstrap over runs."""
    sh = shared_encounters(encs, base, treat)
    sh = sh[sh["peak_rung_base"].astype(int) >= 3]
    reps = pair(runs, base, treat).index.to_numpy()
    g = sh.assign(b4=sh["peak_rung_base"].astype(int) >= 4,
                  t4=sh["peak_rung_treat"].astype(int) >= 4).groupby("rep")
    n = g.size().reindex(reps, fill_value=0).to_numpy(float)
    diff = (g["t4"].sum() - g["b4"].sum()).reindex(reps, fill_value=0).to_numpy(float)
    est, lo, hi = _ratio_boot(diff, n, alpha)
    return Estimate("cond_risk_rd", base, treat, est, lo, hi, int(n.sum()),
                    "risk difference among shared rung-3 encounters")


def shared_hazard_per_run(encs: pd.DataFrame, base: str, treat: str, reps: Any) -> np.ndarray:
    """Per replication in `reps`: the sum over the encounters both arms share of their
    ``severe_hazard``, treat - base (0 for a run with none)."""
    if encs.empty or "scenario" not in encs.columns:  # no encounter in any run
        return np.zeros(len(list(reps)))
    sh = shared_encounters(encs, base, treat, "severe_hazard")
    d = (sh["severe_hazard_treat"].astype(float) - sh["severe_hazard_base"].astype(float))
    return d.groupby(sh["rep"]).sum().reindex(list(reps), fill_value=0.0).to_numpy(float)


def shared_hazard(encs: pd.DataFrame, runs: pd.DataFrame, base: str, treat: str,
                  alpha: float = ALPHA) -> Estimate | None:
    """The line's direct effect on the expected severe incidents of the encounters both arms
    share: per run, the sum over shared encounters of ``severe_hazard`` (treat - base); the
    mean over runs with a percentile bootstrap over runs. None without the column.

    Why: in a few years the arms drift into different crises (other encounters, other
    tension), and those years carry the run-level difference of the hazard (its pairs are
    heavy-tailed: five pairs of 314 made the agreed line's +0.033). An encounter both arms
    share is the place the line acts; its hazard difference is the line's effect there, free
    of the encounters that exist in one arm only. Like ``cond_risk_rd``, it leaves out what the
    line changes by changing which encounters happen at all."""
    if "severe_hazard" not in encs.columns:
        return None
    reps = pair(runs, base, treat).index.to_numpy()
    per_run = shared_hazard_per_run(encs, base, treat, reps)
    est, lo, hi = _ratio_boot(per_run, np.ones_like(per_run), alpha)
    return Estimate("shared_hazard_diff", base, treat, est, lo, hi, len(reps),
                    "per run, shared encounters")


# --------------------------------------------------------------------------- crisis window
def window_counts(encs: pd.DataFrame, reps: Any, scenario: str, start_day: float, days: float,
                  rung: int) -> np.ndarray:
    """Per replication: encounters of `scenario` that begin in [start, start + days) and
    reach `rung`."""
    e = encs[encs["scenario"] == scenario]
    t0, t1 = start_day * 24.0, (start_day + days) * 24.0
    sel = e[(e["start_h"] >= t0) & (e["start_h"] < t1) & (e["peak_rung"].astype(int) >= rung)]
    return sel.groupby("rep").size().reindex(list(reps), fill_value=0).to_numpy(float)


def crisis_window(encs: pd.DataFrame, runs: pd.DataFrame, base: str, treat: str,
                  shock_day: float, windows: tuple[int, ...] = (30, 60),
                  alpha: float = ALPHA) -> list[Estimate]:
    """The W days after a shock: paired differences in rung-3 and rung-4 encounters, and the
    paired risk difference in P(a severe incident in the window)."""
    reps = pair(runs, base, treat).index.to_numpy()
    out = []
    for w in windows:
        for rung in (3, 4):
            x = window_counts(encs, reps, base, shock_day, w, rung)
            y = window_counts(encs, reps, treat, shock_day, w, rung)
            out.append(Estimate(f"crisis{w}_rung{rung}_diff", base, treat,
                                *mean_diff_paired(x, y, alpha), len(reps), "per run"))
        rd = risk_difference_paired(x > 0, y > 0, alpha)
        out.append(Estimate(f"crisis{w}_p_severe_rd", base, treat, *rd, len(reps),
                            "risk difference"))
    return out


def shock_day(scenario: Any) -> float | None:
    """The first scheduled shock of a scenario (its events), or None."""
    days = [ev.day for ev in getattr(scenario, "events", ()) if ev.kind == "shock"]
    return float(min(days)) if days else None


# --------------------------------------------------------------------------- all of them
def headline(runs: pd.DataFrame, encs: pd.DataFrame | None, base: str, treat: str,
             shock: float | None = None, alpha: float = ALPHA) -> list[Estimate]:
    """Every headline outcome of one treatment against its base."""
    out = [p_severe(runs, base, treat, alpha), *severe_rate(runs, base, treat, alpha),
           *severe_hazard(runs, base, treat, alpha)]
    if encs is not None and not encs.empty:
        out += [conditional_risk(encs, runs, base, alpha),
                conditional_risk(encs, runs, treat, alpha),
                conditional_risk_paired(encs, runs, base, treat, alpha)]
        sh = shared_hazard(encs, runs, base, treat, alpha)
        if sh is not None:
            out.append(sh)
        if shock is not None:
            out += crisis_window(encs, runs, base, treat, shock, alpha=alpha)
    return out


def table(estimates: list[Estimate]) -> pd.DataFrame:
    return pd.DataFrame([e.record() for e in estimates])


def fmt(e: Estimate | dict[str, Any], digits: int = 3) -> str:
    """'+0.012 [-0.004, +0.028] (estimate, +-0.016)' -- the status is always printed."""
    r = e.record() if isinstance(e, Estimate) else e
    sign = "+" if r["outcome"].endswith(("_rd", "_diff")) else ""
    f = f"{sign}.{digits}f"
    if not math.isfinite(r["est"]):
        return "n/a"
    return (f"{r['est']:{f}} [{r['lo']:{f}}, {r['hi']:{f}}] ({r['status']}, "
            f"+-{r['halfwidth']:.{digits}f})")
