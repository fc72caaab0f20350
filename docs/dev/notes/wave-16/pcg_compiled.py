"""Can compiled code draw the model's keyed streams bit for bit? (issue 9, wave 16)

Since wave 5 docs/performance.md has said that the next factor of speed, one compiled engine
for the hour, "first needs the keyed per-mission and per-encounter streams available to it
(pre-drawn blocks, or counter-based draws: a model change)", and wave 6 measured a numpy
``Generator`` passed into numba at 13 us a call. This script tests the third way: PCG64 itself
written as a compiled kernel on the stream's state words. numpy's ``Generator.random()`` is
PCG64 XSL-RR 128/64 (step the 128-bit LCG, then output), its double the top 53 bits of the
64-bit output times 2**-53; the seeding is ``pcg64_srandom(initstate, initseq)`` on the four
uint64 words the SeedSequence hash gives (`sim.model.kernels.seed_words_jit`, already
compiled and held equal to numpy's). If the kernel's doubles equal numpy's for every key and
draw, a compiled engine can take the model's draws in their order without changing a single
output: no model change is needed for it.

    .venv/bin/python docs/dev/notes/wave-16/pcg_compiled.py [--keys 2000] [--draws 64]

Prints the number of (key, draw) pairs compared and mismatches, then what a keyed stream
costs created and drawn from: in Python (`Streams.child(...).random(k)`, the model's way
today) and inside a compiled loop, as a ratio measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
from sim.model import kernels  # noqa: E402
from sim.model.streams import Streams  # noqa: E402

M64 = (1 << 64) - 1
MULT_HI = np.uint64(0x2360ED051FC65DA4)  # PCG's 128-bit default multiplier, high and low words
MULT_LO = np.uint64(0x4385DF649FCCF645)


@numba.njit(cache=False)
def _mul64(a, b):  # -> (hi, lo) of the 128-bit product of two uint64
    m32 = np.uint64(0xFFFFFFFF)
    s32 = np.uint64(32)
    a_lo, a_hi = a & m32, a >> s32
    b_lo, b_hi = b & m32, b >> s32
    p0 = a_lo * b_lo
    p1 = a_lo * b_hi
    p2 = a_hi * b_lo
    p3 = a_hi * b_hi
    mid = (p0 >> s32) + (p1 & m32) + (p2 & m32)
    lo = (p0 & m32) | (mid << s32)
    hi = p3 + (p1 >> s32) + (p2 >> s32) + (mid >> s32)
    return hi, lo


@numba.njit(cache=False)
def _step(st):  # st = [state_hi, state_lo, inc_hi, inc_lo]: state = state * MULT + inc
    hi, lo = _mul64(st[1], MULT_LO)
    hi = hi + st[0] * MULT_LO + st[1] * MULT_HI
    lo2 = lo + st[3]
    carry = np.uint64(1) if lo2 < lo else np.uint64(0)
    st[0] = hi + st[2] + carry
    st[1] = lo2


@numba.njit(cache=False)
def seed(w0, w1, w2, w3, st):
    """numpy's pcg64_srandom(initstate = w0 << 64 | w1, initseq = w2 << 64 | w3)."""
    st[0] = np.uint64(0)
    st[1] = np.uint64(0)
    st[2] = (w2 << np.uint64(1)) | (w3 >> np.uint64(63))  # inc = initseq << 1 | 1
    st[3] = (w3 << np.uint64(1)) | np.uint64(1)
    _step(st)
    lo = st[1] + w1
    carry = np.uint64(1) if lo < st[1] else np.uint64(0)
    st[0] = st[0] + w0 + carry
    st[1] = lo
    _step(st)


