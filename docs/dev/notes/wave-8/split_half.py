"""Split-half reliability of the drivers' Morris ranking (log_hazard_ratio), wave 8: within one seed,
mu* from replications 0-3 against 4-7 (same trajectories), then Spearman-Brown."""
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from SALib.analyze import morris as ma
from SALib.sample import morris as ms

from sim.batch import store
from sim.config.scenarios import load_scenario
from sim.study import groups
from sim.study import sensitivity as sens
from sim.study.findings import drivers_treatment

base, treat = load_scenario(sens.BASE), drivers_treatment()
facs = sens.factors(base, treat)
prob = groups.grouped(sens.problem(facs))
OUT = Path("/work/results-w8/findings/drivers")


def mustar(x, runs, n):
    po = sens.paired_outcomes(runs, n, "m")
    y = po["log_hazard_ratio"].fillna(0.0).to_numpy(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ma.analyze(prob, x, y, num_levels=4, seed=1, num_resamples=10)
    return pd.Series(res["mu_star"], index=res["names"])


for seed in (1, 2, 3):
    x = ms.sample(prob, 16, num_levels=4, seed=seed)
    runs = store.read_runs(OUT / f"seed{seed}" / "morris")
    a = mustar(x, runs[runs["rep"] < 4], len(x))
    b = mustar(x, runs[(runs["rep"] >= 4) & (runs["rep"] < 8)], len(x))
    full = mustar(x, runs[runs["rep"] < 8], len(x))
    r = stats.spearmanr(a, b)[0]
    print(f"seed {seed}: split-half Spearman (reps 0-3 vs 4-7) {r:.2f}; Spearman-Brown for 8: "
          f"{2 * r / (1 + r):.2f}, for 16: {4 * r / (1 + 3 * r):.2f}")
