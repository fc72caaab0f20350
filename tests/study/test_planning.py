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
