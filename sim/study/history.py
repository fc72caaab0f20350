"""History matching: which of the registry's worlds are consistent with the record?

Why this module exists: the global designs (Morris, PRIM) sample every assumption over its
plausible range, jointly. Each range is plausible on its own; their corners together need not
be. Wave 9 found that most of PRIM's sample were *runaway worlds* (a median of 14 expected severe
incidents a year in the status quo, against about 0.3 in the record) and that such corners decide
the Morris ranking of the line's effect. A finding about the East China Sea should be read in
worlds that reproduce what the East China Sea did. History matching (Craig, Goldstein, Seheult
and Smith 1997; Vernon, Goldstein and Bower 2010; for agent-based models Andrianakis et al. 2015,
PLoS Comput Biol 11: e1003968) rules out the inputs whose outputs are implausibly far from the
observations, allowing for every source of uncertainty, and keeps the rest: the "not ruled out
yet" (NROY) worlds.

For one design point (a set of input values, run for several replications of the status quo):

    I_t = |mean_t - z_t| / sqrt(sd_obs_t^2 + (delta * z_t)^2 + var_t / n)

* ``z_t`` and ``sd_obs_t``: the observed value of target t and its uncertainty (`targets`).
  The activity targets are the validation's (`sim.study.validation`, period of the scenario):
  its acceptance range (the record's year-to-year spread plus Poisson noise, about +-2 sd) is
  read as z +- 2 sd. The escalation targets come from the incident record (`targets`).
* ``delta``: model discrepancy as a share of the observed value, `DISCREPANCY` (an assumption:
  10%, plausible 0-20%; Vernon et al. used 10% for their model's structural error).
* ``var_t / n``: the ensemble (Monte Carlo) variance of the point's mean over its n runs.

A point is ruled out when its largest implausibility exceeds `CUTOFF` = 3 (Pukelsheim's
three-sigma rule: for any unimodal distribution at least 95% of the mass lies within 3 sd).
No emulator: every point is run, so the rule is applied to simulated means, not predictions.

One rule more, for the heavy tail of escalation: a point is also ruled out when any of its
simulated years expects more severe incidents than a year of the record could have shown
(`runaway_limit`: about 10, the exact Poisson limit at the three-sigma tail for the record's
worst year of 2). Why: at the registry's corners a world can run away in one year of four
(hundreds of severe incidents) and stay quiet in the others; its mean is then huge but so is
its ensemble variance, and the implausibility above lets it through (wave 10: 128 of 200 of
PRIM's experiments passed, with means up to 487 a year). Fourteen years of record without such
a year is the evidence the mean-based measure cannot use with four replications.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2

from sim.study import validation
from sim.study.intervals import proportion_ci

#: Largest implausibility a world may have and stay (Pukelsheim 1994, the three-sigma rule).
CUTOFF = 3.0
#: Model discrepancy as a share of the observed value (assumption: 0.10, plausible 0-0.2).
DISCREPANCY = 0.10
#: Status quo rung-4 encounters in 2012-2025: four radar locks in two episodes (Jan 2013: a
#: helicopter on the 19th and Yudachi on the 30th; Dec 2025: two locks on F-15s), 14 years;
#: docs/record.md s1, docs/domain-facts.md. The episodes are the independent events, so the
#: rate's sd is that of 2 Poisson episodes of 2 locks each: 2 * sqrt(2) / 14.
SEVERE_LOCKS, SEVERE_EPISODES, SEVERE_YEARS = 4, 2, 14
#: Encounters reaching rung 3 a year: the calibration target "a few to ~15" (docs/model.md
#: s3.5, `tools/calibrate_escalation.py`), read as 9 +- 2 sd of 3. An assumption: the record
#: tallies ~16 public 'dangerous' incidents in 2012-2025 and most rung-3 encounters (close
#: shadowing, warnings) are never published.
RUNG3_RANGE = (3.0, 15.0)
#: The record's worst year: two rung-4 encounters (2013 and 2025, two locks each).
WORST_YEAR = 2
#: How improbable the record's worst year must be under a simulated year for that year to rule
#: its world out: 0.0027, the two-sided three-sigma tail of a normal variable (used here as a
#: one-sided probability, so stricter than a one-sided three sigma, 0.00135, would be: the
#: limit is 10.0 expected severe incidents instead of 10.9).
TAIL = 0.0027


def runaway_limit(worst: int = WORST_YEAR, tail: float = TAIL) -> float:
    """Expected severe incidents in one year above which that year could not have produced
    the record's worst year (at most `worst`) but with probability below `tail`: the exact upper
    Poisson limit, chi2(1 - tail, 2 (worst + 1)) / 2 (about 10 for worst = 2)."""
    return float(chi2.ppf(1 - tail, 2 * (worst + 1)) / 2)


@dataclass(frozen=True)
class Target:
    """An observed yearly quantity, its uncertainty, and the run field that simulates it."""

    key: str
    label: str
    observed: float
    sd: float
    source: str


def escalation_targets() -> tuple[Target, ...]:
    """The incident record's two targets: rung-4 encounters and rung-3 encounters a year."""
    z4 = SEVERE_LOCKS / SEVERE_YEARS
    sd4 = (SEVERE_LOCKS / SEVERE_EPISODES) * math.sqrt(SEVERE_EPISODES) / SEVERE_YEARS
    lo3, hi3 = RUNG3_RANGE
    return (
        Target("severe", "encounters reaching rung 4 a year (expected, severe_hazard)", z4, sd4,
               "4 fire-control radar locks in 2 episodes, 2012-2025 (docs/record.md s1; "
               "domain-facts.md); sd of 2 Poisson episodes"),
        Target("rung3", "encounters reaching rung 3 a year", (lo3 + hi3) / 2, (hi3 - lo3) / 4,
               "calibration target 'a few to ~15 a year' (docs/model.md s3.5), an assumption; "
               "read as +-2 sd"),
    )


