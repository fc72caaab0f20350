"""The web view's map (region or Senkaku view) as PNG bytes, drawn with matplotlib's Agg backend.

Why the map is drawn here and not by mesa's SpaceRenderer: its matplotlib backend wipes every
artist each frame and runs ``post_process`` only once, so static geography (coastlines, zones)
and per-frame labels (encounter rungs) cannot be layered on it, and units in port cannot be
hidden. Units are still styled with mesa's ``AgentPortrayalStyle`` (see `portray_unit`).
Speed: the geography is rasterised once per map view and each frame only blits units and
encounters on it. The other pictures and the shared colours are in `sim.web.draw`.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")  # the server renders PNGs; never open a window

import numpy as np  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from mesa.visualization.components import AgentPortrayalStyle  # noqa: E402

from sim.model import geography  # noqa: E402
from sim.model.escalation import RUNGS  # noqa: E402
from sim.model.hotline import CallState  # noqa: E402
from sim.web.draw import RUNG_COLOURS, SIDE_COLOURS, short_rung  # noqa: E402
from sim.web.story import SIDE_NAMES, calendar, clock  # noqa: E402

__all__ = ["DENSE_FISHING", "KIND_MARKERS", "MAP_VIEWS", "MapCanvas", "map_canvas",
           "portray_unit", "render_map_png"]

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
MAP_VIEWS = ("region", "senkaku")
#: Half-width (km) of the Senkaku view and inset: the territorial sea is 22 km, invisible at the
#: scale of the whole sea, and that is where most encounters happen.
INSET_HALF_KM = 75.0
HEADING_KM = 28.0  # heading tick length at the scale of the whole region
REGION_SPAN_KM = geography.BOUNDS_KM[2] - geography.BOUNDS_KM[0]
#: Fishing boats beyond this many are drawn as a translucent haze (density shading) under the
#: islets and the 12-nm line, which are redrawn on top: the 2016 surge put ~230 boats there.
DENSE_FISHING = 30


def portray_unit(unit: Any) -> AgentPortrayalStyle:
    """Colour by side, marker by kind; units in an encounter are drawn larger, on top."""
    marker = KIND_MARKERS.get(unit.kind, ("o", ""))[0]
    engaged = unit.encounter_id is not None
    return AgentPortrayalStyle(
        x=float(unit.position[0]), y=float(unit.position[1]), color=SIDE_COLOURS[unit.side],
        marker=marker, size=70 if engaged else (22 if "FISH" in unit.kind else 40),
        zorder=5 if engaged else 4, alpha=1.0 if engaged else 0.85,
        edgecolors="black" if engaged else "white", linewidths=1.0 if engaged else 0.5)




class MapCanvas:
    """One figure per model. The geography is rasterised once; each frame restores that raster
    and draws only units, headings and encounters on it (Agg blitting): ~10x faster than a
    full redraw of ~770 coastline polygons, which is what keeps a Step under half a second."""

    def __init__(self, view: str = "region") -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.view = view
        self._colls: dict[tuple[int, str], Any] = {}
        self._ticks: dict[int, Any] = {}
        self._lines: dict[int, Any] = {}
        self.fig = Figure(figsize=(7.6, 6.9), dpi=96, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_subplot()
        self.ax.set_autoscale_on(False)
        cx, cy = geography.SENKAKU_CENTRE_KM
        self.inset = None
        if view == "region":
            self.inset = self.ax.inset_axes((0.655, 0.0, 0.345, 0.345))
            self.inset.set_autoscale_on(False)
        for ax in (self.ax, self.inset):
            if ax is not None:
                self._draw_static(ax)
        if self.inset is not None:
            self.inset.set_xlim(cx - INSET_HALF_KM, cx + INSET_HALF_KM)
            self.inset.set_ylim(cy - INSET_HALF_KM, cy + INSET_HALF_KM)
            self.inset.set_aspect("equal")
            self.inset.set_xticks([])
            self.inset.set_yticks([])
            self.inset.text(0.02, 0.98, "Senkaku / Diaoyu waters",
                            transform=self.inset.transAxes, fontsize=8, va="top",
                            color="#37474f")
            for spine in self.inset.spines.values():
                spine.set_edgecolor("#37474f")
            self.ax.indicate_inset_zoom(self.inset, edgecolor="#37474f", alpha=0.6)
            x0, y0, x1, y1 = geography.BOUNDS_KM
            self.ax.set_xlim(x0, x1)
            self.ax.set_ylim(y0, y1)
        else:
            self.ax.set_xlim(cx - INSET_HALF_KM, cx + INSET_HALF_KM)
            self.ax.set_ylim(cy - INSET_HALF_KM, cy + INSET_HALF_KM)
        self.ax.set_aspect("equal")
        self.ax.tick_params(labelsize=8)
        self.ax.set_xlabel("km east of 125.5°E", fontsize=8)
        self.ax.set_ylabel("km north of 28°N", fontsize=8)
        self.title = self.ax.set_title(" ", fontsize=10)
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
        ax.scatter(isl[:, 0], isl[:, 1], s=14, c="#4e342e", edgecolors="white", linewidths=0.6,
                   zorder=3)
        for base in geography.BASES.values():
            ax.scatter([base.x], [base.y], marker="*", s=60, c=SIDE_COLOURS[base.side],
                       edgecolors="black", linewidths=0.4, zorder=3)
            if ax is self.ax and self.view == "region":
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
        self.ax.legend(handles=handles, loc="upper left", fontsize=7.5, framealpha=0.85,
                       ncols=2, handletextpad=0.3, columnspacing=0.8, borderpad=0.4)

    def _coll(self, ax: Any, key: str, marker: str = "o") -> Any:
        """A scatter collection kept for the life of the canvas (creating one costs ~5 ms;
        updating its offsets, sizes and colours costs almost nothing)."""
        k = (id(ax), key)
        coll = self._colls.get(k)
        if coll is None:
            coll = ax.scatter(np.empty(0), np.empty(0), marker=marker)
            coll.set_animated(True)
            self._colls[k] = coll
        return coll

    def _points(self, ax: Any, key: str, marker: str, xy: np.ndarray, **style: Any) -> Any:
        coll = self._coll(ax, key, marker)
        coll.set_offsets(xy.reshape(-1, 2))
        coll.set_sizes(np.atleast_1d(style.get("sizes", 20)))
        coll.set_facecolor(style.get("face", "#616161"))
        coll.set_edgecolor(style.get("edge", "none"))
        coll.set_linewidths(style.get("lw", 0.0))
        coll.set_alpha(style.get("alpha"))
        return coll

    def unit_artists(self, model: Any, ax: Any) -> list[Any]:
        """The artists of the units at sea on `ax`, in drawing order: units styled by
        `portray_unit`, with heading ticks; a dense fishing fleet (engaged boats too) as a haze
        of small translucent dots, with the islets and the 12-nm line drawn again on top of
        it; government ships and aircraft on top of all."""
        artists: list[Any] = []
        units = [u for u in model.units if u.at_sea]
        fishing = [u for u in units if "FISH" in u.kind]
        if len(fishing) > DENSE_FISHING:
            units = [u for u in units if "FISH" not in u.kind]
            xy = np.array([u.position for u in fishing], dtype=float)
            artists.append(self._points(ax, "haze", "o", xy, sizes=9, alpha=0.3,
                                        face=[SIDE_COLOURS[u.side] for u in fishing]))
            artists.append(self._overlay(ax))
            artists.append(self._points(ax, "islets", "o", geography.SENKAKU_ISLETS_KM,
                                        sizes=14, face="#4e342e", edge="white", lw=0.6))
        if not units:
            return artists
        styles = [portray_unit(u) for u in units]
        xy = np.array([(s.x, s.y) for s in styles])
        heading = np.array([u.heading for u in units])
        span = ax.get_xlim()[1] - ax.get_xlim()[0]
        tick_km = HEADING_KM * span / REGION_SPAN_KM  # the same length on screen in every view
        tips = xy + tick_km * np.column_stack([np.cos(heading), np.sin(heading)])
        ticks = self._ticks.get(id(ax))
        if ticks is None:
            ticks = self._ticks[id(ax)] = ax.add_collection(LineCollection([], linewidths=0.8),
                                                            autolim=False)
            ticks.set_animated(True)
        ticks.set_segments(np.stack([xy, tips], axis=1))
        ticks.set_color([s.color for s in styles])
        artists.append(ticks)
        for marker in sorted({s.marker for s in styles}):
            idx = [i for i, s in enumerate(styles) if s.marker == marker]
            artists.append(self._points(
                ax, f"units-{marker}", marker, xy[idx], sizes=[styles[i].size for i in idx],
                face=[styles[i].color for i in idx], edge=[styles[i].edgecolors for i in idx],
                lw=[styles[i].linewidths for i in idx]))
        return artists

    def _overlay(self, ax: Any) -> Any:
        line = self._lines.get(id(ax))
        if line is None:
            ts = geography.zone_outlines()["senkaku_ts"]
            (line,) = ax.plot(ts[:, 0], ts[:, 1], color="#6a1b9a", linewidth=1.4)
            line.set_animated(True)
            self._lines[id(ax)] = line
        return line

    def _frame_artists(self, model: Any, ax: Any, big: bool) -> tuple[list[Any], list[Any]]:
        """(kept, temporary) artists for one axes: units, then encounter rings and labels."""
        kept = self.unit_artists(model, ax)
        temp: list[Any] = []
        encs = list(model.encounters.values())
        if encs:
            rungs = [min(int(e.rung), 6) for e in encs]
            kept.append(self._points(ax, "rings", "o", np.array([e.centre for e in encs]),
                                     sizes=700 if big else 420, face="none",
                                     edge=[RUNG_COLOURS[r] for r in rungs], lw=2.2))
        for enc in encs:
            rung = min(int(enc.rung), 6)
            text = f"E{enc.id} rung {rung}: {short_rung(RUNGS[rung])}"
            if enc.call_state is not CallState.NONE:
                text += f"\nhotline {enc.call_state.value}"
            temp.append(ax.annotate(
                text, tuple(enc.centre), xytext=(9, 7), textcoords="offset points", fontsize=8,
                fontweight="bold", color="#212121", annotation_clip=True,
                bbox={"boxstyle": "round,pad=0.2", "fc": RUNG_COLOURS[rung], "alpha": 0.45,
                      "ec": "none"}))
        return kept, temp

    def draw(self, model: Any) -> None:
        """Restore the geography raster and draw this frame's units and encounters on it."""
        self.canvas.restore_region(self.background)
        n_sea = sum(1 for u in model.units if u.at_sea)
        n = len(model.encounters)
        self.title.set_text(f"{clock(min(model.time, model.horizon_h))}  ({calendar(model)})  "
                            f"—  {n_sea} units at sea, {n} active encounter"
                            f"{'' if n == 1 else 's'}")
        self.ax.draw_artist(self.title)
        axes = [(self.ax, self.view != "region")]
        if self.inset is not None:
            axes.append((self.inset, True))
        for ax, big in axes:
            kept, temp = self._frame_artists(model, ax, big)
            for artist in kept + temp:  # drawn in list order
                ax.draw_artist(artist)
            for artist in temp:
                artist.remove()

    def png(self) -> bytes:
        """The canvas as a 96-colour PNG: a third of the encoding time and of the bytes sent
        of a full-colour one (the map has few colours), and sharp text, unlike JPEG."""
        from PIL import Image

        width, height = self.canvas.get_width_height()
        img = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw",
                               "RGBA", 0, 1).convert("RGB")
        buf = io.BytesIO()
        img.quantize(96, method=Image.Quantize.FASTOCTREE).save(buf, format="png",
                                                                 compress_level=1)
        return buf.getvalue()


_CANVASES: dict[tuple[int, str], MapCanvas] = {}


def map_canvas(view: str = "region") -> MapCanvas:
    """A map figure for this thread and view (the static layers are drawn once)."""
    import threading

    key = (threading.get_ident(), view)
    if key not in _CANVASES:
        if len(_CANVASES) > 16:
            _CANVASES.pop(next(iter(_CANVASES)))
        _CANVASES[key] = MapCanvas(view)
    return _CANVASES[key]


def render_map_png(model: Any, view: str = "region",
                   canvas: MapCanvas | None = None) -> bytes:
    """The map as PNG bytes (what the page shows; also used by the benchmark)."""
    canvas = canvas or map_canvas(view)
    canvas.draw(model)
    return canvas.png()
