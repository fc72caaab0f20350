"""`findings`: every stage runs on a tiny design and the page marks what is a screen."""

from __future__ import annotations

import json
import shutil

from sim.cli.main import main
from sim.study import findings as fd
from sim.study import findings_doc as doc
from tests.helpers import FAKE, ROOT

BATCH_STAGES = [s for s in fd.STAGES if s != "splitting"]  # splitting needs the real model


def test_tiny_findings_end_to_end_with_the_fake_model(tmp_path) -> None:  # noqa: ANN001
    out = tmp_path / "f"
    fd.run_findings("tiny", out, only=BATCH_STAGES, backend="serial", run_fn=FAKE,
                    progress=False)
    for s in BATCH_STAGES:
        rec = json.loads((out / f"{s}.json").read_text())
        assert rec["design"] == "tiny" and rec["wall_s"] >= 0 and "git" in rec
    main_rec = json.loads((out / "main.json").read_text())
    assert main_rec["until_ci"]["stopped"] in ("targets met", "replication cap reached")
    assert {e["status"] for e in main_rec["estimates"]} <= {"estimate", "screen"}
    assert "hotline_as_agreed" in main_rec["treatments"]
    readme = tmp_path / "README.md"
    shutil.copyfile(ROOT / "README.md", readme)
    docs = tmp_path / "docs"
    page = doc.write(out, "make findings", docs, readme)
    text = page.read_text()
    assert "## 1. The answer" in text and "screen" in text
    assert (docs / "figures" / "design_map.png").is_file()
    doc.write(out, "make findings", docs, readme)  # idempotent: one answer block
    body = readme.read_text()
    assert body.count(doc.START) == 1 and body.count("## The answer") == 1
    assert body.index(doc.START) < body.index("## Set-up")


def test_findings_cli_bad_input_and_write_only(tmp_path, capsys) -> None:  # noqa: ANN001
    assert main(["findings", "--design", "tiny", "--until-ci", "p_severe_rd=-1",
                 "--out", str(tmp_path / "o")]) == 2
    assert "--until-ci" in capsys.readouterr().err
    assert main(["findings", "--design", "tiny", "--only", "main", "--backend", "serial",
                 "--run-fn", FAKE, "--quiet", "--out", str(tmp_path / "o"), "--docs",
                 str(tmp_path / "d"), "--no-readme"]) == 0
    assert (tmp_path / "d" / "findings.md").is_file()
    assert main(["findings", "--write-only", "--out", str(tmp_path / "o"), "--docs",
                 str(tmp_path / "d2"), "--no-readme"]) == 0
    assert "## 2. The hotline effect" in (tmp_path / "d2" / "findings.md").read_text()