def targets(period: str = "2022") -> tuple[Target, ...]:
    """Every target of a scenario of `period`: the validation's activity targets (their
    acceptance range read as +-2 sd) and the incident record's (`escalation_targets`)."""
    act = tuple(Target(t.metric, t.label, t.observed, (t.hi - t.lo) / 4,
                       f"{t.source}; validation range [{t.lo:.4g}, {t.hi:.4g}] read as +-2 sd")
                for t in validation.targets(period))
    return act + escalation_targets()


def per_run(runs: pd.DataFrame, key: str) -> np.ndarray:
    """One yearly value per run for target `key` (runs shorter than a year are scaled)."""
    if key in validation.METRIC_BY_KEY:
        return validation.yearly_values(runs, key)
    field = {"severe": "severe_hazard", "rung3": "peak_ge_3"}[key]
    days = pd.to_numeric(runs["days"], errors="coerce").to_numpy(float)
    vals = pd.to_numeric(runs[field], errors="coerce").to_numpy(float) * 365.0 / days
    return vals[np.isfinite(vals)]


def implausibility_of(vals: np.ndarray, target: Target,
                      discrepancy: float = DISCREPANCY) -> tuple[float, float]:
    """(mean, implausibility) of one point's yearly values against one target."""
    n = int(vals.size)
    if not n:
        return math.nan, math.nan
    mean = float(vals.mean())
    ens = float(vals.var(ddof=1)) / n if n > 1 else 0.0
    var = target.sd ** 2 + (discrepancy * target.observed) ** 2 + ens
    return mean, abs(mean - target.observed) / math.sqrt(var)


def implausibility(runs: pd.DataFrame, by: str = "scenario", period: str = "2022",
                   discrepancy: float = DISCREPANCY,
                   only: tuple[Target, ...] | None = None, runaway: bool = True
                   ) -> pd.DataFrame:
    """One row per value of `by` (a design point): each target's simulated mean
    (``mean_<key>``) and implausibility (``I_<key>``), the largest (``I_max``), the target
    that sets it (``worst``) and whether the point stays (``nroy``: I_max <= `CUTOFF`, no
    runaway year and no failed run -- a run that crashed or timed out is likelier in a world
    that runs away, so it is not silently left out; ``failed`` counts them).

    `only` replaces the period's targets (say, `escalation_targets` for runs that carry no
    activity counts); ``runaway=False`` leaves out the runaway-year rule (the rule of wave
    10's preregistration, written before the rule existed)."""
    runs = runs.reset_index(drop=True)  # a concatenation's repeated labels must not align
    ok = (runs["status"] == "ok") if "status" in runs.columns else pd.Series(True, runs.index)
    tg = only if only is not None else targets(period)
    rows = []
    for point, every in runs.groupby(by, sort=True):
        sub = every[ok.loc[every.index].to_numpy()]
        row: dict[str, object] = {by: point, "n": len(sub), "failed": len(every) - len(sub)}
        for t in tg:
            vals = per_run(sub, t.key)
            row[f"mean_{t.key}"], row[f"I_{t.key}"] = implausibility_of(vals, t, discrepancy)
            if t.key == "severe":  # the runaway-year rule reads the worst single year
                row["max_year_severe"] = float(vals.max()) if vals.size else math.nan
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    cols = [f"I_{t.key}" for t in tg]
    imp = table[cols].fillna(np.inf)  # a target a point cannot be measured on rules it out
    table["I_max"] = imp.max(axis=1)
    table["worst"] = imp.idxmax(axis=1).str[2:]
    ran_away = (table["max_year_severe"] > runaway_limit()
                if runaway and "max_year_severe" in table
                else pd.Series(False, index=table.index))
    table.loc[ran_away & (table["I_max"] <= CUTOFF), "worst"] = "runaway year"
    failed = table["failed"] > 0
    table.loc[failed, "worst"] = "failed run"
    table["nroy"] = (table["I_max"] <= CUTOFF) & ~ran_away & ~failed
    return table


