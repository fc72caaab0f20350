"""The interactive web view: Mesa's SolaraViz page for watching encounters escalate or calm down.

Launch with ``hotline-sim viz`` (sets the offline asset cache and binds 127.0.0.1) or
``solara run sim/web/app.py``. Layout: SolaraViz's sidebar (Step/Play/Reset, the parameter
controls) plus a scenario picker; the main area holds the map, the communication network with
the hotline's state, tension over time, encounters by peak rung and a plain-words event feed.

Why the panels are drawn here and not by mesa's SpaceRenderer: its matplotlib backend wipes every
artist each frame and runs ``post_process`` only once, so static geography (coastlines, zones)
and per-frame labels (encounter rungs) cannot be layered on it, and units in port cannot be
hidden. Units are still styled with mesa's ``AgentPortrayalStyle`` (see `portray_unit`).

Controls come from `sim.config.parameters.PARAMS` (one source of truth): each `ParamSpec`'s type
picks
the widget (bool -> Checkbox, choices -> Select, int/float -> Slider with the registry bounds),
and the initial values are the chosen scenario's values. The core model never imports this.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # loaded by path (`solara run sim/web/app.py`): make `sim` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import matplotlib  # noqa: E402
import matplotlib.ticker  # noqa: E402

matplotlib.use("Agg")  # the server renders PNGs; never open a window

import numpy as np  # noqa: E402
import solara  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from mesa.experimental.scenarios import Scenario as MesaScenario  # noqa: E402
from mesa.visualization import Slider, SolaraViz  # noqa: E402
from mesa.visualization.components import AgentPortrayalStyle  # noqa: E402
from mesa.visualization.utils import update_counter  # noqa: E402

from sim.config.parameters import PARAMS, ParamSpec  # noqa: E402
from sim.config.scenarios import ScheduledEvent, list_scenarios, load_scenario  # noqa: E402
from sim.model import geography  # noqa: E402
from sim.model.escalation import RUNGS  # noqa: E402
from sim.model.model import EastChinaSeaModel  # noqa: E402

DEFAULT_SCENARIO = "status_quo_2022"
DEFAULT_SEED = 1
#: Model hours per Step click (SolaraViz "render interval"): an air intercept lasts about an hour
#: and a sea encounter several, so 3 h keeps rung changes visible while a day takes 8 clicks.
RENDER_INTERVAL = 3
PLAY_INTERVAL_MS = 150
#: Parameters shown as controls, in this order (the issue's list first). Widgets, bounds and
#: labels come from the registry; adding a name here is all it takes to expose another one.
CONTROL_PARAMS: tuple[str, ...] = (
    "hotline_active", "hotline_answer_prob", "hotline_consult_hours", "hotline_call_prob_cn",
    "hotline_covers_territorial", "hotline_covers_coastguard", "radio_active", "cg_cooperation",
    "misperception",
)
ASSET_CACHE_ENV = "HOTLINE_ASSET_CACHE"
DEFAULT_ASSET_CACHE = Path.home() / ".cache" / "hotline-sim" / "solara-cdn"

SIDE_COLOURS = {"CN": "#c62828", "JP": "#1565c0"}
SIDE_NAMES = {"CN": "China", "JP": "Japan"}
#: Marker by force/role, shared by both sides so the legend lists each shape once.
KIND_MARKERS: dict[str, tuple[str, str]] = {
    "PLAN": ("D", "navy ship"), "JMSDF": ("D", "navy ship"),
    "CCG": ("s", "coast-guard ship"), "JCG": ("s", "coast-guard ship"),
    "CN_FISH": ("o", "fishing boat"), "JP_FISH": ("o", "fishing boat"),
    "PLA_FIGHTER": ("^", "fighter"), "JASDF_FIGHTER": ("^", "fighter"),
    "PLA_BOMBER": ("P", "bomber"),
    "PLA_RECON": ("p", "recon / patrol aircraft"), "JP_PATROL": ("p", "recon / patrol aircraft"),
    "PLA_DRONE": ("X", "drone"),
}
RUNG_COLOURS = ("#9e9e9e", "#fdd835", "#fb8c00", "#f4511e", "#d50000", "#880e4f", "#000000")
HOTLINE_COLOURS = {"inactive": "#bdbdbd", "idle": "#43a047", "consulting": "#fb8c00",
                   "ringing": "#fdd835", "connected": "#1e88e5", "unanswered": "#d50000"}
CHANNEL_COLOURS = {"chain": "#757575", "diplomatic": "#8e24aa", "coastguard": "#00897b",
                   "radio": "#6d4c41", "hotline": "#1e88e5"}
FEED_KINDS = ("rung", "message", "hotline", "scheduled")
FEED_LINES = 14
#: Contact and shadowing (rungs 0-1) happen several times an hour and are visible on the map;
#: the feed keeps the moves that matter: warnings and worse, messages, hotline, events.
FEED_MIN_RUNG = 2


# =========================================================================== offline assets
def configure_offline_assets() -> Path | None:
    """Point Solara at the local asset cache, so the page renders without a CDN.

    `hotline-sim viz` sets the environment before solara starts; this covers a bare
    ``solara run sim/web/app.py`` too (solara reads the cache directory per request).
    """
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    cache = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR") or os.environ.get(ASSET_CACHE_ENV)
    path = Path(cache) if cache else DEFAULT_ASSET_CACHE
    if not path.is_dir():
        return None
    import solara.server.settings as ss

    ss.assets.proxy_cache_dir = path
    ss.telemetry.mixpanel_enable = False
    return path


configure_offline_assets()


# =========================================================================== time and words
def clock(t_hours: float) -> str:
    """Model hours as 'Day 41 06:10' (day 0 is the scenario's start_date)."""
    minutes = int(round(t_hours * 60))
    day, rem = divmod(minutes, 24 * 60)
    return f"Day {day} {rem // 60:02d}:{rem % 60:02d}"


def calendar(model: EastChinaSeaModel) -> str:
    """The calendar date of the model's current day, e.g. '11 Feb 2022'."""
    return model.calendar(model.time).strftime("%d %b %Y").lstrip("0")


def tension_of(model: EastChinaSeaModel, side: str) -> float:
    """A side's current tension (the model keeps levels in a `Tension` object)."""
    levels = getattr(model.tension, "level", model.tension)
    return float(levels[side])


def feed_lines(model: EastChinaSeaModel, n: int = FEED_LINES) -> list[tuple[str, int | None]]:
    """The latest n feed entries, newest first, as (line, rung or None)."""
    out: list[tuple[str, int | None]] = []
    for ev in reversed(model.event_log):
        if ev.get("kind") not in FEED_KINDS:
            continue
        rung = ev.get("rung") if ev.get("kind") == "rung" else None
        if rung is not None and rung < FEED_MIN_RUNG:
            continue
        text = str(ev.get("text", ""))
        if rung is not None and "rung" not in text:
            text += f" (rung {rung})"
        out.append((f"{clock(float(ev['t']))} — {text}", rung))
        if len(out) >= n:
            break
    return out


# =========================================================================== the model
def coerce_seed(value: Any) -> int:
    """SolaraViz's seed box hands a str (mesa #3516); mesa wants an int, never a str."""
    if isinstance(value, bool):
        raise ValueError(f"seed must be a non-negative integer, got {value!r}")
    try:
        seed = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise ValueError(f"seed must be a non-negative integer, got {value!r}") from None
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {value!r}")
    return seed


class _MesaScenarioView(MesaScenario):
    """Our scenario as a mesa Scenario: SolaraViz's Reset rejects any other `model.scenario`
    type. Attribute reads (``.name``, ``.params``, ...) pass through to ours."""

    def __init__(self, scen: Any = None, rng: Any = None, **kwargs: Any) -> None:
        super().__init__(rng=rng, **kwargs)
        self.__dict__["scen"] = scen
        if scen is not None:
            self.__dict__["name"] = scen.name

    def __getattr__(self, item: str) -> Any:
        scen = self.__dict__.get("scen")
        if scen is None or item.startswith("__"):
            raise AttributeError(item)
        return getattr(scen, item)


class VizModel(EastChinaSeaModel):
    """The model as SolaraViz's Reset builds it: from keyword controls, not a Scenario object.

    Control values equal to the scenario's own are ignored, so a scenario's provenance stays
    clean and a replay with untouched controls is exactly the stored run.
    """

    def __init__(self, scenario_name: str = DEFAULT_SCENARIO, rng: int | str | None = DEFAULT_SEED,
                 days: int | None = None, base_overrides: dict[str, Any] | None = None,
                 shock_magnitude: float = 0.0, shock_day: float = 0.0,
                 scenario: object = None, **controls: Any) -> None:
        # `scenario`: mesa's Reset passes its own experimental Scenario here; ours is by name.
        del scenario
        seed = coerce_seed(DEFAULT_SEED if rng is None else rng)
        base = load_scenario(scenario_name, base_overrides or None)
        changed = {k: v for k, v in controls.items() if k in PARAMS and v != base.params[k]}
        scen = base.with_overrides(changed, where="web view")
        if shock_magnitude:
            shock = ScheduledEvent(day=float(shock_day), kind="shock", side="both",
                                   magnitude=float(shock_magnitude),
                                   label="Tension shock set in the web view", source="web view")
            scen = replace(scen, events=tuple(sorted((*scen.events, shock), key=lambda e: e.day)))
        super().__init__(scenario=scen, rng=seed, days=days)
        self.scenario = _MesaScenarioView(scen, seed)
        self.scenario_name = scenario_name
        self.seed = seed
        self.viz_changes = changed


def step_for(spec: ParamSpec) -> float:
    """A slider step of about 1/100 of the registry range, rounded to a power of ten."""
    span = float(spec.hi - spec.lo) if spec.lo is not None and spec.hi is not None else 1.0
    if spec.type is int:
        return 1
    return 10.0 ** math.floor(math.log10(span / 100.0)) if span > 0 else 0.01


def control_label(spec: ParamSpec) -> str:
    """'hotline answer prob' style label with the unit, short enough for the sidebar."""
    label = spec.name.replace("_", " ")
    return f"{label} ({spec.unit})" if spec.unit else label


def control_for(spec: ParamSpec, value: Any) -> dict[str, Any] | Slider:
    """The SolaraViz input for one registry parameter, chosen by its type."""
    if spec.type is bool:
        return {"type": "Checkbox", "value": bool(value), "label": control_label(spec)}
    if spec.choices:
        return {"type": "Select", "value": value, "values": list(spec.choices),
                "label": control_label(spec)}
    if spec.type in (int, float) and spec.lo is not None and spec.hi is not None:
        return Slider(control_label(spec), value=spec.type(value), min=spec.type(spec.lo),
                      max=spec.type(spec.hi), step=step_for(spec), dtype=spec.type)
    return {"type": "InputText", "value": str(value), "label": control_label(spec)}


@dataclass(frozen=True)
class Setup:
    """What the page starts from: a scenario (by name or path), seed, and replay identity."""

    scenario: str = DEFAULT_SCENARIO
    seed: int = DEFAULT_SEED
    days: int | None = None
    base_overrides: tuple[tuple[str, Any], ...] = ()
    replay_dir: str = ""
    replay_run: str = ""
    stored_summary: tuple[tuple[str, Any], ...] = ()

    def model(self) -> VizModel:
        """A fresh model for this setup (the same run every time)."""
        return VizModel(scenario_name=self.scenario, rng=self.seed, days=self.days,
                        base_overrides=dict(self.base_overrides) or None)


def model_params(setup: Setup) -> dict[str, Any]:
    """SolaraViz's model_params: registry-built controls with the scenario's values, plus fixed
    entries that keep Reset on the same scenario (and the same replayed run)."""
    scen = load_scenario(setup.scenario, dict(setup.base_overrides) or None)
    params: dict[str, Any] = {
        "scenario_name": setup.scenario,
        "days": setup.days,
        "base_overrides": dict(setup.base_overrides) or None,
        "rng": {"type": "InputText", "value": str(setup.seed), "label": "seed"},
    }
    for name in CONTROL_PARAMS:
        params[name] = control_for(PARAMS[name], scen.params[name])
    # Scenario files express shocks as [[events]] with magnitude in [-2, 2]; same bounds here.
    params["shock_magnitude"] = Slider("tension shock, both sides (+index)", value=0.0,
                                       min=-1.0, max=1.0, step=0.05, dtype=float)
    params["shock_day"] = Slider("tension shock on day", value=1, min=0,
                                 max=int(setup.days or scen.params["days"]), step=1, dtype=int)
    return params


def setup_from_env() -> Setup:
    """Read what `hotline-sim viz` asked for (environment, since solara runs this module)."""
    replay_dir = os.environ.get("HOTLINE_VIZ_REPLAY_DIR", "")
    replay_run = os.environ.get("HOTLINE_VIZ_REPLAY_RUN", "")
    if replay_dir and replay_run:
        return replay_setup(replay_dir, replay_run)
    return Setup(scenario=os.environ.get("HOTLINE_VIZ_SCENARIO", DEFAULT_SCENARIO),
                 seed=coerce_seed(os.environ.get("HOTLINE_VIZ_SEED", DEFAULT_SEED)))


def replay_setup(batch_dir: str | Path, run_id: str) -> Setup:
    """The setup that reproduces run `run_id` of a stored batch: same scenario file, overrides,
    seed and horizon (read from the batch's manifest and runs table)."""
    import pandas as pd

    from sim.batch import store

    info = store.replay_info(batch_dir, run_id)
    store.reload_scenario(info["scenario"])  # warns on stderr if the file changed since
    rec = info["scenario"]
    runs = store.read_runs(Path(batch_dir))
    row = runs[runs["run_id"] == run_id].iloc[0].to_dict()
    summary = tuple((k, None if (not isinstance(v, str) and pd.isna(v)) else v)
                    for k, v in row.items())
    return Setup(scenario=str(rec["path"]), seed=int(info["seed"]),
                 days=None if info.get("days") is None else int(info["days"]),
                 base_overrides=tuple(sorted((rec.get("overrides") or {}).items())),
                 replay_dir=str(batch_dir), replay_run=run_id, stored_summary=summary)


def summary_differences(model: EastChinaSeaModel, stored: dict[str, Any]) -> list[str]:
    """Fields where the finished model's summary differs from the stored run's row."""
    diffs = []
    for key, val in model.result().summary.items():
        if key not in stored:
            continue
        ref = stored[key]
        if isinstance(val, float) or isinstance(ref, float):
            same = (val is None and ref is None) or (
                val is not None and ref is not None and math.isclose(float(val), float(ref),
                                                                     rel_tol=1e-9, abs_tol=1e-12))
        else:
            same = val == ref or (isinstance(ref, np.integer) and int(ref) == val)
        if not same:
            diffs.append(f"{key}: {val!r} here, {ref!r} stored")
    return diffs


# =========================================================================== the map
def portray_unit(unit: Any) -> AgentPortrayalStyle:
    """Colour by side, marker by kind; units in an encounter are drawn larger, on top."""
    marker = KIND_MARKERS.get(unit.kind, ("o", ""))[0]
    engaged = unit.encounter_id is not None
    return AgentPortrayalStyle(
        x=float(unit.position[0]), y=float(unit.position[1]), color=SIDE_COLOURS[unit.side],
        marker=marker, size=70 if engaged else (22 if "FISH" in unit.kind else 40),
        zorder=5 if engaged else 4, alpha=1.0 if engaged else 0.85,
        edgecolors="black" if engaged else "white", linewidths=1.0 if engaged else 0.5)


#: Zoomed inset around the Senkakus (km half-width): the territorial sea is 22 km, invisible at
#: the scale of the whole sea, and that is where most encounters happen.
INSET_HALF_KM = 75.0
HEADING_KM = 28.0


class MapCanvas:
    """One figure per model. The geography is rasterised once; each frame restores that raster
    and draws only units, headings and encounters on it (Agg blitting): ~10x faster than a
    full redraw of ~770 coastline polygons, which is what keeps a Step under half a second."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.fig = Figure(figsize=(7.4, 6.6), dpi=80, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_subplot()
        self.inset = self.ax.inset_axes((0.655, 0.0, 0.345, 0.345))
        for ax in (self.ax, self.inset):
            self._draw_static(ax)
        cx, cy = geography.SENKAKU_CENTRE_KM
        self.inset.set_xlim(cx - INSET_HALF_KM, cx + INSET_HALF_KM)
        self.inset.set_ylim(cy - INSET_HALF_KM, cy + INSET_HALF_KM)
        self.inset.set_aspect("equal")
        self.inset.set_xticks([])
        self.inset.set_yticks([])
        self.inset.text(0.02, 0.98, "Senkaku / Diaoyu waters", transform=self.inset.transAxes,
                        fontsize=7, va="top", color="#37474f")
        for spine in self.inset.spines.values():
            spine.set_edgecolor("#37474f")
        self.ax.indicate_inset_zoom(self.inset, edgecolor="#37474f", alpha=0.6)
        x0, y0, x1, y1 = geography.BOUNDS_KM
        self.ax.set_xlim(x0, x1)
        self.ax.set_ylim(y0, y1)
        self.ax.set_aspect("equal")
        self.ax.tick_params(labelsize=7)
        self.ax.set_xlabel("km east of 125.5°E", fontsize=7)
        self.ax.set_ylabel("km north of 28°N", fontsize=7)
        self.title = self.ax.set_title(" ", fontsize=9)
        self.title.set_animated(True)
        self._legend()
        self.canvas.draw()  # lays out once; then freeze the layout so the raster stays valid
        self.fig.set_layout_engine("none")
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def _draw_static(self, ax: Any) -> None:
        ax.set_facecolor("#e3f2fd")
        for ring in geography.coastlines():
            ax.fill(ring[:, 0], ring[:, 1], facecolor="#eeeeee", edgecolor="#9e9e9e",
                    linewidth=0.5, zorder=1)
        styles = {"senkaku_ts": ("#6a1b9a", "-", 1.2), "senkaku_cz": ("#6a1b9a", "--", 0.9),
                  "cn_adiz": (SIDE_COLOURS["CN"], (0, (5, 3)), 0.9),
                  "jp_adiz": (SIDE_COLOURS["JP"], (0, (5, 3)), 0.9),
                  "median_line": ("#455a64", ":", 1.2)}
        for name, line in geography.zone_outlines().items():
            colour, style, width = styles.get(name, ("#455a64", "-", 0.8))
            ax.plot(line[:, 0], line[:, 1], color=colour, linestyle=style, linewidth=width,
                    zorder=2, alpha=0.8)
        isl = geography.SENKAKU_ISLETS_KM
        ax.scatter(isl[:, 0], isl[:, 1], s=6, c="#4e342e", zorder=3)
        for base in geography.BASES.values():
            ax.scatter([base.x], [base.y], marker="*", s=60, c=SIDE_COLOURS[base.side],
                       edgecolors="black", linewidths=0.4, zorder=3)
            if ax is self.ax:
                ax.annotate(base.name.split(" (")[0], (base.x, base.y), fontsize=6,
                            xytext=(3, 3), textcoords="offset points", color="#263238", zorder=3)

    def _legend(self) -> None:
        handles = [Line2D([], [], marker="o", linestyle="", color=c, label=SIDE_NAMES[s])
                   for s, c in SIDE_COLOURS.items()]
        seen: dict[str, str] = {}
        for marker, label in KIND_MARKERS.values():
            seen.setdefault(label, marker)
        handles += [Line2D([], [], marker=m, linestyle="", color="#616161", label=lab)
                    for lab, m in seen.items()]
        handles += [
            Line2D([], [], marker="*", linestyle="", color="#616161", label="base"),
            Line2D([], [], color="#6a1b9a", label="Senkaku 12 nm / 24 nm"),
            Line2D([], [], color="#616161", linestyle=(0, (5, 3)), label="ADIZ (CN red, JP blue)"),
            Line2D([], [], color="#455a64", linestyle=":", label="median line (approx.)"),
            Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                   markeredgecolor=RUNG_COLOURS[4], markersize=10, label="encounter (rung)"),
        ]
        self.ax.legend(handles=handles, loc="upper left", fontsize=6.5, framealpha=0.85,
                       ncols=2, handletextpad=0.3, columnspacing=0.8, borderpad=0.4)

    def _frame_artists(self, model: EastChinaSeaModel, ax: Any, inset: bool) -> list[Any]:
        """Units (styled by `portray_unit`), heading ticks and encounter rings for one axes."""
        artists: list[Any] = []
        units = [u for u in model.units if u.at_sea]
        styles = [portray_unit(u) for u in units]
        if units:
            xy = np.array([(s.x, s.y) for s in styles])
            heading = np.array([u.heading for u in units])
            tips = xy + HEADING_KM * np.column_stack([np.cos(heading), np.sin(heading)])
            artists.append(ax.add_collection(
                LineCollection(np.stack([xy, tips], axis=1), colors=[s.color for s in styles],
                               linewidths=0.8), autolim=False))
            for marker in sorted({s.marker for s in styles}):
                idx = [i for i, s in enumerate(styles) if s.marker == marker]
                artists.append(ax.scatter(
                    xy[idx, 0], xy[idx, 1], marker=marker, s=[styles[i].size for i in idx],
                    c=[styles[i].color for i in idx],
                    edgecolors=[styles[i].edgecolors for i in idx],
                    linewidths=[styles[i].linewidths for i in idx]))
        for enc in model.encounters.values():
            cx, cy = enc.centre
            rung = min(int(enc.rung), 6)
            colour = RUNG_COLOURS[rung]
            text = f"E{enc.id} rung {rung}: {_short(RUNGS[rung])}"
            if enc.hotline:
                text += f"\nhotline {enc.hotline}"
            artists.append(ax.scatter([cx], [cy], s=700 if inset else 420, facecolors="none",
                                      edgecolors=colour, linewidths=2.2))
            artists.append(ax.annotate(
                text, (cx, cy), xytext=(9, 7), textcoords="offset points", fontsize=7,
                fontweight="bold", color="#212121", annotation_clip=True,
                bbox={"boxstyle": "round,pad=0.2", "fc": colour, "alpha": 0.45, "ec": "none"}))
        return artists

    def draw(self, model: EastChinaSeaModel) -> None:
        """Restore the geography raster and draw this frame's units and encounters on it."""
        self.canvas.restore_region(self.background)
        n_sea = sum(1 for u in model.units if u.at_sea)
        n = len(model.encounters)
        self.title.set_text(f"{clock(model.time)}  ({calendar(model)})  —  {n_sea} units at "
                            f"sea, {n} active encounter{'' if n == 1 else 's'}")
        self.ax.draw_artist(self.title)
        for ax, inset in ((self.ax, False), (self.inset, True)):
            for artist in self._frame_artists(model, ax, inset):  # drawn in list order
                ax.draw_artist(artist)
                artist.remove()

    def png(self) -> bytes:
        """The canvas as PNG (fast zlib level: the image changes every Step anyway)."""
        import io

        from PIL import Image

        width, height = self.canvas.get_width_height()
        img = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw",
                               "RGBA", 0, 1)
        buf = io.BytesIO()
        img.save(buf, format="png", compress_level=1)
        return buf.getvalue()


