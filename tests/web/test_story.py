"""The web view's words and moves without a browser: feed, calls, badge, stories, calendar,
jumps, the counterfactual pair's divergence, the tension axis and the fishing haze."""

from __future__ import annotations

import re

import pytest

from sim.model import geography
from sim.web import draw, mapview, story
from sim.web.session import Session, Setup

DAY = 24.0


#: without preventive notices (issue 10), so that the line's first act is the call
NO_NOTICE = (("hotline_notice_prob", 0.0),)


@pytest.fixture(scope="module")
def agreed() -> Session:
    """hotline_as_agreed, seed 1, at day 9.5: one answered call (day 9) and a rung-3 event."""
    s = Session([Setup("hotline_as_agreed", 1, base_overrides=NO_NOTICE)])
    s.goto(9.5 * DAY)
    return s


def test_clock_duration_and_period_calendar() -> None:
    assert story.clock(41 * 24 + 6 + 10 / 60) == "Day 41 06:10"
    assert story.clock(23.9999) == "Day 1 00:00"
    assert story.duration(0.3) == "18 min" and story.duration(6.0) == "6 h"
    m = Setup("fishing_surge_2016", 1, days=1).model()
    assert story.calendar(m, 217 * DAY) == "6 Aug 2016"
    assert story.calendar(Setup("pre_mechanism", 1, days=1).model(), 0) == "1 Jan (2013-2017)"
    assert story.calendar(Setup("status_quo_2022", 1, days=1).model(), 0) == "1 Jan 2022"


def test_calls_badge_and_last_call(agreed: Session) -> None:
    calls = story.hotline_calls(agreed.model.event_log)
    assert [c.outcome for c in calls] == ["connected"]
    assert calls[0].caller == "JP" and calls[0].ring is not None
    state, note = story.badge(agreed.model, calls)
    assert agreed.model.hotline.state == "idle" and state == "connected"  # held for a day
    assert note.startswith("at Day 9")
    words = story.last_call_words(calls)
    assert re.match(r"last call: Day 9 \d\d:\d\d, Japan → China \(E21\), connected after "
                    r"\d+ min · 1 call, 1 answered", words), words
    log = [{"t": 1.0, "kind": "hotline", "encounter": 5, "side": "JP",
            "text": "Japan's Ministry of Defense consults internally"},
           {"t": 1.5, "kind": "hotline", "encounter": 5, "side": "JP", "text": "Hotline rings"},
           {"t": 7.5, "kind": "hotline", "encounter": 5, "side": "CN",
            "text": "China's Ministry of National Defense does not answer the hotline"}]
    (call,) = story.hotline_calls(log)
    assert call.words() == "Day 0 01:30, Japan → China (E5), unanswered after 6.5 h"


def test_feed_names_encounters_filters_and_keeps_severe(agreed: Session) -> None:
    log = agreed.model.event_log
    key = story.feed_events(log)
    assert all(re.match(r"Day \d+ \d\d:\d\d( · E\d+)? · ", story.event_line(e)) for e in key)
    assert all(" · E" in story.event_line(e) for e in key if e.get("encounter") is not None)
    assert not [e for e in key if e["kind"] == "rung" and e["rung"] < 2]
    assert {e["kind"] for e in story.feed_events(log, "hotline")} == {"hotline"}
    assert {e["kind"] for e in story.feed_events(log, "messages")} == {"message"}
    severe = story.severe_events(log)
    assert severe
    kept = story.feed_events(log, "all", limit=3)  # a tiny history still keeps rung >= 3
    assert all(ev in kept for ev in severe)
    assert "feed-severe" in story.feed_html(kept, draw.RUNG_COLOURS)


def test_encounter_story_tells_who_where_and_steps(agreed: Session) -> None:
    from sim.model.escalation import RUNGS
    from sim.web.panels import KIND_WORDS

    head, events = story.encounter_story(agreed.model, 21, KIND_WORDS, RUNGS)
    text = " ".join(head)
    assert "Encounter E21" in text and "China: PLA fighter" in text and "Where:" in text
    assert "hotline connected" in text
    kinds = {e["kind"] for e in events}
    assert {"rung", "hotline", "message"} <= kinds
    assert story.encounter_story(agreed.model, 10**6, KIND_WORDS, RUNGS)[1] == []


def test_jumps_are_exact_and_pairs_diverge_at_the_call() -> None:
    s = Session([Setup("hotline_as_agreed", 1, days=20, base_overrides=NO_NOTICE)])
    assert s.next_severe()
    t1 = s.now
    assert any(e["kind"] == "rung" and e["rung"] >= 3 and t1 - 1 < e["t"] <= t1
               for e in s.model.event_log)
    log_at_t1 = list(s.model.event_log)
    s.goto(15 * DAY)
    s.goto(t1)  # back: recomputed, identical
    assert s.model.event_log == log_at_t1
    s.goto(20 * DAY)
    assert s.finished and not s.next_severe()
    pair = Session([Setup("hotline_as_agreed", 1, base_overrides=NO_NOTICE)])
    pair.setups.append(pair.setups[0].counterpart())
    pair.rebuild()
    assert [m.p["hotline_active"] for m in pair.models] == [True, False]
    pair.goto(9 * DAY)
    assert pair.divergence is None
    pair.goto(9.5 * DAY)
    calls = story.hotline_calls(pair.models[0].event_log)
    assert pair.divergence == pytest.approx(calls[0].start)


def test_tension_axis_holds_a_shock_and_the_surge_keeps_islets_visible() -> None:
    from matplotlib.figure import Figure

    m = Setup("status_quo_2022", 1, days=3, shock=(1.0, 1.0)).model()
    m.run_for(int(1.5 * DAY))
    top = max(draw.tension_of(m, s) for s in ("CN", "JP"))
    assert top > 1.1
    png = draw.render_tension_png(m)
    assert png[:4] == b"\x89PNG"
    fig = Figure()
    ax = fig.add_subplot()
    draw.tension_axes(ax, m)
    assert ax.get_ylim()[1] > top
    surge = Setup("fishing_surge_2016", 1).model()
    surge.run_for(int(219 * DAY))
    fishing = sum(1 for u in surge.units if u.at_sea and "FISH" in u.kind)
    assert fishing > mapview.DENSE_FISHING
    canvas = mapview.MapCanvas("senkaku")
    artists = canvas.unit_artists(surge, canvas.ax)
    offsets = [a.get_offsets() for a in artists[:3] if hasattr(a, "get_offsets")]
    assert len(offsets[0]) >= mapview.DENSE_FISHING  # the haze first...
    islets = geography.SENKAKU_ISLETS_KM
    assert any(len(o) == len(islets) for o in offsets[1:])  # ...then the islets on top
