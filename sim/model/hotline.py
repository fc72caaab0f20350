"""The defence hotline: where a call can act, and with what timing.

The line the two governments built (31 Mar 2023) joins the defence ministries (Japan's end at
the Joint Staff Office, China's end undecided among the CMC and its theatre commands -- the
"hierarchy" issue). Internal rules require the side that wants to call to consult first, which
takes "several hours" (Kyodo, Aug 2024). So the model gives the line three uses, each with its
real timing (issue 10, item 1):

* **reactive call** about an incident: a defence ministry (or, with the theatre link, the
  operational command) receiving a report at ``hotline_trigger_rung`` -- or, if the scope covers
  territorial seas, a report that the other side's military is inside its own -- decides to call
  (``hotline_call_prob_*``), consults (``hotline_consult_hours``), and then, *if the incident is
  not over* -- the encounter still live or its deployment still out -- the line rings (relay hops
  at China's end while who answers is unsettled). A call overtaken by events is dropped: that is
  why the line was not used for the 2-minute Y-9 violation (26 Aug 2024) or the 20-minute
  *Suzutsuki* entry (4 Jul 2024). The callee answers with ``hotline_answer_prob``, lower as its
  tension rises, and lower still -- by the share ``hotline_answer_wear`` per call -- for each call
  that rang at its end in the previous ``hotline_wear_days`` (a line rung often is answered
  less; 0, the default, makes calls free). A connected call clarifies the whole **deployment** for
  ``hotline_clarify_hours`` (`sim.model.deployments`), and each side, with probability
  ``hotline_deesc_prob``, orders its units to de-escalate (the encounter, if still live) and
  to hold at warnings in the deployment's later encounters. Orders go down the chain: two hops
  from the ministry, or -- with the theatre link -- one direct order in
  ``theater_order_hours`` (minutes).
* **preventive notice** of a deployment (`Deployments._maybe_notify`).
* **theatre link** (``hotline_theater_link``, scenario ``hotline_theater_link``): a direct
  line between the Joint Staff Office and the Eastern Theater Command, so the model can say
  whether speed or level is what matters.

The former per-call tension relief is no longer a channel of the line's effect: what is left of
it is the named residual ``hotline_systemic_relief`` (default 0; Kurizaki's private channels
that let leaders back down without public cost), which lowers the tension that drives behaviour
but never the tension that drives activity (calibrated base rates stay put). Every draw comes
from the hotline's own stream, so a line that is never answered changes nothing else.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from sim.model.paired import decide, peek

if TYPE_CHECKING:
    import numpy as np

    from sim.model.communication import Communication
    from sim.model.encounter import Encounter
    from sim.model.model import EastChinaSeaModel


class CallState(Enum):
    """Where the hotline call about one encounter stands (`Encounter.call_state`). The value is
    what the results table writes in ``hotline_state``; `NONE` (no call considered) writes ""."""

    NONE = ""
    CONSULTING = "consulting"
    DROPPED = "dropped"
    RINGING = "ringing"
    UNANSWERED = "unanswered"
    CONNECTED = "connected"


#: The line's own state, shown by the web view (not an encounter's `CallState`).
HOTLINE_STATES = ("inactive", "idle", "consulting", "ringing", "connected", "unanswered")
ENDS = {("ministry", "JP"): "JP_MOD", ("ministry", "CN"): "CN_MND",
        ("theater", "JP"): "JP_JSO", ("theater", "CN"): "CN_ETC"}


class Hotline:
    """The line's state, its calls and notices, and what a connected call does."""

    def __init__(self, model: EastChinaSeaModel, comms: Communication) -> None:
        self.model = model
        self.comms = comms
        self.rng: np.random.Generator = model.streams.hotline
        # state is a label for the web view; `active` is read when the line could act
        self.state = "idle" if peek(model.p, "hotline_active") else "inactive"
        self.calls = 0  # calls that rang
        self.answered = 0
        self.effective = 0  # answered calls after which at least one side ordered restraint
        self.dropped = 0  # calls abandoned after consultation: the incident was over
        self.pending: list[_Call] = []
        self._state_until = math.inf
        # when calls rang at each side's end, in order (read only when the line wears with use)
        self.rang: dict[str, list[float]] = {"JP": [], "CN": []}

    @property
    def active(self) -> bool:
        """Whether the line exists: read when it could act (a call considered, a state to
        reset), not at construction, so that paired arms share everything before that."""
        return decide(self.model.p, ("hotline_active",), bool)

    @property
    def level(self) -> str:
        """Who the line joins: "ministry" (as built) or "theater" (the lever). Read through
        the parameters when it matters, so paired arms see the difference."""
        return decide(self.model.p, ("hotline_theater_link",), _level)

    def redirect(self, old: Encounter, new: Encounter) -> None:
        """Encounter `old` merged into `new`: its pending calls now concern `new`."""
        for call in self.pending:
            if call.enc is old:
                call.enc = new

    def end(self, side: str) -> str:
        """The organisation at `side`'s end of the line."""
        return ENDS[(self.level, side)]

    def wants(self, enc: Encounter, side: str, rung: int) -> bool:
        """Is a report at `rung` about `enc` a reason for `side` to consider a call?"""
        # a widened scope makes the other side's military inside one's territory a reason
        intruded = enc.military and enc.intruder() == ("CN" if side == "JP" else "JP")
        return decide(self.model.p, ("hotline_trigger_rung", "hotline_covers_territorial"),
                      lambda trigger, widened: rung >= trigger or bool(widened and intruded))

    def consider(self, enc: Encounter, side: str) -> None:
        """The line's end at `side` decides whether to call about `enc`."""
        m = self.model
        p = m.p
        # (pure tests in this order: the line's existence is decided last, see sim.model.paired)
        if enc.hotline_attempted or not enc.in_hotline_scope() or not self.active:
            return
        u = self.rng.random(4)
        prob = p["hotline_call_prob_jp"] if side == "JP" else p["hotline_call_prob_cn"]
        if u[0] >= prob:
            return
        enc.hotline_attempted = True
        enc.call_state = CallState.CONSULTING
        consult = -p["hotline_consult_hours"] * math.log1p(-u[1])
        callee = "CN" if side == "JP" else "JP"
        # China's end relays while who answers is unsettled (not with the theatre link)
        hops = p["hotline_relay_hops"] if callee == "CN" and self.level == "ministry" else 0
        relay = -p["chain_hop_hours"] * hops * math.log1p(-u[2]) if hops else 0.0
        call = _Call(self, enc, side, callee, m.time + consult,
                     m.time + consult + relay + p["hotline_ring_hours"], float(u[3]))
        self.pending.append(call)
        self._set_state("consulting", math.inf)
        m.log("hotline", f"{self.comms.display_name(self.end(side))} consults internally "
              f"before calling on the hotline about encounter {enc.id}", encounter=enc.id,
              side=side)
        m.schedule_event(call.ring, at=call.ring_at)

    def _set_state(self, state: str, until: float) -> None:
        self.state = state
        self._state_until = until

    def tick(self, now: float) -> None:
        """Return to idle once a connected or unanswered state has been shown for a while
        (`now`: the model's clock)."""
        if now >= self._state_until and not self.pending and self.active:
            self.state = "idle"
            self._state_until = math.inf

    def answer_prob(self, callee: str, before: float | None = None) -> float:
        """The probability that `callee`'s end answers now: ``hotline_answer_prob``, lower as
        the callee's tension rises, times (1 - ``hotline_answer_wear``) for each call that rang
        at its end in the ``hotline_wear_days`` before `before` (default: now; a call being
        answered passes the time it rang, so it does not count against itself)."""
        p = self.model.p
        if self.model.crisis.line_down():
            return 0.0
        x = max(0.0, self.model.tension.behaviour(callee))
        prob = min(1.0, p["hotline_answer_prob"] * math.exp(
            -p["hotline_answer_tension_slope"] * x))
        wear = p["hotline_answer_wear"]
        if wear:  # (read only then, so that a line that does not wear reads nothing more)
            before = self.model.time if before is None else before
            prob *= (1.0 - wear) ** self.recent_calls(callee, before)
        return prob

    def recent_calls(self, callee: str, before: float) -> int:
        """Calls that rang at `callee`'s end in the ``hotline_wear_days`` before `before`."""
        times = self.rang[callee]
        window = 24.0 * self.model.p["hotline_wear_days"]
        return bisect_left(times, before) - bisect_left(times, before - window)


