"""The hotline on the right time scale (issue 10): deployments, clarification, notice, the theatre
link, sides and acts, baseline tension, aftermath, scope."""

from __future__ import annotations

import math

import pytest

from sim.config.scenarios import load_scenario
from sim.model.acts import CATALOGUE, can_act
from sim.model.communication import Communication
from sim.model.encounter import Encounter
from sim.model.hotline import CallState
from sim.model.model import EastChinaSeaModel, run_scenario

BASE_RATES = ("scrambles", "cz_presence_days", "cz_ship_days", "ts_intrusions", "plan_transits",
              "mil_ts_entries")
#: calls at every report of rung 2 or more, so a short run has many
EAGER = {"hotline_trigger_rung": 2, "hotline_call_prob_jp": 1.0, "hotline_call_prob_cn": 1.0}
HOTLINE_KEYS = ("hotline_calls", "hotline_answered", "hotline_effective", "hotline_dropped",
                "hotline_notices", "messages")


def _without(summary: dict, keys: tuple[str, ...]) -> dict:
    return {k: v for k, v in summary.items() if k not in (*keys, "scenario")}


def _rows(res) -> list[dict]:  # noqa: ANN001
    drop = ("hotline_attempted", "hotline_connected", "hotline_state")
    return [{k: v for k, v in r.items() if k not in drop} for r in res.encounters]


def test_answer_probability_zero_is_no_hotline() -> None:
    """A line nobody answers changes nothing but its own counters (notices need an answer)."""
    days, seed = 60, 4
    none = run_scenario(load_scenario("status_quo_2022", EAGER), seed=seed, days=days)
    dead = run_scenario(load_scenario("hotline_as_agreed", {**EAGER, "hotline_answer_prob": 0.0}),
                        seed=seed, days=days)
    assert dead.summary["hotline_calls"] > 0 and dead.summary["hotline_answered"] == 0
    assert dead.summary["hotline_notices"] == 0
    assert _without(dead.summary, HOTLINE_KEYS) == _without(none.summary, HOTLINE_KEYS)
    assert _rows(dead) == _rows(none)


def test_call_state_is_written_as_its_plain_string() -> None:
    """An encounter's call is a `CallState`; the results table gets its value, "" when unused."""
    days, seed = 60, 4
    dead = run_scenario(load_scenario("hotline_as_agreed", {**EAGER, "hotline_answer_prob": 0.0}),
                        seed=seed, days=days)
    states = [r["hotline_state"] for r in dead.encounters]
    assert all(type(s) is str for s in states)
    assert "unanswered" in states and "" in states
    assert set(states) <= {c.value for c in CallState}


def test_answered_without_effect_leaves_base_rates_and_encounters() -> None:
    """Answered calls with no clarification, no orders, no notice effect and no systemic relief
    leave every calibrated base rate and every encounter as without a line."""
    days, seed = 60, 4
    inert = {**EAGER, "hotline_clarify_factor": 1.0, "hotline_deesc_prob": 0.0,
             "hotline_notice_factor": 1.0, "hotline_systemic_relief": 0.0}
    none = run_scenario(load_scenario("status_quo_2022", EAGER), seed=seed, days=days)
    idle = run_scenario(load_scenario("hotline_as_agreed", inert), seed=seed, days=days)
    assert idle.summary["hotline_answered"] > 0
    assert {k: idle.summary[k] for k in BASE_RATES} == {k: none.summary[k] for k in BASE_RATES}
    assert _rows(idle) == _rows(none)


def test_systemic_relief_never_moves_activity_tension() -> None:
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed"), rng=1, days=2)
    t = model.tension
    before = t.activity_excess("CN")
    t.add("both", -0.03, cause="hotline call (systemic relief)", hotline=True)
    assert t.behaviour("CN") < 0.0
    assert t.activity_excess("CN") == pytest.approx(before)
    t.decay(240.0)
    assert t.activity_excess("CN") == pytest.approx(before, abs=1e-12)


def test_no_unit_acts_outside_its_catalogue() -> None:
    res = run_scenario(load_scenario("status_quo_2022", {"esc_logit_base": -3.0}), seed=2,
                       days=90)
    acts = [e for e in res.events if e["kind"] == "rung" and e["sender"]]
    assert len(acts) > 50
    assert {e["sender"] for e in acts} >= {"PLA_FIGHTER", "JASDF_FIGHTER", "CCG", "JCG"}
    for e in acts:
        assert e["rung"] in CATALOGUE[e["sender"]], e


