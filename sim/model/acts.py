"""The act catalogue: which acts each kind of unit can perform at each rung, against whom.

Why this exists (issue 10, item 3): a rung is not an abstraction the units share alike. A
maritime patrol aircraft (P-3C, YS-11EB) carries no fire-control radar and cannot "lock" anyone;
a fishing boat has no water cannon; a Y-9 or a bomber does not intercept. The record of
2013-2025 (docs/record.md) also shows who did what: every hazardous act (radar locks 2013 and
2025, close approaches within 30-50 m in 2014 and 2025) was by a Chinese navy or air-force unit;
Japanese units shadowed, warned, interposed and protested; the one disputed case (June 2016,
F-15J vs Su-30) is contested. So:

* each kind has a catalogue ``rung -> act`` (the text also depends on the target's force);
  a unit can step the encounter up to a rung only if its catalogue has an act there
  (`can_act`), and the encounter's lead on each side is the unit with the widest catalogue;
* collisions (rung 5 by accident) are not acts: they stay possible for any two ships in an
  unsafe approach (``collision_prob``);
* the side-specific propensity is a parameter (``esc_logit_jp_hazard``): added log-odds for a
  Japanese unit stepping to rung 3 or above (the SDF and JCG use force only in self-defence,
  under the SDF Act and the JCG Act; hazardous acts stay possible but rare).

A test checks that no unit ever performs an act outside its catalogue.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.model.agents import Unit

# Act texts use {a} (actor) and {t} (target). A rung maps to one text, or to a dict by the
# target's force ("fishing", "ship" for any government or navy ship, "air", "*" for any).
_ARMED_SHIP = {
    1: "{a} shadows {t}",
    2: "{a} radios warnings to {t}",
    3: "{a} manoeuvres dangerously close to {t}",
    4: "{a} locks fire-control radar on {t}",
    5: "{a} fires warning shots near {t}",
    6: "{a} opens fire on {t}",
}
_FIGHTER = {
    1: "{a} intercepts {t}",
    2: "{a} radios warnings to {t}",
    3: "{a} makes an unsafe close approach to {t}",
    4: "{a} locks fire-control radar on {t}",
    5: "{a} fires warning shots near {t}",
    6: "{a} opens fire on {t}",
}
#: kind -> rung -> act. Rungs absent from a kind's catalogue are acts it cannot perform.
CATALOGUE: dict[str, dict[int, str | dict[str, str]]] = {
    # Chinese units. Frigate radar lock on Yudachi (Jan 2013); J-15 radar locks (Dec 2025);
    # Su-27 within 30-50 m of OP-3C / YS-11EB (2014); J-15, JH-7 within 30-45 m (2025).
    "PLAN": dict(_ARMED_SHIP),
    # a PLA Navy survey ship (Shupang class) acts as an unarmed ship: it warns, it does not
    # manoeuvre against or illuminate anyone (units carry ``acts_as``; see `acts_kind`)
    "PLAN_SURVEY": {1: "{a} keeps station near {t}", 2: "{a} radios {t} that it is on "
                    "innocent passage"},
    "PLA_FIGHTER": dict(_FIGHTER),
    "CCG": {
        1: "{a} shadows {t}",
        2: {"fishing": "{a} orders {t} to leave 'Chinese waters'",
            "*": "{a} radios {t} that it is in 'Chinese waters'"},
        3: {"fishing": "{a} chases {t}", "*": "{a} blocks and manoeuvres dangerously near {t}"},
        4: {"fishing": "{a} attempts to board {t}", "*": "{a} fires water cannon at {t}"},
        5: "{a} fires warning shots near {t}",  # CCG Law (2021) authorises weapons
        6: "{a} opens fire on {t}",
    },
    "CN_FISH": {2: "{a} ignores orders from {t} to stop",
                3: "{a} manoeuvres dangerously to evade {t}"},
    "PLA_BOMBER": {2: "{a} flies on, ignoring radio warnings from {t}"},
    "PLA_RECON": {2: "{a} flies on, ignoring radio warnings from {t}"},
    "PLA_DRONE": {2: "{a} flies on, ignoring radio warnings from {t}"},
    # Japanese units: shadowing, warnings, interposition; hazardous acts are in the catalogue
    # of armed units (self-defence) but rare through esc_logit_jp_hazard.
    "JMSDF": {**_ARMED_SHIP, 3: "{a} interposes itself close to {t}"},
    "JASDF_FIGHTER": {**_FIGHTER, 1: "{a} intercepts and escorts {t}",
                      3: "{a} manoeuvres close to {t} to shepherd it away"},
    "JCG": {
        1: "{a} shadows {t}",
        2: {"fishing": "{a} orders {t} to leave Japanese waters",
            "*": "{a} radios {t} to leave Japanese waters"},
        3: {"fishing": "{a} chases {t}",
            "*": "{a} interposes itself between {t} and the islands"},
        4: {"fishing": "{a} stops and boards {t}"},  # 2010: JCG boards and arrests a trawler
        5: {"fishing": "{a} fires warning shots near {t}"},
    },
    "JP_FISH": {2: "{a} refuses to leave when ordered by {t}"},
    # Maritime patrol and ELINT aircraft (P-3C, P-1, YS-11EB): no fire-control radar, unarmed.
    "JP_PATROL": {1: "{a} monitors {t}", 2: "{a} radios {t} and keeps monitoring"},
}


def _target_class(target: Unit) -> str:
    if target.spec.force == "fishing":
        return "fishing"
    return "air" if target.is_aircraft else "ship"


def acts_kind(unit: Unit) -> str:
    """The catalogue a unit acts from: its kind, or a narrower role (a survey ship)."""
    return unit.acts_as or unit.kind


def act(kind: str, rung: int, target: Unit | None) -> str | None:
    """The act template a unit of `kind` performs at `rung` against `target`, or None."""
    entry = CATALOGUE.get(kind, {}).get(rung)
    if entry is None or isinstance(entry, str):
        return entry
    if target is None:
        return entry.get("*")
    return entry.get(_target_class(target), entry.get("*"))


def can_act(unit: Unit, rung: int, target: Unit | None) -> bool:
    """Whether `unit` has an act at `rung` against `target` (rungs 0 and below always)."""
    if rung <= 0:
        return True
    # the answer depends only on the catalogue kind, the rung and the target's kind
    key = (unit.acts_as or unit.kind, rung,
           None if target is None else target.kind)
    ok = _CAN_ACT.get(key)
    if ok is None:
        ok = _CAN_ACT[key] = act(key[0], rung, target) is not None
    return ok


_CAN_ACT: dict[tuple[str, int, str | None], bool] = {}


@cache  # the catalogue is fixed: read when choosing each encounter's leads
def max_rung(kind: str) -> int:
    """The highest rung in a kind's catalogue (its reach, whatever the target)."""
    return max(CATALOGUE.get(kind, {0: ""}), default=0)


def act_text(rung: int, actor: Unit, target: Unit, collision: bool = False) -> str:
    """Plain words for what the actor does to the target when the encounter reaches `rung`."""
    a, t = actor.label, target.label
    if collision:
        return f"{a} and {t} collide"
    if rung == 0:
        return f"{a} and {t} in contact"
    tmpl = act(acts_kind(actor), rung, target)
    if tmpl is None:  # not an act of this unit (e.g. a floor set by an intrusion)
        return f"{a} and {t}: {RUNG_NAMES[rung]}"
    return tmpl.format(a=a, t=t)


RUNG_NAMES = ("presence", "shadowing or intercept", "warning or challenge", "unsafe approach",
              "hazardous act", "collision or warning shots", "armed clash")
