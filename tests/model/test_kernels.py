"""The compiled kernels and their numpy twins give the same bits (sim.model.kernels)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.model import geography as geo
from sim.model import kernels, scene_kernels
from sim.model.streams import Streams
from sim.model.zones import zone_kernel_grid

jit = pytest.mark.skipif(not kernels.HAVE_NUMBA, reason="numba not installed")
ROOT = Path(__file__).resolve().parents[2]


def _fleet(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """A random fleet: some parked, some arriving this step, followers of followers."""
    pos = rng.uniform(-300, 300, (n, 2))
    target = pos + rng.normal(0, 30, (n, 2))
    target[rng.random(n) < 0.2] = pos[rng.random(n) < 0.2][:1] if n else target[:0]
    follow = np.full(n, -1, dtype=np.int64)
    leaders = np.arange(n // 3)
    for i in range(n // 3, n):
        if rng.random() < 0.6:
            follow[i] = rng.choice(leaders) if rng.random() < 0.7 else rng.integers(n // 3, i)
    return {"pos": pos, "target": target, "speed": rng.uniform(0, 40, n),
            "at_sea": rng.random(n) < 0.8, "follow": follow,
            "offset": rng.normal(0, 3, (n, 2)), "heading": np.zeros(n)}


@jit
@pytest.mark.parametrize("seed", range(8))
def test_move_kernel_equals_numpy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    f = _fleet(rng, n)
    dt = float(rng.choice([1.0, 3.0, 4.0, 0.5]))
    a = {k: v.copy() for k, v in f.items()}
    b = {k: v.copy() for k, v in f.items()}
    for _ in range(3):  # several steps, so arrivals and chains change
        out_a, out_b = np.full(n, -7, dtype=np.int64), np.full(n, -7, dtype=np.int64)
        args_a = (a["pos"], a["target"], a["speed"], a["at_sea"], a["follow"], a["offset"],
                  a["heading"], n, dt, out_a)
        args_b = (b["pos"], b["target"], b["speed"], b["at_sea"], b["follow"], b["offset"],
                  b["heading"], n, dt, out_b)
        k = kernels.move_numpy(*args_a)
        assert kernels.move_jit(*args_b) == k
        assert out_a[:k].tolist() == out_b[:k].tolist()
        for k in ("pos", "target"):
            assert np.array_equal(a[k], b[k]), k  # bit for bit, not approximately
        assert np.allclose(a["heading"], b["heading"], atol=1e-12)  # display only


def _points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points anywhere, many near the Senkaku islets, some out of bounds."""
    cx, cy = geo.SENKAKU_CENTRE_KM
    near = rng.random(n) < 0.6
    x = np.where(near, cx + rng.normal(0, 40, n), rng.uniform(-1000, 900, n))
    y = np.where(near, cy + rng.normal(0, 40, n), rng.uniform(-900, 900, n))
    return x, y


@jit
def test_zone_kernels_equal_numpy() -> None:
    rng = np.random.default_rng(3)
    x, y = _points(rng, 5000)
    args = geo.zone_kernel_args()
    ref = kernels.zones_numpy(x, y, *args)
    assert np.array_equal(kernels.zones_jit(x, y, *args), ref)
    one = [kernels.zone_one_jit(float(a), float(b), *args) for a, b in zip(x, y, strict=True)]
    assert one == ref.tolist()
    assert (ref & int(geo.Zone.SENKAKU_TS)).any() and (ref & int(geo.Zone.LAND)).any()


