"""Time per Step with drawing in the web view, and matplotlib vs altair for the panels.

Usage: ``.venv/bin/python benchmarks/bench_webview.py [--scenario status_quo_2022] [--steps 40]
[--warm-days 10]``

What one Step costs: RENDER_INTERVAL model hours plus redrawing the four panels (map, network,
tension, peak rungs), measured two ways:
  * page: the real page rendered in-process by solara, clicking its Step button (includes the
    widget diff that goes to the browser, not the browser's own paint);
  * panels: the same model work and PNG rendering without solara, split into model and drawing.
The altair comparison builds the equivalent map and tension chart as Vega-Lite specs (the server
side of the altair path: building and serialising the spec; the browser then renders it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _stats(xs: list[float]) -> str:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
    med, mean = 1000 * statistics.median(xs), 1000 * statistics.fmean(xs)
    return f"median {med:7.1f} ms   mean {mean:7.1f} ms   p95 {1000 * p95:7.1f} ms   (n={len(xs)})"


def bench_page(scenario: str, steps: int, warm_days: int) -> list[float]:
    """Click Step on the in-process page; time each click (model + drawing + widget update)."""
    import os

    import ipyvuetify as v
    import solara

    from sim.web import app as webview

    os.environ["HOTLINE_VIZ_SCENARIO"] = scenario
    box, rc = solara.render(solara.AppLayout(children=[webview.Page()]), handle_error=False)
    step = rc.find(v.Btn, children=["Step"]).widget
    for _ in range(warm_days * 24 // webview.RENDER_INTERVAL):  # reach a typical state fast
        step.click()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step.click()
        times.append(time.perf_counter() - t0)
    rc.close()
    return times


def bench_panels(scenario: str, steps: int, warm_days: int) -> dict[str, list[float]]:
    """Model hours and each panel's PNG, timed separately."""
    from sim.web import app as webview
    from sim.web import draw, mapview

    model = webview.VizModel(scenario_name=scenario, rng=webview.DEFAULT_SEED)
    for _ in range(warm_days * 24):
        model.step()
    out: dict[str, list[float]] = {k: [] for k in ("model", "map", "network", "tension",
                                                   "peaks")}
    renderers = {"map": mapview.render_map_png, "network": draw.render_network_png,
                 "tension": draw.render_tension_png,
                 "peaks": lambda m: draw.peaks_svg(list(m.peak_counts))}
    for _ in range(steps):
        t0 = time.perf_counter()
        for _ in range(webview.RENDER_INTERVAL):
            model.step()
        out["model"].append(time.perf_counter() - t0)
        for name, fn in renderers.items():
            t0 = time.perf_counter()
            fn(model)
            out[name].append(time.perf_counter() - t0)
    return out


def altair_map_spec(model: object) -> str:
    """The map as Vega-Lite (coastlines, zones, units, encounters): the altair alternative."""
    import altair as alt
    import pandas as pd

    from sim.model import geography
    from sim.web import mapview

    coast = pd.DataFrame([(i, j, x, y) for i, ring in enumerate(geography.coastlines())
                          for j, (x, y) in enumerate(ring)], columns=["ring", "order", "x", "y"])
    zones = pd.DataFrame([(n, j, x, y) for n, line in geography.zone_outlines().items()
                          for j, (x, y) in enumerate(line)], columns=["zone", "order", "x", "y"])
    units = pd.DataFrame([{"x": s.x, "y": s.y, "side": u.side, "kind": u.kind}
                          for u in model.units if u.at_sea  # type: ignore[attr-defined]
                          for s in [mapview.portray_unit(u)]])
    enc = pd.DataFrame([{"x": e.centre[0], "y": e.centre[1], "label": f"E{e.id} rung {e.rung}"}
                        for e in model.encounters.values()])  # type: ignore[attr-defined]
    base = alt.Chart(coast).mark_line(color="#9e9e9e", strokeWidth=0.5).encode(
        x="x:Q", y="y:Q", detail="ring:N", order="order:Q")
    layers = [base, alt.Chart(zones).mark_line().encode(x="x:Q", y="y:Q", color="zone:N",
                                                         detail="zone:N", order="order:Q")]
    if not units.empty:
        layers.append(alt.Chart(units).mark_point(filled=True).encode(
            x="x:Q", y="y:Q", color="side:N", shape="kind:N"))
    if not enc.empty:
        layers.append(alt.Chart(enc).mark_text(dx=8, dy=-8).encode(x="x:Q", y="y:Q",
                                                                    text="label:N"))
    chart = alt.layer(*layers).properties(width=560, height=520)
    with alt.data_transformers.disable_max_rows():
        return json.dumps(chart.to_dict())


def altair_tension_spec(model: object) -> str:
    import altair as alt
    import pandas as pd

    hist = pd.DataFrame(model.tension_history, columns=["day", "CN", "JP"])  # type: ignore[attr-defined]
    long = hist.melt("day", var_name="side", value_name="tension")
    chart = alt.Chart(long).mark_line().encode(x="day:Q", y="tension:Q", color="side:N")
    return json.dumps(chart.properties(width=340, height=140).to_dict())


def bench_altair(scenario: str, steps: int, warm_days: int) -> dict[str, list[float]]:
    from sim.web import app as webview

    model = webview.VizModel(scenario_name=scenario, rng=webview.DEFAULT_SEED)
    for _ in range(warm_days * 24):
        model.step()
    out: dict[str, list[float]] = {"map": [], "tension": []}
    size = 0
    for _ in range(steps):
        for _ in range(webview.RENDER_INTERVAL):
            model.step()
        t0 = time.perf_counter()
        size = len(altair_map_spec(model))
        out["map"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        altair_tension_spec(model)
        out["tension"].append(time.perf_counter() - t0)
    out["map_spec_kb"] = [size / 1024]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="status_quo_2022")
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--warm-days", type=int, default=10)
    ap.add_argument("--skip-altair", action="store_true")
    args = ap.parse_args()
    from sim.web import app as webview

    print(f"scenario {args.scenario}, render interval {webview.RENDER_INTERVAL} h, "
          f"{args.steps} steps after {args.warm_days} warm-up days")
    page = bench_page(args.scenario, args.steps, args.warm_days)
    print(f"page Step click (model + drawing):   {_stats(page)}")
    panels = bench_panels(args.scenario, args.steps, args.warm_days)
    for name, xs in panels.items():
        print(f"  {name:<8} (matplotlib PNG)" if name != "model" else "  model    hours only      ",
              _stats(xs))
    if not args.skip_altair:
        alt_times = bench_altair(args.scenario, args.steps, args.warm_days)
        kb = alt_times.pop("map_spec_kb")[0]
        for name, xs in alt_times.items():
            print(f"  {name:<8} (altair spec)   ", _stats(xs))
        print(f"  altair map spec sent to the browser each Step: {kb:.0f} kB "
              "(the PNG is ~60-120 kB)")


if __name__ == "__main__":
    main()