_CANVASES: dict[int, MapCanvas] = {}


def map_canvas(model: EastChinaSeaModel) -> MapCanvas:
    """The figure for this model (static layers cached; one per live model)."""
    key = id(model)
    if key not in _CANVASES:
        if len(_CANVASES) > 8:  # models replaced by Reset: drop the oldest figures
            _CANVASES.pop(next(iter(_CANVASES)))
        _CANVASES[key] = MapCanvas()
    return _CANVASES[key]


def render_map_png(model: EastChinaSeaModel) -> bytes:
    """The map as PNG bytes (what the page shows; also used by the benchmark)."""
    canvas = map_canvas(model)
    canvas.draw(model)
    return canvas.png()


# =========================================================================== network panel
#: Where each role sits, for China (x from the left edge); Japan mirrors it. Rows follow the
#: chain of command, and each cross-border channel (diplomatic, hotline, coast-guard line,
#: radio) runs at its own height so the lines never overlap.
ROLE_POS: dict[str, tuple[float, float]] = {
    "top": (0.12, 1.0), "foreign": (0.38, 0.84), "ministry": (0.38, 0.64),
    "command": (0.16, 0.44), "cg_hq": (0.38, 0.26), "onscene_mil": (0.14, -0.02),
    "onscene_cg": (0.40, 0.09),
}


