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
from sim.model.paired import run_paired

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


def test_a_line_that_reaches_the_orders_cancels_the_signal() -> None:
    """With ``hotline_reaches_orders`` at 1 the first connected call about the group rescinds
    its orders: no signal is made, the rescinding is logged, and the run's other draws do not
    move before it (the draw comes from a keyed stream)."""
    agreed = load_scenario("hotline_as_agreed")
    reach = agreed.with_overrides({"hotline_reaches_orders": 1.0}, where="test")
    line = run_scenario(agreed, SEED, days=150)
    orders = run_scenario(reach, SEED, days=150)
    made, _ = _signal(orders)
    assert made == []  # cancelled, not delayed
    rescinded = [e for e in orders.events if "rescinds deployment" in e["text"]]
    assert len(rescinded) == 1 and 136 < rescinded[0]["t"] / 24.0 < 139.7
    # identical up to the call that reached the orders
    t0 = rescinded[0]["t"]
    before = [(e["t"], e["kind"], e["text"]) for e in line.events if e["t"] < t0]
    assert before == [(e["t"], e["kind"], e["text"]) for e in orders.events if e["t"] < t0]


def test_reaching_the_orders_is_read_only_for_a_signalling_deployment() -> None:
    """At 0 (the registry default) the lever changes nothing; and the paired runner shares a
    base run with a treatment differing only in it exactly when no connected call concerned a
    group under orders (before the group sails: shared; after: parted, as a full run says)."""
    agreed = load_scenario("hotline_as_agreed")
    zero = agreed.with_overrides({"hotline_reaches_orders": 0.0}, where="test")
    reach = agreed.with_overrides({"hotline_reaches_orders": 1.0}, where="test")
    a, b = run_scenario(agreed, SEED, days=150), run_scenario(zero, SEED, days=150)
    assert a.summary == b.summary and a.events == b.events
    for days, shared in ((130, True), (150, False)):  # the group sails on day 136
        base, arm = run_paired(agreed, [reach], SEED, days=days)
        assert arm.reused is shared
        assert arm.result.summary == run_scenario(reach, SEED, days=days,
                                                  record_events=False).summary


def test_a_tiny_chance_of_reaching_the_orders_takes_no_other_draw() -> None:
    """The lever's draw comes from its own keyed stream: at 1e-9 (a draw is taken, it fails)
    the run is the run at 0 -- a draw from a shared stream (the line's own) would move others."""
    agreed = load_scenario("hotline_as_agreed")
    tiny = agreed.with_overrides({"hotline_reaches_orders": 1e-9}, where="test")
    a, b = run_scenario(agreed, SEED, days=150), run_scenario(tiny, SEED, days=150)
    assert a.summary == b.summary and a.events == b.events
