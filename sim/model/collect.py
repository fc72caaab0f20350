"""What the model records each day, with Mesa's DataCollector: its summary so far and its state.

Why: Mesa users read a model through ``model.datacollector`` (and ``mesa.batch_run`` reads
nothing else), and time series answer questions a per-run summary cannot (when does tension
build up, how long is the hotline busy). At the end of every simulated day the collector takes
one row, after the day's last hourly step (the last day's after the run has closed its
encounters): every summary field as it stands (cumulative counts, so the last row *is* the
run's summary) and the day's state -- tension per side, units at sea per side, open
encounters by their current rung, and the hours the hotline spent in each state that day
(sampled hourly).

Recording costs ~10% of a run's CPU time (a summary every day), so `run_scenario` records only
when its series are asked for (``--series``); a model built directly records by default.
Recording only reads the model: no random draw, no event and no order changes, so runs are
identical with and without it (the golden-output harness checks this).
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING, Any

from mesa import DataCollector

from sim.model.results import MAX_RUNG, SERIES_FIELDS, SUMMARY_FIELDS

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel

HOTLINE_STATES = ("consulting", "ringing", "connected", "unanswered")


def _field(model: EastChinaSeaModel, name: str) -> Any:
    return model.daily.row()[name]


def collector() -> DataCollector:
    """A DataCollector with one model reporter per summary and series field."""
    names = list(dict.fromkeys([*SUMMARY_FIELDS, *SERIES_FIELDS]))
    return DataCollector(model_reporters={n: functools.partial(_field, name=n) for n in names})


class DailyRecord:
    """Hourly bookkeeping (hotline state hours) and the day-end row the collector reads."""

    def __init__(self, model: EastChinaSeaModel, enabled: bool = True) -> None:
        self.model = model
        self.enabled = enabled
        self.hours = dict.fromkeys(HOTLINE_STATES, 0)
        self._cache: tuple[float, dict[str, Any]] | None = None

    def end_of_hour(self) -> None:
        """Count the hour in the hotline's state; at the end of a day, collect a row."""
        if not self.enabled:
            return
        m = self.model
        state = m.comms.hotline.state
        if state in self.hours:
            self.hours[state] += 1
        if m.finished or int(m.time) % 24 == 0:  # hour 24 ends day 1; the horizon, the last
            self.collect()

    def collect(self) -> None:
        """Take the day's row (and start counting the next day's hotline hours)."""
        self.model.datacollector.collect(self.model)
        self.hours = dict.fromkeys(HOTLINE_STATES, 0)

    def row(self) -> dict[str, Any]:
        """The summary so far and the state now (computed once per collection)."""
        m = self.model
        if self._cache is not None and self._cache[0] == m.time:
            return self._cache[1]
        f = m.fleet
        n = f.n
        at_sea, is_cn = f.at_sea[:n], f.is_cn[:n]
        rungs = [e.rung for e in m.scenes.open.values()]
        row = {**m.summary(), "day": math.ceil(m.time / 24.0),
               "tension_cn": float(m.tension.level["CN"]),
               "tension_jp": float(m.tension.level["JP"]),
               "at_sea_cn": int((at_sea & is_cn).sum()), "at_sea_jp": int((at_sea & ~is_cn).sum()),
               "open_encounters": len(rungs),
               **{f"open_rung_{k}": rungs.count(k) for k in range(MAX_RUNG + 1)},
               **{f"hotline_h_{s}": h for s, h in self.hours.items()}}
        self._cache = (m.time, row)
        return row


def series_rows(model: EastChinaSeaModel) -> list[dict[str, Any]]:
    """The collected days as rows of SERIES_FIELDS (RunResult.series)."""
    data = model.datacollector.model_vars
    n = len(data.get("day", []))
    return [{k: data[k][i] for k in SERIES_FIELDS} for i in range(n)]