def _role(node: str, data: dict[str, Any]) -> str:
    role = str(data.get("role", ""))
    if role == "onscene":
        return "onscene_mil" if node.endswith("_MIL") else "onscene_cg"
    return role


def _node_positions(graph: Any) -> dict[Any, tuple[float, float]]:
    """Fixed positions (no random layout, so the picture never jumps between frames): China
    left, Japan right, the chain of command top to bottom; unknown nodes in the middle."""
    pos: dict[Any, tuple[float, float]] = {}
    spare = 0
    for node, data in graph.nodes(data=True):
        xy = ROLE_POS.get(_role(node, data))
        if xy is None or data.get("side") not in ("CN", "JP"):
            pos[node] = (0.5, 1.0 - 0.12 * spare)
            spare += 1
            continue
        pos[node] = xy if data["side"] == "CN" else (1.0 - xy[0], xy[1])
    return pos


def _short_label(node: str, data: dict[str, Any]) -> str:
    role = _role(node, data)
    if role == "onscene_mil":
        return "navy/air on scene"
    if role == "onscene_cg":
        return "coast guard on scene"
    return node.split("_", 1)[-1] if "_" in node else str(data.get("label", node))


def render_network_png(model: EastChinaSeaModel) -> bytes:
    """The communication network: organisations, channels (active bold), messages in flight."""
    import io

    graph = model.comms.graph
    pos = _node_positions(graph)
    fig = Figure(figsize=(4.6, 3.6), dpi=80)  # fixed margins: a layout engine costs ~30 ms
    ax = fig.add_axes((0.0, 0.06, 1.0, 0.94))
    ax.set_axis_off()
    done: set[frozenset[Any]] = set()
    for u, v, data in graph.edges(data=True):
        if frozenset((u, v)) in done:  # channels are two-way: draw each pair once
            continue
        done.add(frozenset((u, v)))
        channel = data.get("channel", "chain")
        colour = CHANNEL_COLOURS.get(channel, "#757575")
        active = bool(data.get("active", True))
        hot = channel == "hotline"
        if hot:
            colour = HOTLINE_COLOURS.get(model.hotline.state, colour)
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.plot([x0, x1], [y0, y1], color=colour, alpha=0.9 if active else 0.35,
                linewidth=3.5 if hot and active else (1.4 if active else 0.9),
                linestyle="-" if active else (0, (2, 2)), zorder=1)
        if channel != "chain":
            word = f"hotline: {model.hotline.state}" if hot else channel
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.025, word if active else f"{word} (off)",
                    fontsize=6.5 if not hot else 7.5, ha="center", va="bottom", color=colour,
                    fontweight="bold" if hot else "normal", zorder=2)
    nodes = list(graph.nodes(data=True))
    ax.scatter([pos[n][0] for n, _ in nodes], [pos[n][1] for n, _ in nodes], s=55,
               c=[SIDE_COLOURS.get(d.get("side", ""), "#616161") for _, d in nodes],
               edgecolors="white", zorder=3)
    for node, data in nodes:
        x, y = pos[node]
        left = x < 0.5
        ax.text(x + (-0.03 if left else 0.03), y, _short_label(node, data), fontsize=6.5,
                ha="right" if left else "left", va="center", zorder=4)
    now, dots = model.time, []
    for msg in model.comms.in_flight:
        if msg.sender not in pos or msg.receiver not in pos:
            continue
        f = min(max((now - msg.sent_at) / max(msg.arrive_at - msg.sent_at, 1e-9), 0.0), 1.0)
        (x0, y0), (x1, y1) = pos[msg.sender], pos[msg.receiver]
        dots.append((x0 + f * (x1 - x0), y0 + f * (y1 - y0)))
    if dots:
        ax.scatter(*zip(*dots, strict=True), s=30, c="#ffb300", edgecolors="black",
                   linewidths=0.5, zorder=5)
    handles = [Line2D([], [], color=CHANNEL_COLOURS["chain"], label="chain of command"),
               Line2D([], [], color="#757575", linestyle=(0, (2, 2)), label="channel off"),
               Line2D([], [], marker="o", linestyle="", color="#ffb300",
                      label="message in flight")]
    ax.legend(handles=handles, loc="upper center", fontsize=6.5, ncols=3, frameon=False,
              bbox_to_anchor=(0.5, 0.0))
    ax.text(0.0, 1.07, "China", color=SIDE_COLOURS["CN"], fontweight="bold", fontsize=8)
    ax.text(1.0, 1.07, "Japan", color=SIDE_COLOURS["JP"], fontweight="bold", fontsize=8,
            ha="right")
    ax.set_xlim(-0.32, 1.32)
    ax.set_ylim(-0.08, 1.12)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


