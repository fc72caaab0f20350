"""Plots and report render from a stored batch, and `plot`/`report` redraw them from DIR."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sim.batch import replay, store
from sim.batch.runner import run_batch
from sim.cli.main import main
from sim.study.plots import write_plots
from sim.study.report import write_report
from tests.helpers import MODEL, scenarios

PLOTS = ("forest", "peak_rungs", "severe_counts", "paired_difference", "cumulative_severe",
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
        info = replay.replay_info(batch, rid)
        assert info["seed"] == int(runs.loc[runs["run_id"] == rid, "seed"].iloc[0])
    # the most severe run comes first
    top = runs.sort_values(["max_rung", "peak_ge_5", "peak_ge_4"], ascending=False).iloc[0]
    assert cmds[0][1] == top["run_id"] or runs.loc[runs["run_id"] == cmds[0][1], "max_rung"
                                                   ].iloc[0] == top["max_rung"]
    # the first lines state the conclusion in words, with the numbers of effects.csv
    first = text.split("\n\n")[1]
    assert first.startswith("**Conclusion.**") and "severe incident" in first
    eff = pd.read_csv(batch / "effects.csv")
    main = eff[(eff["treatment"] == "hotline_as_agreed") & (eff["outcome"] == "severe")
               & (eff["measure"] == "risk difference")].iloc[0]
    para = text.split("\n\n")[2]
    assert para.startswith("hotline_as_agreed:") and f"{main['ci_lo']:+.3f}" in para
    assert set(eff["treatment"]) == {"hotline_as_agreed", "hotline_as_practiced"}
    assert {"risk difference", "risk ratio", "rate ratio", "mean difference"} <= set(
        eff["measure"])
    summ = pd.read_csv(batch / "summary.csv")
    assert (summ["ci_lo"] >= 0).all() and (summ["ci_lo"] <= summ["mean"] + 1e-9).all()
    assert set(summ["scenario"]) == {"status_quo_2022", "hotline_as_agreed",
                                     "hotline_as_practiced"}
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


def test_forest_plot_names_rungs_and_colours_every_arm(tmp_path):
    from sim.study import analysis
    from sim.study.forest import plot_forest
    from sim.study.plots import OKABE_ITO, arm_color, arm_linestyle
    from tests.study.test_analysis import _runs

    runs = _runs([0, 1, 2, 0, 2, 0, 1, 0], [0, 0, 1, 0, 1, 0, 0, 0])  # no rung 5
    none = _runs([0] * 8, [0] * 8, names=("base", "quiet"))
    runs = pd.concat([runs, none[none["scenario"] == "quiet"]])
    table = analysis.effect_table(analysis.effects(runs, "base"))
    paths = plot_forest(table, ["base", "treat", "quiet"], tmp_path)
    assert [p.suffix for p in paths] == [".png", ".svg"]
    svg = paths[1].read_text()
    for words in ("rung 4+ (hazardous act)", "rung 5+ (collision or warning shots)",
                  "risk difference", "rate ratio", "undefined: no event in either arm"):
        assert words in svg, words
    assert OKABE_ITO[1].lower() in svg.lower() and OKABE_ITO[2].lower() in svg.lower()
    assert len({arm_color(i) for i in range(8)}) == 8  # eight arms, eight colours
    assert len({(arm_color(i), arm_linestyle(i)) for i in range(16)}) == 16


def test_codebook_describes_the_report_tables(batch):
    from sim.batch import codebook

    write_report(batch)
    book = pd.read_csv(batch / "codebook.csv")
    for name in ("effects.csv", "summary.csv", "runs.parquet"):
        cols = book[book["file"] == name]
        assert not cols.empty and cols["meaning"].notna().all(), name
    assert set(book.loc[book["file"] == "effects.csv", "column"]) == set(
        pd.read_csv(batch / "effects.csv").columns)
    assert not codebook.undocumented(book.fillna("").to_dict("records"))
