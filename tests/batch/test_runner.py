"""The runner: identical results across backends, failure isolation, kill-and-resume, CRN."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pandas as pd
import pytest

from sim.batch import store
from sim.batch.runner import plan_tasks, run_batch
from sim.errors import InputError
from tests.helpers import FAKE, MODEL, PY, comparable, env, scenarios

NAMES = ("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced")


def _batch(tmp_path, name, backend, workers, reps=12, run_fn=FAKE, days=60, **kw):
    out = run_batch(scenarios(*NAMES), reps, seed=11, days=days, workers=workers, backend=backend,
                    out=tmp_path / name, run_fn=run_fn, progress=False, **kw)
    runs, enc, man = store.load(out)
    return comparable(runs), enc, man


def test_backends_give_identical_results(tmp_path):
    """The real model (short horizon) through serial, process (1 and 2 workers) and dask."""
    kw = {"reps": 4, "days": 8, "run_fn": MODEL}
    ref_runs, ref_enc, _ = _batch(tmp_path, "serial", "serial", 1, **kw)
    assert len(ref_runs) == 12 and len(ref_enc) > 0 and (ref_runs["status"] == "ok").all()
    for name, backend, workers, chunk in (("proc2", "process", 2, 1), ("proc1", "process", 1, 3),
                                          ("dask2", "dask", 2, 2)):
        runs, enc, man = _batch(tmp_path, name, backend, workers, chunk_size=chunk, **kw)
        pd.testing.assert_frame_equal(runs, ref_runs, obj=name)
        pd.testing.assert_frame_equal(enc, ref_enc, obj=name)
        assert man["sessions"][-1]["backend"] == backend


def test_common_random_numbers_seeds():
    tasks = plan_tasks(scenarios(*NAMES), 5, seed=3, days=10, run_fn=FAKE, done=set(),
                       chunk_size=2, session="s")
    by_scen: dict[str, dict[int, int]] = {}
    for t in tasks:
        by_scen.setdefault(t.scenario.name, {}).update(dict(t.reps))
    assert by_scen["status_quo_2022"] == by_scen["hotline_as_agreed"] == \
        by_scen["hotline_as_practiced"]
    assert len(set(by_scen["status_quo_2022"].values())) == 5
    # tasks interleave arms by replication block: a partial batch stays paired
    assert [t.scenario.name for t in tasks[:3]] == list(NAMES)


def test_failing_run_is_isolated_and_retried(tmp_path):
    runs, _, man = _batch(tmp_path, "flaky", "process", 2, reps=15,
                          run_fn="tests.fake_model:run_flaky")
    failed = runs[runs["status"] == "failed"]
    assert len(failed) > 0 and len(failed) < len(runs)
    assert (failed["seed"] % 5 == 0).all() and failed["error"].str.contains("boom").all()
    assert man["counts"]["failed"] == len(failed) and man["complete"] is False
    assert runs.loc[runs["status"] == "ok", "encounters"].notna().all()
    # run again with a fixed model: only the failed runs are redone, and they now succeed
    again, _, man2 = _batch(tmp_path, "flaky", "serial", 1, reps=15)
    assert man2["counts"] == {"done": 45, "failed": 0, "total": 45}
    assert man2["sessions"][-1]["to_run"] == len(failed)
    ref, _, _ = _batch(tmp_path, "clean", "serial", 1, reps=15)
    pd.testing.assert_frame_equal(again, ref)


def test_resume_skips_finished_and_grows(tmp_path):
    _batch(tmp_path, "grow", "serial", 1, reps=4)
    runs, _, man = _batch(tmp_path, "grow", "serial", 1, reps=9)
    assert man["sessions"][-1]["to_run"] == 3 * 5 and len(man["sessions"]) == 2
    ref, _, _ = _batch(tmp_path, "ref", "serial", 1, reps=9)
    pd.testing.assert_frame_equal(runs, ref)


def test_bad_inputs_raise_input_error(tmp_path):
    sc = scenarios("status_quo_2022")
    with pytest.raises(InputError, match="reps"):
        run_batch(sc, 0, out=tmp_path / "a", run_fn=FAKE, backend="serial")
    with pytest.raises(InputError, match="twice"):
        run_batch(sc + sc, 1, out=tmp_path / "b", run_fn=FAKE, backend="serial")
    t0 = time.monotonic()
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run_batch(sc, 1, out=tmp_path / "c", run_fn=FAKE, scheduler="tcp://127.0.0.1:1")
    assert time.monotonic() - t0 < 15
    assert not (tmp_path / "c").exists()


def test_killed_batch_resumes_to_identical_rows(tmp_path):
    out = tmp_path / "killed"
    cmd = [PY, "-m", "sim", "batch", "status_quo_2022", "hotline_as_agreed", "--reps", "40",
           "--days", "40", "--workers", "2", "--chunk-size", "2", "--seed", "5", "--out",
           str(out), "--run-fn", "tests.fake_model:run_slow", "--quiet"]
    proc = subprocess.Popen(cmd, env=env(HOTLINE_FAKE_SLEEP="0.04"), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    parts = lambda: list((out / store.RUNS).glob("*.parquet")) if (out / store.RUNS).is_dir() \
        else []  # noqa: E731
    while len(parts()) < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, proc.stderr.read().decode()
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, no chance to clean up
    proc.wait()
    partial = store.read_runs(out)
    assert 0 < len(partial) < 80
    assert store.read_manifest(out)["complete"] is False
    res = subprocess.run(cmd, env=env(HOTLINE_FAKE_SLEEP="0"), capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    man = store.read_manifest(out)
    assert man["sessions"][-1]["to_run"] == 80 - len(partial)
    runs, enc, _ = store.load(out)
    ref = run_batch(scenarios("status_quo_2022", "hotline_as_agreed"), 40, seed=5, days=40,
                    backend="serial", out=tmp_path / "ref", run_fn=FAKE, progress=False)
    ref_runs, ref_enc, _ = store.load(ref)
    pd.testing.assert_frame_equal(comparable(runs), comparable(ref_runs))
    pd.testing.assert_frame_equal(enc, ref_enc)


def test_crn_unanswerable_hotline_equals_no_hotline(tmp_path):
    """Hotline on but never answered: every paired run equals its no-hotline twin."""
    base = scenarios("status_quo_2022")[0]
    # called early and often (trigger at rung 2), never answered
    dead = scenarios("hotline_as_agreed", hotline_answer_prob=0.0, hotline_trigger_rung=2)[0]
    out = run_batch([base, dead], 8, seed=2, days=30, workers=2, backend="process",
                    out=tmp_path / "crn", progress=False)
    runs, enc, man = store.load(out)
    assert man["counts"]["failed"] == 0
    calls = runs.loc[runs["scenario"] == dead.name, "hotline_calls"].sum()
    cols = ["encounters", *(f"peak_ge_{k}" for k in range(1, 7)), "max_rung",
            "first_severe_day", "scrambles", "ts_intrusions", "plan_transits"]
    a = runs[runs["scenario"] == base.name].set_index("rep")[cols]
    b = runs[runs["scenario"] == dead.name].set_index("rep")[cols]
    pd.testing.assert_frame_equal(a, b)
    ecols = ["rep", "encounter", "start_h", "end_h", "zone", "peak_rung", "peak_h"]
    ea = enc[enc["scenario"] == base.name][ecols].reset_index(drop=True)
    eb = enc[enc["scenario"] == dead.name][ecols].reset_index(drop=True)
    pd.testing.assert_frame_equal(ea, eb)
    assert calls > 0  # the hotline was tried, and never changed a thing
