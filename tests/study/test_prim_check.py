"""Scenario discovery: the experiment-level case, the held-out check of a PRIM box (a planted
box holds on fresh data, a noise box does not) and the page's section, old and new."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.study import discovery as disc
from sim.study import findings_doc as doc
from sim.study import prim_check as pc
from tests.helpers import FAKE


def _data(seed: int, n: int = 800, planted: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"answer": rng.random(n), "consult": rng.random(n) * 8,
                      "noise": rng.random(n)})
    inbox = (x["answer"] > 0.6) & (x["consult"] < 3.0) if planted else np.zeros(n, bool)
    return x.assign(**{pc.CASE: np.where(inbox, rng.random(n) < 0.8, rng.random(n) < 0.1)})


def test_planted_box_holds_out_and_noise_does_not() -> None:
    d = _data(1)
    box = disc.prim_boxes(d.drop(columns=[pc.CASE]), d[pc.CASE].to_numpy(bool))[0]
    assert {"answer", "consult"} <= set(box["restrictions"])
    ho = pc.held_out(box, _data(2))
    assert ho["holds"] and ho["density_in"][0] > 0.5 > ho["density_out"][0]
    assert not pc.held_out(box, _data(3, planted=False))["holds"]
    assert pc.inside(d, {"answer": [0.6, 1.0]}).sum() == (d["answer"] >= 0.6).sum()


def _outcomes(base: list[list[float]], treat: list[list[float]]) -> dict[str, np.ndarray]:
    return {"severe_hazard_base": np.array(base), "severe_hazard_treat": np.array(treat)}


def test_the_case_is_a_cut_in_an_experiments_summed_expected_severe_incidents() -> None:
    exps = pd.DataFrame({"a": [1, 2, 3, 4, 5, 6], "b": [True, False] * 3,
                         "scenario": list("uvwxyz")})  # EMA's bookkeeping column: not an input
    out = _outcomes(
        [[0.1, 0.6], [0.01, 1.0], [0.0, 0.0], [0.0, 0.0], [2.0, 2.0], [1.0, 1.0]],
        [[0.2, 0.36], [0.0, 0.95], [0.0, 0.0], [0.1, 0.0], [0.5, 0.5], [0.82, 0.8]])
    t = pc.experiment_cases(exps, out, ["a", "b", "c"])
    assert list(t.columns) == ["a", "b", "hazard_base", "hazard_treat", "hazard_ratio", pc.CASE,
                               "nroy"]
    assert t["nroy"].all()  # no rung-3 counts saved: the record cannot rule anything out
    assert t["hazard_base"].tolist() == pytest.approx([0.7, 1.01, 0, 0, 4, 2])
    # 0.56 / 0.7 is exactly 1 - CUT (0.8000000000000002 in floats): "at most" includes it
    assert t["hazard_ratio"].iloc[0] == pytest.approx(1 - pc.CUT)
    # ratio of sums 0.95 / 1.01, not the mean of the ratios (0 and 0.95): not a case
    assert t["hazard_ratio"].iloc[1] == pytest.approx(0.95 / 1.01)
    assert t[pc.CASE].tolist() == [True, False, False, False, True, False]
    assert np.isnan(t["hazard_ratio"].iloc[2]) and np.isnan(t["hazard_ratio"].iloc[3])
    assert pc.experiment_cases(exps, out, ["a"], cut=0.1)[pc.CASE].tolist() == [
        True, False, False, False, True, True]


def test_experiments_whose_status_quo_the_record_rules_out_are_marked() -> None:
    exps = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    out = {**_outcomes([[0.2, 0.3], [40.0, 0.1], [6.0, 5.0]], [[0.1, 0.3], [1.0, 0.1], [5, 5]]),
           "peak_ge_3_base": np.array([[8.0, 10.0], [9.0, 9.0], [9.0, 9.0]])}
    t = pc.experiment_cases(exps, out, ["a"])
    # plausible; one runaway year (40 > ~10) despite a noisy mean; a mean of 5.5 a year
    assert t["nroy"].tolist() == [True, False, False]


def _experiments(seed: int, n: int = 400, reps: int = 4
                 ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Experiments whose line cuts expected severe incidents by ~40 % in a planted box and not
    at all outside it, each replication noisy (one replication alone would often mislead)."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"answer": rng.random(n), "consult": rng.random(n) * 8,
                      "noise": rng.random(n)})
    inbox = ((x["answer"] > 0.5) & (x["consult"] < 4.0)).to_numpy()
    base = rng.gamma(2.0, 0.5, (n, reps))
    factor = np.where(inbox, 0.6, 1.0)[:, None] + rng.normal(0, 0.3, (n, reps))
    return x, _outcomes(base, base * np.clip(factor, 0, None))


def test_prim_on_experiments_finds_a_planted_box_that_holds_out() -> None:
    names = ["answer", "consult", "noise"]
    fit = pc.experiment_cases(*_experiments(1), names)
    box = disc.prim_boxes(fit[names], fit[pc.CASE].to_numpy(bool))[0]
    assert {"answer", "consult"} <= set(box["restrictions"]) and "noise" not in box["restrictions"]
    assert box["density"] > 2 * box["base_density"]
    ho = pc.held_out(box, pc.experiment_cases(*_experiments(2), names))
    assert ho["holds"] and ho["density_in"][1] > ho["density_out"][2]


def test_the_stage_runs_on_experiments_with_the_fake_model(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    size = {"prim_n": 12, "prim_reps": 2, "days": 60}
    rec = pc.run_prim(size, 1, tmp_path / "prim", backend="serial", run_fn=FAKE,
                      progress=False, command="ignored")
    cases = pd.read_csv(tmp_path / "prim" / "cases.csv")
    assert rec["case"] == pc.CASE and rec["cut"] == pc.CUT and rec["definition"]
    assert rec["experiments"] == len(cases) == 12 and (rec["reps"], rec["days"]) == (2, 60)
    assert rec["of_interest"] == int(cases[pc.CASE].sum())
    assert rec["base_density"] == pytest.approx(cases[pc.CASE].mean())
    assert (cases["hazard_treat"] <= cases["hazard_base"] + 1e-9).all()  # the fake line only cuts
    assert "hotline_trigger_rung" in cases.columns
    if rec["box"] is not None and rec["box"]["restrictions"]:
        assert rec["held_out"]["experiments"] == 12

    # run again: the saved experiments of the same design and seed are read, not rerun
    def refuse(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("ran the experiments again")

    monkeypatch.setattr(pc.disc, "run_experiments", refuse)
    again = pc.run_prim(size, 1, tmp_path / "prim", backend="serial", run_fn=FAKE,
                        progress=False)
    assert again["of_interest"] == rec["of_interest"] and again["box"] == rec["box"]
    assert pd.read_csv(tmp_path / "prim" / "cases.csv").equals(cases)
    with pytest.raises(AssertionError, match="again"):  # another design is run, not read
        pc.run_prim({**size, "prim_reps": 1}, 1, tmp_path / "prim", backend="serial",
                     run_fn=FAKE, progress=False)


def test_prim_sees_all_inputs_or_the_lines_own() -> None:
    names = ["hotline_trigger_rung", "tension_decay", "hotline_answer_prob", "misperception"]
    assert pc.inputs(names) == names
    assert pc.inputs(names, "hotline") == ["hotline_trigger_rung", "hotline_answer_prob"]
    with pytest.raises(ValueError, match="allowed: all, hotline"):
        pc.inputs(names, "some")


def test_the_stage_checks_its_box_on_a_fresh_sample(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The held-out path: a planted box found on the fit sample is checked on the fresh one
    (run at seed + HELD_OUT_SEED), with the same case, and holds; its cases are saved."""
    from types import SimpleNamespace

    seeds = []

    def fake_run(size, seed, out, **kw):  # noqa: ANN001, ANN202, ARG001
        seeds.append(seed)
        x, outs = _experiments(seed)
        names = [SimpleNamespace(name=n) for n in x.columns]
        return x, outs, SimpleNamespace(uncertainties=names[:2], levers=names[2:])

    monkeypatch.setattr(pc.disc, "run_experiments", fake_run)
    rec = pc.run_prim({"prim_n": 400, "prim_reps": 4, "days": 365}, 1, tmp_path / "prim")
    assert seeds == [1, 1 + pc.HELD_OUT_SEED]
    assert {"answer", "consult"} <= set(rec["box"]["restrictions"])
    ho = rec["held_out"]
    assert ho["holds"] and ho["experiments"] == 400 and ho["n_in"] + ho["n_out"] == 400
    fresh = pd.read_csv(tmp_path / "prim" / "heldout_cases.csv")
    assert len(fresh) == 400 and pc.CASE in fresh.columns


