"""Reconstructions of real incidents and the checks of their outlines; initiator shares.

Why this exists (issue 10, items 3 and 8). A model that says what a hotline would have changed
should first be able to produce the incidents the record holds, with the right actors, in the
right place, at the right rung, and with the hotline used (or not) as it was. Each
reconstruction is a scenario file (``scenarios/recon_*.toml``) with scripted deployments from
the record; its outline is checked on every replication and `hotline-sim validate` reports in
what share of replications the simulated episode reproduces it. A share well below 1 is not a
failure by itself -- the record is one draw -- but a share of 0 says the model cannot produce
the episode at all.

Initiator shares: in 2013-2025 every hazardous act of the record (radar locks 2013 and 2025,
close approaches within 30-50 m 2014 and 2025) was by a Chinese unit; Japanese responses were
shadowing, warnings, interposition and protests; one case (Jun 2016) is disputed. The status
quo must give Chinese units the great majority of acts at rung 3 and above (target >= 0.8) and
of hazardous acts (rung 4 and above, target >= 0.85).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

Row = dict[str, Any]


@dataclass(frozen=True)
class Outline:
    """What the record says happened, as checks on one run's encounters and summary."""

    scenario: str
    incident: str
    who: str
    where: str
    rung: str
    hotline: str
    check: Callable[[list[Row], dict[str, Any]], dict[str, bool]]


def _has(kind: str, units: str) -> bool:
    return kind in str(units).split(",")


def _check_2013(encs: list[Row], s: dict[str, Any]) -> dict[str, bool]:
    hit = [e for e in encs if _has("PLAN", e["cn_units"]) and _has("JMSDF", e["jp_units"])]
    top = [e for e in hit if e["peak_rung"] >= 4 and e["peak_by"] == "CN"]
    return {"who": bool(hit), "where": any(not e["territorial"] for e in hit),
            "rung": bool(top), "hotline": s["hotline_calls"] == 0}


def _check_2022(encs: list[Row], s: dict[str, Any]) -> dict[str, bool]:
    after = [e for e in encs if e["start_h"] >= 10.4 * 24]
    return {"who": any(_has("PLA_FIGHTER", e["cn_units"]) or _has("PLA_BOMBER", e["cn_units"])
                       for e in after),
            "where": s["max_tension_cn"] >= 0.6, "rung": all(e["peak_rung"] <= 3 for e in after),
            "hotline": s["hotline_calls"] == 0}


def _check_2024(encs: list[Row], s: dict[str, Any]) -> dict[str, bool]:
    y9 = [e for e in encs if _has("PLA_RECON", e["cn_units"]) and _has("JASDF_FIGHTER",
                                                                         e["jp_units"])]
    inside = [e for e in y9 if e["territorial"]]  # `zone` is where it ended
    return {"who": bool(y9), "where": bool(inside),
            "rung": bool(inside) and all(e["peak_rung"] == 2 for e in inside),
            "hotline": s["hotline_calls"] == 0}


def _check_2025(encs: list[Row], s: dict[str, Any]) -> dict[str, bool]:
    j15 = [e for e in encs if _has("PLA_FIGHTER", e["cn_units"]) and _has("JASDF_FIGHTER",
                                                                            e["jp_units"])]
    locks = [e for e in j15 if e["peak_rung"] >= 4 and e["peak_by"] == "CN"]
    unanswered = any(e["hotline_state"] == "unanswered" for e in encs)
    return {"who": bool(j15), "where": any(e["zone"] in ("jp_adiz", "high_seas") for e in j15),
            "rung": bool(locks), "hotline": unanswered and s["hotline_answered"] == 0}


RECONSTRUCTIONS: tuple[Outline, ...] = (
    Outline("recon_2013_radar_lock", "Jan 2013 frigate radar locks", "PLA Navy vs JMSDF",
            "high seas N of the Senkakus", ">= 4 by China", "none (no line)", _check_2013),
    Outline("recon_2022_missile_shock", "4 Aug 2022 missile shock", "PLA aircraft vs JASDF",
            "tension shock (CN >= 0.6)", "<= 3 for 3 weeks", "none (no line)", _check_2022),
    Outline("recon_2024_y9_airspace", "26 Aug 2024 Y-9 violation", "PLA Y-9 vs JASDF",
            "Japanese airspace (Danjo)", "2", "not used", _check_2024),
    Outline("recon_2025_dec_radar_lock", "6 Dec 2025 J-15 radar locks", "J-15 vs F-15",
            "Japan's ADIZ / high seas", ">= 4 by China", "called, unanswered", _check_2025),
)


