"""Random processes of activity: thinned Poisson processes drawn up front, and mission streams.

Each recurring activity is a Poisson process whose rate comes from a scenario parameter
calibrated to a public base rate (see `sim.config.parameters`). Rates rise with China's tension
through ``activity_tension_gain``. To keep common random numbers across treatments, every process
is generated up front by thinning: candidate times at the highest possible rate and one uniform
per candidate are drawn at the start of the run, together with each candidate's attributes. A
candidate is accepted if its uniform falls below the current rate's share of the maximum, so a
change in tension changes which candidates are accepted but never which numbers are drawn.

Horizon independence (issue 10): the candidates are drawn block by block (`BLOCK_HOURS`), each
block from its own stream keyed by the process's identity and the block's index, and whole
blocks are always drawn. A run's history up to day d therefore does not depend on its horizon:
a 120-day run is the first 120 days of a 365-day run with the same seed (test in
``tests/model/test_horizon.py``). Drawing one Poisson count and uniform times over the whole
horizon, as before, made every candidate time depend on the horizon.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.model.fields import instance_defaults

HOURS_PER_YEAR = 8760.0
#: Length of one block of pre-drawn candidates (30 days). Part of every stored seed's meaning.
BLOCK_HOURS = 720.0

# Mission-stream tags (part of every stored seed's meaning: never renumber).
SHELTER, STATION, INTRUSION, FISHING, JP_FISHING, SURGE, FLIGHT, RECON, TRANSIT = range(9)


@instance_defaults
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
    def draw(cls, name: str, block_rng: Callable[[int], np.random.Generator],
             rate_per_year: float, hours: float, ceiling: float, n_attr: int = 4) -> Process:
        """Candidates at `ceiling` times the base rate (``activity_max_factor``) for every
        block that starts before `hours`; block b's come from ``block_rng(b)`` alone (a stream
        keyed by the process and b), so they do not depend on the horizon."""
        lam = max(rate_per_year, 0.0) * ceiling / HOURS_PER_YEAR
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        if lam > 0:
            for b in range(int(math.ceil(hours / BLOCK_HOURS))):
                rng = block_rng(b)
                n = int(rng.poisson(lam * BLOCK_HOURS))
                times = b * BLOCK_HOURS + np.sort(rng.uniform(0.0, BLOCK_HOURS, n))
                parts.append((times, rng.random(n), rng.random((n, n_attr))))
        if not parts:
            return cls(name, np.zeros(0), np.zeros(0), np.zeros((0, n_attr)))
        times, u, attrs = (np.concatenate(x) for x in zip(*parts, strict=True))
        return cls(name, times, u, attrs)

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
