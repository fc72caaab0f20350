"""Shared helpers for the runner/store/analysis/report tests (fake model, subprocess env)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
PY = sys.executable
FAKE = "runner_fake:run"


def env(**extra: str) -> dict[str, str]:
    """Environment for `python -m sim` subprocesses: the repo and tests/ importable."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(TESTS), e.get("PYTHONPATH", "")])
    e.update(extra)
    return e


def scenarios(*names: str, **overrides: object) -> list:
    """Load scenarios by name, with optional overrides applied to each."""
    from sim.scenarios import load_scenario

    return [load_scenario(n, dict(overrides) or None) for n in names]


def comparable(df):  # noqa: ANN001, ANN201 - pandas frame in, frame out
    """Drop columns that legitimately differ between identical batches (timings)."""
    return df.drop(columns=[c for c in ("wall_s",) if c in df.columns]).reset_index(drop=True)
