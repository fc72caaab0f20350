"""Radial elementary effects (`sim.study.radial`) and the effect over plausible worlds
(`sim.study.uncertainty`): moves stay in range and touch one group, a planted driver is found
and ranked alike by both halves, dropped steps do not count, and the summaries are right."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.study import radial, uncertainty
from sim.study.groups import group_of
from sim.study.sensitivity import Factor


def _facs() -> list[Factor]:
    return [Factor("hotline_answer_prob", 0.1, 0.9, "float", ""),
            Factor("hotline_consult_hours", 0.5, 8.0, "float", ""),
            Factor("chain_hop_hours", 1, 9, "int", ""),
            Factor("misperception", 0.0, 0.2, "float", ""),
            Factor("hotline_theater_link", 0, 1, "bool", "")]


def test_a_move_touches_one_group_by_half_its_range_and_stays_inside() -> None:
    facs = _facs()
    c = {"hotline_answer_prob": 0.2, "hotline_consult_hours": 7.0, "chain_hop_hours": 2,
         "misperception": 0.15, "hotline_theater_link": False}
    m = radial.moved(facs, c, "hotline use")
    assert m["hotline_answer_prob"] == pytest.approx(0.6)  # below the middle: up by 0.4
    assert m["hotline_consult_hours"] == pytest.approx(3.25)  # above: down by 3.75
    assert {k for k in c if m[k] != c[k]} == {"hotline_answer_prob", "hotline_consult_hours"}
    assert radial.moved(facs, c, "chain of command")["chain_hop_hours"] == 6  # int, rounded
    assert radial.moved(facs, c, group_of("hotline_theater_link"))["hotline_theater_link"]
    for g in radial.groups_in(facs):
        for f in facs:
            v = radial.moved(facs, c, g)[f.name]
            assert f.lo <= float(v) <= f.hi


def test_star_points_are_one_per_group_per_centre() -> None:
    facs = _facs()
    centres = pd.DataFrame([{f.name: (f.lo + f.hi) / 3 if f.kind != "bool" else True
                             for f in facs}] * 3)
    pts, idx = radial.star_points(facs, centres)
    gs = radial.groups_in(facs)
    assert len(pts) == len(idx) == 3 * len(gs)
    assert idx["star"].tolist() == [s for s in range(3) for _ in gs]


def _planted(n_stars: int, seed: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Groups with |EE| about 4, 2, 1, 0.5 and 0 (plus noise), a few steps dropped."""
    rng = np.random.default_rng(seed)
    gs = ["g4", "g2", "g1", "g05", "g0"]
    size = dict(zip(gs, [4.0, 2.0, 1.0, 0.5, 0.0], strict=True))
    idx = pd.DataFrame([{"star": s, "group": g} for s in range(n_stars) for g in gs])
    yc = rng.normal(0, 0.1, n_stars)
    sign = rng.choice([-1, 1], len(idx))
    ym = yc[idx["star"]] + sign * radial.DELTA * (idx["group"].map(size).to_numpy()
                                                 + np.abs(rng.normal(0, 0.1, len(idx))))
    return idx, yc, ym


def test_a_planted_ranking_is_found_and_both_halves_agree() -> None:
    idx, yc, ym = _planted(24, 1)
    kept = np.ones(len(idx), bool)
    kept[::7] = False  # some moved worlds ruled out
    ee = radial.elementary_effects(idx, yc, ym, kept)
    assert ee.loc[~ee["kept"], "ee"].notna().all() and ee["kept"].sum() < len(ee)
    res = radial.split_test(ee, list(range(12)), list(range(12, 24)))
    assert res["ranking"] == ["g4", "g2", "g1", "g05", "g0"]
    assert res["verdict"] == "holds" and res["rank_correlation"] == pytest.approx(1.0)
    assert res["mu_star"]["g4"] == pytest.approx(4.0, abs=0.2)
    assert sum(res["kept_steps"].values()) == int(kept.sum())


