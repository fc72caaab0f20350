"""Statistics: recover known paired effects on synthetic data with the stated coverage."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.contingency_tables import mcnemar

from sim.study import analysis


def _paired_binary(rng, n, p_base, p_treat, rho_share=0.7):
    """Correlated pairs: with prob rho_share the treatment copies a shared latent draw."""
    u = rng.random(n)
    base = u < p_base
    indep = rng.random(n) < p_treat
    shared = u < p_treat
    copy = rng.random(n) < rho_share
    return base, np.where(copy, shared, indep)


def _runs(base_counts, treat_counts, names=("base", "treat")):
    rows = []
    for name, counts in zip(names, (base_counts, treat_counts), strict=True):
        for rep, c in enumerate(counts):
            rows.append({"run_id": f"{name}/{rep}", "scenario": name, "rep": rep,
                         "seed": rep, "status": "ok", "encounters": int(c) + 5,
                         "peak_ge_1": int(c), "peak_ge_2": int(c), "peak_ge_3": int(c),
                         "peak_ge_4": int(c), "peak_ge_5": int(c > 2), "max_rung": 3 + int(c > 0)})
    return pd.DataFrame(rows)


def test_risk_difference_coverage_and_recovery():
    rng = np.random.default_rng(2024)
    p_base, p_treat, n, sims = 0.30, 0.22, 300, 600
    hits = rr_hits = 0
    ests = []
    for _ in range(sims):
        x, y = _paired_binary(rng, n, p_base, p_treat)
        rd, lo, hi = analysis.risk_difference_paired(x, y)
        rr, rlo, rhi = analysis.risk_ratio_paired(x, y)
        hits += lo <= p_treat - p_base <= hi
        rr_hits += rlo <= p_treat / p_base <= rhi
        ests.append(rd)
    assert abs(np.mean(ests) - (p_treat - p_base)) < 0.005
    assert 0.92 <= hits / sims <= 0.98, hits / sims
    assert 0.92 <= rr_hits / sims <= 0.98, rr_hits / sims


def test_mean_paired_difference_coverage():
    rng = np.random.default_rng(7)
    hits, sims, effect = 0, 600, -0.4
    for _ in range(sims):
        base = rng.poisson(3.0, 200)
        treat = base + rng.poisson(0.6, 200) - rng.poisson(1.0, 200)
        m, lo, hi = analysis.mean_diff_paired(base, treat)
        hits += lo <= effect <= hi
    assert 0.92 <= hits / sims <= 0.98, hits / sims


def test_effects_table_recovers_known_effect():
    rng = np.random.default_rng(1)
    base = rng.poisson(1.2, 2000)
    treat = np.where(rng.random(2000) < 0.5, np.maximum(base - 1, 0), base)
    eff = analysis.effects(_runs(base, treat), "base")
    row = eff.iloc[0]
    true_rd = float(np.mean(treat > 0) - np.mean(base > 0))
    assert row["pairs"] == 2000
    assert row["rd_severe_lo"] <= true_rd <= row["rd_severe_hi"]
    assert row["rd_severe"] == pytest.approx(true_rd)
    assert row["diff_peak_ge_4_lo"] < np.mean(treat - base) < row["diff_peak_ge_4_hi"]
    assert row["mcnemar_severe_p"] < 1e-6 and row["rr_severe"] < 1


def test_mcnemar_matches_statsmodels_and_null_effect():
    x = np.array([1, 1, 0, 0, 1, 0, 1, 0] * 10, dtype=bool)
    y = np.array([1, 0, 0, 1, 0, 0, 1, 0] * 10, dtype=bool)
    a, b, c, d = analysis.paired_table(x, y)
    stat, p = analysis.mcnemar_paired(x, y)
    ref = mcnemar([[a, c], [b, d]], exact=False, correction=True)  # b + c = 30 >= 25
    assert b + c == 30 and p == pytest.approx(ref.pvalue) and stat == pytest.approx(ref.statistic)
    small = slice(0, 16)  # 6 discordant pairs: the exact binomial test
    p_small = analysis.mcnemar_paired(x[small], y[small])[1]
    a, b, c, d = analysis.paired_table(x[small], y[small])
    assert p_small == pytest.approx(mcnemar([[a, c], [b, d]], exact=True).pvalue)
    assert analysis.risk_difference_paired(x, x)[0] == 0.0
    assert analysis.mcnemar_paired(x, x) == (0.0, 1.0)
    # identical arms: zero-width intervals, every pair identical
    eff = analysis.effects(_runs([1, 0, 2, 0], [1, 0, 2, 0]), "base")
    assert eff.iloc[0]["identical_pairs"] == 4 and eff.iloc[0]["diff_peak_ge_4"] == 0


def test_adequacy_predicts_replications():
    rng = np.random.default_rng(3)
    base = rng.poisson(0.8, 400)
    treat = np.where(rng.random(400) < 0.4, 0, base)
    runs = _runs(base, treat)
    ade = analysis.adequacy(runs, "base", target=0.01)
    assert ade["n"] == 400 and ade["halfwidth"] > 0.01
    assert ade["reps_needed"] == math.ceil(400 * (ade["halfwidth"] / 0.01) ** 2)
    # one scenario: the half-width of P(severe) itself
    one = analysis.adequacy(runs[runs["scenario"] == "base"], target=0.05)
    assert one["n"] == 400 and 0 < one["halfwidth"] < 0.06


def test_scenario_stats_and_peak_distribution():
    runs = _runs([0, 1, 2, 3], [0, 0, 1, 1])
    st = analysis.scenario_stats(runs)
    p = st[(st["scenario"] == "base") & (st["outcome"] == "P(severe)")].iloc[0]
    assert p["mean"] == 0.75 and p["ci_lo"] < 0.75 < p["ci_hi"]
    dist = analysis.peak_rung_distribution(runs)
    b = dist[dist["scenario"] == "base"]
    assert b["share"].sum() == pytest.approx(1.0)
    assert b.loc[b["rung"] == 0, "mean_per_run"].iloc[0] == pytest.approx(5.0)
    failed = pd.concat([runs, pd.DataFrame([{"scenario": "base", "rep": 9, "status": "failed"}])])
    assert len(analysis.ok_runs(failed)) == 8