def runs_from_ema(outcomes: dict[str, Any], days: int, arm: str = "") -> pd.DataFrame:
    """EMA Workbench outcomes (arrays of experiments x replications, `sim.study.ema`) as a
    runs table `implausibility` reads, one row a replication, ``scenario`` the experiment's
    index. `arm` ("base" or "treat") picks an effect model's arm (``<field>_<arm>``).

        experiments, outcomes = perform_experiments(ema.scenario_model(reps=2, days=365), 100)
        table = history.implausibility(history.runs_from_ema(outcomes, 365))
        plausible = experiments[table["nroy"].to_numpy()]

    The effect model returns no activity counts: pass ``only=escalation_targets()``."""
    tail = f"_{arm}" if arm else ""
    cols = {k[: len(k) - len(tail)] if tail else k: np.asarray(v, dtype=float)
            for k, v in outcomes.items() if k.endswith(tail) and np.ndim(v) == 2}
    if not cols:
        raise ValueError("runs_from_ema: no per-replication outcome"
                         + (f" of arm {arm}" if arm else ""))
    n, r = next(iter(cols.values())).shape
    return pd.DataFrame({"scenario": np.repeat(np.arange(n), r), "rep": np.tile(np.arange(r), n),
                         "days": days, **{k: v.ravel() for k, v in cols.items()}})


def share(table: pd.DataFrame) -> tuple[float, float, float]:
    """The share of points that stay, with its Wilson 95% interval."""
    return proportion_ci(int(table["nroy"].sum()), len(table))


def ruled_out_by(table: pd.DataFrame) -> pd.Series:
    """Per target: the share of points it alone would rule out (I_t > `CUTOFF`)."""
    cols = [c for c in table.columns if c.startswith("I_") and c != "I_max"]
    return pd.Series({c[2:]: float((table[c].fillna(np.inf) > CUTOFF).mean()) for c in cols})


# --------------------------------------------------------------------------- a wave
def sample(facs: list[Any], n: int, seed: int) -> pd.DataFrame:
    """A Latin hypercube of `n` points over the factors' ranges (scipy's ``qmc``), as
    parameter values of the right type (`sim.study.sensitivity.values`)."""
    from scipy.stats import qmc

    from sim.study.sensitivity import values

    u = qmc.LatinHypercube(d=len(facs), seed=seed).random(n)
    lo = np.array([f.lo for f in facs])
    hi = np.array([f.hi for f in facs])
    return pd.DataFrame([values(facs, row) for row in lo + u * (hi - lo)])


def constraints(design: pd.DataFrame, nroy: np.ndarray) -> pd.DataFrame:
    """Which inputs the record constrains: per input, the two-sample Kolmogorov-Smirnov
    distance between the points that stay and those ruled out (Monte Carlo filtering, Spear
    and Hornberger 1980), its p-value and Holm's adjustment over all inputs (statsmodels),
    and the input's median among the points that stay, against its median overall."""
    from scipy.stats import ks_2samp
    from statsmodels.stats.multitest import multipletests

    keep = np.asarray(nroy, dtype=bool)
    rows = []
    for name in design.columns:
        x = design[name].to_numpy(float)
        if keep.all() or not keep.any():
            d, p = 0.0, 1.0
        else:
            res = ks_2samp(x[keep], x[~keep])
            d, p = float(res.statistic), float(res.pvalue)
        rows.append({"factor": name, "ks": d, "p": p,
                     "median_nroy": float(np.median(x[keep])) if keep.any() else math.nan,
                     "median_all": float(np.median(x))})
    table = pd.DataFrame(rows)
    table["p_holm"] = multipletests(table["p"], method="holm")[1] if len(table) else []
    return table.sort_values("ks", ascending=False, kind="stable").reset_index(drop=True)


