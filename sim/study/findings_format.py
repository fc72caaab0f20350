"""Formatting for the findings page: a number with its interval and its status.

Shared by the page's sections (`sim.study.findings_doc`) and its answer paragraph
(`sim.study.findings_answer`), so a number reads the same wherever it appears.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any


def load(out: Path, stage: str, failed: bool = False) -> dict[str, Any] | None:
    """A stage's record; None if it has none, or (unless `failed`) if the stage failed."""
    p = out / f"{stage}.json"
    rec = json.loads(p.read_text()) if p.is_file() else None
    return rec if failed or rec is None or "failed" not in rec else None


def signed(x: float, digits: int = 3) -> str:
    """Signed, `digits` decimals; a non-zero value that would print as +-0.000 in scientific
    notation instead (a resolved but negligible effect must not read as zero)."""
    if x == 0 or abs(x) >= 0.5 * 10 ** -digits or not math.isfinite(x):
        return f"{x:+.{digits}f}"
    return f"{x:+.1e}"


def panel_name(panel: Any) -> str:
    """A map panel's label up to its first comma or parenthesis: the session maps' labels share
    what follows it, and a short name must not leave a bracket open."""
    return re.split(r",| \(", str(panel))[0]


def ci(r: dict[str, Any], digits: int = 3, sign: bool = True) -> str:
    f = f"{'+' if sign else ''}.{digits}f"
    if r is None or not all(isinstance(r.get(k), (int, float)) and math.isfinite(r[k])
                            for k in ("est", "lo", "hi")):
        return "n/a"
    return f"{r['est']:{f}} [{r['lo']:{f}}, {r['hi']:{f}}]"


def tagged(r: dict[str, Any] | None, digits: int = 3, sign: bool = True) -> str:
    """'+0.001 [-0.012, +0.014] (±0.013, meets ±0.02, screen)': interval, half-width, whether
    it meets its target (where it has one) and the status."""
    if r is None:
        return "n/a"
    met = r.get("meets_target")
    tgt = "" if met is None else \
        f", {'meets' if met else 'misses'} ±{r['target']:g}"
    return f"{ci(r, digits, sign)} (±{r['halfwidth']:.{digits}f}{tgt}, {r['status']})"


def status(x: list[float] | tuple[float, ...] | None) -> str:
    """Status of a per-arm value (est, lo, hi): an estimate if its interval excludes 0 and is
    narrower than the value, else a screen (`sim.study.outcomes.classify`)."""
    from sim.study.outcomes import classify

    if not x or len(x) < 3:
        return "screen"
    return classify(float(x[0]), float(x[1]), float(x[2]))


def ps(x: list[float] | tuple[float, ...], digits: int = 3) -> str:
    """A per-arm value with its interval and status."""
    return f"{p(x, digits)} ({status(x)})"


def find(est: list[dict[str, Any]], outcome: str, treatment: str) -> dict[str, Any] | None:
    return next((e for e in est if e["outcome"] == outcome and e["treatment"] == treatment), None)


def p(x: list[float] | tuple[float, ...], digits: int = 3) -> str:
    return f"{x[0]:.{digits}f} [{x[1]:.{digits}f}, {x[2]:.{digits}f}]"


# --------------------------------------------------------------------------- sections
