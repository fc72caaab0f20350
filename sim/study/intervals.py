"""Confidence intervals for the outcomes of a batch: proportions, counts, paired effects.

Each function returns ``(estimate, low, high)`` and names a published method; where statsmodels
or scipy implement the method it is called rather than re-derived. The tests check every one
against worked examples from the literature and against simulated coverage.

Why these methods (the simulation's outcomes are rare binary events and overdispersed counts,
and replications are paired by seed):

* Proportion: Wilson score interval (statsmodels ``proportion_confint``); sound near 0 and 1.
* Mean count per run: the exact Poisson (Garwood) interval of the total, scaled for
  overdispersion: with dispersion ``phi = max(1, s^2 / mean)`` the interval is the exact one
  for ``k / phi`` events in ``n / phi`` runs (the quasi-Poisson variance ``phi * mean``). It is
  Garwood's interval when the counts are Poisson, never goes below zero, and has a non-zero
  upper limit when no event was seen.
* Paired risk difference: Newcombe's (1998) method 10 (square-and-add of the two Wilson
  intervals with the continuity-corrected phi correlation of the pairs).
* Paired risk ratio: Bonett and Price's (2006) hybrid Wilson score interval, computed on the
  pairs with at least one event; it has good coverage with few discordant pairs and does not
  collapse to a point when no pair differs (the log-Wald interval does).
* Paired rate ratio of counts: conditional on each pair's total, the treatment's share of the
  events is binomial with ``pi = RR / (1 + RR)`` (the matched-pair Poisson model, which removes
  whatever the two runs of a pair share). The interval is Clopper-Pearson's for ``pi`` scaled
  for overdispersion: ``phi`` is the ratio of the robust (sandwich) variance of the treatment's
  total to its binomial variance, at least 1, so identical pairs keep the exact interval and
  extra-Poisson variation within pairs widens it. Mapped back to ``RR``.
* Mean paired difference: paired t interval (scipy ``ttest_rel``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

ALPHA = 0.05
Interval = tuple[float, float, float]
NAN3: Interval = (math.nan, math.nan, math.nan)


def proportion_ci(k: int, n: int, alpha: float = ALPHA) -> Interval:
    """Proportion with its Wilson score interval."""
    if n == 0:
        return NAN3
    lo, hi = proportion_confint(k, n, alpha=alpha, method="wilson")
    return (k / n, float(lo), float(hi))


def mean_ci(values: Any, alpha: float = ALPHA) -> Interval:
    """Mean and t confidence interval; a constant sample has a zero-width interval."""
    x = _finite(values)
    if x.size == 0:
        return NAN3
    m = float(x.mean())
    if x.size < 2 or np.all(x == x[0]):
        return (m, m, m)
    ci = stats.ttest_1samp(x, popmean=m).confidence_interval(1 - alpha)
    return (m, float(ci.low), float(ci.high))


def dispersion(values: Any) -> float:
    """Index of dispersion ``s^2 / mean`` of counts, at least 1 (1 for Poisson counts)."""
    x = _finite(values)
    if x.size < 2 or x.mean() <= 0:
        return 1.0
    return max(1.0, float(x.var(ddof=1) / x.mean()))


def poisson_exact(k: float, exposure: float, alpha: float = ALPHA) -> tuple[float, float]:
    """Garwood's exact (central) interval for a Poisson rate: ``k`` events over ``exposure``.

    Written with the gamma quantiles so that a non-integer ``k`` (an overdispersion-scaled
    count) is allowed; for integer ``k`` it equals statsmodels ``confint_poisson(method=
    "exact-c")``.
    """
    lo = 0.0 if k <= 0 else float(stats.gamma.ppf(alpha / 2, k)) / exposure
    hi = float(stats.gamma.ppf(1 - alpha / 2, k + 1)) / exposure
    return lo, hi


def count_mean_ci(values: Any, alpha: float = ALPHA) -> Interval:
    """Mean count per run with the overdispersion-scaled exact Poisson interval (>= 0)."""
    x = _finite(values)
    if x.size == 0:
        return NAN3
    phi = dispersion(x)
    k, n = float(x.sum()), float(x.size)
    lo, hi = poisson_exact(k / phi, n / phi, alpha)
    return (k / n, lo, hi)


def paired_table(base: Any, treat: Any) -> tuple[int, int, int, int]:
    """(a, b, c, d): both events, treatment only, base only, neither."""
    x, y = np.asarray(base, dtype=bool), np.asarray(treat, dtype=bool)
    return (int(np.sum(x & y)), int(np.sum(~x & y)), int(np.sum(x & ~y)), int(np.sum(~x & ~y)))


def risk_difference_paired(base: Any, treat: Any, alpha: float = ALPHA) -> Interval:
    """P(treat) - P(base) for paired binary outcomes, Newcombe's method 10 interval."""
    a, b, c, d = paired_table(base, treat)
    n = a + b + c + d
    if n == 0:
        return NAN3
    p1, p2 = (a + b) / n, (a + c) / n
    _, l1, u1 = proportion_ci(a + b, n, alpha)
    _, l2, u2 = proportion_ci(a + c, n, alpha)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c  # Newcombe's continuity-corrected phi: shrink a positive cross term
    cross = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
    phi = cross / math.sqrt(denom) if denom > 0 else 0.0
    dl = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    du = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    rd = p1 - p2
    return (rd, max(-1.0, rd - dl), min(1.0, rd + du))


