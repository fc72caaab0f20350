"""Compiled kernels for the spatial pass, each with a pure-numpy twin that gives the same bits.

The spatial pass (moving every unit, units at sea and their zones, contact pairs) is
mechanism-neutral geometry run thousands of times per simulated year on a few dozen rows, where
numpy's fixed cost per call (~1 us, ~20 calls per pass) dominates the arithmetic. These kernels
do the same arithmetic in one compiled loop (numba). They are the only implementation of
nothing: each has a numpy twin here (``*_numpy``), the twins are what runs without numba or
with ``HOTLINE_SIM_JIT=0``, and tests/model/test_kernels.py holds both equal bit for bit on
random input. Operations are written in the same order in both (``dx * dx + dy * dy``,
``reach / dist`` then ``delta * frac``), so results are identical floats, not merely close.

Also here: the hash that turns a stream key into a PCG64 state (numpy's SeedSequence, ~10 us
per generator in Python, ~1 us compiled), see `seed_state`.

numba compiles on first use and caches the machine code beside this file (``__pycache__``), so
only the first process after a change pays the ~few seconds of compilation.
"""

from __future__ import annotations

import math
import os

import numpy as np

try:  # numba is a declared dependency; the numpy twins keep the model usable without it
    import numba
except ImportError:  # pragma: no cover - exercised by HOTLINE_SIM_JIT=0 instead
    numba = None

HAVE_NUMBA = numba is not None
#: Whether the compiled kernels are used (numba installed and not switched off).
JIT = HAVE_NUMBA and os.environ.get("HOTLINE_SIM_JIT", "1") not in ("0", "false", "no")


def _njit(fn):  # noqa: ANN001, ANN202 - decorator
    if not HAVE_NUMBA:
        return None
    return numba.njit(cache=True, nogil=True)(fn)


def _direct(name: str, dispatcher, namespace: dict | None = None):  # noqa: ANN001, ANN202
    """What the model calls as ``kernels.<name>`` (or ``<module>.<name>`` for a kernel defined
    in another module, whose ``globals()`` is `namespace`): the dispatcher for the first call (which
    compiles the kernel or loads it from the cache), then -- the module attribute rebound --
    the compiled specialisation's own entry point, which unboxes the arguments by its
    signature without the dispatcher's per-call typing of every argument and overload
    search (~1,500 instructions a call; ~30,000 calls a run-year).

    Only for kernels the model always calls with the same argument types (float64 / int64 /
    bool arrays made once, Python floats, ints and bools): the entry point does not check
    them. Tests and other callers with other types use ``<name>_jit``, the dispatcher.
    """

    where = globals() if namespace is None else namespace

    def first_call(*args):  # noqa: ANN002, ANN202
        out = dispatcher(*args)
        if len(dispatcher.overloads) == 1:
            where[name] = next(iter(dispatcher.overloads.values())).entry_point
        return out

    return first_call


# ------------------------------------------------------------------------------ movement
def move_numpy(pos: np.ndarray, target: np.ndarray, speed: np.ndarray, at_sea: np.ndarray,
               follow: np.ndarray, offset: np.ndarray, heading: np.ndarray, n: int,
               dt: float, arrived: np.ndarray) -> int:
    """Advance units at sea by `dt` hours (see `sim.model.agents.Fleet.move`); the indices of
    the units that arrived are written to the caller's scratch row `arrived` (at least `n`
    long, in index order), and their number returned (an array returned by the compiled twin
    would be boxed, ~2,700 instructions a call).

    Units on their own course move first; then followers steer for where their leader now is
    (their target is set to the leader's position plus their offset), in two passes so that a
    follower of a follower uses its leader's new position.
    """
    ai = _move_numpy(pos, target, speed, at_sea, follow, offset, heading, n, dt)
    arrived[:len(ai)] = ai
    return len(ai)


def _move_numpy(pos: np.ndarray, target: np.ndarray, speed: np.ndarray, at_sea: np.ndarray,
                follow: np.ndarray, offset: np.ndarray, heading: np.ndarray, n: int,
                dt: float) -> np.ndarray:
    at = at_sea[:n]
    fol = follow[:n]
    fmask = fol >= 0
    arrived = _advance_numpy(pos, target, speed, heading, np.flatnonzero(at & ~fmask), dt)
    if fmask.any():
        idx = np.flatnonzero(fmask & at)
        for _ in range(2):  # chains resolve in order of depth; depth <= 2 here
            target[idx] = pos[fol[idx]] + offset[idx]
            _advance_numpy(pos, target, speed, heading, idx, dt)
            idx = idx[follow[fol[idx]] >= 0]
            if not len(idx):
                break
    return arrived


