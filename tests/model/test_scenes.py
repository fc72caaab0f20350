"""Scenes: contacts form encounters, two scenes that meet merge into one encounter (the older
one survives, the higher peak is kept and counted once), and an encounter out of contact for
``encounter_gap_hours`` closes."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.scenarios import load_scenario
from sim.model import geography as geo
from sim.model.model import EastChinaSeaModel


@pytest.fixture()
def model() -> EastChinaSeaModel:
    return EastChinaSeaModel(load_scenario("status_quo_2022"), rng=3, days=2)


def _place(model: EastChinaSeaModel, kind: str, home: str, xy: tuple[float, float]):  # noqa: ANN202
    unit = model.pool.take(kind, home)
    unit.position = np.array(xy, dtype=float)
    return unit


def _detect(model: EastChinaSeaModel, dt: float = 1.0) -> None:
    at_sea = np.flatnonzero(model.fleet.at_sea[: model.fleet.n])
    pos = model.space.agent_positions[at_sea]
    masks = geo.zones_at(pos[:, 0], pos[:, 1])
    model.scenes.detect(at_sea, dict(zip(at_sea.tolist(), masks.tolist(), strict=True)), dt)


def test_two_scenes_merge_into_the_older_encounter(model: EastChinaSeaModel) -> None:
    a_cn = _place(model, "CCG", "wenzhou", (0.0, 0.0))
    a_jp = _place(model, "JCG", "ishigaki", (10.0, 0.0))
    b_cn = _place(model, "CCG", "wenzhou", (300.0, 0.0))
    b_jp = _place(model, "JCG", "ishigaki", (310.0, 0.0))
    _detect(model)
    assert sorted(model.encounters) == [1, 2]
    assert {a_cn.encounter_id, a_jp.encounter_id} == {1}
    assert {b_cn.encounter_id, b_jp.encounter_id} == {2}
    assert model.peak_counts[0] == 2
    second = model.encounters[2]
    second.set_rung(3, b_cn)  # the second scene has had an incident
    assert model.peak_counts[3] == 1 and model.peak_counts[0] == 1

    b_cn.position = np.array([5.0, 5.0])  # the second scene sails into the first
    b_jp.position = np.array([15.0, 5.0])
    _detect(model)
    assert sorted(model.encounters) == [1]  # a tie in members: the older encounter survives
    survivor = model.encounters[1]
    assert {u.encounter_id for u in (a_cn, a_jp, b_cn, b_jp)} == {1}
    assert [u.idx for u in survivor.units] == sorted(u.idx for u in (a_cn, a_jp, b_cn, b_jp))
    assert survivor.peak == 3 and survivor.rung == 3
    assert sum(model.peak_counts) == 1 and model.peak_counts[3] == 1  # counted once
    assert second.end == model.time and second not in model.closed
    assert any(e["text"] == "Encounter 2 merges into encounter 1" for e in model.event_log)
    # messages about the absorbed encounter now concern the survivor (reports, orders)
    assert model.scenes.by_id(2) is survivor and model.scenes.concerning(2) is survivor


def test_merge_keeps_the_place_of_the_higher_peak(model: EastChinaSeaModel) -> None:
    """The survivor of a merge reports where the absorbed encounter peaked when that peak is
    the higher one (maps of incidents use peak_xy), and keeps its own otherwise."""
    a_cn = _place(model, "CCG", "wenzhou", (0.0, 0.0))
    _place(model, "JCG", "ishigaki", (10.0, 0.0))
    b_cn = _place(model, "CCG", "wenzhou", (300.0, 0.0))
    b_jp = _place(model, "JCG", "ishigaki", (310.0, 0.0))
    _detect(model)
    first, second = model.encounters[1], model.encounters[2]
    first.set_rung(2, a_cn)
    second.set_rung(3, b_cn)
    where = second.peak_xy
    assert where[0] > 200.0 and first.peak_xy[0] < 50.0
    b_cn.position = np.array([5.0, 5.0])
    b_jp.position = np.array([15.0, 5.0])
    _detect(model)
    survivor = model.encounters[1]
    assert survivor.peak == 3 and survivor.peak_xy == where and survivor.peak_by == "CN"
    row = survivor.row()
    assert row["peak_lon"] != row["onset_lon"]


def test_encounter_closes_after_the_gap(model: EastChinaSeaModel) -> None:
    cn = _place(model, "CCG", "wenzhou", (0.0, 0.0))
    jp = _place(model, "JCG", "ishigaki", (10.0, 0.0))
    _detect(model)
    enc = model.encounters[1]
    jp.position = np.array([200.0, 0.0])  # out of contact
    gap_h = model.p["encounter_gap_hours"]
    _detect(model, dt=gap_h / 2)
    assert 1 in model.encounters and enc.gap == pytest.approx(gap_h / 2)
    assert cn.encounter_id == 1  # out of contact, still linked until it closes
    _detect(model, dt=gap_h / 2)
    assert 1 not in model.encounters and model.closed == [enc]
    # a ministry may still call about a closed encounter whose deployment is out
    assert model.scenes.by_id(1) is None and model.scenes.concerning(1) is enc
    assert cn.encounter_id is None and jp.encounter_id is None


def test_same_side_units_never_form_an_encounter(model: EastChinaSeaModel) -> None:
    _place(model, "JCG", "ishigaki", (0.0, 0.0))
    _place(model, "JMSDF", "naha", (5.0, 0.0))
    _detect(model)
    assert model.encounters == {}


def _components_union_find(ii: list[int], jj: list[int]) -> list[list[int]]:
    """The reference: union-find, components in order of their smallest unit, each sorted."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(ii, jj, strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    comps: dict[int, list[int]] = {}
    for a in sorted(parent):
        comps.setdefault(find(a), []).append(a)
    return list(comps.values())


def test_components_equal_union_find_on_random_pair_lists() -> None:
    """Scene grouping's components: the same lists, in the same order, as a union-find."""
    from sim.model.scene_kernels import components as _components

    rng = np.random.default_rng(7)
    for _ in range(3000):
        n = int(rng.integers(2, 40))
        raw = rng.integers(0, n, size=(int(rng.integers(1, 60)), 2))
        pairs = sorted({(int(min(a, b)), int(max(a, b))) for a, b in raw if a != b})
        if rng.random() < 0.5:
            rng.shuffle(pairs)
        ii, jj = [a for a, _ in pairs], [b for _, b in pairs]
        assert _components(ii, jj) == _components_union_find(ii, jj)
