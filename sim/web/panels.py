"""The web view's display panels (solara components): map, hotline, feed, timeline, encounter
story, counterfactual comparison, charts. They only show a `Session`; the controls that change
it live in sim/web/app.py. Every panel reads the model under the session's lock.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import solara

from sim.model.agents import UNIT_KINDS
from sim.model.escalation import RUNGS
from sim.web import draw, mapview, story
from sim.web.session import Session, summary_differences

KIND_WORDS = {k: v.label for k, v in UNIT_KINDS.items()}


@solara.component
def Png(data: bytes, classes: Sequence[str] = ()) -> None:
    """A PNG image in a div the browser tests (and the CSS) can find by class."""
    import ipywidgets

    with solara.Div(classes=list(classes)):
        ipywidgets.Image.element(value=data, format="png")


@solara.component
def MapPanel(session: Session, index: int, view: str, version: int, title: str = "") -> None:
    def render() -> bytes:
        with session.lock:
            return mapview.render_map_png(session.models[index], view)

    if title:
        solara.Text(title, classes=["hotline-maptitle"])
    Png(solara.use_memo(render, [version, view, index, id(session.models[index])]),
        classes=["hotline-map", f"hotline-map-{index}"])


@solara.component
def HotlinePanel(session: Session, version: int) -> None:
    """The badge (live state, or the last call's outcome for a day) and the last call."""
    with session.lock:
        calls = story.hotline_calls(session.model.event_log)
        state, note = story.badge(session.model, calls)
        words = story.last_call_words(calls)
        in_flight = len(session.model.comms.in_flight)
    del version
    with solara.Row(style={"align-items": "center", "gap": "8px", "flex-wrap": "wrap"}):
        solara.Text("Defence hotline", style={"font-weight": "bold"})
        solara.Text(state, classes=["hotline-state", f"hotline-state-{state}"],
                    style={"background": draw.HOTLINE_COLOURS.get(state, "#bdbdbd"),
                           "color": "black" if state == "ringing" else "white",
                           "padding": "2px 10px", "border-radius": "10px",
                           "font-weight": "bold"})
        if note:
            solara.Text(note, style={"color": "#546e7a"})
        solara.Text(f"{in_flight} message(s) in flight", style={"color": "#546e7a"})
    solara.Text(words, classes=["hotline-lastcall"],
                style={"display": "block", "font-size": "13px"})


@solara.component
def FeedPanel(session: Session, version: int, which: solara.Reactive[str]) -> None:
    with session.lock:
        events = story.feed_events(session.model.event_log, which.value)
    del version
    with solara.Row(style={"align-items": "center", "gap": "6px"}):
        solara.Text("Events", style={"font-weight": "bold"})
        solara.Select("show", values=list(story.FEED_FILTERS), value=which, dense=True,
                      classes=["hotline-feedfilter"], style={"max-width": "170px"})
        solara.Text(story.FEED_FILTERS[which.value], style={"font-size": "11px",
                                                              "color": "#607d8b"})
    solara.HTML(tag="div", unsafe_innerHTML=story.feed_html(events, draw.RUNG_COLOURS),
                classes=["hotline-feed"])


def timeline_svg(session: Session) -> str:
    """The run as a strip: rung >= 3 events (colour by rung), hotline calls (blue answered, red
    unanswered, orange pending), scheduled events, the first divergence, and now."""
    m = session.model
    width, horizon = 1000.0, max(m.horizon_h, 1.0)

    def x(t: float) -> float:
        return round(10 + (width - 20) * min(max(t, 0.0), horizon) / horizon, 1)

    parts = ['<rect x="10" y="22" width="980" height="2" fill="#b0bec5"/>']
    for ev in m.event_log:
        if ev.get("kind") == "scheduled":
            parts.append(f'<path d="M{x(ev["t"])} 2 l4 7 l-8 0 z" fill="#607d8b">'
                         f"<title>{html.escape(story.event_line(ev))}</title></path>")
    for ev in story.severe_events(m.event_log):
        colour = draw.RUNG_COLOURS[min(int(ev["rung"]), 6)]
        parts.append(f'<rect x="{x(ev["t"]) - 1.5}" y="12" width="3" height="22" '
                     f'fill="{colour}"><title>{html.escape(story.event_line(ev))}</title></rect>')
    colours = {"connected": "#1e88e5", "unanswered": "#d50000", "": "#fb8c00"}
    for call in story.hotline_calls(m.event_log):
        parts.append(f'<circle cx="{x(call.start)}" cy="40" r="4" '
                     f'fill="{colours.get(call.outcome, "#fb8c00")}">'
                     f"<title>{html.escape(call.words())}</title></circle>")
    if session.divergence is not None:
        xd = x(session.divergence)
        parts.append(f'<line x1="{xd}" x2="{xd}" y1="0" y2="48" stroke="#6a1b9a" '
                     'stroke-width="2" stroke-dasharray="4 2"><title>first divergence'
                     "</title></line>")
    parts.append(f'<line x1="{x(session.now)}" x2="{x(session.now)}" y1="0" y2="48" '
                 'stroke="#212121" stroke-width="2"/>')
    days = int(horizon // 24)
    for d in range(0, days + 1, max(days // 12, 1) if days > 12 else 1):
        parts.append(f'<text x="{x(d * 24)}" y="58" font-size="10" text-anchor="middle" '
                     f'fill="#546e7a">{d}</text>')
    return (f'<svg viewBox="0 0 {width:.0f} 62" width="100%" preserveAspectRatio="none" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


@solara.component
def TimelinePanel(session: Session, version: int) -> None:
    with session.lock:
        svg = timeline_svg(session)
    del version
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["hotline-timeline"])
    solara.Text("marks: rung ≥ 3 (bars, colour by rung) · hotline calls (dots: blue answered, "
                "red unanswered) · scheduled events (triangles) · black: now · purple dashes: "
                "first divergence", style={"font-size": "11px", "color": "#607d8b"})


@solara.component
def StoryPanel(session: Session, version: int, selected: solara.Reactive[int | None]) -> None:
    """Pick an encounter (list of active and past ones) and read its story in plain words."""
    with session.lock:
        m = session.model
        key = (id(m), len(m.closed), tuple((e.id, e.peak) for e in m.encounters.values()))

    def list_labels() -> dict[str, int]:
        with session.lock:
            rows = story.encounter_rows(session.model)[:300]
        return {story.encounter_label(r): int(r["encounter"]) for r in rows}

    labels = solara.use_memo(list_labels, [key])
    head: list[str] = []
    events: list[dict[str, Any]] = []
    if selected.value is not None:
        with session.lock:
            head, events = story.encounter_story(session.model, selected.value, KIND_WORDS,
                                                 RUNGS)
    del version
    by_id = {v: k for k, v in labels.items()}
    current = by_id.get(selected.value) if selected.value is not None else None

    def pick(label: str | None) -> None:
        selected.set(labels.get(label) if label else None)

    with solara.Card("Encounter story", margin=0, classes=["hotline-storycard"]):
        solara.Select("encounter (active and past, newest first)", values=list(labels),
                      value=current, on_value=pick, classes=["hotline-encounterpick"])
        if selected.value is None:
            solara.Text("Pick an encounter here or click its button under the map.",
                        style={"color": "#757575"})
            return
        body = "".join(f"<p>{html.escape(h)}</p>" for h in head)
        body += story.feed_html(events, draw.RUNG_COLOURS) if events else ""
        solara.HTML(tag="div", unsafe_innerHTML=body, classes=["hotline-story"])


@solara.component
def EncounterChips(session: Session, version: int, on_pick: Callable[[int], None]) -> None:
    """One button per active encounter (what is ringed on the map): click to read its story."""
    with session.lock:
        active = sorted(((e.id, int(e.rung), int(e.peak))
                         for e in session.model.encounters.values()),
                        key=lambda p: (-p[2], -p[1], p[0]))
    del version
    if not active:
        return
    with solara.Row(gap="4px", style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Text("On the map (highest peak first):",
                    style={"font-size": "12px", "color": "#546e7a"})
        for enc_id, rung, peak in active[:12]:
            solara.Button(f"E{enc_id} · rung {rung}" + (f" (peak {peak})" if peak > rung else ""),
                          small=True, outlined=True,
                          on_click=lambda enc_id=enc_id: on_pick(enc_id),
                          classes=["hotline-encchip"],
                          style={"border-color": draw.RUNG_COLOURS[min(peak, 6)]})


def compare_rows(session: Session) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []
    ms = session.models
    rows.append(("encounters", [str(sum(m.peak_counts)) for m in ms]))
    for k in (2, 3, 4, 5):
        rows.append((f"reached rung ≥ {k}", [str(sum(m.peak_counts[k:])) for m in ms]))
    rows.append(("hotline calls (answered)",
                 [f"{m.hotline.calls} ({m.hotline.answered})" for m in ms]))
    rows.append(("tension now CN / JP", [f"{draw.tension_of(m, 'CN'):.2f} / "
                                         f"{draw.tension_of(m, 'JP'):.2f}" for m in ms]))
    return rows


@solara.component
def ComparePanel(session: Session, version: int, names: list[str]) -> None:
    """The running comparison of the pair and where they first diverged."""
    with session.lock:
        rows = compare_rows(session)
        div = session.divergence
        stored = [dict(s.stored_summary) for s in session.setups]
        diffs = [summary_differences(m, st) if st and m.finished else None
                 for m, st in zip(session.models, stored, strict=True)]
    del version
    text = (f"First divergence: {story.clock(div)} (purple mark on the timeline)" if div is not None
            else "No divergence yet: the two runs are identical so far.")
    solara.Text(text, classes=["hotline-divergence"],
                style={"font-weight": "bold", "color": "#6a1b9a", "display": "block"})
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = "".join(f"<tr><td>{html.escape(k)}</td>"
                   + "".join(f"<td>{html.escape(v)}</td>" for v in vals) + "</tr>"
                   for k, vals in rows)
    solara.HTML(tag="table", unsafe_innerHTML=f"<tr><th></th>{head}</tr>{body}",
                classes=["hotline-compare"])
    for name, d in zip(names, diffs, strict=True):
        if d is not None:
            solara.Text(f"{name}: " + ("matches the stored run." if not d else
                                       "differs from the stored run: " + "; ".join(d[:3])),
                        classes=["hotline-stored"])


def network_key(m: Any) -> tuple[Any, ...]:
    """What the network picture shows: hotline state, channels on/off, messages in flight
    (position to a tenth of their way). Equal keys, equal pictures: no redraw."""
    now = m.time
    flying = tuple((msg.sender, msg.receiver, round(min(max(
        (now - msg.sent_at) / max(msg.arrive_at - msg.sent_at, 1e-9), 0.0), 1.0), 1))
        for msg in m.comms.in_flight)
    edges = tuple(bool(d.get("active", True)) for _, _, d in m.comms.graph.edges(data=True))
    return (id(m), m.hotline.state, flying, edges)


@solara.component
def ChartsPanel(session: Session, version: int) -> None:
    """Network (every frame), tension (once a model day), peak rungs (when counts change)."""
    with session.lock:
        m = session.model
        day_key = (id(m), int(m.time // 24), len(m.tension_history))
        peaks_key = (id(m), tuple(m.peak_counts))
        net_key = network_key(m)

    def locked(fn: Callable[[Any], bytes]) -> Callable[[], bytes]:
        def run() -> bytes:
            with session.lock:
                return fn(session.model)
        return run

    del version
    Png(solara.use_memo(locked(draw.render_network_png), [net_key]),
        classes=["hotline-network"])
    Png(solara.use_memo(locked(draw.render_tension_png), [day_key]),
        classes=["hotline-tension"])
    solara.HTML(tag="div", unsafe_innerHTML=draw.peaks_svg(list(peaks_key[1])),
                classes=["hotline-peaks"])


@solara.component
def ReplayBanner(session: Session, version: int) -> None:
    """In replay mode: which run this is and, once finished, whether it matched the store."""
    setup = session.setups[0]
    if not setup.replay_run or session.paired:
        return
    with session.lock:
        finished = session.model.finished
        diffs = summary_differences(session.model, dict(setup.stored_summary)) if finished \
            else []
    del version
    msg = (f"Replay of run {setup.replay_run} from {setup.replay_dir} (seed {setup.seed}). "
           "Press ▶ to watch it unfold or drag the day slider.")
    if not finished:
        solara.Info(msg)
    elif diffs:
        solara.Warning(msg + " Finished, but differs from the stored run: "
                       + "; ".join(diffs[:4]))
    else:
        solara.Success(msg + " Finished: the summary matches the stored run.")
