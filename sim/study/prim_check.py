"""Scenario discovery that holds up: the PRIM box, checked on fresh runs.

Why: PRIM always returns a box, and a box fitted to one sample describes that sample. The
fitting (EMA Workbench's PRIM with quasi-p-values and a minimum box mass) is
`sim.study.discovery.prim_boxes`, on the effect model's experiments
(`sim.study.discovery.run_experiments`); this module adds the held-out check a careful reader
asks for: a fresh sample (another Latin hypercube, other seeds) is run, and the chosen box's density
on it -- the share of fresh cases inside the box that are of interest -- is compared with the
density outside it, each with a Wilson interval. The box "holds" only if the inside interval
lies entirely above the outside one.

Case definition (``cuts_hazard``): one case per *experiment* (a point of the two Latin
hypercubes, run as several paired replications of whole years), of interest when the line cuts
the experiment's expected severe incidents (``severe_hazard``, the outcome the design map
measures) by at least ``CUT``. Why not one case per replication: a single paired run's "fewer
rung-3 encounters" (the case until wave 8) is a coin flip dominated by noise, so its box was
noise and failed its held-out check; summing over replications averages the noise away, and the
expected count is smooth where a severe incident is rare.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.study import discovery as disc
from sim.study.analysis import proportion_ci

CASE = "cuts_hazard"
#: The cut that makes an experiment a case (an analysis choice): a fifth. The design map's
#: strongest cell lowers expected severe incidents by ~28 %, the agreed line reaching the
#: orders by ~8-10 %, so a fifth separates a line that matters from a marginal one; plausible
#: range 0.1-0.3.
CUT = 0.2
DEFINITION = ("over an experiment's replications, the line's expected severe incidents "
              "(summed) are at most (1 - CUT) times the base arm's; an experiment whose base "
              "arm expects none is not a case")
HELD_OUT_SEED = 1000


def inside(x: pd.DataFrame, restr: dict[str, list[float]]) -> np.ndarray:
    """Which rows of `x` fall in the box (restrictions {column: [lo, hi]})."""
    m = np.ones(len(x), dtype=bool)
    for col, (lo, hi) in restr.items():
        m &= ((x[col] >= lo) & (x[col] <= hi)).to_numpy()
    return m


def experiment_cases(experiments: pd.DataFrame, outcomes: dict[str, np.ndarray],
                     names: list[str], cut: float = CUT, days: int = 365) -> pd.DataFrame:
    """One row per experiment: its inputs (`names`), both arms' expected severe incidents
    summed over its replications, their ratio (treat / base; NaN when the base is 0), the
    case column, and ``nroy``: whether the incident record rules the experiment's status quo
    out (`_escalation_nroy`). Ratio of sums, not mean of ratios: a replication whose base
    arm expects almost nothing would otherwise swing the experiment."""
    x = experiments[[n for n in names if n in experiments.columns]].reset_index(drop=True)
    base = np.asarray(outcomes["severe_hazard_base"], dtype=float).sum(axis=1)
    plausible = _escalation_nroy(outcomes, days)
    treat = np.asarray(outcomes["severe_hazard_treat"], dtype=float).sum(axis=1)
    ratio = np.where(base > 0, treat / np.where(base > 0, base, 1.0), np.nan)
    # "at most": a ratio equal to 1 - cut up to rounding is a case
    case = (base > 0) & ((ratio <= 1 - cut) | np.isclose(ratio, 1 - cut, rtol=0, atol=1e-9))
    return pd.concat([x, pd.DataFrame({"hazard_base": base, "hazard_treat": treat,
                                       "hazard_ratio": ratio, CASE: case,
                                       "nroy": plausible})], axis=1)


def _escalation_nroy(outcomes: dict[str, np.ndarray], days: int) -> np.ndarray:
    """Per experiment: not ruled out by the incident record (`sim.study.history`, its
    escalation targets and runaway-year rule) -- the effect model returns no activity counts,
    so the activity targets cannot be applied here; all True for outcomes saved without
    ``peak_ge_3_base``."""
    from sim.study import history

    if "peak_ge_3_base" not in outcomes:
        return np.ones(len(outcomes["severe_hazard_base"]), dtype=bool)
    runs = history.runs_from_ema(outcomes, days, arm="base")
    table = history.implausibility(runs, only=history.escalation_targets())
    return table.sort_values("scenario")["nroy"].to_numpy(bool)


def _experiment_table(size: dict[str, Any], seed: int, out: Path, **kw: Any
                      ) -> tuple[pd.DataFrame, list[str]]:
    exps, outs, model = _stored(size, seed, out) or disc.run_experiments(size, seed, out, **kw)
    out.mkdir(parents=True, exist_ok=True)
    _sidecar(out).write_text(json.dumps(_design(size, seed)) + "\n")
    names = [p.name for p in (*model.uncertainties, *model.levers) if p.name in exps.columns]
    return experiment_cases(exps, outs, names, days=int(size["days"])), names


def _sidecar(out: Path) -> Path:
    return out / "design.json"


def _design(size: dict[str, Any], seed: int) -> dict[str, Any]:
    return {"prim_n": size["prim_n"], "prim_reps": size["prim_reps"], "days": size["days"],
            "seed": seed}


def _stored(size: dict[str, Any], seed: int, out: Path) -> tuple[Any, Any, Any] | None:
    """The experiments saved in `out` by an earlier run of the same design and seed (EMA runs
    them in one go, so without this an interrupted or re-read stage ran them all again:
    an hour at the session's size); None if there are none or they are of another design."""
    path, side = out / "ema_results.tar.gz", _sidecar(out)
    if not (path.is_file() and side.is_file()):
        return None
    try:
        if json.loads(side.read_text()) != _design(size, seed):
            return None
    except (OSError, ValueError):
        return None
    import warnings

    from ema_workbench import load_results

    from sim.study import ema

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exps, outs = load_results(str(path))
    if len(exps) != size["prim_n"] or outs["severe_hazard_base"].shape[1] != size["prim_reps"]:
        return None
    return exps, outs, ema.effect_model(reps=size["prim_reps"], days=size["days"], seed=seed)


def inputs(names: list[str], scope: str = "all") -> list[str]:
    """The inputs PRIM peels: all of them, or (``"hotline"``) the line's design and its own
    assumptions, the other assumptions varying as noise.

    Why the narrower scope exists: on all ~100 inputs with 200 experiments PRIM overfits --
    wave 9's fit peeled 18 dimensions to a box of density 1.00, and none of its restrictions
    kept a quasi-p-value below 0.05 once the others were dropped, although the trigger rung
    alone separates the cases (0.65 of the experiments at rung 1 against 0.26 overall). The
    narrower scope asks what the line needs; it was chosen after that look at the fit sample,
    which the held-out check on fresh experiments does not share."""
    if scope == "all":
        return list(names)
    if scope == "hotline":
        return [n for n in names if n.startswith("hotline_")]
    raise ValueError(f"inputs: {scope!r}; allowed: all, hotline")


def held_out(box: dict[str, Any], fresh: pd.DataFrame, case: str = CASE) -> dict[str, Any]:
    """Density inside and outside the box on fresh cases, with Wilson intervals."""
    m = inside(fresh, box["restrictions"])
    y = fresh[case].to_numpy(bool)
    din = proportion_ci(int(y[m].sum()), int(m.sum()))
    dout = proportion_ci(int(y[~m].sum()), int((~m).sum()))
    return {"n_in": int(m.sum()), "n_out": int((~m).sum()), "density_in": din,
            "density_out": dout, "holds": bool(m.sum() > 0 and din[1] > dout[2])}


def run_prim(size: dict[str, Any], seed: int, out: Path, **kw: Any) -> dict[str, Any]:
    """Fit PRIM on one sample of experiments, check its first box on a fresh one (another Latin
    hypercube and other replication seeds: seed + HELD_OUT_SEED), with the same case."""
    out.mkdir(parents=True, exist_ok=True)
    kw.pop("command", None)
    mass_min = kw.pop("mass_min", disc.MASS_MIN)
    table, names = _experiment_table(size, seed, out / "fit", **kw)
    table.to_csv(out / "cases.csv", index=False)
    y = table[CASE].to_numpy(bool)
    scope = size.get("inputs", "all")
    seen = inputs(names, scope)
    # inputs as floats: EMA's PRIM pastes integer columns wrongly (see disc.run_prim)
    boxes = disc.prim_boxes(table[seen].astype(float), y, mass_min=mass_min)
    box = (boxes or [None])[0]
    rec: dict[str, Any] = {"size": size, "seed": seed, "case": CASE, "definition": DEFINITION,
                           "cut": CUT, "experiments": len(table),
                           "reps": size["prim_reps"], "days": size["days"],
                           "of_interest": int(y.sum()),
                           "base_density": float(y.mean()) if len(y) else None, "box": box,
                           "mass_min": mass_min, "qp_max": disc.QP_MAX,
                           "inputs": scope, "n_inputs": len(seen), "of_inputs": len(names)}
    if box is not None and box["restrictions"]:
        fresh, _ = _experiment_table(size, seed + HELD_OUT_SEED, out / "heldout", **kw)
        fresh.to_csv(out / "heldout_cases.csv", index=False)
        rec["held_out"] = held_out(box, fresh)
        rec["held_out"]["experiments"] = len(fresh)
        # the same check among the fresh worlds the incident record does not rule out (wave
        # 10): most of the hypercube runs away, so a box could hold only there
        rec["held_out_nroy"] = held_out(box, fresh[fresh["nroy"]])
        rec["held_out_nroy"]["experiments"] = int(fresh["nroy"].sum())
        rec["fit_nroy"] = int(table["nroy"].sum())
    return rec
