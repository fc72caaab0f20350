"""The sensitivity pipeline runs end to end on a tiny design and writes its files."""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pytest

from sim.config.scenarios import load_scenario
from sim.study import sensitivity as s
from tests.helpers import FAKE, PY, ROOT, env


def test_factors_cover_every_assumption_with_its_range() -> None:
    from sim.config.parameters import ASSUMPTIONS

    base, treat = load_scenario(s.BASE), load_scenario(s.TREAT)
    facs = {f.name: f for f in s.factors(base, treat)}
    assert set(ASSUMPTIONS) <= set(facs)
    # the treatment scenario's own (narrower) range wins over the registry's
    assert (facs["hotline_answer_prob"].lo, facs["hotline_answer_prob"].hi) == (0.8, 1.0)
    assert facs["hotline_trigger_rung"].kind == "int"
    vals = s.values([facs["hotline_trigger_rung"]], [2.6])
    assert vals == {"hotline_trigger_rung": 3}


def test_arms_set_the_same_values_on_both_arms() -> None:
    base, treat = load_scenario(s.BASE), load_scenario(s.TREAT)
    a = s.arms([{"misperception": 0.2}], "m", base, treat)
    assert [x.name for x in a] == ["m00000-base", "m00000-treat"]
    assert a[0].params["misperception"] == a[1].params["misperception"] == 0.2
    assert not a[0].params["hotline_active"] and a[1].params["hotline_active"]


def test_tiny_design_end_to_end_with_the_fake_model(tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "sens"
    summ = s.run_sensitivity("tiny", out=out, backend="serial", run_fn=FAKE, progress=False)
    for name in ("morris.csv", "sobol.csv", "tornado.csv", "morris_mu_sigma.png",
                 "tornado.png", "summary.json", "morris_design.csv"):
        assert (out / name).is_file(), name
    morris = pd.read_csv(out / "morris.csv")
    assert set(morris["outcome"]) == set(s.OUTCOMES)
    assert morris["factor"].nunique() == len(summ["factors"])
    assert len(pd.read_csv(out / "sobol.csv")) == 2 * len(s.OUTCOMES)
    assert json.loads((out / "summary.json").read_text())["runs"] == summ["runs"] > 0
    assert "top by mu*" in s.headline(out)


@pytest.mark.slow
def test_cli_same_result_serial_and_process(tmp_path) -> None:  # noqa: ANN001
    outs = []
    for backend, workers in (("serial", "1"), ("process", "2")):
        out = tmp_path / backend
        r = subprocess.run([PY, "-m", "sim", "sensitivity", "--design", "tiny", "--backend",
                            backend, "--workers", workers, "--run-fn", FAKE, "--out", str(out),
                            "--quiet"], cwd=ROOT, env=env(), capture_output=True, text=True,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        outs.append(pd.read_csv(out / "morris_design.csv"))
    pd.testing.assert_frame_equal(outs[0], outs[1])


def test_bad_design_is_one_line_exit_2() -> None:
    r = subprocess.run([PY, "-m", "sim", "sensitivity", "--design", "huge"], cwd=ROOT,
                       env=env(), capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_log_hazard_ratio_is_the_log_of_the_ratio_of_the_arms_mean_rates() -> None:
    """The effect as a factor: a line that halves a high rate in every replication scores
    ~log(1/2) whatever the rate's level (where the absolute difference would scale with it);
    one run's spike moves it as a ratio of means, not as a mean of per-run ratios."""
    import math

    rows = []
    for i, (base_h, factor) in enumerate([(10.0, 0.5), (1000.0, 0.5), (0.0, 1.0)]):
        for rep in range(3):
            rows.append({"scenario": f"m{i:05d}-base", "rep": rep, "peak_ge_4": 0,
                         "peak_ge_3": 0, "severe_hazard": base_h})
            rows.append({"scenario": f"m{i:05d}-treat", "rep": rep, "peak_ge_4": 0,
                         "peak_ge_3": 0, "severe_hazard": base_h * factor})
    rows[-1]["severe_hazard"] = 0.09  # one treat run of the third point: mean 0.03
    po = s.paired_outcomes(pd.DataFrame(rows), 3, "m")
    lr = po["log_hazard_ratio"].tolist()
    assert lr[0] == pytest.approx(math.log(5.01 / 10.01))
    assert lr[1] == pytest.approx(math.log(0.5), abs=1e-4)
    assert po["diff_hazard"].iloc[1] == pytest.approx(100 * po["diff_hazard"].iloc[0])
    assert lr[2] == pytest.approx(math.log(0.04 / 0.01))  # floor 0.01 per run
