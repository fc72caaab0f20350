"""The command line: ``hotline-sim <command>`` (also ``python -m sim``).

Every command turns bad input into one line on stderr and exit status 2 (`sim.errors.InputError`).
Heavy imports (mesa, the runner, plotting, the web view) happen inside the command that needs
them, so ``hotline-sim scenarios`` stays instant. A command missing an optional dependency says
which extra to install; output piped into ``head`` ends quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sim.errors import InputError

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def check_out_dir(out: Path, option: str = "--out") -> None:
    """An output directory must be a directory (or creatable): one clear line otherwise."""
    if out.exists() and not out.is_dir():
        raise InputError(option, str(out), "exists and is not a directory")
    parent = next((p for p in out.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise InputError(option, str(out), f"{parent} is not a directory")


# --------------------------------------------------------------------------- single runs
def _cmd_run(args: argparse.Namespace) -> int:
    from sim.config.scenarios import load_scenario, parse_set
    from sim.model.model import run_scenario

    overrides = parse_set(args.set)
    if args.days is not None:
        overrides["days"] = args.days
    scen = load_scenario(args.scenario, overrides)
    if args.out:
        check_out_dir(Path(args.out))
    result = run_scenario(scen, seed=args.seed)
    out = Path(args.out) if args.out else Path("results") / f"run-{scen.name}-seed{args.seed}"
    check_out_dir(out)
    paths = result.write(out)
    warn_cut_events([scen], args.days)  # after the run: bad input stays a single line
    if args.json:
        print(json.dumps(result.summary, default=str))
    else:
        width = max(len(k) for k in result.summary)
        for key, val in result.summary.items():
            shown = f"{val:.3f}" if isinstance(val, float) else ("" if val is None else val)
            print(f"{key:<{width}}  {shown}")
        print(f"event log: {paths['events']}  ({len(result.events)} events)", file=sys.stderr)
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    from sim.config.scenarios import list_scenarios, load_scenario

    names = list_scenarios()
    width = max((len(n) for n in names), default=10)
    for name in names:
        scen = load_scenario(name)
        print(f"{name:<{width}}  {scen.description}")
    return 0


def _cmd_params(args: argparse.Namespace) -> int:
    from sim.config.paramtable import parameter_diff, parameter_table

    if args.diff:
        print(parameter_diff(*args.diff, fmt=args.format))
    else:
        print(parameter_table(args.scenario, fmt=args.format))
    return 0


def warn_cut_events(scenarios: list, days: int | None, what: str = "--days") -> None:
    """Warn (stderr) when ``--days`` ends a run before a scenario's scheduled events."""
    if days is None:
        return
    from sim.config.scenarios import events_after

    for scen in scenarios:
        cut = events_after(scen, days)
        if cut:
            shown = "; ".join(f"day {e.day:g} {e.kind}" + (f" ({e.label})" if e.label else "")
                              for e in cut[:3]) + (" ..." if len(cut) > 3 else "")
            sys.stderr.write(f"hotline-sim: warning: {what} {days} ends {scen.name} before "
                             f"{len(cut)} scheduled event(s), which will not happen: {shown}\n")


# --------------------------------------------------------------------------- registry
def _add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run one scenario once and print its summary")
    p.add_argument("scenario", help="scenario name (see `scenarios`) or path to a .toml file")
    p.add_argument("--days", type=_positive_int, default=None, help="simulated days")
    p.add_argument("--seed", type=_nonneg_int, default=1, help="random seed (default 1)")
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override a parameter (repeatable)")
    p.add_argument("--out", help="directory for the event log (default results/run-...)")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(handler=_cmd_run)

    p = sub.add_parser("scenarios", help="list the scenarios with one line each")
    p.set_defaults(handler=_cmd_scenarios)

    p = sub.add_parser("params", help="print a scenario's parameter table with sources")
    p.add_argument("scenario", nargs="?", default=None,
                   help="scenario name or file (default: the registry defaults)")
    p.add_argument("--diff", nargs=2, metavar=("A", "B"), default=None,
                   help="show only how scenario B differs from A (values and events)")
    p.add_argument("--format", choices=("text", "markdown", "csv"), default="text")
    p.set_defaults(handler=_cmd_params)


def _positive_int(text: str) -> int:
    try:
        val = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if val <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be a positive integer")
    return val


def _nonneg_int(text: str) -> int:
    try:
        val = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if val < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be a non-negative integer")
    return val