def _advance_numpy(pos: np.ndarray, target: np.ndarray, speed: np.ndarray, heading: np.ndarray,
                   idx: np.ndarray, dt: float) -> np.ndarray:
    if not len(idx):
        return idx
    delta = target[idx] - pos[idx]
    dist = np.hypot(delta[:, 0], delta[:, 1])
    reach = speed[idx] * dt
    arrive = dist <= reach
    moving = ~arrive
    if moving.any():
        frac = (reach[moving] / dist[moving])[:, None]
        mi = idx[moving]
        pos[mi] += delta[moving] * frac
        heading[mi] = np.arctan2(delta[moving, 1], delta[moving, 0])
    ai = idx[arrive]
    pos[ai] = target[ai]
    return ai


def _step_one(pos, target, speed, heading, i, dt):  # noqa: ANN001, ANN202 - numba source
    dx = target[i, 0] - pos[i, 0]
    dy = target[i, 1] - pos[i, 1]
    dist = math.hypot(dx, dy)
    reach = speed[i] * dt
    if dist <= reach:
        pos[i, 0] = target[i, 0]
        pos[i, 1] = target[i, 1]
        return True
    frac = reach / dist
    pos[i, 0] += dx * frac
    pos[i, 1] += dy * frac
    heading[i] = math.atan2(dy, dx)
    return False


_step_one_jit = _njit(_step_one)


def _move_source(pos, target, speed, at_sea, follow, offset, heading, n, dt,  # noqa: ANN001, ANN202
                 arrived):
    k = 0
    for i in range(n):
        if at_sea[i] and follow[i] < 0 and _step_one_jit(pos, target, speed, heading, i, dt):
            arrived[k] = i
            k += 1
    idx = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        if at_sea[i] and follow[i] >= 0:
            idx[m] = i
            m += 1
    for _ in range(2):
        if m == 0:
            break
        for q in range(m):  # every target first, from positions before this pass ...
            i = idx[q]
            lead = follow[i]
            target[i, 0] = pos[lead, 0] + offset[i, 0]
            target[i, 1] = pos[lead, 1] + offset[i, 1]
        for q in range(m):  # ... then every move
            _step_one_jit(pos, target, speed, heading, idx[q], dt)
        m2 = 0
        for q in range(m):
            i = idx[q]
            if follow[follow[i]] >= 0:
                idx[m2] = i
                m2 += 1
        m = m2
    return k


move_jit = _njit(_move_source) if HAVE_NUMBA else None
move = _direct("move", move_jit) if JIT else move_numpy


# ------------------------------------------------------------------------------ zones
def zones_numpy(x: np.ndarray, y: np.ndarray, table: np.ndarray, x0: float, y0: float,
                inv_res: float, nx: int, ny: int, islets: np.ndarray) -> np.ndarray:
    """Zone bitmasks of points: raster cell, then the Senkaku islet distance tests.

    `islets` is (k, 4): x, y, squared territorial-sea radius, squared contiguous-zone radius.
    Bits 0 (territorial sea) and 1 (contiguous zone) are the Senkaku bits of
    `sim.model.geography.Zone`.
    """
    ix = np.clip((x - x0) * inv_res, 0.0, nx - 1.0).astype(np.intp)
    iy = np.clip((y - y0) * inv_res, 0.0, ny - 1.0).astype(np.intp)
    mask = table[iy, ix]
    dx = x[..., None] - islets[:, 0]
    dy = y[..., None] - islets[:, 1]
    d2 = dx * dx + dy * dy
    ts = (d2 <= islets[:, 2]).any(axis=-1)
    cz = (d2 <= islets[:, 3]).any(axis=-1)
    return mask | (ts * 1) | (cz * 2)


def _zone_one(x, y, table, x0, y0, inv_res, nx, ny, islets):  # noqa: ANN001, ANN202
    fx = min(max((x - x0) * inv_res, 0.0), nx - 1.0)
    fy = min(max((y - y0) * inv_res, 0.0), ny - 1.0)
    mask = table[int(fy), int(fx)]
    for k in range(islets.shape[0]):
        dx = x - islets[k, 0]
        dy = y - islets[k, 1]
        d2 = dx * dx + dy * dy
        if d2 <= islets[k, 3]:
            mask |= 2
            if d2 <= islets[k, 2]:
                mask |= 1
    return mask


