"""An encounter: opposing units in contact, and what it knows about itself.

`Encounter` holds who is in contact (and who speaks for each side), where the contact is (zones
seen, an intrusion's floor at rung 2), the coast guards' law-enforcement push, the state of a
hotline call about it (`CallState`), and the row it leaves in the results. Its decision rounds on
the escalation ladder are in `sim.model.escalation` (`DecisionRounds`, mixed in); how contacts
become encounters and merge is in `sim.model.scenes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.model.acts import acts_kind, max_rung
from sim.model.escalation import DecisionRounds
from sim.model.fields import instance_defaults
from sim.model.geography import Zone, territorial, to_lonlat
from sim.model.hotline import CallState
from sim.model.paired import decide
from sim.model.streams import COMMAND, ENCOUNTER
from sim.model.tension import SIDES

__all__ = ["Encounter", "SideState"]

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel


@instance_defaults
@dataclass
class SideState:
    """What one side's lead unit knows and has been told in this encounter."""

    perceived_escalation: bool = False
    deesc_order: bool = False
    cap_order: int | None = None  # "hold" caps at the rung when ordered; "authorise": top rung
    reported: int = -1  # highest rung already reported up the chain
    push: float = 0.0  # mission push (law enforcement)
    misread: bool = False  # the last perceived escalation was a misreading


