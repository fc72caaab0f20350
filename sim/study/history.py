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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

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
                   discrepancy: float = DISCREPANCY) -> pd.DataFrame:
    """One row per value of `by` (a design point): each target's simulated mean
    (``mean_<key>``) and implausibility (``I_<key>``), the largest (``I_max``), the target
    that sets it (``worst``) and whether the point stays (``nroy``: I_max <= `CUTOFF`)."""
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    tg = targets(period)
    rows = []
    for point, sub in runs.groupby(by, sort=True):
        row: dict[str, object] = {by: point, "n": len(sub)}
        for t in tg:
            row[f"mean_{t.key}"], row[f"I_{t.key}"] = implausibility_of(per_run(sub, t.key), t,
                                                                         discrepancy)
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    cols = [f"I_{t.key}" for t in tg]
    imp = table[cols].fillna(np.inf)  # a target a point cannot be measured on rules it out
    table["I_max"] = imp.max(axis=1)
    table["worst"] = imp.idxmax(axis=1).str[2:]
    table["nroy"] = table["I_max"] <= CUTOFF
    return table


def share(table: pd.DataFrame) -> tuple[float, float, float]:
    """The share of points that stay, with its Wilson 95% interval."""
    return proportion_ci(int(table["nroy"].sum()), len(table))


def ruled_out_by(table: pd.DataFrame) -> pd.Series:
    """Per target: the share of points it alone would rule out (I_t > `CUTOFF`)."""
    cols = [c for c in table.columns if c.startswith("I_") and c != "I_max"]
    return pd.Series({c[2:]: float((table[c].fillna(np.inf) > CUTOFF).mean()) for c in cols})
