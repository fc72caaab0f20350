"""Scenes: which units are in contact, and which encounter each group of them is.

Each spatial update finds the pairs of opposing, compatible units within detection range (one
dense distance matrix for small scenes, a KD-tree otherwise), unions the pairs into scenes and
maps each scene to an encounter:

* a scene keeps the encounter most of its units already belong to (ties: the older encounter);
* a scene with no encounter opens one;
* an encounter whose units all joined another scene is absorbed into it (its peak, orders,
  reports and pending hotline calls carry over; it is not counted twice);
* an encounter out of contact for ``encounter_gap_hours`` closes.

`Scenes` also keeps the tally of encounters by peak rung, which the web view shows live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial import cKDTree

from sim.model import kernels, scene_kernels
from sim.model.agents import KIND_KEYS, UNIT_KINDS
from sim.model.encounter import Encounter
from sim.model.missions import Escort
from sim.model.results import MAX_RUNG, SEVERE_RUNG

if TYPE_CHECKING:
    from sim.model.agents import Unit
    from sim.model.model import EastChinaSeaModel

DENSE_MAX = 64  # up to this many units at sea, one dense distance matrix beats a KD-tree
_MAX_DETECT = max(k.detect_km for k in UNIT_KINDS.values())
def _max_pairs(k: int) -> int:
    """Pairs among `k` units at most: the room the dense pass's rows need."""
    return k * (k - 1) // 2


def _compat() -> np.ndarray:
    """Which kinds can form an encounter with which: same domain, or aircraft over navies."""
    n = len(KIND_KEYS)
    ok = np.zeros((n, n), dtype=bool)
    for i, a in enumerate(KIND_KEYS):
        for j, b in enumerate(KIND_KEYS):
            ka, kb = UNIT_KINDS[a], UNIT_KINDS[b]
            if ka.side == kb.side or (ka.force == "fishing" and kb.force == "fishing"):
                continue
            if ka.aircraft == kb.aircraft or ({ka.force, kb.force} == {"air", "navy"}):
                ok[i, j] = True
    return ok


COMPAT = _compat()