@jit
@pytest.mark.parametrize("seed", range(5))
def test_sea_state_kernel_equals_numpy(seed: int) -> None:
    """Orphans, units at sea and their zones: the compiled pass equals the numpy twin."""
    rng = np.random.default_rng(seed)
    n_cap, n = 120, int(rng.integers(0, 100))
    x, y = _points(rng, n_cap)
    pos = np.column_stack([x, y])
    at_sea = rng.random(n_cap) < 0.6
    follow = np.where(rng.random(n_cap) < 0.3, rng.integers(0, max(n, 1), n_cap), -1)
    kind = rng.integers(0, 12, n_cap)
    watch = rng.random(12) < 0.5
    args = (kind, watch, *geo.SENKAKU_CENTRE_KM, *zone_kernel_grid())
    bufs = [(np.full((4, n_cap), -7, dtype=np.int64), np.full(n_cap, -7.0)) for _ in range(2)]
    a = kernels.sea_state_numpy(pos, at_sea, follow, n, *args, *bufs[0])
    b = kernels.sea_state_jit(pos, at_sea, follow, n, *args, *bufs[1])
    assert tuple(a) == tuple(b)
    (oa, da), (ob, db) = bufs
    k, m, w = a
    for row, count in zip(range(4), (k, m, m, w), strict=True):
        assert oa[row, :count].tolist() == ob[row, :count].tolist()
    assert da[:w].tolist() == db[:w].tolist()
    assert n < 20 or (k > 0 and w > 0)


@jit
@pytest.mark.parametrize("seed", range(5))
def test_pair_kernel_equals_numpy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 80
    pos = rng.uniform(0, 150, (n, 2))
    idx = np.sort(rng.choice(n, int(rng.integers(0, 64)), replace=False)).astype(np.int64)
    kind = rng.integers(0, 12, n)
    detect = rng.choice([10.0, 25.0, 45.0, 60.0], n)
    compat = rng.random((12, 12)) < 0.5
    cap = 64 * 63 // 2
    a = np.full((2, cap), -7, dtype=np.int64)
    b = np.full((2, cap), -7, dtype=np.int64)
    ma = kernels.pairs_numpy(pos, idx, kind, detect, compat, 60.0, a[0], a[1])
    mb = kernels.pairs_jit(pos, idx, kind, detect, compat, 60.0, b[0], b[1])
    assert ma > 0 or len(idx) < 10
    assert ma == mb and a.tolist() == b.tolist()  # (the rows past the pairs untouched)


@jit
def test_seed_hash_equals_seed_sequence() -> None:
    rng = np.random.default_rng(11)
    for _ in range(500):
        words = rng.integers(0, 2**32, int(rng.integers(1, 9)), dtype=np.uint64)
        entropy = [int(w) for w in words]
        want = np.random.SeedSequence(entropy).generate_state(8, np.uint32)
        assert np.array_equal(kernels.seed_state_jit(words.astype(np.uint32)), want)
        want64 = np.random.SeedSequence(entropy).generate_state(4, np.uint64)
        assert list(kernels.seed_words_jit(words.astype(np.uint32))) == want64.tolist()


def test_stream_equals_plain_seed_sequence() -> None:
    s = Streams(123456789)
    for keys in [(), (5,), (3, 7_200_000, 12), (0, 0, 0, 0, 4_000_000_000), (2**40,)]:
        ours = s.child(2, *keys).random(4)
        ref = np.random.Generator(np.random.PCG64(np.random.SeedSequence(
            [123456789, 2, *keys]))).random(4)
        assert np.array_equal(ours, ref)


_DIGEST = """
import json, sys
sys.path.insert(0, {tests!r})
from golden.harness import run_case
print(json.dumps({{n: run_case(n, 2, 60) for n in ("status_quo_2022", "hotline_as_agreed")}}))
"""


@jit
def test_model_same_with_and_without_compiled_kernels() -> None:
    """Whole runs (summary, encounters, event log) are identical with HOTLINE_SIM_JIT=0."""
    out = {}
    for flag in ("1", "0"):
        env = {**os.environ, "HOTLINE_SIM_JIT": flag, "PYTHONPATH": str(ROOT)}
        res = subprocess.run([sys.executable, "-c", _DIGEST.format(tests=str(ROOT / "tests"))],
                             env=env, capture_output=True, text=True, check=True)
        out[flag] = json.loads(res.stdout)
    assert out["1"] == out["0"]


