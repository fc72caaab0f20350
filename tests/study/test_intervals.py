"""Interval methods against published worked examples and against simulated coverage."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.rates import confint_poisson

from sim.study import intervals as iv


def _pairs(a: int, b: int, c: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Base and treatment arrays of a paired 2x2 table: a both, b treatment only, c base only."""
    base = np.array([1] * a + [0] * b + [1] * c + [0] * d, dtype=bool)
    treat = np.array([1] * a + [1] * b + [0] * c + [0] * d, dtype=bool)
    return base, treat


# Fagerland, Lydersen & Laake (2017), Statistical Analysis of Contingency Tables, ch. 8: the
# Cavo et al. (2012) table [[59, 6], [16, 80]] (first test = treatment rows).
CAVO = _pairs(59, 6, 16, 80)


def test_newcombe_paired_difference_worked_example():
    rd, lo, hi = iv.risk_difference_paired(*CAVO)
    assert rd == pytest.approx(-0.0621, abs=5e-5)
    assert (lo, hi) == pytest.approx((-0.1186, -0.0046), abs=5e-5)


def test_bonett_price_paired_ratio_worked_example():
    rr, lo, hi = iv.risk_ratio_paired(*CAVO)
    assert rr == pytest.approx(0.8667, abs=5e-5)
    assert (lo, hi) == pytest.approx((0.7579, 0.9910), abs=5e-5)


def test_paired_ratio_does_not_collapse_without_discordant_pairs():
    # the log-Wald interval gives [1, 1] here; a sound interval stays wide with 5 events
    rr, lo, hi = iv.risk_ratio_paired(*_pairs(5, 0, 0, 15))
    assert rr == 1.0 and lo < 0.8 and hi > 1.25 and lo * hi == pytest.approx(1.0)
    assert iv.risk_ratio_paired(*_pairs(0, 0, 0, 20)) == (pytest.approx(math.nan, nan_ok=True),
                                                          0.0, math.inf)
    rr, lo, hi = iv.risk_ratio_paired(*_pairs(0, 3, 0, 17))  # no base event: unbounded above
    assert rr == math.inf and hi == math.inf and 0 < lo < 1


def test_paired_ratio_coverage_with_few_discordant_pairs():
    rng = np.random.default_rng(11)
    n, p_base, sims, hits = 40, 0.15, 1500, 0
    for _ in range(sims):
        base = rng.random(n) < p_base
        treat = base & (rng.random(n) < 0.8)  # the treatment removes 20% of the events
        _, lo, hi = iv.risk_ratio_paired(base, treat)
        hits += lo <= 0.8 <= hi
    assert hits / sims >= 0.93, hits / sims


def test_exact_poisson_matches_garwood_and_statsmodels():
    assert iv.poisson_exact(0, 1) == pytest.approx((0.0, 3.6889), abs=1e-4)  # rule of 3.69
    assert iv.poisson_exact(5, 1) == pytest.approx((1.6235, 11.6683), abs=1e-4)
    for k in (0, 1, 4, 17):
        assert iv.poisson_exact(k, 10) == pytest.approx(
            tuple(float(v) for v in confint_poisson(k, 10, method="exact-c")))


def test_count_intervals_respect_zero_and_cover_overdispersed_counts():
    # the example: one run in five with one severe incident
    m, lo, hi = iv.count_mean_ci([0, 0, 1, 0, 0])
    assert m == 0.2 and lo >= 0 and hi > m
    assert iv.count_mean_ci([0] * 10) == pytest.approx((0.0, 0.0, 0.36889), abs=1e-5)
    rng = np.random.default_rng(5)
    mu, sims, hits = 0.6, 1500, 0
    for _ in range(sims):  # negative binomial counts, variance 2.5x the mean
        x = rng.negative_binomial(0.4, 0.4 / (0.4 + mu), 200)
        _, lo, hi = iv.count_mean_ci(x)
        hits += lo <= mu <= hi
    assert 0.93 <= hits / sims <= 0.985, hits / sims


def test_rate_ratio_is_the_conditional_exact_interval_for_poisson_pairs():
    # no overdispersion (treatment share as even as it can be): Clopper-Pearson's limits for the
    # treatment's share of the 6 events
    base, treat = np.array([1, 1, 1, 1]), np.array([1, 1, 0, 0])
    rr, lo, hi = iv.rate_ratio_paired(base, treat)
    assert rr == pytest.approx(0.5)
    pl, ph = lo / (1 + lo), hi / (1 + hi)  # at the limits the binomial tail is alpha/2
    assert stats.binom.sf(1, 6, pl) == pytest.approx(0.025, abs=1e-9)
    assert stats.binom.cdf(2, 6, ph) == pytest.approx(0.025, abs=1e-9)
    assert iv.rate_ratio_paired([0, 0], [0, 0])[1:] == (0.0, math.inf)
    assert iv.rate_ratio_paired([0, 0], [1, 2])[0] == math.inf
    est, lo, hi = iv.rate_ratio_paired([2, 0, 1], [2, 0, 1])  # identical pairs: not a point
    assert est == 1.0 and lo < 0.3 and hi > 3


def test_rate_ratio_coverage_with_pair_heterogeneity_and_overdispersion():
    rng = np.random.default_rng(9)
    n, true_rr, sims, hits = 150, 0.7, 1200, 0
    for _ in range(sims):
        level = rng.gamma(0.5, 2.0, n)  # what the two runs of a pair share
        base = rng.poisson(level * rng.gamma(2.0, 0.5, n))
        treat = rng.poisson(true_rr * level * rng.gamma(2.0, 0.5, n))
        _, lo, hi = iv.rate_ratio_paired(base, treat)
        hits += lo <= true_rr <= hi
    assert 0.93 <= hits / sims <= 0.985, hits / sims


def test_column_intervals_equal_the_one_sample_ones():
    rng = np.random.default_rng(2)
    counts = rng.negative_binomial(1.0, 0.5, size=(30, 5)).astype(float)
    counts[:, 0] = 0  # an all-zero column keeps its exact upper limit
    m, lo, hi = iv.columns_ci(counts, counts=True)
    for j in range(5):
        assert (m[j], lo[j], hi[j]) == pytest.approx(iv.count_mean_ci(counts[:, j]))
    level = rng.normal(0.4, 0.1, size=(30, 4))
    m, lo, hi = iv.columns_ci(level, counts=False)
    for j in range(4):
        assert (m[j], lo[j], hi[j]) == pytest.approx(iv.mean_ci(level[:, j]))