@numba.njit(cache=False)
def next_double(st):
    _step(st)
    x = st[0] ^ st[1]
    rot = st[0] >> np.uint64(58)
    out = (x >> rot) | (x << ((np.uint64(64) - rot) & np.uint64(63)))
    return np.float64(out >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@numba.njit(cache=False)
def draws_for(keys, k, out):
    """For each row of `keys` (uint32 entropy), the stream's first k doubles, in compiled code."""
    st = np.empty(4, dtype=np.uint64)
    for i in range(keys.shape[0]):
        w0, w1, w2, w3 = kernels.seed_words_jit(keys[i])
        seed(w0, w1, w2, w3, st)
        for j in range(k):
            out[i, j] = next_double(st)


def _keys(n: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Entropy words as the model builds them, ``[seed, stream, *identity]``: 1 to 8 words (2
    for a run's top streams, 3-5 for an encounter, 5 for a mission, 6 for a signal's orders, 7
    for a split run's clone); every tenth key has a run seed of 2**32 or more, which numpy's
    SeedSequence takes as its little-endian 32-bit words in its place (`_words`)."""
    keys = []
    for i in range(n):
        k = [int(v) for v in rng.integers(0, 2**32, 1 + i % 8)]
        if len(k) > 1:
            k[1] = int(rng.integers(0, 7))
        if i % 10 == 0:
            k[0] = int(rng.integers(2**32, 2**63))
        keys.append(k)
    return keys


def _words(key: list[int]) -> np.ndarray:
    """numpy's coercion of an entropy list to uint32 words (each value little-endian, in place)."""
    out = []
    for v in key:
        out.append(v & 0xFFFFFFFF)
        v >>= 32
        while v:
            out.append(v & 0xFFFFFFFF)
            v >>= 32
    return np.array(out, dtype=np.uint32)


def _numpy(key: list[int]) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(key)))


def _seeded(key: list[int]) -> np.ndarray:
    st = np.empty(4, dtype=np.uint64)
    seed(*map(np.uint64, kernels.seed_words_jit(_words(key))), st)
    return st


def _handover(keys: list[list[int]], k: int) -> int:
    """Both ways through ``PCG64.state`` (where part of the model stays in Python): a stream
    drawn k times in compiled code continues in numpy as numpy's own would, and a stream numpy
    drew k times continues in compiled code likewise. (``has_uint32`` 0: the model never draws
    32-bit values, which would leave half a word buffered in numpy's state.)"""
    bad = 0
    for key in keys:
        st = _seeded(key)
        for _ in range(k):
            next_double(st)
        bg = np.random.PCG64()
        bg.state = {"bit_generator": "PCG64", "has_uint32": 0, "uinteger": 0,
                    "state": {"state": int(st[0]) << 64 | int(st[1]),
                              "inc": int(st[2]) << 64 | int(st[3])}}
        own = _numpy(key)
        own.random(k)
        bad += int(np.any(np.random.Generator(bg).random(8) != own.random(8)))
        theirs = _numpy(key)
        theirs.random(k)
        s = theirs.bit_generator.state["state"]
        back = np.array([s["state"] >> 64, s["state"] & M64, s["inc"] >> 64, s["inc"] & M64],
                        dtype=np.uint64)
        bad += int(any(next_double(back) != x for x in theirs.random(8)))
    print(f"handed {len(keys)} streams each way between numpy and compiled code after {k} "
          f"draws: {bad} continue differently")
    return bad


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=2000)
    ap.add_argument("--draws", type=int, default=64)
    a = ap.parse_args()
    keys = _keys(a.keys, np.random.default_rng(16))
    got = np.empty((a.keys, a.draws))
    for i, key in enumerate(keys):
        st = _seeded(key)
        for j in range(a.draws):
            got[i, j] = next_double(st)
    want = np.array([_numpy(key).random(a.draws) for key in keys])
    bad = int(np.sum(got.view(np.uint64) != want.view(np.uint64)))
    print(f"compared {got.size} doubles ({a.keys} keys of 1-8 words x {a.draws} draws): "
          f"{bad} differ")
    bad += _handover(keys[:200], a.draws)

    # the model's pattern: one keyed stream of five words, a handful of draws (a decision
    # round takes 5). Python: `Streams.child` as the model calls it, with plain ints; compiled:
    # 20,000 streams in one call (its dispatch spread over them), into a preallocated array --
    # what an engine owning the hour would pay, not what a call from Python would
    streams, k, n = Streams(1), 5, 20000
    rng = np.random.default_rng(17)
    rows = np.empty((n, 5), dtype=np.uint32)
    rows[:, 0], rows[:, 1] = 1, rng.integers(0, 7, n)
    rows[:, 2:] = rng.integers(0, 2**32, (n, 3))
    plain = rows[:, 1:].tolist()
    small = np.empty((n, k))
    draws_for(rows[:2], k, small[:2])  # compiled before timing
    t0 = time.perf_counter()
    for r in plain:
        streams.child(*r).random(k)
    py = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    draws_for(rows, k, small)
    jit = (time.perf_counter() - t0) / n
    print(f"a keyed stream created and drawn {k} times: Python {py * 1e6:.2f} us, compiled loop "
          f"{jit * 1e6:.3f} us (x{py / jit:.0f})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
