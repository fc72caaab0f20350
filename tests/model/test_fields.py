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
    for cls in (Encounter, SideState):
        assert not [f.name for f in fields(cls) if f.name in cls.__dict__], cls
    assert SideState().reported == -1