def test_catalogue_denies_what_the_record_denies() -> None:
    model = EastChinaSeaModel(load_scenario("status_quo_2022"), rng=1, days=2)
    p3c, f15 = model.pool.take("JP_PATROL", "naha"), model.pool.take("JASDF_FIGHTER", "naha")
    boat, jcg = model.pool.take("CN_FISH", "wenzhou"), model.pool.take("JCG", "ishigaki")
    ccg, j15 = model.pool.take("CCG", "wenzhou"), model.pool.take("PLA_FIGHTER", "ningbo")
    assert not can_act(p3c, 4, j15) and can_act(f15, 4, j15)
    assert not can_act(boat, 4, jcg) and not can_act(jcg, 4, ccg)
    assert can_act(ccg, 4, jcg) and can_act(j15, 4, f15)


def test_hazardous_acts_are_chinese_in_the_status_quo() -> None:
    res = run_scenario(load_scenario("status_quo_2022"), seed=3, days=365)
    s = res.summary
    assert s["acts_ge3_cn"] > 2 * s["acts_ge3_jp"]
    assert s["acts_ge4_jp"] <= s["acts_ge4_cn"]


def test_baseline_tension_changes_behaviour() -> None:
    low = EastChinaSeaModel(load_scenario("status_quo_2022"), rng=1, days=2)
    high = EastChinaSeaModel(load_scenario("status_quo_2022", {"tension_baseline_cn": 0.5}),
                             rng=1, days=2)
    lead = high.pool.take("PLA_FIGHTER", "ningbo")
    low_lead = low.pool.take("PLA_FIGHTER", "ningbo")
    e_low, e_high = Encounter(1, low, 0.0), Encounter(1, high, 0.0)
    assert e_high.logits("CN", lead, False)[0] > e_low.logits("CN", low_lead, False)[0]
    assert e_high.misperception("CN") > e_low.misperception("CN")
    a = run_scenario(load_scenario("pre_mechanism"), seed=1, days=60)
    b = run_scenario(load_scenario("pre_mechanism", {"tension_baseline_cn": 0.3,
                                                     "tension_baseline_jp": 0.3}), seed=1, days=60)
    assert a.events != b.events


def _deployment_encounter(model: EastChinaSeaModel, start: float) -> tuple:
    j15, f15 = model.pool.take("PLA_FIGHTER", "ningbo"), model.pool.take("JASDF_FIGHTER", "naha")
    dep = model.deployments.new("CN", "carrier_group", "test carrier group", [j15],
                                key=("test",))
    enc = Encounter(int(start) + 1, model, start, units=[j15, f15])
    return dep, enc


def test_clarification_reaches_the_next_encounter_and_expires() -> None:
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed"), rng=1, days=10)
    p = model.p
    dep, first = _deployment_encounter(model, 0.0)
    model.deployments.on_open(first)
    first.peak = 4
    model.deployments.on_close(first)
    # unclarified: the next encounter starts primed by the last incident
    _, primed = _deployment_encounter(model, 1.0)
    model.deployments.on_open(primed)
    assert primed.sides["JP"].perceived_escalation and primed.sides["CN"].perceived_escalation
    model.deployments.clarify(dep, model.time + p["hotline_clarify_hours"], first.id)
    _, nxt = _deployment_encounter(model, 2.0)
    model.deployments.on_open(nxt)
    assert nxt.deployment == dep.id
    assert not nxt.sides["JP"].perceived_escalation
    base = p["misperception"] * (1 + p["misperception_tension"] * model.tension.behaviour("JP"))
    assert nxt.misperception("JP") == pytest.approx(base * p["hotline_clarify_factor"])
    model.run_for(int(math.ceil(p["hotline_clarify_hours"])) + 1)
    assert not dep.clarified(model.time)
    assert nxt.misperception("JP") == pytest.approx(base, rel=0.05)
    assert any("clarification of deployment" in e["text"] for e in model.event_log)


def test_restraint_order_caps_the_deployment_later(monkeypatch) -> None:
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed"), rng=1, days=10)
    dep, enc = _deployment_encounter(model, 0.0)
    model.deployments.clarify(dep, 24.0, None)
    model.deployments.restrain(dep, "CN", None)
    _, later = _deployment_encounter(model, 3.0)
    model.deployments.on_open(later)
    assert later.sides["CN"].cap_order == 2 and later.sides["JP"].cap_order is None