# =========================================================================== charts
def render_tension_png(model: EastChinaSeaModel) -> bytes:
    """Each side's tension by day, with the crisis level (1.0) for scale."""
    import io

    fig = Figure(figsize=(4.6, 2.1), dpi=80)
    ax = fig.add_axes((0.12, 0.2, 0.85, 0.76))
    hist = np.asarray(model.tension_history, dtype=float).reshape(-1, 3)
    days = np.concatenate([[0.0], hist[:, 0], [model.time / 24.0]])
    start = getattr(model.tension, "baseline", None) or {}
    for i, side in ((1, "CN"), (2, "JP")):
        now = tension_of(model, side)
        first = float(start.get(side, hist[0, i] if len(hist) else now))
        ax.plot(days, np.concatenate([[first], hist[:, i], [now]]), color=SIDE_COLOURS[side],
                label=f"{SIDE_NAMES[side]} {now:.2f}", linewidth=1.4)
    ax.axhline(1.0, color="#9e9e9e", linestyle=":", linewidth=0.8)
    ax.set_xlim(0, max(days[-1], 1.0))
    ax.set_ylim(0, max(1.1, float(np.nanmax(hist[:, 1:], initial=0.0)) + 0.1))
    ax.set_xlabel("day", fontsize=7)
    ax.set_ylabel("tension", fontsize=7)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=2)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def render_peaks_png(model: EastChinaSeaModel) -> bytes:
    """Encounters so far by the highest rung they reached (log scale: severe ones are rare)."""
    import io

    fig = Figure(figsize=(4.6, 2.1), dpi=80)
    ax = fig.add_axes((0.12, 0.22, 0.85, 0.74))
    counts = list(model.peak_counts)
    bars = ax.bar(range(len(counts)), [max(c, 0) for c in counts], color=RUNG_COLOURS,
                  edgecolor="#424242", linewidth=0.5)
    for bar, c in zip(bars, counts, strict=True):
        ax.text(bar.get_x() + bar.get_width() / 2, max(c, 1), str(c), ha="center",
                va="bottom", fontsize=7)
    ax.set_yscale("symlog", linthresh=1)
    ax.set_ylim(0, max(max(counts, default=1), 1) * 3)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}"))
    ax.set_xticks(range(len(RUNGS)), [f"{i}\n{_short(r)}" for i, r in enumerate(RUNGS)],
                  fontsize=6)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel("encounters", fontsize=7)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _short(rung_name: str) -> str:
    return rung_name.split(" or ")[0].replace("unsafe approach", "unsafe")


