"""Deployments: the unit groups whose encounters come in series, and what a hotline call leaves
with them.

Why this exists (issue 10, item 1). Inside one encounter a defence hotline can almost never
matter: radar locks last 3-30 minutes, and the real line needs prior consultation that "would
have lasted for several hours" (Kyodo, Aug 2024). Where it can matter is *between* incidents of
the same deployment: on 6 Dec 2025 J-15s from *Liaoning* locked fire-control radar on F-15s
twice, about two hours apart (16:32 and 18:37); in June-July 2025 carrier-based J-15s and a
JH-7 made repeated close approaches over days. So the model keeps, for every deployment (a PLA
air patrol of the day on one route, a PLA Navy transit group, a carrier group, a survey ship, a
CCG patrol group, a Japanese task that meets them), a short memory and the state a hotline
call or notice leaves with it:

* **history**: the worst rung of the deployment's last encounter and when it ended. When the
  next encounter of the same deployment forms within ``deployment_memory_hours`` of one that
  reached rung 3 or above, *both* sides start it *primed*: each reads the other's first moves in
  the light of the last incident (a perceived escalation, as after a misreading). This is how
  repeat incidents feed on each other.
* **clarification** (a connected reactive call): until ``hotline_clarify_hours`` after the
  call, misperception in every encounter of the deployment is multiplied by
  ``hotline_clarify_factor`` and priming is cancelled (each side has heard what the other's
  units are doing and why). The encounter the call was about uses the clarification factor
  alone (`Encounter.misperception`: the call supersedes a notice, whose information is part of
  what the call clarifies); the deployment's later encounters get `misperception_factor`,
  which multiplies the clarification and notice factors.
* **restraint** (orders after a call): a side that orders restraint after the call (probability
  ``hotline_deesc_prob``) caps its units in later encounters of the deployment at
  ``restraint_cap_rung`` (2: warnings, no close approaches or radar illumination) until the
  clarification expires; units already above the cap are held where they are. The
  order reaches the units only when it has come down the chain (or, with the theatre link, in
  minutes).
* **notice** (preventive use): a deployment notified over the line before it sails (China said
  it had notified its carrier drills before 6 Dec 2025) lowers Japan's misreadings of its units
  by ``hotline_notice_factor`` for the whole deployment.
* **signalling orders** (`Signal`): the hazardous acts of the record were not the top of
  spirals of misreadings in random encounters but deliberate signals by one deployment in a
  political crisis, made twice and then stopped: the frigate radar locks of 19 and 30 Jan 2013
  (after the nationalisation of Sep 2012) and the J-15 radar locks of 16:32 and 18:37 on 6 Dec
  2025 (after PM Takaichi's Taiwan remarks of 7 Nov). A PLA Navy carrier or frigate group sails
  under orders to signal with probability ``signal_prob`` at the reference tension, rising with
  China's tension by ``signal_logit_tension`` (log-odds per unit); its units then add
  ``signal_push`` to their log-odds of escalating against Japanese military units below rung 4
  until they have made ``signal_acts`` hazardous acts, and China's command, which gave the
  orders, does not send them hold or de-escalation orders meanwhile. Nothing above rung 4 is
  ordered.

An encounter belongs to the deployment of its Chinese lead (the group that moves as a unit;
Japanese units respond to it), or, with no Chinese deployment, of its Japanese lead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.model.fields import instance_defaults
from sim.model.paired import decide
from sim.model.streams import ACTIVITY, HOTLINE

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.encounter import Encounter
    from sim.model.model import EastChinaSeaModel

#: deployment kinds that are navies or air forces (the line's scope) and may be notified
MILITARY_KINDS = ("air_patrol", "transit_group", "carrier_group", "survey", "frigate_group",
                  "jp_patrol", "jp_stray")
NOTIFIABLE = ("transit_group", "carrier_group", "frigate_group")
#: deployments that may sail under orders to signal (the two radar-lock episodes of the record)
SIGNAL_KINDS = {"carrier_group": 0, "frigate_group": 1}
_SIGNAL = 70  # child key of the activity stream for the signalling draws (never renumber)
_NOTICE = 7  # child key of the hotline stream for preventive notices (never renumber)
_ORDERS = 8  # child key of the hotline stream for a call reaching the orders (never renumber)
SIGNAL_RUNG = 4  # a signal is a hazardous act (fire-control radar); no orders above it


@dataclass
class Signal:
    """Orders to signal with hazardous acts; shared by a group and its aircraft sorties."""

    acts_left: int


@instance_defaults
@dataclass
class Deployment:
    """One unit group at sea or in the air, with what it has been through and been told."""

    id: int
    side: str
    kind: str
    label: str
    start: float
    units: list = field(default_factory=list)
    encounters: list = field(default_factory=list)
    last_peak: int = 0
    last_end: float = -math.inf
    worst: int = 0
    clarified_until: float = -math.inf
    restrained_until: dict = field(default_factory=dict)  # side -> time
    notified: bool = False
    signal: Signal | None = None

    @property
    def military(self) -> bool:
        return self.kind in MILITARY_KINDS

    def active(self, model: EastChinaSeaModel) -> bool:
        """Any of its units still at sea or in the air."""
        return any(model.fleet.at_sea[u.idx] for u in self.units)

    def clarified(self, t: float) -> bool:
        return t < self.clarified_until

    def restrained(self, side: str, t: float) -> bool:
        return t < self.restrained_until.get(side, -math.inf)


class Deployments:
    """All deployments of a run (ids in order of creation) and their effect on encounters."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self.all: dict[int, Deployment] = {}
        self._by_key: dict[tuple, Deployment] = {}
        self.notices = 0

    # ---------------------------------------------------------------- membership
    def new(self, side: str, kind: str, label: str, units: list[Unit],
            key: tuple | None = None) -> Deployment:
        """A new deployment of `units` (or the existing one with the same `key`, e.g. the air
        patrol of one route on one day)."""
        if key is not None and key in self._by_key:
            dep = self._by_key[key]
        else:
            dep = Deployment(len(self.all) + 1, side, kind, label, self.model.time)
            self.all[dep.id] = dep
            if key is not None:
                self._by_key[key] = dep
            self.model.log("deployment", f"Deployment {dep.id} begins: {label}", side=side)
            self._maybe_notify(dep)
            if key is None:
                self._maybe_signal(dep)
        for u in units:
            u.deployment = dep.id
            if u not in dep.units:
                dep.units.append(u)
        return dep

    def get(self, dep_id: int | None) -> Deployment | None:
        return self.all.get(dep_id) if dep_id is not None else None

    def of_encounter(self, enc: Encounter) -> Deployment | None:
        """The Chinese lead's deployment, else the Japanese lead's."""
        for side in ("CN", "JP"):
            lead = enc.lead(side)
            dep = self.get(getattr(lead, "deployment", None)) if lead is not None else None
            if dep is not None:
                return dep
        return None

    # ---------------------------------------------------------------- preventive notice
    def _maybe_notify(self, dep: Deployment) -> None:
        """China passes notice of a naval deployment over the line before it sails."""
        m = self.model
        p = m.p
        if not (dep.side == "CN" and dep.kind in NOTIFIABLE
                and decide(p, ("hotline_notice_prob", "hotline_active"),
                           lambda prob, active: prob > 0 and bool(active))):
            return
        u = m.streams.child(HOTLINE, _NOTICE, int(round(dep.start * 60)), dep.id).random()
        # a notice is passed only if someone takes it at the other end (answer probability)
        if u < p["hotline_notice_prob"] * m.comms.hotline.answer_prob("JP"):
            dep.notified = True
            self.notices += 1
            end = m.comms.display_name(m.comms.hotline.end("CN"))
            m.log("notice", f"{end} gives notice over the hotline of deployment {dep.id} "
                  f"({dep.label})", side="CN")

    # ---------------------------------------------------------------- signalling orders
    def _maybe_signal(self, dep: Deployment) -> None:
        """A PLA Navy carrier or frigate group may sail under orders to signal (see module
        docstring); the draw comes from a stream keyed by the group's kind and start time."""
        m = self.model
        p = m.p
        if dep.side != "CN" or dep.kind not in SIGNAL_KINDS or p["signal_acts"] <= 0:
            return
        prob = signal_probability(p["signal_prob"], p["signal_logit_tension"],
                                  m.tension.behaviour("CN"))
        u = m.streams.child(ACTIVITY, _SIGNAL, SIGNAL_KINDS[dep.kind],
                            int(round(dep.start * 60))).random()
        if u >= prob:
            return
        dep.signal = Signal(int(p["signal_acts"]))
        m.log("deployment", f"Deployment {dep.id} ({dep.label}) sails under orders to signal: "
              f"up to {dep.signal.acts_left} hazardous acts against Japanese forces "
              f"(probability {prob:.2f} at China's tension now)", side="CN")

    def signal_push(self, enc: Encounter, side: str, lead: Unit) -> float:
        """Added log-odds of escalating for `side`'s lead: ``signal_push`` for the military
        lead of a signalling deployment facing Japanese military units below rung 4."""
        if side != "CN" or enc.rung >= SIGNAL_RUNG or not lead.spec.military or \
                not self.signalling(enc):
            return 0.0
        jp = enc.lead("JP")
        return float(self.model.p["signal_push"]) if jp is not None and jp.spec.military \
            else 0.0

    def signalling(self, enc: Encounter) -> bool:
        """Whether `enc` belongs to a deployment still under orders to signal."""
        dep = self.get(enc.deployment)
        return bool(dep is not None and dep.signal is not None and dep.signal.acts_left > 0)

    def on_hazard(self, enc: Encounter) -> None:
        """A Chinese unit of `enc` made a hazardous act: one less for a signalling deployment."""
        dep = self.get(enc.deployment)
        if dep is None or dep.signal is None or dep.signal.acts_left <= 0:
            return
        dep.signal.acts_left -= 1
        if dep.signal.acts_left == 0:
            self.model.log("deployment", f"Deployment {dep.id} ({dep.label}) has made its "
                           "signal: no further ordered hazardous acts", encounter=enc.id,
                           side="CN")

    def reach_orders(self, dep: Deployment, enc_id: int) -> None:
        """A connected call about an encounter of `dep` may reach the orders behind its signal
        (probability ``hotline_reaches_orders``): China's command rescinds them, so the group
        makes no further ordered hazardous acts and its usual hold and de-escalation orders
        resume (`signalling` is false from now on).

        Why a lever of its own: a call that only clarifies the encounter at hand delays a
        deliberate signal rather than cancelling it (module docstring; docs/model.md 3.3.9),
        and in the findings that delay is what carries the agreed line's run-level rise in
        expected severe incidents. Whether a line can reach such orders is a question of its
        level -- who answers, and whether they can speak for whoever gave the orders -- on
        which the record says nothing (the December 2025 call went unanswered). Read only for a
        deployment still under orders; the draw comes from a stream keyed by the deployment
        and the encounter, so no other draw moves whatever its value. One draw per encounter:
        a second call about the same encounter reaches the same people, with the same
        outcome."""
        if dep.signal is None or dep.signal.acts_left <= 0:
            return
        m = self.model
        prob = m.p["hotline_reaches_orders"]
        if prob <= 0.0:
            return
        u = m.streams.child(HOTLINE, _ORDERS, int(round(dep.start * 60)), dep.id,
                            enc_id).random()
        if u >= prob:
            return
        left = dep.signal.acts_left
        dep.signal.acts_left = 0
        m.log("deployment", f"After the hotline call China's command rescinds deployment "
              f"{dep.id}'s ({dep.label}) orders to signal ({left} hazardous act"
              f"{'s' if left != 1 else ''} not made)", encounter=enc_id, side="CN")

    # ---------------------------------------------------------------- encounters
    def on_open(self, enc: Encounter) -> None:
        """Carry the deployment's history and standing state into a new encounter."""
        dep = self.of_encounter(enc)
        if dep is None:
            return
        m = self.model
        enc.deployment = dep.id
        dep.encounters.append(enc.id)
        now = m.time
        clar = dep.clarified(now)
        recent = now - dep.last_end <= m.p["deployment_memory_hours"] and dep.last_peak >= 3
        if len(dep.encounters) > 1:
            m.log("deployment", f"Encounter {enc.id} is encounter no. {len(dep.encounters)} of "
                  f"deployment {dep.id} ({dep.label}); the last reached rung {dep.last_peak}",
                  encounter=enc.id, rung=dep.last_peak, side=dep.side)
        if recent and not clar:
            for side in ("CN", "JP"):
                enc.sides[side].perceived_escalation = True
            m.log("deployment", f"Both sides read encounter {enc.id} in the light of the last "
                  f"incident of deployment {dep.id} (rung {dep.last_peak})",
                  encounter=enc.id, side=dep.side)
        elif recent and clar:
            m.log("deployment", f"After the hotline call the last incident of deployment "
                  f"{dep.id} is not held against encounter {enc.id}", encounter=enc.id)
        for side in ("CN", "JP"):
            if dep.restrained(side, now):
                enc.sides[side].cap_order = m.p["restraint_cap_rung"]
                m.log("order", f"{'China' if side == 'CN' else 'Japan'}'s units in encounter "
                      f"{enc.id} are under the restraint ordered after the hotline call",
                      encounter=enc.id, side=side)

    def on_close(self, enc: Encounter) -> None:
        dep = self.get(getattr(enc, "deployment", None))
        if dep is None:
            return
        dep.last_peak = enc.peak
        dep.last_end = self.model.time
        dep.worst = max(dep.worst, enc.peak)

    def misperception_factor(self, enc: Encounter, side: str) -> float:
        """Clarification and notice multipliers for `side` reading the other's moves (every
        decision round of an encounter in a deployment: its field read directly)."""
        dep = self.get(enc.deployment)
        if dep is None:
            return 1.0
        p = self.model.p
        # never clarified: no clock to read (t < -inf is false at any time)
        f = (p["hotline_clarify_factor"] if dep.clarified_until != -math.inf
             and dep.clarified(self.model.time) else 1.0)
        if dep.notified and side != dep.side:
            f *= p["hotline_notice_factor"]
        return f

    # ---------------------------------------------------------------- after a call
    def clarify(self, dep: Deployment, until: float, enc_id: int | None) -> None:
        dep.clarified_until = max(dep.clarified_until, until)
        self.model.log("deployment", f"Deployment {dep.id} ({dep.label}) clarified until "
                       f"{self.model.clock(until)}", encounter=enc_id, side=dep.side)
        self.model.schedule_event(_Expiry(self, dep, until).fire, at=until)

    def restrain(self, dep: Deployment, side: str, enc_id: int | None) -> None:
        """A restraint order has reached `side`'s units of the deployment."""
        until = dep.clarified_until
        if until <= self.model.time:
            return
        dep.restrained_until[side] = until
        self.model.log("order", f"{'China' if side == 'CN' else 'Japan'}'s units facing "
                       f"deployment {dep.id} are restrained (no close approaches, no radar "
                       f"illumination) until {self.model.clock(until)}", encounter=enc_id,
                       side=side)
        cap = self.model.p["restraint_cap_rung"]  # warnings at most (see the module docstring)
        for enc in self.model.encounters.values():
            if getattr(enc, "deployment", None) == dep.id:
                enc.sides[side].cap_order = cap if enc.rung <= cap else enc.rung


def signal_probability(base: float, slope: float, x: float) -> float:
    """P(signalling orders): `base` at the reference tension, log-odds rising by `slope` per
    unit of China's tension `x` above it."""
    if base <= 0.0 or base >= 1.0:
        return min(max(base, 0.0), 1.0)
    z = math.log(base / (1.0 - base)) + slope * x
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


class _Expiry:
    """Logs the end of a deployment's clarification (kept alive by the model)."""

    def __init__(self, deps: Deployments, dep: Deployment, at: float) -> None:
        self.deps, self.dep, self.at = deps, dep, at
        deps.model.keep(self)

    def fire(self) -> None:
        m = self.deps.model
        m.release(self)
        if self.dep.clarified_until <= self.at + 1e-9:
            m.log("deployment", f"The clarification of deployment {self.dep.id} expires",
                  side=self.dep.side)
