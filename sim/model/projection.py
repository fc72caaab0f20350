"""The projection: model kilometres on a local azimuthal equidistant projection of the East China
Sea, and the conversions to and from longitude/latitude (see `sim.model.geography` for the map).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["BOUNDS_KM", "PROJ_CENTRE_LONLAT", "PROJ_STRING", "REGION_LONLAT", "distance_km",
           "to_km", "to_lonlat"]

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