# =========================================================================== components
@solara.component
def Png(data: bytes, classes: Sequence[str] = ()) -> None:
    """A PNG image in a div the browser tests can find by class."""
    import ipywidgets

    with solara.Div(classes=list(classes)):
        ipywidgets.Image.element(value=data, format="png")


@solara.component
def Dashboard(model: EastChinaSeaModel, setup: Setup) -> None:
    """The main area: map left; hotline, network, charts and event feed right."""
    tick = update_counter.get()  # re-render on every Step (SolaraViz's force_update)
    state = model.hotline.state
    with solara.Columns([3, 2], gutters_dense=True):
        with solara.Column(gap="4px"):
            with solara.Row(gap="12px", style={"align-items": "center"}):
                solara.Text(clock(model.time), classes=["hotline-clock"],
                            style={"font-size": "20px", "font-weight": "bold"})
                solara.Text(f"{calendar(model)} · scenario {model.scenario.name} · seed "
                            f"{getattr(model, 'seed', '')}", classes=["hotline-header"],
                            style={"color": "#546e7a"})
            Png(solara.use_memo(lambda: render_map_png(model), [model, tick]),
                classes=["hotline-map"])
            ReplayBanner(model, setup)
        with solara.Column(gap="4px"):
            with solara.Row(style={"align-items": "center"}):
                solara.Text("Defence hotline:", style={"font-weight": "bold"})
                solara.Text(state, classes=["hotline-state"],
                            style={"background": HOTLINE_COLOURS.get(state, "#bdbdbd"),
                                   "color": "white" if state != "ringing" else "black",
                                   "padding": "2px 10px", "border-radius": "10px",
                                   "font-weight": "bold"})
                solara.Text(f"{len(model.comms.in_flight)} message(s) in flight",
                            style={"color": "#546e7a"})
            Png(solara.use_memo(lambda: render_network_png(model), [model, tick]),
                classes=["hotline-network"])
            Png(solara.use_memo(lambda: render_tension_png(model), [model, tick]),
                classes=["hotline-tension"])
            Png(solara.use_memo(lambda: render_peaks_png(model), [model, tick]),
                classes=["hotline-peaks"])
    EventFeed(model)


