"""Commands ``batch``, ``compare``, ``plot`` and ``report`` (registered by `sim.cli.main`).

Heavy imports (pandas, the runner, matplotlib) happen inside the handlers so the rest of the
command line stays instant.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.batch.backends import DEFAULT_RUN_FN, backend_for
from sim.errors import InputError

#: Default replications of `compare` (the main job): sized to finish in a few minutes here.
COMPARE_REPS = 1000
BATCH_REPS = 100
TARGET_CI = 0.02


def _load_scenarios(names: list[str], sets: list[str] | None) -> list:
    from sim.config.scenarios import load_scenario, parse_set

    overrides = parse_set(sets)
    scens = [load_scenario(n, overrides) for n in names]
    seen: set[str] = set()
    for s in scens:
        if s.name in seen:
            raise InputError("scenarios", s.name, "listed twice")
        seen.add(s.name)
    return scens


def _run(args: argparse.Namespace, base: str | None) -> tuple[Path, dict]:
    from sim.batch import runner, store
    from sim.study import sequential

    names = ([args.base] + args.treatments) if base else args.scenarios
    scens = _load_scenarios(names, args.set)
    backend = backend_for(args.backend, args.scheduler)
    kw = dict(seed=args.seed, days=args.days, workers=args.workers, backend=backend,
              scheduler=args.scheduler, run_fn=args.run_fn, chunk_size=args.chunk_size,
              run_timeout=args.run_timeout,
              command=["hotline-sim", *sys.argv[1:]],
              progress=False if args.quiet else None, series=args.series)
    out = Path(args.out) if args.out else None
    if out is not None:
        from sim.cli.main import check_out_dir

        check_out_dir(out)
    if args.run_fn:
        runner.resolve_run_fn(args.run_fn)  # a bad --run-fn fails here, in one line
    if args.until_ci:
        out, _ = sequential.run_until_ci(scens, args.until_ci, reps=args.reps,
                                     max_reps=max(args.max_reps, args.reps), base=base,
                                     out=out, **kw)
    else:
        out = runner.run_batch(scens, args.reps, out=out, base=base, **kw)
    from sim.cli.main import warn_cut_events

    warn_cut_events(scens, args.days)  # after the batch: bad input stays a single line
    return out, store.read_manifest(out)


def _finish(out: Path, man: dict) -> int:
    failed = int(man.get("counts", {}).get("failed", 0))
    print(f"results: {out}")
    if failed:
        sys.stderr.write(f"hotline-sim: {failed} run(s) failed; their errors are in "
                         f"{out / 'runs.parquet'} (status, error); run the same command again "
                         "to retry them\n")
        return 1
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    from sim.batch import store
    from sim.study import analysis

    out, man = _run(args, base=None)
    runs = store.read_runs(out)
    print(analysis.format_scenarios(analysis.scenario_stats(runs)))
    if args.report:
        from sim.study.report import write_report

        print(f"report: {write_report(out, target=args.target_ci)}")
    return _finish(out, man)


def _cmd_compare(args: argparse.Namespace) -> int:
    from sim.batch import store
    from sim.study import analysis

    out, man = _run(args, base=args.base)
    runs = store.read_runs(out)
    ok = runs[runs["status"] == "ok"] if not runs.empty else runs
    empty = [n for n in [args.base, *args.treatments] if not (ok["scenario"] == n).any()]
    if empty:
        sys.stderr.write(f"hotline-sim: no successful run of {', '.join(empty)}; nothing to "
                         "compare\n")
        _finish(out, man)
        return 1
    eff = analysis.effects(runs, args.base, args.treatments)
    print(analysis.format_effects(eff))
    ade = analysis.adequacy(runs, args.base, target=args.target_ci)
    print(f"main effect CI half-width {ade['halfwidth']:.4f} with {ade['n']} pairs; "
          f"{ade['reps_needed']} replications would reach +/-{args.target_ci}")
    if not args.no_report:
        from sim.study.report import write_report

        print(f"report: {write_report(out, target=args.target_ci)}")
    return _finish(out, man)


def _cmd_plot(args: argparse.Namespace) -> int:
    from sim.study.plots import write_plots

    paths = write_plots(Path(args.dir), base=args.base)
    print(f"{len(paths)} files in {Path(args.dir) / 'plots'}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from sim.study.report import write_report

    path = write_report(Path(args.dir), base=args.base, target=args.target_ci,
                        redraw=not args.no_plots)
    print(path)
    return 0


def _common(p: argparse.ArgumentParser, reps: int) -> None:
    from sim.cli import main as cli

    _nonneg_int, _positive_int, days_arg = cli._nonneg_int, cli._positive_int, cli.days_arg
    add_backend_args, bounded_float = cli.add_backend_args, cli.bounded_float

    p.add_argument("--reps", type=_positive_int, default=reps,
                   help=f"replications per scenario (default {reps}, at most 1000000)")
    p.add_argument("--days", type=days_arg, default=None,
                   help="simulated days, 1-3650 (default: the scenario's, 365)")
    p.add_argument("--seed", type=_nonneg_int, default=1,
                   help="batch seed; replication i of every scenario gets the same seed")
    add_backend_args(p)
    p.add_argument("--out", metavar="DIR", default=None,
                   help="results directory (default results/<name>-<timestamp>/; an "
                        "unfinished one of the same batch is resumed)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a parameter in every scenario (repeatable)")
    p.add_argument("--until-ci", type=bounded_float(0, 1e6), metavar="W", default=None,
                   help="add replications until the main effect's 95%% CI half-width <= W")
    p.add_argument("--max-reps", type=_positive_int, default=10_000,
                   help="cap for --until-ci (default 10000)")
    p.add_argument("--target-ci", type=bounded_float(0, 1e6), default=TARGET_CI,
                   help=f"half-width for the replications-needed estimate (default {TARGET_CI})")
    p.add_argument("--run-timeout", type=bounded_float(0, 7 * 86400), metavar="SECONDS",
                   default=None, help="a run taking longer is stopped and marked failed; the "
                   "batch goes on (default: no limit)")
    p.add_argument("--chunk-size", type=_positive_int, default=None,
                   help="replications per task (default: automatic)")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--series", action="store_true",
                   help="also record each run's daily series (tension, units at sea, "
                        "encounters by rung, hotline states) into DIR/timeseries.parquet")
    # module:function of another run function with run_scenario's signature (tests, variants)
    p.add_argument("--run-fn", default=DEFAULT_RUN_FN, help=argparse.SUPPRESS)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register batch, compare, plot and report."""
    from sim.cli.main import bounded_float

    p = sub.add_parser("batch", help="run N replications of each scenario into a results DIR")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario names or files")
    _common(p, BATCH_REPS)
    p.add_argument("--report", action="store_true", help="also write plots and the report")
    p.set_defaults(handler=_cmd_batch)

    p = sub.add_parser("compare", help="paired comparison of treatments against a base "
                                       "scenario, with effects, plots and a report")
    p.add_argument("base", metavar="BASE", help="the base scenario")
    p.add_argument("treatments", nargs="+", metavar="TREATMENT", help="treatment scenarios")
    _common(p, COMPARE_REPS)
    p.add_argument("--no-report", action="store_true", help="do not write plots and report")
    p.set_defaults(handler=_cmd_compare)

    p = sub.add_parser("plot", help="redraw the plots of a results DIR into DIR/plots/")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--base", default=None, help="base scenario (default: the batch's)")
    p.set_defaults(handler=_cmd_plot)

    p = sub.add_parser("report", help="write DIR/report.md and report.html from a results DIR")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--base", default=None, help="base scenario (default: the batch's)")
    p.add_argument("--target-ci", type=bounded_float(0, 1e6), default=TARGET_CI,
                   help=f"target CI half-width for replication adequacy (default {TARGET_CI})")
    p.add_argument("--no-plots", action="store_true", help="use the plots already drawn")
    p.set_defaults(handler=_cmd_report)
