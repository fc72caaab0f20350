"""Daily series: recorded on request into timeseries.parquet, identical across backends,
compacted and read back by run; the plots' bands have the stated meaning."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.batch import store
from sim.batch.runner import run_batch
from sim.study.series import plot_series, series_bands
from tests.helpers import FAKE, comparable, scenarios

NAMES = ("status_quo_2022", "hotline_as_agreed")


def _batch(out, backend="serial", series=True, reps=4):
    return run_batch(scenarios(*NAMES), reps, seed=5, days=12, backend=backend, workers=2,
                     out=out, run_fn=FAKE, progress=False, series=series, chunk_size=2)


def test_series_recorded_per_run_and_day_same_on_every_backend(tmp_path):
    a = _batch(tmp_path / "serial")
    b = _batch(tmp_path / "process", backend="process")
    ta, tb = store.read_timeseries(a), store.read_timeseries(b)
    assert len(ta) == len(NAMES) * 4 * 12
    assert list(ta.columns[:4]) == ["run_id", "scenario", "rep", "day"]
    pd.testing.assert_frame_equal(comparable(ta), comparable(tb))
    # compacted into one part, sorted by scenario, rep, day
    assert len(list((a / store.TIMESERIES).glob("*.parquet"))) == 1
    keys = ta[["scenario", "rep", "day"]].to_numpy().tolist()
    assert keys == sorted(keys)
    # the last day's cumulative count is the run's summary
    runs = store.read_runs(a)
    last = ta[ta["day"] == 12].set_index("run_id")["peak_ge_4"]
    assert (last.loc[runs["run_id"]].to_numpy() == runs["peak_ge_4"].to_numpy()).all()
    # a subset of runs reads only their days
    sub = store.read_timeseries(a, runs[runs["rep"] == 0])
    assert set(sub["rep"]) == {0} and len(sub) == len(NAMES) * 12


def test_series_off_by_default_and_resume_keeps_them(tmp_path):
    off = _batch(tmp_path / "off", series=False)
    assert not (off / store.TIMESERIES).exists() and store.read_timeseries(off).empty
    out = _batch(tmp_path / "grow", reps=2)
    _batch(out, reps=4)  # resumed: two more replications, their series added
    ts = store.read_timeseries(out)
    assert sorted(set(ts["rep"])) == [0, 1, 2, 3] and len(ts) == len(NAMES) * 4 * 12
    # an orphan part (runs part never landed) is ignored and removed on resume
    orphan = out / store.TIMESERIES / "orphan.parquet"
    pd.DataFrame({"run_id": ["x/0"], "scenario": ["x"], "rep": [0], "day": [1]}).to_parquet(
        orphan)
    assert len(store.read_timeseries(out)) == len(ts)
    store.clean_orphans(out)
    assert not orphan.exists()


def test_bands_have_their_meaning_and_the_plot_is_drawn(tmp_path):
    rng = np.random.default_rng(0)
    rows = [{"scenario": s, "rep": r, "day": d, "tension_cn": 0.3 + 0.1 * d + rng.normal(0, .05),
             "peak_ge_4": int(rng.poisson(0.2 * d))}
            for s in NAMES for r in range(40) for d in range(1, 6)]
    ts = pd.DataFrame(rows)
    b = series_bands(ts, "tension_cn", count=False)
    first = b[(b["scenario"] == NAMES[0]) & (b["day"] == 3)].iloc[0]
    x = ts[(ts["scenario"] == NAMES[0]) & (ts["day"] == 3)]["tension_cn"]
    assert first["mean"] == pytest.approx(x.mean())
    assert first["q05"] == pytest.approx(np.percentile(x, 5))
    assert first["q05"] < first["ci_lo"] < first["mean"] < first["ci_hi"] < first["q95"]
    c = series_bands(ts, "peak_ge_4", count=True)
    assert (c["ci_lo"] >= 0).all() and (c["ci_lo"] <= c["mean"]).all()
    paths = plot_series(tmp_path, pd.DataFrame(), list(NAMES), tmp_path, ts=ts)
    assert [p.name for p in paths] == ["timeseries.png", "timeseries.svg"]
    assert "encounters reaching rung 4 (hazardous act) so far" in paths[1].read_text()
