"""Wave 9, exploratory (after the pre-registered check failed; not part of any verdict): why do
seeds disagree on the drivers of the effect? Rebuilds each trajectory's elementary effects of
`log_hazard_ratio` from a drivers stage's stored ``morris_design.csv`` (one group changes
between consecutive points; |dy| is proportional to |EE|, the step being constant), checks that
their mean reproduces the stage's rank correlations, and asks whether a robust statistic (the
median |EE|) would rank alike across seeds.

    python docs/dev/notes/wave-9/drivers_explore.py /work/results-w9/findings/drivers

Output on wave 9's four seeds (16 trajectories x 8 paired years each):

    mean   1v2 0.75 1v3 0.69 2v3 0.58 1v4 0.06 2v4 -0.15 3v4 0.10 | pooled 0.41
    median 1v2 -0.23 1v3 0.55 2v3 0.13 1v4 0.31 2v4 0.46 3v4 0.48 | pooled 0.56
    seed4 tension |dy| top 3: [7.67, 0.67, 0.65] share of top1: 0.63
    kurtosis of |dy| 30.1

Reading: the mean reproduces the stage (0.75, 0.69, 0.58; pooled 0.41). Seed 4 ranks `tension`
first because of one elementary effect (a change of 7.67 in the log ratio, 63 % of that group's
sum). Its two points (design rows 78 and 79 of seed 4): at the first the base arm runs away --
201.6 expected severe incidents a year over its 8 years, against ~0.2 in the status quo -- and
the line removes nearly all of it (log ratio -8.21); one step in the tension group later the base
arm expects 0.08 and the ratio is -0.54. So the ranking is decided by which trajectories pass
through a corner of runaway escalation that the line averts, a regime switch, not by a smooth
effect each group has; the median is no steadier (pooled 0.56). What the ranking lacks is not
only trajectories: the outcome's tail decides it. A next design should fix, before it runs,
how such corners enter (say an effect outcome bounded in the runaway regime, such as the share
of the base hazard removed, or the regime itself as a case for scenario discovery), and test
that.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.config.scenarios import load_scenario
from sim.study import findings, groups
from sim.study import sensitivity as sens

BY = "log_hazard_ratio"


def effects(path: Path, names: list[str], grp: list[str]) -> pd.DataFrame:
    """|dy| per (trajectory, group) of one seed's stored design."""
    d = pd.read_csv(path)
    x, y = d[names].to_numpy(float), d[BY].to_numpy(float)
    k = len(set(grp))
    rows = []
    for t in range(len(d) // (k + 1)):
        for i in range(k):
            a = t * (k + 1) + i
            changed = np.nonzero(~np.isclose(x[a], x[a + 1]))[0]
            rows.append({"traj": t, "group": grp[changed[0]], "abs": abs(y[a + 1] - y[a])})
    return pd.DataFrame(rows)


def main() -> None:
    root = Path(sys.argv[1])
    base = load_scenario(findings.BASE)
    prob = groups.grouped(sens.problem(sens.factors(base, findings.drivers_treatment(None))))
    ee = {s: effects(root / f"seed{s}" / "morris_design.csv", prob["names"], prob["groups"])
          for s in (1, 2, 3, 4)}

    def rho(a: pd.Series, b: pd.Series) -> float:
        return float(stats.spearmanr(a, b.loc[a.index]).statistic)

    for f in ("mean", "median"):
        s = {k: v.groupby("group")["abs"].agg(f) for k, v in ee.items()}
        p12 = pd.concat([ee[1], ee[2]]).groupby("group")["abs"].agg(f)
        p34 = pd.concat([ee[3], ee[4]]).groupby("group")["abs"].agg(f)
        pairs = ((1, 2), (1, 3), (2, 3), (1, 4), (2, 4), (3, 4))
        print(f, " ".join(f"{a}v{b} {rho(s[a], s[b]):.2f}" for a, b in pairs),
              f"| pooled {rho(p12, p34):.2f}")
    t4 = ee[4][ee[4]["group"] == "tension"]["abs"].sort_values(ascending=False)
    print("seed4 tension |dy| top 3:", t4.head(3).round(2).tolist(),
          f"share of top1: {t4.iloc[0] / t4.sum():.2f}")
    print(f"kurtosis of |dy| {stats.kurtosis(pd.concat(ee.values())['abs']):.1f}")


if __name__ == "__main__":
    main()
