"""Where a point is, legally: the Senkaku islets and their waters, the ADIZs, territorial seas,
and the `Zone` bitmask that `zones_at` / `zone_at` return every simulated hour.

The Senkaku territorial sea and contiguous zone are computed exactly from the five islets (point
distance minus an equal-area radius per islet); everything else comes from a raster of 2 km cells
(`sim/model/data/zones.npz`, made by `tools/make_geodata.py` from the definitions here). The
simplifications are listed in `sim.model.geography`.
"""

from __future__ import annotations

import enum
import functools
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from sim.model import kernels
from sim.model.projection import to_km

DATA_DIR = Path(__file__).resolve().parent / "data"
ZONES_FILE = DATA_DIR / "zones.npz"

# --------------------------------------------------------------------------------------------
# Senkaku / Diaoyu islands
# --------------------------------------------------------------------------------------------


class Islet(NamedTuple):
    """One Senkaku feature: position (approximate, +-1 km) and area (MOFA)."""

    name: str
    lon: float
    lat: float
    area_km2: float


#: Positions: Uotsuri from the brief (25.743N 123.476E); the others from the Wikipedia articles
#: on each island (approximate to ~0.01 deg). Areas: Japan MOFA "Information about the Senkaku
#: Islands" (GSI 2014 survey; areas include adjacent islets; total 5.53 km2).
SENKAKU_ISLETS: tuple[Islet, ...] = (
    Islet("Uotsuri", 123.476, 25.743, 3.81),
    Islet("Kuba", 123.682, 25.923, 0.91),
    Islet("Taisho", 124.560, 25.922, 0.06),
    Islet("Kitakojima", 123.540, 25.730, 0.31),
    Islet("Minamikojima", 123.552, 25.725, 0.40),
)

#: 12 nm = 22.224 km (UNCLOS art. 3; 1 nm = 1.852 km exactly).
TERRITORIAL_SEA_KM = 22.224
#: 24 nm = 44.448 km (UNCLOS art. 33).
CONTIGUOUS_ZONE_KM = 44.448

_ISLET_X, _ISLET_Y = to_km([i.lon for i in SENKAKU_ISLETS], [i.lat for i in SENKAKU_ISLETS])
#: Equal-area radius of each islet, so that zones are measured roughly from its shore rather than
#: its centre (APPROXIMATION: Uotsuri is ~3.5 km long, so its shore is up to ~0.7 km off).
SENKAKU_ISLET_RADII_KM: np.ndarray = np.sqrt(np.array([i.area_km2 for i in SENKAKU_ISLETS]) / np.pi)
SENKAKU_ISLETS_KM: np.ndarray = np.column_stack([_ISLET_X, _ISLET_Y])
#: Area-weighted centre of the five islets (km); near Uotsuri, which dominates the area.
SENKAKU_CENTRE_KM: tuple[float, float] = (
    float(np.average(_ISLET_X, weights=[i.area_km2 for i in SENKAKU_ISLETS])),
    float(np.average(_ISLET_Y, weights=[i.area_km2 for i in SENKAKU_ISLETS])),
)
_TS2 = (TERRITORIAL_SEA_KM + SENKAKU_ISLET_RADII_KM) ** 2
_CZ2 = (CONTIGUOUS_ZONE_KM + SENKAKU_ISLET_RADII_KM) ** 2
# the same islet tests as plain floats, for the one-point lookup `zone_at`
_ISLET_SCALARS: tuple[tuple[float, float, float, float], ...] = tuple(
    (float(x), float(y), float(ts2), float(cz2))
    for x, y, ts2, cz2 in zip(_ISLET_X, _ISLET_Y, _TS2, _CZ2, strict=True))

# --------------------------------------------------------------------------------------------
# ADIZ definitions (lon, lat vertices; the tool densifies edges along lon/lat straight lines)
# --------------------------------------------------------------------------------------------


def _dm(deg: int, minutes: int) -> float:
    return deg + minutes / 60.0


#: China's East China Sea ADIZ, 23 Nov 2013, the six published points (PRC MND; facts s2/s6),
#: north to south. The zone is closed by China's territorial-sea line: the tool closes it due
#: west from the first and last points to the coast and removes China's land and 12 nm belt
#: (APPROXIMATION of "bounded by China's territorial sea line").
CN_ADIZ_POINTS_LONLAT: tuple[tuple[float, float], ...] = (
    (_dm(121, 47), _dm(33, 11)),
    (_dm(125, 0), _dm(33, 11)),
    (_dm(128, 20), _dm(31, 0)),
    (_dm(125, 0), _dm(25, 38)),
    (_dm(123, 0), _dm(24, 45)),
    (_dm(120, 58), _dm(26, 44)),
)

