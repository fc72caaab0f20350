"""Why section 8 changed in wave 15: the rerun's PRIM experiments, split by hand (post hoc).

The published section 8 (wave 9's run on 5f2c382fd3) found one box, `hotline_trigger_rung` in
[1, 2.5], which held on fresh experiments. The rerun on 9a2e10a finds none. The only model
change between the two is wave 13's wear (`hotline_answer_wear`, default 0, and
`hotline_wear_days`), which puts two more inputs into the line's 18 (so every column of the
Latin hypercube is another sample) and lets a line rung often be answered less. This script
reads the rerun's experiments (OUT/prim/cases.csv) and shows the density of the case
(`cuts_hazard`) by trigger rung, overall and by wear, with 95 % Wilson intervals. It is a look
after the fact, not a test: the stage's procedure (PRIM with quasi-p-values) is what the page
reports.

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
