"""Sensitivity of the hotline effect to the model's assumptions (Morris, then Sobol).

Why: the hotline effect is the paired risk difference in P(severe incident) -- a run-year with
an encounter at rung 4 or more (``peak_ge_4 > 0``) -- between ``hotline_as_agreed`` and
``status_quo_2022``. Every parameter marked "assumption" could move it; this module finds which.

Design:

* Factors are the parameters whose provenance is "assumption" in either arm, over the plausible
  range recorded with that provenance (the treatment scenario's own range where it narrows the
  registry's, e.g. ``hotline_answer_prob`` 0.8-1.0 "as agreed"). Integers are rounded.
* A design point sets the same factor values on both arms (`arms`); the two scenarios still
  differ in what makes them different (the hotline's existence and its agreed settings that are
  not factors). Replication i of every arm of every design point gets the same seed (the batch
  runner's common random numbers), so each effect is paired, and elementary effects compare
  design points on the same random draws.
* Outcomes per design point: ``rd_severe`` (primary; P(severe) treat - base over the pairs) and,
  because a severe incident is rare (~0.1-0.2 per run-year) and the primary is noisy,
  ``diff_peak3`` (secondary: mean paired difference in encounters reaching rung 3), which moves
  more often and reads the same mechanism; and ``diff_hazard`` (the paired difference in the
  runs' ``severe_hazard``, the conditional-Monte-Carlo estimate of the severe-incident rate),
  ``shared_hazard`` (the same summed over the encounters both arms share: where the line acts)
  and ``base_hazard``, the base arm's own expected severe incidents: which assumptions decide
  how often the situation a line is for arises at all. Measured in wave 4 (two seeds): only the
  base rate's ranking was stable.
* Stages: Morris screening (SALib) of all factors; Sobol indices (SALib Saltelli/Sobol sequence)
  for the top few by mu*; a one-at-a-time tornado (each top factor at the ends of its range,
  others at the treatment scenario's values). All runs go through `sim.batch.runner.run_batch`, so
  any backend (serial, process, Dask) gives the same numbers, and a killed stage resumes.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config.scenarios import DEFAULT_SCENARIO
from sim.errors import InputError
from sim.study import groups
from sim.study.plots import pyplot

BASE = DEFAULT_SCENARIO
TREAT = "hotline_as_agreed"
#: Outcomes of a design point. ``log_hazard_ratio`` (wave 7) is the line's effect on the
#: scale on which the base rate's causes act: the absolute differences scale with the base
#: rate, which the escalation ladder and the activity levels move over four orders of
#: magnitude, so their rankings mostly repeat the base rate's; the ratio asks what decides how
#: much of the rate a line removes. Near the floor (`LOG_FLOOR`, per run whatever the run's
#: length) the ratio is compressed towards 0 (a halving of a rate at the floor scores
#: log(0.75)), so the drivers stage reports the share of its points there
#: (`sim.study.screening.near_floor`).
OUTCOMES = {"rd_severe": "paired risk difference in P(severe incident: peak rung >= 4)",
            "diff_peak3": "paired difference in encounters reaching rung 3 per run",
            "diff_hazard": "paired difference in expected severe incidents per run "
                           "(severe_hazard, conditional Monte Carlo)",
            "base_hazard": "expected severe incidents per run without the line (the base "
                           "arm's severe_hazard: the rate the line acts on)",
            "log_base_hazard": "log of the base arm's expected severe incidents per run (floor "
                               "0.01): the rate on the scale on which its causes multiply",
            "shared_hazard": "paired difference in expected severe incidents per run in the "
                             "encounters both arms share (where the line acts; "
                             "`sim.study.outcomes.shared_hazard`)",
            "log_hazard_ratio": "log of the ratio of expected severe incidents per run with "
                                "and without the line (each arm's mean over the point's "
                                "replications, floor 0.01): the line's effect as a factor "
                                "(compressed where the base rate nears the floor)"}

#: Outcomes read off the base arm alone: a design that asks only these runs one arm.
BASE_OUTCOMES = ("base_hazard", "log_base_hazard")

#: Floor added before the log in ``log_base_hazard``, in expected severe incidents per run. Why
#: a log: over the plausible ranges the rate spans four orders of magnitude (0.001 to ~100 per
#: 180-day run: the hot corners of the escalation ladder and the activity levels), and its
#: causes multiply (more encounters x a steeper ladder). On the raw scale a handful of hot
#: corners own the variance, so Morris rankings and Sobol estimators follow them (measured in
#: wave 4 on the same runs: Spearman between seeds 0.72 raw against 0.90 on the log; widest
#: Sobol CI at N = 128 1.13 raw against 0.60). Why 0.01: rates below one severe incident per
#: century of 180-day runs (the status quo is ~0.07) are all "rare" for this question, and the
#: floor keeps the log of a run with no decision round finite. An analyst's choice, stated.
LOG_FLOOR = 0.01

#: What a design point whose runs all failed counts as in Morris, which needs every point of a
#: trajectory: no effect and no hazard (0), on the log scale the floor's log -- never log-rate
#: 0, which is ~1 severe incident per run, a hot corner.
NULL = {"log_base_hazard": math.log(LOG_FLOOR)}

#: Sizes of the designs. "small" is a smoke-sized screen that finishes in a few minutes on two
#: cores; "full" is the design the findings should quote (hours; use --backend dask).
DESIGNS: dict[str, dict[str, int]] = {
    "tiny": {"r": 1, "levels": 4, "reps": 1, "days": 10, "sobol_k": 2, "sobol_n": 2,
             "tornado_k": 2},
    "small": {"r": 2, "levels": 4, "reps": 2, "days": 60, "sobol_k": 3, "sobol_n": 4,
              "tornado_k": 6},
    "full": {"r": 10, "levels": 4, "reps": 20, "days": 365, "sobol_k": 5, "sobol_n": 64,
             "tornado_k": 12},
}


@dataclass(frozen=True)
class Factor:
    """One uncertain input: its plausible range and its type (ints are rounded)."""

    name: str
    lo: float
    hi: float
    kind: str  # "float" | "int" | "bool"
    source: str


def factors(base: Any, treat: Any, registry_ranges: bool = False) -> list[Factor]:
    """Every parameter marked "assumption" in either arm, with its plausible range.

    With `registry_ranges` the registry's (wider) range is used instead of a scenario's own.
    """
    from sim.config.parameters import PARAMS

    out = []
    for name, spec in PARAMS.items():
        pt, pb = treat.provenance[name], base.provenance[name]
        assumed = [pv for pv in (pt, pb) if pv.kind == "assumption"]
        if not assumed:
            continue
        prov = assumed[0]
        rng = spec.plausible if registry_ranges and spec.plausible else prov.plausible
        if rng is None or rng[0] == rng[1]:
            continue
        kind = {bool: "bool", int: "int"}.get(spec.type, "float")
        out.append(Factor(name, float(rng[0]), float(rng[1]), kind, prov.source))
    return out


def problem(facs: list[Factor]) -> dict[str, Any]:
    """The SALib problem dictionary."""
    return {"num_vars": len(facs), "names": [f.name for f in facs],
            "bounds": [[f.lo, f.hi] for f in facs]}


def values(facs: list[Factor], row: Any) -> dict[str, Any]:
    """A design row (floats) as parameter values of the right type."""
    out: dict[str, Any] = {}
    for f, x in zip(facs, row, strict=True):
        x = float(x)
        if f.kind == "int":
            out[f.name] = int(min(f.hi, max(f.lo, round(x))))
        elif f.kind == "bool":
            out[f.name] = bool(x >= 0.5)
        else:
            out[f.name] = float(min(f.hi, max(f.lo, x)))
    return out


def arms(points: list[dict[str, Any]], prefix: str, base: Any, treat: Any,
         base_only: bool = False) -> list[Any]:
    """Two scenarios per design point (base, treat), with the point's values on both; only the
    base with `base_only` (a design whose outcomes are all in `BASE_OUTCOMES`)."""
    out = []
    pair = (("base", base),) if base_only else (("base", base), ("treat", treat))
    for i, vals in enumerate(points):
        for tag, scen in pair:
            s = scen.with_overrides(vals, where=f"{prefix} design point {i}")
            out.append(dataclasses.replace(s, name=f"{prefix}{i:05d}-{tag}"))
    return out


def point_index(names: pd.Series) -> pd.Series:
    """The design point of each arm name `arms` gave (``<prefix><i:05d>-<tag>``): i."""
    return names.str.extract(r"(\d{5})-[^-]+$", expand=False).astype(int)


def run_points(points: list[dict[str, Any]], prefix: str, out: Path, reps: int, days: int,
               base: Any, treat: Any, base_only: bool = False, **kw: Any) -> pd.DataFrame:
    """Run the arms of every point through the batch runner; return the runs table.

    With ``carry`` (a `sim.study.carry.Carry`), the runs it holds for this store are not run
    again: their rows join the store's, in the order `store.read_runs` gives."""
    from sim.batch import runner, store

    carry = kw.pop("carry", None)
    scens = arms(points, prefix, base, treat, base_only)
    held = None if carry is None else carry.runs_for(out, scens, kw.get("seed", 1), days)
    keys = () if held is None else zip(held["scenario"], held["rep"].astype(int), strict=True)
    runner.run_batch(scens, reps, days=days, out=out, carried=keys, **kw)
    runs = store.read_runs(out)
    if held is not None and len(held):
        runs = pd.concat([held, runs] if len(runs) else [held], ignore_index=True)
        runs = runs.drop_duplicates(["scenario", "rep"]).sort_values(
            ["scenario", "rep"], kind="stable").reset_index(drop=True)
    return runs[runs["rep"] < reps]


