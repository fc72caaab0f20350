"""Wave 11, second preregistration: the first 24 radial stars at 24 paired years a point.

Usage (from a checkout on PYTHONPATH; ~65 min on two workers):
    python reps24.py /work/results-w11/findings/plausible /work/results-w11/reps24

STAGE is the `plausible` stage's directory (its wave's implausibility.csv and its radial
elementary_effects.csv are read, nothing there is written); OUT holds a copy of the stage's
radial block-00 (grown here from 8 to 24 replications) and a new batch of the 24 centres.
"""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPS, STARS, SEED, DAYS = 24, 24, 1, 365

if __name__ == "__main__":
    from sim.batch import store
    from sim.config.scenarios import load_scenario
    from sim.study import history, radial
    from sim.study import sensitivity as sens
    from sim.study.findings import BASE, DESIGNS, drivers_treatment

    stage, out = Path(sys.argv[1]), Path(sys.argv[2])
    size = DESIGNS["session"]["plausible"]
    base, treat = load_scenario(BASE), drivers_treatment(size.get("treatment"))
    facs = sens.factors(base, treat)
    design = history.sample(facs, int(size["n"]), SEED)  # run_wave's design, in point order
    imp = pd.read_csv(stage / "implausibility.csv")
    assert imp["point"].tolist() == list(range(len(design)))
    centres = design[imp["nroy"].to_numpy(bool)].reset_index(drop=True).iloc[:STARS]
    points, index = radial.star_points(facs, centres)
    ee_stage = pd.read_csv(stage / "radial" / "elementary_effects.csv")
    kept = ee_stage[ee_stage["star"] < STARS]["kept"].to_numpy(bool)
    assert ee_stage[ee_stage["star"] < STARS][["star", "group"]].reset_index(drop=True).equals(
        index[["star", "group"]])
    kw = dict(workers=2, seed=SEED)
    runs_m = sens.run_points(points, "r", out / "block-00", REPS, DAYS, base, treat, **kw)
    runs_c = sens.run_points(centres.to_dict("records"), "e", out / "centres", REPS, DAYS,
                             base, treat, **kw)
    hm = sens.hazard_matrix(runs_m, len(points), "r", REPS)
    hc = sens.hazard_matrix(runs_c, STARS, "e", REPS)
    # the check of reproducibility: the centres' first 8 replications are the stage's runs
    eff = store.read_runs(stage / "effect")
    eb, et = sens.hazard_matrix(eff[eff["rep"] < 8], 88, "e", 8)
    same = bool(np.array_equal(eb[:STARS], hc[0][:, :8], equal_nan=True)
                and np.array_equal(et[:STARS], hc[1][:, :8], equal_nan=True))
    res = {"centres_reproduce_stage": same}
    half = (list(range(STARS // 2)), list(range(STARS // 2, STARS)))
    for label, w in (("8", np.r_[np.ones(8), np.zeros(REPS - 8)]), ("24", np.ones(REPS))):
        yc = radial._log_ratio(*hc, w)
        ym = radial._log_ratio(*hm, w)
        ee = radial.elementary_effects(index, yc, ym, kept)
        use = [r for r in range(REPS) if w[r]]
        ee["se"] = radial.step_noise((hc[0][:, use], hc[1][:, use]),
                                     (hm[0][:, use], hm[1][:, use]), ee["star"].to_numpy())
        t = radial.split_test(ee, *half)
        t["noise_floor"] = radial.noise_floor(ee)
        res[label] = {k: t[k] for k in ("rank_correlation", "top_down_correlation", "verdict",
                                        "left_out", "kept", "steps", "ranking", "mu_star",
                                        "mu_star_ci", "noise_floor", "designs")}
        ee.to_csv(out / f"elementary_effects_{label}.csv", index=False)
    (out / "reps24.json").write_text(json.dumps(res, indent=2, default=float) + "\n")
    print("centres' first 8 replications equal the stage's:", same)
    for label in ("8", "24"):
        r = res[label]
        print(f"{label} paired years: Spearman {r['rank_correlation']:.3f}, top-down "
              f"{r['top_down_correlation']:.3f}: {r['verdict']}; left out {r['left_out']}")
        for g in r["ranking"]:
            m, lo, hi = r["mu_star_ci"][g]
            f = r["noise_floor"][g]
            d = next(x for x in r["designs"] if x["group"] == g)
            print(f"   {g:24s} mu* {m:.2f} [{lo:.2f}, {hi:.2f}]  floor {f:.2f}  "
                  f"ratio {m / f:.2f}  halves {d['mu_star_a']:.2f} / {d['mu_star_b']:.2f}")
