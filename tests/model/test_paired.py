"""Paired arms (sim.model.paired): exactly the results of running every arm alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.model.model import run_scenario
from sim.model.paired import WatchedParams, decide, differing_keys, run_paired
from tests.helpers import scenarios

MODEL_DIR = Path(__file__).resolve().parents[2] / "sim" / "model"


def test_watched_params_record_the_first_read_of_watched_keys_only() -> None:
    now = [0.0]
    p = WatchedParams({"a": 1, "b": 2, "c": 3}, watch={"a", "b"}, clock=lambda: now[0])
    assert p["c"] == 3 and p.peek("a") == 1 and "a" in p
    assert p.first_read == {}
    now[0] = 5.0
    assert p.get("a") == 1
    now[0] = 7.0
    assert p["a"] == 1 and p.first_read == {"a": 5.0}
    q = WatchedParams({"a": 1, "b": 2}, watch={"a", "b"}, clock=lambda: 9.0)
    assert dict(q) == {"a": 1, "b": 2}  # a copy reads every value
    assert q.first_read == {"a": 9.0, "b": 9.0}
    r = WatchedParams({"a": 1}, watch={"a"}, clock=lambda: 1.0)
    assert list(r.items()) == [("a", 1)] and r.first_read == {"a": 1.0}


def test_watched_values_are_held_apart_until_read_and_the_mapping_stays_whole() -> None:
    """A watched key lives outside the dict's storage until its first read (so that every
    other read is the dict's own C look-up, wave 7); nothing a caller can see differs:
    membership, length, peeks and decisions are not reads, a second read is not recorded
    again, an absent watched key is a read and a KeyError, and iteration or a deep copy give
    every key in the scenario's order."""
    import copy

    now = [0.0]
    values = {"a": 1, "w": 2, "b": 3, "v": 4}
    p = WatchedParams(values, {"w", "v", "absent"}, lambda: now[0], arms=[{"w": 9}])
    assert "w" in p and "absent" not in p and len(p) == 4 and p.peek("w") == 2
    assert p.decide(("v",), lambda v: v > 0) is True and p.first_read == {}
    assert p["a"] == 1 and p.first_read == {}
    now[0] = 5.0
    assert p["w"] == 2 and p.first_read == {"w": 5.0} and p.diverged == {0: 5.0}
    now[0] = 7.0
    assert p["w"] == 2 and p.first_read == {"w": 5.0}  # recorded once
    with pytest.raises(KeyError):
        p["absent"]
    assert p.first_read["absent"] == 7.0
    with pytest.raises(KeyError):
        p["nope"]
    assert list(p) == ["a", "w", "b", "v"] and p.first_read["v"] == 7.0
    assert copy.deepcopy(p) == values and dict(p) == values and p.copy() == values
    q = WatchedParams(values, {"v"}, lambda: 1.0)
    assert q.get("v") == 4 and q.first_read == {"v": 1.0} and dict(q.items()) == values


def test_a_decision_parts_only_the_arms_whose_values_change_its_outcome() -> None:
    """`decide`: arm 0 agrees on the outcome (no divergence), arm 1 does not (parts at the
    decision's time), arm 2 differs only in a key this decision does not use; a plain read
    then parts arm 2 at once."""
    now = [1.0]
    arms = [{"trigger": 4}, {"trigger": 3}, {"other": 9}]
    p = WatchedParams({"trigger": 5, "other": 1}, (), lambda: now[0], arms)
    assert p.decide(("trigger",), lambda t: t <= 2) is False
    assert p.diverged == {}
    now[0] = 2.0
    assert p.decide(("trigger",), lambda t: t <= 3) is False  # arm 1: 3 <= 3 is True
    assert p.diverged == {1: 2.0}
    now[0] = 3.0
    assert decide(p, ("trigger", "other"), lambda t, o: t > 4 and o > 0) is True
    assert p.diverged == {1: 2.0, 0: 3.0}  # arm 0: 4 > 4 is False; arm 2 agrees (9 > 0)
    now[0] = 4.0
    assert p["other"] == 1 and p.diverged == {1: 2.0, 0: 3.0, 2: 4.0}
    assert decide({"trigger": 5}, ("trigger",), lambda t: t * 2) == 10  # a plain dict


