"""Why section 8 changed in wave 15: the rerun's PRIM experiments, split by hand (post hoc).

The published section 8 (wave 9's fit, on e56b158 with uncommitted changes, its record read on
5f2c382fd3) found one box, `hotline_trigger_rung` in [1, 2.5], which held on fresh
experiments. The rerun on 9a2e10a finds none. The only change to what the model computes
between the two (golden digests unchanged) is wave 13's wear (`hotline_answer_wear`, default
0, and `hotline_wear_days`): two more assumption columns, so every assumption column (98,
wear's among them) is another sample -- the line's five design columns, trigger rung among
them, are the first run's (a hypercube of their own) -- and a line rung often may be answered
less. This script reads the rerun's experiments (OUT/prim/cases.csv) and shows the density of
the case (`cuts_hazard`) by trigger rung, overall and by wear, with 95 % Wilson intervals. A
look after the fact, not a test (the cut at wear 0.1 was chosen after looking):
`prim_nowear.py` is the test of which change weakened the split.

    python docs/dev/notes/wave-15/prim_wear.py /work/results-w15/findings
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from sim.study.intervals import proportion_ci


def _row(t: pd.DataFrame, mask: pd.Series, label: str) -> str:
    k, n = int(t.loc[mask, "cuts_hazard"].sum()), int(mask.sum())
    p, lo, hi = proportion_ci(k, n)
    return f"{label:<38} n {n:>3}  density {p:.2f} [{lo:.2f}, {hi:.2f}]"


def main(out: Path) -> None:
    t = pd.read_csv(out / "prim" / "cases.csv")
    early, wear = t["hotline_trigger_rung"] <= 2, t["hotline_answer_wear"]
    print(_row(t, early | ~early, "all experiments"))
    print(_row(t, early, "trigger rung 1-2"))
    print(_row(t, ~early, "trigger rung 3-6"))
    for lo, hi in ((0.0, 0.1), (0.1, 0.2)):
        band = (wear >= lo) & (wear < hi)
        print(_row(t, band & early, f"wear [{lo}, {hi}), trigger rung 1-2"))
        print(_row(t, band & ~early, f"wear [{lo}, {hi}), trigger rung 3-6"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