@jit
def test_gate_crossing_kernel_equals_numpy() -> None:
    """Segments around the Nansei gates (many cross, some touch an end, some are parallel)."""
    rng = np.random.default_rng(11)
    a, b = geo._GATE_A, geo._GATE_B
    k = rng.integers(0, len(a), 4000)
    mid = a[k] + rng.random((4000, 1)) * (b[k] - a[k])
    p0 = mid + rng.normal(0, 30, (4000, 2))
    p1 = mid + rng.normal(0, 30, (4000, 2))
    p1[:200] = p0[:200] + (b[k[:200]] - a[k[:200]])  # parallel to a gate
    p0[200:300] = a[k[200:300]]  # starting on a gate's end point
    ref = geo.crossed_gates(p0, p1).any(axis=1)
    got = kernels.crossed_jit(p0, p1, a, b)
    assert got.tolist() == ref.tolist()
    assert ref.sum() > 500 and (~ref).sum() > 500
    assert geo.crossed_gate(p0, p1).tolist() == ref.tolist()


@jit
@pytest.mark.parametrize("seed", range(4))
def test_loiter_point_kernel_equals_its_source(seed: int) -> None:
    """`Loiter.next_point`'s kernel, compiled and interpreted, on the loiters the model flies
    (unconstrained, fishing outside the territorial sea and land, a Japanese boat inside it,
    the CCG's contiguous-zone station with its buffer and fallback), hopping and not."""
    rng = np.random.default_rng(seed)
    ts, cz, land = (int(geo.Zone.SENKAKU_TS), int(geo.Zone.SENKAKU_CZ), int(geo.Zone.LAND))
    cx, cy = geo.SENKAKU_CENTRE_KM
    configs = [(0, 0, 0.0, False), (0, ts | land, 0.0, False), (ts, land, 0.0, False),
               (cz, ts, 4.0, True)]
    args = zone_kernel_grid()
    fell_back = passed = 0
    for _ in range(400):
        inside, outside, buffer, has_fb = configs[int(rng.integers(len(configs)))]
        hopping = bool(rng.random() < 0.7)
        hx, hy = cx + rng.normal(0, 30), cy + rng.normal(0, 30)
        conf = np.array([cx, cy, float(rng.uniform(0, 15)), float(rng.uniform(20, 60)), inside,
                         outside, buffer, 12.0, 28.0, float(has_fb), cx - 30.0, cy + 25.0])
        call = (rng.random((16, 2)), hopping, hx, hy, conf, *args)
        got, ref = kernels.loiter_point_jit(*call), kernels._loiter_point_source(*call)
        assert [float(v) for v in got] == [float(v) for v in ref]
        fell_back += has_fb and got == (cx - 30.0, cy + 25.0)
        passed += not has_fb
    assert passed > 100 and fell_back > 0


@jit
def test_leg_first_kernel_equals_numpy() -> None:
    """The first point of a flight leg inside Japan's ADIZ: compiled equals the numpy twin."""
    rng = np.random.default_rng(5)
    fr = np.linspace(0.0, 1.0, 17)
    adiz = int(geo.Zone.JP_ADIZ)
    args = geo.zone_kernel_args()
    hits = 0
    for _ in range(2000):
        x0, y0, x1, y1 = (float(v) for v in rng.uniform(-700, 700, 4))
        ref = kernels.leg_first_numpy(x0, y0, x1, y1, fr, adiz, *args)
        assert kernels.leg_first_jit(x0, y0, x1, y1, fr, adiz, *args) == ref
        hits += ref > 0
    assert hits > 100


@jit
def test_any_at_sea_kernel_equals_numpy() -> None:
    """Aircraft up (the hourly step's tempo test): compiled equals the numpy twin."""
    rng = np.random.default_rng(7)
    for _ in range(300):
        cap = int(rng.integers(1, 80))
        n = int(rng.integers(0, cap + 1))
        mask, at_sea = rng.random(cap) < 0.2, rng.random(cap) < 0.3
        assert kernels.any_at_sea_jit(mask, at_sea, n) == kernels.any_at_sea_numpy(mask, at_sea,
                                                                                   n)


