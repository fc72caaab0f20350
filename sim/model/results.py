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

MAX_RUNG = 6

#: Summary of one run (one row in runs.parquet). Counts are per run, tension is a time mean.
SUMMARY_FIELDS: tuple[str, ...] = (
    "scenario", "seed", "days", "encounters",
    *(f"peak_ge_{k}" for k in range(1, MAX_RUNG + 1)),
    "max_rung", "first_severe_day", "scrambles", "cz_presence_days", "cz_ship_days",
    "ts_intrusions", "plan_transits", "hotline_calls", "hotline_answered", "hotline_effective",
    "messages", "protests", "deesc_orders", "mean_tension_cn", "mean_tension_jp",
    "max_tension_cn", "max_tension_jp",
)

#: One row per encounter (encounters.parquet).
ENCOUNTER_FIELDS: tuple[str, ...] = (
    "encounter", "start_h", "end_h", "domain", "zone", "territorial", "cn_units", "jp_units",
    "peak_rung", "peak_h", "military", "coastguard", "radio", "hotline_attempted",
    "hotline_connected", "rounds", "onset_lon", "onset_lat", "peak_lon", "peak_lat",
)

#: One row per logged event (rung changes, messages, hotline states, scheduled events).
EVENT_FIELDS: tuple[str, ...] = ("t", "kind", "encounter", "rung", "side", "sender",
                                 "receiver", "text")


@dataclass
class RunResult:
    """Everything one run returns; small and picklable (no agents, no model)."""

    summary: dict[str, Any]
    encounters: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

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
