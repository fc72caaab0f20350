"""Validation: does the status quo reproduce the observed base rates of activity?

Why this module exists: a comparison "with and without a hotline" is only worth as much as the
world it is run in. The observed yearly figures of docs/domain-facts.md s3 are
kept here as data, each with its source; `targets(period)` turns them into a target (observed
value and acceptance range) for any scenario whose ``period`` has data, and `validate_runs`
puts the simulated mean and the 90% interval of a simulated year beside it with a verdict.

Rules that turn observations into targets (stated once, applied to every period):

* A period ``"2022"`` or ``"2023-2025"`` covers those calendar years; the observed value is the
  mean of the figures for the years it covers. Where a figure is missing for every year of the
  period but exists for both the year before and the year after (territorial-sea intrusions in
  2022), their mean is used and the basis says so.
* Scrambles are counted by Japanese fiscal year (April-March). Calendar year Y is estimated as
  0.25 FY(Y-1) + 0.75 FY(Y) (even spread within a fiscal year); FY2025 is its first half
  doubled (a derived figure, reliability C).
* Acceptance range of a count: [min - 2 sqrt(min), max + 2 sqrt(max)] over the years used, i.e.
  the year-to-year spread of the record plus the Poisson noise of one observed year.
  Contiguous-zone days are bounded by 365, so the noisy count is the days *absent*:
  range = [min - 2 sqrt(365 - min), max + 2 sqrt(365 - max)].
* Ships a day (ship-visits / days present) is observed in 2019 and 2025 only (3.89, 3.87), and
  the facts call it stable ("~3.9 per day on average"): it applies to periods within 2019-2025,
  with a +-10% tolerance (an assumption: the figure is reported as "~3.9").

The verdict is "ok" when the simulated mean lies in the acceptance range, "low"/"high" otherwise.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError

FACTS = "domain-facts.md s3"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@dataclass(frozen=True)
class Observation:
    """One observed yearly figure and where it comes from."""

    year: int
    value: float
    source: str
    reliability: str = "A"


@dataclass(frozen=True)
class Metric:
    """An observed quantity, how the model measures it, and how its range is built."""

    key: str
    label: str
    unit: str
    kind: str  # "count" | "days" | "ratio"
    simulated_as: str
    observations: tuple[Observation, ...]


def _obs(source: str, pairs: dict[int, float], rel: str = "A") -> tuple[Observation, ...]:
    return tuple(Observation(y, float(v), source, rel) for y, v in sorted(pairs.items()))


#: Fiscal-year scrambles against Chinese aircraft (Jiji, Kyodo, Reuters; A). Key: FY start year.
SCRAMBLES_FY: dict[int, float] = {2015: 571, 2016: 851, 2018: 638, 2019: 675, 2020: 458,
                                  2021: 722, 2022: 575, 2023: 479, 2024: 464, 2025: 2 * 198}
SCRAMBLES_SOURCE = (f"JASDF scrambles against Chinese aircraft by fiscal year (Jiji, Kyodo, "
                    f"Reuters; {FACTS}, A); FY2025 = first half 198 doubled (C)")


def scrambles_calendar() -> dict[int, float]:
    """Calendar-year estimates from fiscal-year counts: 0.25 FY(Y-1) + 0.75 FY(Y)."""
    out = {}
    for y, v in SCRAMBLES_FY.items():
        prev = SCRAMBLES_FY.get(y - 1)
        out[y] = v if prev is None else 0.25 * prev + 0.75 * v
    return out


METRICS: tuple[Metric, ...] = (
    Metric("scrambles", "JASDF scrambles against Chinese aircraft", "per year", "count",
           "scrambles", _obs(SCRAMBLES_SOURCE, scrambles_calendar())),
    Metric("cz_presence_days", "days with CCG ships in the Senkaku contiguous zone", "per year",
           "days", "cz_presence_days",
           _obs(f"Japan Coast Guard ({FACTS}, A)",
                {2019: 282, 2020: 333, 2021: 332, 2022: 336, 2023: 352, 2024: 355, 2025: 357})),
    Metric("ships_per_day", "CCG ships in the contiguous zone on a day present", "ships/day",
           "ratio", "cz_ship_days / cz_presence_days",
           _obs(f"Japan Coast Guard ship-visits / days: 1,097/282 (2019), 1,380/357 (2025) "
                f"({FACTS}, A)", {2019: 1097 / 282, 2025: 1380 / 357})),
    Metric("ts_intrusions", "CCG intrusions into the Senkaku territorial sea", "per year",
           "count", "ts_intrusions",
           _obs(f"Japan Coast Guard, occasions ({FACTS}, A)",
                {2013: 52, 2019: 32, 2020: 24, 2021: 34, 2023: 34, 2024: 39})),
    Metric("plan_transits", "PLA Navy ship passages through the Nansei chain", "per year",
           "count", "plan_transits",
           _obs(f"Japan MOD ({FACTS}, A)", {2021: 21, 2022: 46, 2023: 53, 2024: 68})),
    # Issue 10, item 4: military entries into the other side's territorial sea or airspace.
    # Survey-ship entries off Kagoshima: 1st Nov 2021, 4th by Sep 2022, 7th Feb 2023, 8th Jun
    # 2023, 10th Aug 2024 (Kyodo, Yomiuri); plus the Y-9 (Aug 2024) and Suzutsuki (Jul 2024).
    # Per-year splits are derived (C); PLAN passages through straits are not counted.
    Metric("mil_ts_entries", "military entries into the other side's territorial sea or "
           "airspace", "per year", "count", "mil_ts_entries",
           _obs("survey-ship entries off Kagoshima (Japan MOD via Kyodo/Yomiuri, 2022-2024), "
                "Y-9 26 Aug 2024, Suzutsuki 4 Jul 2024 (docs/record.md); yearly split derived",
                {2022: 5, 2023: 3, 2024: 4}, rel="C")),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}
RATIO_TOLERANCE = 0.10


@dataclass(frozen=True)
class Target:
    """What a scenario of a given period must reproduce for one metric."""

    metric: str
    label: str
    unit: str
    period: str
    observed: float
    lo: float
    hi: float
    years: tuple[int, ...]
    basis: str
    source: str


def period_years(period: str) -> tuple[int, ...]:
    """``"2022"`` -> (2022,); ``"2023-2025"`` -> (2023, 2024, 2025); else InputError."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", period or "")
    if not m:
        raise InputError("period", period, "expected a year (2022) or a range (2023-2025)")
    a = int(m.group(1))
    b = int(m.group(2) or a)
    if b < a:
        raise InputError("period", period, "the range ends before it starts")
    return tuple(range(a, b + 1))


