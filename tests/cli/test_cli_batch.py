"""The batch/compare command line: bad input is one line and exit 2; failures exit non-zero."""

from __future__ import annotations

import subprocess

import pytest

from sim.batch import store
from sim.cli.main import main
from tests.helpers import FAKE, MODEL, PY, env


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "sim", *args], env=env(), capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("args, needle", [
    (["batch", "no_such_scenario", "--reps", "2"], "unknown scenario"),
    (["batch", "status_quo_2022", "--reps", "0"], "must be a positive integer"),
    (["batch", "status_quo_2022", "--reps", "-3"], "must be a positive integer"),
    (["compare", "status_quo_2022", "no_such", "--reps", "2"], "unknown scenario"),
    (["batch", "status_quo_2022", "--reps", "2", "--scheduler", "tcp://127.0.0.1:1"],
     "cannot reach the Dask scheduler"),
    (["batch", "status_quo_2022", "--reps", "2", "--until-ci", "0"], "positive number"),
    (["batch", "status_quo_2022", "--set", "nope=1"], "unknown parameter"),
])
def test_bad_input_one_line_exit_2(tmp_path, args, needle):
    res = _cli(*args, "--out", str(tmp_path / "o"), "--run-fn", FAKE)
    lines = res.stderr.strip().splitlines()
    assert res.returncode == 2, res.stderr
    assert len(lines) == 1 and needle in lines[0], res.stderr
    assert not (tmp_path / "o").exists()


def test_dir_of_another_batch_is_refused(tmp_path, capsys):
    out = str(tmp_path / "b")
    assert main(["batch", "status_quo_2022", "--reps", "2", "--days", "10", "--backend",
                 "serial", "--out", out, "--run-fn", FAKE, "--quiet"]) == 0
    capsys.readouterr()
    code = main(["batch", "hotline_as_agreed", "--reps", "2", "--days", "10", "--backend",
                 "serial", "--out", out, "--run-fn", FAKE, "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "holds another batch" in err[0]
    # the same batch again is a resume (nothing to do), not a refusal
    assert main(["batch", "status_quo_2022", "--reps", "2", "--days", "10", "--backend",
                 "serial", "--out", out, "--run-fn", FAKE, "--quiet"]) == 0


def test_failed_runs_exit_nonzero_and_batch_goes_on(tmp_path, capsys):
    out = tmp_path / "f"
    code = main(["batch", "status_quo_2022", "--reps", "12", "--days", "10", "--backend",
                 "serial", "--out", str(out), "--run-fn", "tests.fake_model:run_flaky", "--quiet"])
    assert code == 1
    assert "failed" in capsys.readouterr().err
    runs, _, man = store.load(out)
    assert len(runs) == 12 and 0 < man["counts"]["failed"] < 12


def test_compare_writes_effects_and_report(tmp_path, capsys):
    out = tmp_path / "c"
    code = main(["compare", "status_quo_2022", "hotline_as_agreed", "--reps", "6", "--days",
                 "5", "--workers", "2", "--out", str(out), "--run-fn", MODEL, "--quiet"])
    assert code == 0
    text = capsys.readouterr().out
    assert "hotline_as_agreed" in text and "risk difference" in text and "half-width" in text
    assert (out / "report.md").is_file() and (out / "plots" / "paired_difference.png").is_file()
    assert store.read_manifest(out)["base"] == "status_quo_2022"


def test_until_ci_grows_the_same_store(tmp_path, capsys):
    out = tmp_path / "u"
    code = main(["compare", "status_quo_2022", "hotline_as_agreed", "--reps", "10", "--days",
                 "60", "--backend", "serial", "--out", str(out), "--run-fn", FAKE, "--quiet",
                 "--until-ci", "0.1", "--max-reps", "400", "--no-report"])
    assert code == 0
    man = store.read_manifest(out)
    uc = man["until_ci"]
    assert uc["reps"] > 10 and len(man["sessions"]) >= 2
    assert uc["reached"] is (uc["halfwidth"] <= 0.1)
    assert uc["reached"] or uc["reps"] == 400
    runs = store.read_runs(out)
    assert len(runs) == 2 * uc["reps"]