def _zones_source(x, y, table, x0, y0, inv_res, nx, ny, islets):  # noqa: ANN001, ANN202
    out = np.empty(x.shape[0], dtype=np.int64)
    for i in range(x.shape[0]):
        out[i] = zone_one_jit(x[i], y[i], table, x0, y0, inv_res, nx, ny, islets)
    return out


zone_one_jit = _njit(_zone_one)
zones_jit = _njit(_zones_source) if HAVE_NUMBA else None
#: the zone of one point inside the loiter kernel: compiled, or the plain source without the JIT
_zone_pt = zone_one_jit if JIT else _zone_one


# ------------------------------------------------------------------------------ flight legs
def leg_first_numpy(x0: float, y0: float, x1: float, y1: float, fr: np.ndarray, bits: int,
                    table: np.ndarray, ox: float, oy: float, inv_res: float, nx: int, ny: int,
                    islets: np.ndarray) -> int:
    """The first of the points ``p0 + fr * (p1 - p0)`` along a leg whose zone bits meet
    `bits`, or -1 (Japan's radar watching a flight's leg, `sim.model.responses`)."""
    xs = x0 + fr * (x1 - x0)
    ys = y0 + fr * (y1 - y0)
    hit = np.flatnonzero(zones_numpy(xs, ys, table, ox, oy, inv_res, nx, ny, islets) & bits)
    return int(hit[0]) if len(hit) else -1


def _leg_first_source(x0, y0, x1, y1, fr, bits, table, ox, oy, inv_res, nx, ny,  # noqa: ANN001, ANN202
                      islets):
    dx = x1 - x0
    dy = y1 - y0
    for k in range(fr.shape[0]):
        if zone_one_jit(x0 + fr[k] * dx, y0 + fr[k] * dy, table, ox, oy, inv_res, nx, ny,
                        islets) & bits:
            return k
    return -1


leg_first_jit = _njit(_leg_first_source) if HAVE_NUMBA else None
leg_first = _direct("leg_first", leg_first_jit) if JIT else leg_first_numpy


# ------------------------------------------------------------------------------ loiter legs
def _loiter_passes(x, y, inside, outside, table, x0, y0, inv_res, nx, ny, islets):  # noqa: ANN001, ANN202
    mk = _zone_pt(x, y, table, x0, y0, inv_res, nx, ny, islets)
    return (mk & inside) == inside and not mk & outside


def _loiter_point_source(draws, hopping, hx, hy, conf, table, grid, islets):  # noqa: ANN001, ANN202
    """A loiter's next point (`sim.model.missions.Loiter.next_point`, whose docstring says
    what it means) from its (16, 2) uniforms: the only implementation, compiled with numba or
    run as is by the interpreter (a test holds the two equal).

    `conf` is the loiter's geometry, fixed when it is made (`Loiter.conf`): centre x, y,
    r_min, r_max, the zone bits it must be inside / outside, buffer, hop_lo, hop_hi, whether
    it has a fallback, and the fallback's x, y. `table`, `grid` (x0, y0, inv_res, nx, ny) and
    `islets` are the zone raster (`sim.model.zones.zone_kernel_grid`). Packed so that a leg is
    a call with eight arguments, not 23: numba types and unboxes every argument on every call
    (~250 instructions a scalar), ~10,800 legs a run-year.

    Each draw is (angle, radius) uniforms. Without zone bits the first draw's point in the
    radius band is the answer. With zone bits, a point in the band (or, `hopping` from
    (hx, hy), a hop of hop_lo..hop_hi km) must pass the zone test: its end, the end +-
    `buffer` on both axes, then the hop's mid-point, in this order; the first draw that
    passes wins, else the fallback (if any), else the last point tried. The float
    operations are written as the former Python method wrote them (e.g. the hop's end is
    tested at ``hx + (px - hx)``), so the points are the same doubles.
    """
    cx, cy, r_min, r_max = conf[0], conf[1], conf[2], conf[3]
    inside, outside = int(conf[4]), int(conf[5])
    buffer, hop_lo, hop_hi = conf[6], conf[7], conf[8]
    x0, y0, inv_res, nx, ny = grid[0], grid[1], grid[2], int(grid[3]), int(grid[4])
    zoned = inside != 0 or outside != 0
    px, py = cx, cy
    for k in range(draws.shape[0]):
        a = draws[k, 0]
        r = draws[k, 1]
        ang = 2 * math.pi * a
        if zoned and hopping:
            rad = hop_lo + (hop_hi - hop_lo) * r
            px, py = hx + rad * math.cos(ang), hy + rad * math.sin(ang)
            qx, qy = hx + (px - hx), hy + (py - hy)
            ok = _loiter_pass(qx, qy, inside, outside, table, x0, y0, inv_res, nx, ny, islets)
            if ok and buffer:
                ok = (_loiter_pass(qx + buffer, qy, inside, outside, table, x0, y0, inv_res,
                                   nx, ny, islets)
                      and _loiter_pass(qx - buffer, qy, inside, outside, table, x0, y0,
                                       inv_res, nx, ny, islets)
                      and _loiter_pass(qx, qy + buffer, inside, outside, table, x0, y0,
                                       inv_res, nx, ny, islets)
                      and _loiter_pass(qx, qy - buffer, inside, outside, table, x0, y0,
                                       inv_res, nx, ny, islets))
            if ok:
                ok = _loiter_pass(hx + 0.5 * (px - hx), hy + 0.5 * (py - hy), inside, outside,
                                  table, x0, y0, inv_res, nx, ny, islets)
        else:
            rad = math.sqrt(r_min ** 2 + r * (r_max ** 2 - r_min ** 2))
            px, py = cx + rad * math.cos(ang), cy + rad * math.sin(ang)
            if not zoned:
                return float(px), float(py)
            ok = _loiter_pass(px, py, inside, outside, table, x0, y0, inv_res, nx, ny, islets)
        if ok:
            return float(px), float(py)
    if conf[9]:
        return float(conf[10]), float(conf[11])
    return float(px), float(py)


