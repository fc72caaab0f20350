"""Experiment files (BehaviorSpace-like): designs, varied values as columns, paired seeds,
resolved parameters in the manifest, resume, any backend, bad files in one line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.batch import experiment, store
from sim.cli.main import main
from tests.helpers import FAKE, PY, comparable, env

SWEEP = """
[experiment]
name = "sweep"
scenarios = ["hotline_as_agreed", "hotline_as_practiced"]
control = "status_quo_2022"
replications = 3
days = 20
seed = 5
outputs = ["peak_ge_4", "hotline_calls"]

[vary]
hotline_answer_prob = [0.2, 0.9]
hotline_consult_hours = {first = 0.5, step = 1.0, last = 2.5}
"""


def _file(tmp: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp / name
    path.write_text(text)
    return path


def _run(tmp: Path, text: str, *extra: str, out: str = "o") -> tuple[int, Path]:
    code = main(["experiment", str(_file(tmp, text)), "--out", str(tmp / out), "--backend",
                 "serial", "--run-fn", FAKE, "--quiet", *extra])
    return code, tmp / out


def test_full_factorial_levels_and_ranges(tmp_path):
    exp = experiment.load_experiment(_file(tmp_path, SWEEP))
    pts = experiment.design_points(exp)
    assert len(pts) == 2 * 3
    assert sorted({p["hotline_consult_hours"] for p in pts}) == [0.5, 1.5, 2.5]
    arms = experiment.arms(exp)
    assert len(arms) == 1 + 2 * 6 and arms[0].name == "status_quo_2022"
    p3 = next(a for a in arms if a.name == "hotline_as_practiced--p003")
    assert p3.params["hotline_answer_prob"] == pts[3]["hotline_answer_prob"]
    assert p3.factors["arm"] == "hotline_as_practiced" and p3.factors["design_point"] == 3


def test_varied_values_are_columns_and_manifest_holds_resolved_params(tmp_path, capsys):
    code, out = _run(tmp_path, SWEEP)
    assert code == 0
    shown = capsys.readouterr().out
    assert "hotline_answer_prob" in shown and "results:" in shown
    runs = store.read_runs(out)
    assert len(runs) == 13 * 3 and (runs["status"] == "ok").all()
    for col in ("design_point", "arm", "hotline_answer_prob", "hotline_consult_hours"):
        assert col in runs.columns
    row = runs[runs["scenario"] == "hotline_as_agreed--p005"].iloc[0]
    assert row["hotline_answer_prob"] == 0.9 and row["hotline_consult_hours"] == 2.5
    man = store.read_manifest(out)
    rec = {s["name"]: s for s in man["scenarios"]}
    assert rec["hotline_as_agreed--p005"]["params"]["hotline_answer_prob"] == 0.9
    assert rec["status_quo_2022"]["params"]["hotline_active"] is False
    assert man["experiment"]["vary"]["hotline_answer_prob"] == [0.2, 0.9]
    assert len(man["experiment"]["points"]) == 6
    assert (out / "experiment_summary.csv").is_file() and (out / "codebook.csv").is_file()
    eff = pd.read_csv(out / "experiment_effects.csv")  # paired effects against the control
    assert len(eff) == 12 and (eff["base"] == "status_quo_2022").all()
    assert {"hotline_answer_prob", "rd_severe", "pairs"} <= set(eff.columns)
    assert (eff["pairs"] == 3).all()
    # paired by default: replication i has the same seed at every level and in the control
    seeds = runs.pivot(index="rep", columns="scenario", values="seed")
    assert (seeds.nunique(axis=1) == 1).all()


def test_unpaired_design_gives_each_point_its_own_seeds(tmp_path):
    code, out = _run(tmp_path, SWEEP.replace("seed = 5", "seed = 5\npaired = false"))
    assert code == 0
    runs = store.read_runs(out)
    rep0 = runs[runs["rep"] == 0].set_index("scenario")["seed"]
    assert rep0["hotline_as_agreed--p000"] != rep0["hotline_as_agreed--p001"]
    assert rep0["hotline_as_agreed--p004"] == rep0["hotline_as_practiced--p004"]
    assert rep0.nunique() == 7  # control + 6 points
    assert (runs.groupby("scenario")["seed"].nunique() == 3).all()


def test_latin_hypercube_is_stratified_in_range_and_reproducible(tmp_path):
    text = """
