"""Importance splitting at rung 3: exact continuation of clones, no bias against brute force."""

from __future__ import annotations

import pytest

from sim.model.model import EastChinaSeaModel, run_scenario
from sim.study import splitting as sp
from tests.helpers import scenarios


def test_a_clone_continues_exactly_as_its_original() -> None:
    scen, = scenarios("status_quo_2022")
    ref = run_scenario(scen, 3, days=20)
    m = EastChinaSeaModel(scen, rng=3, days=20)
    m.run_for(24 * 7)
    c = sp.clone_model(m)
    for x in (c, m):  # the clone first: it must not touch its original
        x.run_until(x.horizon_h)
        if not x.finished:
            x.finish()
        r = x.result()
        assert (r.summary, r.encounters, r.events) == (ref.summary, ref.encounters, ref.events)


def test_without_clones_the_estimator_is_the_brute_force_count() -> None:
    scen, = scenarios("status_quo_2022", esc_logit_base=-3.0)
    r = sp.run_split(scen, 2, days=12, clones=0, window_h=6)
    assert r.summary == run_scenario(scen, 2, days=12, record_events=False).summary
    assert r.s == r.m4
    assert len(r.crossings) <= r.summary["peak_ge_3"] + 2  # merges aside, one per rung-3


def test_rekeyed_clones_diverge_and_histories_start_empty() -> None:
    scen, = scenarios("status_quo_2022", esc_logit_base=-2.5)
    m = EastChinaSeaModel(scen, rng=4, days=30, record_events=False)
    seen: set[int] = set()
    diverged = 0
    while diverged == 0 and len(seen) < 6 and not m.finished:
        sp.advance(m, sp.FINE_H)
        for enc in [e for e in m.encounters.values() if e.peak >= 3 and e.id not in seen]:
            seen.add(enc.id)
            key = sp.encounter_key(enc, m.time)
            paths = set()
            for k in range(6):
                c = sp.clone_model(m, histories=False)
                assert c.closed == []
                ce = c.encounters[enc.id]
                assert sp.rekey(c, ce, key, k) >= 1
                path = []
                for _ in range(16):
                    sp.advance(c, 0.25)
                    path.append((ce.rung, ce.rounds))
                paths.add(tuple(path))
            diverged += len(paths) > 1
    assert diverged, "fresh decision streams gave identical continuations"


def test_split_estimate_agrees_with_brute_force_on_a_small_case() -> None:
    """Same runs, so S - M4 has mean 0 if the estimator is unbiased; its CI must cover 0."""
    # escalation raised so that 6 runs of 12 days hold rung-4 crossings (issue 10 moved most
    # hazardous acts to signalling deployments, which a 12-day status-quo run rarely has)
    scen, = scenarios("status_quo_2022", esc_logit_base=-2.5)
    res = sp.measure(scen, list(range(1, 7)), days=12, clones=6, window_h=6)
    assert res["crossings"] >= 1
    _, lo, hi = res["split_minus_brute"]
    assert lo <= 0.0 <= hi, res
    assert res["cost_ratio"] > 1 and res["variance_reduction"] > 0
    rows = res["rows"]
    eff = sp.paired_effect(rows, rows)
    assert eff["brute"][0] == 0 and eff["split"][0] == 0


def test_the_variance_reduction_interval_knows_exact_ratios() -> None:
    """Resampling runs keeps a ratio that holds run by run: splitting that halves every run's
    estimate (about its mean 0) divides the variance by 4 in every resample."""
    import math

    import numpy as np

    x = np.random.default_rng(3).normal(size=40)
    assert sp.vrf_interval(x, x / 2) == pytest.approx((4.0, 4.0))
    assert sp.vrf_interval(x, x) == pytest.approx((1.0, 1.0))
    lo, hi = sp.vrf_interval(x, np.random.default_rng(4).normal(size=40))
    assert lo < 1 < hi  # two independent samples of one variance: the interval covers 1
    assert all(map(math.isnan, sp.vrf_interval(x[:2], x[:2])))
    assert all(map(math.isnan, sp.vrf_interval(x, np.zeros(40))))  # nothing to divide by


def test_whether_splitting_pays_is_read_from_its_interval() -> None:
    import numpy as np

    assert sp.pays({"efficiency_gain_ci": [0.1, 0.6]}) == "no"
    assert sp.pays({"efficiency_gain_ci": [1.2, 3.0]}) == "yes"
    assert sp.pays({"efficiency_gain_ci": [0.5, 1.5]}) == "unresolved"
    assert sp.pays({}) == "unresolved"  # records written before the interval existed
    rows = [{"split_m4": float(v), "split_s": v / 2, "split_main_s": 1.0, "split_clone_s": 1.0,
             "split_crossings": 1} for v in (0, 1, 2, 3, 4, 5)]
    rec = sp.summarise(rows, 4)
    assert rec["variance_reduction_ci"] == pytest.approx([4.0, 4.0])
    assert rec["efficiency_gain_ci"] == pytest.approx([2.0, 2.0]) and sp.pays(rec) == "yes"
    # the cost is resampled with the runs: clones that cost 3x the run in every run -> /4
    x = np.random.default_rng(5).normal(size=30)
    ones = np.ones(30)
    assert sp.vrf_interval(x, x / 2, main=ones, clone=3 * ones) == pytest.approx((1.0, 1.0))


def test_the_page_says_whether_splitting_pays_as_an_estimate_or_a_screen() -> None:
    from sim.study.findings_doc import section_splitting

    arm = {"runs": 40, "clones": 8, "crossings": 300, "brute": [1.0, 0.5, 1.5],
           "split": [1.0, 0.6, 1.4], "split_minus_brute": [0.0, -0.1, 0.1],
           "variance_reduction": 1.2, "cost_ratio": 5.0, "efficiency_gain": 0.24,
           "efficiency_gain_ci": [0.15, 0.4]}
    eff = {"brute": [0.1, -0.2, 0.4], "split": [0.1, -0.1, 0.3], "halfwidth_ratio": 1.1}
    rec = {"arms": {"status_quo_2022": arm}, "paired_effect": eff,
           "treatment": "hotline_as_agreed"}
    text = "\n".join(section_splitting(rec))
    assert "approximate 95% bootstrap interval [0.15, 0.40], runs and their cost" in text
    assert "it does not pay here, an estimate" in text
    arm["efficiency_gain_ci"], arm["variance_reduction_ci"] = [0.5, 1.3], [2.5, 6.5]
    text = "\n".join(section_splitting(rec))
    assert "point estimate below 1, not resolved" in text and "[0.50, 1.30] covers 1" in text
    assert "Variance-reduction factor 1.20 [2.50, 6.50] at 5.00x" in text
    del arm["efficiency_gain_ci"]  # a record from before the interval: still a screen
    assert "itself uncertain)" in "\n".join(section_splitting(rec))


def test_the_stage_keeps_the_runs_behind_its_numbers(tmp_path) -> None:  # noqa: ANN001
    import pandas as pd

    from sim.study import findings as fd

    rec = fd.stage_splitting(fd.DESIGNS["tiny"]["splitting"], tmp_path / "splitting", 1)
    for name, arm in rec["arms"].items():
        runs = pd.read_csv(tmp_path / "splitting" / f"{name}_runs.csv")
        assert len(runs) == arm["runs"] == 3 and "rows" not in arm
        assert {"split_m4", "split_s", "split_main_s", "split_clone_s"} <= set(runs.columns)
        assert "efficiency_gain_ci" in arm and "variance_reduction_ci" in arm
