"""Is it wear, or the new sample? Section 8's rerun again, with wear held at ~0 (wave 15).

The prim rerun (no box) differs from the first run (`hotline_trigger_rung` in [1, 2.5]) in two
ways at once: its hypercube samples the assumptions afresh (two more columns, wear's), and
wear lets a line rung often be answered less. This script separates them. It runs the stage's
200 experiments x 4 paired replications again with one change: `hotline_answer_wear`'s range
is [0, 1e-9] instead of [0, 0.2], which leaves every column of the Latin hypercube (EMA draws
each on the unit interval, then scales it) as in the rerun -- checked below, column by column
-- while the wear it samples is nil. Then it compares, on the same experiments, the share that
cut the line's expected severe incidents by a fifth, by trigger rung: if the split comes back
with wear at ~0, wear is what weakened it; if not, it is the new sample of the assumptions.

    python docs/dev/notes/wave-15/prim_nowear.py /work/results-w15/findings   (~20 min, 2 cores)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sim.study import ema, prim_check
from sim.study.findings import DESIGNS
from sim.study.intervals import proportion_ci


def _split(t: pd.DataFrame, label: str) -> None:
    early = t["hotline_trigger_rung"] <= 2
    for name, m in (("trigger rung 1-2", early), ("trigger rung 3-6", ~early)):
        k, n = int(t.loc[m, prim_check.CASE].sum()), int(m.sum())
        p, lo, hi = proportion_ci(k, n)
        print(f"{label:<22} {name}: {k:>3} of {n:>3}  {p:.2f} [{lo:.2f}, {hi:.2f}]")


def main(out: Path) -> None:
    from ema_workbench import RealParameter, save_results

    size = DESIGNS["session"]["prim"]
    model = ema.effect_model(reps=size["prim_reps"], days=size["days"], seed=1)
    model.uncertainties = [RealParameter(u.name, 0.0, 1e-9) if u.name == "hotline_answer_wear"
                           else u for u in model.uncertainties]
    exps, outs = ema.run(model, scenarios=size["prim_n"], policies=size["prim_n"], seed=1,
                         backend="process", workers=2, progress=True)
    (out / "prim_nowear").mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        save_results((exps, outs), str(out / "prim_nowear" / "ema_results.tar.gz"))
    names = [p.name for p in (*model.uncertainties, *model.levers) if p.name in exps.columns]
    nowear = prim_check.experiment_cases(exps, outs, names, days=int(size["days"]))
    rerun = pd.read_csv(out / "prim" / "cases.csv")
    cols = [c for c in names if c != "hotline_answer_wear"]
    same = all(np.allclose(nowear[c].to_numpy(float), rerun[c].to_numpy(float)) for c in cols)
    print(f"the other {len(cols)} columns equal the rerun's: {same}")
    _split(rerun, "rerun (wear 0-0.2)")
    _split(nowear, "same, wear ~0")
    both = rerun[prim_check.CASE].to_numpy(bool), nowear[prim_check.CASE].to_numpy(bool)
    print(f"cases: rerun {both[0].sum()}, wear ~0 {both[1].sum()}; "
          f"in both {(both[0] & both[1]).sum()}")
    nowear.to_csv(out / "prim_nowear" / "cases.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