def test_theater_link_orders_arrive_within_minutes(monkeypatch) -> None:
    delays: dict[str, list[float]] = {"theater": [], "ministry": []}
    original = Communication.deliver

    def spy(self, msg):  # noqa: ANN001, ANN202
        if msg.kind == "order" and msg.payload.get("order") == "deescalate" and \
                "hotline" in msg.text or "theatre" in msg.text:
            delays[self.hotline.level].append((msg, self.model.time))
        return original(self, msg)

    monkeypatch.setattr(Communication, "deliver", spy)
    for name in ("hotline_theater_link", "hotline_as_agreed"):
        run_scenario(load_scenario(name, EAGER), seed=4, days=60)
    assert delays["theater"] and delays["ministry"]
    # the theatre link: one direct order, minutes from the line to the units
    assert all(t - m.sent_at < 0.5 for m, t in delays["theater"])
    assert all(m.receiver.endswith(("_MIL", "_CG")) for m, _ in delays["theater"])
    # the ministry line: two hops down the chain
    assert any(not m.receiver.endswith(("_MIL", "_CG")) for m, _ in delays["ministry"])


def test_a_collision_suspends_contacts() -> None:
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed",
                                            {"crisis_suspends_hotline": True}), rng=1, days=30)
    a, b = model.pool.take("CN_FISH", "wenzhou"), model.pool.take("JCG", "ishigaki")
    enc = Encounter(1, model, 0.0, units=[a, b])
    model.encounters[1] = enc
    before = dict(model.tension.level)
    assert not model.crisis.suspended() and model.comms.hotline.answer_prob("CN") > 0
    enc.set_rung(5, a, collision=True)
    assert model.crisis.suspended() and model.crisis.crises == 1
    assert model.tension.level["JP"] > before["JP"] + model.p["crisis_tension_shock"] / 2
    assert model.comms.hotline.answer_prob("CN") == 0.0
    model.run_for(int(model.p["crisis_suspension_days"] * 24) + 2)
    assert not model.crisis.suspended()


def test_full_scope_differs_from_agreed_with_a_military_territorial_entry() -> None:
    fast = {"hotline_consult_hours": 0.02, "hotline_answer_prob": 1.0, "hotline_call_prob_jp": 1.0,
            "hotline_relay_hops": 0, "chain_reliability": 1.0}
    agreed = run_scenario(load_scenario("recon_2024_y9_airspace", fast), seed=1)
    full = run_scenario(load_scenario("recon_2024_y9_airspace",
                                      {**fast, "hotline_covers_territorial": True}), seed=1)
    terr = [r for r in agreed.encounters if r["military"] and r["territorial"]]
    assert terr, "the scripted Y-9 enters Japanese airspace with JASDF fighters in contact"
    assert agreed.summary["mil_ts_entries"] >= 1
    assert not any(r["hotline_attempted"] for r in agreed.encounters if r["territorial"])
    assert any(r["hotline_attempted"] for r in full.encounters if r["territorial"])
    assert full.events != agreed.events


def test_slow_consultation_drops_calls_about_fast_incidents() -> None:
    """As practised (hours of consultation) the line is not used for the 2-minute Y-9 entry."""
    res = run_scenario(load_scenario("recon_2024_y9_airspace",
                                     {"hotline_covers_territorial": True}), seed=1)
    assert res.summary["hotline_calls"] == 0
    assert res.summary["hotline_answered"] == 0


def test_cooperation_never_hands_over_enforcement_in_the_senkaku_sea(monkeypatch) -> None:
    """Coast-guard cooperation covers illegal fishing, not sovereignty: no hand-over inside the
    Senkaku territorial sea, and in the contiguous zone enforcement stops only when the
    contact-line message arrives."""
    sent: list[tuple[str, float]] = []
    original = Communication.cg_handover

    def spy(self, enc, side):  # noqa: ANN001, ANN202
        sent.append((enc.cg_where, enc.model.time))
        return original(self, enc, side)

    monkeypatch.setattr(Communication, "cg_handover", spy)
    over = {"cg_coop_handover_prob": 1.0, "jp_fishing_trips_per_year": 60.0,
            "cn_fishing_senkaku_share": 0.6}
    res = run_scenario(load_scenario("coastguard_cooperation", over), seed=2, days=60)
    assert sent and all(where == "cz" for where, _ in sent)
    taken = [e for e in res.events if e["kind"] == "order" and "taken over" in e["text"]]
    assert taken and min(e["t"] for e in taken) > min(t for _, t in sent)
    # Japanese boats in the territorial sea are still confronted by the CCG
    assert any("JP_FISH" in e["jp_units"] and e["peak_rung"] >= 2 for e in res.encounters)


