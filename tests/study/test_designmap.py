"""The design map: cells from a declared spec, paired effects, honest marks, adapts to params."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.errors import InputError
from sim.study import designmap as dm
from tests.helpers import FAKE

SPEC = {"rows": {"name": "hotline_answer_prob", "values": [0.0, 1.0]},
        "cols": {"name": "hotline_trigger_rung", "values": [3, 5]},
        "panels": [{"label": "agreed", "set": {}},
                   {"label": "no such lever", "set": {"hotline_no_such_parameter": 1}}],
        "residual": {"name": "hotline_consult_hours", "values": [0.5, "max"]}}


def test_cells_adapt_to_the_registry() -> None:
    cells, skipped = dm.cells(dm.load_map(SPEC))
    assert len(cells) == 2 * 2 * 2  # one known panel x 2 residual values x 2 x 2
    assert any("hotline_no_such_parameter" in s for s in skipped)
    from sim.config.parameters import PARAMS

    assert {c.residual for c in cells} == {0.5, float(PARAMS["hotline_consult_hours"].plausible[1]
                                                      if PARAMS["hotline_consult_hours"].plausible
                                                      else PARAMS["hotline_consult_hours"].hi)}
    with pytest.raises(InputError):
        dm.cells(dm.load_map({**SPEC, "rows": {"name": "nope", "values": [1]}}))


def test_map_end_to_end_on_the_fake_model(tmp_path) -> None:  # noqa: ANN001
    table, summ = dm.run_map(SPEC, reps=40, out=tmp_path / "map", days=365, backend="serial",
                             run_fn=FAKE, progress=False)
    assert len(table) == summ["cells"] == 8 and table["pairs"].eq(40).all()
    # the fake line never answered, or triggered only above the ladder's top, changes nothing
    null = table[(table["row"] == 0.0) | (table["col"] == 5)]
    assert (null["rd_severe"] == 0).all() and (null["diff_peak_ge_4"] == 0).all()
    assert (null["diff_peak_ge_4_hw"] == 0).all()
    # always answered at rung 3: every peak >= 3 drops one rung, so fewer severe incidents
    act = table[(table["row"] == 1.0) & (table["col"] == 3)]
    assert (act["diff_peak_ge_4"] < 0).all() and (act["diff_peak_ge_4_status"] == "estimate").all()
    assert set(table["rd_severe_status"]) <= {"estimate", "screen"}
    # no cell is an estimate when its interval is wider than its effect; the target is a
    # separate column (the half-width achieved is recorded per cell)
    for col in dm.CELL_OUTCOMES:
        est = table[table[f"{col}_status"] == "estimate"]
        assert (est[f"{col}_hw"] < est[col].abs()).all()
        assert ((est[f"{col}_hi"] < 0) | (est[f"{col}_lo"] > 0)).all()
    assert table["rd_severe_meets_target"].isin([True, False]).all()
    assert table["diff_peak_ge_3_meets_target"].isna().all()  # no target: not claimed
    png = dm.plot_map(table, dm.load_map(SPEC), tmp_path / "map.png")
    assert png.stat().st_size > 10_000
    md = dm.markdown_table(table)
    assert md.count("\n") == len(table) + 1 and ("screen" in md or "estimate" in md)
    assert "half-width achieved" in md and "meets target" in md
    # simultaneous (Bonferroni) intervals contain each cell's 95 % one, so a cell resolves under
    # them only if it resolves alone, and the summary counts them
    for col in dm.CELL_OUTCOMES:
        ok = table[col].abs() > 0
        assert (table.loc[ok, f"{col}_fw_lo"] <= table.loc[ok, f"{col}_lo"]).all()
        assert (table.loc[ok, f"{col}_fw_hi"] >= table.loc[ok, f"{col}_hi"]).all()
        fw = table[f"{col}_fw_status"] == "estimate"
        assert (table.loc[fw, f"{col}_status"] == "estimate").all()
        assert summ["resolved_familywise"][col] == int(fw.sum()) <= summ["resolved"][col]
    assert "simultaneous" in md
    # the simultaneous intervals are Bonferroni's over the cells, to the digit
    from sim.batch import store
    from sim.study import analysis

    runs = store.read_runs(tmp_path / "map")
    fw = analysis.effects(runs, "status_quo_2022", list(table["cell"]),
                          alpha=0.05 / len(table)).set_index("treatment")
    assert table.set_index("cell")["rd_severe_fw_lo"].equals(fw.loc[table["cell"],
                                                                     "rd_severe_lo"])
    # the steps come with the record: answer probability 0 -> 1 and trigger rung 5 -> 3 (lower
    # is stronger), at both residual values, none between panels (one known panel)
    st = pd.DataFrame(summ["steps"])
    assert sorted(st["axis"].value_counts().items()) == [("col", 4), ("row", 4)]
    assert (st.loc[st["axis"] == "col", "a"] == 5).all() and (st["pairs"] == 40).all()
    assert st["at"].str.contains("residual").all()


def test_a_cell_that_resolves_alone_can_be_a_screen_under_simultaneous_intervals() -> None:
    """Of many cells at 95 % some resolve by chance; Bonferroni's intervals over the map's
    cells are what a cell must also pass to be read as a finding of the map."""
    import numpy as np
    import pandas as pd

    spec = dm.load_map({"rows": {"name": "hotline_answer_prob", "values": [0.3, 0.6, 0.95]},
                        "cols": {"name": "hotline_consult_hours", "values": [0.25, 2.0, 8.0]},
                        "panels": [{"label": "a", "set": {}}], "residual": None})
    cells, _ = dm.cells(spec)
    rng = np.random.default_rng(7)
    n = 200
    rows = []
    for rep in range(n):  # base: 20 % severe; every cell removes it in ~4 % of pairs
        sev = rng.random() < 0.2
        rows.append({"scenario": spec["base"], "rep": rep, "peak_ge_4": int(sev)})
        for c in cells:
            rows.append({"scenario": c.name, "rep": rep,
                         "peak_ge_4": int(sev and rng.random() >= 0.2)})
    runs = pd.DataFrame(rows).assign(status="ok", seed=1)
    t = dm.effects(runs, spec, cells)
    alone, joint = t["rd_severe_status"] == "estimate", t["rd_severe_fw_status"] == "estimate"
    assert alone.sum() > joint.sum() > 0, (alone.sum(), joint.sum())  # some only alone
    assert ((t["rd_severe_fw_hi"] - t["rd_severe_fw_lo"]) > (t["rd_severe_hi"]
                                                             - t["rd_severe_lo"])).all()


def test_load_map_from_toml(tmp_path) -> None:  # noqa: ANN001
    p = tmp_path / "map.toml"
    p.write_text('[map]\nrows = {name = "hotline_answer_prob", values = [0.5]}\n')
    spec = dm.load_map(p)
    assert spec["rows"]["values"] == [0.5] and spec["cols"] == dm.DEFAULT_MAP["cols"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[map\n")
    with pytest.raises(InputError):
        dm.load_map(bad)
