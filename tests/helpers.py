"""Shared helpers for the runner/store/analysis/report tests (fake model, subprocess env)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
#: A tiny deterministic stand-in for the model, for tests of the runner and store machinery only.
FAKE = "tests.fake_model:run"
#: The real model. Tests that use it fail loudly when it fails: nothing substitutes the fake.
MODEL = "sim.model:run_scenario"


def env(**extra: str) -> dict[str, str]:
    """Environment for `python -m sim` subprocesses: the repo (so `tests.fake_model`) importable."""
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), e.get("PYTHONPATH", "")])
    e.update(extra)
    return e


def scenarios(*names: str, **overrides: object) -> list:
    """Load scenarios by name, with optional overrides applied to each."""
    from sim.config.scenarios import load_scenario

    return [load_scenario(n, dict(overrides) or None) for n in names]


def comparable(df):  # noqa: ANN001, ANN201 - pandas frame in, frame out
    """Drop columns that legitimately differ between identical batches (timings)."""
    return df.drop(columns=[c for c in ("wall_s",) if c in df.columns]).reset_index(drop=True)
