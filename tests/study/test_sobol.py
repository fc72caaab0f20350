"""Sobol estimators against known results: the Ishigami function's analytic indices, and
SALib's own total-effect estimator on the same sample (the same formula: equal to rounding)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.study import sobol

# Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: analytic first-order and total indices.
S1_TRUE = (0.3139, 0.4424, 0.0)
ST_TRUE = (0.5576, 0.4424, 0.2437)
PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}


def _ishigami(n: int, seed: int = 1) -> np.ndarray:
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    x = sobol_sample.sample(PROBLEM, n, calc_second_order=False, seed=seed)
    return Ishigami.evaluate(x)


def test_estimates_match_the_ishigami_indices_within_their_intervals() -> None:
    rows = sobol.indices(PROBLEM, _ishigami(4096), "y", seed=3)
    for r, s1, st in zip(rows, S1_TRUE, ST_TRUE, strict=True):
        assert abs(r["S1"] - s1) <= r["S1_conf"] + 0.01, r
        assert abs(r["ST"] - st) <= r["ST_conf"] + 0.01, r
        assert 0 < r["S1_conf"] < 0.05 and 0 < r["ST_conf"] < 0.05  # N = 4096 resolves them


def test_total_effect_is_salibs_jansen_estimator() -> None:
    from SALib.analyze import sobol as sobol_analyze

    y = _ishigami(512)
    _, st = sobol.estimate(y, 3)
    ref = sobol_analyze.analyze(PROBLEM, y, calc_second_order=False, num_resamples=10, seed=1)
    assert np.allclose(st, ref["ST"], rtol=1e-12, atol=1e-12)


def test_first_order_of_a_dominant_factor_is_tighter_than_saltellis() -> None:
    """Why the module carries its own S1: y = 10 x1 + x2 (x1 owns ~99 % of the variance).
    Janon's estimator is both right and much tighter than SALib's Saltelli (2010) there."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    prob = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0, 1], [0, 1]]}
    x = sobol_sample.sample(prob, 256, calc_second_order=False, seed=2)
    y = 10 * x[:, 0] + x[:, 1]
    ours = sobol.indices(prob, y, "y", seed=2)[0]
    ref = sobol_analyze.analyze(prob, y, calc_second_order=False, num_resamples=1000, seed=2)
    assert ours["S1"] == pytest.approx(100 / 101, abs=0.01)
    assert ours["S1_conf"] < 0.5 * float(ref["S1_conf"][0])


def test_grouped_indices_follow_salibs_group_order() -> None:
    """Ishigami with x1 and x3 in one group "g2" named first and x2 alone in "g1": the group
    of x1 and x3 has S1 = 1 - S1(x2) = 0.558 (x2 enters additively) and g1 0.442, so a swap
    of names and SALib's block order would show."""
    from SALib.sample import sobol as sobol_sample
    from SALib.test_functions import Ishigami

    prob = {**PROBLEM, "groups": ["g2", "g1", "g2"]}
    x = sobol_sample.sample(prob, 4096, calc_second_order=False, seed=1)
    rows = {r["factor"]: r for r in sobol.indices(prob, Ishigami.evaluate(x), "y", seed=1)}
    assert list(rows) == ["g2", "g1"]
    assert rows["g2"]["S1"] == pytest.approx(1 - S1_TRUE[1], abs=rows["g2"]["S1_conf"] + 0.01)
    assert rows["g1"]["S1"] == pytest.approx(S1_TRUE[1], abs=rows["g1"]["S1_conf"] + 0.01)


def test_a_failed_point_voids_its_block_not_a_value(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """One NaN output (all runs of a point failed) drops its (A, AB.., B) block: the indices
    are those of the other blocks, and ``n`` says how many counted."""
    import pandas as pd

    from sim.study import sensitivity

    prob = {"num_vars": 2, "names": ["x1", "x2"], "bounds": [[0, 1], [0, 1]]}
    facs = [sensitivity.Factor("x1", 0, 1, "float", "t"), sensitivity.Factor("x2", 0, 1,
                                                                            "float", "t")]

    def fake_runs(points, prefix, out, reps, days, base, treat, **kw):  # noqa: ANN001, ANN003, ANN202
        y = [2 * p["x1"] + p["x2"] for p in points]
        y[5] = float("nan")  # the second block's AB_1 row
        return pd.DataFrame({"scenario": [f"{prefix}{i:05d}-base" for i in range(len(y))],
                             "rep": 0, "status": "ok", "severe_hazard": y})

    monkeypatch.setattr(sensitivity, "run_points", fake_runs)
    monkeypatch.setattr(sensitivity, "base_outcomes", lambda runs, n, prefix: pd.DataFrame(
        {"base_hazard": runs["severe_hazard"]}))
    df = sobol.sobol_stage(facs, ["x1", "x2"], {"sobol_n": 8, "reps": 1, "days": 1}, 1,
                           tmp_path, None, None, outcomes=("base_hazard",))
    assert set(df["n"]) == {7} and df["S1"].notna().all()
    x = sobol.design(facs, ["x1", "x2"], 8, 1, False)[2]
    y = (2 * x[:, 0] + x[:, 1]).reshape(-1, 4)
    s1, _ = sobol.estimate(np.delete(y, 1, axis=0).ravel(), 2)
    assert df["S1"].tolist() == pytest.approx(list(s1))
    assert prob["names"] == list(df["factor"])


def test_doubling_n_keeps_the_first_chunk_and_runs_only_the_new_one(tmp_path, monkeypatch
                                                                   ) -> None:  # noqa: ANN001
    """A design grown from N to 2N resumes the first chunk's batch (same points: SALib's
    sample of N is the prefix of the sample of 2N) and runs the rest in a new directory."""
    import pandas as pd

    from sim.study import sensitivity

    facs = [sensitivity.Factor("x1", 0, 1, "float", "t"),
            sensitivity.Factor("x2", 0, 1, "float", "t")]
    calls: list[tuple[str, tuple]] = []

    def fake_runs(points, prefix, out, reps, days, base, treat, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append((out.name, tuple(tuple(sorted(p.items())) for p in points)))
        return pd.DataFrame({"scenario": [f"{prefix}{i:05d}-base" for i in range(len(points))],
                             "rep": 0, "status": "ok",
                             "severe_hazard": [2 * p["x1"] + p["x2"] for p in points]})

    monkeypatch.setattr(sensitivity, "run_points", fake_runs)
    monkeypatch.setattr(sobol, "CHUNK", 4)
    size = {"sobol_n": 4, "reps": 1, "days": 1}
    one = sobol.sobol_stage(facs, ["x1", "x2"], size, 1, tmp_path, None, None,
                            outcomes=("base_hazard",))
    two = sobol.sobol_stage(facs, ["x1", "x2"], {**size, "sobol_n": 8}, 1, tmp_path, None,
                            None, outcomes=("base_hazard",))
    assert [c[0] for c in calls] == ["sobol", "sobol", "sobol-2"]
    assert calls[0][1] == calls[1][1] and len(calls[2][1]) == 4 * 4  # the first chunk: same
    assert set(one["n"]) == {4} and set(two["n"]) == {8}