def test_dropped_steps_do_not_count_and_too_few_make_it_inconclusive() -> None:
    idx, yc, ym = _planted(24, 2)
    ym = ym.copy()
    kept = np.ones(len(idx), bool)
    runaway = (idx["group"] == "g0").to_numpy() & (idx["star"] == 3).to_numpy()
    ym[runaway] += 1000.0  # a ruled-out world with a huge effect
    kept[runaway] = False
    res = radial.split_test(radial.elementary_effects(idx, yc, ym, kept), list(range(12)),
                            list(range(12, 24)))
    assert res["mu_star"]["g0"] < 0.5 and res["ranking"][-1] == "g0"
    few = np.zeros(len(idx), bool)
    few[(idx["group"] == "g4").to_numpy()] = True
    res = radial.split_test(radial.elementary_effects(idx, yc, ym, few), list(range(12)),
                            list(range(12, 24)))
    assert res["verdict"] == "inconclusive" and len(res["left_out"]) == 4


def test_mu_star_intervals_resample_whole_stars_and_separate_a_planted_gap() -> None:
    idx, yc, ym = _planted(24, 3)
    kept = np.ones(len(idx), bool)
    kept[(idx["group"] == "g05").to_numpy() & (idx["star"] < 20).to_numpy()] = False
    ee = radial.elementary_effects(idx, yc, ym, kept)
    ci = radial.mu_star_ci(ee, boot=500)
    mu = radial.mu_star(ee)["mu_star"]
    for g, (m, lo, hi) in ci.items():
        assert m == pytest.approx(mu[g]) and lo <= m <= hi
    assert ci["g4"][1] > ci["g2"][2] > 0 and ci["g2"][1] > ci["g1"][2]  # separated
    assert ci["g05"][2] - ci["g05"][1] > ci["g1"][2] - ci["g1"][1]  # 4 kept steps: wider
    # one star with an outlying effect in every group: the interval widens, the point stays
    # the mean, and a group with no kept step has none
    wild = ee.assign(ee=np.where(ee["star"] == 0, ee["ee"] * 10, ee["ee"]))
    w = radial.mu_star_ci(wild.assign(kept=wild["kept"] & (wild["group"] != "g0")), boot=500)
    assert w["g0"] is None and w["g2"][2] - w["g2"][1] > ci["g2"][2] - ci["g2"][1]
    # identical stars: no spread to resample
    flat = ee.assign(ee=ee["group"].map({"g4": 4.0, "g2": 2.0, "g1": 1.0, "g05": 0.5,
                                         "g0": 0.0}), kept=True)
    assert radial.mu_star_ci(flat, boot=200)["g2"] == pytest.approx([2.0, 2.0, 2.0])


def test_step_noise_is_the_delta_method_error_and_common_random_numbers_cancel() -> None:
    """Known results: independent replications give the delta method's standard error of a
    difference of two log ratios of means; a moved world that rescales the centre's runs
    (the same seeds, so the same noise) gives none; identical runs give none."""
    rng = np.random.default_rng(11)
    reps, sd = 400, 0.5
    draw = lambda n: rng.lognormal(1.0, sd, (n, reps))  # noqa: E731
    cb, ct, mb, mt = draw(1), draw(1), draw(3), draw(3)
    se = radial.step_noise((cb, ct), (mb, mt), np.zeros(3, int))
    cv2 = np.exp(sd ** 2) - 1  # a lognormal's squared coefficient of variation
    delta = np.sqrt(4 * cv2 / reps)  # four independent log means
    assert se == pytest.approx(np.full(3, delta), rel=0.15)
    same = radial.step_noise((cb, ct), (cb * 3.0, ct * 2.0), np.zeros(1, int))
    assert same[0] < 0.02 * delta
    assert radial.step_noise((cb, ct), (cb, ct), np.zeros(1, int))[0] == 0.0
    # unfinished runs are no unit; under MIN_SHARED shared replications there is no error
    few = mb[:1].copy()
    few[:, radial.MIN_SHARED - 1:] = np.nan
    assert np.isnan(radial.step_noise((cb, ct), (few, mt[:1]), np.zeros(1, int))[0])
    few[:, radial.MIN_SHARED - 1] = 1.0
    assert np.isfinite(radial.step_noise((cb, ct), (few, mt[:1]), np.zeros(1, int))[0])