@instance_defaults
@dataclass
class Encounter(DecisionRounds):
    """Opposing units in contact, climbing and descending the ladder together."""

    # What `__post_init__` derives lives in slots; the fields (and the two generators, which
    # `sim.study.splitting.rekey` finds through `vars`) in the instance dict. Why: CPython 3.12
    # keeps an instance's attribute values inline, and specialises reads and method calls on
    # it, only while its class has at most 30 attribute names in its dict; an encounter has
    # 43, so every one of them held a full dict, and every method call on it (eight a
    # decision round) took the interpreter's generic look-up.
    __slots__ = ("_key", "sides", "_u_radio", "_u_handover", "floor", "_leads", "_military",
                 "_coastguard", "_senkaku", "_intruder", "_enforcing", "cg_where",
                 "_members_key", "onset_xy", "peak_xy")

    id: int
    model: EastChinaSeaModel
    start: float
    units: list = field(default_factory=list)  # sorted by unit index (deterministic)
    rung: int = 0
    peak: int = 0
    peak_t: float = 0.0
    end: float | None = None
    zone: str = "high seas"
    zone_mask: int = 0
    rounds: int = 0
    gap: float = 0.0  # hours since the units were last seen in contact
    radio_ok: bool = False
    clarified: bool = False
    call_state: CallState = CallState.NONE  # the hotline call about it, if any
    hotline_attempted: bool = False
    hotline_connected: bool = False
    handover: bool = False
    hailed: bool = False
    handed_over: bool = False
    domain: str = "sea"
    kinds_seen: set = field(default_factory=set)
    deployment: int | None = None  # see sim.model.deployments
    crisis_opened: bool = False
    peak_by: str = ""  # side whose act (or entry) reached the peak; "" for collisions
    severe_hazard: float = 0.0  # expected severe onsets: see `DecisionRounds.severe_chance`

    def __post_init__(self) -> None:
        # The stream is keyed by what the encounter is (when it began, who is in it), not by
        # its serial number: if a treatment adds or removes an encounter, the others keep their
        # draws (common random numbers survive local divergence).
        first = sorted(u.idx for u in self.units)[:2] if self.units else []
        key = (int(round(self.start * 60)), *first)
        self._key = key
        self.rng: np.random.Generator = self.model.streams.child(ENCOUNTER, *key)
        self._comm_rng: np.random.Generator | None = None  # made when first needed
        self.sides = {s: SideState() for s in SIDES}
        # Draws fixed at formation, whatever the treatment: radio contact, fishing handover.
        self._u_radio, self._u_handover = self.rng.random(2)
        self.floor = 0
        # the leads of the units it was formed with (what `lead` computed on every call
        # until the first `refresh`, which runs in the same update: its units do not change
        # in between)
        self._leads: dict = self._find_leads()
        self._military = self._coastguard = self._senkaku = False
        self._intruder: str | None = None
        self._enforcing: dict[str, bool] = {}
        self.cg_where = ""  # "ts" / "cz": in Senkaku waters now (coast-guard enforcement)
        self._members_key: list[int] | None = None  # unit indices at the last refresh
        # Where it began and where it peaked (mean position of the units then), for the
        # encounter table: maps of incidents need positions, not only zones.
        self.onset_xy = self.peak_xy = self.centre

    @property
    def comm_rng(self) -> np.random.Generator:
        """The stream of messages about this encounter, keyed like `rng`. Made on first use:
        most encounters never send one, and a keyed stream does not depend on when it is made.
        """
        if self._comm_rng is None:
            self._comm_rng = self.model.streams.child(COMMAND, *self._key)
        return self._comm_rng

    # --- membership ---------------------------------------------------------------------------
    def lead(self, side: str) -> Unit | None:
        """The unit that speaks for its side on scene (cached per membership)."""
        return self._leads.get(side) if self._leads else self._find_lead(side)

    def _find_lead(self, side: str) -> Unit | None:
        """Government and military units speak before fishing boats."""
        return self._find_leads()[side]

    def _find_leads(self) -> dict[str, Unit | None]:
        """Each side's lead (`_lead_rank`: government and military units speak before fishing
        boats), both sides in one pass over the units."""
        return self._survey()[0]

    def _survey(self) -> tuple[dict[str, Unit | None], bool, dict[str, bool]]:
        """One pass over the units: each side's lead, whether all are aircraft, and whether
        each side has a fishing boat in the contact (what `refresh` asks, in one loop instead
        of a generator or comprehension frame per question)."""
        best: dict[str, Unit | None] = {"CN": None, "JP": None}
        ranks: dict[str, int] = {}
        air = True
        fishing = {"CN": False, "JP": False}
        for u in self.units:
            if not u.is_aircraft:
                air = False
            side = u.side
            if u.spec.force == "fishing":
                fishing[side] = True
            rank = _lead_rank(u)
            r = ranks.get(side)
            if r is None or rank < r or (rank == r and u.idx < best[side].idx):
                best[side], ranks[side] = u, rank
        return best, air, fishing

    @property
    def centre(self) -> tuple[float, float]:
        if not self.units:
            return (0.0, 0.0)
        # the mean in plain floats: numpy's mean over rows adds them in order, as this loop
        # does, so the bits are the same at a fraction of the cost on a handful of units
        # (`item` reads one coordinate as a float: no fancy-indexed copy, ~5 us less)
        item = self.model.space.agent_positions.item
        sx = sy = 0.0
        for u in self.units:
            sx += item(u.idx, 0)
            sy += item(u.idx, 1)
        n = len(self.units)
        return (sx / n, sy / n)

    @property
    def military(self) -> bool:
        """Both sides represented by navy or air-force units (the MACM's and hotline's scope)."""
        return self._military

    @property
    def coastguard(self) -> bool:
        return self._coastguard

    def seen(self, zone_masks: dict[int, int]) -> None:
        """The scene was seen this update with `units` in it: recompute what depends on who is
        present if that changed, else only where the encounter is."""
        self.gap = 0.0
        key = [u.idx for u in self.units]  # (kept sorted by index: a list compares as a set)
        if key != self._members_key:
            self.refresh(zone_masks)
            self._members_key = key
        else:
            self.update_zones(zone_masks)

    def still_in_contact(self, zone_masks: dict[int, int]) -> None:
        """The same units are in contact as at the last update: only where it is may change."""
        self.gap = 0.0
        self.update_zones(zone_masks)

    def absorb(self, other: Encounter) -> None:
        """Take over the state of an encounter merged into this one: the higher peak (with its
        time, initiator and place) and rung, the earlier onset (with its place), rounds, kinds
        and zones seen, hotline outcome, and each side's orders and reports."""
        if other.peak > self.peak:
            self.peak, self.peak_t, self.peak_by = other.peak, other.peak_t, other.peak_by
            self.peak_xy = other.peak_xy
        if other.start < self.start:
            self.onset_xy = other.onset_xy
        self.rung = max(self.rung, other.rung)
        self.rounds += other.rounds
        self.severe_hazard += other.severe_hazard
        self.kinds_seen |= other.kinds_seen
        self.zone_mask |= other.zone_mask
        self.hotline_attempted |= other.hotline_attempted
        self.hotline_connected |= other.hotline_connected
        self.clarified |= other.clarified
        self.crisis_opened |= other.crisis_opened
        if self.deployment is None:
            self.deployment = other.deployment
        self.start = min(self.start, other.start)
        for side, st in self.sides.items():  # orders and reports carry over
            ost = other.sides[side]
            st.deesc_order |= ost.deesc_order
            st.reported = max(st.reported, ost.reported)
            if ost.cap_order is not None:
                st.cap_order = ost.cap_order if st.cap_order is None else min(
                    st.cap_order, ost.cap_order)

    def refresh(self, zone_masks: dict[int, int]) -> None:
        """Recompute what depends on who is present (leads, scope, radio, missions)."""
        p = self.model.p
        best, air, fishing = self._survey()
        self.kinds_seen.update([u.kind for u in self.units])
        self.domain = "air" if air else "sea"
        self._leads = best
        cn, jp = best["CN"], best["JP"]
        # (scope by comparisons, not `bool()` calls: a unit is never falsy)
        both = cn is not None and jp is not None
        self._military = both and cn.spec.military and jp.spec.military
        self._coastguard = both and (cn.spec.force == "coastguard"
                                     or jp.spec.force == "coastguard")
        self.radio_ok = bool(p["radio_active"] and self._military
                             and self._u_radio < p["radio_reliability"])
        if self.radio_ok and not self.hailed:
            self.hailed = True
            self.model.comms.radio_hail(self)
        self._enforcing = {"CN": bool(cn is not None and cn.spec.force == "coastguard"
                                      and fishing["JP"]),
                           "JP": bool(jp is not None and jp.spec.force == "coastguard"
                                      and fishing["CN"])}
        self._members_key = None
        self.update_zones(zone_masks)

    def update_zones(self, zone_masks: dict[int, int]) -> None:
        """Per-update check of where the encounter is; an intrusion sets the floor at rung 2.

        Entries into and exits from the other side's territorial sea or airspace are logged.
        """
        mask = 0
        cn_in = jp_in = False
        for u in self.units:
            m = zone_masks.get(u.idx, 0)
            if m:  # (the high seas: no bit to add, nobody inside)
                mask |= m
                if u.side == "CN":
                    if m & _JP_TS:
                        cn_in = True
                elif m & _CN_TS:  # (a Japanese unit: every unit is CN or JP)
                    jp_in = True
        self.zone_mask |= mask
        self.floor = 2 if (cn_in or jp_in) else 0
        zone = _ZONE_LABELS.get(mask)
        if zone is None:
            zone = _ZONE_LABELS[mask] = _zone_label(mask)
        self.zone = zone
        enforcing = self._enforcing
        if enforcing.get("CN") or enforcing.get("JP"):
            self._enforcement(mask)
        else:  # what `_enforcement` does when nobody enforces (most updates), without a call
            self.cg_where = ("ts" if mask & _SENKAKU_TS else
                             "cz" if mask & _SENKAKU_WATERS else "")
            sides = self.sides
            sides["CN"].push = sides["JP"].push = 0.0
        intruder = "CN" if cn_in else ("JP" if jp_in else None)
        if intruder != self._intruder:
            self._intrusion(intruder, mask)

    def _intrusion(self, intruder: str | None, mask: int) -> None:
        """The intruding side changed (None: the last intruder left): log it; an entry sets
        the floor's rung and is news up the chains."""
        was, self._intruder = self._intruder, intruder
        actor = self.lead(intruder or was or "CN")
        where = ("the territorial sea around the Senkakus" if mask & _SENKAKU_TS or (
            not intruder and self.zone_mask & _SENKAKU_TS) else
            "Japanese territorial waters" if (intruder or was) == "CN" else
            "Chinese territorial waters")
        if actor is not None and actor.is_aircraft:
            where = where.replace("waters", "airspace").replace("sea around", "airspace of")
        name = actor.label if actor else "A unit"
        if intruder is None:
            self.model.log("zone", f"{name} leaves {where}", encounter=self.id, side=was or "")
            return
        self.model.log("zone", f"{name} enters {where}", encounter=self.id, side=intruder)
        was = {s: self.sides[s].reported for s in SIDES}
        if self.rung < self.floor:
            self.set_rung(self.floor, actor, text=f"{name} enters {where} (rung {self.floor})")
        if self.military:  # a military entry is news up both chains, even at a rung reported
            for side in SIDES:
                lead = self.lead(side)
                if lead is not None and self.sides[side].reported == was[side]:
                    self.model.comms.report(self, lead)

    def _enforcement(self, mask: int) -> None:
        """Law enforcement against the other side's fishing boat pushes escalation where a side
        asserts jurisdiction (issue 10, item 6). Inside the Senkaku territorial sea both sides
        assert sovereignty: the push is full and never handed over (doing so would cede
        jurisdiction). In the contiguous zone it is fisheries enforcement at half strength,
        which the 2022 cooperation (illegal fishing) may hand to the other coast guard over
        the contact line; the push ends only when that message arrives."""
        p = self.model.p
        where = "ts" if mask & _SENKAKU_TS else ("cz" if mask & _SENKAKU_WATERS else "")
        self.cg_where = where
        for side in SIDES:
            enforcing = self._enforcing.get(side, False)
            push = 0.0
            if enforcing and where == "ts":
                push = p["enforcement_push"]
            elif enforcing and where == "cz" and not self.handed_over:
                push = p["enforcement_cz_share"] * p["enforcement_push"]
                if (p["cg_cooperation"] and not self.handover
                        and self._u_handover < p["cg_coop_handover_prob"]):
                    self.handover = True  # the case goes over the JCG-CCG contact line
                    self.model.comms.cg_handover(self, side)
            self.sides[side].push = push

    def handover_arrived(self) -> None:
        """The other coast guard has taken the fishing case: enforcement in the zone stops."""
        if self.end is not None or self.handed_over:
            return
        self.handed_over = True
        self.model.log("order", f"The fishing-boat case of encounter {self.id} is taken over "
                       "by the other coast guard (contact line); enforcement in the contiguous "
                       "zone stops", encounter=self.id, rung=self.rung)
        self._enforcement(int(_SENKAKU_CZ) if self.cg_where == "cz" else 0)

    def intruder(self) -> str | None:
        """The side with a unit inside the other side's territorial sea or airspace now."""
        return self._intruder


    def in_hotline_scope(self) -> bool:
        """The agreed scope: military on both sides, outside territorial seas and airspace."""
        mil, cg, inside = self.military, self.coastguard, territorial(self.zone_mask)
        return decide(self.model.p, ("hotline_covers_coastguard", "hotline_covers_territorial"),
                      lambda with_cg, with_ts: (mil or bool(with_cg and cg))
                      and bool(with_ts or not inside))

    def row(self, lonlat: tuple[float, float, float, float] | None = None) -> dict:
        """The encounter's row; `lonlat`: its onset and peak (lon, lat, lon, lat) if already
        projected (`rows` projects every encounter's in one call)."""
        if lonlat is None:
            lonlat = (*to_lonlat(*self.onset_xy), *to_lonlat(*self.peak_xy))
        return {"encounter": self.id, "start_h": self.start, "end_h": self.end,
                "domain": self.domain, "zone": self.zone,
                "territorial": territorial(self.zone_mask),
                "cn_units": ",".join(sorted(k for k in self.kinds_seen
                                            if k.startswith(("PLA", "CCG", "CN")))),
                "jp_units": ",".join(sorted(k for k in self.kinds_seen
                                            if k.startswith(("J", "JP")))),
                "peak_rung": self.peak, "peak_h": self.peak_t, "military": self.military,
                "coastguard": self.coastguard, "radio": self.radio_ok,
                "hotline_attempted": self.hotline_attempted,
                "hotline_connected": self.hotline_connected, "rounds": self.rounds,
                "deployment": self.deployment, "peak_by": self.peak_by,
                "hotline_state": self.call_state.value,
                "severe_hazard": round(self.severe_hazard, 9),
                # model km to degrees, rounded to 1e-4 deg (~10 m, below the model's resolution)
                "onset_lon": round(lonlat[0], 4), "onset_lat": round(lonlat[1], 4),
                "peak_lon": round(lonlat[2], 4), "peak_lat": round(lonlat[3], 4)}