#: the zone test of one probe inside the loiter kernel (compiled with it, or plain)
_loiter_pass = _njit(_loiter_passes) if JIT else _loiter_passes
loiter_point_jit = _njit(_loiter_point_source) if JIT else None
#: what `Loiter.next_point` calls: compiled, or the same source run by the interpreter
loiter_point = (_direct("loiter_point", loiter_point_jit) if JIT else
                _loiter_point_source)


# ------------------------------------------------------------------------------ units at sea
def sea_state_numpy(pos: np.ndarray, at_sea: np.ndarray, follow: np.ndarray, n: int,
                    kind: np.ndarray, watch: np.ndarray, cx: float, cy: float,
                    table: np.ndarray, grid: np.ndarray, islets: np.ndarray, out: np.ndarray,
                    dist: np.ndarray) -> tuple[int, int, int]:
    """After a move: the orphans (followers at sea whose leader is in port), the indices of
    the units at sea and their zone bitmasks (`zones_numpy`), in index order; and the units
    at sea of a watched kind (``watch[kind]``) with their distance to (cx, cy), in index
    order (the JCG's watch around the islands, `sim.model.responses`).

    Written into the caller's scratch rows ``out[0..3]`` (int64, orphans, units at sea, zone
    bits, watched units) and `dist` (each at least `n` long); returns how many of each:
    (orphans, units at sea, watched). Why not return arrays: each array a compiled function
    returns costs ~4,000 instructions of boxing (numba rebuilds its type by unpickling),
    ~20,000 arrays per run-year before. The raster comes packed as `table`, `grid` (x0, y0,
    inv_res, nx, ny) and `islets` (`sim.model.zones.zone_kernel_grid`).
    """
    x0, y0, inv_res, nx, ny = grid[0], grid[1], grid[2], int(grid[3]), int(grid[4])
    fol = follow[:n]
    orphans = np.flatnonzero((fol >= 0) & at_sea[:n] & ~at_sea[np.maximum(fol, 0)])
    idx = np.flatnonzero(at_sea[:n])
    out[0, :len(orphans)] = orphans
    out[1, :len(idx)] = idx
    if not len(idx):
        return len(orphans), 0, 0
    out[2, :len(idx)] = zones_numpy(pos[idx, 0], pos[idx, 1], table, x0, y0, inv_res, nx, ny,
                                    islets)
    near = idx[watch[kind[idx]]]
    out[3, :len(near)] = near
    dist[:len(near)] = np.hypot(pos[near, 0] - cx, pos[near, 1] - cy)
    return len(orphans), len(idx), len(near)


