"""Sobol indices of the top factors or groups (Saltelli sampling and estimators, via SALib).

Why its own module: Sobol is the expensive end of the screening (N x (k + 2) design points), and
what it costs depends on which outcome it apportions. An outcome of the base arm alone
(`sensitivity.BASE_OUTCOMES`: how often the situation a line is for arises) needs only the base
arm, so such a design runs one arm instead of two and buys twice the N for the same time; an
effect outcome needs both arms of every point, paired on common random numbers.

Design: the factors outside `top` stay at the treatment scenario's values (the base's where the
base arm alone runs: the two share every assumption but the hotline's); `top` may name groups
(`sim.study.groups`), whose members then move together. Each index is reported with SALib's
bootstrap CI (``*_conf`` is the half-width at 95 %), over `RESAMPLES` resamples so that the
half-width itself is stable to ~2 %. The sample is SALib's; the estimators (`estimate`) are
written out here because SALib offers only Saltelli's (2010) first-order estimator, whose
variance is largest for the factor that matters most -- the one this question is about --
and is checked against the Ishigami function's analytic indices in the tests.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study import groups

#: Bootstrap resamples per index: the half-width's own Monte Carlo error is ~1/sqrt(2 x 1000).
RESAMPLES = 1000

#: Row blocks per batch directory. SALib's Sobol sample of N blocks is the first N blocks of
#: the sample of 2N (same seed), so a design that doubles N keeps its first chunks' runs (their
#: batches resume) and runs only the new ones in new directories; one directory for all would
#: be another batch (its scenario set grew) and be refused.
CHUNK = 2048


def chunk_dir(c: int) -> str:
    """Directory of chunk c: ``sobol`` for the first (as before chunks existed), then
    ``sobol-2``, ``sobol-3``, ..."""
    return "sobol" if c == 0 else f"sobol-{c + 1}"


def design(facs: list[Any], top: list[str], n: int, seed: int, grouping: bool
           ) -> tuple[dict[str, Any], list[Any], np.ndarray]:
    """(SALib problem, the factors it moves, the Saltelli sample without second order)."""
    from SALib.sample import sobol as sobol_sample

    from sim.study import sensitivity as sens

    chosen = groups.members([f.name for f in facs], top) if grouping else top
    sub = [f for f in facs if f.name in chosen]
    prob = groups.grouped(sens.problem(sub)) if grouping else sens.problem(sub)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when N is not a power of 2
        x = sobol_sample.sample(prob, n, calc_second_order=False, seed=seed)
    return prob, sub, x


def _split(y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SALib's row blocks (A, AB_1..AB_k, B) as (f_A, f_B, f_AB with one column per factor)."""
    blocks = np.asarray(y, float).reshape(-1, k + 2)
    return blocks[:, 0], blocks[:, -1], blocks[:, 1:-1]


def _janon(y: np.ndarray, y2: np.ndarray) -> float:
    """Janon et al.'s (2014) pick-freeze estimator of the share of variance that two outputs
    sharing some inputs have in common: their covariance over the variance, both centred on
    the pooled mean of the pair."""
    m = float(np.mean((y + y2) / 2.0))
    den = float(np.mean((y * y + y2 * y2) / 2.0)) - m * m
    return (float(np.mean(y * y2)) - m * m) / den if den > 0 else 0.0


def _jansen_total(fa: np.ndarray, fab: np.ndarray, var: float) -> float:
    """Jansen's (1999) total-effect estimator: half the mean squared change when only the
    factor moves, over the output variance."""
    return 0.5 * float(np.mean((fa - fab) ** 2)) / var if var > 0 else 0.0