def rows(encounters: list[Encounter]) -> list[dict]:
    """The rows of these encounters, their onsets and peaks projected in one call: pyproj
    projects each point alike whether it comes alone or in an array (the same floats), and
    one call instead of two per encounter saves ~10 us each (~3 % of a run-year)."""
    if not encounters:
        return []
    xs = [c for e in encounters for c in (e.onset_xy[0], e.peak_xy[0])]
    ys = [c for e in encounters for c in (e.onset_xy[1], e.peak_xy[1])]
    lon, lat = to_lonlat(np.array(xs, dtype=float), np.array(ys, dtype=float))
    lon, lat = np.atleast_1d(lon).tolist(), np.atleast_1d(lat).tolist()
    return [e.row((lon[2 * k], lat[2 * k], lon[2 * k + 1], lat[2 * k + 1]))
            for k, e in enumerate(encounters)]


_JP_TS = int(Zone.SENKAKU_TS | Zone.JP_TERRITORIAL)
_SENKAKU_WATERS = int(Zone.SENKAKU_TS | Zone.SENKAKU_CZ)
_CN_TS = int(Zone.CN_TERRITORIAL)
_SENKAKU_TS = int(Zone.SENKAKU_TS)
_SENKAKU_CZ = int(Zone.SENKAKU_CZ)
# plain ints for the hourly zone label (IntFlag operators cost ~1 us each)
_Z_SENKAKU_TS, _Z_SENKAKU_CZ = int(Zone.SENKAKU_TS), int(Zone.SENKAKU_CZ)
_Z_JP_TERRITORIAL, _Z_CN_TERRITORIAL = int(Zone.JP_TERRITORIAL), int(Zone.CN_TERRITORIAL)
_Z_CN_ADIZ, _Z_JP_ADIZ = int(Zone.CN_ADIZ), int(Zone.JP_ADIZ)
_RANK = {"navy": 0, "air": 0, "coastguard": 1, "fishing": 2}


