"""The regions of the web page around the map: run buttons, the centre column (clock, map(s),
jumps, scrubber, pair comparison), the right column (hotline, feed, stories, charts), the
downloads, and the page's CSS grid. The panels themselves are in `sim.web.panels`.
"""

from __future__ import annotations

from typing import Any

import solara

from sim.web import panels, story
from sim.web.session import Session

__all__ = ["CSS", "Centre", "Downloads", "Right", "RunButtons", "run_names"]


@solara.component
def Downloads(session: Session) -> None:
    """The run's summary, encounters and events as CSV files, as of now."""
    def data(fn: Any) -> Any:
        def get() -> bytes:
            with session.lock:
                return fn(session.model)
        return get

    tag = f"{session.model.scenario.name}_seed{session.model.seed}_day{int(session.now // 24)}"
    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}, classes=["hotline-downloads"]):
        for what, fn in (("summary", story.summary_csv), ("encounters", story.encounters_csv),
                         ("events", story.events_csv)):
            solara.FileDownload(data(fn), filename=f"{tag}_{what}.csv", label=f"{what}.csv",
                                mime_type="text/csv")


CSS = """
.hl-top { display:flex; flex-wrap:wrap; gap:8px; align-items:center; padding:4px 8px;
          background:#eceff1; }
.hl-top .v-input { flex: 0 0 auto; }
.hl-grid { display:grid; gap:8px; padding:4px 8px;
           grid-template-columns: 250px minmax(0, var(--hl-map-w)) minmax(340px, 1fr); }
.hl-grid.hl-pair { grid-template-columns: 250px minmax(0, var(--hl-pair-w)) minmax(340px, 1fr); }
:root { --hl-map-w: min(calc((100vh - 200px) * 1.09), calc(100vw - 640px));
        --hl-pair-w: calc(100vw - 640px); }
.hl-left { max-height: calc(100vh - 70px); overflow-y:auto; }
.hl-right { display:grid; gap:6px; align-content:start;
            grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
.hotline-map img, .hotline-network img, .hotline-tension img, .hotline-peaks img {
    width:100%; height:auto; display:block; }
.hl-maps { display:grid; gap:6px; grid-template-columns: 1fr; }
.hl-pair .hl-maps { grid-template-columns: 1fr 1fr; }
.hotline-feed { height: calc(100vh - 260px); min-height: 200px; overflow-y:auto;
                font-size:13px; background:white; border:1px solid #cfd8dc; padding:2px 4px; }
.hotline-story { max-height: 420px; overflow-y:auto; font-size:13px; }
.hotline-story p { margin: 0 0 2px 0; }
.feed-line { padding-left:4px; margin:1px 0; }
.feed-severe { font-weight:bold; }
.hotline-timeline svg { height:62px; background:#fafafa; }
.hotline-compare td, .hotline-compare th { padding:1px 8px; font-size:13px; text-align:right; }
.hotline-compare td:first-child { text-align:left; }
.hotline-clock { font-size:20px; font-weight:bold; }
.v-application--wrap > div > .solara-content-main, .solara-content-main { padding:0 !important; }
div:has(> b > a[href="https://solara.dev"]) { display:none !important; }
.hl-left .v-input__slider { margin-top:-6px; }
.hl-ctl-label { font-size:13px; display:block; margin-top:6px; }
.hotline-pending .hl-ctl-label { color:#e65100; font-weight:bold; }
"""




@solara.component
def RunButtons(session: Session, version: solara.Reactive[int],
               playing: solara.Reactive[bool], on_step: Any) -> None:
    _ = version.value  # re-render on every move (Step is disabled at the horizon)
    finished = session.finished
    with solara.Row(gap="8px"):
        solara.Button("Step", color="primary", on_click=on_step,
                      disabled=finished or playing.value, classes=["hotline-step"])
        solara.Button("❚❚ Pause" if playing.value else "▶ Play", color="primary",
                      on_click=lambda: playing.set(not playing.value), disabled=finished,
                      classes=["hotline-play"])


def run_names(session: Session) -> list[str]:
    """Each run's name with whether its hotline is on (the pair's column headers)."""
    return [s.name + (" · hotline " + ("on" if m.p["hotline_active"] else "off"))
            for s, m in zip(session.setups, session.models, strict=True)]


@solara.component
def Centre(session: Session, version: solara.Reactive[int], view: str,
           selected: solara.Reactive[int | None], day_text: solara.Reactive[str],
           move: Any, goto_day: Any) -> None:
    """Clock, map(s), encounter buttons, timeline, jumps, scrubber, pair comparison."""
    tick = version.value
    with session.lock:
        m, now, finished, names = session.model, session.now, session.finished, run_names(session)
        header = f"{story.calendar(m, now)} · scenario {names[0]} · seed {m.seed}"
    with solara.Row(style={"align-items": "baseline", "gap": "12px"}):
        solara.Text(story.clock(now), classes=["hotline-clock"])
        solara.Text(header, classes=["hotline-header"], style={"color": "#546e7a"})
    if finished:
        solara.Success(f"Run finished: {story.clock(m.horizon_h)} is the horizon "
                       f"({m.days} days). Reset to run again.",
                       classes=["hotline-finished"], dense=True)
    panels.ReplayBanner(session, tick)
    with solara.Div(classes=["hl-maps"]):
        for i in range(len(session.models)):
            with solara.Div():
                panels.MapPanel(session, i, view, tick, names[i] if session.paired else "")
    panels.EncounterChips(session, tick, selected.set)
    panels.TimelinePanel(session, tick)
    with solara.Row(gap="4px", style={"flex-wrap": "wrap", "align-items": "center"}):
        solara.Button("◀ rung ≥ 3", on_click=move(session.prev_severe), small=True,
                      classes=["hotline-prevsevere"])
        solara.Button("rung ≥ 3 ▶", on_click=move(session.next_severe), small=True,
                      classes=["hotline-nextsevere"])
        solara.Button("first severe (rung 4)", on_click=move(session.first_severe),
                      small=True, classes=["hotline-firstsevere"])
        solara.InputText("day", value=day_text, classes=["hotline-dayinput"],
                         style={"max-width": "80px"})
        solara.Button("go to day", on_click=goto_day, small=True, classes=["hotline-goto"])
    solara.SliderInt(f"scrub: day {int(now // 24)} of {m.days}", value=int(now // 24), min=0,
                     max=int(m.days), on_value=lambda d: move(session.goto)(float(d) * 24.0))
    if session.paired:
        panels.ComparePanel(session, tick, names)


@solara.component
def Right(session: Session, version: solara.Reactive[int], which: solara.Reactive[str],
          selected: solara.Reactive[int | None]) -> None:
    """Hotline and feed (first: visible at 1280x800), then stories and charts."""
    tick = version.value
    with solara.Div(classes=["hl-right"]):
        with solara.Div():
            panels.HotlinePanel(session, tick)
            panels.FeedPanel(session, tick, which)
        with solara.Div():
            panels.StoryPanel(session, tick, selected)
            panels.ChartsPanel(session, tick)