def estimate(y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(S1, ST) of the k factors or groups from the outputs of a SALib Saltelli sample.

    S1 by Janon et al. (2014) on (f_B, f_AB_i), which share factor i: asymptotically efficient,
    and precise exactly where SALib's Saltelli (2010) estimator f_B (f_AB_i - f_A) is not -- a
    factor that owns most of the variance (measured on the wave-4 runs, N = 128, log base
    rate: bootstrap half-width 0.094 against 0.227 for the escalation ladder, 0.14-0.16 against
    0.11-0.16 for the small groups). ST by Jansen (1999), as in SALib and as Saltelli et al.
    (2010, table 2) recommend.
    """
    fa, fb, fab = _split(y, k)
    var = float(np.var(np.r_[fa, fb]))
    s1 = np.array([_janon(fb, fab[:, i]) for i in range(k)])
    st = np.array([_jansen_total(fa, fab[:, i], var) for i in range(k)])
    return s1, st


def indices(prob: dict[str, Any], y: np.ndarray, outcome: str, seed: int) -> list[dict[str, Any]]:
    """S1 and ST of every factor or group of `prob` for one outcome (`estimate`), each with
    the half-width of its 95 % bootstrap CI (1.96 x the standard deviation over `RESAMPLES`
    resamples of the N sample rows, SALib's convention)."""
    names = _names(prob)
    k = len(names)
    y = np.asarray(y, float)
    s1, st = estimate(y, k)
    blocks = y.reshape(-1, k + 2)
    rng = np.random.default_rng(seed)
    boot = [estimate(blocks[rng.integers(0, len(blocks), len(blocks))].ravel(), k)
            for _ in range(RESAMPLES)]
    s1_conf = 1.96 * np.std([b[0] for b in boot], axis=0)
    st_conf = 1.96 * np.std([b[1] for b in boot], axis=0)
    return [{"outcome": outcome, "factor": name, "S1": float(s1[j]),
             "S1_conf": float(s1_conf[j]), "ST": float(st[j]), "ST_conf": float(st_conf[j]),
             "var_y": float(np.var(y))} for j, name in enumerate(names)]


def sobol_stage(facs: list[Any], top: list[str], size: dict[str, Any], seed: int,
                out: Path, base: Any, treat: Any, outcomes: tuple[str, ...] | None = None,
                **kw: Any) -> pd.DataFrame:
    """First-order and total Sobol indices of `top` for `outcomes` (default: all of
    `sensitivity.OUTCOMES`). If every outcome asked for is a base-arm outcome only the base arm
    runs. ``size`` keys: ``sobol_n`` (``sobol_n_paired`` when both arms run, default the same),
    ``groups``, and ``sobol_reps``/``sobol_days`` (default ``reps``/``days``). A point whose
    runs all failed voids its whole row block (A, AB_1..AB_k, B): the estimators need all of
    it, and a filled-in value would be a made-up output; ``n`` says how many blocks counted."""
    from sim.study import sensitivity as sens

    outcomes = tuple(outcomes or sens.OUTCOMES)
    base_only = set(outcomes) <= set(sens.BASE_OUTCOMES)
    n = size["sobol_n"] if base_only else (size.get("sobol_n_paired") or size["sobol_n"])
    prob, sub, x = design(facs, top, n, seed, bool(size.get("groups")))
    points = [sens.values(sub, row) for row in x]
    reps, days = size.get("sobol_reps", size["reps"]), size.get("sobol_days", size["days"])
    per = (len(_names(prob)) + 2) * CHUNK
    frames = []
    for c, start in enumerate(range(0, len(points), per)):
        pts, where = points[start:start + per], out / chunk_dir(c)
        runs = sens.run_points(pts, "s", where, reps, days, base, treat, base_only=base_only,
                               seed=seed, **kw)
        frames.append(sens.base_outcomes(runs, len(pts), "s") if base_only else
                      sens.with_shared_hazard(sens.paired_outcomes(runs, len(pts), "s"),
                                              where, runs, "s"))
    po = pd.concat(frames, ignore_index=True)
    rows = []
    for outcome in outcomes:
        y = po[outcome].to_numpy(float)
        blocks = y.reshape(-1, len(_names(prob)) + 2)
        whole = ~np.isnan(blocks).any(axis=1)  # a failed run voids its block, never a value
        rows += [{**r, "n": int(whole.sum())} for r in
                 indices(prob, blocks[whole].ravel(), outcome, seed)]
    return pd.DataFrame(rows)


def _names(prob: dict[str, Any]) -> list[str]:
    """The factors of a SALib problem, a group counting as one, in SALib's block order."""
    return list(dict.fromkeys(prob["groups"])) if prob.get("groups") else list(prob["names"])
