"""Random processes of activity: thinned Poisson processes drawn up front, and mission streams.

Each recurring activity is a Poisson process whose rate comes from a scenario parameter
calibrated to a public base rate (see `sim.config.parameters`). Rates rise with China's tension
through ``activity_tension_gain``. To keep common random numbers across treatments, every process
is generated up front by thinning: candidate times at the highest possible rate and one uniform
per candidate are drawn at the start of the run from the activity stream, together with each
candidate's attributes. A candidate is accepted if its uniform falls below the current rate's
share of the maximum, so a change in tension changes which candidates are accepted but never
which numbers are drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

HOURS_PER_YEAR = 8760.0

# Mission-stream tags (part of every stored seed's meaning: never renumber).
SHELTER, STATION, INTRUSION, FISHING, JP_FISHING, SURGE, FLIGHT, RECON, TRANSIT = range(9)


@dataclass
class Process:
    """A thinned Poisson process with pre-drawn candidates (times in hours, uniforms, attrs)."""

    name: str
    times: np.ndarray
    u: np.ndarray
    attrs: np.ndarray  # (n, k) uniforms for the candidate's attributes
    ptr: int = 0
    next_t: float = math.inf  # time of the next candidate (a plain float: cheap hourly test)

    def __post_init__(self) -> None:
        self.next_t = float(self.times[self.ptr]) if self.ptr < len(self.times) else math.inf

    @classmethod
    def draw(cls, name: str, rng: np.random.Generator, rate_per_year: float, hours: float,
             ceiling: float, n_attr: int = 4) -> Process:
        """Candidates at `ceiling` times the base rate over `hours` (``activity_max_factor``)."""
        lam = max(rate_per_year, 0.0) * ceiling / HOURS_PER_YEAR
        n = int(rng.poisson(lam * hours)) if lam > 0 else 0
        times = np.sort(rng.uniform(0.0, hours, n))
        return cls(name, times, rng.random(n), rng.random((n, n_attr)))

    def due(self, now: float, accept_prob: float) -> list[tuple[float, np.ndarray]]:
        """(time, attributes) of the candidates up to `now` accepted at `accept_prob`."""
        if self.next_t > now:  # most hours: nothing due
            return []
        out = []
        while self.ptr < len(self.times) and self.times[self.ptr] <= now:
            if self.u[self.ptr] < accept_prob:
                out.append((float(self.times[self.ptr]), self.attrs[self.ptr]))
            self.ptr += 1
        self.next_t = float(self.times[self.ptr]) if self.ptr < len(self.times) else math.inf
        return out


def poisson_inv(mean: float, u: float) -> int:
    """Poisson quantile by inversion of one uniform (so one draw gives one count)."""
    if mean <= 0:
        return 0
    k, pk = 0, math.exp(-mean)
    cdf = pk
    while u > cdf and k < 100:
        k += 1
        pk *= mean / k
        cdf += pk
    return k
