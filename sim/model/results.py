"""What one run produces: a summary record, an encounter table and an event log.

These are the contract between the model and everything downstream (runner, store, analysis,
report, web view). Field lists are fixed here so columns are stable across runs and versions.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.model.acts import RUNG_NAMES

MAX_RUNG = 6  # the top rung: armed clash
SEVERE_RUNG = 4  # a severe incident: a hazardous act or worse (`first_severe_day`)

#: Summary of one run (one row in runs.parquet). Counts are per run, tension is a time mean.
SUMMARY_FIELDS: tuple[str, ...] = (
    "scenario", "seed", "days", "encounters",
    *(f"peak_ge_{k}" for k in range(1, MAX_RUNG + 1)),
    "max_rung", "first_severe_day", "scrambles", "cz_presence_days", "cz_ship_days",
    "ts_intrusions", "plan_transits", "hotline_calls", "hotline_answered", "hotline_effective",
    "hotline_dropped", "hotline_notices", "acts_ge3_cn", "acts_ge3_jp", "acts_ge4_cn",
    "acts_ge4_jp", "mil_ts_entries", "crises", "messages", "protests", "deesc_orders",
    "mean_tension_cn", "mean_tension_jp",
    "max_tension_cn", "max_tension_jp", "severe_hazard",
)

#: One row per encounter (encounters.parquet).
ENCOUNTER_FIELDS: tuple[str, ...] = (
    "encounter", "start_h", "end_h", "domain", "zone", "territorial", "cn_units", "jp_units",
    "peak_rung", "peak_h", "military", "coastguard", "radio", "hotline_attempted",
    "hotline_connected", "rounds", "deployment", "peak_by", "hotline_state",
    "onset_lon", "onset_lat", "peak_lon", "peak_lat", "severe_hazard",
)

#: One row per logged event (rung changes, messages, hotline states, scheduled events, orders,
#: misreadings that changed a decision, tension changes, zone entries and exits). For acts,
#: ``sender`` holds the acting unit's kind (see `sim.model.acts`).
EVENT_FIELDS: tuple[str, ...] = ("t", "kind", "encounter", "rung", "side", "sender",
                                 "receiver", "text")



#: The codebook of the field lists above: name -> (type, unit, meaning). The one source of the
#: codebook written next to every batch (`sim.batch.codebook`); a test checks every field of
#: every list has an entry. Types: int, float, bool, string.
FIELD_DOCS: dict[str, tuple[str, str, str]] = {
    # summary (runs.parquet, summary.json)
    "scenario": ("string", "", "scenario name (file stem or [scenario] name)"),
    "seed": ("int", "", "random seed of the run; replication i of every scenario shares it"),
    "days": ("int", "days", "simulated horizon"),
    "encounters": ("int", "count", "encounters (opposing units in contact) during the run"),
    **{f"peak_ge_{k}": ("int", "count", f"encounters whose peak rung was >= {k} "
                        f"({RUNG_NAMES[k]} or worse)") for k in range(1, MAX_RUNG + 1)},
    "max_rung": ("int", "rung 0-6", "highest rung any encounter reached (0 presence ... "
                 "6 armed clash)"),
    "first_severe_day": ("float", "days", "time of the first encounter reaching rung 4 "
                         "(hazardous act); empty if none"),
    "scrambles": ("int", "count", "JASDF fighter scrambles against Chinese aircraft"),
    "cz_presence_days": ("int", "days", "days with a China Coast Guard ship in the Senkaku "
                         "contiguous zone (JCG's count)"),
    "cz_ship_days": ("int", "ship-days", "CCG ship-days in the Senkaku contiguous zone"),
    "ts_intrusions": ("int", "count", "CCG entries into the Senkaku territorial sea (occasions, "
                      "as JCG counts them)"),
    "plan_transits": ("int", "count", "PLA Navy group transits of the Nansei island chain"),
    "hotline_calls": ("int", "count", "hotline calls that rang (placed after consultation)"),
    "hotline_answered": ("int", "count", "hotline calls answered"),
    "hotline_effective": ("int", "count", "answered calls after which a side ordered restraint"),
    "hotline_dropped": ("int", "count", "calls abandoned after consultation: the incident was "
                        "over and its deployment gone home"),
    "hotline_notices": ("int", "count", "notices of a naval deployment passed over the line"),
    "acts_ge3_cn": ("int", "count", "acts by Chinese units that took an encounter to rung >= 3"),
    "acts_ge3_jp": ("int", "count", "acts by Japanese units that took an encounter to rung >= 3"),
    "acts_ge4_cn": ("int", "count", "acts by Chinese units that took an encounter to rung >= 4"),
    "acts_ge4_jp": ("int", "count", "acts by Japanese units that took an encounter to rung >= 4"),
    "mil_ts_entries": ("int", "count", "military entries into the other side's territorial sea "
                       "or airspace (survey ships, aircraft, strays)"),
    "crises": ("int", "count", "diplomatic crises opened by severe incidents (rung >= 5)"),
    "messages": ("int", "count", "messages sent over the communication network"),
    "protests": ("int", "count", "diplomatic protests lodged"),
    "deesc_orders": ("int", "count", "de-escalation orders issued down a chain of command"),
    "mean_tension_cn": ("float", "index 0-2", "time-mean political tension, Chinese side"),
    "mean_tension_jp": ("float", "index 0-2", "time-mean political tension, Japanese side"),
    "max_tension_cn": ("float", "index 0-2", "highest political tension, Chinese side"),
    "max_tension_jp": ("float", "index 0-2", "highest political tension, Japanese side"),
    "severe_hazard": ("float", "expected count", "sum over decision rounds of the chance that "
                      "the round takes an encounter below rung 4 to rung >= 4: an unbiased, "
                      "low-variance estimate of the expected number of severe onsets "
                      "(conditional Monte Carlo; per encounter in encounters.parquet)"),
    # encounters (encounters.parquet, encounters.csv)
    "encounter": ("int", "", "encounter number within the run (order of onset)"),
    "start_h": ("float", "hours", "onset, hours since the start of the run"),
    "end_h": ("float", "hours", "end (units out of contact); empty if still open at the horizon"),
    "domain": ("string", "", "air (aircraft only) or sea"),
    "zone": ("string", "", "most sensitive zone the encounter touched (senkaku_ts, "
             "jp_territorial, cn_territorial, senkaku_cz, adiz_overlap, jp_adiz, cn_adiz, "
             "high_seas)"),
    "territorial": ("bool", "", "touched a territorial sea or airspace"),
    "cn_units": ("string", "", "kinds of Chinese units seen in it, comma-separated"),
    "jp_units": ("string", "", "kinds of Japanese units seen in it, comma-separated"),
    "peak_rung": ("int", "rung 0-6", "highest rung reached (0 presence ... 6 armed clash)"),
    "peak_h": ("float", "hours", "when the peak rung was first reached"),
    "military": ("bool", "", "navy or air-force units on both sides (MACM and hotline scope)"),
    "coastguard": ("bool", "", "a coast guard lead on at least one side"),
    "radio": ("bool", "", "on-scene MACM radio contact made"),
    "hotline_attempted": ("bool", "", "a hotline call was placed about it"),
    "hotline_connected": ("bool", "", "a hotline call about it was answered"),
    "rounds": ("int", "count", "decision rounds played"),
    "deployment": ("int", "", "the deployment (unit group) it belongs to; empty if none"),
    "peak_by": ("string", "", "CN or JP: side whose act reached the peak; empty for a "
                "collision or a floor"),
    "hotline_state": ("string", "", "the hotline's last state for it: consulting, dropped, "
                      "ringing, connected, unanswered; empty if not used"),
    "onset_lon": ("float", "degrees E", "longitude of the units' mean position at onset"),
    "onset_lat": ("float", "degrees N", "latitude of the units' mean position at onset"),
    "peak_lon": ("float", "degrees E", "longitude of the units' mean position at the peak"),
    "peak_lat": ("float", "degrees N", "latitude of the units' mean position at the peak"),
    # events (events.csv of `hotline-sim run`)
    "t": ("float", "hours", "time since the start of the run"),
    "kind": ("string", "", "rung, message, hotline, activity, scheduled, deployment, order, "
             "misperception, tension, zone, notice or crisis"),
    "rung": ("int", "rung 0-6", "the encounter's rung after the event; empty if none"),
    "side": ("string", "", "CN or JP (acting side); empty if none"),
    "sender": ("string", "", "sending organisation of a message; for an act, the acting "
               "unit's kind"),
    "receiver": ("string", "", "receiving organisation of a message"),
    "text": ("string", "", "what happened, in plain words"),
    # daily series (timeseries.parquet, `--series`; the model's DataCollector). The summary
    # counts in it (encounters, peak_ge_k, hotline_*) are the totals so far at the day's end.
    "day": ("int", "day", "day of the run (1 = the first day), recorded at its end"),
    "tension_cn": ("float", "index 0-2", "political tension, Chinese side, at the day's end"),
    "tension_jp": ("float", "index 0-2", "political tension, Japanese side, at the day's end"),
    "at_sea_cn": ("int", "count", "Chinese units at sea or airborne at the day's end"),
    "at_sea_jp": ("int", "count", "Japanese units at sea or airborne at the day's end"),
    "open_encounters": ("int", "count", "encounters in progress at the day's end"),
    **{f"open_rung_{k}": ("int", "count", f"encounters in progress at rung {k} "
                          f"({RUNG_NAMES[k]}) at the day's end") for k in range(MAX_RUNG + 1)},
    **{f"hotline_h_{s}": ("int", "hours", f"hours of the day the hotline was {s} (sampled "
                          "hourly)") for s in ("consulting", "ringing", "connected",
                                               "unanswered")},
}

#: One row per day of a run (RunResult.series; timeseries.parquet with ``--series``).
SERIES_FIELDS: tuple[str, ...] = (
    "day", "tension_cn", "tension_jp", "at_sea_cn", "at_sea_jp", "open_encounters",
    *(f"open_rung_{k}" for k in range(MAX_RUNG + 1)), "encounters",
    *(f"peak_ge_{k}" for k in range(1, MAX_RUNG + 1)), "hotline_calls", "hotline_answered",
    "hotline_effective",
    *(f"hotline_h_{s}" for s in ("consulting", "ringing", "connected", "unanswered")),
)

@dataclass
class RunResult:
    """Everything one run returns; small and picklable (no agents, no model)."""

    summary: dict[str, Any]
    encounters: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)  # daily rows, if recorded

    def write(self, out_dir: Path) -> dict[str, Path]:
        """Write summary.json, encounters.csv and events.csv into `out_dir`."""
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = {"summary": out_dir / "summary.json", "encounters": out_dir / "encounters.csv",
                 "events": out_dir / "events.csv"}
        _atomic_text(paths["summary"], json.dumps(self.summary, indent=2, default=str) + "\n")
        _write_csv(paths["encounters"], ENCOUNTER_FIELDS, self.encounters)
        _write_csv(paths["events"], EVENT_FIELDS, self.events)
        return paths


def _atomic_text(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)
