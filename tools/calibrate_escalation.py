"""Check (and help tune) the escalation ladder against the public incident record.

Targets (docs/model.md, "Calibration"): in the status quo, encounters that reach
rung 3 (unsafe approach, chasing fishing boats) a few to ~15 times a year; rung 4 (radar lock,
water cannon) about twice in 2012-2025, i.e. P(at least one in a year) ~ 0.15; rung 5 (collision,
warning shots) once (2010) in ~15 years; rung 6 never. Both known rung-4 acts were military
(navy 2013, air 2025), so most rung-4 encounters should be military, and (issue 10) acts at
rung 3 and above should be overwhelmingly Chinese (`cn_share_ge3`, `cn_share_ge4`). Usage:

    .venv/bin/python tools/calibrate_escalation.py [--reps 200] [--set key=value ...]

Prints the means over replications of one year with their targets; `mil_open_*` counts military
encounters outside territorial seas (the hotline's agreed scope).
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from sim.config.scenarios import load_scenario, parse_set
from sim.model.model import run_scenario

TARGETS = {"peak_ge_3": (3.0, 15.0), "peak_ge_4": (0.15, 0.3), "P(peak_ge_4>0)": (0.08, 0.3),
           "P(peak_ge_5>0)": (0.0, 0.12), "P(peak_ge_6>0)": (0.0, 0.02),
           "cn_share_ge3": (0.8, 1.0), "cn_share_ge4": (0.85, 1.0)}


def _one(args: tuple[str, dict, int]) -> dict:
    name, over, seed = args
    res = run_scenario(load_scenario(name, over), seed, record_events=False)
    out = dict(res.summary)
    for k in (3, 4):
        top = [e for e in res.encounters if e["peak_rung"] >= k]
        out[f"mil_ge_{k}"] = sum(1 for e in top if e["military"])
        out[f"mil_open_ge_{k}"] = sum(1 for e in top if e["military"] and not e["territorial"])
        out[f"cg_ge_{k}"] = sum(1 for e in top if e["coastguard"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", default="status_quo_2022")
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--set", action="append")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    over = parse_set(a.set)
    with ProcessPoolExecutor(a.workers) as ex:
        rows = list(ex.map(_one, [(a.scenario, over, s) for s in range(1, a.reps + 1)]))
    get = lambda k: np.array([r[k] for r in rows], dtype=float)  # noqa: E731
    out = {k: get(k).mean() for k in ("encounters", "peak_ge_2", "peak_ge_3", "peak_ge_4",
                                       "peak_ge_5", "peak_ge_6", "scrambles", "ts_intrusions",
                                       "cz_presence_days", "cz_ship_days", "plan_transits",
                                       "mean_tension_cn", "mean_tension_jp", "mil_ge_3",
                                       "mil_open_ge_3", "cg_ge_3", "mil_ge_4", "mil_open_ge_4",
                                       "cg_ge_4", "acts_ge3_cn", "acts_ge3_jp", "acts_ge4_cn",
                                       "acts_ge4_jp", "mil_ts_entries")}
    for k in (3, 4):
        tot = out[f"acts_ge{k}_cn"] + out[f"acts_ge{k}_jp"]
        out[f"cn_share_ge{k}"] = out[f"acts_ge{k}_cn"] / tot if tot else float("nan")
    for k in (3, 4, 5, 6):
        out[f"P(peak_ge_{k}>0)"] = (get(f"peak_ge_{k}") > 0).mean()
    out["ships_per_day"] = out["cz_ship_days"] / max(out["cz_presence_days"], 1)
    for k, v in out.items():
        lo_hi = TARGETS.get(k)
        flag = "" if lo_hi is None else ("  ok" if lo_hi[0] <= v <= lo_hi[1] else
                                         f"  OFF target {lo_hi}")
        print(f"{k:<18} {v:9.3f}{flag}")


if __name__ == "__main__":
    main()