def test_the_floor_matches_the_mean_difference_of_null_steps_at_eight_replications() -> None:
    """A null simulation at the design's size (8 heavy-tailed replications, both worlds alike
    in expectation): the floor is within 10 % of the mean |difference| it stands for (the
    plug-in bootstrap was 19 % low here)."""
    rng = np.random.default_rng(3)
    steps, reps = 3000, 8
    cb, ct, mb, mt = (rng.lognormal(0.0, 1.0, (steps, reps)) for _ in range(4))
    d = np.abs(radial._log_ratio(mb, mt, np.ones(reps)) - radial._log_ratio(cb, ct,
                                                                            np.ones(reps)))
    se = radial.step_noise((cb, ct), (mb, mt), np.arange(steps))
    ee = pd.DataFrame({"star": np.arange(steps), "group": "g", "ee": d / radial.DELTA,
                       "kept": True, "se": se})
    assert radial.noise_floor(ee)["g"] == pytest.approx(ee["ee"].mean(), rel=0.10)


def test_hazard_matrix_pairs_runs_as_paired_outcomes_does() -> None:
    from sim.study.sensitivity import LOG_FLOOR, hazard_matrix, paired_outcomes

    rows = []
    for i in range(3):
        for arm, k in (("base", 1.0), ("treat", 0.5)):
            for r in range(4):
                rows.append({"scenario": f"r{i:05d}-{arm}", "rep": r, "status": "ok",
                             "severe_hazard": k * (i + 1) * (r + 1), "peak_ge_4": 0,
                             "peak_ge_3": 0})
    runs = pd.DataFrame(rows)
    runs.loc[(runs["scenario"] == "r00001-treat") & (runs["rep"] == 2), "status"] = "failed"
    hb, ht = hazard_matrix(runs, 3, "r", 3)  # replication 3 is beyond the design's 3
    assert hb.shape == ht.shape == (3, 3) and np.isnan(ht[1, 2]) and hb[1, 2] == 6.0
    assert ht[2, 1] == 0.5 * 3 * 2
    po = paired_outcomes(runs[runs["rep"] < 3], 3, "r")
    y = radial._log_ratio(hb, ht, np.ones(3))
    assert y == pytest.approx(po["log_hazard_ratio"].to_numpy())
    assert y[0] == pytest.approx(np.log(0.5 * 2 + LOG_FLOOR) - np.log(2 + LOG_FLOOR))


def test_the_noise_floor_is_the_half_normal_mean_over_kept_steps() -> None:
    ee = pd.DataFrame({"star": [0, 0, 1, 1], "group": ["a", "b", "a", "b"],
                       "ee": [1.0, 0.1, 2.0, 0.2], "kept": [True, True, False, True],
                       "se": [0.1, 0.2, 5.0, 0.4]})
    fl = radial.noise_floor(ee)
    k = np.sqrt(2 / np.pi) / radial.DELTA
    assert fl["a"] == pytest.approx(k * 0.1) and fl["b"] == pytest.approx(k * 0.3)
    assert radial.noise_floor(ee.assign(kept=False)) == {"a": None, "b": None}


