"""Process lifecycle: the DIR lock, crash isolation, --run-timeout, no orphans after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pandas as pd
import pytest

from sim.batch import lock, store
from sim.batch.runner import run_batch
from sim.cli.main import main
from sim.errors import InputError
from sim.model.streams import replication_seeds
from tests.helpers import FAKE, PY, comparable, env, scenarios

NAMES = ("status_quo_2022", "hotline_as_agreed")


def _ref(tmp_path, reps, seed=1, days=20, names=NAMES):
    out = run_batch(scenarios(*names), reps, seed=seed, days=days, backend="serial",
                    out=tmp_path / "ref", run_fn=FAKE, progress=False)
    return comparable(store.read_runs(out))


def test_crashing_run_fails_only_itself(tmp_path):
    """A run that kills its worker process (os._exit, as a segfault would) fails alone."""
    out = run_batch(scenarios(NAMES[0]), 12, seed=1, days=20, workers=2, backend="process",
                    out=tmp_path / "crash", run_fn="tests.fake_model:run_crash", chunk_size=3,
                    progress=False)
    runs = comparable(store.read_runs(out))
    crashers = {r for r, s in enumerate(replication_seeds(1, 12)) if s % 7 == 0}
    assert crashers  # the fixture must contain a crashing run
    failed = runs[runs["status"] == "failed"]
    assert set(failed["rep"]) == crashers and len(failed) == len(crashers)
    assert failed["error"].str.contains("worker process died").all()
    ok = runs[runs["status"] == "ok"].reset_index(drop=True)
    ref = _ref(tmp_path, 12, names=NAMES[:1])
    ref = ref[~ref["rep"].isin(crashers)].reset_index(drop=True)
    pd.testing.assert_frame_equal(ok, ref, check_dtype=False)


@pytest.mark.parametrize("backend", ["serial", "process"])
def test_run_timeout_fails_the_hung_run_and_the_batch_goes_on(tmp_path, backend):
    out = run_batch(scenarios("status_quo_2022"), 6, seed=1, days=20, workers=2,
                    backend=backend, out=tmp_path / backend, run_fn="tests.fake_model:run_hang",
                    chunk_size=2, progress=False, run_timeout=4.0)  # > first-use imports
    runs = store.read_runs(out)
    hung = {r for r, s in enumerate(replication_seeds(1, 6)) if s % 7 == 0}
    failed = runs[runs["status"] == "failed"]
    assert set(failed["rep"]) == hung and failed["error"].str.contains("run-timeout").all()
    assert (runs["status"] == "ok").sum() == 6 - len(hung)


def test_run_timeout_is_bounded():
    for bad in (0, -1, float("nan"), float("inf"), True):
        with pytest.raises(InputError, match="--run-timeout"):
            run_batch(scenarios("status_quo_2022"), 1, run_timeout=bad, backend="serial",
                      run_fn=FAKE)


def _group(pgid: int) -> list[str]:
    res = subprocess.run(["ps", "-o", "pid=,args=", "-g", str(pgid)], capture_output=True,
                         text=True)
    return [line.strip() for line in res.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_batch_ends_its_workers_and_helpers(tmp_path, sig):
    """kill -9 (or -TERM) of the main process only: workers, fork server and resource tracker
    end within seconds (the workers watch the main process's pidfd)."""
    out = tmp_path / "k"
    cmd = [PY, "-m", "sim", "batch", "status_quo_2022", "--reps", "100", "--days", "20",
           "--workers", "2", "--chunk-size", "1", "--out", str(out), "--run-fn",
           "tests.fake_model:run_slow", "--quiet"]
    proc = subprocess.Popen(cmd, env=env(HOTLINE_FAKE_SLEEP="0.3"), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None and not (
                (out / store.RUNS).is_dir() and any((out / store.RUNS).glob("*.parquet"))):
            time.sleep(0.1)
        assert proc.poll() is None and len(_group(proc.pid)) >= 3  # main, helpers, workers
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _group(proc.pid) == []
    finally:
        if _group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


# --------------------------------------------------------------------------- the DIR lock
BATCH = ["batch", "status_quo_2022", "--reps", "3", "--days", "10", "--backend", "serial",
         "--run-fn", FAKE, "--quiet"]


def test_second_batch_on_a_locked_dir_is_refused_naming_the_holder(tmp_path, capsys):
    out = tmp_path / "b"
    with lock.locked(out, ["hotline-sim", "batch", "first"]):
        code = main([*BATCH, "--out", str(out)])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1
        assert f"pid {os.getpid()}" in err[0] and "hotline-sim batch first" in err[0]
        assert not (out / store.RUNS).exists()
    # released on exit: the same command now runs
    assert main([*BATCH, "--out", str(out)]) == 0


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path, capsys):
    out = tmp_path / "stale"
    out.mkdir()
    (out / lock.LOCK).write_text(json.dumps({"pid": 999999, "command": ["old"], "since": "x"}))
    assert main([*BATCH, "--out", str(out)]) == 0
    assert "stale lock of pid 999999" in capsys.readouterr().err
    assert (out / lock.LOCK).read_text() == ""  # released


def test_two_batches_started_together_never_mix(tmp_path):
    """Two different batches on one new DIR: one runs, the other exits 2 naming the holder."""
    out = tmp_path / "race"
    procs = [subprocess.Popen([PY, "-m", "sim", "batch", name, "--reps", "20", "--days", "20",
                               "--backend", "serial", "--out", str(out), "--run-fn",
                               "tests.fake_model:run_slow", "--quiet"],
                              env=env(HOTLINE_FAKE_SLEEP="0.05"), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in NAMES]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 2], results
    loser = next(r for r in results if r[2] == 2)
    assert len(loser[1].strip().splitlines()) == 1
    assert "in use by another batch" in loser[1] or "holds another batch" in loser[1]
    runs = store.read_runs(out)
    man = store.read_manifest(out)
    assert runs["scenario"].nunique() == 1 and len(runs) == 20
    assert [s["name"] for s in man["scenarios"]] == [runs["scenario"].iloc[0]]
