"""Flights: PLA aircraft towards and along Japan's ADIZ, Japanese reconnaissance flights.

PLA flights pick a kind (drone, bomber, reconnaissance, fighter) by the scenario's shares and a
route from the kind's usual ones; they fly the route, loiter at its end for about
``flight_hours`` and go home. Japan's radar watches each leg (`sim.model.responses`) and
scrambles JASDF fighters when a leg enters Japan's ADIZ. Japanese patrol aircraft fly a route
along the median line; a share of them is intercepted by PLA fighters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model import geography as geo
from sim.model.missions import Route
from sim.model.processes import FLIGHT, RECON

if TYPE_CHECKING:
    import numpy as np

    from sim.model.activity import Activity


def _pt(lon: float, lat: float) -> tuple[float, float]:
    x, y = geo.to_km(lon, lat)
    return float(x), float(y)


# Every route's legs and loiter area stay outside Japanese territorial airspace (checked by
# tests/model/test_activity_routes.py): violations are rare in the record (first by a Y-9, Aug
# 2024).
PLA_ROUTES = {
    # Through the Okinawa-Miyako gap into the Pacific and back (bombers, recon, drones).
    "miyako": [_pt(124.5, 27.3), _pt(126.4, 25.4), _pt(127.5, 24.3)],
    # Along the ECS median line / ADIZ overlap (recon and fighters).
    "median": [_pt(124.8, 29.5), _pt(125.8, 28.0), _pt(124.8, 26.8)],
    # South through the Yonaguni-Taiwan gap and out south of the Sakishima (drones, recon).
    "yonaguni": [_pt(122.3, 25.6), _pt(122.5, 24.3), _pt(123.6, 23.4)],
    # North, towards the Danjo islands and Kyushu (recon), staying out of territorial airspace.
    "north": [_pt(125.5, 31.0), _pt(127.0, 31.6), _pt(127.3, 31.9)],
}
JP_RECON_ROUTE = [_pt(126.0, 28.0), _pt(125.2, 29.5), _pt(124.7, 28.2)]
#: the routes each kind of PLA aircraft flies (drawn uniformly; repeats weight a route)
PLA_KIND_ROUTES = {"PLA_DRONE": ("yonaguni", "miyako"), "PLA_BOMBER": ("miyako", "median"),
                   "PLA_RECON": ("median", "miyako", "north", "yonaguni"),
                   "PLA_FIGHTER": ("median", "median", "miyako")}


class Flights:
    """PLA flights and Japanese reconnaissance flights."""

    def __init__(self, act: Activity) -> None:
        self.act = act
        self.model = act.model

    def pla_kind(self, a0: float) -> str:
        """The kind of a PLA flight from one uniform and the scenario's shares."""
        p = self.model.p
        drone, bomber, recon = p["pla_drone_share"], p["pla_bomber_share"], p["pla_recon_share"]
        if a0 < drone:
            return "PLA_DRONE"
        if a0 < drone + bomber:
            return "PLA_BOMBER"
        if a0 < drone + bomber + recon:
            return "PLA_RECON"
        return "PLA_FIGHTER"

    def pla_flight(self, t: float, attrs: np.ndarray) -> None:
        m = self.model
        p = m.p
        kind = self.pla_kind(attrs[0])
        routes = PLA_KIND_ROUTES[kind]
        route = routes[int(attrs[1] * len(routes)) % len(routes)]
        home = "fuzhou" if route == "yonaguni" or attrs[2] < 0.5 else "ningbo"
        ac = m.pool.take(kind, home)
        ac.scrambled = False
        # the flights of one route on one day are one deployment (a theatre air patrol)
        m.deployments.new("CN", "air_patrol", f"PLA air patrol on the {route} route, day "
                          f"{int(t // 24)}", [ac], key=("air", route, int(t // 24)))
        dwell = max(0.0, p["flight_hours"] * (0.5 + attrs[3]) - 2.0)
        mission = Route(PLA_ROUTES[route], m, dwell=dwell,
                        rng=self.act.rng_for_mission(FLIGHT, t),
                        dwell_radius=p["pla_flight_dwell_km"])
        mission.start(ac)

    def jp_recon_flight(self, t: float, attrs: np.ndarray) -> None:
        m = self.model
        ac = m.pool.take("JP_PATROL", "naha")
        mission = Route(JP_RECON_ROUTE, m, dwell=2.0 + 3.0 * attrs[0],
                        rng=self.act.rng_for_mission(RECON, t),
                        dwell_radius=m.p["jp_recon_dwell_km"])
        mission.start(ac)
        if attrs[1] < m.p["pla_intercept_share"]:
            m.responses.intercept(ac, after=1.0 + attrs[2])
