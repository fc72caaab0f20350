"""Tension: jumps, decays to baseline with its half-life, stays in [0, 2], keeps mean and max."""

from __future__ import annotations

import pytest

from sim.model.tension import Tension


def test_decays_to_baseline_with_its_half_life() -> None:
    t = Tension({"CN": 0.3, "JP": 0.2}, halflife_days=10.0)
    t.add("CN", 0.5)
    assert t.level["CN"] == pytest.approx(0.8)
    assert t.excess("CN") == pytest.approx(0.5)
    for _ in range(240):  # ten days, hour by hour
        t.decay(1.0)
    assert t.level["CN"] == pytest.approx(0.3 + 0.25)
    assert t.level["JP"] == pytest.approx(0.2)  # at baseline: nothing to decay
    assert t.excess("JP") == 0.0


def test_add_is_clamped_and_both_means_both() -> None:
    t = Tension({"CN": 0.3, "JP": 0.3}, halflife_days=30.0)
    t.add("both", 5.0)
    assert t.level == {"CN": 2.0, "JP": 2.0}
    t.add("JP", -9.0)
    assert t.level["JP"] == 0.0
    assert t.excess("JP") == 0.0  # below baseline is not negative excess
    assert t.max == {"CN": 2.0, "JP": 2.0}


def test_mean_is_time_weighted() -> None:
    t = Tension({"CN": 0.3, "JP": 0.3}, halflife_days=1e9)  # no decay to speak of
    assert t.mean("CN") == pytest.approx(0.3)  # before any time passes: the level
    t.decay(3.0)
    t.add("CN", 0.4)
    t.decay(1.0)
    assert t.mean("CN") == pytest.approx((0.3 * 3 + 0.7 * 1) / 4)
