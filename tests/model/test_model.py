"""Behaviour of the simulation core: determinism, the ladder, causality, the hotline's scope."""

from __future__ import annotations

import pytest

from sim.config.scenarios import list_scenarios, load_scenario
from sim.model import geography as geo
from sim.model.communication import Communication, Hotline
from sim.model.encounter import Encounter
from sim.model.model import EastChinaSeaModel, run_scenario
from sim.model.results import ENCOUNTER_FIELDS, MAX_RUNG, SUMMARY_FIELDS

DAYS = 40


@pytest.fixture(scope="module")
def status_quo():
    return load_scenario("status_quo_2022")


@pytest.fixture(scope="module")
def run_a(status_quo):
    return run_scenario(status_quo, seed=7, days=DAYS)


def test_summary_has_all_fields(run_a) -> None:
    assert tuple(run_a.summary) == SUMMARY_FIELDS
    assert all(set(ENCOUNTER_FIELDS) <= set(r) for r in run_a.encounters)
    assert run_a.summary["days"] == DAYS


def test_same_seed_same_summary_and_event_log(status_quo, run_a) -> None:
    again = run_scenario(status_quo, seed=7, days=DAYS)
    assert again.summary == run_a.summary
    assert again.events == run_a.events
    assert again.encounters == run_a.encounters


def test_different_seed_differs(status_quo, run_a) -> None:
    other = run_scenario(status_quo, seed=8, days=DAYS)
    assert other.events != run_a.events


def test_rungs_stay_on_the_ladder(run_a) -> None:
    rungs = [e["rung"] for e in run_a.events if e["kind"] == "rung"]
    assert rungs and all(0 <= r <= MAX_RUNG for r in rungs)
    assert all(0 <= r["peak_rung"] <= MAX_RUNG for r in run_a.encounters)
    s = run_a.summary
    counts = [s[f"peak_ge_{k}"] for k in range(1, MAX_RUNG + 1)]
    assert counts == sorted(counts, reverse=True)  # at least k+1 implies at least k
    assert s["encounters"] >= s["peak_ge_1"]


def test_no_message_acts_before_it_was_sent(status_quo, monkeypatch) -> None:
    seen: list[tuple[float, float, float]] = []
    original = Communication.deliver

    def checked(self, msg):  # noqa: ANN001, ANN202
        seen.append((msg.sent_at, msg.arrive_at, self.model.time))
        return original(self, msg)

    monkeypatch.setattr(Communication, "deliver", checked)
    run_scenario(status_quo, seed=3, days=DAYS)
    assert seen
    for sent, due, now in seen:
        assert now >= sent
        assert now == pytest.approx(due)


def test_hotline_never_connects_when_inactive(run_a) -> None:
    s = run_a.summary
    assert s["hotline_calls"] == s["hotline_answered"] == s["hotline_effective"] == 0
    assert not any(e["kind"] == "hotline" for e in run_a.events)
    assert not any(r["hotline_connected"] for r in run_a.encounters)


def test_hotline_calls_only_in_scope(monkeypatch) -> None:
    """Eager, always-answered hotline: with the agreed scope every call concerns a military
    encounter outside territorial seas when it is placed; widening the scope admits
    coast-guard and territorial encounters."""
    placed: list[tuple[bool, bool, bool]] = []
    original = Hotline.consider

    def spy(self, enc, side):  # noqa: ANN001, ANN202
        before = enc.hotline_attempted
        original(self, enc, side)
        if enc.hotline_attempted and not before:
            placed.append((enc.military, enc.coastguard, bool(geo.territorial(enc.zone_mask))))

    monkeypatch.setattr(Hotline, "consider", spy)
    eager = {"hotline_trigger_rung": 1, "report_rung": 1, "hotline_answer_prob": 1.0,
             "hotline_call_prob_jp": 1.0, "hotline_call_prob_cn": 1.0}
    agreed = run_scenario(load_scenario("hotline_as_agreed", eager), seed=5, days=DAYS)
    assert agreed.summary["hotline_answered"] > 0
    assert placed and all(mil and not terr for mil, _, terr in placed)
    placed.clear()
    run_scenario(load_scenario("hotline_full_scope", {**eager, "hotline_covers_coastguard": True}),
                 seed=5, days=DAYS)
    assert any(cg for _, cg, _ in placed)
    assert any(terr for _, _, terr in placed)


def test_coast_guards_never_use_the_radio(run_a) -> None:
    cg = [r for r in run_a.encounters if r["coastguard"]]
    assert cg and not any(r["radio"] for r in cg)
    radio = [e for e in run_a.events if e["kind"] == "message" and "MACM" in e["text"]]
    assert radio
    assert all(e["sender"].endswith("_MIL") and e["receiver"].endswith("_MIL") for e in radio)


def test_no_radio_before_the_mechanism() -> None:
    res = run_scenario(load_scenario("pre_mechanism"), seed=7, days=DAYS)
    assert not any(r["radio"] for r in res.encounters)


def test_clarified_encounter_misreads_less(status_quo) -> None:
    model = EastChinaSeaModel(status_quo, rng=1, days=2)
    enc = Encounter(999, model, 0.0)
    before = enc.misperception("CN")
    enc.clarified = True
    assert enc.misperception("CN") == pytest.approx(before * model.p["hotline_clarify_factor"])


def test_deescalation_order_blocks_escalation(status_quo) -> None:
    model = EastChinaSeaModel(status_quo, rng=1, days=2)
    enc = Encounter(998, model, 0.0)
    enc.rung = 3

    class _Lead:
        spec = type("S", (), {"force": "navy"})()

    cap_before = enc.cap("CN", _Lead())
    enc.apply_order("CN", "deescalate")
    assert enc.cap("CN", _Lead()) == 3 < cap_before + 1


def test_observed_activity_is_counted(status_quo) -> None:
    s = run_scenario(status_quo, seed=11, days=60, record_events=False).summary
    assert s["scrambles"] > 0
    assert s["cz_presence_days"] > 0
    assert s["cz_ship_days"] >= s["cz_presence_days"]
    assert s["messages"] > 0


@pytest.mark.parametrize("name", list_scenarios())
def test_every_scenario_loads_and_runs(name: str) -> None:
    res = run_scenario(load_scenario(name), seed=1, days=5, record_events=False)
    assert res.summary["scenario"] == name
    assert res.summary["days"] == 5


def test_fishing_surge_puts_hundreds_at_sea() -> None:
    scen = load_scenario("fishing_surge_2016")
    surge = next(e for e in scen.events if e.kind == "surge")
    model = EastChinaSeaModel(scen, rng=2, days=int(surge.day) + 2, record_events=False)
    model.run_for(int(model.horizon_h) - 1)
    at_sea = sum(1 for u in model.units if u.at_sea)
    assert at_sea >= surge.boats + surge.ccg_ships