def _sea_state_source(pos, at_sea, follow, n, kind, watch, cx, cy,  # noqa: ANN001, ANN202
                      table, grid, islets, out, dist):
    x0, y0, inv_res, nx, ny = grid[0], grid[1], grid[2], int(grid[3]), int(grid[4])
    orphans = out[0]
    idx = out[1]
    masks = out[2]
    near = out[3]
    k = m = w = 0
    for i in range(n):
        if at_sea[i]:
            f = follow[i]
            if f >= 0 and not at_sea[f]:
                orphans[k] = i
                k += 1
            idx[m] = i
            masks[m] = zone_one_jit(pos[i, 0], pos[i, 1], table, x0, y0, inv_res, nx, ny,
                                    islets)
            m += 1
            if watch[kind[i]]:
                near[w] = i
                dist[w] = math.hypot(pos[i, 0] - cx, pos[i, 1] - cy)
                w += 1
    return k, m, w


sea_state_jit = _njit(_sea_state_source) if HAVE_NUMBA else None
sea_state = _direct("sea_state", sea_state_jit) if JIT else sea_state_numpy


# ------------------------------------------------------------------------------ aircraft up
def any_at_sea_numpy(mask: np.ndarray, at_sea: np.ndarray, n: int) -> bool:
    """Whether any of the first `n` units with `mask` set is at sea (the hourly step's test
    for aircraft up, `EastChinaSeaModel._hour`)."""
    return bool((mask[:n] & at_sea[:n]).any())


def _any_at_sea_source(mask, at_sea, n):  # noqa: ANN001, ANN202
    for i in range(n):  # noqa: SIM110 - numba compiles a loop, not any() of a generator
        if mask[i] and at_sea[i]:
            return True
    return False


any_at_sea_jit = _njit(_any_at_sea_source) if HAVE_NUMBA else None
any_at_sea = _direct("any_at_sea", any_at_sea_jit) if JIT else any_at_sea_numpy


# ------------------------------------------------------------------------------ gate crossings
def _crossed_source(p0, p1, gate_a, gate_b):  # noqa: ANN001, ANN202
    """Compiled twin of `sim.model.geography.crossed_gate` (same expressions, same order)."""
    n = p0.shape[0]
    out = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        px, py = p0[i, 0], p0[i, 1]
        rx, ry = p1[i, 0] - px, p1[i, 1] - py
        for j in range(gate_a.shape[0]):
            qx, qy = gate_a[j, 0], gate_a[j, 1]
            sx, sy = gate_b[j, 0] - qx, gate_b[j, 1] - qy
            denom = rx * sy - ry * sx
            if denom == 0:
                continue
            wx, wy = qx - px, qy - py
            t = (wx * sy - wy * sx) / denom
            u = (wx * ry - wy * rx) / denom
            if t >= 0 and t <= 1 and u >= 0 and u <= 1:
                out[i] = True
                break
    return out


crossed_jit = _njit(_crossed_source) if HAVE_NUMBA else None
#: `crossed_jit` for the model's transit watch (`sim.model.geography.crossed_rows`: always
#: (n, 2) float64 rows taken from the positions), through its entry point after the first call
crossed = _direct("crossed", crossed_jit) if HAVE_NUMBA else None


# ------------------------------------------------------------------------------ contact pairs
def pairs_numpy(pos: np.ndarray, idx: np.ndarray, kind: np.ndarray, detect: np.ndarray,
                compat: np.ndarray, max_detect: float, out_i: np.ndarray,
                out_j: np.ndarray) -> int:
    """Unit indices (i, j) of the pairs in contact among the units `idx` (row-major order of
    their positions in `idx`, i before j): one dense pass, for small scenes. Written into the
    caller's rows `out_i`, `out_j` (int64, at least ``k * (k - 1) // 2`` long for k units);
    returns how many. Why not return the two arrays: numba boxes each array a compiled
    function returns (~4,000 instructions, unpickling its type), twice an update.

    A pair is in contact when its kinds can meet (`compat`) and its distance is within the
    larger of the two detection ranges; `max_detect`, the largest range of any kind, is a cheap
    squared-distance screen before that exact test (the two fused in one pass).
    """
    pts = pos[idx]
    dx = pts[:, None, 0] - pts[None, :, 0]
    dy = pts[:, None, 1] - pts[None, :, 1]
    pi, pj = np.nonzero(np.triu((dx * dx + dy * dy) <= max_detect ** 2, 1))
    i, j = idx[pi], idx[pj]
    if len(pi):
        d = np.hypot(pts[pi, 0] - pts[pj, 0], pts[pi, 1] - pts[pj, 1])
        keep = compat[kind[i], kind[j]] & (d <= np.maximum(detect[i], detect[j]))
        i, j = i[keep], j[keep]
    m = len(i)
    out_i[:m] = i
    out_j[:m] = j
    return m


