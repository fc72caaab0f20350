"""Morris stability measures: Spearman and the top-down (Savage-score) correlation, on known
rankings (Iman and Conover 1987)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.study import screening as sc


def _morris(mu: dict[str, float], outcome: str = "o") -> pd.DataFrame:
    return pd.DataFrame([{"outcome": outcome, "factor": f, "mu_star": v} for f, v in mu.items()])


def test_savage_scores_by_hand() -> None:
    assert sc.savage_scores(3) == [1 + 1 / 2 + 1 / 3, 1 / 2 + 1 / 3, 1 / 3]
    assert math.isclose(sum(sc.savage_scores(10)), 10.0)  # they sum to n


def test_top_down_is_one_for_identical_and_minus_one_for_reversed_pairs() -> None:
    a = _morris({"x": 3.0, "y": 2.0, "z": 1.0, "w": 0.5})
    assert math.isclose(sc.top_down_correlation(a, a, "o"), 1.0)
    # n = 3 reversed, by hand: S = (11/6, 5/6, 1/3); sum S_i S_(n+1-i) = 2*(11/18) + 25/36
    b = _morris({"x": 1.0, "y": 2.0, "z": 3.0})
    c = _morris({"x": 3.0, "y": 2.0, "z": 1.0})
    s = 2 * (11 / 6) * (1 / 3) + (5 / 6) ** 2
    assert math.isclose(sc.top_down_correlation(b, c, "o"), (s - 3) / (3 - 11 / 6))


def test_top_down_forgives_noise_among_the_unimportant() -> None:
    """Two seeds agree on the top three of twelve factors and scramble the nine null ones:
    Spearman is dragged down by the scramble, the top-down coefficient much less."""
    top = {"a": 10.0, "b": 8.0, "c": 6.0}
    nulls = [f"n{i}" for i in range(9)]
    one = _morris({**top, **{f: 0.1 * (i + 1) for i, f in enumerate(nulls)}})
    two = _morris({**top, **{f: 0.1 * (9 - i) for i, f in enumerate(nulls)}})
    rho = sc.rank_correlation(one, two, "o")
    td = sc.top_down_correlation(one, two, "o")
    assert rho < 0.3 and td > 0.7  # 0.16 and 0.72


def test_every_assumption_has_a_mechanism_group() -> None:
    """Grouped Morris moves a mechanism's assumptions together: none may fall in "other"."""
    from sim.config.scenarios import load_scenario
    from sim.study import groups, sensitivity

    facs = sensitivity.factors(load_scenario(sensitivity.BASE), load_scenario(sensitivity.TREAT))
    assert len(facs) > 50
    by = {f.name: groups.group_of(f.name) for f in facs}
    assert [n for n, g in by.items() if g == groups.OTHER] == []
    assert by["hotline_answer_prob"] == "hotline use" and by["esc_logit_rung"] == \
        "escalation ladder" and by["ccg_patrol_days"] == "coast guard operations"
    assert len(set(by.values())) == len(groups.GROUPS)  # no empty group


def test_grouped_morris_ranks_groups_on_the_fake_model(tmp_path) -> None:  # noqa: ANN001
    """A grouped design names groups, not factors, and Sobol runs on the top groups' members."""
    from sim.config.scenarios import load_scenario
    from sim.study import screening, sensitivity
    from tests.helpers import FAKE

    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "sobol_k": 2, "sobol_n": 2,
            "groups": True}
    rec = screening.run_screening(size, 3, tmp_path / "s", load_scenario(sensitivity.BASE),
                                  load_scenario(sensitivity.TREAT), backend="serial",
                                  run_fn=FAKE, progress=False)
    from sim.study import groups

    assert set(rec["ranking"]) <= set(groups.GROUPS)
    assert {r["factor"] for r in rec["sobol"]} <= set(rec["top"])
    assert "top_down_correlation" in rec
    assert rec["rank_by"] in screening.RANK_PREFERENCE and "shared_hazard" in rec["stable"]