@solara.component
def EventFeed(model: EastChinaSeaModel) -> None:
    """The latest rung changes, messages and hotline states in plain words."""
    update_counter.get()
    lines = feed_lines(model)
    with solara.Card("Latest events", classes=["hotline-feed"], margin=0):
        if not lines:
            solara.Text("Nothing yet: press Step or ▶.", style={"color": "#757575"})
        for text, rung in lines:
            colour = RUNG_COLOURS[min(rung, 6)] if rung is not None and rung >= 2 else None
            style = {"font-size": "13px", "display": "block"}
            if colour:
                style["border-left"] = f"4px solid {colour}"
                style["padding-left"] = "4px"
            solara.Text(text, style=style)


@solara.component
def ReplayBanner(model: EastChinaSeaModel, setup: Setup) -> None:
    """In replay mode: which run this is and, once finished, whether it matched the store."""
    update_counter.get()
    if not setup.replay_run:
        return
    msg = (f"Replay of run {setup.replay_run} from {setup.replay_dir} (seed {setup.seed}). "
           "Press ▶ to watch it unfold.")
    if model.finished:
        diffs = summary_differences(model, dict(setup.stored_summary))
        if diffs:
            solara.Warning(msg + " Finished, but differs from the stored run: "
                           + "; ".join(diffs[:4]))
            return
        solara.Success(msg + " Finished: the summary matches the stored run.")
        return
    solara.Info(msg)