def _pairs_source(pos, idx, kind, detect, compat, max_detect, out_i, out_j):  # noqa: ANN001, ANN202
    k = idx.shape[0]
    lim = max_detect ** 2
    m = 0
    for a in range(k):
        i = idx[a]
        for b in range(a + 1, k):
            j = idx[b]
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            if (dx * dx + dy * dy <= lim and compat[kind[i], kind[j]]
                    and math.hypot(dx, dy) <= max(detect[i], detect[j])):
                out_i[m] = i
                out_j[m] = j
                m += 1
    return m


pairs_jit = _njit(_pairs_source) if HAVE_NUMBA else None
pairs = _direct("pairs", pairs_jit) if JIT else pairs_numpy


# ------------------------------------------------------------------------------ seeds
# numpy's SeedSequence (numpy/random/bit_generator.pyx), for a pool of 4 words and a
# 4 x uint64 output: what PCG64(SeedSequence(entropy)) draws its state and increment from.
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_M32 = 0xFFFFFFFF


def _seed_state_source(entropy):  # noqa: ANN001, ANN202 - uint32 words in, uint32[8] out
    m32 = np.uint64(_M32)
    pool = np.zeros(4, dtype=np.uint64)
    hc = np.uint64(_INIT_A)
    n = entropy.shape[0]
    for i in range(4):
        v = np.uint64(entropy[i]) if i < n else np.uint64(0)
        v = (v ^ hc) & m32
        hc = (hc * np.uint64(_MULT_A)) & m32
        v = (v * hc) & m32
        v ^= v >> np.uint64(16)
        pool[i] = v
    for i_src in range(4):
        for i_dst in range(4):
            if i_src != i_dst:
                v = (pool[i_src] ^ hc) & m32
                hc = (hc * np.uint64(_MULT_A)) & m32
                v = (v * hc) & m32
                v ^= v >> np.uint64(16)
                r = (np.uint64(_MIX_L) * pool[i_dst] - np.uint64(_MIX_R) * v) & m32
                r ^= r >> np.uint64(16)
                pool[i_dst] = r
    for i_src in range(4, n):
        for i_dst in range(4):
            v = (np.uint64(entropy[i_src]) ^ hc) & m32
            hc = (hc * np.uint64(_MULT_A)) & m32
            v = (v * hc) & m32
            v ^= v >> np.uint64(16)
            r = (np.uint64(_MIX_L) * pool[i_dst] - np.uint64(_MIX_R) * v) & m32
            r ^= r >> np.uint64(16)
            pool[i_dst] = r
    out = np.empty(8, dtype=np.uint32)
    hb = np.uint64(_INIT_B)
    for i in range(8):
        v = (pool[i % 4] ^ hb) & m32
        hb = (hb * np.uint64(_MULT_B)) & m32
        v = (v * hb) & m32
        v ^= v >> np.uint64(16)
        out[i] = np.uint32(v)
    return out


seed_state_jit = _njit(_seed_state_source) if HAVE_NUMBA else None


def _seed_words_source(entropy):  # noqa: ANN001, ANN202 - uint32 words in, 4 uint64 out
    """`seed_state` as the four little-endian uint64 words PCG64 seeds from, returned as
    plain integers: a tuple of scalars leaves the compiled code ~0.5 us cheaper than an array
    (no array boxing), on ~3,500 generators per run-year."""
    s = seed_state_jit(entropy)
    w0 = np.uint64(s[0]) | (np.uint64(s[1]) << np.uint64(32))
    w1 = np.uint64(s[2]) | (np.uint64(s[3]) << np.uint64(32))
    w2 = np.uint64(s[4]) | (np.uint64(s[5]) << np.uint64(32))
    w3 = np.uint64(s[6]) | (np.uint64(s[7]) << np.uint64(32))
    return w0, w1, w2, w3


seed_words_jit = _njit(_seed_words_source) if HAVE_NUMBA else None
#: `seed_words_jit` for the model's streams (`sim.model.streams`), which always pass a uint32
#: array: its entry point after the first call (no dispatch, ~3,500 calls a run-year)
seed_words = _direct("seed_words", seed_words_jit) if HAVE_NUMBA else None
