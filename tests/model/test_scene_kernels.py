"""The compiled scene grouping and its list twin agree (sim.model.scene_kernels): the same
answer to "are the pairs the same as last update", the same scenes, the same buffers."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import kernels, scene_kernels

jit = pytest.mark.skipif(not kernels.HAVE_NUMBA, reason="numba not installed")


def _pairs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random contact pairs (i < j, no repeats) among up to 60 unit indices, in random order
    or row-major as the dense pass gives them."""
    n = int(rng.integers(2, 60))
    raw = rng.integers(0, n, size=(int(rng.integers(1, 50)), 2))
    pairs = sorted({(int(min(a, b)), int(max(a, b))) for a, b in raw if a != b}) or [(0, 1)]
    if rng.random() < 0.5:
        rng.shuffle(pairs)
    return (np.array([a for a, _ in pairs], dtype=np.int64),
            np.array([b for _, b in pairs], dtype=np.int64))


def _scenes(out: np.ndarray, nc: int, total: int) -> list[list[int]]:
    flat = out[:total + nc].tolist()
    return [flat[a:b] for a, b in zip([0, *flat[total:-1]], flat[total:], strict=True)]


@jit
@pytest.mark.parametrize("seed", range(4))
def test_group_kernel_equals_its_list_twin(seed: int) -> None:
    """A sequence of updates (some repeating the last pairs, some permuting them, some a
    prefix of them): equal returns, pair buffers and scenes; the scenes are the components."""
    rng = np.random.default_rng(seed)
    bufs = {name: (np.zeros(200, dtype=np.int64), np.zeros(300, dtype=np.int64))
            for name in ("jit", "py")}
    m_prev = 0
    last: tuple[np.ndarray, np.ndarray] | None = None
    for _ in range(400):
        r = rng.random()
        if last is not None and r < 0.3:
            i, j = last[0].copy(), last[1].copy()  # the same pairs again
        elif last is not None and r < 0.4 and len(last[0]) > 1:
            k = rng.permutation(len(last[0]))  # the same pairs in another order
            i, j = last[0][k], last[1][k]
        elif last is not None and r < 0.5 and len(last[0]) > 1:
            i, j = last[0][:-1].copy(), last[1][:-1].copy()  # a prefix: not the same
        else:
            i, j = _pairs(rng)
        got_jit = scene_kernels.group_jit(i, j, *bufs["jit"][:1], m_prev, bufs["jit"][1])
        got_py = scene_kernels.group_python(i, j, *bufs["py"][:1], m_prev, bufs["py"][1])
        assert got_jit == got_py
        same, nc, total = got_py
        expect_same = (last is not None and len(i) == len(last[0])
                       and (i == last[0]).all() and (j == last[1]).all())
        assert same == expect_same
        assert np.array_equal(bufs["jit"][0][:2 * len(i)], bufs["py"][0][:2 * len(i)])
        scenes = _scenes(bufs["jit"][1], nc, total)
        assert scenes == _scenes(bufs["py"][1], nc, total)
        assert scenes == scene_kernels.components(i.tolist(), j.tolist())
        m_prev, last = len(i), (i, j)
