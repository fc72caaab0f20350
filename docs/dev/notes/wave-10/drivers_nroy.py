"""Wave 10, exploratory (preregistered in preregistration.md): the drivers' Morris ranking of
the line's effect among worlds the record does not rule out.

    python docs/dev/notes/wave-10/drivers_nroy.py /work/results-w9/findings/drivers
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from sim.study import history
from sim.study.groups import group_of
from sim.study.sensitivity import NULL

OUTCOME = "log_hazard_ratio"
DELTA = 4 / (2 * (4 - 1))
MIN_STEPS = 5


def steps(d: Path, runaway: bool) -> pd.DataFrame:
    """One row per elementary effect of one seed: group, |dy|/delta, both ends NROY?"""
    design = pd.read_csv(d / "morris_design.csv")
    runs = pd.read_parquet(d / "morris" / "runs.parquet")
    imp = history.implausibility(runs[runs["scenario"].str.endswith("-base")], runaway=runaway)
    nroy = imp.set_index(imp["scenario"].str[1:6].astype(int))["nroy"]
    y = design[OUTCOME].fillna(NULL.get(OUTCOME, 0.0)).to_numpy(float)
    names = [c for c in design.columns if c in _factors(design)]
    x = design[names].to_numpy(float)
    g1 = len({group_of(n) for n in names}) + 1  # points per trajectory
    rows = []
    for t in range(len(design) // g1):
        for k in range(g1 - 1):
            a, b = t * g1 + k, t * g1 + k + 1
            moved = {group_of(names[j]) for j in np.flatnonzero(x[a] != x[b])}
            if len(moved) != 1:
                raise SystemExit(f"{d}: step {a}->{b} moves {moved}")
            rows.append({"group": moved.pop(), "ee": abs(y[b] - y[a]) / DELTA,
                         "kept": bool(nroy[a] and nroy[b])})
    return pd.DataFrame(rows)


def _factors(design: pd.DataFrame) -> set[str]:
    from sim.study.sensitivity import OUTCOMES
    return set(design.columns) - set(OUTCOMES)


def mu_star(st: pd.DataFrame) -> pd.DataFrame:
    st = st.assign(ee_kept=st["ee"].where(st["kept"]))
    return st.groupby("group").agg(all=("ee", "mean"), n_all=("ee", "size"),
                                   kept=("ee_kept", "mean"), n_kept=("kept", "sum"))


def main(root: Path) -> None:
    print("== preregistered rule (I_max <= 3) ==")
    one(root, runaway=False)
    print("\n== amended rule, not preregistered (I_max <= 3 and no runaway year) ==")
    one(root, runaway=True)


def one(root: Path, runaway: bool) -> None:
    seeds = {s: steps(root / f"seed{s}", runaway) for s in (1, 2, 3, 4)}
    a = mu_star(pd.concat([seeds[1], seeds[2]], ignore_index=True))
    b = mu_star(pd.concat([seeds[3], seeds[4]], ignore_index=True))
    check = spearmanr(a["all"], b["all"]).statistic
    print(f"check (every step kept): Spearman {check:.3f} (wave 9: 0.41)")
    for s, st in seeds.items():
        print(f"seed {s}: {int(st['kept'].sum())} of {len(st)} steps kept")
    both = a.add_suffix("_A").join(b.add_suffix("_B"))
    ok = both[(both["n_kept_A"] >= MIN_STEPS) & (both["n_kept_B"] >= MIN_STEPS)]
    left = sorted(set(both.index) - set(ok.index))
    rho = spearmanr(ok["kept_A"], ok["kept_B"]).statistic
    print(both[["kept_A", "n_kept_A", "kept_B", "n_kept_B", "all_A", "all_B"]]
          .sort_values("kept_A", ascending=False).round(3).to_string())
    print(f"left out (< {MIN_STEPS} kept steps): {left or 'none'}")
    verdict = ("inconclusive" if len(left) > 3 else "holds" if rho >= 0.7 else "does not hold")
    print(f"conditioned Spearman A vs B: {rho:.3f} on {len(ok)} groups -> {verdict}")
    from sim.study.screening import top_down_correlation
    fa = pd.DataFrame({"outcome": OUTCOME, "factor": ok.index, "mu_star": ok["kept_A"]})
    fb = pd.DataFrame({"outcome": OUTCOME, "factor": ok.index, "mu_star": ok["kept_B"]})
    print(f"top-down: {top_down_correlation(fa, fb, OUTCOME):.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