def test_without_arms_a_decision_counts_as_a_read() -> None:
    p = WatchedParams({"a": 1, "b": 2}, watch={"a"}, clock=lambda: 6.0)
    assert p.decide(("a", "b"), lambda a, b: a + b) == 3
    assert p.first_read == {"a": 6.0}


def test_differing_keys() -> None:
    base, agreed, shock = scenarios("status_quo_2022", "hotline_as_agreed", "taiwan_shock_2022")
    assert differing_keys(base, agreed) == {"hotline_active", "hotline_trigger_rung"}
    assert differing_keys(base, base) == set()
    assert differing_keys(base, shock) is None  # scheduled events differ: never shared
    one, other = scenarios("status_quo_2022")[0], scenarios("status_quo_2022", days=366)[0]
    assert differing_keys(one, other) == {"days"}


def _same(a, b) -> None:  # noqa: ANN001 - RunResult
    assert a.summary == b.summary
    assert a.encounters == b.encounters
    assert a.events == b.events


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_run_paired_equals_every_arm_alone(seed: int) -> None:
    """Base, a treatment whose parameters the base run reads early (the trigger rung) and one
    whose parameters it may never read (the line as practised): rows and event logs equal.
    (Seeds whose 75 days hold a rung-3 report reaching a ministry; issue 10's horizon-free
    draws left seed 3 without one, so its agreed arm is rightly reused.)"""
    names = ("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced")
    base, *treats = scenarios(*names)
    arms = run_paired(base, treats, seed, days=75, record_events=True)
    assert [a.result.summary["scenario"] for a in arms] == list(names)
    for scen, arm in zip([base, *treats], arms, strict=True):
        _same(arm.result, run_scenario(scen, seed, days=75, record_events=True))
    assert not arms[0].reused and not arms[1].reused  # the trigger rung is read in days


def test_the_practised_line_reuses_the_base_year_when_no_rung4_report_reaches_a_ministry(
        ) -> None:
    """Preventive notices and the trigger are decisions: the practised line (no notices,
    trigger rung 4 as in the base) parts only when its line could be called. Seed 1's year
    has no such report (measured): the base result is reused and equals the arm's own run."""
    names = ("status_quo_2022", "hotline_as_practiced")
    base, treat = scenarios(*names)
    arms = run_paired(base, [treat], 1, days=365)
    assert arms[1].reused
    _same(arms[1].result, run_scenario(treat, 1, days=365, record_events=False))


def test_run_paired_reuses_only_when_nothing_differing_was_read() -> None:
    """A treatment that differs in a parameter read at construction is simulated; one that
    differs in a parameter the model never reads reuses the base result (and equals its run)."""
    base = scenarios("status_quo_2022")[0]
    early = scenarios("status_quo_2022", tension_baseline_cn=0.35)[0]
    never = scenarios("status_quo_2022", hotline_call_prob_jp=0.5)[0]  # line off: never read
    arms = run_paired(base, [early, never], 4, days=20)
    assert [a.reused for a in arms] == [False, False, True]
    _same(arms[1].result, run_scenario(early, 4, days=20, record_events=False))
    _same(arms[2].result, run_scenario(never, 4, days=20, record_events=False))


def test_the_model_reads_parameters_only_through_model_p() -> None:
    """The paired criterion watches `model.p`: no other route to a scenario's values."""
    allowed = {"model.py", "paired.py"}
    for path in MODEL_DIR.glob("*.py"):
        text = path.read_text()
        hits = re.findall(r"\.params\b|scenario\.(?!name\b|events\b)[a-z_]+", text)
        if path.name not in allowed:
            assert not hits, f"{path.name} reads scenario values directly: {hits}"


def test_no_arm_of_a_paired_run_collects_daily_rows(monkeypatch) -> None:  # noqa: ANN001
    """The results have no daily series, so no arm may pay for collecting one (the base arm
    did until wave 7: 35-60 % of its run)."""
    from sim.model.model import EastChinaSeaModel

    seen = []
    init = EastChinaSeaModel.__init__

    def spy(self, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(k.get("record_days", True))
        init(self, *a, **k)

    monkeypatch.setattr(EastChinaSeaModel, "__init__", spy)
    base, treat = scenarios("status_quo_2022", "hotline_as_agreed")
    run_paired(base, [treat], 3, days=2)
    assert seen and not any(seen)  # the base arm (and any treatment simulated in full)
