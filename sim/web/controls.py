"""The parameter controls of the web page: which registry parameters are shown, and the widget each
gets from its registry entry (type -> widget, bounds -> slider range, unit -> label).
"""

from __future__ import annotations

from typing import Any

import solara

from sim.config.parameters import PARAMS, ParamSpec

__all__ = ["CONTROL_PARAMS", "Control", "ParamsPanel", "Slider", "control_label", "shown",
           "step_for", "widget_kind"]

#: Parameters shown as controls, in this order. Widgets, bounds and labels come from the
#: registry; adding a name here is all it takes to expose another one.
CONTROL_PARAMS: tuple[str, ...] = (
    "hotline_active", "hotline_answer_prob", "hotline_consult_hours", "hotline_call_prob_cn",
    "hotline_trigger_rung", "hotline_answer_wear", "hotline_covers_territorial",
    "hotline_covers_coastguard", "radio_active", "cg_cooperation", "misperception",
)


def control_label(spec: ParamSpec) -> str:
    """'hotline answer prob' style label with the unit, short enough for the side panel."""
    label = spec.name.replace("_", " ")
    return f"{label} ({spec.unit})" if spec.unit else label


def step_for(spec: ParamSpec) -> float:
    """A slider step of about 1/100 of the registry range, rounded to a power of ten."""
    import math

    if spec.type is int:
        return 1
    span = float(spec.hi - spec.lo) if spec.lo is not None and spec.hi is not None else 1.0
    return 10.0 ** math.floor(math.log10(span / 100.0)) if span > 0 else 0.01


def widget_kind(spec: ParamSpec) -> str:
    """Which input a registry parameter gets: its type decides."""
    if spec.type is bool:
        return "checkbox"
    if spec.choices:
        return "select"
    if spec.type in (int, float) and spec.lo is not None and spec.hi is not None:
        return "slider"
    return "text"


def shown(value: Any) -> str:
    """A value as the label shows it (floats without trailing zeros)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


@solara.component
def Slider(label: str, value: float, lo: float, hi: float, step: float, on_value: Any,
           integer: bool = False) -> None:
    """A slider with its label (and so its value) above it, readable in a narrow panel."""
    solara.Text(label, classes=["hl-ctl-label"])
    if integer:
        solara.SliderInt("", value=int(value), min=int(lo), max=int(hi), on_value=on_value)
    else:
        solara.SliderFloat("", value=float(value), min=float(lo), max=float(hi), step=step,
                           on_value=on_value)


@solara.component
def Control(spec: ParamSpec, value: Any, on_value: Any, pending: bool) -> None:
    """One registry parameter; its value is always in the label (sliders hide it at rest)."""
    label = f"{control_label(spec)}: {shown(value)}" + (" (on Reset)" if pending else "")
    kind = widget_kind(spec)
    classes = ["hotline-control"] + (["hotline-pending"] if pending else [])
    with solara.Div(classes=classes):
        if kind == "checkbox":
            solara.Checkbox(label=label, value=bool(value), on_value=on_value)
        elif kind == "select":
            solara.Select(label, values=list(spec.choices), value=value, on_value=on_value)
        elif kind == "slider":
            Slider(label, value, spec.lo, spec.hi, step_for(spec), on_value, spec.type is int)
        else:
            solara.InputText(label, value=str(value), on_value=on_value)


@solara.component
def ParamsPanel(base: dict[str, Any], running: dict[str, Any],
                values: solara.Reactive[dict[str, Any]], horizon_days: int) -> None:
    """The parameters: changes apply on Reset (the page lists what is pending)."""
    current = {**base, **values.value}
    pending = [n for n in (*CONTROL_PARAMS, "shock_magnitude", "shock_day")
               if current.get(n) != running.get(n)]
    with solara.Card("Parameters", margin=0, classes=["hotline-params"]):
        solara.Text("Changes apply when you press Reset (same seed, new run).",
                    style={"font-size": "12px", "color": "#546e7a", "display": "block"})
        if pending:
            solara.Text("Pending until Reset: " + ", ".join(p.replace("_", " ") for p in pending),
                        classes=["hotline-pendingnote"],
                        style={"font-size": "12px", "color": "#e65100", "display": "block"})
        for name in CONTROL_PARAMS:
            def set_value(v: Any, name: str = name) -> None:
                values.set({**values.value, name: v})
            Control(PARAMS[name], current[name], set_value, name in pending)
        mag = float(current.get("shock_magnitude", 0.0))
        day = int(current.get("shock_day", 1))
        Slider(f"tension shock, both sides: {mag:+.2f}", mag, -1.0, 1.0, 0.05,
               lambda v: values.set({**values.value, "shock_magnitude": v}))
        Slider(f"tension shock on day: {day}", day, 0, horizon_days, 1,
               lambda v: values.set({**values.value, "shock_day": v}), integer=True)
