"""Benchmarks of the batch runner (a script, not a test): prints measured figures.

    .venv/bin/python benchmarks/bench_runner.py speedup   [--runs 200] [--days 30]
    .venv/bin/python benchmarks/bench_runner.py memory    [--days 365]
    .venv/bin/python benchmarks/bench_runner.py canonical [--sample 20 | --full]
    .venv/bin/python benchmarks/bench_runner.py compact   [--compact-parts 50 200 800]
    .venv/bin/python benchmarks/bench_runner.py all

speedup:   wall time of a `--runs`-run batch (process backend) with 1 and with 2 workers, and
           the ratio (the issue's aim: >= 1.7x on 2 cores).
memory:    peak RSS of the batch process (serial backend, so the parent does everything) as
           the number of replications grows 4x and 16x; flat means rows are streamed to disk.
compact:   peak RSS of the end-of-batch compaction of a store of `--compact-parts` chunks of 4
           runs with ~950 encounter rows each (a run-year's), as the parts grow 4x and 16x;
           flat means the encounters are merged part by part, not in one table.
canonical: 3 scenarios x 1,000 replications x 365 days with 2 workers. By default a sample of
           `--sample` replications per scenario is timed and the full wall time extrapolated:
           a second batch of 2 replications measures the batch's fixed cost (interpreter,
           imports, workers, compiled-kernel cache loads), which is counted once, and only the
           rest is scaled by 1000 / sample (per-run cost is constant); `--full` runs it.
`--run-fn tests.fake_model:run` measures the runner alone, without the model's cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CANON = ("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests"),
                                         env.get("PYTHONPATH", "")])
    return env


def _timed_batch(names: list[str], reps: int, days: int, workers: int, backend: str,
                 run_fn: str, out: Path, base: str | None = None) -> float:
    """Wall time of one batch in a fresh interpreter (as a user would run it).

    With `base`, the batch is a paired comparison against it, as ``hotline-sim compare`` runs
    it (all arms of a replication in one task; see sim.batch.paired).
    """
    code = (
        "import sys, time\n"
        "from sim.config.scenarios import load_scenario\n"
        "from sim.batch.runner import run_batch\n"
        "if __name__ == '__main__':\n"
        f"    sc = [load_scenario(n) for n in {names!r}]\n"
        "    t = time.perf_counter()\n"
        f"    run_batch(sc, {reps}, seed=1, days={days}, workers={workers}, "
        f"backend={backend!r}, out={str(out)!r}, run_fn={run_fn!r}, progress=False, "
        f"base={base!r})\n"
        "    wall = time.perf_counter() - t\n"
        "    from sim.batch import store\n"
        f"    runs = store.read_runs({str(out)!r}, columns=['scenario', 'wall_s'])\n"
        "    reused = int((runs['wall_s'] < 0.05).sum())\n"
        "    print(reused, len(runs), float(runs['wall_s'].sum()))\n"
        "    print(wall)\n")
    res = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True,
                         text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(res.stderr)
    lines = res.stdout.strip().splitlines()
    reused, n, busy = lines[-2].split()
    _LAST.update(reused=int(reused), runs=int(n), busy_s=float(busy))
    return float(lines[-1])


#: Of the last timed batch: runs, runs that reused their base arm's result (under 50 ms: a
#: simulated run-year takes ~0.5 s, a reuse copies rows), and the sum of the runs' own seconds.
_LAST: dict[str, float] = {}


def bench_speedup(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    per = max(1, args.runs // 2)
    names = ["status_quo_2022", "hotline_as_agreed"]
    t1 = _timed_batch(names, per, args.days, 1, "process", args.run_fn, tmp / "w1")
    t2 = _timed_batch(names, per, args.days, 2, "process", args.run_fn, tmp / "w2")
    ts = _timed_batch(names, per, args.days, 1, "serial", args.run_fn, tmp / "s1")
    print(f"speedup: {2 * per} runs x {args.days} days: serial {ts:.1f}s, 1 worker {t1:.1f}s, "
          f"2 workers {t2:.1f}s -> speed-up 2 vs 1 workers {t1 / t2:.2f}x "
          f"(vs serial {ts / t2:.2f}x); {2 * per / t2:.1f} runs/s")
    return {"serial_s": ts, "w1_s": t1, "w2_s": t2, "speedup": t1 / t2}


def _python(code: str, *argv: str) -> str:
    """Run `code` in a fresh interpreter (this checkout on its path); its stdout, or exit with
    its stderr."""
    res = subprocess.run([sys.executable, "-c", code, *argv], env=_env(), capture_output=True,
                         text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(res.stderr)
    return res.stdout.strip()


def _peak_mib(code: str, *argv: str) -> float:
    """Peak RSS (MiB) of `code` run alone in a fresh interpreter (`_python`)."""
    tail = "\nimport resource\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    return int(_python(code + tail, *argv).splitlines()[-1]) / 1024


def _growth(label: str, out: dict[str, float], unit: str) -> None:
    first, last = next(iter(out)), next(reversed(out))
    print(f"{label}: growth from {first} to {last} {unit}: {out[last] / out[first]:.2f}x")


def bench_memory(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for reps in args.mem_reps:
        code = (
            "from sim.config.scenarios import load_scenario\n"
            "from sim.batch.runner import run_batch\n"
            "sc = [load_scenario('status_quo_2022')]\n"
            f"run_batch(sc, {reps}, seed=1, days={args.mem_days}, backend='serial', "
            f"out={str(tmp / f'm{reps}')!r}, run_fn={args.mem_run_fn!r}, progress=False, "
            "compact=True)")
        out[str(reps)] = _peak_mib(code)
        print(f"memory: {reps:>6} runs x {args.mem_days} days ({args.mem_run_fn}): "
              f"peak RSS {out[str(reps)]:.0f} MiB")
    _growth("memory", out, "runs")
    return out


#: Builds a store of N chunks x 4 runs x 950 encounters (20 numeric columns); `bench_compact`
#: then compacts it in a fresh process.
_COMPACT = """
import pathlib, sys
import numpy as np
from sim.batch import store
out, parts = pathlib.Path(sys.argv[1]), int(sys.argv[2])
out.mkdir(parents=True)
rng = np.random.default_rng(1)
for i in range(parts):
    reps = range(4 * i, 4 * i + 4)
    runs = [{"run_id": store.run_id("s", r), "scenario": "s", "rep": r, "seed": r,
             "status": "ok", "error": None, "wall_s": 0.5} for r in reps]
    n = 4 * 950
    enc = {"run_id": [store.run_id("s", r) for r in reps for _ in range(950)],
           "scenario": ["s"] * n, "rep": [r for r in reps for _ in range(950)],
           "encounter": list(range(950)) * 4,
           **{f"x{j}": rng.random(n).tolist() for j in range(20)}}
    store.write_chunk(out, f"p{i:05d}", runs, enc)
