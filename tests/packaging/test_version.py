"""One version: sim.__version__, the citation file, the changelog and every batch's manifest."""

from __future__ import annotations

import re
from pathlib import Path

import sim
from sim.batch import runner, store
from tests.helpers import FAKE, scenarios

ROOT = Path(__file__).resolve().parents[2]


def test_citation_and_changelog_carry_the_version():
    cff = (ROOT / "CITATION.cff").read_text()
    assert re.search(rf'^version: "{re.escape(sim.__version__)}"$', cff, flags=re.M)
    assert f"## {sim.__version__}" in (ROOT / "CHANGELOG.md").read_text()
    assert 'version = {attr = "sim.__version__"}' in (ROOT / "pyproject.toml").read_text()


def test_manifest_records_the_version(tmp_path):
    out = runner.run_batch(scenarios("status_quo_2022"), 1, days=5, backend="serial",
                           out=tmp_path / "b", run_fn=FAKE, progress=False)
    assert store.read_manifest(out)["versions"]["hotline_sim"] == sim.__version__
