"""Each side's tension: what raises it, what lowers it, and who reads which part of it.

Tension jumps with incidents (rung 3 and above), protests, scheduled shocks and crises, falls
with reliefs (consultations, the Xi-Kishida meeting), and decays to the scenario's baseline with
a half-life. Decisions (escalation, misperception, commands, the hotline's answer) read the
*level* against a fixed reference, so a scenario with a higher baseline behaves more tensely
(issue 10, item 5); activity rates, calibrated per period, read the excess over the baseline
without any hotline relief, so calls never move calibrated base rates (issue 10, item 2).
Every change with a cause is logged.
"""

from __future__ import annotations

import math

SIDES = ("CN", "JP")
#: Behaviour reads tension relative to this fixed anchor (the registry's peacetime level), not
#: to the scenario's own baseline: a scenario with a higher baseline (pre_mechanism, 2012-2017)
#: behaves more tensely (issue 10, item 5). Activity rates, calibrated per period, still read
#: the excess over the scenario's baseline (`Tension.activity_excess`).
TENSION_REFERENCE = 0.3


class Tension:
    """Each side's tension: jumps with incidents and shocks, decays to baseline (half-life).

    Two readings: `behaviour` (level minus the fixed reference, read by decisions) and
    `activity_excess` (excess over the scenario's baseline, read by activity rates). A hotline's
    systemic relief (``hotline=True``) is kept as a decaying offset that `activity_excess` adds
    back, so calls never move the calibrated base rates (issue 10, item 2).
    """

    def __init__(self, baseline: dict[str, float], halflife_days: float) -> None:
        self.baseline = dict(baseline)
        self.level = dict(baseline)
        self._k = math.log(2.0) / (halflife_days * 24.0)
        self._decay_dt, self._decay_f = -1.0, 1.0  # last step length and its decay factor
        self.sum = {s: 0.0 for s in SIDES}
        self.max = dict(baseline)
        self.hours = 0
        self.hotline_offset = {s: 0.0 for s in SIDES}
        self.log = None  # set by the model: callable(kind, text, **fields)

    def decay(self, dt: float) -> None:
        if dt != self._decay_dt:  # the factor for the usual step is computed once
            self._decay_dt, self._decay_f = dt, math.exp(-self._k * dt)
        f = self._decay_f
        level, offset, total, base = self.level, self.hotline_offset, self.sum, self.baseline
        # the two sides written out (every hour of every run): the same operations, in the
        # order of SIDES, as a loop over it
        b = base["CN"]
        v = level["CN"] = b + (level["CN"] - b) * f
        offset["CN"] *= f
        total["CN"] += v * dt
        b = base["JP"]
        v = level["JP"] = b + (level["JP"] - b) * f
        offset["JP"] *= f
        total["JP"] += v * dt
        self.hours += dt

    def add(self, side: str, amount: float, cause: str = "", encounter: int | None = None,
            hotline: bool = False) -> None:
        """Add (or, negative, remove) tension on one side or both; kept in [0, 2]."""
        for s in (SIDES if side == "both" else (side,)):
            old = self.level[s]
            self.level[s] = min(2.0, max(0.0, old + amount))
            self.max[s] = max(self.max[s], self.level[s])
            if hotline:
                self.hotline_offset[s] += old - self.level[s]
        if cause and self.log is not None:
            self.log("tension", f"Tension {'+' if amount >= 0 else '-'}{abs(amount):.3g} on "
                     f"{_side_words(side)}: {cause}", encounter=encounter, side=side)

    def excess(self, side: str) -> float:
        return max(0.0, self.level[side] - self.baseline[side])

    def behaviour(self, side: str) -> float:
        """Tension as decisions read it: the level against the fixed reference (may be < 0)."""
        return self.level[side] - TENSION_REFERENCE

    def activity_excess(self, side: str) -> float:
        """Excess over the baseline, ignoring any hotline relief (drives activity rates)."""
        return max(0.0, self.level[side] + self.hotline_offset[side] - self.baseline[side])

    def mean(self, side: str) -> float:
        return self.sum[side] / self.hours if self.hours else self.level[side]


def _side_words(side: str) -> str:
    return {"CN": "China", "JP": "Japan"}.get(side, "both sides")
