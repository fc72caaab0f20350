"""The parameter registry: every model parameter, its type, bounds, default and provenance.

This is the one source of truth for parameters: the specs are declared by part in
`sim.config.registry` (activity, ladder, channels, mechanisms) with `sim.config.paramspec.param`.
Scenario files override values (and must give the provenance of their override); the command
line's ``--set``, the web view's controls, the generated parameter table and the sensitivity
analysis all read this registry.

Provenance kinds:

* ``article``   -- the SCMP article of 24 Nov 2022 on the 14th High-level Consultation.
* ``public``    -- a public figure, with its source (see docs/domain-facts.md).
* ``calibrated``-- tuned so the model reproduces a public figure; ``source`` names the target.
* ``assumption``-- a modelling assumption; ``plausible`` gives the range we consider plausible.
* ``setting``   -- a run setting, not a claim about the world.

Units: time in hours unless the name says days; distances in km; tension is an index in [0, 2]
where 0.3 is the peacetime baseline and 1 a crisis (an assumption of scale, not a measurement).
"""

from __future__ import annotations

from typing import Any

from sim.config.paramspec import KINDS, ParamSpec, coerce
from sim.config.registry import activity, channels, ladder, mechanisms

__all__ = ["ASSUMPTIONS", "DEFAULTS", "KINDS", "PARAMS", "ParamSpec", "coerce"]

# The order is the parameter table's and the sensitivity designs' column order: keep it.
_SPECS: list[ParamSpec] = [*activity.SPECS, *ladder.SPECS, *channels.SPECS, *mechanisms.SPECS]

PARAMS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}
DEFAULTS: dict[str, Any] = {s.name: s.default for s in _SPECS}
ASSUMPTIONS: tuple[str, ...] = tuple(s.name for s in _SPECS if s.kind == "assumption")