@jit
def test_direct_entry_points_give_the_dispatchers_results() -> None:
    """After the model's first calls, `kernels.move`, `sea_state`, `loiter_point` and
    `any_at_sea` are the compiled entry points (no per-call typing); on the model's argument
    types they give what the dispatchers give."""
    from sim.config.scenarios import load_scenario
    from sim.model.model import run_scenario

    if not kernels.JIT:
        pytest.skip("compiled kernels switched off")
    run_scenario(load_scenario("status_quo_2022"), seed=3, days=3, record_events=False)
    rng = np.random.default_rng(2)
    mask, at_sea = rng.random(40) < 0.3, rng.random(40) < 0.3
    assert kernels.any_at_sea(mask, at_sea, 40) == kernels.any_at_sea_jit(mask, at_sea, 40)
    cx, cy = geo.SENKAKU_CENTRE_KM
    conf = np.array([cx, cy, 5.0, 40.0, int(geo.Zone.SENKAKU_CZ), int(geo.Zone.SENKAKU_TS),
                     4.0, 12.0, 28.0, 1.0, cx - 30.0, cy + 25.0])
    for _ in range(50):
        call = (rng.random((16, 2)), True, cx + rng.normal(0, 30), cy + rng.normal(0, 30), conf,
                *zone_kernel_grid())
        assert kernels.loiter_point(*call) == kernels.loiter_point_jit(*call)
    f = _fleet(rng, 30)
    g = {k: v.copy() for k, v in f.items()}
    out_f, out_g = np.zeros(30, dtype=np.int64), np.zeros(30, dtype=np.int64)
    k = kernels.move(*f.values(), 30, 2.0, out_f)
    assert kernels.move_jit(*g.values(), 30, 2.0, out_g) == k
    assert out_f[:k].tolist() == out_g[:k].tolist()
    assert all(np.array_equal(f[n], g[n]) for n in f)
    geo.crossed_rows(np.zeros((2, 2)), np.ones((2, 2)))  # (the model's first call)
    for name in ("move", "loiter_point", "any_at_sea", "sea_state", "pairs", "leg_first",
                 "seed_words", "crossed"):
        # rebound to the entry point -- unless a test before this one called the kernel with
        # other types, which leaves the dispatcher in place (`kernels._direct`): not this test's
        # concern, so that case passes here rather than depending on the tests' order
        rebound = type(getattr(kernels, name)).__name__ == "builtin_function_or_method"
        assert rebound or len(getattr(kernels, f"{name}_jit").overloads) > 1, name
    assert type(scene_kernels.group).__name__ == "builtin_function_or_method"
    for _ in range(50):  # the transit watch's gate test, on rows taken by a list of indices
        rows = rng.uniform(-400, 900, (12, 2))
        take = [int(k) for k in rng.choice(12, int(rng.integers(1, 6)), replace=False)]
        p0, p1 = rows[take], rows[take][::-1].copy()
        assert geo.crossed_rows(p0, p1) == geo.crossed_gate(p0, p1).tolist()
        assert geo.crossed_rows(p0, p1) == geo.crossed_gates(p0, p1).any(axis=1).tolist()
    words = np.array([7, 1, 5, 9], dtype=np.uint32)
    assert kernels.seed_words(words) == kernels.seed_words_jit(words)
    pos = rng.uniform(0, 150, (40, 2))
    idx = np.arange(0, 40, 2, dtype=np.int64)
    kind = rng.integers(0, 12, 40)
    detect = rng.choice([10.0, 25.0, 45.0, 60.0], 40)
    compat = rng.random((12, 12)) < 0.5
    a, b = np.zeros((2, 190), dtype=np.int64), np.zeros((2, 190), dtype=np.int64)
    assert (kernels.pairs(pos, idx, kind, detect, compat, 60.0, a[0], a[1])
            == kernels.pairs_jit(pos, idx, kind, detect, compat, 60.0, b[0], b[1]))
    assert a.tolist() == b.tolist()
    fr = np.linspace(0.0, 1.0, 9)
    for _ in range(20):
        leg = (cx + rng.normal(0, 200), cy + rng.normal(0, 200), cx + rng.normal(0, 200),
               cy + rng.normal(0, 200), fr, int(geo.Zone.JP_ADIZ), *geo.zone_kernel_args())
        assert kernels.leg_first(*leg) == kernels.leg_first_jit(*leg)
