"""Each side's tension: the state that couples encounters, shocks, protests and the hotline.

Tension jumps with incidents (rung 3 and up, both sides), scheduled shocks and diplomatic protests,
falls with scheduled relief and connected hotline calls, and decays towards each side's baseline
with a half-life (``tension_halflife_days``). It is kept in [0, 2]. What is above baseline
(`Tension.excess`) raises the odds of escalation, misperception and activity and lowers the
chance that a hotline call is answered.
"""

from __future__ import annotations

import math

SIDES = ("CN", "JP")


class Tension:
    """Each side's tension: jumps with incidents and shocks, decays to baseline (half-life)."""

    def __init__(self, baseline: dict[str, float], halflife_days: float) -> None:
        self.baseline = dict(baseline)
        self.level = dict(baseline)
        self._k = math.log(2.0) / (halflife_days * 24.0)
        self.sum = {s: 0.0 for s in SIDES}
        self.max = dict(baseline)
        self.hours = 0

    def decay(self, dt: float) -> None:
        f = math.exp(-self._k * dt)
        for s in SIDES:
            b = self.baseline[s]
            self.level[s] = b + (self.level[s] - b) * f
            self.sum[s] += self.level[s] * dt
        self.hours += dt

    def add(self, side: str, amount: float) -> None:
        """Add (or, negative, remove) tension on one side or both; kept in [0, 2]."""
        for s in (SIDES if side == "both" else (side,)):
            self.level[s] = min(2.0, max(0.0, self.level[s] + amount))
            self.max[s] = max(self.max[s], self.level[s])

    def excess(self, side: str) -> float:
        return max(0.0, self.level[side] - self.baseline[side])

    def mean(self, side: str) -> float:
        return self.sum[side] / self.hours if self.hours else self.level[side]
