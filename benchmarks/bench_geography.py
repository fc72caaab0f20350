"""Time `zones_at`, which the model calls every simulated hour (target < 30 us per 100 points).

Run: .venv/bin/python benchmarks/bench_geography.py
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.model import geography as geo  # noqa: E402


def main() -> None:
    rng = np.random.default_rng(12345)
    xmin, ymin, xmax, ymax = geo.BOUNDS_KM
    geo.zones_at(0.0, 0.0)  # load the raster outside the timing
    for n in (1, 10, 100, 300, 1000):
        x = rng.uniform(xmin, xmax, n)
        y = rng.uniform(ymin, ymax, n)
        number = 2000
        best = min(timeit.repeat(lambda x=x, y=y: geo.zones_at(x, y), number=number, repeat=5))
        print(f"zones_at n={n:5d}: {best / number * 1e6:8.1f} us per call")


if __name__ == "__main__":
    main()