[experiment]
scenarios = ["hotline_as_agreed"]
design = "latin_hypercube"
samples = 8
replications = 1
seed = 3
[vary]
hotline_answer_prob = {min = 0.2, max = 0.6}
hotline_relay_hops = {min = 0, max = 6}
hotline_covers_territorial = [false, true]
"""
    exp = experiment.load_experiment(_file(tmp_path, text))
    pts = experiment.design_points(exp)
    assert pts == experiment.design_points(experiment.load_experiment(_file(tmp_path, text)))
    prob = np.array([p["hotline_answer_prob"] for p in pts])
    assert ((prob >= 0.2) & (prob <= 0.6)).all()
    # one point in each eighth of the range: a Latin hypercube, not a random sample
    assert sorted(np.floor((prob - 0.2) / 0.05).astype(int)) == list(range(8))
    assert all(isinstance(p["hotline_relay_hops"], int) for p in pts)
    assert sum(p["hotline_covers_territorial"] for p in pts) == 4


def test_series_key_records_daily_series_per_arm(tmp_path):
    code, out = _run(tmp_path, SWEEP.replace("seed = 5", "seed = 5\nseries = true")
                     .replace("replications = 3", "replications = 1"))
    assert code == 0
    ts = store.read_timeseries(out)
    assert len(ts) > 0 and set(ts["scenario"]) == set(store.read_runs(out)["scenario"])


def test_resume_and_grow(tmp_path):
    code, out = _run(tmp_path, SWEEP, "--reps", "2")
    assert code == 0
    code, _ = _run(tmp_path, SWEEP, "--reps", "3")  # same experiment: grows, keeps the old runs
    assert code == 0
    man = store.read_manifest(out)
    assert [s["to_run"] for s in man["sessions"]] == [26, 13]
    code, _ = _run(tmp_path, SWEEP, "--reps", "3")
    assert code == 0 and store.read_manifest(out)["sessions"][-1]["to_run"] == 0


def test_process_backend_rows_equal_serial(tmp_path):
    code, a = _run(tmp_path, SWEEP, out="serial")
    assert code == 0
    path = _file(tmp_path, SWEEP, "exp2.toml")
    assert main(["experiment", str(path), "--out", str(tmp_path / "proc"), "--backend",
                 "process", "--workers", "2", "--run-fn", FAKE, "--quiet"]) == 0
    ra, rb = store.read_runs(a), store.read_runs(tmp_path / "proc")
    assert comparable(ra).equals(comparable(rb))


@pytest.mark.parametrize("text, needle", [
    (SWEEP.replace("hotline_answer_prob =", "no_such_param ="), "vary.no_such_param: unknown"),
    (SWEEP.replace('{first = 0.5, step = 1.0, last = 2.5}', '{min = 0.5, max = 2.0}'),
     "needs design = \"latin_hypercube\""),
    (SWEEP.replace("[0.2, 0.9]", "[0.2, 1.9]"), "hotline_answer_prob"),
    (SWEEP.replace('"hotline_calls"', '"nope"'), "unknown output 'nope'"),
    (SWEEP.replace("replications = 3", "replications = 0"), "experiment.replications"),
    (SWEEP.replace("scenarios = [", "scenarioz = ["), "unknown key"),
    (SWEEP.replace('"hotline_as_practiced"', '"no_such"'), "unknown scenario"),
    (SWEEP.replace("step = 1.0", "step = 0.0"), "step > 0"),
    ("[experiment\n", "malformed TOML"),
])
def test_bad_experiment_file_one_line_exit_2(tmp_path, text, needle):
    path = _file(tmp_path, text)
    res = subprocess.run([PY, "-m", "sim", "experiment", str(path), "--out",
                          str(tmp_path / "o"), "--run-fn", FAKE], env=env(),
                         capture_output=True, text=True, timeout=60)
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2, res.stderr
    assert len(lines) == 1 and needle in lines[0] and str(path) in lines[0], res.stderr
    assert not (tmp_path / "o").exists()


def test_example_experiment_files_are_valid():
    root = Path(__file__).resolve().parents[2] / "experiments"
    files = sorted(root.glob("*.toml"))
    assert files
    for path in files:
        exp = experiment.load_experiment(path)
        assert experiment.arms(exp)
        assert json.dumps(exp.to_dict())


def test_experiment_with_control_on_paired_tasks_equals_arms_run_alone(tmp_path):
    """With a control and the model itself, arms share paired tasks (sim.batch.paired) and
    keep their columns; rows equal running every arm on its own."""
    from sim.batch import paired, runner
    from tests.helpers import MODEL

    text = SWEEP.replace('"hotline_as_agreed", "hotline_as_practiced"', '"hotline_as_agreed"') \
        .replace("replications = 3", "replications = 2") \
        .replace("{first = 0.5, step = 1.0, last = 2.5}", "[0.5]")
    exp = experiment.load_experiment(_file(tmp_path, text))
    arms = experiment.arms(exp)
    assert paired.can_pair(arms, arms[0].name, runner.DEFAULT_RUN_FN, runner.DEFAULT_RUN_FN)
    together = experiment.run_experiment(exp, out=tmp_path / "paired", backend="serial",
                                         progress=False)
    alone = runner.run_batch(arms, 2, seed=exp.seed, days=exp.days, out=tmp_path / "alone",
                             backend="serial", run_fn=MODEL, progress=False)
    a, b = store.read_runs(together), store.read_runs(alone)
    assert "hotline_answer_prob" in a.columns and a["design_point"].tolist() == \
        b["design_point"].tolist()
    assert comparable(a).equals(comparable(b[a.columns]))
