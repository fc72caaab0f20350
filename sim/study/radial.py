"""What decides the line's effect among the worlds the record allows: radial one-at-a-time
elementary effects of the mechanism groups, centred on worlds that stay.

Why radial and not Morris trajectories: a Morris trajectory walks across the whole box, and
about 70% of the box is ruled out by the record (`sim.study.history`); wave 10 kept only
~8-12 of its steps per group and design when it dropped them (docs/dev/notes/wave-10). A
radial design (Campolongo, Saltelli and Cariboni 2011, Comput Phys Commun 182: 978-988) moves
each group once from a common centre, so every centre can be a world that stays, and a step
is lost only when its own moved point is ruled out.

A star centred on x (a staying point of a history-matching wave) has one moved point per
group g: every factor of g moves by `DELTA` in the unit cube (up if below the middle, else
down: always inside the range; a boolean flips), the other groups stay at x. The elementary
effect is |y(moved) - y(x)| / `DELTA`, y the drivers' ``log_hazard_ratio``; a step is kept when
the moved point's status quo stays too. mu*(g) is the mean kept effect; the test splits the
stars into two designs and asks whether their rankings agree (Spearman >= `RHO_STABLE`, the
drivers' bar), leaving out groups with fewer than `MIN_STEPS` kept steps in either.

Stars run in blocks of `BLOCK`, each block its own batch directory (``block-00``, ...): a batch
refuses to resume with another set of scenarios, so a design grown by more stars reuses the
stored blocks unchanged and runs only the new ones (wave 11 grew 24 stars to 48 this way). So
a design grows by whole blocks: a last block of fewer than `BLOCK` stars cannot grow later
(its batch would refuse the changed set).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study.groups import group_of

#: How far a group moves, in the unit cube: half the range, which keeps every move inside.
DELTA = 0.5
#: Kept steps a group needs in each design to take part in the test.
MIN_STEPS = 5
#: Designs with more groups left out than this are inconclusive.
MAX_LEFT_OUT = 3
#: Stars per batch directory (see the module doc).
BLOCK = 24
#: Bootstrap resamples of whole stars for mu*'s interval.
BOOT = 2000
#: Replications both worlds of a step must have finished for its noise (`step_noise`).
MIN_SHARED = 3


def _unit(f: Any, x: Any) -> float:
    return float(x) if f.kind == "bool" else (float(x) - f.lo) / (f.hi - f.lo)


def _value(f: Any, u: float) -> Any:
    if f.kind == "bool":
        return bool(u >= 0.5)
    x = f.lo + u * (f.hi - f.lo)
    return int(min(f.hi, max(f.lo, round(x)))) if f.kind == "int" else float(x)


def moved(facs: list[Any], centre: dict[str, Any], group: str) -> dict[str, Any]:
    """`centre` with every factor of `group` moved by `DELTA` (a boolean flipped)."""
    out = dict(centre)
    for f in facs:
        if group_of(f.name) != group:
            continue
        u = _unit(f, centre[f.name])
        if f.kind == "bool":
            out[f.name] = not bool(centre[f.name])
            continue
        v = _value(f, u + DELTA if u < 0.5 else u - DELTA)
        if f.kind == "int" and v == centre[f.name]:  # a two-level integer: rounding half to
            v = int(centre[f.name]) + (1 if u < 0.5 else -1)  # even would not move it
        out[f.name] = v
    return out


def groups_in(facs: list[Any]) -> list[str]:
    """The groups the factors fall in, in the order of their first factor."""
    return list(dict.fromkeys(group_of(f.name) for f in facs))


def star_points(facs: list[Any], centres: pd.DataFrame) -> tuple[list[dict[str, Any]],
                                                                  pd.DataFrame]:
    """The moved points of every star (star-major, groups in `groups_in` order) and their
    index: one row per moved point with its star and group."""
    gs = groups_in(facs)
    points, rows = [], []
    for s, centre in enumerate(centres.to_dict("records")):
        for g in gs:
            points.append(moved(facs, centre, g))
            rows.append({"star": s, "group": g})
    return points, pd.DataFrame(rows)


def elementary_effects(index: pd.DataFrame, y_centre: np.ndarray, y_moved: np.ndarray,
                       kept: np.ndarray) -> pd.DataFrame:
    """`index` (star, group) with each step's |EE| and whether it is kept."""
    yc = np.asarray(y_centre, dtype=float)[index["star"].to_numpy()]
    ee = np.abs(np.asarray(y_moved, dtype=float) - yc) / DELTA
    return index.assign(ee=ee, kept=np.asarray(kept, dtype=bool) & np.isfinite(ee))


