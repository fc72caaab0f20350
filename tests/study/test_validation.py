"""Validation targets and verdicts, computed from synthetic runs with known values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.errors import InputError
from sim.study import validation as v


def _runs(scenario: str, n: int = 20, days: int = 365, **cols: float) -> pd.DataFrame:
    base = {"scrambles": 600.0, "cz_presence_days": 336.0, "cz_ship_days": 336.0 * 4,
            "ts_intrusions": 34.0, "plan_transits": 46.0, "mil_ts_entries": 4.0}
    base.update(cols)
    rows = [{"scenario": scenario, "rep": i, "status": "ok", "days": days, **base}
            for i in range(n)]
    return pd.DataFrame(rows)


def test_period_years() -> None:
    assert v.period_years("2022") == (2022,)
    assert v.period_years("2023-2025") == (2023, 2024, 2025)
    with pytest.raises(InputError):
        v.period_years("recent")
    with pytest.raises(InputError):
        v.period_years("2025-2023")


def test_scrambles_calendar_year_from_fiscal_years() -> None:
    cal = v.scrambles_calendar()
    assert cal[2022] == pytest.approx(0.25 * 722 + 0.75 * 575)
    assert cal[2015] == 571  # no FY2014 figure: the fiscal year alone


def test_targets_2022_follow_the_stated_rules() -> None:
    t = {x.metric: x for x in v.targets("2022")}
    assert set(t) == {"scrambles", "cz_presence_days", "ships_per_day", "ts_intrusions",
                      "plan_transits", "mil_ts_entries"}
    me = t["mil_ts_entries"]  # issue 10: military territorial entries (derived, C)
    assert me.observed == 5 and me.lo == pytest.approx(5 - 2 * math.sqrt(5))
    pt = t["plan_transits"]
    assert pt.observed == 46
    assert (pt.lo, pt.hi) == pytest.approx((46 - 2 * math.sqrt(46), 46 + 2 * math.sqrt(46)))
    # no 2022 intrusion figure: the mean of 2021 and 2023 (both 34)
    assert t["ts_intrusions"].observed == 34 and t["ts_intrusions"].years == (2021, 2023)
    cz = t["cz_presence_days"]
    assert (cz.lo, cz.hi) == pytest.approx((336 - 2 * math.sqrt(29), 336 + 2 * math.sqrt(29)))
    assert t["ships_per_day"].observed == pytest.approx((1097 / 282 + 1380 / 357) / 2)
    assert all(x.source for x in t.values())


def test_multi_year_period_uses_mean_and_span() -> None:
    t = {x.metric: x for x in v.targets("2023-2025")}
    assert t["plan_transits"].observed == pytest.approx((53 + 68) / 2)
    assert t["plan_transits"].lo == pytest.approx(53 - 2 * math.sqrt(53))
    assert t["plan_transits"].hi == pytest.approx(68 + 2 * math.sqrt(68))
    assert v.targets("") == [] and v.targets("1990") == []


def test_simulated_mean_interval_and_verdicts() -> None:
    runs = _runs("a", n=20)
    runs["scrambles"] = np.arange(20) * 10 + 500.0  # 500..690, mean 595
    runs.loc[:, "plan_transits"] = 100.0  # far above [32, 60]
    runs.loc[:, "ts_intrusions"] = 5.0  # far below [22, 46]
    tab = v.validate_runs(runs, {"a": "2022"}).set_index("metric")
    assert tab.loc["scrambles", "sim_mean"] == pytest.approx(595)
    assert tab.loc["scrambles", "sim_q05"] == pytest.approx(np.quantile(runs["scrambles"], 0.05))
    assert tab.loc["scrambles", "verdict"] == "ok"
    assert tab.loc["ships_per_day", "sim_mean"] == pytest.approx(4.0)
    assert tab.loc["plan_transits", "verdict"] == "high"
    assert tab.loc["ts_intrusions", "verdict"] == "low"
    assert (tab["n"] == 20).all()


def test_short_runs_are_annualised_and_failed_runs_ignored() -> None:
    runs = _runs("a", n=4, days=73, scrambles=120.0)  # 120 in 73 days = 600 a year
    runs.loc[0, "status"] = "failed"
    tab = v.validate_runs(runs, {"a": "2022"}).set_index("metric")
    assert tab.loc["scrambles", "sim_mean"] == pytest.approx(600)
    assert tab.loc["scrambles", "n"] == 3


def test_markdown_is_marked_generated_and_lists_sources(tmp_path) -> None:  # noqa: ANN001
    tab = v.validate_runs(_runs("status_quo_2022"), {"status_quo_2022": "2022"})
    path = v.write_markdown(tab, "hotline-sim validate", {"reps": 20, "days": 365, "seed": 1,
                                                          "out": "x"}, tmp_path / "v.md")
    text = path.read_text()
    assert "Generated file" in text and "hotline-sim validate" in text
    assert "Japan Coast Guard" in text and "| `status_quo_2022` | 2022 |" in text


def test_scenarios_with_data() -> None:
    names = [s.name for s in v.scenarios_with_data()]
    assert "status_quo_2022" in names and "hotline_full_scope" not in names
    with pytest.raises(InputError):
        v.scenarios_with_data(["hotline_full_scope"])