def check_runs(outline: Outline, runs: list[tuple[list[Row], dict[str, Any]]]) -> dict[str, Any]:
    """Share of runs meeting each part of the outline, and all of it."""
    parts = [outline.check(encs, s) for encs, s in runs]
    n = len(parts)
    out: dict[str, Any] = {"scenario": outline.scenario, "incident": outline.incident, "n": n}
    for key in ("who", "where", "rung", "hotline"):
        out[key] = float(np.mean([p[key] for p in parts])) if n else float("nan")
    out["all"] = float(np.mean([all(p.values()) for p in parts])) if n else float("nan")
    return out


def run_reconstructions(reps: int = 20, seed: int = 1) -> pd.DataFrame:
    """Run each reconstruction `reps` times (seeds as any batch) and check its outline."""
    from sim.config.scenarios import load_scenario
    from sim.model.model import run_scenario
    from sim.model.streams import replication_seeds

    rows = []
    for outline in RECONSTRUCTIONS:
        scen = load_scenario(outline.scenario)
        runs = []
        for s in replication_seeds(seed, reps):
            res = run_scenario(scen, s, record_events=False)
            runs.append((res.encounters, res.summary))
        rows.append(check_runs(outline, runs))
    return pd.DataFrame(rows)


def format_reconstructions(table: pd.DataFrame) -> str:
    lines = [f"{'reconstruction':<28} {'who':>5} {'where':>6} {'rung':>5} {'hotline':>8} "
             f"{'all':>5}  (share of {int(table['n'].iloc[0]) if len(table) else 0} runs)"]
    for r in table.itertuples():
        lines.append(f"{r.scenario:<28} {r.who:>5.2f} {r.where:>6.2f} {r.rung:>5.2f} "
                     f"{r.hotline:>8.2f} {r.all:>5.2f}")
    return "\n".join(lines)


def reconstructions_markdown(table: pd.DataFrame) -> list[str]:
    by = {o.scenario: o for o in RECONSTRUCTIONS}
    out = ["## Reconstructions of real incidents", "",
           "Share of replications whose simulated episode reproduces each part of the "
           "record's outline (`sim/study/reconstruction.py`).", "",
           "| reconstruction | who | where | rung | hotline | outline (who; where; rung; "
           "hotline) | all parts |", "|---|---:|---:|---:|---:|---|---:|"]
    for r in table.itertuples():
        o = by[r.scenario]
        out.append(f"| `{r.scenario}` | {r.who:.2f} | {r.where:.2f} | {r.rung:.2f} | "
                   f"{r.hotline:.2f} | {o.who}; {o.where}; {o.rung}; {o.hotline} | "
                   f"**{r.all:.2f}** |")
    return out


# --------------------------------------------------------------------------- initiator shares
INITIATOR_TARGETS = {"acts_ge3": 0.8, "acts_ge4": 0.85}