def mu_star(ee: pd.DataFrame) -> pd.DataFrame:
    """Per group: mu* over the kept steps, and how many there are."""
    k = ee[ee["kept"]]
    return pd.DataFrame({"mu_star": k.groupby("group")["ee"].mean(),
                         "steps": k.groupby("group").size()}).reindex(
        ee["group"].unique()).fillna({"steps": 0})


def mu_star_ci(ee: pd.DataFrame, level: float = 0.95, boot: int = BOOT,
               seed: int = 0) -> dict[str, list[float] | None]:
    """Per group: mu* over all stars with a percentile bootstrap interval that resamples whole
    stars (a star's steps share its centre and its y, so they are not independent); None for
    a group with no kept step. Descriptive: the test is `split_test`'s."""
    k = ee[ee["kept"]]
    stars = np.sort(ee["star"].unique())
    groups = list(dict.fromkeys(ee["group"]))
    # per star and group: the sum of kept effects and their count, so a resample is two sums
    s = k.pivot_table(index="star", columns="group", values="ee", aggfunc="sum")
    c = k.pivot_table(index="star", columns="group", values="ee", aggfunc="count")
    s = s.reindex(index=stars, columns=groups).fillna(0.0).to_numpy(float)
    c = c.reindex(index=stars, columns=groups).fillna(0.0).to_numpy(float)
    rng = np.random.default_rng(seed)
    draw = rng.integers(0, len(stars), size=(boot, len(stars)))
    with np.errstate(invalid="ignore", divide="ignore"):
        # boot x groups; a resample with no kept step of a group is NaN and left out of its
        # quantiles (rare: a group with few kept steps, whose interval is then a little narrow)
        mus = s[draw].sum(axis=1) / c[draw].sum(axis=1)
        point = s.sum(axis=0) / c.sum(axis=0)
    a = (1 - level) / 2
    out: dict[str, list[float] | None] = {}
    for j, g in enumerate(groups):
        if not c[:, j].sum():
            out[g] = None
            continue
        lo, hi = np.nanquantile(mus[:, j], [a, 1 - a])
        out[g] = [float(point[j]), float(lo), float(hi)]
    return out


