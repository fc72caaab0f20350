"""The severe-incident hazard (conditional Monte Carlo): an unbiased, quieter rate estimate.

`DecisionRounds.severe_chance` sums, over the rounds an encounter plays below rung 4, the chance
that the round takes it to rung 4 or more. Its expectation is the expected number of encounters
that reach rung 4 (the count's compensator), so over many runs its mean must agree with the mean
count; it must be zero where no round could reach rung 4, and it must draw nothing (the golden
digests of every other output are unchanged: ``harness.py --check --ignore severe_hazard``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.config.scenarios import load_scenario
from sim.model import run_scenario


@pytest.fixture(scope="module")
def hot_runs():
    """A tense scenario made much hotter, so that rung 4 is common in 20 days: 60 runs."""
    s = load_scenario("taiwan_shock_2022")
    s = s.with_overrides({"esc_logit_base": s.params["esc_logit_base"] + 2.5,
                          "collision_prob": 0.05}, where="test")
    return [run_scenario(s, seed, days=20, record_events=False) for seed in range(60)]


def test_hazard_mean_agrees_with_the_count(hot_runs):
    h = np.array([r.summary["severe_hazard"] for r in hot_runs])
    n = np.array([r.summary["peak_ge_4"] for r in hot_runs], dtype=float)
    assert n.mean() > 3  # the case is hot enough to test anything
    d = h - n
    se = d.std(ddof=1) / math.sqrt(len(d))
    assert abs(d.mean()) < 3 * se, (h.mean(), n.mean(), se)
    # the estimator is not the count in disguise: it differs run by run
    assert np.abs(d).max() > 0.5


def test_hazard_lives_where_rung_four_was_reachable(hot_runs):
    for r in hot_runs[:10]:
        encs = r.encounters
        assert math.isclose(r.summary["severe_hazard"],
                            math.fsum(e["severe_hazard"] for e in encs), abs_tol=1e-6)
        for e in encs:
            assert e["severe_hazard"] >= 0.0
            if e["peak_rung"] < 2:
                assert e["severe_hazard"] == 0.0  # no round below rung 2 can reach rung 4
        assert any(e["severe_hazard"] > 0 for e in encs if e["peak_rung"] >= 3)


def test_hazard_is_quieter_than_the_count_in_the_status_quo():
    """The point of it: in a status-quo year the count is mostly 0 and sometimes 1 or 2; the
    hazard is a small positive number in nearly every run."""
    s = load_scenario("status_quo_2022")
    runs = [run_scenario(s, seed, days=90, record_events=False) for seed in range(6)]
    h = [r.summary["severe_hazard"] for r in runs]
    assert sum(x > 0 for x in h) >= 5
    assert max(h) < 1.0