def _range(kind: str, vals: list[float]) -> tuple[float, float]:
    lo, hi = min(vals), max(vals)
    if kind == "count":
        return lo - 2 * math.sqrt(lo), hi + 2 * math.sqrt(hi)
    if kind == "days":
        return lo - 2 * math.sqrt(max(365 - lo, 0)), min(365.0, hi + 2 * math.sqrt(
            max(365 - hi, 0)))
    return lo * (1 - RATIO_TOLERANCE), hi * (1 + RATIO_TOLERANCE)


def target_for(metric: Metric, period: str) -> Target | None:
    """The target of `metric` for `period`, or None if the record has nothing for it."""
    years = period_years(period)
    by_year = {o.year: o for o in metric.observations}
    used = [by_year[y] for y in years if y in by_year]
    basis = ""
    if not used and len(years) == 1 and years[0] - 1 in by_year and years[0] + 1 in by_year:
        used = [by_year[years[0] - 1], by_year[years[0] + 1]]
        basis = f"no {years[0]} figure: mean of {years[0] - 1} and {years[0] + 1}; "
    if not used and metric.kind == "ratio":
        span = [o.year for o in metric.observations]
        if min(span) <= years[0] and years[-1] <= max(span):
            used = list(metric.observations)
            basis = f"stable over {min(span)}-{max(span)} (facts: '~3.9 per day'); "
    if not used:
        return None
    vals = [o.value for o in used]
    lo, hi = _range(metric.kind, vals)
    rule = {"count": "range min-2sqrt(min) to max+2sqrt(max)",
            "days": "range from the Poisson noise of the days absent",
            "ratio": f"+-{RATIO_TOLERANCE:.0%} tolerance"}[metric.kind]
    shown = ", ".join(f"{o.year}: {o.value:.4g}" for o in used)
    return Target(metric.key, metric.label, metric.unit, period, float(np.mean(vals)), lo, hi,
                  tuple(o.year for o in used), f"{basis}{shown}; {rule}", used[0].source)