def test_a_base_rate_sobol_runs_the_base_arm_only(tmp_path) -> None:  # noqa: ANN001
    """Sobol of `BASE_OUTCOMES` needs no treatment arm: half the runs for the same N, and
    the indices of the base rate on both scales."""
    from sim.batch import store
    from sim.config.scenarios import load_scenario
    from sim.study import sensitivity, sobol
    from tests.helpers import FAKE

    base, treat = load_scenario(sensitivity.BASE), load_scenario(sensitivity.TREAT)
    facs = sensitivity.factors(base, treat)
    size = {"r": 1, "levels": 4, "reps": 1, "days": 5, "sobol_n": 4, "groups": True}
    df = sobol.sobol_stage(facs, ["escalation ladder", "air activity"], size, 1, tmp_path,
                           base, treat, outcomes=sensitivity.BASE_OUTCOMES, backend="serial",
                           run_fn=FAKE, progress=False)
    names = set(store.read_runs(tmp_path / "sobol")["scenario"])
    assert len(names) == 4 * (2 + 2) and all(n.endswith("-base") for n in names)
    assert set(df["outcome"]) == set(sensitivity.BASE_OUTCOMES) and len(df) == 4


def test_log_base_hazard_is_the_log_of_the_rate_above_its_floor() -> None:
    import pandas as pd

    from sim.study import sensitivity

    runs = pd.DataFrame({"scenario": ["m00000-base"] * 2 + ["m00001-base"],
                         "rep": [0, 1, 0], "status": "ok", "severe_hazard": [0.02, 0.04, 0.0]})
    po = sensitivity.base_outcomes(runs, 2, "m")
    assert po["base_hazard"].tolist() == pytest.approx([0.03, 0.0])
    assert po["log_base_hazard"].tolist() == pytest.approx(
        [math.log(0.03 + sensitivity.LOG_FLOOR), math.log(sensitivity.LOG_FLOOR)])


def test_screening_runs_sobol_on_the_base_arm_when_the_base_rate_ranks(tmp_path) -> None:  # noqa: ANN001
    """run_screening's choice: a base-rate outcome chooses the factors, so Sobol apportions the
    base-rate outcomes only and every Sobol run is a base arm."""
    from sim.batch import store
    from sim.config.scenarios import load_scenario
    from sim.study import sensitivity
    from tests.helpers import FAKE

    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "sobol_k": 2, "sobol_n": 2,
            "groups": True}
    rec = sc.run_screening(size, 3, tmp_path / "s", load_scenario(sensitivity.BASE),
                           load_scenario(sensitivity.TREAT), outcome="log_base_hazard",
                           backend="serial", run_fn=FAKE, progress=False)
    names = set(store.read_runs(tmp_path / "s" / "sobol")["scenario"])
    assert names and all(n.endswith("-base") for n in names)
    assert set(rec["sobol_checks"]) == set(sensitivity.BASE_OUTCOMES)


def test_run_drivers_ranks_the_effect_of_the_given_line_on_two_seeds(tmp_path) -> None:  # noqa: ANN001
    """The drivers stage screens the line it is given (named in its record), ranks by the
    first stable effect outcome (else the first of `EFFECT_PREFERENCE`) and runs no Sobol."""
    from sim.study import findings, groups, screening

    treat = findings.drivers_treatment()
    assert treat.name == "hotline_as_agreed+orders"
    assert treat.params["hotline_reaches_orders"] == 1.0
    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "groups": True}
    from sim.config.scenarios import load_scenario
    from tests.helpers import FAKE

    rec = screening.run_drivers(size, 3, tmp_path / "d", load_scenario(findings.BASE), treat,
                                backend="serial", run_fn=FAKE, progress=False)
    assert rec["treatment"] == "hotline_as_agreed+orders" and rec["seeds"] == [3, 4]
    assert rec["tried"] == list(screening.EFFECT_PREFERENCE) and len(rec["near_floor"]) == 2
    assert set(rec["ranking"]) == set(groups.GROUPS) and "sobol" not in rec
    stable = [o for o in screening.EFFECT_PREFERENCE if rec["stable"][o]]
    assert rec["rank_by"] == (stable[0] if stable else screening.EFFECT_PREFERENCE[0])
    assert (tmp_path / "d" / "seed3" / "morris.csv").is_file()
    assert (tmp_path / "d" / "seed4" / "morris.csv").is_file()