def initiator_shares(runs: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: acts at rung >= 3 and >= 4 by side a year, and China's share."""
    rows = []
    for scen, sub in runs.groupby("scenario", sort=True):
        years = float(pd.to_numeric(sub["days"]).sum()) / 365.0
        for key, target in INITIATOR_TARGETS.items():
            if f"{key}_cn" not in sub.columns:
                continue
            cn = float(pd.to_numeric(sub[f"{key}_cn"]).sum())
            jp = float(pd.to_numeric(sub[f"{key}_jp"]).sum())
            share = cn / (cn + jp) if cn + jp else float("nan")
            verdict = "no acts" if not cn + jp else ("ok" if share >= target else "low")
            rows.append({"scenario": scen, "acts": key, "cn_per_year": cn / years,
                         "jp_per_year": jp / years, "cn_share": share, "target": target,
                         "verdict": verdict})
    return pd.DataFrame(rows)


def format_initiators(table: pd.DataFrame) -> str:
    lines = [f"{'scenario':<26} {'acts':<9} {'CN/yr':>7} {'JP/yr':>7} {'CN share':>9} "
             f"{'target':>7}  verdict"]
    for r in table.itertuples():
        lines.append(f"{r.scenario:<26} {r.acts:<9} {r.cn_per_year:>7.2f} {r.jp_per_year:>7.2f} "
                     f"{r.cn_share:>9.2f} {'>=' + format(r.target, '.2f'):>7}  {r.verdict}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- severe incidents
#: rung-4 encounters a year in the status quo: ~4 radar locks in 2012-2025 (docs/record.md s1)
SEVERE_TARGET = (0.15, 0.3)
SEVERE_CHECKED = ("status_quo_2022",)


def severe_rates(runs: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: encounters reaching rung 4, 5 and 6 a year, and the share of run-years
    with at least one rung-4 encounter; the status quo is checked against `SEVERE_TARGET`.

    Rung-4 encounters come in clusters (a signalling deployment makes two), so 40 run-years
    leave a standard error of ~0.1 a year: the verdict is "ok" when the 95% interval of the
    yearly rate (normal approximation over runs) overlaps the target range, and says so."""
    rows = []
    for scen, sub in runs.groupby("scenario", sort=True):
        years = float(pd.to_numeric(sub["days"]).sum()) / 365.0
        r4 = float(pd.to_numeric(sub["peak_ge_4"]).sum()) / years
        per_year = pd.to_numeric(sub["peak_ge_4"]) * 365.0 / pd.to_numeric(sub["days"])
        half = 1.96 * float(per_year.std(ddof=1)) / np.sqrt(len(sub)) if len(sub) > 1 else 0.0
        lo, hi = SEVERE_TARGET
        verdict = "-"
        if scen in SEVERE_CHECKED:
            verdict = ("ok" if lo <= r4 <= hi else "ok (interval overlaps)"
                       if r4 - half <= hi and r4 + half >= lo else
                       ("high" if r4 > hi else "low"))
        rows.append({"scenario": scen, "run_years": years, "rung4_per_year": r4,
                     "rung4_lo": max(0.0, r4 - half), "rung4_hi": r4 + half,
                     "p_rung4": float((pd.to_numeric(sub["peak_ge_4"]) > 0).mean()),
                     "rung5_per_year": float(pd.to_numeric(sub["peak_ge_5"]).sum()) / years,
                     "rung6_per_year": float(pd.to_numeric(sub["peak_ge_6"]).sum()) / years,
                     "verdict": verdict})
    return pd.DataFrame(rows)


def format_severe(table: pd.DataFrame) -> str:
    lines = [f"{'scenario':<26} {'rung4/yr':>9} {'95% interval':>15} {'P(>=1)':>7} "
             f"{'rung5/yr':>9} {'rung6/yr':>9}  verdict (status quo: {SEVERE_TARGET[0]}-"
             f"{SEVERE_TARGET[1]} rung-4 a year)"]
    for r in table.itertuples():
        ci = f"[{r.rung4_lo:.2f}, {r.rung4_hi:.2f}]"
        lines.append(f"{r.scenario:<26} {r.rung4_per_year:>9.3f} {ci:>15} {r.p_rung4:>7.3f} "
                     f"{r.rung5_per_year:>9.3f} {r.rung6_per_year:>9.3f}  {r.verdict}")
    return "\n".join(lines)


def severe_markdown(table: pd.DataFrame) -> list[str]:
    out = ["## Severe incidents", "",
           f"Encounters reaching rung 4 (hazardous act), 5 (collision, warning shots) and 6 "
           f"(armed clash) a year; record 2012-2025: ~4 radar locks (two episodes of two), one "
           f"collision (2010), no clash, so the status quo must give "
           f"{SEVERE_TARGET[0]}-{SEVERE_TARGET[1]} rung-4 encounters a year and rung 6 "
           "essentially never (`sim/study/reconstruction.py`). Rung-4 encounters come in "
           "pairs (signalling deployments), so the verdict accepts a 95% interval (normal "
           "approximation over run-years) that overlaps the target range.", "",
           "| scenario | run-years | rung 4 a year | 95% interval | share of years with rung 4 | "
           "rung 5 a year | rung 6 a year | verdict |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    out += [f"| `{r.scenario}` | {r.run_years:.0f} | {r.rung4_per_year:.3f} | "
            f"[{r.rung4_lo:.2f}, {r.rung4_hi:.2f}] | {r.p_rung4:.3f} | "
            f"{r.rung5_per_year:.3f} | {r.rung6_per_year:.3f} | **{r.verdict}** |"
            for r in table.itertuples()]
    return out