def _log_ratio(hb: np.ndarray, ht: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The drivers' log ratio of means (`sensitivity._log_ratio`) of each row, with the pairs
    weighted by `w` (a bootstrap's counts; NaN pairs carry no weight)."""
    from sim.study.sensitivity import LOG_FLOOR

    both = np.isfinite(hb) & np.isfinite(ht)
    w = np.where(both, w, 0.0)
    n = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        b = (np.where(both, hb, 0.0) * w).sum(axis=-1) / n
        t = (np.where(both, ht, 0.0) * w).sum(axis=-1) / n
        return np.log(t + LOG_FLOOR) - np.log(b + LOG_FLOOR)


def step_noise(centre: tuple[np.ndarray, np.ndarray], moved: tuple[np.ndarray, np.ndarray],
               star: np.ndarray) -> np.ndarray:
    """Per step: the jackknife standard error of y(moved) - y(centre), leaving out one
    replication at a time from both worlds at once (replication r has the same seed in both,
    so the pair's common random numbers are kept). `centre` and `moved` are (base, treat)
    hazard arrays, stars x reps and steps x reps; `star` gives each step's star. The units are
    the replications both worlds finished (each world's point estimate keeps its own finished
    pairs, as `sensitivity.paired_outcomes` does); a step with fewer than `MIN_SHARED` has no
    error (NaN).

    Why: |y(moved) - y(centre)| is positive wherever moving a group changes the runs, by
    replication noise alone -- with no change in the expected outcome its mean is about
    sqrt(2/pi) * se / DELTA (`noise_floor`). A group whose mu* is near that floor cannot be
    told from one that changes nothing but the noise. Why the jackknife and not the bootstrap:
    with 8 heavy-tailed replications the plug-in bootstrap's error is biased low (a null
    simulation of lognormal runs, sd 1: floor 0.54 against a true mean |difference| of 0.66;
    the jackknife 0.63; tests/study/test_radial.py holds it within 10 %)."""
    cb, ct = (np.asarray(a, float)[star] for a in centre)
    mb, mt = (np.asarray(a, float) for a in moved)
    shared = np.isfinite(cb) & np.isfinite(ct) & np.isfinite(mb) & np.isfinite(mt)
    n = shared.sum(axis=1).astype(float)
    theta = np.full(cb.shape, np.nan)  # steps x reps: the difference without replication r
    for r in range(cb.shape[1]):
        w = np.ones(cb.shape[1])
        w[r] = 0.0
        theta[:, r] = _log_ratio(mb, mt, w) - _log_ratio(cb, ct, w)
    theta = np.where(shared, theta, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(theta, axis=1) / n
        ss = np.nansum((theta - mean[:, None]) ** 2, axis=1)
        se = np.sqrt((n - 1) / n * ss)
    return np.where(n >= MIN_SHARED, se, np.nan)


def noise_floor(ee: pd.DataFrame) -> dict[str, float | None]:
    """Per group: the mean |EE| its kept steps would be expected to show if moving it changed
    the runs but not their expected outcome, from each step's ``se`` (`step_noise`):
    sqrt(2/pi) * se / DELTA, the mean of a half-normal. (A group the model never reads gives
    identical runs under common random numbers, so EE = 0, below the floor.)"""
    k = ee[ee["kept"] & np.isfinite(ee["se"])]
    fl = (math.sqrt(2 / math.pi) * k["se"] / DELTA).groupby(k["group"]).mean()
    return {g: (float(fl[g]) if g in fl.index else None) for g in dict.fromkeys(ee["group"])}


def above_floor(rec: dict[str, Any]) -> list[str] | None:
    """The groups of a radial record whose mu* interval (`mu_star_ci`) lies wholly above their
    noise floor (`noise_floor`), in the ranking's order; None for a record without both."""
    ci, fl = rec.get("mu_star_ci") or {}, rec.get("noise_floor") or {}
    if not ci or not any(v is not None for v in fl.values()):
        return None
    return [g for g in rec["ranking"]
            if ci.get(g) is not None and fl.get(g) is not None and ci[g][1] > fl[g]]


def split_test(ee: pd.DataFrame, first: list[int], second: list[int]) -> dict[str, Any]:
    """Do two designs (the stars in `first`, those in `second`) rank the groups alike?"""
    from scipy.stats import spearmanr

    from sim.study.screening import RHO_STABLE, top_down_correlation

    a = mu_star(ee[ee["star"].isin(first)])
    b = mu_star(ee[ee["star"].isin(second)])
    both = a.add_suffix("_a").join(b.add_suffix("_b"))
    ok = both[(both["steps_a"] >= MIN_STEPS) & (both["steps_b"] >= MIN_STEPS)]
    left = [g for g in both.index if g not in ok.index]
    rho = float(spearmanr(ok["mu_star_a"], ok["mu_star_b"]).statistic) if len(ok) > 2 \
        else math.nan
    td = top_down_correlation(
        pd.DataFrame({"outcome": "y", "factor": ok.index, "mu_star": ok["mu_star_a"]}),
        pd.DataFrame({"outcome": "y", "factor": ok.index, "mu_star": ok["mu_star_b"]}), "y") \
        if len(ok) > 2 else math.nan
    verdict = ("inconclusive" if len(left) > MAX_LEFT_OUT or not math.isfinite(rho) else
               "holds" if rho >= RHO_STABLE else "does not hold")
    every = mu_star(ee).sort_values("mu_star", ascending=False)
    ci = mu_star_ci(ee)
    return {"mu_star_ci": {g: ci.get(g) for g in every.index},
            "rank_correlation": rho, "top_down_correlation": td, "left_out": left,
            "verdict": verdict, "stars": [len(first), len(second)],
            "kept": int(ee["kept"].sum()), "steps": len(ee),
            "mu_star": {g: (None if not math.isfinite(v) else float(v))
                        for g, v in every["mu_star"].items()},
            "kept_steps": {g: int(n) for g, n in every["steps"].items()},
            "ranking": every.index.tolist(),
            "designs": both.reset_index(names="group").to_dict("records")}


def _blocks(points: list[dict[str, Any]], stars: int
            ) -> Iterator[tuple[int, int, list[dict[str, Any]]]]:
    """(block number, its first star, its moved points) of a design's stars in `BLOCK`s."""
    per = len(points) // max(1, stars)  # moved points per star: one per group
    for b, lo in enumerate(range(0, stars, BLOCK)):
        yield b, lo, points[lo * per:(lo + BLOCK) * per]


def run_radial(facs: list[Any], centres: pd.DataFrame, y_centre: np.ndarray, reps: int,
               days: int, base: Any, treat: Any, out: Path, seed: int,
               centre_hazards: tuple[np.ndarray, np.ndarray] | None = None, **kw: Any
               ) -> dict[str, Any]:
    """Run every star's moved points (both arms), keep the steps whose moved world stays,
    and test the ranking on the first and second half of the stars. With the centres' runs
    (`centre_hazards`: `sensitivity.hazard_matrix` of the effect runs, one row a star), also
    each step's replication noise and each group's noise floor (`step_noise`)."""
    from sim.study import history
    from sim.study.sensitivity import hazard_matrix, paired_outcomes, point_index, run_points

    points, index = star_points(facs, centres)
    y, kept, unmeasured, hb, ht = [], [], 0, [], []
    for b, _, block in _blocks(points, len(centres)):
        runs = run_points(block, "r", out / f"block-{b:02d}", reps, days, base, treat,
                          seed=seed, **kw)
        po = paired_outcomes(runs, len(block), "r")
        b_, t_ = hazard_matrix(runs, len(block), "r", reps)
        hb.append(b_)
        ht.append(t_)
        y += po["log_hazard_ratio"].tolist()  # NaN (no pair finished): the step is dropped
        imp = history.implausibility(runs[runs["scenario"].str.endswith("-base")])
        stays = dict(zip(point_index(imp["scenario"]), imp["nroy"], strict=True))
        kept += [bool(stays.get(i, False)) for i in range(len(block))]
        # a moved point with no finished status quo is dropped like a ruled-out one: counted
        unmeasured += sum(1 for i in range(len(block)) if i not in stays)
    ee = elementary_effects(index, y_centre, np.array(y, float), np.array(kept, bool))
    ee["se"] = (step_noise(centre_hazards, (np.vstack(hb), np.vstack(ht)),
                           ee["star"].to_numpy())
                if centre_hazards is not None and hb else math.nan)
    ee.to_csv(out / "elementary_effects.csv", index=False)
    n = len(centres)
    res = split_test(ee, list(range(n // 2)), list(range(n // 2, n)))
    res["noise_floor"] = noise_floor(ee)
    res["unmeasured"] = int(unmeasured)
    res["block"] = BLOCK
    return res


def confirm_stars(wanted: int, stars: int) -> int:
    """How many of a radial design's `stars` a confirmation of `wanted` stars can rerun: whole
    blocks (`BLOCK`), or every star of a design smaller than one block; 0 if none."""
    if wanted >= stars:
        return stars if stars <= BLOCK or stars % BLOCK == 0 else stars - stars % BLOCK
    return wanted - wanted % BLOCK


def run_confirm(facs: list[Any], centres: pd.DataFrame, ee: pd.DataFrame, reps: int,
                first: int, days: int, base: Any, treat: Any, out: Path, seed: int,
                stored: tuple[np.ndarray, np.ndarray] | None = None, **kw: Any
                ) -> dict[str, Any]:
    """The first stars of a radial design again, every point and centre at `reps` paired
    replications instead of `first`: does the split-half test hold once each step is less
    noisy? (Wave 11's second preregistration.)

    `out` is the radial design's own directory: its blocks grow in place (a batch's identity
    is its scenarios, seed and horizon, not its replications, so replications 0..first-1 are
    the stored ones and `run_radial`, which reads only those, is unchanged), and the centres
    run in ``out/centres-NN``, one batch per block, so a confirmation too grows by blocks.
    `ee` is the radial design's elementary effects of these stars (its kept flags, judged on
    `first` replications, are kept, so that only the replications change). `centres` must be
    whole blocks of the design (`confirm_stars`): another set would change a stored block's
    scenarios, which its batch refuses.

    The record holds the test at `reps`; at `first` (the check of the code: it must equal
    ``design``, the radial design's own test on these stars); and, given the stored centres'
    runs (`stored`: the effect batch's `hazard_matrix` of these centres), whether the centres'
    first replications reproduce them (``centres_reproduce``)."""
    from sim.study.sensitivity import hazard_matrix, run_points

    points, index = star_points(facs, centres)
    if not ee[["star", "group"]].reset_index(drop=True).equals(index[["star", "group"]]):
        raise ValueError("the radial design's steps are not these stars' (star, group) rows")
    kept = ee["kept"].to_numpy(bool)
    hb, ht, cb, ct = [], [], [], []
    for b, lo, block in _blocks(points, len(centres)):
        runs = run_points(block, "r", out / f"block-{b:02d}", reps, days, base, treat,
                          seed=seed, **kw)
        b_, t_ = hazard_matrix(runs, len(block), "r", reps)
        hb.append(b_)
        ht.append(t_)
        here = centres.iloc[lo:lo + BLOCK]
        runs = run_points(here.to_dict("records"), "e", out / f"centres-{b:02d}", reps, days,
                          base, treat, seed=seed, **kw)
        b_, t_ = hazard_matrix(runs, len(here), "e", reps)
        cb.append(b_)
        ct.append(t_)
    hm, hc = (np.vstack(hb), np.vstack(ht)), (np.vstack(cb), np.vstack(ct))
    n = len(centres)
    halves = list(range(n // 2)), list(range(n // 2, n))
    rec: dict[str, Any] = {"stars": n, "reps": reps, "first": first,
                           "design": split_test(ee, *halves)}
    if stored is not None:
        rec["centres_reproduce"] = bool(
            np.array_equal(np.asarray(stored[0])[:, :first], hc[0][:, :first], equal_nan=True)
            and np.array_equal(np.asarray(stored[1])[:, :first], hc[1][:, :first],
                               equal_nan=True))
    for label, k in (("at_reps", reps), ("at_first", first)):
        w = np.r_[np.ones(k), np.zeros(reps - k)]
        e = elementary_effects(index, _log_ratio(*hc, w), _log_ratio(*hm, w), kept)
        e["se"] = step_noise((hc[0][:, :k], hc[1][:, :k]), (hm[0][:, :k], hm[1][:, :k]),
                             e["star"].to_numpy())
        if label == "at_reps":
            e.to_csv(out / "confirm_effects.csv", index=False)
        res = split_test(e, *halves)
        res["noise_floor"] = noise_floor(e)
        rec[label] = res
    return rec
