"""Commands ``experiment``, ``export`` and ``codebook`` (registered by `sim.cli.main`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.batch.backends import DEFAULT_RUN_FN, backend_for


def cmd_experiment(args: argparse.Namespace) -> int:
    from sim.batch import experiment, store
    from sim.cli.main import check_out_dir, warn_cut_events
    from sim.config.scenarios import parse_set

    exp = experiment.load_experiment(args.file)
    if args.reps is not None:
        exp = experiment.replace(exp, replications=args.reps)
    if args.days is not None:
        exp = experiment.replace(exp, days=args.days)
    if args.series:
        exp = experiment.replace(exp, series=True)
    sets = parse_set(args.set)
    arms = experiment.arms(exp, sets)
    n_points = len(experiment.design_points(exp))
    print(f"experiment {exp.name}: {n_points} design point(s) x {len(exp.scenarios)} "
          f"scenario(s){' + control' if exp.control else ''} = {len(arms)} arms, "
          f"{exp.replications} replications each ({'paired' if exp.paired else 'unpaired'})",
          file=sys.stderr)
    if args.dry_run:
        for arm in arms:
            print(f"{arm.name:<40} " + " ".join(f"{k}={v}" for k, v in arm.factors.items()
                                                 if k not in ("arm", "design_point")))
        return 0
    out = Path(args.out) if args.out else None
    if out is not None:
        check_out_dir(out)
    backend = backend_for(args.backend, args.scheduler)
    out = experiment.run_experiment(
        exp, out=out, sets=sets, workers=args.workers, backend=backend,
        scheduler=args.scheduler, run_fn=args.run_fn, chunk_size=args.chunk_size,
        command=["hotline-sim", *sys.argv[1:]], progress=False if args.quiet else None)
    warn_cut_events([a for a in arms if a.factors.get("design_point", 0) <= 0], exp.days,
                    "--days" if args.days else f"days in {args.file}:")
    summary = experiment.summarise(store.read_runs(out), exp)
    summary.to_csv(out / "experiment_summary.csv", index=False)
    with_ci = [c for c in summary.columns if not c.endswith("_ci")]
    print(summary[with_ci].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if exp.control:
        print(_effects_vs_control(out, arms))
    print(f"results: {out}  (runs.parquet, experiment_summary.csv, codebook.md)")
    man = store.read_manifest(out)
    failed = int(man.get("counts", {}).get("failed", 0))
    if failed:
        sys.stderr.write(f"hotline-sim: {failed} run(s) failed; run the same command again to "
                         "retry them\n")
        return 1
    return 0


def _effects_vs_control(out: Path, arms: list) -> str:
    """Paired effects of every arm against the control (same seeds): experiment_effects.csv,
    with the arm's varied values in front; the terminal gets the usual effect table."""
    import pandas as pd

    from sim.batch import store
    from sim.study import analysis

    control, treated = arms[0].name, [a.name for a in arms[1:]]
    eff = analysis.effects(store.read_runs(out), control, treated)
    design = pd.DataFrame([{"treatment": a.name, **a.factors} for a in arms[1:]])
    design.merge(eff, on="treatment", how="right").to_csv(out / "experiment_effects.csv",
                                                          index=False)
    return analysis.format_effects(eff)


def cmd_export(args: argparse.Namespace) -> int:
    from sim.batch import codebook, store

    src = Path(args.dir)
    store.read_manifest(src)  # not a batch DIR: one line, exit 2
    dest = Path(args.to) if args.to else src / "export"
    for path in codebook.export(src, dest, "csv" if args.csv else "parquet"):
        print(path)
    return 0


def cmd_codebook(args: argparse.Namespace) -> int:
    from sim.batch import codebook

    rows = codebook.batch_rows(Path(args.dir)) if args.dir else codebook.static_rows()
    if args.dir and not rows:
        from sim.errors import InputError

        raise InputError(args.dir, None, "no Parquet tables here (not a batch directory?)")
    if args.format == "markdown":
        print(codebook.to_markdown(rows), end="")
    elif args.format == "csv":
        import csv

        w = csv.DictWriter(sys.stdout, fieldnames=codebook.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        for r in rows:
            print(f"{r['file']:<20} {r['column']:<22} {r['type']:<7} {r['unit']:<10} "
                  f"{r['meaning']}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register experiment, export and codebook."""
    from sim.cli.main import _positive_int, add_backend_args, days_arg

    p = sub.add_parser("experiment", help="run an experiment file (parameters to vary, "
                                          "design, replications), like BehaviorSpace")
    p.add_argument("file", metavar="FILE", help="experiment TOML (see experiments/)")
    p.add_argument("--out", metavar="DIR", default=None,
                   help="results directory (default results/<name>-<timestamp>/; an "
                        "unfinished one of the same experiment is resumed)")
    p.add_argument("--reps", type=_positive_int, default=None,
                   help="override the file's replications")
    p.add_argument("--days", type=days_arg, default=None, help="override the file's days")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a parameter in every arm (repeatable)")
    add_backend_args(p)
    p.add_argument("--chunk-size", type=_positive_int, default=None,
                   help="replications per task (default: automatic)")
    p.add_argument("--series", action="store_true",
                   help="also record daily series into DIR/timeseries.parquet (as the file's "
                        "series = true)")
    p.add_argument("--dry-run", action="store_true", help="list the arms and stop")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--run-fn", default=DEFAULT_RUN_FN, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_experiment)

    p = sub.add_parser("export", help="flat CSV (or Parquet) copies of a results DIR's tables "
                                      "with the codebook")
    p.add_argument("dir", metavar="DIR", help="a results directory")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--csv", action="store_true", help="CSV files")
    fmt.add_argument("--parquet", action="store_true", help="single Parquet files (default)")
    p.add_argument("--to", metavar="DEST", default=None, help="where to write (default DIR/export)")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("codebook", help="meaning, unit and type of every output column")
    p.add_argument("dir", metavar="DIR", nargs="?", default=None,
                   help="a results directory (default: every file hotline-sim writes)")
    p.add_argument("--format", choices=("text", "markdown", "csv"), default="text")
    p.set_defaults(handler=cmd_codebook)
