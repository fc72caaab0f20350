"""The web view's pictures besides the map (`sim.web.mapview`): the communication network, the
tension chart and the peak-rung bars, drawn with matplotlib's Agg backend on the server; and the
colours every picture and panel shares. Charts are redrawn only when what they show has changed.
"""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")  # the server renders PNGs; never open a window

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from sim.model.escalation import RUNGS  # noqa: E402
from sim.web.story import SIDE_NAMES  # noqa: E402

SIDE_COLOURS = {"CN": "#c62828", "JP": "#1565c0"}
RUNG_COLOURS = ("#9e9e9e", "#fdd835", "#fb8c00", "#f4511e", "#d50000", "#880e4f", "#000000")
HOTLINE_COLOURS = {"inactive": "#bdbdbd", "idle": "#43a047", "consulting": "#fb8c00",
                   "ringing": "#fdd835", "connected": "#1e88e5", "unanswered": "#d50000"}
CHANNEL_COLOURS = {"chain": "#757575", "diplomatic": "#8e24aa", "coastguard": "#00897b",
                   "radio": "#6d4c41", "hotline": "#1e88e5"}


def tension_of(model: Any, side: str) -> float:
    """A side's current tension (the model keeps levels in a `Tension` object)."""
    levels = getattr(model.tension, "level", model.tension)
    return float(levels[side])


def _png(fig: Figure) -> bytes:
    """A chart figure as PNG bytes (the map has its own, quantised, `MapCanvas.png`)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()



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


def render_network_png(model: Any) -> bytes:
    """The communication network: organisations, channels (active bold), messages in flight."""
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
    return _png(fig)


# =========================================================================== charts
def render_tension_png(model: Any, size: tuple[float, float] = (4.6, 2.1)) -> bytes:
    """Each side's tension by day, with the crisis level (1.0) for scale. The axis holds every
    value drawn, the current one included (a +1 shock on top of a tense day goes past 2)."""
    fig = Figure(figsize=size, dpi=90)
    tension_axes(fig.add_axes((0.12, 0.2, 0.85, 0.76)), model)
    return _png(fig)


def tension_axes(ax: Any, model: Any) -> None:
    """Draw the tension lines on `ax`, the y axis spanning every value drawn."""
    hist = np.asarray(model.tension_history, dtype=float).reshape(-1, 3)
    days = np.concatenate([[0.0], hist[:, 0], [model.time / 24.0]])
    start = getattr(model.tension, "baseline", None) or {}
    drawn = [1.0]
    for i, side in ((1, "CN"), (2, "JP")):
        now = tension_of(model, side)
        first = float(start.get(side, hist[0, i] if len(hist) else now))
        ys = np.concatenate([[first], hist[:, i], [now]])
        drawn.extend([float(np.nanmax(ys)), float(np.nanmin(ys))])
        ax.plot(days, ys, color=SIDE_COLOURS[side], label=f"{SIDE_NAMES[side]} {now:.2f}",
                linewidth=1.4)
    ax.axhline(1.0, color="#9e9e9e", linestyle=":", linewidth=0.8)
    ax.set_xlim(0, max(days[-1], 1.0))
    top = max(drawn)
    ax.set_ylim(min(0.0, min(drawn) - 0.05), top + max(0.1, 0.08 * top))
    ax.set_xlabel("day", fontsize=8)
    ax.set_ylabel("tension", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, loc="upper left", frameon=False, ncols=2)


def peaks_svg(counts: list[int]) -> str:
    """Encounters so far by the highest rung they reached, as SVG bars on a log scale (severe
    ones are rare). SVG, not a matplotlib PNG: the counts change almost every Step and this
    costs microseconds instead of ~20 ms."""
    top = math.log10(max(max(counts, default=1), 1) * 3)
    bars = []
    for i, c in enumerate(counts):
        h = 0.0 if c <= 0 else 8 + 92 * math.log10(c) / max(top, 1e-9)
        x = 40 + i * 60
        bars.append(
            f'<rect x="{x}" y="{120 - h:.1f}" width="44" height="{h:.1f}" '
            f'fill="{RUNG_COLOURS[min(i, 6)]}" stroke="#424242" stroke-width="0.5"/>'
            f'<text x="{x + 22}" y="{116 - h:.1f}" font-size="11" text-anchor="middle">{c}'
            f'</text><text x="{x + 22}" y="134" font-size="10" text-anchor="middle">{i}</text>'
            f'<text x="{x + 22}" y="146" font-size="9" text-anchor="middle" fill="#546e7a">'
            f"{short_rung(RUNGS[i]) if i < len(RUNGS) else ''}</text>")
    return ('<svg viewBox="0 0 460 150" width="100%" xmlns="http://www.w3.org/2000/svg">'
            '<text x="4" y="12" font-size="11" fill="#37474f">encounters by peak rung '
            '(log scale)</text><line x1="36" x2="456" y1="120" y2="120" stroke="#9e9e9e"/>'
            + "".join(bars) + "</svg>")


def short_rung(rung_name: str) -> str:
    """A rung's name short enough for a label ("warning", "unsafe", ...)."""
    return rung_name.split(" or ")[0].replace("unsafe approach", "unsafe")
