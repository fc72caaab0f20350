"""Behaviour of the map: zones, distances, projection, gates and data files."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import geography as geo
from sim.model.geography import Zone

UOTSURI = (123.476, 25.743)  # lon, lat (brief)


def zones_ll(lon: float, lat: float) -> int:
    return int(geo.zones_at(*geo.to_km(lon, lat)))


def test_uotsuri_in_territorial_sea_and_contiguous_zone() -> None:
    m = zones_ll(*UOTSURI)
    assert m & Zone.SENKAKU_TS
    assert m & Zone.SENKAKU_CZ
    assert geo.territorial(m)


def test_point_30km_from_nearest_islet_is_cz_not_ts() -> None:
    # 30 km due west of Uotsuri, the westernmost islet: nearest islet is Uotsuri.
    x, y = geo.SENKAKU_ISLETS_KM[0]
    px, py = x - 30.0, y
    d = np.hypot(geo.SENKAKU_ISLETS_KM[:, 0] - px, geo.SENKAKU_ISLETS_KM[:, 1] - py)
    assert d.min() == pytest.approx(30.0)
    m = int(geo.zones_at(px, py))
    assert m & Zone.SENKAKU_CZ
    assert not m & Zone.SENKAKU_TS
    assert not geo.territorial(m)


def test_far_from_senkakus_no_senkaku_bits() -> None:
    assert not zones_ll(124.0, 29.0) & (Zone.SENKAKU_TS | Zone.SENKAKU_CZ)


def test_naha() -> None:
    naha = geo.BASES["naha"]
    m = int(geo.zones_at(naha.x, naha.y))
    assert not m & Zone.CN_ADIZ
    assert m & Zone.JP_ADIZ
    assert m & (Zone.LAND | Zone.JP_TERRITORIAL)
    assert m & Zone.JP_SIDE


def test_east_china_sea_point_in_cn_adiz() -> None:
    assert zones_ll(124.0, 29.0) & Zone.CN_ADIZ


def test_senkakus_in_both_adizs() -> None:
    m = zones_ll(*UOTSURI)
    assert m & Zone.CN_ADIZ and m & Zone.JP_ADIZ
    cx, cy = geo.SENKAKU_CENTRE_KM
    m = int(geo.zones_at(cx, cy))
    assert m & Zone.CN_ADIZ and m & Zone.JP_ADIZ


def test_chinese_coast_is_cn_territorial_not_adiz() -> None:
    for key in ("ningbo", "zhoushan", "wenzhou", "taizhou"):
        b = geo.BASES[key]
        m = int(geo.zones_at(b.x, b.y))
        assert m & Zone.CN_TERRITORIAL, key
        assert not m & Zone.CN_ADIZ, key
        assert geo.territorial(m)


def test_danjo_islands_japanese_territorial() -> None:
    # Danjo Islands (~32.0N 128.4E), site of the Aug 2024 Y-9 airspace violation (facts s2).
    m = zones_ll(128.40, 32.00)
    assert m & Zone.JP_TERRITORIAL


def test_taiwan_not_chinese_territorial() -> None:
    m = zones_ll(121.0, 23.5)  # central Taiwan
    assert m & Zone.TW_TERRITORIAL
    assert not m & Zone.CN_TERRITORIAL
    assert not geo.territorial(m)


def test_round_trip_projection() -> None:
    lon = np.array([118.0, 121.55, 125.5, 127.65, 132.0])
    lat = np.array([22.0, 29.87, 28.0, 26.2, 34.0])
    x, y = geo.to_km(lon, lat)
    lon2, lat2 = geo.to_lonlat(x, y)
    np.testing.assert_allclose(lon2, lon, atol=1e-9)
    np.testing.assert_allclose(lat2, lat, atol=1e-9)
    assert geo.to_km(125.5, 28.0) == pytest.approx((0.0, 0.0), abs=1e-9)
    x1, y1 = geo.to_km(126.0, 28.0)
    assert x1 > 0 and abs(y1) < 1.0  # x east
    x2, y2 = geo.to_km(125.5, 29.0)
    assert y2 > 0 and abs(x2) < 1e-6  # y north


def test_distances_match_public_figures() -> None:
    u = geo.to_km(*UOTSURI)
    naha, wenzhou = geo.BASES["naha"], geo.BASES["wenzhou"]
    assert geo.distance_km(u, (naha.x, naha.y)) == pytest.approx(419, abs=15)
    assert geo.distance_km(u, (wenzhou.x, wenzhou.y)) == pytest.approx(375, abs=20)
    ishigaki = geo.BASES["ishigaki"]
    assert geo.distance_km(u, (ishigaki.x, ishigaki.y)) == pytest.approx(170, abs=15)


def test_median_line_sides() -> None:
    assert not zones_ll(121.55, 29.87) & Zone.JP_SIDE  # Ningbo
    assert zones_ll(127.65, 26.20) & Zone.JP_SIDE  # Naha
    line = geo.zone_outlines()["median_line"]
    assert len(line) > 10
    # The line lies between the two coasts at Zhoushan's latitude.
    zx, zy = geo.to_km(122.10, 30.02)
    pts = line[~np.isnan(line[:, 0])]
    near = pts[np.abs(pts[:, 1] - zy) < 20]
    assert near.size and np.all(near[:, 0] > zx + 100)


def test_bases() -> None:
    assert set(geo.BASES) == {
        "ningbo", "zhoushan", "wenzhou", "taizhou", "fuzhou",
        "naha", "ishigaki", "miyako", "yonaguni",
    }  # fmt: skip
    for b in geo.BASES.values():
        assert b.side in ("CN", "JP")
        assert (b.x, b.y) == pytest.approx(geo.to_km(b.lon, b.lat))
        xmin, ymin, xmax, ymax = geo.BOUNDS_KM
        assert xmin < b.x < xmax and ymin < b.y < ymax


def test_crossed_gate_miyako() -> None:
    # From the East China Sea north of the gap to the Pacific waypoint: crosses the gap.
    start = geo.to_km(126.5, 26.5)
    p0 = np.array([start, start, geo.to_km(124.0, 28.0)])
    p1 = np.array(
        [
            geo.PACIFIC_TRANSIT_WAYPOINT_KM,
            geo.to_km(125.0, 27.5),  # stays west, inside the East China Sea
            geo.to_km(122.5, 27.0),  # stays west
        ]
    )
    crossed = geo.crossed_gate(p0, p1)
    assert crossed.tolist() == [True, False, False]
    per_gate = geo.crossed_gates(p0, p1)
    names = [g.name for g in geo.NANSEI_GATES]
    assert per_gate[0, names.index(geo.MIYAKO_GAP.name)]
    # Reversed direction counts too.
    assert geo.crossed_gate(p1[:1], p0[:1])[0]


def test_miyako_gap_width() -> None:
    # Facts s6: Okinawa-Miyako gap ~284 km; gate end points are approximate.
    assert geo.distance_km(geo.MIYAKO_GAP.a, geo.MIYAKO_GAP.b) == pytest.approx(284, abs=30)


def test_out_of_bounds_and_shapes() -> None:
    xmin, ymin, xmax, ymax = geo.BOUNDS_KM
    m = geo.zones_at([xmin - 500.0, xmax + 1e6], [0.0, ymax + 10.0])
    assert m.tolist() == [0, 0]
    assert geo.zones_at(np.zeros((3, 4)), np.zeros((3, 4))).shape == (3, 4)
    assert np.ndim(geo.zones_at(0.0, 0.0)) == 0


def test_zone_names_and_territorial_vectorised() -> None:
    assert geo.zone_names(int(Zone.SENKAKU_TS | Zone.LAND)) == ["SENKAKU_TS", "LAND"]
    assert geo.zone_names(0) == []
    masks = np.array([0, int(Zone.JP_TERRITORIAL), int(Zone.CN_ADIZ), int(Zone.CN_TERRITORIAL)])
    assert geo.territorial(masks).tolist() == [False, True, False, True]


def test_coastlines_load_inside_bounds() -> None:
    rings = geo.coastlines()
    assert len(rings) > 50
    assert len(geo.coastline_sides()) == len(rings)
    xmin, ymin, xmax, ymax = geo.BOUNDS_KM
    allc = np.concatenate(rings)
    assert allc.shape[1] == 2
    assert allc[:, 0].min() >= xmin - 1e-3 and allc[:, 0].max() <= xmax + 1e-3
    assert allc[:, 1].min() >= ymin - 1e-3 and allc[:, 1].max() <= ymax + 1e-3


def test_zone_outlines_present() -> None:
    out = geo.zone_outlines()
    assert set(out) == {"senkaku_ts", "senkaku_cz", "cn_adiz", "jp_adiz", "median_line"}
    for name, arr in out.items():
        assert arr.ndim == 2 and arr.shape[1] == 2 and len(arr) > 3, name


def test_bounds_match_raster() -> None:
    with np.load(geo.ZONES_FILE) as z:
        assert tuple(z["bounds_km"]) == geo.BOUNDS_KM


def test_scalar_lookup_agrees_with_vector_lookup() -> None:
    """`zone_at` (one point, plain Python) and `zones_at` (arrays) give the same masks."""
    rng = np.random.default_rng(1)
    cx, cy = geo.SENKAKU_CENTRE_KM
    x = np.r_[rng.uniform(-700, 600, 400), cx + rng.uniform(-60, 60, 400)]
    y = np.r_[rng.uniform(-600, 600, 400), cy + rng.uniform(-60, 60, 400)]
    vec = geo.zones_at(x, y)
    assert all(geo.zone_at(float(a), float(b)) == int(m) for a, b, m in zip(x, y, vec,
                                                                             strict=True))


def test_push_out_of_ts_lands_outside_territorial_sea() -> None:
    x, y = geo.SENKAKU_ISLETS_KM[0]
    px, py = geo.push_out_of_ts(float(x) + 3.0, float(y) + 4.0, margin=1.0)
    assert not geo.zone_at(px, py) & Zone.SENKAKU_TS
    assert geo.zone_at(px, py) & Zone.SENKAKU_CZ
