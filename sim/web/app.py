"""The interactive web view: watch encounters escalate or calm down, with and without the hotline.

Launch with ``hotline-sim viz`` (sets the offline asset cache and binds 127.0.0.1) or
``solara run sim/web/app.py``. Layout (CSS grid, fits 1280x800 and uses the width at 1920):
a top bar (scenario, seed, Reset/Step/Play, view), parameters on the left (they apply on Reset,
and the page says which are pending), the map with a timeline and jumps in the centre, the
hotline, the event feed, encounter stories and charts on the right.

Why a page of our own and not mesa's SolaraViz: its controller steps one model, rebuilds it on
Reset from a parameter dict it keeps itself (so a scenario picked beside it was silently lost),
shows a Python traceback for a bad seed, and has no place for a second model in lockstep, jumps
or a scrubber. The model is still a mesa Model (sim.model), units are styled with mesa's
``AgentPortrayalStyle`` (sim/web/draw.py), and the controls come from the parameter registry
`sim.config.parameters.PARAMS` (type -> widget, bounds -> slider range; `sim.web.controls`). The
regions around the map are `sim.web.layout`, the panels `sim.web.panels`. The model never imports
this package.

Security: the scenario picker accepts only the names it lists (checked here, on the server); any
other value — a path sent by a crafted event — is refused with a message that names no file.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # loaded by path (`solara run sim/web/app.py`): make `sim` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import solara  # noqa: E402

from sim.batch.pairs import pair_run_ids  # noqa: E402
from sim.config.assets import asset_cache  # noqa: E402
from sim.config.scenarios import list_scenarios, load_scenario  # noqa: E402
from sim.web import story  # noqa: E402, F401 - re-exported for the benchmark
from sim.web.controls import CONTROL_PARAMS, ParamsPanel  # noqa: E402
from sim.web.layout import CSS, Centre, Downloads, Right, RunButtons  # noqa: E402
from sim.web.session import (  # noqa: E402, F401 - re-exported for tests and the benchmark
    DEFAULT_SCENARIO,
    DEFAULT_SEED,
    Session,
    Setup,
    VizModel,
    coerce_seed,
    replay_setup,
    summary_differences,
)

#: Model hours per Step click: an air intercept lasts about an hour and a sea encounter
#: several, so 3 h keeps rung changes visible while a day takes 8 clicks.
RENDER_INTERVAL = 3
#: Play speeds (model hours per frame): a simulated year takes minutes at a day per frame.
PLAY_SPEEDS = {"3 h per frame": 3, "1 day per frame": 24, "1 week per frame": 168}
PLAY_PAUSE_S = 0.05
REFUSED = "Refused: that is not one of the listed scenarios. Pick one from the list."

log = logging.getLogger("hotline_sim.web")
if not log.handlers:  # solara configures its own loggers only: make ours reach the server log
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("hotline-sim web: %(levelname)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def configure_offline_assets() -> Path | None:
    """Point Solara at the local asset cache, so the page renders without a CDN."""
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    cache = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    path = Path(cache) if cache else asset_cache()
    if not path.is_dir():
        return None
    import solara.server.settings as ss

    ss.assets.proxy_cache_dir = path
    ss.telemetry.mixpanel_enable = False
    return path


configure_offline_assets()


# =========================================================================== setup
def setups_from_env() -> list[Setup]:
    """What `hotline-sim viz` asked for (environment, since solara runs this module): one
    setup, or the two of a stored pair (`--replay DIR --pair ID`)."""
    replay_dir = os.environ.get("HOTLINE_VIZ_REPLAY_DIR", "")
    pair = os.environ.get("HOTLINE_VIZ_PAIR", "")
    if replay_dir and pair:
        return [replay_setup(replay_dir, rid) for rid in pair_run_ids(replay_dir, pair)]
    replay_run = os.environ.get("HOTLINE_VIZ_REPLAY_RUN", "")
    if replay_dir and replay_run:
        return [replay_setup(replay_dir, replay_run)]
    return [Setup(scenario=os.environ.get("HOTLINE_VIZ_SCENARIO", DEFAULT_SCENARIO),
                  seed=coerce_seed(os.environ.get("HOTLINE_VIZ_SEED", DEFAULT_SEED)))]


def picker_choices(initial: Setup) -> dict[str, Setup]:
    """The picker's list: every built-in/user scenario by name, plus what the server was
    started with (a file or a replay). Nothing else is ever loaded from the page."""
    choices = {name: Setup(scenario=name) for name in list_scenarios()}
    if initial.name not in choices:
        choices = {initial.name: replace(initial, controls=(), shock=(0.0, 0.0)), **choices}
    return choices


def scenario_params(setup: Setup) -> dict[str, Any]:
    return dict(load_scenario(setup.scenario, dict(setup.base_overrides) or None).params)



# =========================================================================== the page
@solara.component
def Page() -> None:  # noqa: C901 - one flat list of controls and callbacks
    """The whole page; one session (one run, or a pair in lockstep) per browser tab."""
    initial = solara.use_memo(setups_from_env, [])
    session = solara.use_memo(lambda: Session(list(initial)), [])
    choices = solara.use_memo(lambda: picker_choices(initial[0]), [])
    # Not use_reactive: that would re-render the whole page on every move; only the panels
    # that read `version.value` follow it.
    version = solara.use_memo(lambda: solara.reactive(0), [])
    label = solara.use_reactive(initial[0].name)
    seed_text = solara.use_reactive(str(initial[0].seed))
    values = solara.use_reactive({})  # control values changed in the panel (not yet run)
    error = solara.use_reactive("")
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(next(iter(PLAY_SPEEDS)))
    which = solara.use_reactive("key events")
    view = solara.use_reactive("region")
    paired_view = solara.use_reactive(len(initial) > 1)
    selected = solara.use_reactive(None)
    day_text = solara.use_reactive("")
    generation = solara.use_reactive(0)

    base_setup = choices[label.value]
    base = {**scenario_params(base_setup), "shock_magnitude": 0.0, "shock_day": 1}
    base = {k: base[k] for k in (*CONTROL_PARAMS, "shock_magnitude", "shock_day")}
    running_setup = session.setups[0]
    running = {**scenario_params(running_setup), **dict(running_setup.controls),
               "shock_magnitude": running_setup.shock[0], "shock_day": running_setup.shock[1]}
    if running_setup.shock == (0.0, 0.0):
        running["shock_day"] = 1

    def bump() -> None:
        version.set(session.version)

    def start(setups: list[Setup]) -> None:
        with session.lock:
            session.setups = setups
            session.rebuild()
        selected.set(None)
        generation.set(generation.value + 1)
        bump()

    def build_setup(pick: str, seed: int) -> Setup:
        chosen = choices[pick]
        params = {**base, **values.value}
        controls = {k: params[k] for k in CONTROL_PARAMS if params[k] != base[k]}
        shock = (float(params["shock_magnitude"]), float(params["shock_day"]))
        shock = shock if shock[0] else (0.0, 0.0)
        new = replace(chosen, seed=seed, controls=tuple(sorted(controls.items())), shock=shock)
        if (seed, new.controls, shock) != (chosen.seed, (), (0.0, 0.0)):
            new = replace(new, replay_dir="", replay_run="", stored_summary=())
        return new

    def read_seed() -> int | None:
        try:
            return coerce_seed(seed_text.value)
        except ValueError as exc:
            error.set(str(exc))
            log.warning("refused seed from the page: %s", exc)
            return None

    def reset() -> None:
        playing.set(False)
        seed = read_seed()
        if seed is None:
            return
        error.set("")
        setup = build_setup(label.value, seed)
        if paired_view.value and len(initial) > 1 and setup == initial[0]:
            start(list(initial))
        else:
            start([setup, setup.counterpart()] if paired_view.value else [setup])

    def pick(name: Any) -> None:
        if not isinstance(name, str) or name not in choices:
            error.set(REFUSED)
            log.warning("refused a scenario value from the page (not in the list): %.80r", name)
            return
        playing.set(False)
        seed = read_seed()
        if seed is None:
            return
        error.set("")
        label.set(name)
        values.set({})
        chosen = replace(choices[name], seed=seed)
        start([chosen, chosen.counterpart()] if paired_view.value else [chosen])

    def set_paired(on: bool) -> None:
        paired_view.set(on)
        playing.set(False)
        first = session.setups[0]
        if on and len(initial) > 1 and first == initial[0]:
            start(list(initial))
        else:
            start([first, first.counterpart()] if on else [first])

    def move(fn: Any) -> Any:
        def run(*args: Any) -> None:
            if playing.value:
                playing.set(False)
            with session.lock:
                fn(*args)
            bump()
        return run

    def goto_day() -> None:
        try:
            day = float(day_text.value)
        except ValueError:
            error.set(f"day must be a number from 0 to {session.model.days}")
            return
        error.set("")
        move(session.goto)(day * 24.0)

    def play_loop(cancel: Any) -> None:
        import time

        while playing.value and not cancel.is_set():
            with session.lock:
                if session.finished:
                    break
                session.step(PLAY_SPEEDS[speed.value])
            bump()
            time.sleep(PLAY_PAUSE_S)
        if session.finished:
            playing.set(False)

    solara.use_thread(play_loop, dependencies=[playing.value], intrusive_cancel=False)

    solara.Style(CSS)
    _ = generation.value  # read: a new run re-renders the page (the panels follow `version`)
    with solara.Div(classes=["hl-top"]):
        solara.Text("hotline-sim", style={"font-weight": "bold", "font-size": "18px"})
        solara.Select("scenario", values=list(choices), value=label.value, on_value=pick,
                      classes=["hotline-scenario"], style={"max-width": "240px"})
        solara.InputText("seed", value=seed_text, classes=["hotline-seed"],
                         style={"max-width": "110px"})
        solara.Button("Reset", color="primary", on_click=reset, classes=["hotline-reset"])
        RunButtons(session, version, playing, move(lambda: session.step(RENDER_INTERVAL)))
        solara.Select("play speed", values=list(PLAY_SPEEDS), value=speed,
                      style={"max-width": "150px"})
        with solara.Div(classes=["hotline-pairtoggle"]):
            solara.Checkbox(label="with vs without hotline", value=paired_view.value,
                            on_value=set_paired)
        solara.ToggleButtonsSingle(value=view, values=["region", "senkaku"], dense=True,
                                   classes=["hotline-mapview"])
    if error.value:
        solara.Error(error.value, classes=["hotline-error"], dense=True)
    with solara.Div(classes=["hl-grid"] + (["hl-pair"] if session.paired else [])):
        with solara.Div(classes=["hl-left"]):
            ParamsPanel(base, running if label.value == running_setup.name else base, values,
                        int(session.model.days))
            with solara.Card("Download this run (CSV)", margin=0):
                Downloads(session)
        with solara.Div(classes=["hl-centre"]):
            Centre(session, version, view.value, selected, day_text, move, goto_day)
        Right(session, version, which, selected)





page = Page()
