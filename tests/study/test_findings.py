"""`findings`: every stage runs on a tiny design and the page marks what is a screen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim.batch import store
from sim.cli.main import main
from sim.errors import InputError
from sim.study import findings as fd
from sim.study import findings_answer as answer
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
        heading = doc.section(s, rec)[0]  # the section numbers `would_lose` knows
        assert heading.startswith(f"## {doc.SECTION_OF[s]}. "), (s, heading)
    main_rec = json.loads((out / "main.json").read_text())
    assert main_rec["until_ci"]["stopped"] in ("targets met", "replication cap reached")
    assert "grown from a pilot until the targets" in doc.section_main(main_rec)[2]
    assert {e["status"] for e in main_rec["estimates"]} <= {"estimate", "screen"}
    assert "hotline_as_agreed" in main_rec["treatments"]
    readme = tmp_path / "README.md"
    shutil.copyfile(ROOT / "README.md", readme)
    docs = tmp_path / "docs"
    page = doc.write(out, "make findings", docs, readme)
    text = page.read_text()
    assert "## 1. The answer" in text and "screen" in text
    assert (docs / "figures" / "design_map.png").is_file()
    # the tiny map has two rows in one column: one step, drawn and tabled
    assert (docs / "figures" / "design_map_steps.png").is_file()
    assert "### What changing one property of a line changes" in text
    # when a line is used and what for: one point, so intervals per design, not heatmaps
    assert "## 4b. When a line is used, and what for" in text
    assert (docs / "figures" / "uses_map_steps.png").is_file()
    assert (docs / "figures" / "uses_map.png").is_file()
    assert "call at rung 2 (warnings and challenges) (against the first panel)" in text
    assert "When a line is used and what for, each changed alone from the agreed line" in \
        readme.read_text()
    # when calls cost something: the wear map, its steps and a clause in the short answer
    assert "## 4d. When calls cost something: a line that wears with use" in text
    assert "## 4e. When calls cost something: the line as built" in text
    assert "(sections 4d-4e)" in readme.read_text()  # one sentence for both lines
    assert (docs / "figures" / "uses_wear_map_steps.png").is_file()
    assert "If each call that rang in the previous month cost the line" in readme.read_text()
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


def test_stages_report_progress_with_elapsed_time_and_record_their_design(tmp_path, capsys
                                                                          ) -> None:  # noqa: ANN001
    out = tmp_path / "f"
    fd.run_findings("tiny", out, only=["map", "main"], backend="serial", run_fn=FAKE,
                    progress=None, workers=1)
    err = capsys.readouterr().err
    assert "findings: [1/2] map started (elapsed 0m" in err
    assert "findings: [2/2] main done in " in err and "(elapsed " in err
    assert err.index("[1/2] map") < err.index("[2/2] main")  # the headline runs last
    for s in ("map", "main"):
        rec = json.loads((out / f"{s}.json").read_text())
        assert rec["seed"] == 1 and rec["design_size"] and rec["git"].get("commit")
    docs = tmp_path / "docs"
    text = doc.write(out, "make findings", docs).read_text()
    assert "## 9. Design, seeds, code and run time" in text and "| map | tiny |" in text
    assert (docs / "figures" / "design_map.png").is_file()
    fd.run_findings("tiny", out, only=["main"], backend="serial", run_fn=FAKE, progress=False)
    assert capsys.readouterr().err == ""  # --quiet


def test_no_stage_of_a_design_depends_on_the_machine() -> None:
    """Every size is a number of the design: no wall-clock allowance or budget, so `make
    findings` computes the same numbers on any machine (until 0.15 the session headline spent
    what was left of an allowance, and its pairs were the machine's)."""
    for name, design in fd.DESIGNS.items():
        assert "total_s" not in design, name
        for stage, size in design.items():
            assert not {"budget_s", "fill"} & set(size), (name, stage)


def test_the_session_headline_is_the_published_one() -> None:
    """The session design's headline is what `--reps 1644` ran for the published record (wave
    15, on 0.14, whose `--reps` also wrote the then-meaningful `fill` False and `budget_s`
    None: no growth after the targets, no time budget -- what the design now is)."""
    size = fd.DESIGNS["session"]["main"]
    assert size["pilot"] == size["max_reps"] == fd.HEADLINE_PAIRS == 1644
    published = json.loads((ROOT / "docs" / doc.RECORDS / "main.json").read_text())
    ran = dict(published["design_size"])
    assert ran.pop("fill") is False and ran.pop("budget_s") is None
    assert ran == size and published["reps"] == fd.HEADLINE_PAIRS
    assert "a number fixed by the design; the targets" in doc.section_main(published)[2]


def test_the_readme_states_what_the_session_design_takes() -> None:
    """Every stage says what it costs (a new stage too), and the README's 'about N h' is their
    sum."""
    assert set(fd.SESSION_MINUTES) == set(fd.STAGES)
    hours = round(sum(fd.SESSION_MINUTES.values()) / 60)
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"from one command in about {hours} h on a 2-core machine" in readme


def test_the_session_design_sizes_its_stages_for_their_questions() -> None:
    s = fd.DESIGNS["session"]
    assert fd.STAGES[-1] == "main"
    assert {"hotline_as_practiced", "hotline_as_agreed", "hotline_theater_link"} <= set(
        s["main"]["treatments"])
    spec = s["map"]["spec"]
    cells = len(spec["rows"]["values"]) * len(spec["cols"]["values"]) * len(spec["panels"]) * \
        len(spec["residual"]["values"])
    assert cells <= 8 and s["map"]["reps"] >= 100  # few cells, enough pairs each
    assert s["screening"]["r"] >= 2  # Morris on two seeds needs trajectories to correlate
    d = s["drivers"]  # the effect's noise falls with simulated time per point
    assert d["r"] >= 2 and d["reps"] * d["days"] >= 4 * 365


def test_every_paired_risk_difference_uses_newcombe_from_intervals() -> None:
    from sim.study import analysis, counterfactuals, intervals, outcomes

    for mod in (analysis, counterfactuals, outcomes):
        assert mod.risk_difference_paired is intervals.risk_difference_paired


def _main_record(rds: list[tuple[str, float, float, float]]) -> dict:
    from sim.study.outcomes import Estimate

    est = [Estimate("p_severe_rd", "status_quo_2022", t, e, lo, hi, 400, "risk difference",
                    0.02).record() for t, e, lo, hi in rds]
    arm = {"n": 400, "p_severe": [0.29, 0.25, 0.34], "severe_per_year": [0.3, 0.25, 0.35],
           "rung3_per_year": [3.8, 3.6, 4.0], "calls": [1.5, 1.4, 1.6],
           "answered": [1.3, 1.2, 1.4]}
    return {"reps": 400, "days": 365, "seed": 1, "targets": {"p_severe_rd": 0.02},
            "treatments": [r[0] for r in rds], "estimates": est,
            "until_ci": {"stopped": "targets met", "rounds": [{"needed": 400}]},
            "per_arm": {"status_quo_2022": arm, "hotline_as_practiced": arm,
                        "hotline_as_agreed": arm}, "wall_s": 60.0, "design": "session",
            "git": {"commit": "abc"}}


def test_a_precise_null_is_a_bound_not_an_estimate_and_wide_intervals_are_screens(tmp_path
                                                                                  ) -> None:  # noqa: ANN001
    rec = _main_record([("hotline_as_practiced", 0.0, -0.012, 0.012),
                        ("hotline_as_agreed", -0.004, -0.03, 0.022),
                        ("hotline_theater_link", -0.05, -0.07, -0.03)])
    out = tmp_path / "o"
    out.mkdir()
    (out / "main.json").write_text(json.dumps(rec))
    head = doc.headline(out, "make findings", 30.0)
    assert "+0.000 [-0.012, +0.012] (±0.012, meets ±0.02, screen)" in head
    assert "no change in P(severe) larger than 0.012" in head
    assert "-0.004 [-0.030, +0.022] (±0.026, misses ±0.02, screen)" in head
    assert "1 of 3 differences do not resolve" in head
    assert "Resolved (interval narrower than the effect): a theatre-level link -0.050" in head
    for e in rec["estimates"]:  # never an estimate when the interval is wider than the effect
        assert (e["status"] == "estimate") == (e["halfwidth"] < abs(e["est"]) and
                                               (e["hi"] < 0 or e["lo"] > 0))


def test_a_failing_stage_is_recorded_and_the_others_still_run(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise ValueError("no such parameter")

    monkeypatch.setitem(fd.RUNNERS, "map", boom)
    out = fd.run_findings("tiny", tmp_path / "f", only=["map", "main"], backend="serial",
                          run_fn=FAKE, progress=False)
    assert fd.failed_stages(out) == {"map": "ValueError: no such parameter"}
    assert "failed" not in json.loads((out / "main.json").read_text())
    text = doc.write(out, "make findings", tmp_path / "docs").read_text()
    assert "**Stages that failed" in text and "map: ValueError" in text
    assert "## 4. The hotline design map" not in text and "## 2. The hotline effect" in text


def test_a_results_directory_of_other_code_is_warned_about(tmp_path, capsys) -> None:  # noqa: ANN001
    out = tmp_path / "f"
    out.mkdir()
    (out / "main.json").write_text(json.dumps({"git": {"commit": "0" * 40}}))
    fd.run_findings("tiny", out, only=["map"], backend="serial", run_fn=FAKE, progress=False)
    assert "WARNING" in capsys.readouterr().err


def test_the_answer_names_encounter_level_effects_only_when_they_resolve() -> None:
    """A conditional-risk difference is named with its interval when it is an estimate; a
    screen (interval reaching 0) is left out; nothing resolved, no sentence."""
    def rd(treat: str, est: float, lo: float, hi: float, status: str) -> dict:
        return {"outcome": "cond_risk_rd", "base": "status_quo_2022", "treatment": treat,
                "est": est, "lo": lo, "hi": hi, "status": status}

    base = {"outcome": "cond_risk", "base": "status_quo_2022", "treatment": "status_quo_2022",
            "est": 0.043, "lo": 0.032, "hi": 0.054, "status": "estimate"}
    main_rec = {"estimates": [base, rd("hotline_theater_link", -0.0085, -0.013, -0.0041,
                                       "estimate"),
                              rd("hotline_as_practiced", -0.001, -0.0028, 0.0, "screen")]}
    text = answer._encounter_sentence(main_rec)
    assert "a theatre-level link -0.0085 [-0.0130, -0.0041]" in text
    assert "as practised" not in text and "0.043" in text
    main_rec["estimates"] = [base, rd("hotline_as_practiced", -0.001, -0.0028, 0.0, "screen")]
    assert answer._encounter_sentence(main_rec) == ""


def test_the_answer_states_the_conditional_monte_carlo_rate_with_its_status() -> None:
    """The hazard sentence names the status quo's expected rate and every line's paired change,
    each tagged with its interval and status; without the column (old results) no sentence."""
    def d(treat: str, est: float, lo: float, hi: float, status: str) -> dict:
        return {"outcome": "severe_hazard_diff", "base": "status_quo_2022", "treatment": treat,
                "est": est, "lo": lo, "hi": hi, "status": status, "halfwidth": (hi - lo) / 2,
                "meets_target": None}

    main_rec = {"estimates": [d("hotline_as_agreed", -0.012, -0.02, -0.004, "estimate"),
                              d("hotline_as_practiced", 0.0, -0.001, 0.001, "screen")],
                "per_arm": {"status_quo_2022": {"severe_hazard": [0.19, 0.17, 0.21]}}}
    text = answer._hazard_sentence(main_rec)
    assert "0.190 [0.170, 0.210] a year in the status quo" in text
    assert "as agreed -0.0120 [-0.0200, -0.0040]" in text and "estimate" in text
    assert "as practised" in text and "screen" in text
    main_rec["estimates"] = []
    assert answer._hazard_sentence(main_rec) == ""


def test_the_map_sentence_names_a_resolved_reduction_in_expected_severe_incidents() -> None:
    """A cell whose conditional-Monte-Carlo difference resolves below 0 is named (old records
    without that column still give the all-screens sentence)."""
    def cell(hz: float, hz_hi: float, status: str) -> dict:
        return {"panel": "as agreed", "row": 0.95, "col": 0.25, "rd_severe": 0.0,
                "rd_severe_lo": -0.02, "rd_severe_hi": 0.02, "rd_severe_status": "screen",
                "rd_severe_hw": 0.02, "diff_peak_ge_4": 0.0, "diff_peak_ge_4_lo": -0.1,
                "diff_peak_ge_4_hi": 0.1, "diff_peak_ge_4_status": "screen",
                "diff_peak_ge_3": 0.0, "diff_peak_ge_3_lo": -0.1, "diff_peak_ge_3_hi": 0.1,
                "diff_peak_ge_3_status": "screen", "diff_severe_hazard": hz,
                "diff_severe_hazard_lo": hz - 0.002, "diff_severe_hazard_hi": hz_hi,
                "diff_severe_hazard_status": status}

    mp = {"table": [cell(-0.006, -0.001, "estimate")], "reps": 120,
          "rows": {"name": "hotline_answer_prob"}, "cols": {"name": "hotline_consult_hours"}}
    text = answer.map_sentence(mp)
    assert "1 resolves a reduction in expected severe incidents" in text
    assert "-0.0060 [-0.0080, -0.0010] a year." in text
    rd = {**cell(0.0, 0.0, "screen"), "rd_severe": -0.025, "rd_severe_lo": -0.051,
          "rd_severe_hi": -0.002, "rd_severe_status": "estimate"}
    said = answer.map_sentence({**mp, "table": [rd, cell(0.0, 0.01, "screen")]})
    assert "1 resolves a reduction in P(severe)" in said and "-0.0020]." in said  # a probability
    third = answer._cells([rd], mp)  # how the short answer names a resolved cell
    assert third == ("as agreed: answered 95% of the time and connected in 15 min, "
                     "-0.025 [-0.051, -0.002]")
    slow = {**rd, "col": 4.0, "rd_severe": -0.02, "rd_severe_lo": -0.03, "rd_severe_hi": -0.01}
    other = {**rd, "panel": "theatre link", "row": 0.5, "rd_severe": -0.03}
    both = answer._cells([rd, slow, other], mp)  # one panel's label once, its cells after it
    assert both.count("as agreed:") == 1 and both.index("theatre link:") > both.index("4 h")
    assert "answered 50% of the time" in both
    assert answer._cells([{**rd, "row": 2.0}], {"rows": {"name": "x"}, "cols": mp["cols"]}
                         ).startswith("as agreed: x 2 and connected")
    joint = {**rd, "rd_severe_fw_status": "screen"}
    said = answer.map_sentence({**mp, "table": [joint, {**joint, "rd_severe_fw_status":
                                                        "estimate"}]})
    assert "2 resolve a reduction in P(severe), 1 of them also under simultaneous" in said
    def step(axis: str, a: object, b: object, est: float, status: str) -> dict:
        return {"axis": axis, "a": a, "b": b, "rd_severe": est, "rd_severe_status": status,
                "diff_severe_hazard": est, "diff_severe_hazard_status": status}
    stepped = {**mp, "steps": [step("row", 0.3, 0.95, -0.011, "estimate"),
                               step("row", 0.3, 0.95, -0.007, "estimate"),
                               step("col", 4.0, 0.25, -0.009, "estimate"),
                               step("col", 4.0, 0.25, -0.001, "screen"),
                               step("panel", "as agreed, x", "theatre link, x", 0.0, "screen")]}
    assert answer.steps_clause(stepped) == (
        "a line answered 95% rather than 30% of the time in 2 of 2 comparisons (-0.011 to "
        "-0.007), connected in 15 min rather than 4 h in 1 of 2 (-0.009), and theatre link "
        "rather than as agreed in 0 of 1")
    assert answer.steps_clause(mp) == ""
    tiny = {**mp, "table": [cell(-2.2e-5, -3e-6, "estimate")]}
    assert "-2.2e-05" in answer.map_sentence(tiny)  # never -0.0000
    old = {k: v for k, v in cell(0, 0, "screen").items() if "hazard" not in k}
    assert "every cell is a screen" in answer.map_sentence({**mp, "table": [old]})


def test_a_stable_morris_ranking_is_printed_as_a_ranking_and_an_unstable_one_is_not() -> None:
    from sim.study.findings_doc import _stable_rankings

    def m(o: str, mu: dict[str, float]) -> list[dict]:
        return [{"outcome": o, "factor": f, "mu_star": v} for f, v in mu.items()]

    one = m("base", {"ladder": 9.0, "air": 5.0, "tension": 2.0}) + \
        m("diff", {"ladder": 1.0, "air": 3.0, "tension": 2.0})
    two = m("base", {"ladder": 7.0, "air": 4.0, "tension": 1.0}) + \
        m("diff", {"ladder": 3.0, "air": 1.0, "tension": 2.0})
    sc = {"morris": [one, two], "stable": {"base": True, "diff": False},
          "rank_correlation": {"base": 1.0, "diff": -0.5}}
    text = "\n".join(_stable_rankings(sc))
    assert "Stable ranking (base, Spearman 1.00): `ladder` (8), `air` (4.5), `tension` (1.5)" \
        in text
    assert "diff" not in text


def test_recompute_redoes_the_headline_from_stored_runs_without_running(tmp_path, monkeypatch
                                                                         ) -> None:  # noqa: ANN001
    out = tmp_path / "f"
    fd.run_findings("tiny", out, only=["main"], backend="serial", run_fn=FAKE, progress=False)
    rec = json.loads((out / "main.json").read_text())
    from sim.batch import runner

    def no_runs(*a, **k):  # noqa: ANN002, ANN003
        raise AssertionError("recompute must not run anything")

    monkeypatch.setattr(runner, "run_batch", no_runs)
    again = fd.recompute_main(out)
    assert again["reps"] == rec["reps"] and again["until_ci"] == rec["until_ci"]
    assert "recomputed" in again and "git" in again["recomputed"]
    names = {e["outcome"] for e in again["estimates"]}
    assert {"severe_hazard_diff", "shared_hazard_diff"} <= names
    with pytest.raises(InputError):
        fd.recompute_main(tmp_path / "nothing")


def _short(head: str) -> str:
    return head.split(" Reproduce with")[0]


def test_the_answer_opens_with_three_sentences_and_lists_the_numbers_after(tmp_path) -> None:  # noqa: ANN001
    """Issue 14: two or three sentences first (the verdict the intervals allow, the line as
    practised, what a line would need), then every headline number as a list item."""
    import re

    rec = _main_record([("hotline_as_practiced", 0.0, -0.012, 0.012),
                        ("hotline_as_agreed", 0.001, -0.011, 0.013),
                        ("hotline_theater_link", -0.01, -0.019, 0.004)])
    rec["estimates"].append({"outcome": "shared_hazard_diff", "base": "status_quo_2022",
                             "treatment": "hotline_theater_link", "est": -0.02, "lo": -0.033,
                             "hi": -0.01, "status": "estimate", "halfwidth": 0.0115,
                             "meets_target": None})
    out = tmp_path / "o"
    out.mkdir()
    (out / "main.json").write_text(json.dumps(rec))
    head = doc.headline(out, "make findings", 30.0)
    short = _short(head)
    assert len(re.findall(r"\.\s+[A-Z]", short)) == 2 and short.endswith(".")
    assert "for every hotline tested the 95% CI excludes a change larger than 0.019" in short
    assert "fall by 0.020 [0.010, 0.033] a year with a theatre-level link" in short
    assert "a link that reaches the theatre commands -- and more of it, since it does not" \
        in short
    assert "\n- P(severe incident in a year)" in head and "Reproduce with `make findings`" in head
    # a resolved difference changes the verdict; an unresolved wide one says so
    rec["estimates"][2].update(est=-0.05, lo=-0.07, hi=-0.03, status="estimate")
    (out / "main.json").write_text(json.dumps(rec))
    assert "the change resolves for a theatre-level link" in _short(doc.headline(out, "m", 1))
    rec["estimates"][2].update(est=-0.01, lo=-0.05, hi=0.03, status="screen",
                               meets_target=False)
    (out / "main.json").write_text(json.dumps(rec))
    assert "do not resolve at this size" in _short(doc.headline(out, "m", 1))


def test_the_answer_counts_every_arm_and_names_a_resolved_increase(tmp_path) -> None:  # noqa: ANN001
    """The verdict covers the residual arm too (a wide one there voids "every hotline"), and a
    resolved rise where lines act is said, never reported as "nothing resolves"."""
    rec = _main_record([("hotline_as_practiced", 0.0, -0.012, 0.012),
                        ("hotline_as_agreed+residual_max", 0.0, -0.05, 0.05)])
    rec["estimates"][1]["meets_target"] = False
    rec["estimates"].append({"outcome": "shared_hazard_diff", "base": "status_quo_2022",
                             "treatment": "hotline_as_agreed", "est": 0.02, "lo": 0.01,
                             "hi": 0.03, "status": "estimate", "halfwidth": 0.01,
                             "meets_target": None})
    out = tmp_path / "o"
    out.mkdir()
    (out / "main.json").write_text(json.dumps(rec))
    short = _short(doc.headline(out, "make findings", 1.0))
    assert "do not resolve at this size" in short and "every hotline" not in short
    assert "the agreed line (residual relief at its maximum) +0.000" not in short
    assert "as agreed with the residual at its maximum +0.000 [-0.050, +0.050]" in short
    assert "expected severe incidents rise with as agreed" in short
    assert "No design tested resolves a reduction" in short


def test_the_answer_says_what_reaching_the_orders_behind_a_signal_does(tmp_path) -> None:  # noqa: ANN001
    """The ``+orders`` arms (`hotline_reaches_orders` at 1) get their own words: a resolved
    fall in the yearly odds names the lever as what a line would need; unresolved, the closing
    clause says it acts where lines act without moving the yearly odds; not run, the model's
    limit is stated as before."""
    rec = _main_record([("hotline_as_agreed", 0.0, -0.011, 0.011),
                        ("hotline_as_agreed+orders", -0.05, -0.07, -0.03)])
    rec["estimates"][1]["status"] = "estimate"
    out = tmp_path / "o"
    out.mkdir()
    (out / "main.json").write_text(json.dumps(rec))
    head = doc.headline(out, "make findings", 1.0)
    short = _short(head)
    assert "the change resolves for as agreed reaching the orders behind a signal (-0.050)" \
        in short
    assert "when it has calls that reach the orders behind a deliberate signal" in short
    assert short.endswith("as built, a call delays a deliberate signal rather than cancelling "
                          "it (docs/model.md 3.3.9).")
    assert "- With every connected call reaching the orders behind a deliberate signal " \
           "(`hotline_reaches_orders` = 1" in head
    assert "the agreed line -0.050 [-0.070, -0.030]" in head
    rec["estimates"][1].update(est=-0.01, lo=-0.02, hi=0.0, status="screen")
    (out / "main.json").write_text(json.dumps(rec))
    short = _short(doc.headline(out, "m", 1))
    assert "with its calls reaching the orders behind it, no change in the yearly odds " \
        "resolves at this size" in short
    assert "reaching the orders behind it a line acts" not in short  # none resolves where lines act
    rec["estimates"].append({"outcome": "shared_hazard_diff", "base": "status_quo_2022",
                             "treatment": "hotline_as_agreed+orders", "est": -0.01, "lo": -0.02,
                             "hi": -0.001, "status": "estimate", "halfwidth": 0.01,
                             "meets_target": None})
    (out / "main.json").write_text(json.dumps(rec))
    assert "a line acts where lines act, but no change in the yearly odds resolves at this " \
        "size" in _short(doc.headline(out, "m", 1))
    rec["estimates"].pop()
    rec["estimates"][1].update(est=0.05, lo=0.03, hi=0.07, status="estimate")
    (out / "main.json").write_text(json.dumps(rec))
    assert "the yearly odds rise with as agreed reaching the orders behind a signal (+0.050)" \
        in _short(doc.headline(out, "m", 1))
    rec["estimates"][1].update(est=-0.01, lo=-0.02, hi=0.0, status="screen")
    rec["estimates"].pop(1)
    (out / "main.json").write_text(json.dumps(rec))
    assert "a call cannot reach the orders behind a deliberate signal, only delay it" in \
        _short(doc.headline(out, "m", 1))


def test_a_stage_records_the_code_it_started_on(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A commit made while a long stage runs must not be named as the code of its runs: the
    record keeps the state at the start and notes the move (runs after it may be new code)."""
    from sim.batch import store

    head = {"commit": "a" * 40, "dirty": False}
    stage = fd.RUNNERS["map"]

    def map_then_commit(*a, **k):  # noqa: ANN002, ANN003, ANN202 - a commit lands meanwhile
        rec = stage(*a, **k)
        head["commit"] = "b" * 40
        return rec

    monkeypatch.setattr(store, "git_state", lambda: dict(head))
    monkeypatch.setitem(fd.RUNNERS, "map", map_then_commit)
    out = fd.run_findings("tiny", tmp_path / "f", only=["map"], backend="serial", run_fn=FAKE,
                          progress=False)
    rec = json.loads((out / "map.json").read_text())
    assert rec["git"]["commit"] == "a" * 40 and rec["git_end"]["commit"] == "b" * 40
    assert "moved to bbbbbbbbbb while it ran; runs after the move may be" in rec["note"]
    assert "map aaaaaaaaaa (the tree moved to bbbbbbbbbb while it ran;" in doc.code_versions(
        {"map": rec, "main": {"git": {"commit": "c" * 40}}}, notes=True)


def test_the_short_answer_names_the_two_largest_falls_where_lines_act(tmp_path) -> None:  # noqa: ANN001
    rec = _main_record([("hotline_as_agreed", 0.0, -0.011, 0.011)])
    for t, est in (("hotline_as_agreed", -0.01), ("hotline_theater_link", -0.03),
                   ("hotline_theater_link+orders", -0.02)):
        rec["estimates"].append({"outcome": "shared_hazard_diff", "base": "status_quo_2022",
                                 "treatment": t, "est": est, "lo": est - 0.005,
                                 "hi": est + 0.005, "status": "estimate", "halfwidth": 0.005,
                                 "meets_target": None})
    out = tmp_path / "o"
    out.mkdir()
    (out / "main.json").write_text(json.dumps(rec))
    short = _short(doc.headline(out, "m", 1))
    assert "fall by 0.030 [0.025, 0.035] a year with a theatre-level link and 0.020" in short
    assert "(and 1 more)" in short and "0.010 [0.005, 0.015]" not in short


def test_alternatives_read_as_a_list() -> None:
    assert answer._or(["a"]) == "a" and answer._or(["a", "b"]) == "a or b"
    assert answer._or(["a", "b", "c"]) == "a, b, or c"


def test_the_drivers_ranking_is_a_ranking_only_where_its_seeds_agree() -> None:
    """The page and the answer print the drivers' ranking as a ranking when its outcome's
    seeds agree, and say the effect's drivers are not resolved when they do not."""
    from sim.study.findings_doc import section_drivers

    def m(mu: dict[str, float]) -> list[dict]:
        return [{"outcome": "log_hazard_ratio", "factor": f, "mu_star": v, "mu_star_conf": 0.1}
                for f, v in mu.items()]

    dr = {"treatment": "hotline_as_agreed+orders", "factors": 97, "seeds": [1, 2],
          "size": {"r": 16, "reps": 4, "days": 365, "groups": True},
          "morris": [m({"chain of command": 0.9, "hotline use": 0.5, "fishing": 0.1}),
                     m({"chain of command": 0.7, "hotline use": 0.3, "fishing": 0.2})],
          "rank_correlation": {"log_hazard_ratio": 1.0, "diff_hazard": 0.1},
          "top_down_correlation": {"log_hazard_ratio": 1.0},
          "stable": {"log_hazard_ratio": True, "diff_hazard": False},
          "ranking": ["chain of command", "hotline use", "fishing"],
          "rank_by": "log_hazard_ratio"}
    text = "\n".join(section_drivers(dr))
    assert "**a ranking**" in text and "| 1 | `chain of command` | 0.8 | 0.1 |" in text
    assert "diff_hazard 0.10 (not stable)" in text
    dr["tried"] = ["log_hazard_ratio", "shared_hazard", "diff_hazard"]
    dr["near_floor"] = [0.25, 0.5]
    text = "\n".join(section_drivers(dr))
    assert "below 0.1 a run: 25% and 50% on the two seeds" in text
    assert "the first of log_hazard_ratio, shared_hazard, diff_hazard, tried in that order" \
        in text
    said = answer.drivers_sentence(dr)
    assert ("(log_hazard_ratio, the first of 3 outcomes tried in a fixed order whose two seeds "
            "agree; Spearman log_hazard_ratio 1.00, diff_hazard 0.10)") in said
    assert "`chain of command`, `hotline use`, `fishing`" in said
    dr["confirmation"] = {"seed": 3, "outcome": "log_hazard_ratio", "holds": False,
                          "rank_correlation": [0.8, 0.5]}
    said = answer.drivers_sentence(dr)
    assert "is not resolved" in said and "does not (0.80, 0.50); a screen, led by " \
        "`chain of command`" in said
    page = "\n".join(section_drivers(dr))
    assert "Spearman 0.80 with seed 1, 0.50 with seed 2: **it does not hold**" in page
    assert "**a screen**: the first two seeds agree, a fresh seed does not" in page
    dr["confirmation"] = {**dr["confirmation"], "holds": True, "rank_correlation": [0.8, 0.75]}
    assert "diff_hazard 0.10; on a third seed 0.80, 0.75, it holds)" in \
        answer.drivers_sentence(dr)
    assert "**a ranking**: the seeds agree and a fresh seed confirms it" in "\n".join(
        section_drivers(dr))
    # wave 9: a fourth seed; the two pooled designs' test decides, and the table ranks by
    # all four seeds where it holds
    dr["confirmation"] = {"seed": 3, "outcome": "log_hazard_ratio", "holds": False,
                          "rank_correlation": [0.6, 0.5],
                          "morris": m({"chain of command": 0.2, "hotline use": 0.9,
                                       "fishing": 0.1}),
                          "pooled": {"seed": 4, "seeds": [[1, 2], [3, 4]], "trajectories": 32,
                                     "rank_correlation": 0.9, "top_down_correlation": 0.8,
                                     "holds": True,
                                     "ranking": ["hotline use", "chain of command", "fishing"],
                                     "morris": m({"chain of command": 0.6, "hotline use": 0.5,
                                                  "fishing": 0.1})}}
    page = "\n".join(section_drivers(dr))
    assert "Spearman 0.60 with seed 1, 0.50 with seed 2: below the bar of 0.7 for each." in page
    assert ("seeds 1+2 against mu* pooled over seeds 3+4, two independent designs of 32 "
            "trajectories: Spearman 0.90, top-down 0.80: **the ranking holds at 32 "
            "trajectories**") in page
    assert ("**a ranking**: the seeds agree and two designs of 32 trajectories (four seeds, "
            "pooled in pairs) agree (a third seed alone did not: 0.60, 0.50)") in page
    # mean of the four seeds: hotline use (0.5+0.3+0.9+0.5)/4 = 0.55 > chain (0.9+0.7+0.2+0.6)/4
    assert "mean mu* of the four seeds" in page and "| 1 | `hotline use` | 0.55 |" in page
    said = answer.drivers_sentence(dr)
    assert ("Spearman 0.90 between seeds 1+2 and 3+4 pooled, 32 trajectories each; a third "
            "seed alone did not confirm it: 0.60, 0.50)") in said
    assert "`hotline use`, `chain of command`, `fishing`" in said
    dr["confirmation"]["pooled"] = {**dr["confirmation"]["pooled"], "holds": False,
                                    "rank_correlation": 0.5}
    page = "\n".join(section_drivers(dr))
    assert "**it does not hold** (the bar is 0.7): a screen." in page
    assert "mean mu* of the four seeds" in page and "| 1 | `hotline use` | 0.55 |" in page
    dr["confirmation"]["rank_correlation"] = [0.75, 0.6]  # one above the bar, one below
    page = "\n".join(section_drivers(dr))
    assert "Spearman 0.75 with seed 1, 0.60 with seed 2: below the bar of 0.7 for seed 2." \
        in page
    assert "two designs of 32 trajectories do not" in answer.drivers_sentence(dr)
    del dr["confirmation"]
    dr["stable"]["log_hazard_ratio"] = False
    page = "\n".join(section_drivers(dr))
    assert "**a screen**: the seeds do not agree on it" in page
    # wave 16's rerun: no outcome tried has seeds that agree, so the first ranks the table
    assert "tried in that order, as none has seeds that agree;" in page
    assert "whose seeds agree" not in page
    mu = {"a": 1.0, "b": 0.9, "c": 0.8}
    ci = dict.fromkeys(mu, 0.5)  # every neighbour's interval overlaps
    from sim.study.findings_doc import _overlap_clause
    assert "the seeds do not agree on the order" in _overlap_clause(list(mu), mu, ci, False)[1]
    assert "rests on the seeds' agreement" in _overlap_clause(list(mu), mu, ci)[1]
    assert "not resolved" in answer.drivers_sentence(dr)
    dr["rank_correlation"] = {"log_hazard_ratio": float("nan")}
    assert "(no rank correlation could be computed; a screen)." in answer.drivers_sentence(dr)


def test_code_versions_tell_two_dirty_trees_apart() -> None:
    recs = {"map": {"git": {"commit": "a" * 40, "dirty": True, "diff": "0123456789ab"}},
            "main": {"git": {"commit": "a" * 40, "dirty": True, "diff": "ba9876543210"}}}
    text = doc.code_versions(recs)
    assert "map aaaaaaaaaa (uncommitted changes 0123456789ab)" in text
    assert "main aaaaaaaaaa (uncommitted changes ba9876543210)" in text


def test_overlapping_intervals_say_places_are_not_resolved() -> None:
    from sim.study.findings_doc import _overlap_clause

    order = ["a", "b", "c"]
    assert "places within it are not resolved" in " ".join(
        _overlap_clause(order, {"a": 1.0, "b": 0.9, "c": 0.8}, {"a": 0.2, "b": 0.2, "c": 0.2}))
    assert _overlap_clause(order, {"a": 3.0, "b": 2.0, "c": 1.0},
                           {"a": 0.1, "b": 0.1, "c": 0.1}) == []


def _one_outcome_changed(monkeypatch, where, scenario, rep, column) -> None:  # noqa: ANN001
    """From now on the store at `where` reads with one outcome of one run raised by 1."""
    read = store.read_runs

    def changed(d, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        r = read(d, *a, **k)
        if d == where:
            r.loc[(r["scenario"] == scenario) & (r["rep"] == rep), column] += 1
        return r
    monkeypatch.setattr(store, "read_runs", changed)


def test_the_uses_reference_reproduces_the_design_maps_cell_or_says_it_does_not(
        tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The ``uses`` map's reference is the design map's cell of the same name: the check
    compares the two stores' outcome columns run by run, and fails on runs of another seed."""
    size = fd.DESIGNS["tiny"]["uses"]
    out = tmp_path / "f"
    rec = fd.stage_uses(size, out / "uses", 1, backend="serial", run_fn=FAKE, progress=False)
    assert rec["reference_check"] is None  # no design map beside it
    shutil.copytree(out / "uses", out / "map")
    check = fd.reference_check(out / "uses", out / "map", size["reps"])
    cols = [c for c in store.read_runs(out / "uses").columns
            if c not in fd.NOT_OUTCOMES and c != "rep"]
    assert check == {"cell": "map-p0-r0-0.95-0.25", "map_cell": "map-p0-r0-0.95-0.25",
                     "reps": size["reps"], "columns": len(cols), "equal": True}
    assert "seed" not in cols and "peak_ge_4" in cols
    # one outcome of one run differs: caught
    read = store.read_runs
    _one_outcome_changed(monkeypatch, out / "map", "map-p0-r0-0.95-0.25", 1, "peak_ge_4")
    assert fd.reference_check(out / "uses", out / "map", size["reps"])["equal"] is False
    monkeypatch.setattr(store, "read_runs", read)
    # another seed is another batch: no cell of the same design to compare
    shutil.rmtree(out / "map")
    fd.stage_uses(size, out / "map", 2, backend="serial", run_fn=FAKE, progress=False)
    assert fd.reference_check(out / "uses", out / "map", size["reps"]) is None
    # the same name for another design (the full design's map) is not the reference's twin
    shutil.rmtree(out / "map")
    other = {**size, "spec": {**size["spec"], "panels": [{"label": "other", "set": {}}]}}
    fd.stage_uses(other, out / "map", 1, backend="serial", run_fn=FAKE, progress=False)
    assert fd.reference_check(out / "uses", out / "map", size["reps"]) is None
    text = "\n".join(doc.section_uses({**rec, "reference_check": {
        "cell": "map-p0-r0-0.95-0.25", "reps": 4, "columns": 30, "equal": False}}))
    assert "**do not** reproduce the map's runs" in text and "not comparable" in text


def test_the_uses_sentence_lists_every_step_with_its_interval_and_counts_what_resolves() -> None:
    def step(b: str, est: float, lo: float, hi: float, status: str, fw: str) -> dict:
        return {"axis": "panel", "a": "reference: as agreed, x (call at rung 3)", "b": b,
                "diff_severe_hazard": est, "diff_severe_hazard_lo": lo,
                "diff_severe_hazard_hi": hi, "diff_severe_hazard_status": status,
                "diff_severe_hazard_fw_status": fw, "rd_severe": est / 2,
                "rd_severe_lo": lo / 2, "rd_severe_hi": hi / 2, "rd_severe_status": status}

    us = {"reps": 960, "rows": {"name": "hotline_answer_prob", "values": [0.95]},
          "cols": {"name": "hotline_consult_hours", "values": [0.25]},
          "table": [{"panel": "reference: as agreed, x (call at rung 3)",
                     "diff_severe_hazard": -0.04}],
          "steps": [step("call at rung 2 (warnings and challenges)", -0.01, -0.016, -0.004,
                         "estimate", "estimate"),
                    step("call at rung 4 (after)", 0.02, 0.01, 0.03, "estimate", "screen"),
                    step("full scope (territorial seas)", -0.001, -0.005, 0.003, "screen",
                         "screen")],
          "use": [{"panel": "reference: as agreed, x (call at rung 3)", "calls": 1.8,
                   "answered": 1.6, "notices": 5.9},
                  {"panel": "call at rung 2 (warnings and challenges)", "calls": 75.3,
                   "answered": 69.0, "notices": 5.9}]}
    text = answer.uses_sentence(us)
    assert text.startswith("When a line is used and what for, each changed alone from as "
                           "agreed, x (call at rung 3), answered 95% of the time and connected "
                           "in 15 min (960 pairs;")
    assert "call at rung 2 -0.0100 [-0.0160, -0.0040] (estimate*)" in text
    assert "call at rung 4 +0.0200 [+0.0100, +0.0300] (estimate)" in text
    assert "full scope -0.0010 [-0.0050, +0.0030] (screen)" in text
    assert "1 of 3 lower them and 1 raise them; 1 of these holds under simultaneous" in text
    # against the status quo: what the reference does not resolve and a design does
    cells = [{"panel": us["table"][0]["panel"], "rd_severe": -0.001, "rd_severe_lo": -0.005,
              "rd_severe_hi": 0.003, "rd_severe_status": "screen", "diff_severe_hazard": -0.04},
             {"panel": "call at rung 2 (warnings and challenges)", "rd_severe": -0.024,
              "rd_severe_lo": -0.036, "rd_severe_hi": -0.013, "rd_severe_status": "estimate"}]
    said = answer.uses_sentence({**us, "table": cells})
    assert ("Against the status quo, the reference line's P(severe) does not resolve (-0.001 "
            "[-0.005, +0.003]); it does for call at rung 2 (-0.024 [-0.036, -0.013]).") in said
    cells[0].update(rd_severe=-0.016, rd_severe_lo=-0.025, rd_severe_hi=-0.007,
                    rd_severe_status="estimate")
    cells[1].update(rd_severe=0.0, rd_severe_lo=-0.004, rd_severe_hi=0.004,
                    rd_severe_status="screen")
    said = answer.uses_sentence({**us, "table": cells})
    assert ("P(severe) resolves for the reference line (-0.016 [-0.025, -0.007]) and no longer "
            "for call at rung 2 (+0.000 [-0.004, +0.004]).") in said
    cells[1]["rd_severe_status"] = "estimate"  # nothing lost: nothing said
    assert "Against the status quo" not in answer.uses_sentence({**us, "table": cells})
    cells[0]["rd_severe_status"] = cells[1]["rd_severe_status"] = "screen"  # nothing gained
    assert ("the reference line's P(severe) does not resolve (-0.016 [-0.025, -0.007])."
            in answer.uses_sentence({**us, "table": cells}))
    del cells[1]["rd_severe_status"]  # an old record: no clause
    assert "Against the status quo" not in answer.uses_sentence({**us, "table": cells})
    assert "in P(severe), 2 of 3 resolve: call at rung 2 -0.005 [-0.008, -0.002]" in text
    # how much more the line is used, for the resolved steps whose use is known
    assert text.endswith(" Calls a year: the reference 1.8, call at rung 2 75.3 (the model "
                         "charges nothing for a call: docs/model.md 3.3.8).")
    # a step that resolves by a sliver of the reference line's own effect is said to be one
    tiny = step("no notice of deployments", 1e-4, 1e-5, 2e-4, "estimate", "screen")
    said = answer.uses_sentence({**us, "steps": [*us["steps"], tiny]})
    assert ("1 of 4 lower them and 2 raise them; 1 of these holds under simultaneous "
            "intervals; no notice of deployments changes them by less than 1% of the reference "
            "line's own effect (-0.0400 a year against the status quo): resolved in sign, "
            "negligible in size;") in said
    assert "no notice of deployments" not in said.partition("Calls a year")[2]
    one = answer.uses_sentence({**us, "steps": us["steps"][2:]})
    assert "over the change)" in one and "It does not resolve; in P(severe), 0 of 1 resolve." \
        in one
    assert "no step from the reference" in answer.uses_sentence({**us, "steps": []})


def test_the_short_answer_names_each_use_that_resolves_and_how_often_it_calls() -> None:
    def step(b: str, est: float, status: str) -> dict:
        return {"axis": "panel", "b": b, "diff_severe_hazard": est,
                "diff_severe_hazard_lo": est - 0.01, "diff_severe_hazard_hi": est + 0.01,
                "diff_severe_hazard_status": status}

    ref = "reference: the agreed line as built (call at rung 3)"
    us = {"rows": {"name": "hotline_answer_prob", "values": [0.95]},
          "cols": {"name": "hotline_consult_hours", "values": [0.25]},
          "table": [{"panel": ref, "diff_severe_hazard": -0.04}],
          "steps": [step("call at rung 2 (warnings and challenges)", -0.03, "estimate"),
                    step("no notice of deployments", 1e-4, "estimate"),  # negligible
                    step("full scope (x)", -0.01, "screen")],
          "use": [{"panel": ref, "calls": 1.8},
                  {"panel": "call at rung 2 (warnings and challenges)", "calls": 75.3}]}
    text = answer.uses_short([us])
    assert text == ("How it is used matters too: from a line answered 95% of the time and "
                    "connected in 15 min, expected severe incidents a year change, against the "
                    "same line as agreed (called at rung 3, unsafe approaches; the agreed "
                    "scope), by call at rung 2 -0.030 [-0.040, -0.020] for the agreed line as "
                    "built (sections 4b-4c; call at rung 2 rings ~75 times a year for the "
                    "agreed line as built (~2 at rung 3), and the model lets calls cost "
                    "nothing).")
    assert answer.uses_short([{**us, "steps": us["steps"][1:]}]) == ""
    assert answer.uses_short([]) == ""


def test_the_calls_free_row_of_the_wear_map_reproduces_the_uses_cells(tmp_path,
                                                                      monkeypatch) -> None:  # noqa: ANN001
    """``uses_wear``'s first row (wear 0) is the ``uses`` stage's reference and rung-2 cells
    under another name: compared run by run, matched by every parameter but the wear."""
    out = tmp_path / "f"
    wear = fd.DESIGNS["tiny"]["uses_wear"]
    rec = fd.stage_uses(wear, out / "uses_wear", 1, backend="serial", run_fn=FAKE,
                        progress=False)
    assert rec["free_check"] is None  # no uses store beside it
    fd.stage_uses(fd.DESIGNS["tiny"]["uses"], out / "uses", 1, backend="serial", run_fn=FAKE,
                  progress=False)
    check = fd.free_check(out / "uses_wear", out / "uses", wear["spec"], fd.USES, wear["reps"])
    assert [(c["cell"], c["uses_cell"], c["equal"]) for c in check] == [
        ("map-p0-r0-0-0.25", "map-p0-r0-0.95-0.25", True),
        ("map-p1-r0-0-0.25", "map-p1-r0-0.95-0.25", True)]
    _one_outcome_changed(monkeypatch, out / "uses", "map-p1-r0-0.95-0.25", 2, "peak_ge_3")
    check = fd.free_check(out / "uses_wear", out / "uses", wear["spec"], fd.USES, wear["reps"])
    assert [c["equal"] for c in check] == [True, False]
    text = "\n".join(doc.section_wear({**rec, "free_check": check}))
    assert "**do not** reproduce those runs" in text


def test_what_wear_takes_is_the_step_at_a_row_minus_the_step_at_the_first(tmp_path) -> None:  # noqa: ANN001
    """`against_free`, per replication: (panel - reference) at a row minus the same at the
    first row; positive when the fall is smaller there. Rows of answer probability and a line
    against none here, since the stand-in model answers by that (it has no wear or rungs)."""
    import numpy as np

    from sim.study.intervals import mean_diff_paired

    size = {"reps": 12, "days": 60, "spec": {
        **fd.USES_WEAR, "rows": {"name": "hotline_answer_prob", "values": [0.95, 0.1]},
        "panels": [{"label": "reference: no line", "set": {"hotline_active": False}},
                   {"label": "the line", "set": {}}]}}
    rec = fd.stage_map(size, tmp_path / "w", 1, backend="serial", run_fn=FAKE, progress=False)
    got = fd.against_free(tmp_path / "w", rec["steps"], rec["table"], size["reps"])
    runs = store.read_runs(tmp_path / "w").pivot_table(index="rep", columns="scenario",
                                                       values="severe_hazard")
    at_free = runs["map-p1-r0-0.95-0.25"] - runs["map-p0-r0-0.95-0.25"]
    at_low = runs["map-p1-r0-0.1-0.25"] - runs["map-p0-r0-0.1-0.25"]
    est, lo, hi = mean_diff_paired(at_free, at_low)
    assert len(got) == 1 and got[0]["row"] == 0.1 and got[0]["free"] == 0.95
    assert got[0]["diff"] == pytest.approx(est) and got[0]["diff_lo"] == pytest.approx(lo)
    assert got[0]["diff"] == pytest.approx(got[0]["step"] - got[0]["step_free"])
    assert est > 0 and np.isfinite(hi)  # answered less, the line gains less


def _wear_rec(steps: list[tuple[float, float, float, float]]) -> dict:
    """A ``uses_wear`` record with one panel step per (wear, est, lo, hi)."""
    table, st = [], []
    for w, est, lo, hi in steps:
        a, b = f"map-p0-r0-{w:g}-0.25", f"map-p1-r0-{w:g}-0.25"
        table += [{"cell": a, "panel": "reference: ref", "row": w},
                  {"cell": b, "panel": "call at rung 2 (warnings and challenges)", "row": w}]
        status = "estimate" if lo > 0 or hi < 0 else "screen"
        st.append({"axis": "panel", "from": a, "to": b, "a": "reference: ref",
                   "b": "call at rung 2 (warnings and challenges)", "diff_severe_hazard": est,
                   "diff_severe_hazard_lo": lo, "diff_severe_hazard_hi": hi,
                   "diff_severe_hazard_status": status,
                   "diff_severe_hazard_fw_status": status})
    return {"table": table, "steps": st, "reps": 960, "answer_prob": 0.95,
            "cols": {"name": "hotline_consult_hours", "values": [0.25]}}


def test_the_wear_verdict_says_where_calling_at_rung_2_loses_its_advantage() -> None:
    survives = _wear_rec([(0.0, -0.03, -0.05, -0.01), (0.2, -0.02, -0.035, -0.005),
                          (0.5, -0.015, -0.03, -0.001)])
    assert answer.wear_verdict(survives) == "the advantage survives every wear mapped, up to w 0.5"
    gone = _wear_rec([(0.0, -0.03, -0.05, -0.01), (0.2, -0.01, -0.03, 0.01),
                      (0.5, 0.02, 0.005, 0.035)])
    assert answer.wear_verdict(gone) == ("the advantage resolves up to w 0 and no longer "
                                         "resolves (its interval covers 0) at w 0.2")
    reversed_ = _wear_rec([(0.0, -0.03, -0.05, -0.01), (0.2, 0.02, 0.005, 0.035)])
    assert answer.wear_verdict(reversed_).endswith("is reversed at w 0.2")
    never = _wear_rec([(0.0, -0.01, -0.03, 0.01), (0.2, -0.02, -0.035, -0.005)])
    assert "does not resolve an advantage even when calls are free" in answer.wear_verdict(never)
    said = answer.wear_sentence(survives)
    assert "w 0 (calls free) -0.0300 [-0.0500, -0.0100] (estimate*)" in said
    assert "w 0.2 (the upper end of its assumed plausible range)" in said
    assert "answered 95% of the time" in said
    assert answer.wear_short(survives).startswith("If each call that rang in the previous month")
    assert answer.wear_short(None) == ""
    assert "simultaneous intervals)" not in said  # every step also holds jointly
    fragile = _wear_rec([(0.0, -0.03, -0.05, -0.01), (0.2, -0.01, -0.02, -0.001)])
    fragile["steps"][1].update({"diff_severe_hazard_fw_status": "screen", "carried_by": 1})
    assert ("(at w 0.2 only at its own 95 % level, not under simultaneous intervals; its "
            "interval reaches 0 without the 1 of 960 years that push its sign most)") in \
        answer.wear_short(fragile)
    assert "at w 0.2 (its assumed plausible maximum)" in answer.wear_short(fragile)


# --------------------------------------------------------------------------- published records
def _tiny(out, only):  # noqa: ANN001, ANN202
    return fd.run_findings("tiny", out, only=only, backend="serial", run_fn=FAKE,
                           progress=False)


def _body(text: str) -> str:
    """A page without its generation time (the one line that differs between two writes)."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("> Generated"))


def _tree(d) -> dict:  # noqa: ANN001
    """Every file under `d` with its bytes (to show that nothing was written)."""
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_a_stage_rerun_alone_keeps_every_other_section_as_published(tmp_path) -> None:  # noqa: ANN001
    docs = tmp_path / "docs"
    first = _tiny(tmp_path / "first", ["main", "crisis", "counterfactuals"])
    doc.write(first, "make findings", docs)
    pub = docs / doc.RECORDS
    assert sorted(p.name for p in pub.glob("*.json")) == \
        ["counterfactuals.json", "crisis.json", "main.json"]
    main_pub = json.loads((pub / "main.json").read_text())
    assert main_pub["runs_in"] == str(first.resolve()) and main_pub["figures"] == ["forest.png"]
    main_before = (pub / "main.json").read_text()
    # a fresh results directory holding one stage: the page keeps the others' sections
    again = _tiny(tmp_path / "again", ["crisis"])
    text = doc.write(again, "make findings", docs).read_text()
    for heading in ("## 2. The hotline effect", "## 3. The crisis window",
                    "## 5. The record's counterfactuals"):
        assert heading in text
    assert "](figures/forest.png)" in text
    assert json.loads((pub / "crisis.json").read_text())["runs_in"] == str(again.resolve())
    assert (pub / "main.json").read_text() == main_before  # untouched
    assert f"`{first.resolve()}` (main, counterfactuals)" in text
    assert f"`{again.resolve()}` (crisis)" in text
    # from the published records alone (a fresh clone): the same page, twice
    nothing = tmp_path / "nothing"
    assert _body(doc.write(nothing, "make findings", docs).read_text()) == _body(text)
    assert _body(doc.write(nothing, "make findings", docs).read_text()) == _body(text)
    # the first directory, resumed later, does not put its older crisis record back
    text = doc.write(first, "make findings", docs).read_text()
    assert json.loads((pub / "crisis.json").read_text())["runs_in"] == str(again.resolve())
    assert f"`{again.resolve()}` (crisis)" in text


def test_a_stage_that_failed_keeps_its_published_section_and_is_named(tmp_path) -> None:  # noqa: ANN001
    docs = tmp_path / "docs"
    doc.write(_tiny(tmp_path / "o", ["main", "crisis"]), "make findings", docs)
    crisis_pub = (docs / doc.RECORDS / "crisis.json").read_text()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "crisis.json").write_text(json.dumps({"failed": "ValueError: boom", "design": "tiny"}))
    text = doc.write(bad, "make findings", docs).read_text()
    assert "**Stages that failed" in text and "crisis: ValueError: boom" in text
    assert "## 3. The crisis window" in text  # the published record's section
    assert (docs / doc.RECORDS / "crisis.json").read_text() == crisis_pub


def test_a_rewrite_that_would_lose_a_section_is_refused_and_writes_nothing(tmp_path) -> None:  # noqa: ANN001
    docs = tmp_path / "docs"
    doc.write(_tiny(tmp_path / "o", ["main", "crisis"]), "make findings", docs)
    (docs / doc.RECORDS / "crisis.json").unlink()
    (docs / "figures" / "forest.png").unlink()  # a rewrite from `o` would copy it back
    readme = tmp_path / "README.md"
    shutil.copyfile(ROOT / "README.md", readme)
    before, readme_before = _tree(docs), readme.read_text()
    with pytest.raises(InputError, match=r"sections 3: their stage records are neither"):
        doc.write(tmp_path / "o2", "make findings", docs, readme)
    (tmp_path / "o2").mkdir()
    shutil.copyfile(tmp_path / "o" / "main.json", tmp_path / "o2" / "main.json")
    shutil.copyfile(tmp_path / "o" / "forest.png", tmp_path / "o2" / "forest.png")
    with pytest.raises(InputError):
        doc.write(tmp_path / "o2", "make findings", docs, readme)
    assert _tree(docs) == before and readme.read_text() == readme_before
    assert main(["findings", "--write-only", "--out", str(tmp_path / "o2"), "--docs",
                 str(docs), "--no-readme"]) == 2
    text = doc.write(tmp_path / "o2", "make findings", docs, drop=True).read_text()
    assert "## 3. The crisis window" not in text and "## 2. The hotline effect" in text


def test_one_page_is_of_one_design(tmp_path) -> None:  # noqa: ANN001
    docs = tmp_path / "docs"
    (docs / doc.RECORDS).mkdir(parents=True)
    shutil.copyfile(ROOT / "docs" / doc.RECORDS / "uses_wear.json",
                    docs / doc.RECORDS / "uses_wear.json")  # a session-design record
    before = _tree(docs)
    with pytest.raises(InputError, match=r"one page is of one design.*tiny: crisis"):
        doc.write(_tiny(tmp_path / "o", ["crisis"]), "make findings", docs)
    assert _tree(docs) == before
    recs, _, _ = doc.load_records(tmp_path / "nothing", docs)  # alone, it is the page's record
    assert recs["uses_wear"] is not None


def test_the_published_page_is_what_its_records_say() -> None:
    """docs/records holds the records behind docs/findings.md: each one's section is on the
    page to the last character, and once every stage has its record, the whole page is what
    `--write-only` writes from them (waves 5-12's records were lost with their machines; their
    stages are being rerun on one commit: docs/records/README.md)."""
    page = (ROOT / "docs" / "findings.md").read_text()
    recs, src, _ = doc.load_records(ROOT / "results" / "no-such-dir", ROOT / "docs")
    have = {s: r for s, r in recs.items() if r}
    assert {"crisis", "map", "uses", "uses_built", "uses_wear", "uses_wear_built",
            "counterfactuals", "splitting", "main", "prim", "screening", "drivers"} <= set(have)
    for stage, rec in have.items():
        md, _ = doc._figures(rec, src[stage], stage)  # noqa: SLF001
        assert "\n".join(doc.section(stage, rec) + md) in page, f"section of {stage} differs"
        assert doc.section(stage, rec)[0].startswith(f"## {doc.SECTION_OF[stage]}. ")
        for name in rec.get("figures") or []:
            assert (ROOT / "docs" / "figures" / name).is_file(), name
    if len(have) == len(doc.PAGE_STAGES):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "docs" / doc.RECORDS, Path(tmp) / doc.RECORDS)
            shutil.copytree(ROOT / "docs" / "figures", Path(tmp) / "figures")
            shutil.copyfile(ROOT / "docs" / "findings.md", Path(tmp) / "findings.md")
            text = doc.write(ROOT / "results" / "no-such-dir", "make findings",
                             Path(tmp)).read_text()
        assert _body(text) == _body(page)


def test_fixed_reps_make_the_headline_depend_on_nothing_but_its_arguments(tmp_path, capsys
                                                                           ) -> None:  # noqa: ANN001
    out = fd.run_findings("tiny", tmp_path / "f", only=["main"], reps=7, backend="serial",
                          run_fn=FAKE, progress=False)
    rec = json.loads((out / "main.json").read_text())
    assert rec["reps"] == 7
    assert rec["design_size"]["pilot"] == rec["design_size"]["max_reps"] == 7
    assert [r["n"] for r in rec["until_ci"]["rounds"]] == [7]
    said = doc.section_main(rec)[2]
    assert "a number fixed by `--reps 7`" in said and "grown" not in said
    assert ("**met**" in said) == (rec["until_ci"]["stopped"] == "targets met")
    assert "`hotline-sim findings --only main --reps 7 --design tiny`" in \
        doc.headline(out, "make findings", 1)
    session = {**rec, "design": "session", "reps": fd.HEADLINE_PAIRS}  # the design's own size
    said = doc.headline({"main": session}, "make findings", 1)
    assert "`hotline-sim findings --only main`)" in said
    with pytest.raises(SystemExit) as exc:
        main(["findings", "--design", "tiny", "--reps", "0", "--out", str(tmp_path / "o")])
    assert exc.value.code == 2 and "--reps" in capsys.readouterr().err


def test_a_run_whose_page_could_not_be_rewritten_says_so_before_it_starts(tmp_path, capsys
                                                                          ) -> None:  # noqa: ANN001
    docs = tmp_path / "docs"
    doc.write(_tiny(tmp_path / "o", ["main", "crisis"]), "make findings", docs)
    (docs / doc.RECORDS / "crisis.json").unlink()
    assert doc.would_lose(tmp_path / "new", docs, ["counterfactuals"]) == ["3"]
    assert doc.would_lose(tmp_path / "new", docs, ["crisis"]) == []
    rc = main(["findings", "--design", "tiny", "--only", "counterfactuals", "--backend",
               "serial", "--run-fn", FAKE, "--quiet", "--out", str(tmp_path / "new"),
               "--docs", str(docs), "--no-readme"])
    err = capsys.readouterr().err
    assert rc == 2 and "## 3." in (docs / "findings.md").read_text()  # refused, as warned
    assert err.index("WARNING") < err.index("nothing was written")
    assert "sections 3 have no stage record" in err
    assert (tmp_path / "new" / "counterfactuals.json").is_file()  # the run's record stays


@pytest.mark.parametrize(("design", "size", "reps", "stopped", "said"), [
    ("session", {"pilot": 1644, "max_reps": 1644}, 1644, "targets met",
     "a number fixed by the design; the targets {'p_severe_rd': 0.02}: **met**."),
    ("session", {"pilot": 200, "max_reps": 200}, 200, "replication cap reached",
     "a number fixed by `--reps 200`; the targets {'p_severe_rd': 0.02}: **not met** (~400 "
     "pairs would be needed)."),
    ("tiny", {"pilot": 9, "max_reps": 9}, 9, "targets met; then replication cap reached",
     "a number fixed by `--reps 9`; the targets {'p_severe_rd': 0.02}: **met**."),
    ("full", {"pilot": 200, "max_reps": 5000}, 400, "targets met",
     "grown from a pilot until the targets {'p_severe_rd': 0.02} were met or a limit was "
     "reached: **targets met**."),
])
def test_section_2_says_how_the_headline_was_sized(design, size, reps, stopped, said
                                                   ) -> None:  # noqa: ANN001
    rec = {"design": design, "design_size": size, "reps": reps,
           "targets": {"p_severe_rd": 0.02},
           "until_ci": {"stopped": stopped, "rounds": [{"n": reps, "needed": 400}]}}
    assert doc._main_size(rec) == said  # noqa: SLF001