def run_wave(size: dict[str, Any], seed: int, out: Path, base: Any, treat: Any, **kw: Any
             ) -> tuple[list[Any], pd.DataFrame, pd.DataFrame]:
    """One wave of history matching: `size["n"]` points of a Latin hypercube over the
    assumptions of `base` and `treat` (the drivers' space), the status quo run `size["reps"]`
    times for `size["days"]` days at each and ruled in or out against the record. Returns
    (factors, design, implausibility table), one row a point in both, and writes
    ``implausibility.csv`` in `out`."""
    from sim.study import sensitivity as sens

    facs = sens.factors(base, treat)
    design = sample(facs, int(size["n"]), seed)
    runs = sens.run_points(design.to_dict("records"), "h", out / "wave", int(size["reps"]),
                           int(size["days"]), base, treat, base_only=True, seed=seed, **kw)
    table = implausibility(runs)
    table["point"] = sens.point_index(table["scenario"])
    table = table.sort_values("point").reset_index(drop=True)
    design = design.iloc[table["point"]].reset_index(drop=True)
    pd.concat([table, design], axis=1).to_csv(out / "implausibility.csv", index=False)
    return facs, design, table


def wave_record(facs: list[Any], design: pd.DataFrame, table: pd.DataFrame,
                size: dict[str, Any], seed: int, out: Path) -> dict[str, Any]:
    """What a wave found: what stays, what rules the rest out, which inputs the record
    constrains (all of them in ``constraints.csv`` in `out`), the box of the staying worlds
    (if any passes), and the negative control -- the line's own assumptions are in the
    design but never read by the status quo, so none of them should pass Holm's bar."""
    cons = constraints(design, table["nroy"].to_numpy())
    cons.to_csv(out / "constraints.csv", index=False)
    p, lo, hi = share(table)
    keep = table["nroy"]
    control = cons[cons["factor"].str.startswith("hotline_")]
    means = [c for c in table.columns if c.startswith("mean_")]
    box = plausible_box(design, keep.to_numpy())
    return {"box": box and {k: box[k] for k in ("coverage", "density", "mass", "restrictions",
                                                "qp", "base_density")},
            "size": size, "seed": seed, "points": len(table), "factors": len(facs),
            "reps": int(size["reps"]), "days": int(size["days"]),
            "cutoff": CUTOFF, "discrepancy": DISCREPANCY, "runaway_limit": runaway_limit(),
            "targets": [vars(t) for t in targets()],
            "nroy": int(keep.sum()), "share": [p, lo, hi],
            "ruled_out_by": ruled_out_by(table).to_dict(),
            "worst": table.loc[~keep, "worst"].value_counts().to_dict(),
            "median_all": table[means].median().to_dict(),
            "median_nroy": table.loc[keep, means].median().to_dict() if keep.any() else {},
            "constraints": cons.head(12).to_dict("records"),
            "constrained": cons.loc[cons["p_holm"] < 0.05, "factor"].tolist(),
            "control": {"factors": len(control),
                        "min_p_holm": float(control["p_holm"].min()) if len(control)
                        else None}}


def plausible_box(design: pd.DataFrame, nroy: np.ndarray) -> dict[str, Any] | None:
    """The box of inputs where the worlds that stay are densest: PRIM with quasi-p-values
    (`sim.study.discovery.prim_boxes`) on the wave, the points that stay as the cases, the
    densest box that keeps half of them. Why: a design that needs ranges (Morris) could be
    drawn inside such a box; wave 10 found none that passes (the record constrains
    combinations, not ranges), which the page reports."""
    from sim.study.discovery import prim_boxes

    y = np.asarray(nroy, dtype=bool)
    if not y.any() or y.all():
        return None
    boxes = prim_boxes(design.astype(float), y, n_boxes=1)
    return boxes[0] if boxes and boxes[0]["restrictions"] else None
