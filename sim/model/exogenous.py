"""Scheduled events: the scenario's shocks, reliefs and fishing surges, and the yearly consultation.

Each event fires once at its day (as a Mesa event); a shock adds tension on one side or both, a
relief removes it, a surge also sends boats and CCG ships to the Senkakus. The High-level
Consultation on Maritime Affairs brings relief every year on ``consultation_day``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.config.scenarios import ScheduledEvent

if TYPE_CHECKING:
    from sim.model.model import EastChinaSeaModel


def schedule_exogenous(model: EastChinaSeaModel, events: tuple[ScheduledEvent, ...]) -> None:
    """Schedule the scenario's events and the yearly consultation up to the horizon."""
    for ev in events:
        if ev.day * 24.0 <= model.horizon_h:
            action = _Exogenous(model, ev)
            model.keep(action)
            model.schedule_event(action.fire, at=max(ev.day * 24.0, 0.01))
    day = model.p["consultation_day"]
    year = 0
    while (day + 365 * year) * 24.0 <= model.horizon_h:
        ev = ScheduledEvent(day=day + 365 * year, kind="relief", side="both",
                            magnitude=model.p["consultation_relief"],
                            label="High-level Consultation on Maritime Affairs",
                            source="consultation_day")
        action = _Exogenous(model, ev)
        model.keep(action)
        model.schedule_event(action.fire, at=ev.day * 24.0 + 0.01)
        year += 1


class _Exogenous:
    """A scheduled shock or relief (bound method kept alive by the model)."""

    def __init__(self, model: EastChinaSeaModel, ev: ScheduledEvent) -> None:
        self.model, self.ev = model, ev

    def fire(self) -> None:
        m, ev = self.model, self.ev
        m.release(self)
        if ev.source == "consultation_day" and m.crisis.suspended():
            m.log("scheduled", f"{ev.label} not held: contacts are suspended", side="both")
            return
        if ev.kind == "deploy":
            m.operations.script(ev)
            return
        if ev.kind == "surge":
            m.activity.fishing.surge(ev.boats, ev.ccg_ships, ev.duration_days)
        sign = -1.0 if ev.kind == "relief" else 1.0
        if ev.magnitude:
            m.tension.add(ev.side, sign * ev.magnitude, cause=ev.label or ev.kind)
        m.log("scheduled", f"{ev.label or ev.kind} ({'tension ' + ('-' if sign < 0 else '+')}"
              f"{abs(ev.magnitude):g} {ev.side})", side=ev.side)
