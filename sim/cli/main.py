"""The command line: ``hotline-sim <command>`` (also ``python -m sim``).

Every command turns bad input into one line on stderr and exit status 2 (`sim.errors.InputError`).
Heavy imports (mesa, the runner, plotting, the web view) happen inside the command that needs
them, so ``hotline-sim scenarios`` stays instant. A command missing an optional dependency says
which extra to install; output piped into ``head`` ends quietly.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
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
    """An output directory must be a writable directory (or creatable): one line otherwise.

    Checked before any simulation, so a bad --out never costs a batch's worth of work.
    """
    try:
        if out.exists() and not out.is_dir():
            raise InputError(option, str(out), "exists and is not a directory")
        parent = out if out.is_dir() else next((p for p in out.parents if p.exists()), None)
    except OSError as exc:  # e.g. a name too long
        raise InputError(option, str(out)[:120], f"not a usable path ({exc.strerror})") from None
    if parent is not None and not parent.is_dir():
        raise InputError(option, str(out), f"{parent} is not a directory")
    if parent is not None and not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(option, str(out), f"{parent} is not writable")


def check_out_file(path: Path, option: str) -> None:
    """An output file must be a writable file path (not a directory): one line otherwise."""
    if path.is_dir():
        raise InputError(option, str(path), "is a directory; give a file name")
    check_out_dir(path.parent, option)
    if path.exists() and not os.access(path, os.W_OK):
        raise InputError(option, str(path), "is not writable")


# --------------------------------------------------------------------------- single runs
def _cmd_run(args: argparse.Namespace) -> int:
    from sim.config.scenarios import load_scenario, parse_set
    from sim.model.model import run_scenario

    overrides = parse_set(args.set)
    if args.days is not None:
        overrides["days"] = args.days
    scen = load_scenario(args.scenario, overrides)
    if args.out:
        out = Path(args.out)
    else:
        from sim.batch.runner import RESULTS_ROOT, confined

        out = confined(RESULTS_ROOT, f"run-{scen.name}-seed{args.seed}")
    check_out_dir(out)
    result = run_scenario(scen, seed=args.seed)
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
    p.add_argument("--days", type=days_arg, default=None, help="simulated days (1-3650)")
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


#: Upper bounds of numeric options: large enough for any real study, small enough that a typo
#: (``--reps 1000000000``) is refused instead of running for a year or allocating terabytes.
MAX_COUNT = 1_000_000
MAX_SEED = 2**63 - 1
MAX_DAYS = 3650  # the registry's bound of `days`
MAX_WORKERS = 1024


def bounded_int(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: an integer in [lo, hi] (argparse names the option in its error)."""
    def parse(text: str) -> int:
        try:
            val = int(text.strip().replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not an integer") from None
        if not lo <= val <= hi:
            what = {0: "a non-negative integer", 1: "a positive integer"}.get(lo)
            what = f"{what} (at most {hi})" if what else f"an integer in [{lo}, {hi}]"
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: must be {what}")
        return val
    parse.__name__ = "integer"
    return parse


def bounded_float(lo: float, hi: float, lo_open: bool = True) -> Callable[[str], float]:
    """An argparse type: a finite number in (lo, hi] (or [lo, hi] with lo_open=False)."""
    def parse(text: str) -> float:
        try:
            val = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        ok = math.isfinite(val) and (lo < val if lo_open else lo <= val) and val <= hi
        if not ok:
            interval = f"{'(' if lo_open else '['}{lo:g}, {hi:g}]"
            raise argparse.ArgumentTypeError(f"{text[:40]!r}: must be a positive number in "
                                             f"{interval}" if lo == 0 else
                                             f"{text[:40]!r}: must be a number in {interval}")
        return val
    parse.__name__ = "number"
    return parse


_positive_int = bounded_int(1, MAX_COUNT)
_nonneg_int = bounded_int(0, MAX_SEED)
days_arg = bounded_int(1, MAX_DAYS)
workers_arg = bounded_int(1, MAX_WORKERS)


def add_backend_args(p: argparse.ArgumentParser) -> None:
    """--workers, --backend and --scheduler, shared by every command that runs batches."""
    p.add_argument("--workers", type=workers_arg, default=os.cpu_count() or 1,
                   help="parallel workers (default: CPU count)")
    p.add_argument("--backend", choices=("serial", "process", "dask"), default="process",
                   help="serial, local process pool (default) or Dask")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None, type=scheduler_arg,
                   help="use a running Dask cluster, e.g. tcp://host:8786 (implies dask)")


def scheduler_arg(text: str) -> str:
    """An argparse type: a Dask scheduler address (an empty one is an error, not 'local')."""
    from sim.batch.netcheck import check_address

    try:
        return check_address(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None


# Each entry adds the subcommands of one concept. Batch, web view and validation commands are
# registered by their own modules' `add_commands(sub)` so this file stays small.
_REGISTRARS: list[str] = [
    "sim.cli.batch",
    "sim.cli.data",
    "sim.cli.viz",
    "sim.cli.validate",
    "sim.cli.findings",
    "sim.cli.explain",
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
    "explain": ["hotline-sim run status_quo_2022 --seed 2 --out results/run-sq2",
                "hotline-sim explain results/run-sq2 --encounter 12"],
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
    "carry": ["hotline-sim carry results/findings-session/plausible docs/records/carried",
              "hotline-sim findings --only plausible --carry docs/records/carried"],
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


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM/SIGHUP unwind like Ctrl-C: pools shut down, the DIR lock is released."""
    raise KeyboardInterrupt


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


def _main(argv: list[str] | None) -> int:  # noqa: C901 - one branch per exit path
    """Run one command; bad input or an unusable file is one line on stderr and exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {}
    if argv is None:  # the real command line (tests call main(argv) in-process)
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                handlers[sig] = signal.signal(sig, _terminated)
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
    except BrokenPipeError:
        raise  # main() ends quietly
    except OSError as exc:  # a read-only or full disk, a name too long: the system said no
        name = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"hotline-sim: error: {name}{exc.strerror or exc}\n")
        return 2
    except RecursionError:
        sys.stderr.write("hotline-sim: error: input nested too deeply\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("hotline-sim: interrupted\n")
        return 130
    finally:
        for sig, old in handlers.items():
            signal.signal(sig, old)


if __name__ == "__main__":
    raise SystemExit(main())