def with_shared_hazard(po: pd.DataFrame, out: Path, runs: pd.DataFrame, prefix: str
                       ) -> pd.DataFrame:
    """Add ``shared_hazard`` per design point: the mean over its replications of the hazard
    difference summed over the encounters both arms share (NaN without the column)."""
    from sim.batch import store
    from sim.study.outcomes import shared_hazard_per_run

    cols = ["start_h", "domain", "zone", "onset_lon", "onset_lat", "severe_hazard"]
    try:
        encs = store.read_encounters(out, runs, cols)
    except (KeyError, ValueError):  # results written before severe_hazard existed
        return po.assign(shared_hazard=math.nan)
    vals = []
    for i in po["point"]:
        b, t = f"{prefix}{i:05d}-base", f"{prefix}{i:05d}-treat"
        reps = sorted(set(runs.loc[runs["scenario"] == b, "rep"])
                      & set(runs.loc[runs["scenario"] == t, "rep"]))
        vals.append(float(shared_hazard_per_run(encs, b, t, reps).mean()) if reps
                    else math.nan)
    return po.assign(shared_hazard=vals)


def paired_outcomes(runs: pd.DataFrame, n_points: int, prefix: str) -> pd.DataFrame:
    """Per design point: the paired effects over the replications both arms finished."""
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    rows = []
    for i in range(n_points):
        b = runs[runs["scenario"] == f"{prefix}{i:05d}-base"].set_index("rep")
        t = runs[runs["scenario"] == f"{prefix}{i:05d}-treat"].set_index("rep")
        common = b.index.intersection(t.index)
        b, t = b.loc[common], t.loc[common]
        sb = (b["peak_ge_4"].astype(float) > 0).to_numpy()
        st = (t["peak_ge_4"].astype(float) > 0).to_numpy()
        n = len(common)
        rows.append({"point": i, "pairs": n,
                     "p_severe_base": float(sb.mean()) if n else math.nan,
                     "p_severe_treat": float(st.mean()) if n else math.nan,
                     "rd_severe": float(st.mean() - sb.mean()) if n else math.nan,
                     "prevented": int((sb & ~st).sum()), "caused": int((~sb & st).sum()),
                     "diff_peak3": float((t["peak_ge_3"].astype(float)
                                          - b["peak_ge_3"].astype(float)).mean())
                     if n else math.nan,
                     "diff_hazard": float((t["severe_hazard"].astype(float)
                                           - b["severe_hazard"].astype(float)).mean())
                     if n and "severe_hazard" in t.columns else math.nan,
                     "log_hazard_ratio": _log_ratio(b, t) if n else math.nan,
                     **_base_rates(b)})
    return pd.DataFrame(rows)


