"""Speed of the simulation core (a script, not a test: timings are noisy on shared machines).

Prints run-years per second for one simulated year of ``status_quo_2022`` (best of N), and the
cost per agent-hour of ``status_quo_2022`` beside ``fishing_surge_2016`` during its surge week,
to show that the surge (hundreds of boats) does not grow quadratically.

    .venv/bin/python benchmarks/bench_model.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

from sim.config.scenarios import load_scenario
from sim.model.model import EastChinaSeaModel, run_scenario


def year_time(name: str, seed: int) -> float:
    t0 = time.perf_counter()
    run_scenario(load_scenario(name), seed=seed, days=365, record_events=False)
    return time.perf_counter() - t0


def window_cost(name: str, start_day: int, days: int, seed: int = 1) -> tuple[float, float]:
    """Seconds and agent-hours (units at sea x hours) over a window of days."""
    model = EastChinaSeaModel(load_scenario(name), rng=seed, days=start_day + days,
                              record_events=False)
    model.run_for(start_day * 24)
    agent_hours = 0.0
    t0 = time.perf_counter()
    for _ in range(days * 24):
        model.step()
        agent_hours += int(model.fleet.at_sea[: model.fleet.n].sum())
    return time.perf_counter() - t0, agent_hours


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    times = [year_time("status_quo_2022", seed) for seed in range(1, a.repeat + 1)]
    best = min(times)
    print(f"status_quo_2022, 365 days: best {best:.2f} s, median "
          f"{sorted(times)[len(times) // 2]:.2f} s  ->  {1 / best:.2f} run-years/s per core")
    surge = next(e for e in load_scenario("fishing_surge_2016").events if e.kind == "surge")
    day = int(surge.day)
    s_sec, s_ah = window_cost("status_quo_2022", day, 7)
    f_sec, f_ah = window_cost("fishing_surge_2016", day, 7)
    print(f"status_quo_2022    days {day}-{day + 7}: {s_ah / (7 * 24):6.1f} units at sea, "
          f"{1e6 * s_sec / s_ah:7.1f} us per agent-hour")
    print(f"fishing_surge_2016 days {day}-{day + 7}: {f_ah / (7 * 24):6.1f} units at sea, "
          f"{1e6 * f_sec / f_ah:7.1f} us per agent-hour")
    print(f"agents x{f_ah / s_ah:.1f}, time x{f_sec / s_sec:.1f}: cost per agent-hour ratio "
          f"{(f_sec / f_ah) / (s_sec / s_ah):.2f} (1.0 = linear; quadratic would track agents)")


if __name__ == "__main__":
    main()
