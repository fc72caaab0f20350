"""Headline outcomes: known answers on constructed data and on the fake model."""

from __future__ import annotations

import math

import pandas as pd

from sim.study import outcomes as o


def _runs(base: list[int], treat: list[int]) -> pd.DataFrame:
    rows = [{"scenario": s, "rep": i, "status": "ok", "peak_ge_4": v, "peak_ge_3": v + 2}
            for s, vals in (("b", base), ("t", treat)) for i, v in enumerate(vals)]
    return pd.DataFrame(rows)


def test_classify_separates_estimates_from_screens() -> None:
    assert o.classify(-0.05, -0.08, -0.02) == "estimate"      # excludes 0: sign resolved
    assert o.classify(-0.01, -0.05, 0.03) == "screen"         # wider than its effect
    # a precise null meets its target but is not an estimate of an effect: a screen (a bound)
    assert o.classify(0.001, -0.009, 0.011, target=0.02) == "screen"
    assert o.meets_target(-0.009, 0.011, 0.02) is True
    # the sign resolves though the target is missed: an estimate, flagged as missing it
    assert o.classify(-0.05, -0.08, -0.02, target=0.01) == "estimate"
    assert o.meets_target(-0.08, -0.02, 0.01) is False
    assert o.meets_target(0.0, 0.0, 0.02) is False and o.meets_target(-1, 1, None) is None
    e = o.Estimate("p_severe_rd", "b", "t", 0.001, -0.009, 0.011, 500, target=0.02).record()
    assert e["status"] == "screen" and e["meets_target"] is True
    assert o.classify(math.nan, 0, 1) == "screen"
    assert o.classify(0.0, 0.0, 0.0) == "screen"                # identical arms: degenerate
    assert o.classify(0.6, 0.4, 0.9, null=1.0) == "estimate"    # a ratio excluding 1
    assert o.classify(1.0, 0.9, 1.1, null=1.0) == "screen"


def test_p_severe_and_rate_against_hand_counts() -> None:
    runs = _runs([1, 1, 0, 2, 0, 1, 0, 0], [0, 1, 0, 1, 0, 0, 0, 0])
    e = o.p_severe(runs, "b", "t")
    assert e.n == 8 and e.est == -0.25 and e.lo < -0.25 < e.hi
    assert e.target == 0.02 and e.status == "screen"
    diff, ratio = o.severe_rate(runs, "b", "t")
    assert diff.est == -3 / 8
    assert ratio.est == 2 / 5 and ratio.lo < 0.4 < ratio.hi


def test_conditional_risk_on_the_fake_model_matches_its_rule(tmp_path) -> None:  # noqa: ANN001
    """The fake hotline (answer 1, trigger 3) cuts every peak >= 3 by one rung, so among shared
    encounters at rung >= 3 without it, those at >= 4 with it are exactly those at >= 5."""
    from sim.batch import store
    from sim.batch.runner import run_batch
    from tests.helpers import FAKE, scenarios

    base, = scenarios("status_quo_2022")
    treat, = scenarios("hotline_as_agreed", hotline_answer_prob=1.0, hotline_trigger_rung=3)
    out = run_batch([base, treat], 30, days=365, out=tmp_path / "b", backend="serial",
                    run_fn=FAKE, progress=False)
    runs, encs, _ = store.load(out)
    sh = o.shared_encounters(encs, base.name, treat.name)
    assert len(sh) > 0 and (sh["peak_rung_treat"] <= sh["peak_rung_base"]).all()
    sel = sh[sh["peak_rung_base"] >= 3]
    want = ((sel["peak_rung_base"] >= 5).mean() - (sel["peak_rung_base"] >= 4).mean())
    e = o.conditional_risk_paired(encs, runs, base.name, treat.name)
    assert e.n == len(sel) and abs(e.est - want) < 1e-12 and e.lo <= e.est <= e.hi
    cb = o.conditional_risk(encs, runs, base.name)
    eb = encs[encs["scenario"] == base.name]
    assert abs(cb.est - (eb["peak_rung"] >= 4).sum() / (eb["peak_rung"] >= 3).sum()) < 1e-12
    # the crisis window counts only encounters that begin in it
    w = o.window_counts(encs, range(30), base.name, 100, 30, 3)
    sel = eb[(eb["start_h"] >= 2400) & (eb["start_h"] < 3120) & (eb["peak_rung"] >= 3)]
    assert w.sum() == len(sel)
    est = o.headline(runs, encs, base.name, treat.name, shock=100.0)
    names = [x.outcome for x in est]
    assert {"p_severe_rd", "severe_rate_ratio", "cond_risk_rd", "crisis30_rung3_diff",
            "crisis60_p_severe_rd"} <= set(names)
    t = o.table(est)
    assert set(t["status"]) <= {"estimate", "screen"} and "halfwidth" in t
    assert "(" in o.fmt(est[0]) and ("screen" in o.fmt(est[0]) or "estimate" in o.fmt(est[0]))


def test_severe_hazard_paired_difference_and_ratio() -> None:
    """Known answer: the treatment's hazard is the base's times 0.8 plus nothing else, so the
    paired difference is -0.2 x the base mean (tight: the pairs move together) and the ratio
    is 0.8; results without the column give nothing rather than an error."""
    base = [0.1, 0.3, 0.2, 0.05, 0.4, 0.15, 0.25, 0.35]
    runs = _runs([0] * 8, [0] * 8)
    runs["severe_hazard"] = base + [0.8 * b for b in base]
    diff, ratio = o.severe_hazard(runs, "b", "t")
    assert math.isclose(diff.est, -0.2 * sum(base) / 8)
    assert diff.hi < 0 and diff.status == "estimate"
    assert math.isclose(ratio.est, 0.8) and ratio.lo <= 0.8 <= ratio.hi
    assert o.severe_hazard(runs.drop(columns="severe_hazard"), "b", "t") == []
    names = [e.outcome for e in o.headline(runs, None, "b", "t")]
    assert "severe_hazard_diff" in names