def _level(theater_link: bool) -> str:
    return "theater" if theater_link else "ministry"


@dataclass
class _Call:
    line: Hotline
    enc: Encounter
    caller: str
    callee: str
    ring_at: float
    answer_at: float
    u_answer: float

    def _overtaken(self) -> bool:
        """The incident is over: the encounter has ended and its deployment has gone home."""
        if self.enc.end is None:
            return False
        dep = self.line.model.deployments.get(getattr(self.enc, "deployment", None))
        return dep is None or not dep.active(self.line.model)

    def ring(self) -> None:
        line, m = self.line, self.line.model
        if self._overtaken():
            line.pending.remove(self)
            line.dropped += 1
            self.enc.call_state = CallState.DROPPED
            line._set_state("idle", m.time)
            m.log("hotline", f"{line.comms.display_name(line.end(self.caller))} drops the call "
                  f"about encounter {self.enc.id}: after consultation the incident is over",
                  encounter=self.enc.id, side=self.caller)
            return
        line.calls += 1
        line.rang[self.callee].append(m.time)
        line._set_state("ringing", math.inf)
        self.enc.call_state = CallState.RINGING
        line.comms.sent += 1
        m.log("hotline", f"Hotline rings at {line.comms.display_name(line.end(self.callee))} "
              f"(encounter {self.enc.id})", encounter=self.enc.id, side=self.caller)
        m.schedule_event(self.answer, at=self.answer_at)

    def answer(self) -> None:
        line, m = self.line, self.line.model
        p = m.p
        line.pending.remove(self)
        if self.u_answer >= line.answer_prob(self.callee, before=self.ring_at):
            self.enc.call_state = CallState.UNANSWERED
            line._set_state("unanswered", m.time + 6.0)
            m.log("hotline", f"{line.comms.display_name(line.end(self.callee))} does not answer "
                  f"the hotline (encounter {self.enc.id})", encounter=self.enc.id,
                  side=self.callee)
            return
        line.answered += 1
        self.enc.call_state = CallState.CONNECTED
        self.enc.hotline_connected = True
        line._set_state("connected", m.time + 1.0)
        live = self.enc.end is None
        if live:
            self.enc.clarified = True
        name = line.comms.display_name
        m.log("hotline", f"Hotline connected: {name(line.end('JP'))} and "
              f"{name(line.end('CN'))} clarify intent on encounter {self.enc.id}",
              encounter=self.enc.id, side=self.caller)
        dep = m.deployments.get(getattr(self.enc, "deployment", None))
        if dep is not None:
            m.deployments.clarify(dep, m.time + p["hotline_clarify_hours"], self.enc.id)
            m.deployments.reach_orders(dep, self.enc.id)
        if p["hotline_systemic_relief"]:
            m.tension.add("both", -p["hotline_systemic_relief"], cause="hotline call "
                          "(systemic relief)", encounter=self.enc.id, hotline=True)
        ordered = False
        for side in ("JP", "CN"):
            u = line.rng.random()
            if u < p["hotline_deesc_prob"] and (live or dep is not None):
                ordered = True
                self._order(side, dep)
        if ordered:
            line.effective += 1

    def _order(self, side: str, dep: object) -> None:
        """Send the restraint order down from the line's end to the units on scene."""
        from sim.model.communication import ONSCENE

        line = self.line
        comms = line.comms
        comms.deesc_orders += 1
        lead = self.enc.lead(side)
        dst = ONSCENE[(side, bool(lead is None or lead.spec.military))]
        src = line.end(side)
        payload = {"enc_id": self.enc.id, "side": side, "order": "deescalate",
                   "dep_id": getattr(dep, "id", None)}
        if line.level == "theater" and dst in comms.graph.successors(src):
            comms.send(src, dst, "order", "de-escalate (theatre link)", rng=line.rng,
                       latency=line.model.p["theater_order_hours"], route=[], **payload)
            return
        route = comms.route(src, dst)
        comms.send(src, route[0], "order", "de-escalate (after hotline call)", rng=line.rng,
                   route=route[1:], **payload)