@solara.component
def ScenarioPicker(scenario: solara.Reactive[str], on_pick: Any) -> None:
    """Pick a scenario file: rebuilds the model at once and resets the controls to its values."""
    names = list_scenarios()
    if scenario.value not in names:
        names = [scenario.value, *names]
    with solara.Card("Scenario", margin=0):
        solara.Select("scenario", values=names, value=scenario.value, on_value=on_pick,
                      classes=["hotline-scenario"])
        try:
            desc = load_scenario(scenario.value).description
        except Exception:  # noqa: BLE001 - a description is a nicety, never a failure
            desc = ""
        if desc:
            solara.Text(desc, style={"font-size": "12px", "color": "#546e7a"})


@solara.component
def Page() -> None:
    """The whole page; one model per browser session."""
    initial = solara.use_memo(setup_from_env, [])
    setup = solara.use_reactive(initial)
    scenario = solara.use_reactive(initial.scenario)
    model = solara.use_reactive(solara.use_memo(initial.model, []))

    def pick(name: str) -> None:
        new = Setup(scenario=name, seed=coerce_seed(getattr(model.value, "seed", DEFAULT_SEED)))
        scenario.set(name)
        setup.set(new)
        model.set(new.model())

    with solara.Sidebar():
        ScenarioPicker(scenario, pick)
    # Keyed by the setup: a new scenario remounts the controls with that scenario's values.
    SolaraViz(model, components=[], model_params=model_params(setup.value),
              name="hotline-sim: China-Japan encounters and the hotline",
              play_interval=PLAY_INTERVAL_MS,
              render_interval=RENDER_INTERVAL).key(f"viz-{setup.value!r}")
    Dashboard(model.value, setup.value)


page = Page()
