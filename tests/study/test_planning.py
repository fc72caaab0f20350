"""Replication planning: grows to the target half-width, and says why it stopped."""

from __future__ import annotations

import math

import pytest

from sim.errors import InputError
from sim.study import planning as pl
from sim.study.outcomes import Estimate


def _est(n: int, c: float = 0.4) -> list[Estimate]:
    h = c / math.sqrt(n)
    return [Estimate("p_severe_rd", "b", "t", -0.01, -0.01 - h, -0.01 + h, n),
            Estimate("severe_rate_diff", "b", "t", 0.0, -1.0, 1.0, n)]  # untargeted


def test_grows_until_the_target_is_met() -> None:
    ran: list[int] = []
    rec = pl.grow(ran.append, _est, {"p_severe_rd": 0.02}, n0=50, max_n=10_000)
    assert rec["stopped"] == "targets met"
    assert ran[0] == 50 and ran == sorted(ran)
    assert 400 <= rec["n"] <= 1.2 * 400  # (0.4 / 0.02)^2 = 400
    assert rec["estimates"][0]["halfwidth"] <= 0.02


def test_cap_and_parse() -> None:
    rec = pl.grow(lambda n: None, _est, {"p_severe_rd": 0.001}, n0=10, max_n=100)
    assert rec["stopped"] == "replication cap reached" and rec["n"] == 100
    assert pl.parse_targets("p_severe_rd=0.01, cond_risk_rd=0.05", {}) == {
        "p_severe_rd": 0.01, "cond_risk_rd": 0.05}
    assert pl.parse_targets(None, {"a": 1.0}) == {"a": 1.0}
    for bad in ("p_severe_rd", "p_severe_rd=-1"):
        with pytest.raises(InputError):
            pl.parse_targets(bad, {})


def test_grows_at_most_doubling_so_a_pessimistic_pilot_is_remeasured() -> None:
    # Newcombe's paired interval with concordant pairs narrows ~1/n, faster than the 1/sqrt(n)
    # the plan assumes: the pilot asks for 16x; doubling re-measures and stops far earlier
    ran: list[int] = []

    def est(n: int) -> list[Estimate]:
        h = 0.08 * 50 / n
        return [Estimate("p_severe_rd", "b", "t", 0.0, -h, h, n)]

    rec = pl.grow(ran.append, est, {"p_severe_rd": 0.02}, n0=50, max_n=10_000)
    assert rec["stopped"] == "targets met"
    assert all(b <= 2 * a for a, b in zip(ran, ran[1:], strict=False))
    assert rec["n"] < 16 * 50 / 2 and rec["estimates"][0]["halfwidth"] <= 0.02


def test_fill_spends_the_budget_after_the_target_and_says_so() -> None:
    ran: list[int] = []
    rec = pl.grow(ran.append, _est, {"p_severe_rd": 0.05}, n0=50, max_n=300, fill=True)
    assert ran[-1] == 300 and rec["stopped"] == "targets met; then replication cap reached"
    rec = pl.grow(lambda n: None, _est, {"p_severe_rd": 0.05}, n0=50, max_n=300)
    assert rec["n"] < 300 and rec["stopped"] == "targets met"
    rec = pl.grow(lambda n: None, _est, {"p_severe_rd": 0.05}, n0=100, max_n=10**6,
                  budget_s=0.0, fill=True)
    assert rec["n"] == 100 and rec["stopped"] == "targets met; then time budget reached"
