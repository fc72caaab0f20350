"""The escalation ladder: an encounter's decision rounds (its state is in `sim.model.encounter`,
each side's tension in `sim.model.tension`).

Ladder (issue #2): 0 presence, 1 shadowing or intercept, 2 warning or challenge (radio warnings,
demands to leave, intrusion into territorial sea or airspace), 3 unsafe approach, 4 hazardous act
(fire-control radar lock, water cannon, flares, boarding attempt), 5 collision or warning shots,
6 armed clash.

An encounter is a set of opposing units within detection range. It runs decision rounds (Mesa
events) at a tempo that depends on its rung: routine contact (rungs 0-1) is revisited every few
hours, an active encounter (rung 2 and up) every `round_hours_*`. In each round the lead unit of
each side chooses escalate / hold / step down with multinomial-logit probabilities built from:

* its side's tension: the level against the fixed reference ``TENSION_REFERENCE`` (0.3,
  `sim.model.tension`), not against the scenario's baseline, so a scenario with a higher
  baseline behaves more tensely (``esc_logit_tension``),
* its reading of the other side's last move (``esc_logit_reciprocity``): a hold or a step down
  is misread as escalation with probability ``misperception``, made rarer by the MACM radio
  (military pairs only), by coast-guard cooperation (coast-guard encounters) and by a connected
  hotline call (the encounter's intent is clarified),
* the rung already reached (``esc_logit_rung``, ``deesc_logit_rung``),
* its orders (a de-escalation order adds ``deesc_logit_order`` and forbids escalation), its rules
  of engagement (a cap per force), and its mission (law-enforcement pushes: chasing fishing boats;
  signalling orders of its deployment, ``signal_push``, `sim.model.deployments`).

The encounter rung rises by one if either side escalates, falls by one if a side steps down and
neither escalates, and never falls below a floor while a unit is inside the other side's
territorial sea (an intrusion is itself rung 2). Ships locked in an unsafe approach or a
hazardous act can collide (rung 5) by accident. Rung 6 needs an order authorising force, which a
command gives only above ``clash_tension``.

Every round draws the same five uniforms from the encounter's own stream whatever happens, so
two runs that differ only in a treatment (e.g. a hotline that never connects) stay identical.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.model.acts import RUNG_NAMES, act_text, acts_kind, can_act
from sim.model.results import MAX_RUNG, SEVERE_RUNG
from sim.model.tension import SIDES

__all__ = ["OTHER", "RUNGS", "DecisionRounds"]

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.encounter import Encounter, SideState

RUNGS = RUNG_NAMES
OTHER = {"CN": "JP", "JP": "CN"}


def _softmax3(esc: float, deesc: float) -> tuple[float, float]:
    """P(escalate), P(step down) against hold with logit 0 (`_chances` writes the same
    expressions out: a call costs more than the arithmetic)."""
    e, d = math.exp(esc), math.exp(deesc)
    z = 1.0 + e + d
    return e / z, d / z


class DecisionRounds:
    """The ladder's half of an `Encounter` (mixed into it): decision rounds, rung changes and the
    orders that cap them. It reads the encounter's state (units, leads, sides, floor, zones) and
    writes only the rung, the peak and each side's perceptions and orders."""

    def cap(self, side: str, lead: Unit) -> int:
        p = self.model.p
        force = lead.spec.force
        # all three caps are read, in this order, whatever the force (paired arms watch reads)
        cg, fishing, military = (p["roe_cap_coastguard"], p["roe_cap_fishing"],
                                 p["roe_cap_military"])
        cap = cg if force == "coastguard" else fishing if force == "fishing" else military
        st = self.sides[side]
        if st.cap_order is not None:
            cap = st.cap_order if st.cap_order < cap or st.cap_order == MAX_RUNG else cap
        if st.deesc_order and self.rung < cap:
            cap = self.rung
        return cap

    def misperception(self, side: str, x: float | None = None) -> float:
        """The chance that `side` misreads the other's hold or step down as escalation; `x`:
        `side`'s behavioural tension if the caller has it (a round reads it once per side).
        (Clamps written as conditionals: the same values as ``max``/``min``, without a call.)
        """
        p = self.model.p
        if x is None:
            x = self.model.tension.behaviour(side)
        base = p["misperception"]  # (read before the slope, as ever)
        mu = 1.0 + p["misperception_tension"] * x
        mu = base * (mu if mu > 0.0 else 0.0)
        if self.radio_ok:
            mu *= p["radio_misperception_factor"]
        if self._coastguard and p["cg_cooperation"]:
            mu *= p["cg_coop_misperception_factor"]
        # a call about this encounter supersedes a notice (the call clarifies the whole
        # deployment; the notice's information is part of it): the factors do not multiply
        if self.clarified:
            mu *= p["hotline_clarify_factor"]
        elif self.deployment is not None:
            mu *= self.model.deployments.misperception_factor(self, side)
        return mu if mu < 1.0 else 1.0

    def logits(self, side: str, lead: Unit, recip: bool,
               x: float | None = None) -> tuple[float, float]:
        """Escalation and de-escalation log-odds of `side`'s lead this round; `x`: `side`'s
        behavioural tension if the caller has it."""
        m = self.model
        p = m.p
        st = self.sides[side]
        rung = self.rung
        military = lead.spec.military
        if x is None:
            x = m.tension.behaviour(side)
        # (a signal push is only ever China's: Japan's lead adds 0.0 without asking)
        esc = (p["esc_logit_base"] + p["esc_logit_tension"] * x + p["esc_logit_rung"]
               * rung + st.push + (p["esc_logit_reciprocity"] if recip else 0.0)
               + (p["esc_logit_military"] if military else 0.0)
               + (p["esc_logit_jp_hazard"] if side == "JP" and rung >= 2 else 0.0)
               + (p["esc_logit_cn_hazard"] if side == "CN" and rung >= 3
                  and military else 0.0)
               + (m.deployments.signal_push(self, side, lead)
                  if self.deployment is not None and side == "CN" else 0.0))
        deesc = (p["deesc_logit_base"] + p["deesc_logit_rung"] * (rung - 1 if rung > 1 else 0)
                 - p["esc_logit_tension"] * x - p["enforcement_deesc_share"] * st.push
                 + (p["deesc_logit_order"] if st.deesc_order else 0.0))
        return esc, deesc

    def round(self) -> None:
        """One decision round: both leads choose, the rung moves, perceptions update.

        Written out for the two sides (no per-round dicts, the five uniforms as plain floats:
        the same doubles, compared without numpy's scalar overhead); every parameter is read
        in the order the helpers read it, CN's choice before JP's, then CN's perception.
        """
        if self.end is not None:
            return
        m = self.model
        p = m.p
        # fixed count per round: common random numbers across treatments
        u0, u1, u2, u3, u4 = self.rng.random(5).tolist()
        self.rounds += 1
        leads = self._leads  # (what `lead` returns, without a call per side)
        cn, jp = leads["CN"], leads["JP"]
        sides = self.sides
        st_c, st_j = sides["CN"], sides["JP"]
        # each side's tension as decisions read it, once per round (nothing in a round
        # changes it before the rung moves)
        tension = m.tension
        x_c, x_j = tension.behaviour("CN"), tension.behaviour("JP")
        # (P(escalate), P(step down)) per side, as drawn; 0 for a side without a lead
        pe_c = pd_c = pe_j = pd_j = 0.0
        mv_c = mv_j = 0
        if cn is not None:
            pe_c, pd_c = self._chances("CN", cn, jp, st_c, x_c)
            # +1 escalate, -1 step down, 0 hold, from one uniform: escalation takes the low end
            mv_c = 1 if u0 < pe_c else (-1 if u0 > 1.0 - pd_c else 0)
            if mv_c > 0 and st_c.misread:
                self._misread_decided("CN", cn, u0)
        if jp is not None:
            pe_j, pd_j = self._chances("JP", jp, cn, st_j, x_j)
            mv_j = 1 if u1 < pe_j else (-1 if u1 > 1.0 - pd_j else 0)
            if mv_j > 0 and st_j.misread:
                self._misread_decided("JP", jp, u1)
        # perceptions of this round's moves, read by the other side next round
        misread = mv_j <= 0 and u2 < self.misperception("CN", x_c)
        st_c.perceived_escalation = mv_j > 0 or misread
        st_c.misread = misread and jp is not None
        misread = mv_c <= 0 and u3 < self.misperception("JP", x_j)
        st_j.perceived_escalation = mv_c > 0 or misread
        st_j.misread = misread and cn is not None
        old = self.rung
        if self.peak < SEVERE_RUNG and old >= SEVERE_RUNG - 2:
            self.severe_hazard += self.severe_chance([(pe_c, pd_c), (pe_j, pd_j)])
        new = old
        actor = None
        if mv_c > 0 or mv_j > 0:
            new = old + 1
            both = mv_c > 0 and mv_j > 0  # both escalate: the lower draw acts first
            actor = (cn if u0 < u1 else jp) if both else (cn if mv_c > 0 else jp)
        elif mv_c < 0 or mv_j < 0:
            new = max(self.floor, old - 1)
        collision = False
        if (self.domain == "sea" and new >= 3 and new < 5 and u4 < p["collision_prob"]
                and _ships_both_sides(self)):
            new, collision = 5, True
            actor = cn if u4 < p["collision_prob"] / 2 else jp
        if new != old:
            self.set_rung(new, actor, collision=collision)
        self.schedule_next_round()

    def _chances(self, side: str, lead: Unit, other: Unit | None, st: SideState,
                 x: float) -> tuple[float, float]:
        """(P(escalate), P(step down)) of `side`'s lead this round (`x`: its side's tension):
        the logits, then its cap, its act catalogue against `other` and the floor."""
        esc, deesc = self.logits(side, lead, st.perceived_escalation, x)
        e, d = math.exp(esc), math.exp(deesc)  # `_softmax3`, written out
        z = 1.0 + e + d
        pe, pd = e / z, d / z
        rung = self.rung
        if rung >= self.cap(side, lead) or not can_act(lead, rung + 1, other):
            pe = 0.0
        if rung <= self.floor:
            pd = 0.0
        return pe, pd

    def severe_chance(self, probs: list[tuple[float, float]]) -> float:
        """The chance that this round takes the encounter to rung >= 4 (a severe incident),
        given the moves' probabilities `probs` ((P(escalate), P(step down)) of CN and JP).

        Why: a severe incident is rare (~0.2 encounters per run-year), so its count is a noisy
        estimate of its rate. Summed over the rounds played while the peak is below 4, these
        chances are the count's compensator: their sum has the same expectation as the number
        of encounters that first reach rung 4 in a round (the martingale property of a
        counting process; E[chance] = E[indicator] round by round), without the noise of
        each round's draw (measured: 2.9x less variance for the status-quo rate; a paired
        difference over whole years is not quieter, because the arms drift into different
        encounters, so `sim.study` also sums it over shared encounters). Conditional Monte Carlo
        (Rao-Blackwellisation); `sim.study` uses it as the severe-incident rate's estimator.
        It reads the draws' rules of `round` exactly: either side escalating moves one rung
        up, else a step down by either side moves one down (not below the floor), and a sea
        encounter between ships of both sides at rung 3-4 collides (rung 5) with
        ``collision_prob``. It draws nothing and changes no state but the accumulator.
        """
        (pe_c, pd_c), (pe_j, pd_j) = probs
        no_esc = (1.0 - pe_c) * (1.0 - pe_j)
        hold = (1.0 - pe_c - pd_c) * (1.0 - pe_j - pd_j)
        collide = 0.0
        if self.domain == "sea" and _ships_both_sides(self):
            collide = self.model.p["collision_prob"]

        def severe(rung: int) -> float:
            return 1.0 if rung >= SEVERE_RUNG else (collide if rung >= 3 else 0.0)

        old = self.rung
        return ((1.0 - no_esc) * severe(old + 1) + (no_esc - hold)
                * severe(max(self.floor, old - 1)) + hold * severe(old))

    def schedule_next_round(self) -> None:
        """The next decision round, at the tempo of the current rung: routine contact (rungs
        0-1) every ``routine_round_factor`` times the domain's round interval."""
        m = self.model
        p = m.p
        base = p["round_hours_air"] if self.domain == "air" else p["round_hours_sea"]
        m.schedule_event(self.round, after=base * (p["routine_round_factor"] if self.rung <= 1
                                                   else 1.0))

    def _misread_decided(self, side: str, lead: Unit, u: float) -> None:
        """Log a misreading that changed a decision: without it the lead would not escalate."""
        pe_plain, _ = _softmax3(*self.logits(side, lead, False))
        if u >= pe_plain:
            other = self.lead(OTHER[side])
            name = other.label if other else "the other side"
            self.model.log("misperception", f"{lead.label} misread {name}'s last move as "
                           "escalation and escalates in reply (it would have held otherwise)",
                           encounter=self.id, rung=self.rung, side=side)

    def set_rung(self, new: int, actor: Unit | None, text: str | None = None,
                  collision: bool = False) -> None:
        m = self.model
        old = self.rung
        self.rung = new
        if actor is None:
            actor = self.lead("CN") or self.lead("JP")
        is_act = text is None and not collision and new > old and actor is not None
        if m.record_events:  # the words are built only for a run that keeps its event log
            target = self.lead(OTHER[actor.side]) if actor else None
            if text is not None:
                pass
            elif new > old and actor is not None and target is not None:
                text = act_text(new, actor, target, collision) + f" (rung {new})"
            else:
                text = f"Encounter {self.id} steps down to rung {new} ({RUNGS[new]})"
            m.log("rung", text, encounter=self.id, rung=new, side=actor.side if actor else "",
                  sender=acts_kind(actor) if is_act and actor is not None else "")
        if is_act and new >= 3:
            m.count_act(actor.side, new)
            if new >= 4 and actor.side == "CN" and self.deployment is not None:
                m.deployments.on_hazard(self)
        if new > self.peak:
            m.scenes.record_peak(old_peak=self.peak, new_peak=new)
            self.peak, self.peak_t, self.peak_xy = new, m.time, self.centre
            self.peak_by = "" if collision or actor is None else actor.side
            if new >= 3:  # incidents feed back into tension on both sides
                m.tension.add("both", m.p["tension_incident_gain"] * (new - 2),
                              cause=f"encounter {self.id} reaches rung {new}", encounter=self.id)
            m.crisis.on_peak(self, new)
        if new > old:
            for side in SIDES:
                st = self.sides[side]
                lead = self.lead(side)
                if lead is not None and new >= m.p["report_rung"] and new > st.reported:
                    st.reported = new
                    m.comms.report(self, lead)

    # --- orders arriving from the chain of command ---------------------------------------------
    def apply_order(self, side: str, order: str) -> None:
        if self.end is not None:
            return
        st = self.sides[side]
        if order == "deescalate":
            st.deesc_order = True
            effect = "no further escalation; stepping down is more likely"
        elif order == "hold":
            st.cap_order = self.rung
            effect = f"hold at rung {self.rung} at most"
        elif order == "authorise":
            st.cap_order = MAX_RUNG
            effect = "weapons use authorised"
        else:
            return
        lead = self.lead(side)
        self.model.log("order", f"Order '{order}' reaches {lead.label if lead else side} in "
                       f"encounter {self.id} at rung {self.rung}: {effect}", encounter=self.id,
                       rung=self.rung, side=side)


def _ships_both_sides(enc: Encounter) -> bool:
    sides = {u.side for u in enc.units if not u.is_aircraft}
    return len(sides) == 2
