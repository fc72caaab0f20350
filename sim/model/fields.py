"""Dataclass defaults kept off the class, so the interpreter can specialise attribute reads.

Why: a dataclass field with a plain default (``rung: int = 0``) leaves the default on the
class as a class attribute. CPython 3.12 does not specialise reading an instance attribute
that shadows a class attribute (``LOAD_ATTR`` stays generic: a type look-up and a dict
look-up on every read), and the model reads fields such as an encounter's ``rung`` or a
side's ``push`` hundreds of thousands of times a run-year. The generated ``__init__`` takes
its defaults from its own signature, not from the class, so removing the class attributes
changes nothing else: every instance still gets every field in ``__init__``; ``fields()``,
``repr``, ``==`` and ``replace`` read the instance.
"""

from __future__ import annotations

from dataclasses import MISSING, fields


def instance_defaults(cls: type) -> type:
    """Class decorator, applied over ``@dataclass``: delete the class attributes that the
    fields' plain defaults left behind (see the module docstring for why)."""
    for f in fields(cls):
        if f.default is not MISSING and cls.__dict__.get(f.name, MISSING) is f.default:
            delattr(cls, f.name)
    return cls