def test_run_drivers_runs_sobol_of_the_stable_effect_outcome_only(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """With ``sobol_n_paired`` and a ranking two seeds agree on, Sobol apportions that one
    effect outcome over the top groups (both arms); the page prints its table and verdict."""
    from sim.config.scenarios import load_scenario
    from sim.study import findings, screening
    from sim.study.findings_doc import section_drivers
    from tests.helpers import FAKE

    monkeypatch.setattr(screening, "_stable", lambda rho: {o: True for o in rho})
    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "groups": True, "sobol_k": 2,
            "sobol_n_paired": 2}
    rec = screening.run_drivers(size, 3, tmp_path / "d", load_scenario(findings.BASE),
                                findings.drivers_treatment(), backend="serial", run_fn=FAKE,
                                progress=False)
    assert rec["rank_by"] == screening.EFFECT_PREFERENCE[0]
    assert rec["top"] == rec["ranking"][:2]
    assert {r["outcome"] for r in rec["sobol"]} == {rec["rank_by"]}
    assert {r["factor"] for r in rec["sobol"]} == set(rec["top"])
    text = "\n".join(section_drivers(rec))
    assert f"Sobol of {rec['rank_by']} on the top 2 (N = 2" in text and "| group | S1" in text


def test_plot_drivers_draws_both_seeds(tmp_path) -> None:  # noqa: ANN001
    m = [{"outcome": "log_hazard_ratio", "factor": f, "mu_star": v, "mu_star_conf": 0.05}
         for f, v in (("a", 0.3), ("b", 0.01))]
    rec = {"rank_by": "log_hazard_ratio", "ranking": ["a", "b"], "morris": [m, m],
           "seeds": [1, 2], "rank_correlation": {"log_hazard_ratio": 1.0},
           "stable": {"log_hazard_ratio": True}, "treatment": "x+orders"}
    path = sc.plot_drivers(rec, tmp_path / "d.png")
    assert path.is_file() and path.stat().st_size > 5000


def test_near_floor_is_the_share_of_points_whose_base_rate_the_floor_compresses() -> None:
    import pandas as pd

    po = pd.DataFrame({"base_hazard": [0.001, 0.05, 0.2, 3.0, float("nan")]})
    assert sc.near_floor(po) == 0.5  # 0.001 and 0.05 are below 10 x 0.01; NaN not counted
    assert math.isnan(sc.near_floor(pd.DataFrame({"x": [1.0]})))


def test_kurtosis_pools_both_seeds_and_sees_a_heavy_tail() -> None:
    import pandas as pd

    flat = pd.DataFrame({"y": [float(i) for i in range(20)]})
    tail = pd.DataFrame({"y": [0.0] * 19 + [50.0]})
    k = sc.kurtosis([flat, tail], ("y", "missing"))
    assert k["y"] > 3 and math.isnan(k["missing"])
    assert sc.kurtosis([flat, flat], ("y",))["y"] < 0  # uniform: platykurtic