def test_stars_in_blocks_give_the_same_effects_as_one_batch(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A design grown by a block of stars reuses the stored block and equals one run whole:
    the same effects, star by star, and the same replication noise."""
    from sim.config.scenarios import load_scenario
    from sim.study import history
    from sim.study.findings import BASE, drivers_treatment
    from sim.study.sensitivity import factors, hazard_matrix
    from tests.helpers import FAKE

    real = history.implausibility
    monkeypatch.setattr(history, "implausibility",
                        lambda runs, **kw: real(runs, **kw).assign(nroy=True))
    base, treat = load_scenario(BASE), drivers_treatment(None)
    every = factors(base, treat)
    gs = ["hotline use", *[g for g in radial.groups_in(every) if g != "hotline use"][:2]]
    facs = [f for f in every if group_of(f.name) in gs]
    centres = pd.DataFrame([{f.name: radial._value(f, q) for f in facs}
                            for q in (0.2, 0.7, 0.4)])
    kw = dict(backend="serial", run_fn=FAKE, progress=False)
    reps, days = 4, 200  # the fake model reads the line's answer probability and trigger
    from sim.study.sensitivity import run_points

    crun = run_points(centres.to_dict("records"), "e", tmp_path / "effect", reps, days, base,
                      treat, seed=1, **kw)
    hz = hazard_matrix(crun, 3, "e", reps)
    yc = radial._log_ratio(*hz, np.ones(reps))
    whole = radial.run_radial(facs, centres, yc, reps, days, base, treat, tmp_path / "one", 1,
                              centre_hazards=hz, **kw)
    monkeypatch.setattr(radial, "BLOCK", 2)
    radial.run_radial(facs, centres.iloc[:2], yc[:2], reps, days, base, treat,
                      tmp_path / "b", 1, centre_hazards=(hz[0][:2], hz[1][:2]), **kw)
    assert sorted(p.name for p in (tmp_path / "b").iterdir() if p.is_dir()) == ["block-00"]
    stamp = (tmp_path / "b" / "block-00" / "runs.parquet").stat().st_mtime_ns
    grown = radial.run_radial(facs, centres, yc, reps, days, base, treat, tmp_path / "b", 1,
                              centre_hazards=hz, **kw)
    assert (tmp_path / "b" / "block-00" / "runs.parquet").stat().st_mtime_ns == stamp
    assert (tmp_path / "b" / "block-01").is_dir()
    a = pd.read_csv(tmp_path / "one" / "elementary_effects.csv")
    b = pd.read_csv(tmp_path / "b" / "elementary_effects.csv")
    pd.testing.assert_frame_equal(a, b)
    line = a[a["group"] == "hotline use"].set_index("star")
    assert line.loc[2, "ee"] > 0 and line.loc[2, "se"] > 0  # the grown block's star moves,
    assert line["ee"].nunique() > 1  # and not every star alike
    assert grown["mu_star"] == whole["mu_star"] and grown["block"] == 2
    assert grown["noise_floor"] == whole["noise_floor"]


def test_point_effects_are_ratios_of_sums_over_the_pairs_both_arms_finished() -> None:
    rows = []
    for i, (b, t) in enumerate([([1.0, 3.0], [0.5, 2.5]), ([0.0, 0.0], [0.0, 0.0])]):
        for arm, vals in (("base", b), ("treat", t)):
            for r, v in enumerate(vals):
                rows.append({"scenario": f"e{i:05d}-{arm}", "rep": r, "status": "ok",
                             "severe_hazard": v, "peak_ge_4": 0, "peak_ge_3": 1, "days": 365})
    rows.append({"scenario": "e00000-treat", "rep": 2, "status": "ok", "severe_hazard": 9.0,
                 "peak_ge_4": 0, "peak_ge_3": 1, "days": 365})  # no base twin: not paired
    eff = uncertainty.point_effects(pd.DataFrame(rows), 2, "e")
    assert eff["cut"].iloc[0] == pytest.approx(1 - 3.0 / 4.0)
    assert np.isnan(eff["cut"].iloc[1]) and eff["pairs"].tolist() == [2, 2]


def test_the_summary_gives_the_median_cut_its_interval_and_the_share_cutting_a_fifth() -> None:
    rng = np.random.default_rng(5)
    cuts = np.r_[rng.uniform(0.3, 0.5, 30), rng.uniform(-0.05, 0.05, 70)]
    eff = pd.DataFrame({"cut": cuts, "log_hazard_ratio": np.log(1 - cuts),
                        "hazard_base": 1.0, "hazard_treat": 1 - cuts})
    design = pd.DataFrame({"decides": cuts + rng.normal(0, 0.01, 100),
                           "noise": rng.random(100)})
    s = uncertainty.summarise(eff, design, seed=1, cut=0.2)
    med, lo, hi = s["median_cut"]
    assert med == pytest.approx(np.median(cuts)) and lo <= med <= hi
    assert s["share_cut"][0] == pytest.approx(0.30) and s["share_cut"][1] < 0.3 < s["share_cut"][2]
    assert s["pooled_cut"] == pytest.approx(cuts.mean())
    assert s["associated"] == ["decides"] and s["associations"][0]["rho"] < -0.8


def test_the_stage_runs_the_line_and_the_stars_where_worlds_stay(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """With every world staying (the fake model has no activity, so the record would rule all
    out), the stage runs the line at each and the stars on the first two, and the page shows
    both."""
    import json

    from sim.study import findings as fd
    from sim.study import findings_doc as doc
    from sim.study import history
    from tests.helpers import FAKE

    real, seen = history.implausibility, set()

    def every_world_stays(runs, **kw):  # noqa: ANN001, ANN202
        seen.update(runs["rep"])  # the replications a world is judged on
        return real(runs, **kw).assign(nroy=True)

    monkeypatch.setattr(history, "implausibility", every_world_stays)
    monkeypatch.setitem(fd.DESIGNS["tiny"], "plausible",  # long enough for severe incidents
                        {**fd.DESIGNS["tiny"]["plausible"], "days": 300})
    out = fd.run_findings("tiny", tmp_path / "f", only=["plausible"], backend="serial",
                          run_fn=FAKE, progress=False)
    rec = json.loads((out / "plausible.json").read_text())
    assert "failed" not in rec and rec["nroy"] == 6
    assert rec["effect"]["points"] == 6 and rec["treatment"].endswith("+orders")
    assert rec["effect"]["with_base"] > 0 and rec["radial"]["unmeasured"] == 0
    r = rec["radial"]
    assert r["stars"] == [1, 1] and r["steps"] == 2 * len(r["ranking"]) == r["kept"]
    assert (out / "plausible.png").stat().st_size > 10_000  # the figure the page shows
    ee = pd.read_csv(out / "plausible" / "radial" / "elementary_effects.csv")
    assert len(ee) == r["steps"] and set(ee["star"]) == {0, 1}
    text = "\n".join(doc.section_plausible(rec))
    assert "### The line's effect in the worlds the record allows" in text
    assert "### What decides it there" in text and "**inconclusive**" in text
    assert set(r["mu_star_ci"]) == set(r["ranking"]) and "stars resampled" in text
    assert set(r["noise_floor"]) == set(r["ranking"]) and "se" in ee.columns
    # the same two stars at two paired years: the first year reproduces the design above
    c = rec["radial_confirm"]
    assert (c["stars"], c["reps"], c["first"]) == (2, 2, 1)
    first = c["at_first"]["mu_star"]
    assert first.keys() == r["mu_star"].keys()
    assert all(first[g] == pytest.approx(r["mu_star"][g]) for g in first
               if first[g] is not None)
    assert c["at_first"]["kept"] == r["kept"] == c["at_reps"]["kept"]
    assert c["design"]["mu_star"] == r["mu_star"] and c["centres_reproduce"] is True
    runs = pd.read_parquet(out / "plausible" / "radial" / "block-00" / "runs.parquet")
    assert sorted(set(runs["rep"])) == [0, 1]  # grown in place; the design reads rep 0 only
    assert (out / "plausible" / "radial" / "centres-00").is_dir()
    assert "**The first 2 stars at 2 paired years a point**" in "\n".join(
        doc.section_plausible(rec))
    from sim.study.findings_answer import plausible_sentence

    said = plausible_sentence(rec)
    assert said.startswith("Of the assumptions' joint worlds, 1.00 [0.61, 1.00] are consistent")
    assert "inconclusive; a screen" in said and "cuts expected severe incidents" in said
    assert "(the first 2 stars at 2 paired years a point: Spearman n/a, inconclusive)" in said
    # run again on the stores the confirmation grew (the design reads its first replication)
    again = json.loads((fd.run_findings("tiny", tmp_path / "f", only=["plausible"],
                                        backend="serial", run_fn=FAKE, progress=False)
                        / "plausible.json").read_text())
    assert again["radial"] == rec["radial"] and again["radial_confirm"] == c
    assert again["effect"] == rec["effect"]
    assert seen == {0}  # every world judged on the design's one replication, never the grown


def test_two_level_integers_move_from_either_end_and_other_groups_stay() -> None:
    facs = [Factor("roe_cap_fishing", 2, 3, "int", ""), Factor("collision_prob", 0.0, 0.1,
                                                                "float", ""),
            Factor("hotline_relay_hops", 0, 1, "int", ""), Factor("misperception", 0.0, 0.2,
                                                                    "float", "")]
    for lo_end in (True, False):
        c = {"roe_cap_fishing": 2 if lo_end else 3, "collision_prob": 0.05,
             "hotline_relay_hops": 0 if lo_end else 1, "misperception": 0.1}
        for g in radial.groups_in(facs):
            m = radial.moved(facs, c, g)
            changed = {k for k in c if m[k] != c[k]}
            assert changed == {f.name for f in facs if group_of(f.name) == g}, (g, m)


def test_associations_of_an_effect_that_is_never_measured_or_constant_are_nil() -> None:
    design = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [4.0, 3.0, 1.0, 2.0]})
    for y in (np.full(4, np.nan), np.full(4, 0.3)):
        a = uncertainty.associations(design, y)
        assert (a["rho"] == 0).all() and (a["p_holm"] == 1).all()


def test_the_page_says_nothing_false_when_there_is_nothing_to_measure() -> None:
    from sim.study import findings_doc as doc

    pl = {"share": [0.5, 0.3, 0.7], "targets": [], "worst": {"rung3": 2}, "points": 4,
          "nroy": 2, "factors": 3, "reps": 2, "days": 365, "cutoff": 3, "discrepancy": 0.1,
          "runaway_limit": 10.03, "constraints": [], "constrained": [],
          "control": {"factors": 1, "min_p_holm": 0.01}, "treatment": "hotline_as_agreed+orders",
          "size": {"effect_reps": 8}, "effect": {"points": 2, "with_base": 0}}
    text = "\n".join(doc.section_plausible(pl))
    assert "**failed**" in text and "none expects any severe incident" in text
    assert "nan" not in text
    pr = {"cut": 0.2, "case": "cuts_hazard", "base_density": 0.3, "reps": 4, "days": 365,
          "experiments": 10, "of_interest": 3, "mass_min": 0.05, "qp_max": 0.05,
          "box": {"coverage": 0.6, "density": 0.5, "base_density": 0.3, "mass": 0.3,
                  "restrictions": {"hotline_trigger_rung": [1, 2.5]}, "qp": {}},
          "held_out": {"n_in": 3, "n_out": 7, "density_in": [0.6, 0.2, 0.9],
                       "density_out": [0.1, 0.02, 0.4], "holds": False, "experiments": 10},
          "held_out_nroy": {"n_in": 0, "n_out": 4, "density_in": [np.nan] * 3,
                            "density_out": [0.0, 0.0, 0.5], "holds": False, "experiments": 4}}
    text = "\n".join(doc.section_prim(pr))
    assert "none falls in the box: no check there" in text and "nan" not in text


def test_only_groups_whose_whole_interval_clears_their_floor_count_as_above_noise() -> None:
    from sim.study.findings_answer import _noise_clause

    rec = {"ranking": ["a", "b", "c"],
           "mu_star_ci": {"a": [2.0, 1.5, 2.5], "b": [1.0, 0.4, 1.6], "c": None},
           "noise_floor": {"a": 0.5, "b": 0.5, "c": 0.2}}
    assert radial.above_floor(rec) == ["a"]
    assert "only `a` lies above its replication-noise floor" in _noise_clause(rec)
    assert "the other 2 cannot be told from noise" in _noise_clause(rec)
    assert radial.above_floor({**rec, "noise_floor": {}}) is None and _noise_clause(
        {**rec, "noise_floor": {}}) == ""  # a record from before wave 11
    low = {**rec, "noise_floor": {"a": 3.0, "b": 3.0, "c": 3.0}}
    assert radial.above_floor(low) == [] and "no group's mu*" in _noise_clause(low)


def test_a_confirmation_reruns_whole_blocks_only() -> None:
    b = radial.BLOCK
    assert radial.confirm_stars(2 * b, 2 * b) == 2 * b
    assert radial.confirm_stars(b + 6, 2 * b) == b
    assert radial.confirm_stars(b + 6, b + 6) == b  # a partial last block cannot grow
    assert radial.confirm_stars(b - 14, b - 4) == 0  # part of a design's only block
    assert radial.confirm_stars(b, b - 14) == b - 14  # a design smaller than one block: all


def _record(verdict: str, ranking: list[str], rho: float) -> dict:
    return {"verdict": verdict, "ranking": ranking, "rank_correlation": rho, "stars": [24, 24],
            "mu_star_ci": {g: [1.0, 0.5, 1.5] for g in ranking},
            "noise_floor": {g: 0.2 if g == ranking[0] else 0.9 for g in ranking}}


def test_the_answer_uses_the_confirmation_only_where_it_holds_and_says_what_failed() -> None:
    from sim.study.findings_answer import plausible_sentence

    pl = {"share": [0.29, 0.24, 0.35], "nroy": 88, "points": 300,
          "treatment": "hotline_as_agreed+orders",
          "effect": {"median_cut": [0.05, 0.01, 0.17], "share_cut": [0.38, 0.28, 0.48],
                     "quartiles": [0.0, 0.33], "cut": 0.2},
          "radial": _record("does not hold", ["a", "b", "c", "d"], 0.63)}
    holds = {**pl, "radial_confirm": {"stars": 24, "reps": 24,
                                      "at_reps": _record("holds", ["b", "a", "d", "c"], 0.8)}}
    said = plausible_sentence(holds)
    assert ("the two halves of its 48 radial stars do not agree (Spearman 0.63), the first 24 "
            "at 24 paired years a point do, Spearman 0.80): `b`, `a`, `d`") in said
    assert "only `b` lies above its replication-noise floor" in said
    fails = {**pl, "radial_confirm": {"stars": 24, "reps": 24,
                                      "at_reps": _record("inconclusive", ["c", "d", "a", "b"],
                                                         float("nan"))}}
    said = plausible_sentence(fails)
    assert "is not resolved (two halves of its radial design: Spearman 0.63" in said
    assert "led by `a`, `b`, `c`" in said and "only `a` lies above" in said
    assert "(the first 24 stars at 24 paired years a point: Spearman n/a, inconclusive)" in said
    assert plausible_sentence({**pl, "radial_confirm": {"skipped": "why"}}) == \
        plausible_sentence(pl)


def test_the_page_says_whether_the_floors_fell_as_averaging_noise_would() -> None:
    from sim.study.findings_doc import _floor_growth

    c = {"reps": 24, "first": 8, "at_first": {"noise_floor": {"a": 0.4, "b": 0.6, "c": None}}}
    fell = _floor_growth({**c, "at_reps": {"noise_floor": {"a": 0.23, "b": 0.35, "c": 0.1}}})
    assert ("a median 0.58 of those at 8 (0.57-0.58; 0 of 2 rose), where noise that averages "
            "out would make them 0.58.") in fell[0]
    held = _floor_growth({**c, "at_reps": {"noise_floor": {"a": 0.4, "b": 0.66, "c": 0.1}}})
    assert "a median 1.05" in held[0] and "1 of 2 rose" in held[0]
    assert "heavier-tailed" in held[0] and "lower bounds" in held[0]