"""


def bench_compact(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    """Peak RSS of `store.compact` alone (a fresh process per store), as the store grows."""
    out: dict[str, float] = {}
    for parts in args.compact_parts:
        d = tmp / f"c{parts}"
        _python(_COMPACT, str(d), str(parts))
        out[str(parts)] = _peak_mib("import sys\nfrom sim.batch import store\n"
                                    "store.compact(sys.argv[1])", str(d))
        print(f"compact: {parts:>5} parts ({parts * 4 * 950:,} encounter rows): peak RSS "
              f"{out[str(parts)]:.0f} MiB")
    _growth("compact", out, "parts")
    return out


def bench_canonical(args: argparse.Namespace, tmp: Path) -> dict[str, float]:
    reps = 1000 if args.full else args.sample
    t = _timed_batch(list(CANON), reps, 365, 2, "process", args.run_fn, tmp / "canon",
                     base=CANON[0])
    st = dict(_LAST)
    fixed = 0.0
    # the fixed cost, from a 2-rep batch: counted once, not x 1000 / reps
    if not args.full and reps > FIXED_REPS:
        t2 = _timed_batch(list(CANON), FIXED_REPS, 365, 2, "process", args.run_fn,
                          tmp / "fixed", base=CANON[0])
        fixed = min(t, max(0.0, (t2 * reps - t * FIXED_REPS) / (reps - FIXED_REPS)))
    total = t if args.full else fixed + (t - fixed) * 1000 / reps
    kind = ("measured" if args.full else f"extrapolated from {reps} reps/scenario ({t:.1f}s; "
            f"fixed cost {fixed:.1f}s, from a {FIXED_REPS}-rep batch)")
    print(f"canonical: {st['reused']} of {st['runs']} runs reused their base arm's result; "
          f"the others took {st['busy_s'] / max(1, st['runs'] - st['reused']):.2f} s each "
          f"(wall, under this load)")
    print(f"canonical: 3 scenarios x 1000 reps x 365 days, 2 workers, paired as `compare` "
          f"runs it: {total / 60:.1f} min ({kind}); {3 * reps / t:.2f} runs/s; goal < 5 min; "
          f"1-min load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return {"wall_s": total, "sample_s": t, "reps": reps, "fixed_s": fixed, **st}


#: Replications per scenario of the batch that measures the canonical batch's fixed cost: with
#: the sample's, two points of the line wall = fixed + reps x per-rep.
FIXED_REPS = 2


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", nargs="?", default="all",
                   choices=("speedup", "memory", "compact", "canonical", "all"))
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--run-fn", default="sim.model:run_scenario")
    p.add_argument("--mem-reps", type=int, nargs="+", default=[250, 1000, 4000])
    p.add_argument("--mem-days", type=int, default=365)
    p.add_argument("--mem-run-fn", default="tests.fake_model:run")
    p.add_argument("--compact-parts", type=int, nargs="+", default=[50, 200, 800])
    p.add_argument("--sample", type=int, default=20)
    p.add_argument("--full", action="store_true")
    p.add_argument("--json", help="also write the figures to this JSON file")
    args = p.parse_args()
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-runner-") as d:
        tmp = Path(d)
        if args.what in ("speedup", "all"):
            figures["speedup"] = bench_speedup(args, tmp)
        if args.what in ("memory", "all"):
            figures["memory"] = bench_memory(args, tmp)
        if args.what in ("compact", "all"):
            figures["compact"] = bench_compact(args, tmp)
        if args.what in ("canonical", "all"):
            figures["canonical"] = bench_canonical(args, tmp)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"(benchmark took {time.perf_counter() - started:.0f}s)")