def test_a_fresh_seed_confirms_or_refutes_the_chosen_ranking(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """With ``confirm`` a third seed is asked about the chosen outcome only; its Spearman with
    each of the first two decides whether the ranking holds, and the page says which."""
    from sim.config.scenarios import load_scenario
    from sim.study import findings, screening
    from sim.study.findings_doc import section_drivers
    from tests.helpers import FAKE

    monkeypatch.setattr(screening, "_stable", lambda rho: {o: True for o in rho})
    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "groups": True, "confirm": True}
    rec = screening.run_drivers(size, 3, tmp_path / "d", load_scenario(findings.BASE),
                                findings.drivers_treatment(), backend="serial", run_fn=FAKE,
                                progress=False)
    c = rec["confirmation"]
    assert c["seed"] == 5 and c["outcome"] == rec["rank_by"] and len(c["rank_correlation"]) == 2
    assert (tmp_path / "d" / "seed5" / "morris.csv").is_file()
    want = all(math.isfinite(r) and r >= sc.RHO_STABLE for r in c["rank_correlation"])
    assert c["holds"] is want
    text = "\n".join(section_drivers(rec))
    assert "Confirmation on a third seed (5" in text
    assert ("**the ranking holds**" if want else "**it does not hold**") in text


def test_two_fresh_seeds_test_a_design_twice_as_large(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """With ``confirm`` 2 a fourth seed runs; mu* pooled over seeds 1+2 is compared with mu*
    pooled over 3+4 (two designs of 2r trajectories), and that test decides the verdict."""
    import pandas as pd

    from sim.config.scenarios import load_scenario
    from sim.study import findings, screening
    from sim.study.findings_doc import section_drivers
    from tests.helpers import FAKE

    monkeypatch.setattr(screening, "_stable", lambda rho: {o: True for o in rho})
    size = {"r": 2, "levels": 4, "reps": 1, "days": 5, "groups": True, "confirm": 2}
    rec = screening.run_drivers(size, 3, tmp_path / "d", load_scenario(findings.BASE),
                                findings.drivers_treatment(), backend="serial", run_fn=FAKE,
                                progress=False)
    p = rec["confirmation"]["pooled"]
    assert p["seed"] == 6 and p["seeds"] == [[3, 4], [5, 6]] and p["trajectories"] == 4
    assert (tmp_path / "d" / "seed6" / "morris.csv").is_file()
    by = rec["rank_by"]
    m = [pd.DataFrame(x) for x in (*rec["morris"], rec["confirmation"]["morris"], p["morris"])]
    first, second = sc.pooled(m[0], m[1], outcome=by), sc.pooled(m[2], m[3], outcome=by)
    common = first.index.intersection(second.index)
    want = first[common].rank().corr(second[common].rank())  # Spearman by hand
    assert p["rank_correlation"] == pytest.approx(want) or (
        math.isnan(p["rank_correlation"]) and math.isnan(want))
    assert p["holds"] is bool(math.isfinite(want) and want >= sc.RHO_STABLE)
    assert sc.drivers_verdict(rec) == ("ranking" if p["holds"] else "unconfirmed")
    text = "\n".join(section_drivers(rec))
    assert "A design twice as large (a fourth seed, 6;" in text
    assert "seeds 3+4 against mu* pooled over seeds 5+6" in text


def _m(values: dict[str, float]) -> list[dict[str, object]]:
    return [{"outcome": "log_hazard_ratio", "factor": f, "mu_star": v, "mu_star_conf": 0.1}
            for f, v in values.items()]


def test_the_pooled_test_decides_the_verdict_and_the_figure() -> None:
    """Seeds 1 and 2 disagree on b and c, seeds 3 and 4 too, but pooled in pairs both designs
    rank a > b > c > d: the pooled test holds although each fresh seed alone does not."""
    rec = {"rank_by": "log_hazard_ratio", "ranking": ["a", "b", "c", "d"],
           "morris": [_m({"a": 4, "b": 1, "c": 2.5, "d": 0}),
                      _m({"a": 4, "b": 4, "c": 1, "d": 0})],
           "seeds": [1, 2], "rank_correlation": {"log_hazard_ratio": 0.8},
           "stable": {"log_hazard_ratio": True}, "treatment": "x+orders",
           "confirmation": {"seed": 3, "outcome": "log_hazard_ratio", "holds": False,
                            "rank_correlation": [0.2, 0.4],
                            "morris": _m({"a": 4, "b": 0.5, "c": 2.0, "d": 0})}}
    assert sc.drivers_verdict(rec) == "unconfirmed"
    p = {"seed": 4, "seeds": [[1, 2], [3, 4]], "trajectories": 32, "outcome": "log_hazard_ratio",
         "morris": _m({"a": 4, "b": 4.5, "c": 1.5, "d": 0.2}), "rank_correlation": 1.0,
         "top_down_correlation": 1.0, "holds": True, "ranking": ["a", "b", "c", "d"]}
    rec["confirmation"]["pooled"] = p
    assert sc.drivers_verdict(rec) == "ranking"
    sets = sc._bar_sets(rec)
    assert [s[0] for s in sets] == ["seeds 1+2 (32 trajectories)", "seeds 3+4 (32 trajectories)"]
    assert sets[0][1]["b"] == 2.5 and sets[1][1]["c"] == 1.75 and sets[0][2] is None
    rec["confirmation"]["pooled"] = {**p, "holds": False, "rank_correlation": 0.4}
    assert sc.drivers_verdict(rec) == "unconfirmed"


def test_the_pooled_designs_are_seeds_one_two_against_three_four(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Planted Morris tables: seeds 1 and 2 agree, seed 3 alone disagrees with both, and seed 4
    makes the pooled pair 3+4 rank like 1+2. The check must pool 1+2 against 3+4 (any other
    pairing fails it here), hold, decide the verdict, and draw the two pooled designs."""
    from sim.config.scenarios import load_scenario
    from sim.study import findings, screening

    planted = {1: {"a": 6, "b": 5, "c": 4, "d": 3, "e": 2, "f": 1},
               2: {"a": 6, "b": 4, "c": 5, "d": 3, "e": 1, "f": 2},
               3: {"a": 1, "b": 6, "c": 2, "d": 5, "e": 3, "f": 4},
               4: {"a": 11, "b": 4, "c": 6, "d": 1, "e": 1, "f": 0}}

    def fake_stage(facs, size, seed, d, base, treat, **kw):  # noqa: ANN001, ANN202, ARG001
        m = pd.DataFrame(_m(planted[seed]))
        po = pd.DataFrame({"log_hazard_ratio": [0.1, 0.2], "base_hazard": [1.0, 2.0],
                           "log_base_hazard": [0.0, 0.7]})
        return m, po

    monkeypatch.setattr(screening.sens, "morris_stage", fake_stage)
    size = {"r": 16, "levels": 4, "reps": 8, "days": 365, "groups": True, "confirm": 2}
    rec = screening.run_drivers(size, 1, tmp_path / "d", load_scenario(findings.BASE),
                                findings.drivers_treatment())
    c, p = rec["confirmation"], rec["confirmation"]["pooled"]
    assert rec["rank_by"] == "log_hazard_ratio" and rec["rank_correlation"][
        "log_hazard_ratio"] >= sc.RHO_STABLE
    assert not c["holds"] and max(c["rank_correlation"]) < sc.RHO_STABLE
    mine = [pd.DataFrame(_m(planted[k])) for k in (1, 2, 3, 4)]
    by = "log_hazard_ratio"

    def designs(a: int, b: int, c: int, d: int) -> float:  # Spearman of two pooled pairs
        return sc.rank_correlation(sc._as_morris(sc.pooled(mine[a], mine[b], outcome=by), by),
                                   sc._as_morris(sc.pooled(mine[c], mine[d], outcome=by), by),
                                   by)

    pair, other = designs(0, 1, 2, 3), designs(0, 2, 1, 3)
    assert p["rank_correlation"] == pytest.approx(pair) and pair >= sc.RHO_STABLE > other
    assert p["holds"] and sc.drivers_verdict(rec) == "ranking"
    assert p["ranking"][0] == "a" and p["seeds"] == [[1, 2], [3, 4]]
    path = sc.plot_drivers(rec, tmp_path / "d.png")
    assert path.is_file() and path.stat().st_size > 5000
