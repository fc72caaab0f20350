"""Fleet.move: units on their own course advance at their speed and arrive; followers keep
station on their target even when it moves."""

from __future__ import annotations

import numpy as np
import pytest

from sim.config.scenarios import load_scenario
from sim.model.model import EastChinaSeaModel


@pytest.fixture()
def model() -> EastChinaSeaModel:
    return EastChinaSeaModel(load_scenario("status_quo_2022"), rng=1, days=2)


def _ship(model: EastChinaSeaModel, kind: str, xy: tuple[float, float]):  # noqa: ANN202
    unit = model.pool.take(kind, "naha" if kind == "JMSDF" else "ishigaki")
    unit.position = np.array(xy, dtype=float)
    return unit


def test_own_course_advances_at_speed_and_arrives(model: EastChinaSeaModel) -> None:
    f = model.fleet
    ship = _ship(model, "JCG", (0.0, 0.0))
    ship.sail((100.0, 0.0), speed=10.0)
    arrived = f.move(2.0)
    assert ship.idx not in set(np.asarray(arrived).tolist())
    assert ship.position == pytest.approx([20.0, 0.0])
    assert ship.heading == pytest.approx(0.0)
    arrived = f.move(10.0)  # 80 km left, 100 km of reach: arrives, and stops on the target
    assert ship.idx in set(np.asarray(arrived).tolist())
    assert ship.position == pytest.approx([100.0, 0.0])


def test_parked_units_do_not_move(model: EastChinaSeaModel) -> None:
    ship = _ship(model, "JCG", (0.0, 0.0))
    ship.sail((100.0, 0.0), speed=10.0)
    ship.park()
    model.fleet.move(5.0)
    assert ship.position == pytest.approx([0.0, 0.0])


def test_follower_closes_on_its_moving_target_and_keeps_station(model: EastChinaSeaModel) -> None:
    lead = _ship(model, "JCG", (0.0, 0.0))
    lead.sail((500.0, 0.0), speed=10.0)
    shadow = _ship(model, "JMSDF", (0.0, 60.0))
    shadow.shadow(lead, (1.0, -1.0))
    gaps = []
    for _ in range(6):
        model.fleet.move(1.0)
        gaps.append(float(np.hypot(*(shadow.position - (lead.position + [1.0, -1.0])))))
    assert gaps[0] < 60.0  # it steers for where the lead is now, not where it was
    assert all(b <= a for a, b in zip(gaps, gaps[1:], strict=False))
    assert gaps[-1] == pytest.approx(0.0, abs=1e-9)  # on station, moving with the lead
    assert lead.position == pytest.approx([60.0, 0.0])


def test_reused_unit_is_back_at_its_base_inside_the_space(model: EastChinaSeaModel) -> None:
    """`UnitPool.take` puts a reused unit's row at its base without Mesa's bounds check: every
    base lies inside the space, and a unit's index is its row in the space."""
    for base in model.bases.values():
        assert model.space.in_bounds(np.array([base.x, base.y]))
    unit = _ship(model, "JCG", (10.0, 20.0))
    unit.park()
    again = model.pool.take("JCG", "ishigaki")
    assert again is unit and model.space._agent_to_index[unit] == unit.idx
    base = model.bases["ishigaki"]
    assert unit.position.tolist() == [base.x, base.y]
