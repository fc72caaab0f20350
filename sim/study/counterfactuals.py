"""The record's counterfactuals: each reconstructed incident, had the line worked differently.

Why: the reconstructions (``scenarios/recon_*.toml``, found by name so that new ones join
automatically) script real episodes -- January 2013, August 2022, August 2024, December 2025 --
with the hotline as it was (absent, or unanswered). Each counterfactual changes only the line
and replays the episode on the same seeds (paired):

* ``answered_30min`` -- the line is up, answered, and a call connects within ~30 minutes;
* ``preventive`` -- notice of the deployment is passed over the line before it sails;
* ``theater_link`` -- a direct Joint Staff <-> Eastern Theater Command link;
* ``orders_reached`` -- answered within ~30 minutes, and the call reaches the orders behind a
  deliberate signal (``hotline_reaches_orders`` 1: docs/model.md 3.3.9), the lever the other
  variants lack for the two signalled episodes (2013, 2025).

Besides P(rung 4), the paired mean difference in the episode's hazardous acts (acts of
either side that took an encounter to rung 4 or higher, ``acts_ge4_*``): in the signalled
episodes the first act comes before any call can connect, so a line can only prevent the acts
after it -- the second radar lock of January 2013 or of 6 December 2025 -- which P(an
encounter reaches rung 4) does not see.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd

from sim.study.analysis import mean_diff_paired, pair, risk_difference_paired
from sim.study.outcomes import classify

PREFIX = "recon_"
VARIANTS: dict[str, dict[str, Any]] = {
    "answered_30min": {"hotline_active": True, "hotline_answer_prob": 1.0,
                       "hotline_consult_hours": 0.25, "hotline_relay_hops": 0},
    "preventive": {"hotline_active": True, "hotline_notice_prob": 1.0},
    "theater_link": {"hotline_active": True, "hotline_answer_prob": 1.0,
                     "hotline_theater_link": True, "hotline_consult_hours": 0.1},
    "orders_reached": {"hotline_active": True, "hotline_answer_prob": 1.0,
                       "hotline_consult_hours": 0.25, "hotline_relay_hops": 0,
                       "hotline_reaches_orders": 1.0},
}


def reconstructions() -> list[str]:
    from sim.config.scenarios import list_scenarios

    return [n for n in list_scenarios() if n.startswith(PREFIX)]


def variants(names: list[str], spec: dict[str, dict[str, Any]] | None = None
             ) -> tuple[list[Any], list[tuple[str, str, str]], list[str]]:
    """(scenarios to run, (episode, variant, scenario name) triples, skipped notes)."""
    from sim.config.parameters import PARAMS
    from sim.config.scenarios import load_scenario

    spec = spec or VARIANTS
    scens, triples, skipped = [], [], []
    for ep in names:
        base = load_scenario(ep)
        scens.append(base)
        for var, over in spec.items():
            unknown = [k for k in over if k not in PARAMS]
            if unknown:
                skipped.append(f"{ep} / {var}: unknown parameter(s) {', '.join(unknown)}")
                continue
            s = dataclasses.replace(base.with_overrides(over, where=f"counterfactual {var}"),
                                    name=f"{ep}--{var}")
            scens.append(s)
            triples.append((ep, var, s.name))
    return scens, triples, skipped


def effects(runs: pd.DataFrame, triples: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = []
    for ep, var, name in triples:
        pr = pair(runs, ep, name)
        row: dict[str, Any] = {"episode": ep, "variant": var, "pairs": len(pr)}
        for k in (3, 4):
            x = pr[f"peak_ge_{k}_base"].fillna(0).astype(float) > 0
            y = pr[f"peak_ge_{k}_treat"].fillna(0).astype(float) > 0
            est, lo, hi = risk_difference_paired(x, y)
            row.update({f"p{k}_base": float(x.mean()), f"p{k}_treat": float(y.mean()),
                        f"rd{k}": est, f"rd{k}_lo": lo, f"rd{k}_hi": hi,
                        f"rd{k}_status": classify(est, lo, hi)})
        est, lo, hi = mean_diff_paired(pr["max_rung_base"].astype(float),
                                       pr["max_rung_treat"].astype(float))
        row.update({"max_rung_diff": est, "max_rung_diff_lo": lo, "max_rung_diff_hi": hi,
                    "max_rung_status": classify(est, lo, hi),
                    "identical_pairs": _identical(pr)})
        if "acts_ge4_cn_base" in pr:  # hazardous acts of either side in the episode
            acts = {arm: (pr[f"acts_ge4_cn_{arm}"].astype(float)
                          + pr[f"acts_ge4_jp_{arm}"].astype(float)) for arm in ("base", "treat")}
            est, lo, hi = mean_diff_paired(acts["base"], acts["treat"])
            row.update({"acts_base": float(acts["base"].mean()), "acts_diff": est,
                        "acts_diff_lo": lo, "acts_diff_hi": hi,
                        "acts_status": classify(est, lo, hi)})
        rows.append(row)
    return pd.DataFrame(rows)


def _identical(pr: pd.DataFrame) -> int:
    cols = [c[:-5] for c in pr.columns if c.endswith("_base") and c.startswith("peak_ge_")]
    same = pd.Series(True, index=pr.index)
    for c in [*cols, "encounters"]:
        if f"{c}_base" in pr:
            same &= pr[f"{c}_base"] == pr[f"{c}_treat"]
    return int(same.sum())


def run_counterfactuals(reps: int, out: Path, seed: int = 1, **kw: Any
                        ) -> tuple[pd.DataFrame, dict[str, Any]]:
    from sim.batch import runner, store

    names = reconstructions()
    if not names:
        return pd.DataFrame(), {"episodes": [], "skipped": ["no recon_* scenario on this model"]}
    scens, triples, skipped = variants(names)
    runner.run_batch(scens, reps, seed=seed, out=out, **kw)
    runs = store.read_runs(out)
    table = effects(runs[runs["rep"] < reps], triples)
    return table, {"episodes": names, "reps": reps, "skipped": skipped, "out": str(out)}


def markdown(table: pd.DataFrame) -> str:
    if table.empty:
        return "(no reconstruction scenario on this model)"
    acts = "acts_diff" in table.columns
    lines = ["| episode | counterfactual | pairs | P(rung 4) as was | with | difference [95% CI] "
             "| status | highest rung, difference [95% CI] | status | "
             + ("hazardous acts as was | difference [95% CI] | status | " if acts else "")
             + "identical pairs |",
             "|---|---|---:|---:|---:|---:|---|---:|---|" + ("---:|---:|---|" if acts else "")
             + "---:|"]
    for r in table.itertuples():
        lines.append(
            f"| {r.episode} | {r.variant} | {r.pairs} | {r.p4_base:.2f} | {r.p4_treat:.2f} | "
            f"{r.rd4:+.2f} [{r.rd4_lo:+.2f}, {r.rd4_hi:+.2f}] | {r.rd4_status} | "
            f"{r.max_rung_diff:+.2f} [{r.max_rung_diff_lo:+.2f}, {r.max_rung_diff_hi:+.2f}] "
            f"| {r.max_rung_status} | "
            + (f"{r.acts_base:.2f} | {r.acts_diff:+.2f} [{r.acts_diff_lo:+.2f}, "
               f"{r.acts_diff_hi:+.2f}] | {r.acts_status} | " if acts else "")
            + f"{r.identical_pairs} |")
    return "\n".join(lines)
