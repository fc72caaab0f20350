"""Wave 11, third preregistration: the radial ranking by a log ratio of medians.

Usage: python median_rank.py /work/results-w11/findings/plausible
Reads the stage's stores only (radial/block-00 at 24 replications, radial/block-01 at 8,
radial/centres-00 at 24, effect at 8) and its elementary_effects.csv; runs nothing.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

FLOOR = 0.01  # the drivers' LOG_FLOOR


def y_median(hb: np.ndarray, ht: np.ndarray) -> np.ndarray:
    """log(median treat + floor) - log(median base + floor) over the pairs both finished."""
    both = np.isfinite(hb) & np.isfinite(ht)
    out = np.full(len(hb), np.nan)
    for i in range(len(hb)):
        if both[i].any():
            out[i] = (np.log(np.median(ht[i, both[i]]) + FLOOR)
                      - np.log(np.median(hb[i, both[i]]) + FLOOR))
    return out


if __name__ == "__main__":
    from sim.batch import store
    from sim.study import radial
    from sim.study.sensitivity import hazard_matrix

    stage = Path(sys.argv[1])
    ee = pd.read_csv(stage / "radial" / "elementary_effects.csv")
    per = int((ee["star"] == 0).sum())

    def block(name: str, prefix: str, n: int, reps: int) -> tuple[np.ndarray, np.ndarray]:
        runs = store.read_runs(stage / name)
        return hazard_matrix(runs[runs["rep"] < reps], n, prefix, reps)

    # (A) 48 stars at 8 years: the moved points of both blocks, centres from the effect batch
    m0 = block("radial/block-00", "r", 24 * per, 8)
    m1 = block("radial/block-01", "r", 24 * per, 8)
    c8 = block("effect", "e", 88, 8)
    ym = np.r_[y_median(*m0), y_median(*m1)]
    yc = y_median(*c8)[:48]
    a = radial.elementary_effects(ee[["star", "group"]], yc, ym, ee["kept"].to_numpy(bool))
    ta = radial.split_test(a, list(range(24)), list(range(24, 48)))
    # (B) the first 24 stars at 24 years: block-00 grown, centres-00
    m24 = block("radial/block-00", "r", 24 * per, 24)
    c24 = block("radial/centres-00", "e", 24, 24)
    first = ee[ee["star"] < 24].reset_index(drop=True)
    b = radial.elementary_effects(first[["star", "group"]], y_median(*c24), y_median(*m24),
                                  first["kept"].to_numpy(bool))
    tb = radial.split_test(b, list(range(12)), list(range(12, 24)))
    for label, t in (("(A) 48 stars at 8 years, 0-23 vs 24-47", ta),
                     ("(B) 24 stars at 24 years, 0-11 vs 12-23", tb)):
        print(f"{label}: Spearman {t['rank_correlation']:.3f}, top-down "
              f"{t['top_down_correlation']:.3f}: {t['verdict']}; left out {t['left_out']}")
        for g in t["ranking"]:
            d = next(x for x in t["designs"] if x["group"] == g)
            m, lo, hi = t["mu_star_ci"][g] or (np.nan,) * 3
            print(f"   {g:24s} mu* {m:.2f} [{lo:.2f}, {hi:.2f}]  halves "
                  f"{d['mu_star_a']:.2f} / {d['mu_star_b']:.2f}  steps {d['steps_a']}/"
                  f"{d['steps_b']}")
