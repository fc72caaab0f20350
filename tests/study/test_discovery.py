"""The where-it-matters pipeline (grid, heatmap, PRIM) runs end to end on a tiny design."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.study import discovery as d
from tests.helpers import FAKE


def test_prim_finds_a_planted_box() -> None:
    rng = np.random.default_rng(3)
    x = pd.DataFrame({"answer": rng.random(600), "consult": rng.random(600) * 8,
                      "noise": rng.random(600)})
    y = (x["answer"] > 0.7) & (x["consult"] < 2.0)
    boxes = d.prim_boxes(x, y.to_numpy())
    assert boxes, "PRIM found no box"
    b = boxes[0]
    assert b["density"] > 0.8 and b["coverage"] >= 0.5
    assert set(b["restrictions"]) >= {"answer", "consult"}
    assert b["restrictions"]["answer"][0] > 0.5
    assert d.prim_boxes(x, np.zeros(600, dtype=bool)) == []


def test_tiny_grid_end_to_end_with_the_fake_model(tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "where"
    summ = d.run_where("tiny", out=out, backend="serial", run_fn=FAKE, progress=False,
                       reps=6, days=60)
    for name in ("grid.csv", "cases.csv", "boxes.json", "summary.json", "where_heatmap.png",
                 "where_heatmap_rung3.png"):
        assert (out / name).is_file(), name
    grid = pd.read_csv(out / "grid.csv")
    assert set(grid["treatment"]) >= {d.TREAT, d.PRACTICED}
    assert (grid["scope"] != "named").sum() == summ["cells"] == 4
    assert grid["pairs"].eq(6).all()
    assert {"rd_severe", "rd_severe_lo", "rd_severe_hi"} <= set(grid.columns)
    cases = pd.read_csv(out / "cases.csv")
    assert len(cases) == summ["prim_pairs"] == d.GRIDS["tiny"]["prim_n"]
    assert set(d.CASES) <= set(cases.columns)


def test_prim_factors_include_the_levers() -> None:
    names = {f.name for f in d.prim_factors()}
    assert {"hotline_answer_prob", "hotline_consult_hours", "hotline_covers_territorial",
            "hotline_covers_coastguard", "hotline_trigger_rung"} <= names
    fa = {f.name: f for f in d.prim_factors()}["hotline_answer_prob"]
    assert (fa.lo, fa.hi) == (0.0, 1.0)  # the registry's wide range, not "as agreed"