_OLD = {"size": {"prim_n": 40, "prim_reps": 2, "days": 60}, "seed": 1, "case": "fewer_rung3",
        "cases": 80, "of_interest": 12, "mass_min": 0.05, "qp_max": 0.05,
        "box": {"coverage": 0.83, "density": 0.25, "mass": 0.5, "base_density": 0.15,
                "restrictions": {"roe_cap_fishing": [2.5, 3.0]},
                "qp": {"roe_cap_fishing": [0.0672, None]}},
        "held_out": {"n_in": 40, "n_out": 40, "density_in": [0.2, 0.1, 0.35],
                     "density_out": [0.075, 0.03, 0.2], "holds": False}}


def test_the_page_renders_the_old_and_the_new_record() -> None:
    old = "\n".join(doc.section_prim(_OLD))
    assert "80 cases, 12 of interest (fewer_rung3)" in old
    assert "(all cases 0.15)" in old and "`roe_cap_fishing` in [2.5, 3] (qp 0.0672)" in old
    assert "on fresh runs: density inside 0.20 [0.10, 0.35]" in old
    assert "**does not hold** (a screen)" in old
    new = {**_OLD, "case": pc.CASE, "definition": pc.DEFINITION, "cut": 0.2, "experiments": 200,
           "reps": 4, "days": 365, "of_interest": 58, "base_density": 0.29,
           "box": {**_OLD["box"], "base_density": 0.29, "density": 0.71},
           "held_out": {"n_in": 50, "n_out": 150, "density_in": [0.7, 0.56, 0.81],
                        "density_out": [0.2, 0.14, 0.27], "holds": True, "experiments": 200}}
    del new["cases"]
    text = "\n".join(doc.section_prim(new))
    assert "at most 80% of the base arm's, a cut of at least 20%" in text
    assert "200 experiments" in text and "x 4 paired replications x 365 days" in text
    assert "58 of interest (base density 0.29)" in text and "(all experiments 0.29)" in text
    assert "200 fresh experiments" in text and "inside 0.70 [0.56, 0.81] (n 50)" in text
    assert "outside 0.20 [0.14, 0.27] (n 150)" in text and "**holds**" in text
    assert "a screen" not in text
    held = "\n".join(doc.section_prim({**new, "held_out": {**new["held_out"], "holds": False}}))
    assert "**does not hold** (a screen)" in held
    assert "PRIM peels" not in text  # all inputs: nothing to say
    scoped = "\n".join(doc.section_prim({**new, "inputs": "hotline", "n_inputs": 18,
                                          "of_inputs": 101}))
    assert "PRIM peels 18 of the 101 inputs: the line's design and its own assumptions" in scoped
    assert "which the held-out experiments (run only when a box passes) do not share" in scoped
    nobox = "\n".join(doc.section_prim({**new, "box": None, "held_out": None}))
    assert "No box passes" in nobox
