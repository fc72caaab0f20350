"""Replications planned from a pilot, for every headline number (``--until-ci``).

Why: a design is adequate when each number it publishes has the precision it claims, not when
it has a round number of runs. A pilot gives each headline number's half-width h at n pairs;
h scales as 1/sqrt(n), so n * (h / target)^2 pairs reach `target`. The batch grows (same store,
same seeds: replication i is always the same run) until every targeted number meets its
target, the replication cap is reached, or the time budget would be exceeded -- and the record
says which of the three happened, so an unmet target is reported, never hidden.

Why at most doubling per round: the 1/sqrt(n) rule is pessimistic for a paired risk difference
whose pairs are mostly concordant (Newcombe's interval then narrows nearly as 1/n: with no
discordant pair, P = 0.29, it is +-0.057 at 42 pairs and +-0.005 at 565), so a pilot's
extrapolation can ask for several times the pairs really needed. Growing by at most `MAX_STEP`
per round re-measures before spending them.

`targets` maps an outcome name of `sim.study.outcomes` (e.g. ``p_severe_rd``) to its target
half-width; the widest relative miss over all treatments decides the next size.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any

from sim.errors import InputError
from sim.study.outcomes import Estimate

#: A round grows the batch by at most this factor (see the module docstring).
MAX_STEP = 2.0


def parse_targets(text: str | None, default: dict[str, float]) -> dict[str, float]:
    """'p_severe_rd=0.02,severe_rate_diff=0.03' -> dict (bad input -> InputError)."""
    if not text:
        return dict(default)
    out = {}
    for part in text.split(","):
        name, _, val = part.partition("=")
        try:
            v = float(val)
        except ValueError:
            raise InputError("--until-ci", part, "expected OUTCOME=HALFWIDTH, e.g. "
                             "p_severe_rd=0.02") from None
        if not v > 0:
            raise InputError("--until-ci", part, "the half-width must be positive")
        out[name.strip()] = v
    return out


def needed(estimates: list[Estimate], targets: dict[str, float], n: int) -> tuple[int, dict]:
    """Pairs needed for every targeted estimate to meet its target, and the worst one."""
    worst: dict[str, Any] = {}
    need = n
    for e in estimates:
        t = targets.get(e.outcome)
        if t is None:
            continue
        h = e.halfwidth
        k = n if h <= t else (math.ceil(n * (h / t) ** 2) if math.isfinite(h) else 2 * n)
        if k > need or not worst:
            worst = {"outcome": e.outcome, "treatment": e.treatment, "halfwidth": h,
                     "target": t, "n": n, "needed": k}
        need = max(need, k)
    return need, worst


def grow(run: Callable[[int], None], measure: Callable[[int], list[Estimate]],
         targets: dict[str, float], n0: int, max_n: int, budget_s: float | None = None,
         log: Callable[[str], None] | None = None, fill: bool = False) -> dict[str, Any]:
    """Run n0 pairs, then grow until the targets are met, `max_n` or the budget is reached.

    `run(n)` makes replications 0..n-1 exist (resuming); `measure(n)` returns the headline
    estimates over them. With `fill`, a met target does not stop the growth: the rest of the
    time budget (up to `max_n`) is spent on more pairs, so every other headline number narrows
    too (a fixed wall-clock allowance is better spent than left idle). Returns a record of the
    rounds and why it stopped.
    """
    log = log or (lambda s: sys.stderr.write(s + "\n"))
    t_start = time.monotonic()
    n, rounds = min(n0, max_n), []
    while True:
        t0 = time.monotonic()
        run(n)
        dt = time.monotonic() - t0
        est = measure(n)
        need, worst = needed(est, targets, n)
        rounds.append({"n": n, "seconds": round(dt, 1), "needed": need, "worst": worst})
        log(f"until-ci: {n} pairs; furthest from its target: half-width "
            f"{worst.get('halfwidth', math.nan):.4f} ({worst.get('outcome')} of "
            f"{worst.get('treatment')}), target {worst.get('target')}; needs ~{need}")
        met = need <= n
        then = "targets met; then " if met else ""
        if met and not fill:
            return _done("targets met", n, rounds, est)
        if n >= max_n:
            return _done(then + "replication cap reached", n, rounds, est)
        nxt = int(min(max_n, math.ceil(MAX_STEP * n),
                      math.ceil(MAX_STEP * n) if met else
                      max(math.ceil(1.25 * n), math.ceil(1.1 * need))))
        if budget_s is not None:
            per = max(dt, 1e-9) / max(n - (rounds[-2]["n"] if len(rounds) > 1 else 0), 1)
            left = budget_s - (time.monotonic() - t_start)
            affordable = n + int(left / per) if per > 0 else nxt
            if affordable < n + max(1, n // 20):  # a round too small to be worth starting
                return _done(then + "time budget reached", n, rounds, est)
            nxt = min(nxt, affordable)
        n = nxt


def _done(reason: str, n: int, rounds: list[dict[str, Any]], est: list[Estimate]
          ) -> dict[str, Any]:
    return {"stopped": reason, "n": n, "rounds": rounds,
            "estimates": [e.record() for e in est]}