def targets(period: str) -> list[Target]:
    """All targets the record supports for a period (possibly none)."""
    if not period:
        return []
    return [t for m in METRICS if (t := target_for(m, period)) is not None]


# --------------------------------------------------------------------------- simulated values
def yearly_values(runs: pd.DataFrame, metric: str) -> np.ndarray:
    """One value per run, annualised to 365 days (runs shorter than a year are scaled)."""
    runs = runs[runs["status"] == "ok"] if "status" in runs.columns else runs
    days = pd.to_numeric(runs["days"], errors="coerce").to_numpy(float)
    scale = 365.0 / days
    if metric == "ships_per_day":
        num = pd.to_numeric(runs["cz_ship_days"], errors="coerce").to_numpy(float)
        den = pd.to_numeric(runs["cz_presence_days"], errors="coerce").to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(den > 0, num / den, np.nan)
        return out[np.isfinite(out)]
    col = METRIC_BY_KEY[metric].simulated_as
    vals = pd.to_numeric(runs[col], errors="coerce").to_numpy(float) * scale
    return vals[np.isfinite(vals)]


def validate_runs(runs: pd.DataFrame, periods: dict[str, str]) -> pd.DataFrame:
    """One row per (scenario, target): simulated mean and 90% interval, observed, verdict.

    `periods` maps scenario name -> period; scenarios without targets are skipped.
    """
    rows = []
    for scen, period in periods.items():
        sub = runs[runs["scenario"] == scen]
        for t in targets(period):
            vals = yearly_values(sub, t.metric) if not sub.empty else np.array([])
            n = int(vals.size)
            mean = float(vals.mean()) if n else math.nan
            q05, q95 = (float(np.quantile(vals, 0.05)), float(np.quantile(vals, 0.95))) \
                if n else (math.nan, math.nan)
            verdict = ("no runs" if not n else "ok" if t.lo <= mean <= t.hi else
                       "low" if mean < t.lo else "high")
            rows.append({"scenario": scen, "period": period, "metric": t.metric,
                         "label": t.label, "unit": t.unit, "n": n, "sim_mean": mean,
                         "sim_q05": q05, "sim_q95": q95, "observed": t.observed,
                         "obs_lo": t.lo, "obs_hi": t.hi, "verdict": verdict,
                         "basis": t.basis, "source": t.source})
    return pd.DataFrame(rows)


def _g(x: float, ratio: bool) -> str:
    if not np.isfinite(x):
        return "n/a"
    return f"{x:.2f}" if ratio else f"{x:.0f}"


def format_table(table: pd.DataFrame) -> str:
    """Plain-text table for the terminal."""
    if table.empty:
        return "(no scenario with a period that has observed data)"
    lines = [f"{'scenario':<26} {'period':<10} {'target':<17} {'sim mean':>9} "
             f"{'90% interval':>15} {'observed':>9} {'range':>15}  verdict"]
    for _, r in table.iterrows():
        ratio = r["metric"] == "ships_per_day"
        lines.append(f"{r['scenario']:<26} {r['period']:<10} {r['metric']:<17} "
                     f"{_g(r['sim_mean'], ratio):>9} "
                     f"{'[' + _g(r['sim_q05'], ratio) + ', ' + _g(r['sim_q95'], ratio) + ']':>15}"
                     f" {_g(r['observed'], ratio):>9} "
                     f"{'[' + _g(r['obs_lo'], ratio) + ', ' + _g(r['obs_hi'], ratio) + ']':>15}"
                     f"  {r['verdict']}")
    return "\n".join(lines)


