"""Which assumptions decide the hotline effect: Morris on two seeds, then Sobol on the top few.

Why two seeds: a Morris ranking from few trajectories and few replications is mostly noise (the
published screen ranked factors on 2 replications of 60 days). Running the same design with a
second seed (other trajectories, other replications) and reporting the Spearman rank
correlation of mu* says how much of the ranking is signal; only a stable ranking (rho >= 0.7 is
the bar used here) is presented as a ranking, otherwise it is labelled a screen. Iman and
Conover's top-down (Savage-score) correlation is reported beside it: it asks whether the seeds
agree on the factors that matter, which Spearman over ~40 mostly null factors cannot; the verdict
stays Spearman's. Sobol takes the top factors of the first stable ranking in
``RANK_PREFERENCE`` (the line's effect where it acts, then its run-level effect, then the base
rate on the log scale and raw), so its budget goes to factors that two seeds agree on; when that
is a base-rate ranking, Sobol apportions the base-rate outcomes only and runs the base arm alone
(`sim.study.sobol`), which doubles the N a session affords.

Sobol indices (Saltelli sampling through SALib, `sim.study.sobol.sobol_stage`) are then
computed for the top factors of the pooled ranking; each S1 and ST is reported with its
bootstrap CI, and the design is called adequate only if every CI is narrower than 0.1
(half-width < 0.05) and no S1 is below -0.05 (a negative S1 beyond noise means N is too small),
and the outcome varies at all over the design (an outcome that is 0 everywhere has no indices).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from scipy import stats

from sim.study import sensitivity as sens

RHO_STABLE = 0.7
CI_WIDTH = 0.1
S1_FLOOR = -0.05


def rank_correlation(m1: pd.DataFrame, m2: pd.DataFrame, outcome: str) -> float:
    """Spearman correlation of mu* between two Morris runs, over the common factors."""
    a = m1[m1["outcome"] == outcome].set_index("factor")["mu_star"]
    b = m2[m2["outcome"] == outcome].set_index("factor")["mu_star"]
    common = a.index.intersection(b.index)
    if len(common) < 3 or a[common].nunique() < 2 or b[common].nunique() < 2:
        return math.nan
    return float(stats.spearmanr(a[common], b[common]).statistic)


def savage_scores(n: int) -> list[float]:
    """Savage scores of ranks 1..n: S_i = sum_{j=i}^{n} 1/j (rank 1 the most important)."""
    tail = [0.0] * (n + 1)
    for j in range(n, 0, -1):
        tail[j - 1] = tail[j] + 1.0 / j
    return tail[:n]


def top_down_correlation(m1: pd.DataFrame, m2: pd.DataFrame, outcome: str) -> float:
    """Iman & Conover's (1987) top-down coefficient of concordance between two rankings by mu*:
    the Pearson correlation of Savage scores, which weights agreement on the most important
    factors and discounts the order of the unimportant ones (whose mu* is noise around 0).

    Why beside Spearman: with ~40 factors of which a handful matter, Spearman is dominated by
    the random order of the null ones; the question "do two seeds agree on what decides it?"
    is the top-down one. Both are reported; 1 for identical rankings, -1 for reversed ones
    when n = 2.
    """
    a = m1[m1["outcome"] == outcome].set_index("factor")["mu_star"]
    b = m2[m2["outcome"] == outcome].set_index("factor")["mu_star"]
    common = a.index.intersection(b.index)
    n = len(common)
    if n < 3 or a[common].nunique() < 2 or b[common].nunique() < 2:
        return math.nan
    sc = savage_scores(n)
    ra = a[common].rank(ascending=False, method="first").astype(int)
    rb = b[common].rank(ascending=False, method="first").astype(int)
    sa = [sc[ra[f] - 1] for f in common]
    sb = [sc[rb[f] - 1] for f in common]
    return float((sum(x * y for x, y in zip(sa, sb, strict=True)) - n) / (n - sc[0]))


def pooled(*seeds: pd.DataFrame, outcome: str, column: str = "mu_star") -> pd.Series:
    """Each factor's mean of `column` over the seeds' Morris tables, for `outcome` (with equal
    trajectories per seed, the pooled trajectories' mu*)."""
    both = pd.concat(seeds)
    return both[both["outcome"] == outcome].groupby("factor")[column].mean()


def pooled_ranking(m1: pd.DataFrame, m2: pd.DataFrame, outcome: str) -> list[str]:
    """Factors by the mean of their mu* over the two seeds."""
    return pooled(m1, m2, outcome=outcome).sort_values(ascending=False).index.tolist()


def sobol_checks(sobol: pd.DataFrame) -> dict[str, Any]:
    """Whether the Sobol design is adequate: CI widths (2 x conf) < 0.1 and no S1 < -0.05."""
    if sobol.empty:
        return {"max_ci_width": math.nan, "min_s1": math.nan, "adequate": False,
                "var_y": math.nan}
    width = float(2 * sobol[["S1_conf", "ST_conf"]].max().max())
    min_s1 = float(sobol["S1"].min())
    var_y = float(sobol["var_y"].iloc[0]) if "var_y" in sobol else math.nan
    return {"max_ci_width": width, "min_s1": min_s1, "var_y": var_y,
            "adequate": bool(var_y > 0 and width < CI_WIDTH and min_s1 >= S1_FLOOR)}


#: Which ranking chooses Sobol's factors: the first of these whose two seeds agree, else the
#: first. The line's effect where it acts comes first; the base rate (which the line cannot
#: move, but which decides how often there is anything to act on) last. (``log_hazard_ratio``
#: is not here: from one short run a point it is the per-run ratio `_log_ratio` warns against;
#: the effect's drivers are the ``drivers`` stage's, `run_drivers`.)
RANK_PREFERENCE = ("shared_hazard", "diff_hazard", "log_base_hazard", "base_hazard")


def morris_two_seeds(size: dict[str, int], seed: int, out: Path, base: Any, treat: Any,
                     **kw: Any) -> tuple[list[Any], list[pd.DataFrame], dict[str, float],
                                         dict[str, float], list[pd.DataFrame]]:
    """Morris on seeds `seed` and `seed + 1` (``out/seed<s>``): (factors, the two index
    tables, Spearman and top-down correlation of mu* between them per outcome, each seed's
    per-point outcomes)."""
    out.mkdir(parents=True, exist_ok=True)
    facs = sens.factors(base, treat)
    morris, points = [], []
    for s in (seed, seed + 1):
        d = out / f"seed{s}"
        d.mkdir(exist_ok=True)
        m, po = sens.morris_stage(facs, size, s, d, base, treat, **kw)
        m.to_csv(d / "morris.csv", index=False)
        morris.append(m)
        points.append(po)
    rho = {o: rank_correlation(morris[0], morris[1], o) for o in sens.OUTCOMES}
    top_down = {o: top_down_correlation(morris[0], morris[1], o) for o in sens.OUTCOMES}
    return facs, morris, rho, top_down, points


def near_floor(po: pd.DataFrame) -> float:
    """Share of design points whose base arm's mean rate is below 10 x `LOG_FLOOR` a run:
    there the floor, not the line, compresses ``log_hazard_ratio`` (a true halving of a rate
    at the floor scores log(0.75), not log(0.5)), so a group that moves the base rate across
    it gets elementary effects from the floor itself. Reported beside the ranking."""
    if "base_hazard" not in po:
        return math.nan
    b = pd.to_numeric(po["base_hazard"], errors="coerce").dropna()
    return float((b < 10 * sens.LOG_FLOOR).mean()) if len(b) else math.nan


def drivers_verdict(rec: dict[str, Any]) -> str:
    """What a drivers record's ranking is: ``"unstable"`` (its two seeds do not agree),
    ``"unconfirmed"`` (they agree, a fresh seed does not) or ``"ranking"`` (they agree and a
    fresh seed, where one was run, confirms). Where a fourth seed was run, the test of the
    pooled designs (`confirm_pooled`) decides. The page, the answer and the figure say it."""
    if not rec["stable"].get(rec["rank_by"]):
        return "unstable"
    c = rec.get("confirmation")
    if c and c.get("pooled"):  # the larger design's test decides (wave 9)
        return "ranking" if c["pooled"]["holds"] else "unconfirmed"
    return "unconfirmed" if c and not c["holds"] else "ranking"


def kurtosis(points: list[pd.DataFrame], outcomes: tuple[str, ...]) -> dict[str, float]:
    """Excess kurtosis of each outcome over the design points of both seeds. Why: a Sobol
    estimator's variance grows with the output's fourth moment, so how heavy an outcome's tail
    is says what N its indices would need next to the base rate's log, whose Sobol needed
    N = 4096 for every CI under 0.1 (findings, section 7)."""
    both = pd.concat(points, ignore_index=True)
    return {o: float(pd.to_numeric(both[o], errors="coerce").kurt()) if o in both else math.nan
            for o in outcomes}


def _stable(rho: dict[str, float]) -> dict[str, bool]:
    return {o: bool(math.isfinite(r) and r >= RHO_STABLE) for o, r in rho.items()}


def run_screening(size: dict[str, int], seed: int, out: Path, base: Any, treat: Any,
                  outcome: str | None = None, **kw: Any) -> dict[str, Any]:
    """Morris on seeds `seed` and `seed + 1`, their rank correlation, Sobol on the top factors."""
    facs, morris, rho, top_down, _ = morris_two_seeds(size, seed, out, base, treat, **kw)
    if outcome is None:
        stable = [o for o in RANK_PREFERENCE if math.isfinite(rho.get(o, math.nan))
                  and rho[o] >= RHO_STABLE]
        outcome = stable[0] if stable else RANK_PREFERENCE[0]
    order = pooled_ranking(morris[0], morris[1], outcome)
    top = order[: size["sobol_k"]]
    from sim.study.sobol import sobol_stage

    outcomes = sens.BASE_OUTCOMES if outcome in sens.BASE_OUTCOMES else tuple(sens.OUTCOMES)
    sobol = sobol_stage(facs, top, size, seed, out, base, treat, outcomes=outcomes, **kw)
    sobol.to_csv(out / "sobol.csv", index=False)
    checks = {o: sobol_checks(sobol[sobol["outcome"] == o]) for o in outcomes}
    return {"size": size, "seeds": [seed, seed + 1], "factors": len(facs),
            "rank_correlation": rho, "top_down_correlation": top_down,
            "stable": _stable(rho),
            "ranking": order, "top": top, "rank_by": outcome,
            "sobol": sobol.to_dict("records"), "sobol_checks": checks,
            "morris": [m.to_dict("records") for m in morris]}


#: The effect outcomes a drivers screening ranks by, in order of preference: the first whose
#: two seeds agree chooses the ranking shown. The ratio first (what decides how much of the
#: rate a line removes), then the absolute changes where the line acts and over the run.
EFFECT_PREFERENCE = ("log_hazard_ratio", "shared_hazard", "diff_hazard")


def run_drivers(size: dict[str, int], seed: int, out: Path, base: Any, treat: Any,
                **kw: Any) -> dict[str, Any]:
    """Which assumptions decide the effect of a line that has one: Morris on two seeds of
    `treat` against `base`, ranked by the first stable outcome of `EFFECT_PREFERENCE`.

    Why its own stage: the screening stage's line (the agreed line as built) has an effect
    near 0 (findings, section 2), whose ranking is the random order of noise on any design a
    session affords; a line whose effect resolves (wave 6: the agreed line reaching the orders
    behind a signal, -0.037 expected severe incidents a year) has drivers two seeds can agree
    on, and the design spends its runs on replications of whole years per point, which is
    what the effect's noise needs (one 90-day run per point gave Spearman -0.2..0.2)."""
    facs, morris, rho, top_down, points = morris_two_seeds(size, seed, out, base, treat, **kw)
    stable = _stable(rho)
    chosen = [o for o in EFFECT_PREFERENCE if stable.get(o)]
    by = chosen[0] if chosen else EFFECT_PREFERENCE[0]
    order = pooled_ranking(morris[0], morris[1], by)
    rec = {"size": size, "seeds": [seed, seed + 1], "factors": len(facs),
           "treatment": getattr(treat, "name", str(treat)),
           "rank_correlation": rho, "top_down_correlation": top_down, "stable": stable,
           "ranking": order, "rank_by": by, "tried": list(EFFECT_PREFERENCE),
           "near_floor": [near_floor(po) for po in points],
           "kurtosis": kurtosis(points, (by, "log_base_hazard")),
           "morris": [m.to_dict("records") for m in morris]}
    if size.get("confirm") and chosen:
        rec["confirmation"] = confirm(facs, morris, by, size, seed + 2, out, base, treat, **kw)
        if int(size["confirm"]) >= 2:  # a fourth seed: two designs of 2r trajectories
            rec["confirmation"]["pooled"] = confirm_pooled(
                facs, morris, rec["confirmation"]["morris"], by, size, seed + 3, out, base,
                treat, **kw)
    if size.get("sobol_n_paired") and chosen:  # Sobol only on a ranking two seeds agree on
        from sim.study.sobol import sobol_stage

        top = order[: size.get("sobol_k", 3)]
        sobol = sobol_stage(facs, top, size, seed, out, base, treat, outcomes=(by,), **kw)
        sobol.to_csv(out / "sobol.csv", index=False)
        rec.update(top=top, sobol=sobol.to_dict("records"),
                   sobol_checks={by: sobol_checks(sobol[sobol["outcome"] == by])})
    return rec


def confirm(facs: list[Any], morris: list[pd.DataFrame], by: str, size: dict[str, int],
            seed: int, out: Path, base: Any, treat: Any, **kw: Any) -> dict[str, Any]:
    """A third seed for the outcome the first two chose: its Spearman with each of them.

    Why: the outcome was chosen as the first of `EFFECT_PREFERENCE` whose two seeds agree, so
    their agreement is the selection's, not evidence; a fresh seed, run after the choice and
    asked only about the chosen outcome, tests it. It holds when both correlations reach the
    same bar (`RHO_STABLE`)."""
    d = out / f"seed{seed}"
    d.mkdir(parents=True, exist_ok=True)
    m, _ = sens.morris_stage(facs, size, seed, d, base, treat, **kw)
    m.to_csv(d / "morris.csv", index=False)
    rho = [rank_correlation(prev, m, by) for prev in morris]
    return {"seed": seed, "outcome": by, "rank_correlation": rho,
            "top_down_correlation": [top_down_correlation(prev, m, by) for prev in morris],
            "holds": bool(all(math.isfinite(r) and r >= RHO_STABLE for r in rho)),
            "morris": m.to_dict("records")}


def _as_morris(mu: pd.Series, outcome: str) -> pd.DataFrame:
    return pd.DataFrame({"outcome": outcome, "factor": mu.index, "mu_star": mu.to_numpy()})


def confirm_pooled(facs: list[Any], morris: list[pd.DataFrame], third: list[dict[str, Any]],
                   by: str, size: dict[str, int], seed: int, out: Path, base: Any, treat: Any,
                   **kw: Any) -> dict[str, Any]:
    """A fourth seed, and the test of a design twice as large: mu* pooled over the first two
    seeds against mu* pooled over the third and fourth, two independent designs of 2r
    trajectories each (Morris's mu* is a mean over trajectories, so with equal r the mean of
    two seeds' mu* is the mu* of their trajectories together).

    Why: within one seed the ranking is reliable across replications (split-half Spearman
    0.63-0.80, docs/dev/notes/wave-8), while two seeds of r trajectories sample the 97
    assumptions differently; doubling r is the remedy, and pooling seeds doubles it without
    rerunning any stored point. The bar is the same (`RHO_STABLE`); fixed before the fourth
    seed ran (docs/dev/notes/wave-9/preregistration.md)."""
    d = out / f"seed{seed}"
    d.mkdir(parents=True, exist_ok=True)
    m4, _ = sens.morris_stage(facs, size, seed, d, base, treat, **kw)
    m4.to_csv(d / "morris.csv", index=False)
    m3 = pd.DataFrame(third)
    first = _as_morris(pooled(*morris, outcome=by), by)
    second = _as_morris(pooled(m3, m4, outcome=by), by)
    rho = rank_correlation(first, second, by)
    every = pooled(*morris, m3, m4, outcome=by)
    return {"seed": seed, "outcome": by, "seeds": [[seed - 3, seed - 2], [seed - 1, seed]],
            "trajectories": 2 * int(size["r"]), "rank_correlation": rho,
            "top_down_correlation": top_down_correlation(first, second, by),
            "holds": bool(math.isfinite(rho) and rho >= RHO_STABLE),
            "ranking": every.sort_values(ascending=False).index.tolist(),
            "morris": m4.to_dict("records")}


def _bar_sets(rec: dict[str, Any]) -> list[tuple[str, pd.Series, pd.Series | None]]:
    """What `plot_drivers` draws: (label, mu*, half-width or None) per set of bars -- each
    seed, the fresh one too; or, where a fourth seed was run, the two pooled designs the
    verdict compares (their half-widths are not a seed's: no whiskers)."""
    by = rec["rank_by"]

    def one(m: list[dict[str, Any]]) -> pd.DataFrame:
        d = pd.DataFrame(m)
        return d[d["outcome"] == by].set_index("factor")

    c = rec.get("confirmation") or {}
    if c.get("pooled"):
        p = c["pooled"]
        halves = ([pd.DataFrame(m) for m in rec["morris"]],
                  [pd.DataFrame(c["morris"]), pd.DataFrame(p["morris"])])
        return [(f"seeds {'+'.join(map(str, s))} ({p['trajectories']} trajectories)",
                 pooled(*h, outcome=by), None)
                for s, h in zip(p["seeds"], halves, strict=True)]
    sets = [(f"seed {s}", one(m)) for m, s in zip(rec["morris"], rec["seeds"], strict=True)]
    if c:  # the fresh seed too: a reader sees what it did not confirm
        sets.append((f"seed {c['seed']} (fresh)", one(c["morris"])))
    return [(lab, d["mu_star"], d["mu_star_conf"]) for lab, d in sets]


def plot_drivers(rec: dict[str, Any], path: Path) -> Path:
    """mu* of every group on each seed (bars, with the bootstrap half-width as whiskers), or
    on the two pooled designs where a fourth seed was run, groups in the ranking's order:
    agreement between the seeds is the bars' agreement, which a reader takes in at a glance;
    the title says whether it holds."""
    import numpy as np

    from sim.study.plots import OKABE_ITO, pyplot

    by = rec["rank_by"]
    c = rec.get("confirmation") or {}
    order = (c.get("pooled") or rec)["ranking"]
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(order) + 1.6))
    y = np.arange(len(order))
    sets = _bar_sets(rec)
    h = 0.8 / len(sets)
    for k, (label, mu_s, hw_s) in enumerate(sets):
        mu = np.array([mu_s[f] for f in order], float)
        err = None if hw_s is None else [np.minimum(hw_s[order].to_numpy(float), mu),
                                         hw_s[order].to_numpy(float)]  # mu* >= 0
        ax.barh(y + (k - (len(sets) - 1) / 2) * h, mu, height=0.95 * h, xerr=err,
                color=OKABE_ITO[(1, 5, 3)[k % 3]], ecolor="grey", capsize=2, label=label)
    ax.set_yticks(y, order, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(f"mu* of {by} (mean |elementary effect|"
                  + ("; whiskers: 95% bootstrap half-width)" if sets[0][2] is not None
                     else ")"), fontsize=8)
    verdict = drivers_verdict(rec)
    if c.get("pooled"):
        p = c["pooled"]
        said = "they agree: a ranking" if verdict == "ranking" else "below the bar: a screen"
        title = (f"Spearman {p['rank_correlation']:.2f} between seeds "
                 f"{'+'.join(map(str, p['seeds'][0]))} and {'+'.join(map(str, p['seeds'][1]))}"
                 f", {p['trajectories']} trajectories each; {said}")
    else:
        rho = rec["rank_correlation"].get(by, math.nan)
        said = {"unstable": "the seeds do not agree: a screen",
                "ranking": "the seeds agree: a ranking"}.get(verdict) or (
            "a fresh seed does not confirm it (" + ", ".join(
                f"{r:.2f}" for r in c["rank_correlation"]) + "): a screen")
        title = f"Spearman {rho:.2f} between seeds {rec['seeds'][0]} and {rec['seeds'][1]}; {said}"
    ax.set_title(f"What decides the effect of {rec['treatment']}\n({title})", fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path

