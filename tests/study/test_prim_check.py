"""PRIM with quasi-p-values, minimum mass and a held-out check, on a planted box."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.study import prim_check as pc


def _data(seed: int, n: int = 800) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame({"answer": rng.random(n), "consult": rng.random(n) * 8,
                      "noise": rng.random(n)})
    inbox = (x["answer"] > 0.6) & (x["consult"] < 3.0)
    y = np.where(inbox, rng.random(n) < 0.8, rng.random(n) < 0.1)
    return x, y


def test_planted_box_found_significant_and_holds_out() -> None:
    x, y = _data(1)
    box = pc.find_box(x, y)
    assert box is not None and box["mass"] >= pc.MASS_MIN
    assert {"answer", "consult"} <= set(box["restrictions"])
    assert all(r["qp"] < pc.QP_MAX for r in box["restrictions"].values())
    assert box["restrictions"]["answer"]["lo"] > 0.4
    fx, fy = _data(2)
    fresh = fx.assign(**{pc.CASE: fy})
    ho = pc.held_out(box, fresh)
    assert ho["holds"] and ho["density_in"][0] > 0.5 > ho["density_out"][0]


def test_no_box_in_noise_or_without_cases() -> None:
    rng = np.random.default_rng(3)
    x = pd.DataFrame({"a": rng.random(400), "b": rng.random(400)})
    y = rng.random(400) < 0.2
    box = pc.find_box(x, y)
    if box is not None:  # PRIM may peel noise; the held-out check must then fail
        rng2 = np.random.default_rng(4)
        fresh = pd.DataFrame({"a": rng2.random(400), "b": rng2.random(400),
                              pc.CASE: rng2.random(400) < 0.2})
        assert not pc.held_out(box, fresh)["holds"]
    assert pc.find_box(x, np.zeros(400, dtype=bool)) is None
