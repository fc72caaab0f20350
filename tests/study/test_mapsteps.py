"""The map's cells against each other: steps, interactions, simultaneous intervals, and how many
replications carry a fall -- on runs whose answers are known."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.study import analysis, designmap, mapsteps
from sim.study import findings_answer as answer

SPEC = designmap.load_map({"rows": {"name": "hotline_answer_prob", "values": [0.3, 0.95]},
                           "cols": {"name": "hotline_consult_hours", "values": [4.0, 0.25]},
                           "panels": [{"label": "as agreed, x", "set": {}},
                                      {"label": "theatre link, x",
                                       "set": {"hotline_theater_link": True}},
                                      {"label": "rung 2 (early)",
                                       "set": {"hotline_trigger_rung": 2}}],
                           "residual": None})


def _runs(n: int = 400, seed: int = 3) -> tuple[pd.DataFrame, list]:
    """Per replication a base rate, and in every cell that rate lowered by 0.02 for answer
    0.95, 0.01 for 15 min, 0.03 more when both (an interaction), and 0.005 for the theatre
    panel -- plus small noise, so every difference has a known mean."""
    cells, _ = designmap.cells(SPEC)
    rng = np.random.default_rng(seed)
    rows = []
    for rep in range(n):
        base = rng.gamma(2.0, 0.1)
        rows.append({"scenario": SPEC["base"], "rep": rep, "severe_hazard": base,
                     "peak_ge_4": int(base > 0.3)})
        for c in cells:
            rel, fast = c.row == 0.95, c.col == 0.25
            v = (base - 0.02 * rel - 0.01 * fast - 0.03 * (rel and fast)
                 - 0.005 * (c.panel.startswith("theatre")) + rng.normal(0, 0.002))
            rows.append({"scenario": c.name, "rep": rep, "severe_hazard": v,
                         "peak_ge_4": int(v > 0.3)})
    return pd.DataFrame(rows).assign(status="ok", seed=1), cells


def test_steps_go_from_weaker_to_stronger_and_panels_from_the_first() -> None:
    runs, cells = _runs()
    st = mapsteps.steps(runs, SPEC, cells)
    # 3 panels x (2 row steps + 2 col steps) + 4 cells of the first panel x 2 other panels
    assert sorted(st["axis"].value_counts().items()) == [("col", 6), ("panel", 8), ("row", 6)]
    assert list(st["axis"]) == sorted(st["axis"], key=mapsteps.AXES.index)
    assert (st.loc[st["axis"] == "col", ["a", "b"]].to_numpy() == [4.0, 0.25]).all()
    assert (st.loc[st["axis"] == "panel", "a"] == "as agreed, x").all()
    fast = st[(st["axis"] == "col") & st["at"].str.contains("0.95")]
    assert np.allclose(fast["diff_severe_hazard"], -0.04, atol=0.001)  # 0.01 + 0.03 together
    slow = st[(st["axis"] == "col") & st["at"].str.contains("0.3")]
    assert np.allclose(slow["diff_severe_hazard"], -0.01, atol=0.001)
    assert (st["diff_severe_hazard_status"] == "estimate").sum() >= 12
    # the simultaneous interval is the step's own at alpha / steps, to the digit
    r = st.iloc[0]
    sub = runs[runs["scenario"].isin((r["from"], r["to"]))]
    e = analysis.effects(sub, r["from"], [r["to"]], alpha=0.05 / len(st)).iloc[0]
    assert e["diff_severe_hazard_lo"] == r["diff_severe_hazard_fw_lo"]
    md = mapsteps.steps_markdown(st, SPEC)
    assert md.count("\n") == len(st) + 1 and "(against the first panel)" in md


def test_interactions_recover_a_known_difference_in_differences() -> None:
    runs, cells = _runs()
    it = mapsteps.interactions(runs, SPEC, cells)
    rc = it[(it["axis"] == "row") & (it["other"] == "col")]
    assert len(rc) == 3  # one square a panel
    assert np.allclose(rc["diff_severe_hazard"], -0.03, atol=0.001)
    assert (rc["diff_severe_hazard_fw_status"] == "estimate").all()
    nil = it[it["other"] == "panel"]  # the panels add a constant: no interaction
    assert len(nil) == 2 * 2 * 2 and (nil["diff_severe_hazard"].abs() < 0.001).all()
    assert mapsteps.interactions_markdown(it, SPEC).count("\n") == len(it) + 1
    text = answer.interactions_clause({"interactions": it.to_dict("records"), **SPEC})
    assert "answered 95% rather than 30% of the time lowers them further where connected in " \
           "15 min rather than 4 h in 3 of 3 comparisons" in text


def test_carried_by_counts_the_replications_a_fall_rests_on() -> None:
    rng = np.random.default_rng(1)
    spike = np.concatenate([np.full(10, -5.0), rng.normal(0, 0.1, 500)])  # ten years carry it
    k = mapsteps.carried_by(spike)
    assert k is not None and 1 <= k <= 10
    assert mapsteps.carried_by(-spike) == k  # a rise, counted from its top
    broad = rng.normal(-1.0, 0.1, 500)  # every year falls: not carried by a few
    assert mapsteps.carried_by(broad) == mapsteps.CARRIED_CAP
    assert mapsteps.carried_by(np.zeros(10)) is None  # no interval away from 0
    assert mapsteps.carried_by(np.concatenate([[-5.0, -5.0], np.zeros(500)])) is None


def test_no_steps_on_a_one_cell_map_and_the_clauses_say_rises() -> None:
    one = designmap.load_map({"rows": {"name": "hotline_answer_prob", "values": [0.9]},
                              "cols": {"name": "hotline_consult_hours", "values": [0.5]},
                              "panels": [{"label": "a", "set": {}}], "residual": None})
    cells, _ = designmap.cells(one)
    runs = pd.DataFrame([{"scenario": c, "rep": 0, "severe_hazard": 0.1, "peak_ge_4": 0,
                          "status": "ok"} for c in (one["base"], cells[0].name)])
    assert mapsteps.steps(runs, one, cells).empty
    assert mapsteps.interactions(runs, one, cells).empty
    rise = {"axis": "row", "a": 0.3, "b": 0.95, "rd_severe": 0.01, "rd_severe_status":
            "estimate", "rd_severe_fw_status": "screen", "residual": None}
    assert answer.steps_clause({**SPEC, "steps": [rise]}) == (
        "a line answered 95% rather than 30% of the time in 0 of 1 comparisons, a rise in 1 "
        "(+0.010)")
    assert answer.steps_clause(SPEC) == "" and answer.interactions_clause(SPEC) == ""
