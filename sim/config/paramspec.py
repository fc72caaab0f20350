"""What a registered parameter is (`ParamSpec`), how one is declared (`param`) and how a value is
checked against it (`coerce`). The registered parameters themselves are in `sim.config.registry`;
`sim.config.parameters` is the registry's public face.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ART", "FACTS", "KINDS", "ParamSpec", "coerce", "param"]

KINDS = ("article", "public", "calibrated", "assumption", "setting")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: what it is, what values are allowed, where its default comes from."""

    name: str
    default: Any
    type: type
    doc: str
    kind: str
    source: str
    lo: float | None = None
    hi: float | None = None
    plausible: tuple[float, float] | None = None
    unit: str = ""
    group: str = "general"
    choices: tuple[str, ...] = field(default=())
    is_date: bool = False  # a str holding an ISO date (YYYY-MM-DD)

    def allowed(self) -> str:
        """A short human description of the allowed values, for error messages."""
        if self.type is bool:
            return "true or false"
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.is_date:
            return "a date YYYY-MM-DD"
        tname = "an integer" if self.type is int else "a number"
        if self.lo is not None and self.hi is not None:
            return f"{tname} in [{self.lo:g}, {self.hi:g}]"
        return tname



def param(name: str, default: Any, doc: str, kind: str, source: str, **kw: Any) -> ParamSpec:
    """Declare one parameter; an assumption must say what range is plausible."""
    typ = kw.pop("type", type(default))
    if kind == "assumption" and "plausible" not in kw:
        raise ValueError(f"assumption {name} needs a plausible range")
    return ParamSpec(name=name, default=default, type=typ, doc=doc, kind=kind, source=source, **kw)


#: where public figures come from (docs/domain-facts.md, a copy of the team reference file)
FACTS = "domain-facts.md"
ART = "SCMP, 24 Nov 2022 (14th China-Japan High-level Consultation on Maritime Affairs)"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def coerce(spec: ParamSpec, value: Any, where: str) -> Any:  # noqa: C901 - one check per type
    """Check and convert one value against its spec; raise InputError with one clear line.

    Strict on purpose (a data tool must not guess): a number must be a number (not ``"0.5"``),
    finite and within the bounds; a boolean must be ``true``/``false`` (not ``"yes"`` or 1); a
    date must be an ISO date ``YYYY-MM-DD`` (a TOML date, as ``--set start_date=2022-01-01``
    gives, is accepted and stored as text).
    """
    import datetime as _dt

    from sim.errors import InputError

    def bad() -> InputError:
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return InputError(where, spec.name, f"got {shown}; allowed: {spec.allowed()}")

    if spec.type is bool:
        if isinstance(value, bool):
            return value
        raise bad()
    if spec.type is str:
        if spec.is_date and isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            value = value.isoformat()
        if not isinstance(value, str) or (spec.choices and value not in spec.choices):
            raise bad()
        if spec.is_date:
            try:
                ok = bool(_ISO_DATE.fullmatch(value)) and bool(_dt.date.fromisoformat(value))
            except ValueError:
                ok = False
            if not ok:
                raise bad()
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise bad()
    num = float(value)
    if not math.isfinite(num):
        raise bad()
    if spec.type is int:
        if num != int(num):
            raise bad()
        num = int(num)
    if (spec.lo is not None and num < spec.lo) or (spec.hi is not None and num > spec.hi):
        raise bad()
    return num
