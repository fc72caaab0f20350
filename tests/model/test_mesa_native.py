"""Mesa-native use: keyword parameters named as in the registry, a DataCollector whose last
row is the run's summary, `mesa.batch_run`, and daily series that change nothing."""

from __future__ import annotations

import mesa
import pytest

from sim.batch import store
from sim.batch.runner import run_batch
from sim.config.scenarios import load_scenario
from sim.errors import InputError
from sim.model.model import EastChinaSeaModel, run_scenario
from sim.model.results import SERIES_FIELDS, SUMMARY_FIELDS
from tests.helpers import MODEL, scenarios


def test_batch_run_sweeps_a_registry_parameter_and_returns_the_summary():
    rows = mesa.batch_run(EastChinaSeaModel,
                          {"scenario": "hotline_as_agreed", "days": 4,
                           "hotline_answer_prob": [0.1, 0.9]},
                          rng=[1, 2], max_steps=4 * 24, number_processes=1,
                          display_progress=False)
    assert len(rows) == 4
    assert {r["hotline_answer_prob"] for r in rows} == {0.1, 0.9}
    for r in rows:
        scen = load_scenario("hotline_as_agreed", {"hotline_answer_prob": r["hotline_answer_prob"]})
        summ = run_scenario(scen, r["seed"], days=4).summary
        assert {k: r[k] for k in SUMMARY_FIELDS} == summ
        assert r["day"] == 4


def test_keyword_parameters_seed_and_bad_input():
    m = EastChinaSeaModel(scenario="hotline_as_agreed", seed=3, days=2, hotline_answer_prob=0.3,
                          hotline_consult_hours=2)
    assert m.p["hotline_answer_prob"] == 0.3 and m.p["hotline_consult_hours"] == 2.0
    assert m.seed == 3 and m.source_scenario.name == "hotline_as_agreed"
    assert EastChinaSeaModel(rng=3, days=2).seed == 3
    with pytest.raises(InputError, match="hotline_answer_prob"):
        EastChinaSeaModel(hotline_answer_prob=1.5)
    with pytest.raises(InputError, match="no_such_parameter"):
        EastChinaSeaModel(no_such_parameter=1)
    with pytest.raises(ValueError, match="rng= or seed="):
        EastChinaSeaModel(rng=1, seed=2)


def test_datacollector_rows_per_day_and_series_change_nothing():
    scen = load_scenario("hotline_as_agreed")
    plain = run_scenario(scen, 7, days=6)
    rec = run_scenario(scen, 7, days=6, record_series=True)
    assert plain.summary == rec.summary and plain.encounters == rec.encounters
    assert plain.events == rec.events and plain.series == []
    assert [d["day"] for d in rec.series] == list(range(1, 7))
    assert set(rec.series[0]) == set(SERIES_FIELDS)
    last = rec.series[-1]
    assert all(last[k] == rec.summary[k] for k in SERIES_FIELDS if k in rec.summary)
    counts = [d["encounters"] for d in rec.series]
    assert counts == sorted(counts)  # totals so far never fall
    m = EastChinaSeaModel(scen, rng=7, days=6)
    m.run_for(6 * 24)
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 6 and df.iloc[-1]["peak_ge_3"] == rec.summary["peak_ge_3"]
    assert (df["open_encounters"] == df[[f"open_rung_{k}" for k in range(7)]].sum(axis=1)).all()


def test_a_batch_with_series_stores_the_models_days(tmp_path):
    out = run_batch(scenarios("status_quo_2022"), 2, seed=3, days=3, backend="serial",
                    out=tmp_path / "b", run_fn=MODEL, progress=False, series=True)
    ts = store.read_timeseries(out)
    assert len(ts) == 2 * 3 and set(SERIES_FIELDS) <= set(ts.columns)
    runs = store.read_runs(out)
    last = ts[ts["day"] == 3].set_index("run_id").loc[runs["run_id"]]
    assert (last["peak_ge_1"].to_numpy() == runs["peak_ge_1"].to_numpy()).all()


def test_observers_of_the_clock_see_every_event_time():
    """The event heap sets the clock's slot directly only while nobody observes `model.time`;
    an observer gets a change signal for every new event time, and the run is unchanged."""
    from mesa.experimental.mesa_signals import ObservableSignals

    seen: list[float] = []
    model = EastChinaSeaModel("status_quo_2022", rng=3, days=4, record_events=False)
    def watch(signal) -> None:  # noqa: ANN001 - held here: Mesa keeps observers weakly
        seen.append(signal.additional_kwargs["new"])

    model.observe("time", ObservableSignals.CHANGED, watch)
    model.run_for(int(model.horizon_h))
    quiet = EastChinaSeaModel("status_quo_2022", rng=3, days=4, record_events=False)
    quiet.run_for(int(quiet.horizon_h))
    assert seen and seen == sorted(seen) and 24.0 in seen and seen[-1] == model.horizon_h
    assert any(t != int(t) for t in seen)  # decision rounds and messages between the hours
    assert model.result().summary == quiet.result().summary
