"""The record's counterfactuals table (sim.study.counterfactuals.effects and markdown)."""

from __future__ import annotations

import pandas as pd

from sim.study import counterfactuals as cf


def _runs(acts_base: list[int], acts_treat: list[int]) -> pd.DataFrame:
    rows = []
    for name, acts in (("recon_x", acts_base), ("recon_x--orders_reached", acts_treat)):
        for rep, a in enumerate(acts):
            rows.append({"scenario": name, "rep": rep, "status": "ok", "encounters": 3,
                         "peak_ge_3": 1, "peak_ge_4": int(a > 0), "max_rung": 4 if a else 3,
                         "acts_ge4_cn": a, "acts_ge4_jp": 0})
    return pd.DataFrame(rows)


def test_the_acts_after_the_first_are_counted_where_p_rung4_does_not_move() -> None:
    """A line that stops the second radar lock of a signalled episode leaves P(rung 4) as it
    was; the paired difference in hazardous acts shows it, with its interval."""
    runs = _runs([2] * 30, [1] * 20 + [2] * 10)
    table = cf.effects(runs, [("recon_x", "orders_reached", "recon_x--orders_reached")])
    r = table.iloc[0]
    assert r["rd4"] == 0.0 and r["rd4_status"] == "screen"
    assert r["acts_base"] == 2.0 and abs(r["acts_diff"] + 20 / 30) < 1e-12
    assert r["acts_diff_hi"] < 0 and r["acts_status"] == "estimate"
    md = cf.markdown(table)
    assert "| hazardous acts as was | difference [95% CI] | status |" in md
    assert "| 2.00 | -0.67 [" in md


def test_a_table_without_the_acts_columns_still_renders() -> None:
    runs = _runs([2] * 5, [2] * 5).drop(columns=["acts_ge4_cn", "acts_ge4_jp"])
    table = cf.effects(runs, [("recon_x", "orders_reached", "recon_x--orders_reached")])
    assert "acts_diff" not in table.columns and "hazardous acts" not in cf.markdown(table)
