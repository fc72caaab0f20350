"""The held-out check of a PRIM box: a planted box holds on fresh data, a noise box does not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.study import discovery as disc
from sim.study import prim_check as pc


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