def _lead_rank(u: Unit) -> int:
    """Who speaks for a side on scene, lowest first: navies and air forces, then coast guards,
    then fishing boats; within a force the unit with the widest act catalogue (a fighter
    before a patrol aircraft); the unit index breaks ties where it is used. One integer
    (force rank * 16 - the catalogue's reach, which is 0..6), looked up per (kind, `acts_as`):
    a parked unit may be reused with another catalogue, hence the key."""
    key = (u.kind, u.acts_as)
    r = _LEAD_RANK.get(key)
    if r is None:
        r = _LEAD_RANK[key] = _RANK[u.spec.force] * 16 - max_rung(acts_kind(u))
    return r


_LEAD_RANK: dict[tuple[str, str | None], int] = {}


_ZONE_LABELS: dict[int, str] = {}  # `_zone_label` by mask, filled as masks occur


def _zone_label(mask: int) -> str:
    if mask & _Z_SENKAKU_TS:
        return "senkaku_ts"
    if mask & _Z_JP_TERRITORIAL:
        return "jp_territorial"
    if mask & _Z_CN_TERRITORIAL:
        return "cn_territorial"
    if mask & _Z_SENKAKU_CZ:
        return "senkaku_cz"
    if mask & _Z_CN_ADIZ and mask & _Z_JP_ADIZ:
        return "adiz_overlap"
    if mask & _Z_JP_ADIZ:
        return "jp_adiz"
    if mask & _Z_CN_ADIZ:
        return "cn_adiz"
    return "high_seas"
