"""Plots and report render from a stored batch, and `plot`/`report` redraw them from DIR."""

from __future__ import annotations

import re

import pytest

from sim.batch import store
from sim.batch.runner import run_batch
from sim.cli.main import main
from sim.study.plots import write_plots
from sim.study.report import write_report
from tests.helpers import MODEL, scenarios

PLOTS = ("peak_rungs", "severe_counts", "paired_difference", "cumulative_severe",
         "hotline_calls")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("pr") / "b"
    return run_batch(scenarios("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced"),
                     12, seed=4, days=6, workers=2, backend="process", out=out, run_fn=MODEL,
                     base="status_quo_2022", progress=False)


def test_plots_render_png_and_svg(batch):
    paths = write_plots(batch)
    for name in PLOTS:
        for ext in ("png", "svg"):
            p = batch / "plots" / f"{name}.{ext}"
            assert p in paths and p.stat().st_size > 2000, p
    assert (batch / "plots" / "peak_rungs.png").read_bytes()[:4] == b"\x89PNG"


def test_report_has_effects_plots_and_replay_commands(batch):
    md = write_report(batch)
    text = md.read_text()
    assert "against status_quo_2022" in text and "risk difference [95% CI]" in text
    assert "hotline_as_agreed" in text and "Replication adequacy" in text
    for name in PLOTS:
        assert f"plots/{name}.png" in text
    cmds = re.findall(r"`hotline-sim viz --replay (\S+) --run (\S+)`", text)
    assert len(cmds) == 10
    runs, _, _ = store.load(batch)
    for d, rid in cmds:
        assert d == str(batch) and rid in set(runs["run_id"])
        info = store.replay_info(batch, rid)
        assert info["seed"] == int(runs.loc[runs["run_id"] == rid, "seed"].iloc[0])
    # the most severe run comes first
    top = runs.sort_values(["max_rung", "peak_ge_5", "peak_ge_4"], ascending=False).iloc[0]
    assert cmds[0][1] == top["run_id"] or runs.loc[runs["run_id"] == cmds[0][1], "max_rung"
                                                   ].iloc[0] == top["max_rung"]
    page = (batch / "report.html").read_text()
    assert page.count("data:image/png;base64,") == len(PLOTS) and "<table>" in page


def test_cli_plot_and_report_redraw_from_store(batch, capsys):
    for p in (batch / "plots").glob("*"):
        p.unlink()
    assert main(["plot", str(batch)]) == 0
    assert (batch / "plots" / "cumulative_severe.svg").is_file()
    assert main(["report", str(batch), "--no-plots"]) == 0
    assert (batch / "report.md").is_file()
    assert main(["report", str(batch / "nothing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a batch directory" in err[0]