#: Japan's ADIZ, APPROXIMATION (official coordinates not found; facts s6). Western edge from a
#: secondary description (sun-bin blog 2006, consistent with Chinese press 2013 saying it reaches
#: ~130 km from Zhejiang): from the Japan/Korea ADIZ boundary south of Jeju along 125E to 30N,
#: then south-west to ~122.4E (27.4N), then to the 123E meridian, which it follows south; the
#: 123E line split Yonaguni until 2010 (globalsecurity.org), after which the zone bulges around
#: Yonaguni by 12 nm + 2 nm (JP_ADIZ_YONAGUNI_BULGE_KM). The northern edge with Korea's ADIZ
#: (32.5N to 127.5E, then north-east through the Korea Strait) and the southern edge (23N) are
#: rough guesses, outside the area where the model's events happen. The eastern part is closed
#: beyond the modelled box.
JP_ADIZ_POINTS_LONLAT: tuple[tuple[float, float], ...] = (
    (125.0, 32.5),
    (127.5, 32.5),
    (129.3, 35.0),
    (134.0, 35.0),
    (134.0, 23.0),
    (123.0, 23.0),
    (123.0, 26.0),
    (122.4, 27.4),
    (125.0, 30.0),
)
#: 2010 revision: 22 km from the baseline plus a 3.7 km buffer around Yonaguni (globalsecurity).
JP_ADIZ_YONAGUNI_BULGE_KM = 22.2 + 3.7

# --------------------------------------------------------------------------------------------
# Zones
# --------------------------------------------------------------------------------------------


class Zone(enum.IntFlag):
    """Bit flags for where a point is. A point in SENKAKU_TS is also in SENKAKU_CZ.

    SENKAKU_CZ means "within 24 nm of the islets" (territorial sea included), so "in the
    contiguous zone proper" is ``SENKAKU_CZ and not SENKAKU_TS``.
    """

    SENKAKU_TS = 1 << 0  # within 12 nm of a Senkaku islet (analytic)
    SENKAKU_CZ = 1 << 1  # within 24 nm of a Senkaku islet, TS included (analytic)
    CN_ADIZ = 1 << 2  # China's 2013 ECS ADIZ (outside China's 12 nm belt)
    JP_ADIZ = 1 << 3  # Japan's ADIZ (approximate)
    JP_TERRITORIAL = 1 << 4  # within 12 nm of Japanese land other than the Senkakus
    CN_TERRITORIAL = 1 << 5  # within 12 nm of the Chinese mainland or its islands (not Taiwan)
    TW_TERRITORIAL = 1 << 6  # within 12 nm of Taiwan / Penghu
    JP_SIDE = 1 << 7  # nearer Japanese land (Senkakus included) than Chinese/Taiwanese land
    LAND = 1 << 8  # GSHHG land (lakes included)


_RASTER_BITS = (
    Zone.CN_ADIZ
    | Zone.JP_ADIZ
    | Zone.JP_TERRITORIAL
    | Zone.CN_TERRITORIAL
    | Zone.TW_TERRITORIAL
    | Zone.JP_SIDE
    | Zone.LAND
)
_TERRITORIAL_BITS = int(Zone.SENKAKU_TS | Zone.JP_TERRITORIAL | Zone.CN_TERRITORIAL)
_TS_BIT = int(Zone.SENKAKU_TS)
_TSCZ_BITS = int(Zone.SENKAKU_TS | Zone.SENKAKU_CZ)
_CZ_BIT = int(Zone.SENKAKU_CZ)
assert (_TS_BIT, _CZ_BIT) == (1, 2), "sim.model.kernels sets the Senkaku bits as 1 and 2"


class _Raster(NamedTuple):
    table: np.ndarray  # (ny + 2, nx + 2) int64, a zero border for out-of-bounds points
    x0: float  # x of the left edge of the padded table
    y0: float
    inv_res: float
    nx: int  # padded shape
    ny: int


@functools.lru_cache(maxsize=1)
def _raster() -> _Raster:
    """Load zones.npz once; pad with a border of zeros so that clipping sends outsiders there."""
    with np.load(ZONES_FILE) as z:
        grid = z["raster"].astype(np.int64)
        res = float(z["res_km"])
        x0, y0 = float(z["x0"]), float(z["y0"])
    table = np.zeros((grid.shape[0] + 2, grid.shape[1] + 2), dtype=np.int64)
    table[1:-1, 1:-1] = grid
    return _Raster(table, x0 - res, y0 - res, 1.0 / res, table.shape[1], table.shape[0])


_ISLETS = np.column_stack([_ISLET_X, _ISLET_Y, _TS2, _CZ2])  # (k, 4) for the kernels