def add_backend_args(p: argparse.ArgumentParser) -> None:
    """--workers, --backend and --scheduler, shared by every command that runs batches."""
    p.add_argument("--workers", type=_positive_int, default=os.cpu_count() or 1,
                   help="parallel workers (default: CPU count)")
    p.add_argument("--backend", choices=("serial", "process", "dask"), default="process",
                   help="serial, local process pool (default) or Dask")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="use a running Dask cluster, e.g. tcp://host:8786 (implies dask)")


# Each entry adds the subcommands of one concept. Batch, web view and validation commands are
# registered by their own modules' `add_commands(sub)` so this file stays small.
_REGISTRARS: list[str] = [
    "sim.cli.batch",
    "sim.cli.data",
    "sim.cli.viz",
    "sim.cli.validate",
    "sim.cli.findings",
]


#: One worked example per subcommand, shown at the end of its --help (a test checks each has one).
EXAMPLES: dict[str, list[str]] = {
    "run": ["hotline-sim run status_quo_2022 --days 365 --seed 1",
            "hotline-sim run hotline_as_agreed --set hotline_answer_prob=0.5 --json"],
    "scenarios": ["hotline-sim scenarios"],
    "params": ["hotline-sim params hotline_as_practiced",
               "hotline-sim params --diff status_quo_2022 hotline_as_practiced"],
    "batch": ["hotline-sim batch pre_mechanism status_quo_2022 --reps 200 --out results/mech"],
    "compare": ["hotline-sim compare status_quo_2022 hotline_as_agreed hotline_as_practiced "
                "--reps 500"],
    "experiment": ["hotline-sim experiment experiments/answer_sweep.toml --out results/sweep"],
    "export": ["hotline-sim export results/sweep --csv"],
    "codebook": ["hotline-sim codebook --format markdown"],
    "plot": ["hotline-sim plot results/main"],
    "report": ["hotline-sim report results/main"],
    "viz": ["hotline-sim viz status_quo_2022 --seed 3",
            "hotline-sim viz --replay results/main --run hotline_as_practiced/17"],
    "validate": ["hotline-sim validate --reps 10 --out results/validate"],
    "sensitivity": ["hotline-sim sensitivity --design small --backend dask"],
    "where": ["hotline-sim where --grid small"],
    "docs": ["hotline-sim docs --only parameters"],
    "findings": ["make findings   # = hotline-sim findings --design session",
                 "hotline-sim findings --only map --until-ci p_severe_rd=0.02"],
}

_USAGE_EXAMPLES = """examples:
  hotline-sim scenarios                                  list the built-in scenarios
  hotline-sim run status_quo_2022 --days 365             one run: summary and event log
  hotline-sim compare status_quo_2022 hotline_as_agreed --reps 500
                                                         paired comparison with a report
  hotline-sim experiment experiments/answer_sweep.toml   a parameter sweep from a file
  hotline-sim params --diff status_quo_2022 hotline_as_practiced

`hotline-sim COMMAND --help` shows each command's options and an example."""

#: Optional dependency (top-level module) -> the extra that installs it.
EXTRAS = {"dask": "cluster", "distributed": "cluster", "SALib": "study", "ema_workbench": "study",
          "solara": "web", "ipyvue": "web", "ipyvuetify": "web", "altair": "web"}


def build_parser() -> argparse.ArgumentParser:
    import sim

    parser = _Parser(prog="hotline-sim", description="Simulate China-Japan crisis "
                     "communication in the East China Sea: encounters, escalation and the "
                     "defence hotline.",
                     epilog=_USAGE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"hotline-sim {sim.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_run(sub)
    import importlib

    for modname in _REGISTRARS:
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name != modname:
                raise
            continue
        mod.add_commands(sub)
    for name, p in sub.choices.items():
        if name in EXAMPLES:
            p.formatter_class = argparse.RawDescriptionHelpFormatter
            p.epilog = "example" + ("s" if len(EXAMPLES[name]) > 1 else "") + ":\n" + \
                "\n".join(f"  {line}" for line in EXAMPLES[name])
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # inside the try: a closed pipe surfaces here, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`hotline-sim params | head`): stop quietly, as `cat` does.
        # Point stdout at /dev/null so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except InputError as exc:
        sys.stderr.write(f"hotline-sim: error: {exc}\n")
        return exc.exit_code
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").partition(".")[0])
        if extra is None:
            raise
        sys.stderr.write(f"hotline-sim: error: {args.command} needs {exc.name}, an optional "
                         f"dependency: pip install 'hotline-sim[{extra}]'\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("hotline-sim: interrupted\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
