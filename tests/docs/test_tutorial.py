"""docs/tutorial.md runs: its python blocks, in order, in one namespace, from a scratch dir."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"


def blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", TUTORIAL.read_text(), flags=re.S | re.M)


def test_tutorial_has_the_promised_steps():
    text = TUTORIAL.read_text()
    for step in ("Load scenarios", "paired comparison", "Read the store", "Plot",
                 "experiment file", "EMA Workbench"):
        assert step in text, step
    assert len(blocks()) >= 7


@pytest.mark.slow
def test_tutorial_runs_top_to_bottom(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "tutorial"}
    for i, code in enumerate(blocks()):
        try:
            exec(compile(code, f"{TUTORIAL}:block{i + 1}", "exec"), namespace)  # noqa: S102
        except Exception as exc:
            raise AssertionError(f"tutorial block {i + 1} fails: {exc!r}") from exc
    work = tmp_path / "tutorial-results"
    assert (work / "compare" / "codebook.csv").is_file()
    assert (work / "encounter_onsets.png").stat().st_size > 1000
    assert (work / "sweep" / "runs.parquet").exists()
    assert (work / "ema.tar.gz").stat().st_size > 0
    assert "hotline_answer_prob" in capsys.readouterr().out
