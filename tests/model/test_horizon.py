"""Horizon independence (issue 10): a run's history up to day d does not depend on its horizon.

Activity candidates are drawn in 30-day blocks from streams keyed by process and block
(`sim.model.processes`), every other stream is keyed or consumed in time order, so a 120-day
run must be exactly the first 120 days of a 365-day run with the same seed: same event log,
same encounters (those closed before day 120; the short run right-censors the others).
"""

from __future__ import annotations

import pytest

from sim.config.scenarios import load_scenario
from sim.model.model import run_scenario

SHORT = 120


@pytest.mark.parametrize("name", ["status_quo_2022", "hotline_as_agreed", "hotline_full_scope"])
def test_a_short_run_is_the_start_of_a_long_one(name: str) -> None:
    scen = load_scenario(name)
    short = run_scenario(scen, 7, days=SHORT)
    long = run_scenario(scen, 7, days=365)
    cut = SHORT * 24.0
    ev_short = [e for e in short.events if e["t"] < cut]
    ev_long = [e for e in long.events if e["t"] < cut]
    assert len(ev_short) > 1000
    assert ev_short == ev_long
    done = [r for r in short.encounters if r["end_h"] is not None and r["end_h"] < cut - 1.0]
    ids = {r["encounter"] for r in done}
    assert len(done) > 100
    assert done == [r for r in long.encounters if r["encounter"] in ids]
    assert len(long.encounters) > len(short.encounters)  # the long run goes on