def test_signalling_orders_make_the_radar_locks_of_the_record() -> None:
    """A carrier group under orders to signal (Dec 2025) makes hazardous acts against JASDF
    fighters, at most `signal_acts` of them by order, and China's command leaves them be; with
    no signalling orders the same four days give none."""
    def run(prob: float, seed: int):  # noqa: ANN202
        return run_scenario(load_scenario("recon_2025_dec_radar_lock", {"signal_prob": prob}),
                            seed=seed)

    hits = 0
    for seed in range(1, 5):
        on, off = run(1.0, seed), run(0.0, seed)
        assert any("under orders to signal" in e["text"] for e in on.events)
        assert not any("under orders to signal" in e["text"] for e in off.events)
        hits += any(e["peak_rung"] >= 4 and e["peak_by"] == "CN" and "PLA_FIGHTER" in
                    e["cn_units"] for e in on.encounters)
        assert not any(e["peak_rung"] >= 4 for e in off.encounters)
    assert hits >= 2


def test_signal_probability_rises_with_tension() -> None:
    from sim.model.deployments import signal_probability

    assert signal_probability(0.02, 22.0, 0.0) == pytest.approx(0.02)
    assert signal_probability(0.02, 22.0, 0.2) > 0.5 > signal_probability(0.02, 22.0, 0.05)
    assert signal_probability(0.0, 22.0, 1.0) == 0.0 and signal_probability(1.0, 0.0, 0) == 1.0


# ------------------------------------------------------------------ a line that wears with use
def test_no_wear_is_the_line_without_the_mechanism() -> None:
    """``hotline_answer_wear`` = 0 (the default) is the model of 0.12: same runs, row for row,
    whatever the window -- the window is not even read."""
    days, seed = 60, 4
    plain = run_scenario(load_scenario("hotline_as_agreed", EAGER), seed=seed, days=days)
    zero = run_scenario(load_scenario("hotline_as_agreed", {
        **EAGER, "hotline_answer_wear": 0.0, "hotline_wear_days": 2.0}), seed=seed, days=days)
    assert plain.summary["hotline_calls"] > 5
    assert zero.summary == plain.summary
    assert zero.encounters == plain.encounters


def test_a_line_rung_often_is_answered_less() -> None:
    """With wear, a line rung many times a month is answered far less often."""
    days, seed = 90, 4
    plain = run_scenario(load_scenario("hotline_as_agreed", EAGER), seed=seed, days=days)
    worn = run_scenario(load_scenario("hotline_as_agreed", {**EAGER, "hotline_answer_wear": 0.5}),
                        seed=seed, days=days)
    def share(r):  # noqa: ANN001, ANN202
        return r.summary["hotline_answered"] / r.summary["hotline_calls"]

    assert worn.summary["hotline_calls"] > 10
    assert share(worn) < 0.8 * share(plain)


def test_wear_counts_the_calls_in_the_window_before_this_one() -> None:
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed", {
        "hotline_answer_wear": 0.25, "hotline_wear_days": 10.0, "hotline_answer_tension_slope":
        0.0}), rng=1, days=2)
    line = model.comms.hotline
    line.rang["CN"] += [0.0, 100.0, 200.0]  # hours
    assert line.recent_calls("CN", 200.0) == 2  # not the call that rang at 200 h itself
    assert line.recent_calls("CN", 239.0) == 3  # the window is 240 h
    assert line.recent_calls("CN", 241.0) == 2  # the call at 0 h has left it
    assert line.recent_calls("CN", 340.5) == 1  # and the one at 100 h
    assert line.recent_calls("JP", 200.0) == 0  # each end counts the calls it received
    p0 = model.p["hotline_answer_prob"]
    assert line.answer_prob("CN", before=200.0) == pytest.approx(p0 * 0.75 ** 2)
    assert line.answer_prob("JP", before=200.0) == pytest.approx(p0)


def test_a_call_does_not_count_against_itself() -> None:
    """With total wear (w = 1) and a one-day window, a call is answered only if no other call
    rang at the callee's end the day before it: calls do get answered, so the call being
    answered is not among the calls that wear its line."""
    days, seed = 60, 4
    worn = run_scenario(load_scenario("hotline_as_agreed", {
        **EAGER, "hotline_answer_wear": 1.0, "hotline_wear_days": 1.0}), seed=seed, days=days)
    assert worn.summary["hotline_calls"] > 5
    assert 0 < worn.summary["hotline_answered"] < worn.summary["hotline_calls"]


def test_a_line_that_does_not_wear_never_reads_its_window() -> None:
    """At w = 0 the window is not read, so a paired arm that differs only in it reuses the
    base run (`sim.model.paired`)."""
    model = EastChinaSeaModel(load_scenario("hotline_as_agreed", EAGER), rng=4, days=30,
                              watch={"hotline_wear_days", "hotline_answer_wear"})
    model.run_model()
    assert model.comms.hotline.calls > 0
    assert "hotline_answer_wear" in model.p.first_read
    assert "hotline_wear_days" not in model.p.first_read