def risk_ratio_paired(base: Any, treat: Any, alpha: float = ALPHA) -> Interval:
    """P(treat) / P(base) for paired binary outcomes, Bonett-Price hybrid Wilson interval.

    Wilson intervals for both margins over the ``n* = a + b + c`` pairs with an event, at a
    z adjusted so that their combination has the variance of the paired log ratio. No event
    in either arm: the ratio is undefined, ``(nan, 0, inf)``. No event in the base arm: the
    estimate and the upper limit are infinite.
    """
    a, b, c, _ = paired_table(base, treat)
    ns, n1, n2 = a + b + c, a + b, a + c
    if ns == 0:
        return (math.nan, 0.0, math.inf)
    z = stats.norm.ppf(1 - alpha / 2)
    aa = math.sqrt((b + c + 2) / ((n1 + 1) * (n2 + 1)))
    bb = math.sqrt((1 - (n1 + 1) / (ns + 2)) / (n1 + 1))
    cc = math.sqrt((1 - (n2 + 1) / (ns + 2)) / (n2 + 1))
    alpha_adj = 2 * stats.norm.sf(z * aa / (bb + cc))
    l1, u1 = proportion_confint(n1, ns, alpha=alpha_adj, method="wilson")
    l2, u2 = proportion_confint(n2, ns, alpha=alpha_adj, method="wilson")
    est = n1 / n2 if n2 else math.inf
    return (est, float(l1 / u2), float(u1 / l2) if l2 > 0 else math.inf)


def rate_ratio_paired(base: Any, treat: Any, alpha: float = ALPHA) -> Interval:
    """Sum(treat) / sum(base) for paired counts, conditional exact interval scaled for
    overdispersion (see the module docstring). No event at all: ``(nan, 0, inf)``."""
    x, y = np.asarray(base, dtype=float), np.asarray(treat, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    tot = x + y
    big_t, k = float(tot.sum()), float(y.sum())
    if big_t <= 0:
        return (math.nan, 0.0, math.inf)
    pi = k / big_t
    phi = 1.0
    used = tot > 0
    m = int(used.sum())
    if 0 < pi < 1 and m > 1:  # robust (sandwich) over binomial variance of the treatment total
        resid = float(np.sum((y[used] - tot[used] * pi) ** 2))
        phi = max(1.0, resid / (pi * (1 - pi) * big_t) * m / (m - 1))
    ks, ts = k / phi, big_t / phi
    lo = 0.0 if k <= 0 else float(stats.beta.ppf(alpha / 2, ks, ts - ks + 1))
    hi = 1.0 if k >= big_t else float(stats.beta.ppf(1 - alpha / 2, ks + 1, ts - ks))
    est = k / (big_t - k) if k < big_t else math.inf
    return (est, lo / (1 - lo), hi / (1 - hi) if hi < 1 else math.inf)


def mean_diff_paired(base: Any, treat: Any, alpha: float = ALPHA) -> Interval:
    """Mean of treat - base with the paired t interval (scipy ``ttest_rel``)."""
    x, y = np.asarray(base, dtype=float), np.asarray(treat, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    if x.size == 0:
        return NAN3
    diff = y - x
    m = float(diff.mean())
    if x.size < 2 or np.all(diff == diff[0]):
        return (m, m, m)
    ci = stats.ttest_rel(y, x).confidence_interval(1 - alpha)
    return (m, float(ci.low), float(ci.high))


def columns_ci(mat: Any, counts: bool, alpha: float = ALPHA
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`mean_ci` (or `count_mean_ci` when `counts`) of every column of a (runs x t) matrix at
    once: the mean's interval over time, for the time-series plots."""
    x = np.asarray(mat, dtype=float)
    n = x.shape[0]
    m = x.mean(axis=0)
    if n < 2:
        return m, m.copy(), m.copy()
    var = x.var(axis=0, ddof=1)
    if counts:
        with np.errstate(divide="ignore", invalid="ignore"):
            phi = np.where(m > 0, np.maximum(1.0, var / np.where(m > 0, m, 1.0)), 1.0)
        k = x.sum(axis=0) / phi
        expo = n / phi
        lo = np.where(k > 0, stats.gamma.ppf(alpha / 2, np.maximum(k, 1e-300)), 0.0) / expo
        hi = stats.gamma.ppf(1 - alpha / 2, k + 1) / expo
        return m, lo, hi
    half = stats.t.ppf(1 - alpha / 2, n - 1) * np.sqrt(var / n)
    return m, m - half, m + half


def _finite(values: Any) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[np.isfinite(x)]
