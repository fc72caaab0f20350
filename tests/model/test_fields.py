"""`sim.model.fields.instance_defaults`: the defaults leave the class, instances keep them."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from sim.model.encounter import Encounter, SideState
from sim.model.fields import instance_defaults


@instance_defaults
@dataclass
class _Point:
    x: float
    y: float = 0.0
    tags: list = field(default_factory=list)
    note: str | None = None


def test_defaults_are_off_the_class_and_on_every_instance() -> None:
    assert "y" not in _Point.__dict__ and "note" not in _Point.__dict__
    p = _Point(1.0)
    assert (p.x, p.y, p.tags, p.note) == (1.0, 0.0, [], None)
    assert p == _Point(1.0, 0.0) and repr(p) == "_Point(x=1.0, y=0.0, tags=[], note=None)"
    assert replace(p, y=2.0).y == 2.0 and [f.default for f in fields(_Point)][1] == 0.0


def test_model_dataclasses_keep_no_class_defaults() -> None:
    from sim.model.communication import Message
    from sim.model.deployments import Deployment
    from sim.model.processes import Process

    for cls in (Encounter, SideState, Message, Deployment, Process):
        assert not [f.name for f in fields(cls) if f.name in cls.__dict__], cls
    assert SideState().reported == -1


def test_hot_instances_keep_their_values_inline() -> None:
    """CPython 3.12 specialises attribute reads and method calls only on instances whose class
    has at most 30 attribute names in its dict (the model's and `Encounter`'s ``__slots__``,
    `UnitKind.military`, units that set every attribute in ``__init__``): guard those."""
    from sim.config.scenarios import load_scenario
    from sim.model.agents import UNIT_KINDS
    from sim.model.model import EastChinaSeaModel

    model = EastChinaSeaModel(load_scenario("status_quo_2022"), rng=2, days=20,
                              record_events=False)
    model.run_for(24 * 20)
    encounters = model.scenes.all()
    assert encounters
    why = ("more than 30 names in an instance dict: CPython 3.12 stops keeping its values "
           "inline and attribute reads and method calls on it lose their specialisation (a "
           "speed loss, not a fault: move the new names into the class's __slots__)")
    assert len(vars(model)) <= 30, why  # (`EastChinaSeaModel.__slots__`; a Mesa upgrade that
    # adds attributes to its Model lands here)
    assert len(set().union(*map(vars, encounters))) <= 30, why  # every name on any of them
    assert {"rng", "_comm_rng"} <= set(vars(encounters[0]))  # (`splitting.rekey` reads vars)
    assert len(set().union(*map(vars, model.fleet.units))) <= 30, why
    assert len({tuple(vars(u)) for u in model.fleet.units}) == 1  # one insertion order
    assert [k.military for k in UNIT_KINDS.values()] == [
        k.force in ("navy", "air") for k in UNIT_KINDS.values()]
    assert "military" not in {f for f in UNIT_KINDS["JCG"].__dataclass_fields__}
