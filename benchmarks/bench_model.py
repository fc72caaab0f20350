"""Speed of the simulation core (a script, not a test: timings are noisy on shared machines).

Prints run-years per second for one simulated year of ``status_quo_2022`` (best of N), and the
cost per agent-hour of ``status_quo_2022`` beside ``fishing_surge_2016`` during its surge week,
to show that the surge (hundreds of boats) does not grow quadratically.

    .venv/bin/python benchmarks/bench_model.py [--repeat 3] [--baseline REF]

``--baseline REF`` also times the code of a git ref (checked out with ``git worktree add`` into a
temporary directory) side by side: each repeat runs one fresh interpreter per side, alternating,
so both sides see the same machine load, and the ratio of the two is what to report on a shared
machine (absolute seconds there are noise).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sim.config.scenarios import load_scenario
from sim.model.model import EastChinaSeaModel, run_scenario

ROOT = Path(__file__).resolve().parents[1]
_TIMER = """
import sys, time
from sim.config.scenarios import load_scenario
from sim.model.model import run_scenario
scen = load_scenario("status_quo_2022")
run_scenario(scen, seed=999, days=3, record_events=False)  # imports, caches, compiled kernels
for seed in sys.argv[1:]:
    t0 = time.process_time()
    run_scenario(scen, seed=int(seed), days=365, record_events=False)
    print(time.process_time() - t0)
"""


def year_time(name: str, seed: int) -> float:
    """CPU seconds of one run-year (CPU time: less disturbed than wall time by other jobs)."""
    t0 = time.process_time()
    run_scenario(load_scenario(name), seed=seed, days=365, record_events=False)
    return time.process_time() - t0


def window_cost(name: str, start_day: int, days: int, seed: int = 1) -> tuple[float, float]:
    """Seconds and agent-hours (units at sea x hours) over a window of days."""
    model = EastChinaSeaModel(load_scenario(name), rng=seed, days=start_day + days,
                              record_events=False)
    model.run_for(start_day * 24)
    agent_hours = 0.0
    t0 = time.process_time()
    for _ in range(days * 24):
        model.step()
        agent_hours += int(model.fleet.at_sea[: model.fleet.n].sum())
    return time.process_time() - t0, agent_hours


def _timed_years(root: Path, seeds: list[int]) -> list[float]:
    """Seconds per run-year of the code at `root`, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    res = subprocess.run([sys.executable, "-c", _TIMER, *map(str, seeds)], cwd=root, env=env,
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"timing {root} failed:\n{res.stderr[-2000:]}")
    return [float(v) for v in res.stdout.split()]


def compare(ref: str, repeat: int) -> None:
    """This tree against `ref`, alternating fresh interpreters (same seeds on both sides)."""
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base), ref],
                       cwd=ROOT, check=True)
        try:
            rev = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.strip()
            times: dict[str, list[float]] = {"baseline": [], "this tree": []}
            for r in range(repeat):
                order = [("baseline", base), ("this tree", ROOT)]
                for label, root in order if r % 2 == 0 else order[::-1]:
                    times[label] += _timed_years(root, [r + 1])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           check=False)
    b, t = times["baseline"], times["this tree"]
    print(f"status_quo_2022, 365 days, {repeat} runs per side, alternating fresh interpreters "
          "(CPU seconds):")
    print(f"  baseline {ref} ({rev}): best {min(b):.3f} s, median {statistics.median(b):.3f} s")
    print(f"  this tree          : best {min(t):.3f} s, median {statistics.median(t):.3f} s")
    paired = sorted(x / y for x, y in zip(b, t, strict=True))
    print(f"  speed-up: best/best x{min(b) / min(t):.2f}, median/median "
          f"x{statistics.median(b) / statistics.median(t):.2f}, paired runs "
          f"x{paired[0]:.2f}..x{paired[-1]:.2f} (ratios; absolute times are noisy when shared)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", metavar="REF",
                    help="also time git REF side by side and print the ratio")
    a = ap.parse_args()
    if a.baseline:
        compare(a.baseline, a.repeat)
    run_scenario(load_scenario("status_quo_2022"), seed=999, days=3, record_events=False)
    times = [year_time("status_quo_2022", seed) for seed in range(1, a.repeat + 1)]
    best = min(times)
    print(f"status_quo_2022, 365 days: best {best:.2f} s, median "  # CPU seconds
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