def hazard_matrix(runs: pd.DataFrame, n_points: int, prefix: str, reps: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Both arms' ``severe_hazard`` per design point and replication: two (points x reps)
    arrays, NaN where a run did not finish (or the results have no such column). Replication
    r has the same seed at every point of a batch seed, so column r of two points is a pair
    under common random numbers."""
    hb = np.full((n_points, reps), np.nan)
    ht = np.full((n_points, reps), np.nan)
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    if "severe_hazard" not in runs.columns or runs.empty:
        return hb, ht
    i = point_index(runs["scenario"]).to_numpy()
    r = runs["rep"].to_numpy(int)
    ok = (i < n_points) & (r < reps)
    v = runs["severe_hazard"].astype(float).to_numpy()
    treat = runs["scenario"].str.endswith("-treat").to_numpy()
    for arr, m in ((hb, ~treat), (ht, treat)):
        m = m & ok
        arr[i[m], r[m]] = v[m]
    return hb, ht


def _log_ratio(b: pd.DataFrame, t: pd.DataFrame) -> float:
    """log((treat's mean severe_hazard + floor) / (base's + floor)) over the paired reps: a
    ratio of means, not a mean of per-run ratios, whose single runs swing by orders of
    magnitude when the arms drift into different crises."""
    if "severe_hazard" not in t.columns:
        return math.nan
    hb = float(b["severe_hazard"].astype(float).mean())
    ht = float(t["severe_hazard"].astype(float).mean())
    return math.log(ht + LOG_FLOOR) - math.log(hb + LOG_FLOOR)


def _base_rates(b: pd.DataFrame) -> dict[str, float]:
    """``base_hazard`` and ``log_base_hazard`` of one design point's base-arm runs."""
    if b.empty or "severe_hazard" not in b.columns:
        return {"base_hazard": math.nan, "log_base_hazard": math.nan}
    h = float(b["severe_hazard"].astype(float).mean())
    return {"base_hazard": h, "log_base_hazard": math.log(h + LOG_FLOOR)}


def base_outcomes(runs: pd.DataFrame, n_points: int, prefix: str) -> pd.DataFrame:
    """Per design point of a base-only design: the base arm's rates (`BASE_OUTCOMES`)."""
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    by = dict(tuple(runs.groupby("scenario", sort=False)))  # one pass, not one scan per point
    rows = []
    for i in range(n_points):
        b = by.get(f"{prefix}{i:05d}-base", runs.iloc[:0])
        rows.append({"point": i, "pairs": len(b), **_base_rates(b)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- stages
def morris_stage(facs: list[Factor], size: dict[str, int], seed: int, out: Path,
                 base: Any, treat: Any, **kw: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Morris screening: (indices per factor and outcome, per-point outcomes)."""
    import warnings

    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    prob = problem(facs)
    if size.get("groups"):  # Morris over groups of assumptions (`sim.study.groups`)
        prob = groups.grouped(prob)
    x = morris_sample.sample(prob, size["r"], num_levels=size["levels"], seed=seed)
    points = [values(facs, row) for row in x]
    runs = run_points(points, "m", out / "morris", size["reps"], size["days"], base, treat,
                      seed=seed, **kw)
    po = with_shared_hazard(paired_outcomes(runs, len(points), "m"), out / "morris", runs,
                            "m")
    rows = []
    for outcome in OUTCOMES:
        y = po[outcome].fillna(NULL.get(outcome, 0.0)).to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one trajectory: sigma has no degrees of freedom
            res = morris_analyze.analyze(prob, x, y, num_levels=size["levels"], seed=seed,
                                         num_resamples=200)
        ranges = {f.name: (f.lo, f.hi) for f in facs}
        for j, name in enumerate(res["names"]):
            lo, hi = ranges.get(name, (math.nan, math.nan))  # a group has no one range
            rows.append({"outcome": outcome, "factor": name, "lo": lo, "hi": hi,
                         "mu": float(res["mu"][j]), "mu_star": float(res["mu_star"][j]),
                         "sigma": float(res["sigma"][j]),
                         "mu_star_conf": float(res["mu_star_conf"][j])})
    pd.DataFrame(x, columns=prob["names"]).assign(**{k: po[k] for k in OUTCOMES}).to_csv(
        out / "morris_design.csv", index=False)
    return pd.DataFrame(rows), po


def ranking(morris: pd.DataFrame, outcome: str) -> list[str]:
    """Factors by mu* on `outcome`; the secondary outcome breaks ties (all-zero primaries)."""
    piv = morris.pivot(index="factor", columns="outcome", values="mu_star")
    other = [c for c in piv.columns if c != outcome]
    by = [outcome, *other]
    return piv.sort_values(by, ascending=False).index.tolist()


def tornado_stage(facs: list[Factor], top: list[str], size: dict[str, int], seed: int,
                  out: Path, base: Any, treat: Any, **kw: Any) -> pd.DataFrame:
    """One at a time: the effect with each top factor at its low and its high end."""
    sub = [f for f in facs if f.name in top]
    points: list[dict[str, Any]] = [{}]
    for f in sub:
        for x in (f.lo, f.hi):
            points.append(values([f], [x]))
    runs = run_points(points, "t", out / "tornado", size["reps"], size["days"], base, treat,
                      seed=seed, **kw)
    po = with_shared_hazard(paired_outcomes(runs, len(points), "t"), out / "tornado", runs,
                            "t")
    rows = []
    for k, f in enumerate(sub):
        lo, hi = po.iloc[1 + 2 * k], po.iloc[2 + 2 * k]
        for outcome in OUTCOMES:
            rows.append({"outcome": outcome, "factor": f.name, "lo": f.lo, "hi": f.hi,
                         "at_default": float(po.iloc[0][outcome]), "at_lo": float(lo[outcome]),
                         "at_hi": float(hi[outcome]),
                         "swing": abs(float(hi[outcome]) - float(lo[outcome]))})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- plots
def plot_morris(morris: pd.DataFrame, path: Path, label_top: int = 8) -> Path:
    """mu*-sigma scatter, one panel per outcome; the top factors are labelled."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(OUTCOMES), figsize=(12, 5))
    for ax, outcome in zip(np.atleast_1d(axes), OUTCOMES, strict=True):
        d = morris[morris["outcome"] == outcome].sort_values("mu_star", ascending=False)
        ax.scatter(d["mu_star"], d["sigma"], s=18, color="tab:blue")
        for _, r in d.head(label_top).iterrows():
            ax.annotate(r["factor"], (r["mu_star"], r["sigma"]), fontsize=7,
                        xytext=(3, 3), textcoords="offset points")
        top = max(float(d["mu_star"].max()), float(d["sigma"].max()), 1e-9)
        ax.plot([0, top], [0, top], ls=":", color="grey", lw=0.8)
        ax.set_xlabel("mu* (mean |elementary effect|)")
        ax.set_ylabel("sigma (interaction / non-linearity)")
        ax.set_title(OUTCOMES[outcome], fontsize=9)
    fig.suptitle(f"Morris screening of the hotline effect ({TREAT} vs {BASE})")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_tornado(tornado: pd.DataFrame, path: Path) -> Path:
    """Tornado chart: the effect with each factor at the ends of its plausible range."""
    plt = pyplot()
    fig, axes = plt.subplots(1, len(OUTCOMES), figsize=(12, 0.5 * max(
        4, tornado["factor"].nunique()) + 1.5))
    for ax, outcome in zip(np.atleast_1d(axes), OUTCOMES, strict=True):
        d = tornado[tornado["outcome"] == outcome].sort_values("swing")
        if d.empty:
            continue
        mid = float(d["at_default"].iloc[0])
        y = np.arange(len(d))
        ax.barh(y, d["at_lo"] - mid, left=mid, color="tab:blue", label="low end of range")
        ax.barh(y, d["at_hi"] - mid, left=mid, color="tab:orange", alpha=0.8,
                label="high end of range")
        ax.axvline(mid, color="black", lw=0.8)
        ax.set_yticks(y, [f"{f} [{lo:g}, {hi:g}]" for f, lo, hi in
                          zip(d["factor"], d["lo"], d["hi"], strict=True)], fontsize=7)
        ax.set_xlabel(OUTCOMES[outcome], fontsize=8)
        ax.legend(fontsize=7, loc="lower right")
    fig.suptitle("Tornado: one factor at a time, others at the scenario values")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


# --------------------------------------------------------------------------- the pipeline
def run_sensitivity(design: str = "small", reps: int | None = None, days: int | None = None,
                    seed: int = 1, out: Path | None = None, rank_by: str = "rd_severe",
                    **kw: Any) -> dict[str, Any]:
    """Morris -> Sobol -> tornado; writes CSVs, plots and summary.json into `out`."""
    if design not in DESIGNS:
        raise InputError("--design", design, f"allowed: {', '.join(DESIGNS)}")
    if rank_by not in OUTCOMES:
        raise InputError("--rank-by", rank_by, f"allowed: {', '.join(OUTCOMES)}")
    from sim.config.scenarios import load_scenario

    size = dict(DESIGNS[design])
    if reps is not None:
        size["reps"] = reps
    if days is not None:
        size["days"] = days
    out = Path(out) if out else Path("results") / f"sensitivity-{design}-" \
        f"{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    base, treat = load_scenario(BASE), load_scenario(TREAT)
    facs = factors(base, treat)
    t0 = time.monotonic()
    morris, po = morris_stage(facs, size, seed, out, base, treat, **kw)
    morris.to_csv(out / "morris.csv", index=False)
    order = ranking(morris, rank_by)
    from sim.study.sobol import sobol_stage

    sobol = sobol_stage(facs, order[: size["sobol_k"]], size, seed, out, base, treat, **kw)
    sobol.to_csv(out / "sobol.csv", index=False)
    tornado = tornado_stage(facs, order[: size["tornado_k"]], size, seed, out, base, treat, **kw)
    tornado.to_csv(out / "tornado.csv", index=False)
    plots = [plot_morris(morris, out / "morris_mu_sigma.png"),
             plot_tornado(tornado, out / "tornado.png")]
    summary = {"design": design, "size": size, "seed": seed, "base": BASE, "treatment": TREAT,
               "factors": [dataclasses.asdict(f) for f in facs], "rank_by": rank_by,
               "ranking": order, "top": order[: size["sobol_k"]],
               "morris_points": int(len(po)),
               "mean_effect": {k: float(po[k].mean()) for k in OUTCOMES},
               "pairs_with_any_severe_change": int((po["prevented"] + po["caused"] > 0).sum()),
               "runs": _count_runs(out),
               "wall_s": round(time.monotonic() - t0, 1),
               "plots": [str(p) for p in plots], "out": str(out)}
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def _count_runs(out: Path) -> int:
    from sim.batch import store

    return int(sum(len(store.read_runs(out / d, columns=["scenario", "rep"]))
                   for d in ("morris", "sobol", "tornado") if (out / d).is_dir()))


def headline(out: Path) -> str:
    """A few lines that say which assumptions drive the effect (for the terminal and docs)."""
    out = Path(out)
    summ = json.loads((out / "summary.json").read_text())
    morris = pd.read_csv(out / "morris.csv")
    sobol = pd.read_csv(out / "sobol.csv")
    lines = [f"design {summ['design']} ({summ['morris_points']} Morris points, "
             f"{summ['size']['reps']} paired replications of {summ['size']['days']} days each)"]
    for outcome, label in OUTCOMES.items():
        d = morris[morris["outcome"] == outcome].sort_values("mu_star", ascending=False)
        top = ", ".join(f"{r.factor} (mu* {r.mu_star:.3g} +- {r.mu_star_conf:.2g})"
                        for r in d.head(5).itertuples())
        lines.append(f"{label}: mean over the design {summ['mean_effect'][outcome]:+.4f}; "
                     f"top by mu*: {top}")
        s = sobol[sobol["outcome"] == outcome]
        if not s.empty:
            lines.append("  Sobol (S1 / ST): " + ", ".join(
                f"{r.factor} {r.S1:.2f} / {r.ST:.2f}" for r in s.itertuples()))
    return "\n".join(lines)
