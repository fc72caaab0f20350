"""Contact scenes in one compiled call: are the pairs the same as last update, and which units
form each scene (`sim.model.scenes`).

Every spatial update (~2,700 a run-year) turns the contact pairs into scenes: the connected
components of the pairs, each sorted, in order of their smallest unit. Before, that took a
signature of the pairs (three numpy calls and a bytes copy), two conversions to lists and a
Python pass joining lists per pair, ~60,000 instructions an update for ~15 pairs. `group` does
the comparison with the last update's pairs (kept in a buffer the caller owns) and a union-find
in one compiled call that writes the scenes into a second buffer and returns three integers
(no array is returned: numba boxes each returned array at ~3,000 instructions).

Two implementations, one contract: `_group_source` is compiled (numba), `group_python` (lists,
the join-the-smaller-list components of wave 4) is what runs without numba or with
``HOTLINE_SIM_JIT=0``; tests/model/test_scene_kernels.py holds them equal (returns and buffers)
on random pair lists, and the components equal to a reference union-find.
"""

from __future__ import annotations

from itertools import accumulate

import numpy as np

from sim.model.kernels import JIT, _direct, _njit

__all__ = ["components", "group", "group_python"]


def components(ii: list[int], jj: list[int]) -> list[list[int]]:
    """Connected components of the contact pairs, each sorted, ordered by their smallest unit.

    Each unit points to the list of its component; joining two components moves the smaller
    list's units into the larger (no function call per pair, unlike a union-find's `find`).
    """
    comp: dict[int, list[int]] = {}
    for a, b in zip(ii, jj, strict=True):
        ca, cb = comp.get(a), comp.get(b)
        if ca is None:
            if cb is None:
                comp[a] = comp[b] = [a, b]
            else:
                cb.append(a)
                comp[a] = cb
        elif cb is None:
            ca.append(b)
            comp[b] = ca
        elif ca is not cb:
            if len(ca) < len(cb):
                ca, cb = cb, ca
            ca.extend(cb)
            for k in cb:
                comp[k] = ca
    out: list[list[int]] = []
    for a in sorted(comp):
        c = comp[a]
        if c[0] != -1:  # first visit (at its smallest unit): emit it sorted, then mark it
            out.append(sorted(c))
            c[0] = -1
    return out


def group_python(pi: np.ndarray, pj: np.ndarray, prev: np.ndarray, m_prev: int,
                 out: np.ndarray) -> tuple[bool, int, int]:
    """The contract of `group`, in lists.

    `pi`, `pj`: this update's m >= 1 contact pairs (unit indices); `prev`: the last update's
    m_prev pairs, interleaved (i0, j0, i1, j1, ...), overwritten with this update's; `out`:
    receives the scenes' units, scene after scene (each sorted, scenes in order of their
    smallest unit), then each scene's end offset. Returns (the pairs equal the last update's,
    in the same order; number of scenes; number of units in them).
    """
    ii, jj = pi.tolist(), pj.tolist()
    m = len(ii)
    flat = [v for pair in zip(ii, jj, strict=True) for v in pair]
    same = m == m_prev and prev[:2 * m].tolist() == flat
    prev[:2 * m] = flat
    comps = components(ii, jj)
    members = [k for c in comps for k in c]
    ends = list(accumulate(len(c) for c in comps))
    out[:len(members) + len(ends)] = members + ends
    return same, len(comps), len(members)


def _roots_source(pi, pj, hi):  # noqa: ANN001, ANN202 - numba source
    """Union-find over the units in the pairs (indices up to `hi`): each unit's root, fully
    resolved, is the smallest unit of its component; -1 for units in no pair."""
    root = np.full(hi + 1, -1, dtype=np.int64)
    for p in range(pi.shape[0]):
        a, b = pi[p], pj[p]
        if root[a] < 0:
            root[a] = a
        if root[b] < 0:
            root[b] = b
        while root[a] != a:  # (path halving)
            root[a] = root[root[a]]
            a = root[a]
        while root[b] != b:
            root[b] = root[root[b]]
            b = root[b]
        if a < b:
            root[b] = a
        elif b < a:
            root[a] = b
    for u in range(hi + 1):  # ascending: a root (smaller) is resolved before its members
        if root[u] >= 0:
            root[u] = root[root[u]]
    return root


_roots = _njit(_roots_source)


def _group_source(pi, pj, prev, m_prev, out):  # noqa: ANN001, ANN202 - numba source
    m = pi.shape[0]
    same = m == m_prev
    hi = 0
    for p in range(m):
        a, b = pi[p], pj[p]
        if same and (prev[2 * p] != a or prev[2 * p + 1] != b):
            same = False
        prev[2 * p] = a
        prev[2 * p + 1] = b
        hi = max(hi, a, b)
    root = _roots(pi, pj, hi)
    # scenes numbered by their smallest unit (the root, met first in ascending order)
    label = np.full(hi + 1, -1, dtype=np.int64)
    size = np.zeros(hi + 1, dtype=np.int64)
    nc = 0
    for u in range(hi + 1):
        if root[u] == u:
            label[u] = nc
            nc += 1
        if root[u] >= 0:
            size[label[root[u]]] += 1
    ends = np.cumsum(size[:nc])
    total = ends[nc - 1]
    nxt = ends - size[:nc]
    for u in range(hi + 1):  # ascending: each scene's units come sorted
        if root[u] >= 0:
            c = label[root[u]]
            out[nxt[c]] = u
            nxt[c] += 1
    out[total:total + nc] = ends
    return same, nc, total


group_jit = _njit(_group_source)
#: (pairs unchanged, scenes, units in them) = group(pi, pj, prev, m_prev, out); see
#: `group_python` for the contract. Compiled: the entry point after the first call
#: (`kernels._direct`; the model always passes int64 rows and an int).
group = _direct("group", group_jit, globals()) if JIT else group_python
