"""History matching (`sim.study.history`): the implausibility against hand computations, the
runaway-year rule, the targets the record gives, and Monte Carlo filtering of the inputs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson

from sim.study import history as hm
from sim.study import validation


def _runs(point: str, n: int, **fields: list[float] | float) -> pd.DataFrame:
    """`n` year-long runs of one point, the validation's targets met unless `fields` say
    otherwise (cz_ship_days / cz_presence_days gives ships a day)."""
    t = {x.metric: x.observed for x in validation.targets("2022")}
    base = {"scrambles": t["scrambles"], "cz_presence_days": t["cz_presence_days"],
            "cz_ship_days": t["ships_per_day"] * t["cz_presence_days"],
            "ts_intrusions": t["ts_intrusions"], "plan_transits": t["plan_transits"],
            "mil_ts_entries": t["mil_ts_entries"], "severe_hazard": 4 / 14, "peak_ge_3": 9.0}
    cols = {k: np.broadcast_to(np.asarray(fields.get(k, v), float), (n,)) for k, v in
            base.items()}
    return pd.DataFrame({"scenario": point, "days": 365, "status": "ok", **cols})


def test_targets_read_the_validation_ranges_as_two_sd_and_add_the_incident_record() -> None:
    tg = {t.key: t for t in hm.targets("2022")}
    for v in validation.targets("2022"):
        assert tg[v.metric].observed == v.observed
        assert tg[v.metric].sd == pytest.approx((v.hi - v.lo) / 4)
    assert tg["severe"].observed == pytest.approx(4 / 14)
    assert tg["severe"].sd == pytest.approx(2 * math.sqrt(2) / 14)  # 2 episodes of 2 locks
    assert (tg["rung3"].observed, tg["rung3"].sd) == (9.0, 3.0)


def test_implausibility_is_the_standardised_distance_with_every_variance() -> None:
    t = hm.Target("x", "x", observed=10.0, sd=2.0, source="test")
    vals = np.array([13.0, 15.0, 17.0])  # mean 15, variance 4, ensemble variance 4/3
    mean, imp = hm.implausibility_of(vals, t, discrepancy=0.1)
    assert mean == 15.0
    assert imp == pytest.approx(5.0 / math.sqrt(4.0 + 1.0 + 4.0 / 3.0))
    assert math.isnan(hm.implausibility_of(np.array([]), t)[1])


def test_a_world_like_the_record_stays_and_a_far_one_is_ruled_out_by_its_target() -> None:
    runs = pd.concat([_runs("h00000-base", 2), _runs("h00001-base", 2, scrambles=2000.0),
                      _runs("h00002-base", 2, peak_ge_3=[40.0, 44.0])])
    t = hm.implausibility(runs).set_index("scenario")
    assert t.loc["h00000-base", "I_max"] == pytest.approx(0.0, abs=1e-9)
    assert t["nroy"].tolist() == [True, False, False]
    assert t.loc["h00001-base", "worst"] == "scrambles"
    assert t.loc["h00002-base", "worst"] == "rung3"
    assert hm.ruled_out_by(t.reset_index())["scrambles"] == pytest.approx(1 / 3)
    p, lo, hi = hm.share(t)
    assert p == pytest.approx(1 / 3) and lo < p < hi


def test_one_runaway_year_rules_a_world_out_that_its_noisy_mean_lets_through() -> None:
    runs = _runs("h00000-base", 4, severe_hazard=[0.2, 0.2, 0.2, 11.0])
    t = hm.implausibility(runs)
    assert t["I_severe"].iloc[0] < hm.CUTOFF  # the ensemble variance hides it
    assert not t["nroy"].iloc[0] and t["worst"].iloc[0] == "runaway year"
    assert hm.implausibility(runs, runaway=False)["nroy"].iloc[0]
    assert hm.implausibility(_runs("h", 4, severe_hazard=[0.2, 0.2, 0.2, 9.0]))["nroy"].iloc[0]


def test_the_runaway_limit_is_the_exact_poisson_limit_at_the_three_sigma_tail() -> None:
    lim = hm.runaway_limit()
    assert lim == pytest.approx(10.03, abs=0.01)
    assert poisson.cdf(hm.WORST_YEAR, lim) == pytest.approx(hm.TAIL, rel=1e-6)
    assert hm.runaway_limit(worst=0) == pytest.approx(-math.log(hm.TAIL))


def test_a_target_a_point_cannot_be_measured_on_rules_it_out() -> None:
    runs = _runs("h", 2).drop(columns=["plan_transits"]).assign(plan_transits=np.nan)
    t = hm.implausibility(runs)
    assert not t["nroy"].iloc[0] and t["worst"].iloc[0] == "plan_transits"


def test_escalation_targets_alone_for_runs_without_activity_counts() -> None:
    runs = pd.DataFrame({"scenario": [0, 0, 1, 1], "days": 365,
                         "severe_hazard": [0.3, 0.2, 3.0, 3.4], "peak_ge_3": [8, 10, 9, 9]})
    t = hm.implausibility(runs, only=hm.escalation_targets())
    assert [c for c in t.columns if c.startswith("I_")] == ["I_severe", "I_rung3", "I_max"]
    assert t["nroy"].tolist() == [True, False]


def test_monte_carlo_filtering_finds_the_input_that_decides_and_not_the_noise() -> None:
    rng = np.random.default_rng(3)
    design = pd.DataFrame({"decides": rng.random(300), "noise": rng.random(300)})
    cons = hm.constraints(design, (design["decides"] < 0.4).to_numpy())
    top = cons.set_index("factor")
    assert cons["factor"].iloc[0] == "decides" and top.loc["decides", "p_holm"] < 1e-6
    assert top.loc["noise", "p_holm"] > 0.05
    assert top.loc["decides", "median_nroy"] < 0.25 < top.loc["decides", "median_all"]


def test_the_sample_is_a_latin_hypercube_of_typed_values() -> None:
    from sim.study.sensitivity import Factor

    facs = [Factor("f", 0.0, 1.0, "float", ""), Factor("i", 1, 5, "int", ""),
            Factor("b", 0, 1, "bool", "")]
    d = hm.sample(facs, 50, seed=1)
    assert np.histogram(d["f"], bins=10, range=(0, 1))[0].tolist() == [5] * 10
    assert d["i"].map(type).eq(int).all() and set(d["i"]) <= set(range(1, 6))
    assert d["b"].map(type).eq(bool).all()
    assert d.equals(hm.sample(facs, 50, seed=1)) and not d.equals(hm.sample(facs, 50, seed=2))


def test_the_calibrated_status_quo_is_a_world_the_record_allows() -> None:
    from sim.config.scenarios import load_scenario
    from sim.model import run_scenario

    scen = load_scenario("status_quo_2022")
    runs = pd.DataFrame([dict(run_scenario(scen, seed, days=365).summary, status="ok")
                         for seed in (11, 12)])
    t = hm.implausibility(runs.assign(scenario="registry values"))
    assert t["nroy"].iloc[0], t.filter(like="I_").to_dict("records")


def test_the_stage_writes_its_table_and_the_page_says_what_stays(tmp_path) -> None:  # noqa: ANN001
    import json

    from sim.study import findings as fd
    from sim.study import findings_doc as doc
    from tests.helpers import FAKE

    out = fd.run_findings("tiny", tmp_path / "f", only=["plausible"], backend="serial",
                          run_fn=FAKE, progress=False)
    rec = json.loads((out / "plausible.json").read_text())
    assert rec["points"] == 6 and rec["factors"] > 50 and "failed" not in rec
    assert rec["nroy"] == 0 and rec["worst"]  # the fake model has no activity at all
    table = pd.read_csv(out / "plausible" / "implausibility.csv")
    assert len(table) == 6 and "I_max" in table and "hotline_answer_prob" in table
    assert rec["control"]["factors"] > 0
    text = "\n".join(doc.section_plausible(rec))
    assert "**0 of 6 stay: 0.00 [0.00, 0.39]**" in text
    assert "No comparison of the inputs: none of the points stay." in text
    assert "Negative control" not in text  # vacuous when nothing stays


def test_ema_outcomes_become_runs_one_row_a_replication() -> None:
    out = {"severe_hazard_base": np.array([[0.1, 0.2], [30.0, 0.1]]),
           "peak_ge_3_base": np.array([[8.0, 9.0], [9.0, 9.0]]),
           "severe_hazard_treat": np.zeros((2, 2)), "rd_severe": np.array([0.0, 0.1])}
    runs = hm.runs_from_ema(out, 365, arm="base")
    assert runs["scenario"].tolist() == [0, 0, 1, 1] and runs["rep"].tolist() == [0, 1, 0, 1]
    assert runs["severe_hazard"].tolist() == [0.1, 0.2, 30.0, 0.1]
    assert "severe_hazard_treat" not in runs and "rd_severe" not in runs
    t = hm.implausibility(runs, only=hm.escalation_targets())
    assert t["nroy"].tolist() == [True, False]
    with pytest.raises(ValueError, match="arm x"):
        hm.runs_from_ema(out, 365, arm="x")


def test_the_ema_scenario_model_returns_what_history_matching_reads() -> None:
    from sim.study import ema

    fields = set(ema.FIELDS)
    assert {"severe_hazard", "peak_ge_3", "scrambles", "cz_presence_days", "cz_ship_days",
            "ts_intrusions", "plan_transits", "mil_ts_entries"} <= fields


def test_the_readme_recipe_rules_ema_experiments_in_or_out() -> None:
    import warnings

    from ema_workbench import perform_experiments

    from sim.study import ema
    from tests.helpers import FAKE

    model = ema.scenario_model(reps=2, days=30, run_fn=FAKE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        experiments, outcomes = perform_experiments(model, scenarios=3)
    table = hm.implausibility(hm.runs_from_ema(outcomes, days=30))
    assert len(table) == len(experiments) == 3 and table["n"].tolist() == [2, 2, 2]
    assert not table["nroy"].any()  # the fake model has no activity: the record rules it out
    assert experiments[table["nroy"].to_numpy()].empty


def test_a_failed_run_rules_its_world_out_and_is_counted() -> None:
    runs = pd.concat([_runs("h00000-base", 2), _runs("h00001-base", 2),
                      _runs("h00002-base", 2)], ignore_index=True)
    runs.loc[2, "status"] = "failed"  # one of point 1's two runs
    runs.loc[[4, 5], "status"] = "failed"  # both of point 2's
    t = hm.implausibility(runs).set_index("scenario")
    assert t["failed"].tolist() == [0, 1, 2] and t["n"].tolist() == [2, 1, 0]
    assert t["nroy"].tolist() == [True, False, False]
    assert (t.loc[["h00001-base", "h00002-base"], "worst"] == "failed run").all()
