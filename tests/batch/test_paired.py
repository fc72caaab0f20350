"""Paired tasks in the runner (sim.batch.paired): the rows of running every arm alone."""

from __future__ import annotations

import pandas as pd

from sim.batch import paired, store
from sim.batch.runner import DEFAULT_RUN_FN, Task, run_batch
from tests.helpers import MODEL, comparable, scenarios

NAMES = ("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced")


def _load(out):  # noqa: ANN001, ANN202
    runs, enc, man = store.load(out)
    return comparable(runs), enc.reset_index(drop=True), man


def test_paired_batch_equals_unpaired(tmp_path) -> None:
    scen = scenarios(*NAMES)
    kw = dict(seed=5, days=40, backend="serial", run_fn=MODEL, progress=False)
    a = run_batch(scen, 3, out=tmp_path / "paired", base=NAMES[0], **kw)
    b = run_batch(scen, 3, out=tmp_path / "alone", **kw)
    ra, ea, _ = _load(a)
    rb, eb, _ = _load(b)
    assert len(ra) == 9 and (ra["status"] == "ok").all()
    pd.testing.assert_frame_equal(ra, rb)
    pd.testing.assert_frame_equal(ea, eb)


def test_paired_batch_resumes_and_grows(tmp_path) -> None:
    scen = scenarios(*NAMES)
    kw = dict(seed=6, days=15, backend="process", workers=2, run_fn=MODEL, progress=False,
              base=NAMES[0])
    run_batch(scen, 2, out=tmp_path / "grow", **kw)
    out = run_batch(scen, 4, out=tmp_path / "grow", **kw)
    ref = run_batch(scen, 4, out=tmp_path / "ref", **{**kw, "backend": "serial"})
    ra, ea, man = _load(out)
    rb, eb, _ = _load(ref)
    assert man["sessions"][-1]["to_run"] == 3 * 2 and man["complete"]
    pd.testing.assert_frame_equal(ra, rb)
    pd.testing.assert_frame_equal(ea, eb)


def test_paired_plan_holds_every_arm_and_skips_stored_runs() -> None:
    scen = scenarios(*NAMES)
    assert paired.can_pair(scen, NAMES[0], DEFAULT_RUN_FN, DEFAULT_RUN_FN)
    assert not paired.can_pair(scen, None, DEFAULT_RUN_FN, DEFAULT_RUN_FN)
    assert not paired.can_pair(scen, NAMES[0], "tests.fake_model:run", DEFAULT_RUN_FN)
    done = {(NAMES[0], 0), (NAMES[1], 0), (NAMES[2], 0), (NAMES[1], 1)}
    tasks = paired.plan(Task, scen, NAMES[0], 5, 1, 10, done, 6, "s")
    assert [r for t in tasks for r, _ in t.reps] == [1, 2, 3, 4]  # rep 0 is complete
    assert all(t.scenario.name == NAMES[0] and [a.name for a in t.arms] == list(NAMES[1:])
               for t in tasks)
    assert tasks[0].skip == {(NAMES[1], 1)}
