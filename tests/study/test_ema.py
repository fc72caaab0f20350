"""The EMA Workbench model: registry-built parameters, both evaluators, seeds, save/load."""

from __future__ import annotations

import numpy as np
import pytest
from ema_workbench import (
    BooleanParameter,
    IntegerParameter,
    MultiprocessingEvaluator,
    RealParameter,
    Sample,
    SequentialEvaluator,
    load_results,
    perform_experiments,
    save_results,
)

from sim.batch import store
from sim.batch.runner import run_batch
from sim.config.parameters import ASSUMPTIONS, PARAMS
from sim.study import ema
from tests.helpers import FAKE, scenarios


def test_uncertainties_and_levers_come_from_the_registry():
    model = ema.effect_model(reps=2, days=10, run_fn=FAKE)
    unc = {p.name: p for p in model.uncertainties}
    lev = {p.name: p for p in model.levers}
    assert set(unc) <= set(ASSUMPTIONS) and len(unc) > 30
    answer = unc["hotline_answer_prob"]
    assert isinstance(answer, RealParameter)
    assert (answer.lower_bound, answer.upper_bound) == PARAMS["hotline_answer_prob"].plausible
    assert isinstance(unc["hotline_relay_hops"], IntegerParameter)
    assert set(lev) == {"hotline_covers_territorial", "hotline_covers_coastguard",
                        "hotline_trigger_rung", "hotline_theater_link", "hotline_reaches_orders"}
    assert "hotline_reaches_orders" not in unc  # a design lever, not an uncertainty
    reach = lev["hotline_reaches_orders"]
    assert isinstance(reach, RealParameter) and (reach.lower_bound, reach.upper_bound) == (0, 1)
    assert isinstance(lev["hotline_covers_coastguard"], BooleanParameter)
    trig = lev["hotline_trigger_rung"]
    assert (trig.lower_bound, trig.upper_bound) == (PARAMS["hotline_trigger_rung"].lo,
                                                    PARAMS["hotline_trigger_rung"].hi)
    assert not set(unc) & set(lev)
    assert "hotline_active" in {p.name for p in ema.scenario_model(run_fn=FAKE).levers}


def test_sequential_and_multiprocessing_evaluators_agree_and_results_save(tmp_path):
    model = ema.effect_model(reps=2, days=40, seed=3, run_fn=FAKE)
    kw = {"scenarios": 4, "policies": 4, "combine": "sample",
          "uncertainty_sampling_kwargs": {"rng": 1}, "lever_sampling_kwargs": {"rng": 2}}
    with SequentialEvaluator(model) as ev:
        ex1, out1 = perform_experiments(model, evaluator=ev, **kw)
    with MultiprocessingEvaluator(model, n_processes=2) as ev:
        ex2, out2 = perform_experiments(model, evaluator=ev, **kw)
    assert len(ex1) == len(ex2) == 4
    for name in ("prevented_severe", "peak_ge_4_base", "rd_severe"):
        np.testing.assert_array_equal(out1[name], out2[name])
    assert out1["prevented_severe"].shape == (4, 2)
    np.testing.assert_allclose(out1["rd_severe"], (out1["severe_treat"]
                                                    - out1["severe_base"]).mean(axis=1))
    path = tmp_path / "ema.tar.gz"
    save_results((ex1, out1), str(path))
    ex3, out3 = load_results(str(path))
    np.testing.assert_array_equal(out3["peak_ge_3_treat"], out1["peak_ge_3_treat"])
    assert list(ex3["hotline_answer_prob"]) == pytest.approx(list(ex1["hotline_answer_prob"]))
    table = ema.cases_table(ex1, out1, model)
    assert len(table) == 8 and set(ema.CASES) <= set(table.columns)
    assert table["prevented_severe"].sum() == out1["prevented_severe"].sum()


def test_replications_are_the_batch_runners_seeds(tmp_path):
    """Replication i of an EMA experiment at a scenario's own values is run i of a batch."""
    name = "hotline_as_agreed"
    (scen,) = scenarios(name)
    model = ema.scenario_model(name, reps=3, days=60, seed=7, run_fn=FAKE)
    point = Sample(name="own", **{p.name: scen.params[p.name] for p in model.uncertainties})
    design = Sample(name="own", **{p.name: scen.params[p.name] for p in model.levers})
    _, out = perform_experiments(model, scenarios=[point], policies=[design])
    batch = run_batch([scen], 3, seed=7, days=60, backend="serial", run_fn=FAKE,
                      out=tmp_path / "b", progress=False)
    runs = store.read_runs(batch).sort_values("rep")
    np.testing.assert_array_equal(out["peak_ge_4"][0], runs["peak_ge_4"].to_numpy(float))
    np.testing.assert_array_equal(out["encounters"][0], runs["encounters"].to_numpy(float))
    assert out["p_severe"][0] == pytest.approx(float((runs["peak_ge_4"] > 0).mean()))
