"""The aftermath of a severe incident: a diplomatic crisis that suspends contacts.

Why this exists (issue 10, item 5). Severe incidents do not end when the ships part. After the
September 2010 collision China cut ministerial contacts and the captain's detention became a
crisis of weeks (docs/record.md); after the September 2012 nationalisation the mechanism talks
froze for years; in August 2022 China declined US defence calls and cancelled theatre-level
and maritime talks (domain-facts s5). So an encounter that reaches ``crisis_rung`` (5:
collision or warning shots, or an armed clash) opens a crisis:

* both sides' tension rises by ``crisis_tension_shock``;
* each side's top body protests (the protests travel the diplomatic channel);
* contacts are suspended for ``crisis_suspension_days``: the yearly High-level Consultation is
  not held if it falls inside, and -- as a scenario setting, ``crisis_suspends_hotline`` --
  the hotline is not answered and no notice is passed over it.

A test checks that a collision suspends contacts.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.encounter import Encounter
    from sim.model.model import EastChinaSeaModel


class Crisis:
    """Whether contacts are suspended, and the crises opened so far."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self.suspended_until = -math.inf
        self.crises = 0

    def suspended(self) -> bool:
        return self.model.time < self.suspended_until

    def line_down(self) -> bool:
        """The hotline is unavailable: contacts suspended and the scenario says it goes too."""
        return bool(self.model.p["crisis_suspends_hotline"]) and self.suspended()

    def on_peak(self, enc: Encounter, rung: int) -> None:
        """Called when an encounter reaches a new peak; opens a crisis at ``crisis_rung``."""
        m = self.model
        p = m.p
        if rung < p["crisis_rung"] or getattr(enc, "crisis_opened", False):
            return
        enc.crisis_opened = True
        self.crises += 1
        until = m.time + p["crisis_suspension_days"] * 24.0
        self.suspended_until = max(self.suspended_until, until)
        m.tension.add("both", p["crisis_tension_shock"], cause=f"crisis after encounter {enc.id}",
                      encounter=enc.id)
        m.log("crisis", f"Diplomatic crisis after encounter {enc.id}: contacts suspended until "
              f"{m.clock(until)}" + (" (the hotline too)" if p["crisis_suspends_hotline"]
                                     else ""), encounter=enc.id, rung=rung)
        for side in ("JP", "CN"):
            m.comms.protest(side, enc.id)
