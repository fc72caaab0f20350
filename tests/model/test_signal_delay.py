"""The traced case behind the agreed line's run-level rise (docs/model.md 3.3.9): a connected
call restrains a signalling group's encounter but does not reach its orders, so the signal is
delayed, not cancelled, and meanwhile the group meets Japanese units at rung 2 or more in more
encounters.

Replication 9 of the findings' headline (seed 408484264): the Shandong group sails under
orders to signal on day 136; without the line its signal is made on day 139.7, with the agreed
line on day 147.0. A model change that lets a call cancel such orders (or that moves these
draws) fails this test on purpose: update docs/model.md 3.3.9 with it.
"""

from __future__ import annotations

from sim.config.scenarios import load_scenario
from sim.model import run_scenario

SEED = 408484264


def _signal(result) -> tuple[list[float], int]:  # noqa: ANN001 - a RunResult
    ev = [e for e in result.events if e["kind"] == "deployment"]
    made = [e["t"] / 24.0 for e in ev if "has made its signal" in e["text"]]
    clarified = sum("clarified until" in e["text"] for e in ev)
    return made, clarified


def test_a_call_delays_a_signal_it_cannot_cancel() -> None:
    base = run_scenario(load_scenario("status_quo_2022"), SEED, days=150)
    line = run_scenario(load_scenario("hotline_as_agreed"), SEED, days=150)
    (made_b, _), (made_l, clarified) = _signal(base), _signal(line)
    assert len(made_b) == 1 and 139 < made_b[0] < 140.5
    assert clarified >= 2  # the line was called and connected about the group
    assert len(made_l) == 1 and made_l[0] > made_b[0] + 5  # delayed, still made

    def tense(res) -> int:  # noqa: ANN001 - the group's encounters at rung >= 2 meanwhile
        return sum(e["deployment"] in (197, 198) and e["peak_rung"] >= 2
                   and 138 * 24 <= e["start_h"] <= made_l[0] * 24 for e in res.encounters)

    assert tense(line) > tense(base)  # meanwhile the group meets Japanese units at high rungs