def to_markdown(table: pd.DataFrame, command: str, meta: dict[str, Any],
                extra: list[str] | None = None) -> str:
    """docs/validation.md: a generated file (header says how to regenerate it)."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = [
        "# Validation against observed base rates",
        "",
        f"> Generated file — do not edit. Regenerate with `{command}` "
        f"(last run {stamp}; {meta.get('reps')} replications of {meta.get('days')} days per "
        f"scenario, batch seed {meta.get('seed')}, results in `{meta.get('out')}`).",
        "",
        "Each row sets one observed yearly figure (docs: `sim/study/validation.py`, facts: "
        "`docs/domain-facts.md` s3) beside the simulated mean and the 5-95% "
        "interval of a simulated year over the replications. Verdict `ok` means the simulated "
        "mean lies within the acceptance range; the rules that build the ranges are stated in "
        "`sim/study/validation.py` (counts: min − 2√min to max + 2√max of the years used; "
        "contiguous-zone days: Poisson noise of the days absent; ships a day: ±10%).",
        "",
        "| scenario | period | target | simulated mean | 90% interval | observed | range | "
        "verdict |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for _, r in table.iterrows():
        ratio = r["metric"] == "ships_per_day"
        out.append(f"| `{r['scenario']}` | {r['period']} | {r['label']} ({r['unit']}) | "
                   f"{_g(r['sim_mean'], ratio)} | [{_g(r['sim_q05'], ratio)}, "
                   f"{_g(r['sim_q95'], ratio)}] | {_g(r['observed'], ratio)} | "
                   f"[{_g(r['obs_lo'], ratio)}, {_g(r['obs_hi'], ratio)}] | "
                   f"**{r['verdict']}** |")
    out += ["", "## Basis and sources of each target", "",
            "| period | target | basis | source |", "|---|---|---|---|"]
    seen = set()
    for _, r in table.iterrows():
        key = (r["period"], r["metric"])
        if key in seen:
            continue
        seen.add(key)
        out.append(f"| {r['period']} | {r['metric']} | {r['basis']} | {r['source']} |")
    bad = table[table["verdict"] != "ok"]
    out += ["", "## Out of range", ""]
    if bad.empty:
        out.append("Every target is within its observed range.")
    else:
        for _, r in bad.iterrows():
            out.append(f"- `{r['scenario']}` {r['metric']}: simulated "
                       f"{_g(r['sim_mean'], r['metric'] == 'ships_per_day')} vs range "
                       f"[{_g(r['obs_lo'], False)}, {_g(r['obs_hi'], False)}] ({r['verdict']}).")
        out.append("")
        out.append("Scenarios labelled 2023-2025 inherit the 2022 activity rates of "
                   "`status_quo_2022` by design (so that the hotline comparison changes one "
                   "thing); a miss there measures how far 2023-2025 activity differs from 2022, "
                   "not a fault of the hotline mechanism.")
    if extra:
        out += ["", *extra]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the command
def scenarios_with_data(names: list[str] | None = None) -> list[Any]:
    """The scenarios (all, or `names`) whose period has at least one observed target."""
    from sim.config.scenarios import list_scenarios, load_scenario

    chosen = names or list_scenarios()
    scens = [load_scenario(n) for n in chosen]
    keep = [s for s in scens if s.period and targets(s.period)]
    if names:
        missing = [s.name for s in scens if s not in keep]
        if missing:
            raise InputError("--scenario", ", ".join(missing),
                             "no observed data for this scenario's period")
    return keep


def run_validation(names: list[str] | None = None, reps: int = 10, days: int | None = None,
                   seed: int = 1, workers: int | None = None, backend: str = "process",
                   out: Path | None = None, scheduler: str | None = None,
                   run_fn: str = "sim.model:run_scenario", progress: bool | None = None,
                   command: list[str] | None = None, run_timeout: float | None = None
                   ) -> tuple[pd.DataFrame, Path]:
    """Run the scenarios through the batch runner and compare them with their targets."""
    from sim.batch import runner, store

    scens = scenarios_with_data(names)
    if not scens:
        raise InputError("validate", None, "no scenario has a period with observed data")
    if out is None:
        out = runner.default_out(scens, seed, days, prefix="validate-")
    out = runner.run_batch(scens, reps, seed=seed, days=days, workers=workers, backend=backend,
                           out=out, scheduler=scheduler, run_fn=run_fn, progress=progress,
                           command=command, run_timeout=run_timeout)
    runs = store.read_runs(out)
    runs = runs[runs["rep"] < reps]
    return validate_runs(runs, {s.name: s.period for s in scens}), out


def write_markdown(table: pd.DataFrame, command: str, meta: dict[str, Any],
                   path: Path | None = None, extra: list[str] | None = None) -> Path:
    """Write docs/validation.md (or `path`)."""
    path = path or DOCS / "validation.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(table, command, meta, extra))
    return path
