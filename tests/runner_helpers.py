"""Shared helpers for the runner/store/analysis/report tests (fake model, subprocess env)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
PY = sys.executable
FAKE = "runner_fake:run"
#: The real model when it runs, else the stand-in (the model is developed in parallel).
MODEL_FN = "sim.model:run_scenario"


def model_available() -> bool:
    """Whether sim.model imports and completes a 2-day run."""
    try:
        from sim.model import run_scenario

        run_scenario(scenarios("status_quo_2022")[0], 1, days=2, record_events=False)
    except Exception:  # noqa: BLE001 - any failure means: use the stand-in
        return False
    return True


MODEL = MODEL_FN if model_available() else FAKE


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