class Scenes:
    """The open and closed encounters of one run and the contact detection that forms them."""

    def __init__(self, model: EastChinaSeaModel) -> None:
        self.model = model
        self.open: dict[int, Encounter] = {}
        self.closed: list[Encounter] = []
        self._merged: dict[int, int] = {}  # id of an absorbed encounter -> its survivor's id
        self._closed_by_id: dict[int, Encounter] = {}
        self.peak_counts = [0] * (MAX_RUNG + 1)
        self.first_severe_h: float | None = None
        self._next_id = 1
        # the last update's contact pairs (interleaved, `_m_prev` of them) and room for the
        # scenes: buffers `scene_kernels.group` writes into (arrays of their own, not views,
        # so that a deep copy of the model -- a clone in `sim.study.splitting` -- has its own)
        self._prev = np.zeros(128, dtype=np.int64)
        self._m_prev = 0
        self._out = np.zeros(192, dtype=np.int64)
        self._touched: set[int] = set()
        # the dense pass's pairs (`kernels.pairs` writes them here: no arrays to box)
        self._pi = np.zeros(_max_pairs(DENSE_MAX), dtype=np.int64)
        self._pj = np.zeros(_max_pairs(DENSE_MAX), dtype=np.int64)

    def by_id(self, enc_id: int | None) -> Encounter | None:
        """The open encounter with this id, or the one it merged into (None once closed):
        a message about an absorbed encounter concerns its survivor."""
        if enc_id is None:
            return None
        while enc_id in self._merged:
            enc_id = self._merged[enc_id]
        return self.open.get(enc_id)

    def concerning(self, enc_id: int | None) -> Encounter | None:
        """The encounter a message is about, open or already closed (following merges): a
        ministry may still call about an incident whose deployment is out (Dec 2025)."""
        enc = self.by_id(enc_id)
        if enc is not None or enc_id is None:
            return enc
        while enc_id in self._merged:
            enc_id = self._merged[enc_id]
        return self._closed_by_id.get(enc_id)

    def all(self) -> list[Encounter]:
        """Closed encounters, then open ones."""
        return [*self.closed, *self.open.values()]

    # ------------------------------------------------------------------ detection
    def detect(self, at_sea: np.ndarray, zone_of: dict[int, int], dt: float = 1.0) -> None:
        """One pass: opposing, compatible units within detection range form encounters."""
        touched: set[int] = set()
        gap_h = self.model.p["encounter_gap_hours"]
        if len(at_sea) >= 2:
            touched = self._contacts(at_sea, zone_of)
        for enc in list(self.open.values()):
            if enc.id not in touched:
                enc.gap += dt
                if enc.gap >= gap_h - 1e-9:
                    self.close(enc)

    def _contacts(self, at_sea: np.ndarray, zone_of: dict[int, int]) -> set[int]:
        """The pairs in contact, grouped into encounters; returns the ids of those in contact."""
        f = self.model.fleet
        pos = self.model.space.agent_positions
        if len(at_sea) <= DENSE_MAX:  # one fused pass: screen, kinds, exact range
            if len(at_sea) * (len(at_sea) - 1) // 2 > self._pi.shape[0]:  # (DENSE_MAX raised
                self._pi = np.zeros(_max_pairs(len(at_sea)), dtype=np.int64)  # since: the
                self._pj = np.zeros_like(self._pi)  # kernel writes without bounds checks)
            m = kernels.pairs(pos, at_sea, f.kind, f.detect, COMPAT, _MAX_DETECT, self._pi,
                              self._pj)
            i, j = self._pi[:m], self._pj[:m]
        else:
            pts = pos[at_sea]
            pairs = cKDTree(pts).query_pairs(_MAX_DETECT, output_type="ndarray")
            i, j = at_sea[pairs[:, 0]], at_sea[pairs[:, 1]]
            d = np.hypot(*(pts[pairs[:, 0]] - pts[pairs[:, 1]]).T)
            keep = COMPAT[f.kind[i], f.kind[j]] & (d <= np.maximum(f.detect[i], f.detect[j]))
            i, j = i[keep], j[keep]
        m = len(i)
        if not m:
            return set()
        if 3 * m > self._out.shape[0]:  # room for this update's pairs and scenes
            self._out = np.zeros(6 * m, dtype=np.int64)
            prev = np.zeros(4 * m, dtype=np.int64)
            prev[:self._prev.shape[0]] = self._prev  # (the last update's pairs, compared next)
            self._prev = prev
        same, nc, total = scene_kernels.group(i, j, self._prev, self._m_prev, self._out)
        self._m_prev = m
        if same and all(e in self.open for e in self._touched):
            touched = self._touched  # the same pairs as last time: the same encounters
            for eid in touched:
                self.open[eid].still_in_contact(zone_of)
        else:
            flat = self._out[:total + nc].tolist()
            comps = [flat[a:b] for a, b in zip([0, *flat[total:-1]], flat[total:], strict=True)]
            touched = self._group(comps, zone_of)
        self._touched = touched
        return touched

    def _group(self, comps: list[list[int]], zone_of: dict[int, int]) -> set[int]:
        """Map each scene (its units, sorted; scenes in order of their smallest unit) to an
        encounter."""
        stable = self._stable(comps)
        if stable is not None:  # the same scenes, linked as before: what follows is a no-op
            for eid in stable:
                self.open[eid].still_in_contact(zone_of)
            return set(stable)
        claimed, fresh = self._claim(comps)
        old = {eid: enc.units for eid, enc in self.open.items()}
        in_scene = {k for members in comps for k in members}
        _unlink_scenes(old, in_scene, claimed)
        for eid, us in claimed.items():
            self.open[eid].units = us  # (a scene's units come sorted by index: `_claim`)
            for u in us:
                u.encounter_id = eid
        for us in fresh:
            enc = self._open(us)
            claimed[enc.id] = us
            for u in us:
                u.encounter_id = enc.id
        self._merge_unclaimed(old, in_scene, claimed)
        for eid in claimed:
            self.open[eid].seen(zone_of)
        return set(claimed)

    def _stable(self, comps: list[list[int]]) -> list[int] | None:
        """The encounters of the scenes, in scene order, if grouping would change nothing.

        That is so when every scene's units are exactly the units of one open encounter (each
        its own), all linked to it, and every other open encounter's units are still linked to
        it: then each scene claims its encounter, no unit is re-linked, nothing merges or
        opens, and only "seen" remains (same members: zones only). Pairs inside a scene change
        every update as units move; scenes rarely do, so this skips most of the grouping.
        (`_members_key` is the unit indices `seen` last refreshed for: equal to the scene's
        sorted members means `seen` would not refresh.)
        """
        units = self.model.fleet.units
        open_ = self.open
        order: list[int] = []
        for comp in comps:
            eid = units[comp[0]].encounter_id
            enc = open_.get(eid)
            if enc is None or enc._members_key != comp:
                return None
            members = enc.units
            if len(members) != len(comp):
                return None
            for u, k in zip(members, comp, strict=True):
                if u.idx != k or u.encounter_id != eid:
                    return None
            order.append(eid)
        chosen = set(order)
        if len(chosen) != len(order):
            return None
        for eid, enc in open_.items():
            if eid not in chosen:
                for u in enc.units:
                    if u.encounter_id != eid:
                        return None
        return order

    def _claim(self, comps: list[list[int]]) -> tuple[dict[int, list], list[list]]:
        """Each scene's encounter (by majority of its units), and the scenes that have none."""
        units = self.model.fleet.units
        claimed: dict[int, list] = {}
        fresh: list[list] = []
        for members in comps:
            us = [units[k] for k in members]
            eid = self._majority(us, claimed)
            if eid is None:
                fresh.append(us)
            else:
                claimed[eid] = us
        return claimed, fresh

    def _merge_unclaimed(self, old: dict[int, list], in_scene: set[int],
                         claimed: dict[int, list]) -> None:
        """An unclaimed encounter whose units joined another scene merges into it; otherwise
        it keeps the units still linked to it (out of contact, closing after the gap)."""
        for eid, members in old.items():
            if eid in claimed:
                continue
            into = next((u.encounter_id for u in members
                         if u.idx in in_scene and u.encounter_id is not None), None)
            if into is not None:
                self._absorb(self.open[into], self.open[eid])
            else:
                self.open[eid].units = [u for u in members if u.encounter_id == eid]

    def _majority(self, us: list[Unit], claimed: dict[int, list]) -> int | None:
        """The unclaimed open encounter most of these units belong to (ties: the lower id)."""
        counts: dict[int, int] = {}
        open_ = self.open
        for u in us:
            eid = u.encounter_id
            if eid in open_:
                counts[eid] = counts.get(eid, 0) + 1
        # the first of the counts sorted by (-count, id) that is unclaimed, in one pass
        best, most = None, 0
        for eid, c in counts.items():
            if eid not in claimed and (c > most or (c == most and eid < best)):
                best, most = eid, c
        return best

    # ------------------------------------------------------------------ lifecycle
    def _open(self, us: list[Unit]) -> Encounter:
        m = self.model
        enc = Encounter(self._next_id, m, m.time, units=sorted(us, key=_by_idx))
        self._next_id += 1
        self.open[enc.id] = enc
        self.peak_counts[0] += 1
        if m.record_events:
            cn, jp = enc.lead("CN"), enc.lead("JP")
            m.log("rung", f"Encounter {enc.id} begins: {cn.label if cn else '?'} and "
                  f"{jp.label if jp else '?'} in contact", encounter=enc.id, rung=0)
        m.deployments.on_open(enc)
        actor = next((u for u in us if isinstance(u.mission, Escort)), None)
        if actor is not None:  # an escort or a shadow is already rung 1
            enc.set_rung(1, actor)
        enc.schedule_next_round()
        return enc

    def _absorb(self, survivor: Encounter, other: Encounter) -> None:
        """Merge `other` into `survivor`: one scene, one encounter, the higher peak kept."""
        m = self.model
        self.peak_counts[other.peak] -= 1
        if other.peak > survivor.peak:
            self.peak_counts[survivor.peak] -= 1
            self.peak_counts[other.peak] += 1
        survivor.absorb(other)
        self._merged[other.id] = survivor.id
        m.comms.hotline.redirect(other, survivor)  # a pending call now concerns the survivor
        _unlink(other)
        other.end = m.time
        del self.open[other.id]
        m.log("rung", f"Encounter {other.id} merges into encounter {survivor.id}",
              encounter=survivor.id, rung=survivor.rung)

    def record_peak(self, old_peak: int, new_peak: int) -> None:
        """An encounter reached a new peak rung (for the live tally and the first severe one)."""
        self.peak_counts[old_peak] -= 1
        self.peak_counts[new_peak] += 1
        if new_peak >= SEVERE_RUNG and self.first_severe_h is None:
            self.first_severe_h = self.model.time

    def close(self, enc: Encounter) -> None:
        if enc.end is not None:
            return
        m = self.model
        enc.end = m.time
        _unlink(enc)
        del self.open[enc.id]
        m.deployments.on_close(enc)
        self._closed_by_id[enc.id] = enc
        self.closed.append(enc)  # rows are built at the end: a late hotline answer still shows
        if enc.peak >= 2:
            m.log("rung", f"Encounter {enc.id} ends (peak rung {enc.peak})",
                  encounter=enc.id, rung=enc.rung)

    def close_all(self) -> None:
        """Close what is open at the horizon (encounters are right-censored there)."""
        for enc in list(self.open.values()):
            self.close(enc)


def _unlink_scenes(old: dict[int, list], in_scene: set[int], claimed: dict[int, list]) -> None:
    """Before scenes are re-linked: a claimed encounter's units and every unit in a scene lose
    their link; units out of contact keep theirs for now (the gap logic closes the encounter).
    """
    for eid, members in old.items():
        if eid in claimed:
            for u in members:
                u.encounter_id = None
        else:
            for u in members:
                if u.idx in in_scene:
                    u.encounter_id = None


def _unlink(enc: Encounter) -> None:
    for u in enc.units:
        if u.encounter_id == enc.id:
            u.encounter_id = None


def _by_idx(u: Unit) -> int:
    """Order units by index: never iterate sets of agents (their order varies by process)."""
    return u.idx