def zones_at(x: ArrayLike, y: ArrayLike) -> np.ndarray:
    """Zone bitmask (int64 array, shape of the broadcast inputs) of points in km.

    Fast path for the hourly step: one compiled loop over 1-d inputs
    (`sim.model.kernels.zones_jit`), else the numpy twin (~20 numpy calls, no Python loop).
    """
    r = _raster()
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if _ZONES_JIT is not None and x.ndim == 1 and x.shape == y.shape:
        return _ZONES_JIT(x, y, r.table, r.x0, r.y0, r.inv_res, r.nx, r.ny, _ISLETS)
    # Both clip before the cast, so that outsiders land on the zero border (no NaN allowed).
    return kernels.zones_numpy(x, y, r.table, r.x0, r.y0, r.inv_res, r.nx, r.ny, _ISLETS)


def zone_at(x: float, y: float) -> int:
    """Zone bitmask of one point (about 10x faster than `zones_at` for one point).

    Used where missions pick waypoints one at a time; same raster and islet test as
    `zones_at` (a test checks that they agree): compiled when numba is there, else plain
    Python.
    """
    if _ZONE_JIT is not None:
        return _ZONE_JIT(x, y, *(_KERNEL_ARGS or zone_kernel_args()))
    r = _raster()
    fx = min(max((x - r.x0) * r.inv_res, 0.0), r.nx - 1.0)
    fy = min(max((y - r.y0) * r.inv_res, 0.0), r.ny - 1.0)
    mask = int(r.table.item(int(fy), int(fx)))
    for ix, iy, ts2, cz2 in _ISLET_SCALARS:
        dx, dy = x - ix, y - iy
        d2 = dx * dx + dy * dy
        if d2 <= cz2:
            mask |= _CZ_BIT
            if d2 <= ts2:
                mask |= _TS_BIT
    return mask


_ZONES_JIT = kernels.zones_jit if kernels.JIT else None
_ZONE_JIT = kernels.zone_one_jit if kernels.JIT else None
_KERNEL_ARGS: tuple[Any, ...] = ()


def zone_kernel_args() -> tuple[Any, ...]:
    """The raster and islet arguments of the zone kernels after the point(s): ``(table, x0, y0,
    inv_res, nx, ny, islets)`` for `kernels.zones_jit`, `kernels.zone_one_jit` and
    `kernels.zones_numpy` (loaded on first use)."""
    global _KERNEL_ARGS
    if not _KERNEL_ARGS:
        r = _raster()
        _KERNEL_ARGS = (r.table, r.x0, r.y0, r.inv_res, r.nx, r.ny, _ISLETS)
    return _KERNEL_ARGS


_KERNEL_GRID: tuple[Any, ...] = ()


def zone_kernel_grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The zone raster for kernels that take it packed: ``(table, grid, islets)`` with `grid`
    the float64 array ``[x0, y0, inv_res, nx, ny]`` (`kernels.loiter_point`: fewer arguments
    to type and unbox per call; nx and ny are converted back to integers in the kernel)."""
    global _KERNEL_GRID
    if not _KERNEL_GRID:
        table, x0, y0, inv_res, nx, ny, islets = zone_kernel_args()
        _KERNEL_GRID = (table, np.array([x0, y0, inv_res, nx, ny], dtype=np.float64), islets)
    return _KERNEL_GRID


def push_out_of_ts(x: float, y: float, margin: float = 1.0) -> tuple[float, float]:
    """The nearest point just outside the Senkaku territorial sea (radially from each islet)."""
    px, py = x, y
    for _ in range(len(_ISLET_SCALARS) + 1):
        inside = [(ix, iy, ts2) for ix, iy, ts2, _ in _ISLET_SCALARS
                  if (px - ix) ** 2 + (py - iy) ** 2 <= ts2]
        if not inside:
            return px, py
        ix, iy, ts2 = inside[0]
        dx, dy = px - ix, py - iy
        d = (dx * dx + dy * dy) ** 0.5 or 1e-9
        r = ts2 ** 0.5 + margin
        px, py = ix + dx / d * r, iy + dy / d * r
    return px, py


def zone_names(mask: int) -> list[str]:
    """Names of the zones set in `mask`, in bit order (for logs and reports)."""
    m = int(mask)
    return [z.name for z in Zone if m & z.value and z.name is not None]


def territorial(mask: ArrayLike) -> bool | np.ndarray:
    """True where the point is in some state's territorial sea/airspace (or on its land).

    Counts SENKAKU_TS, JP_TERRITORIAL and CN_TERRITORIAL: the waters where, by the 2015
    agreement, the communication mechanism does not apply (facts s2). Taiwan's belt is excluded.
    """
    if np.ndim(mask) == 0:
        return bool(int(mask) & _TERRITORIAL_BITS)
    return (np.asarray(mask) & _TERRITORIAL_BITS) != 0

