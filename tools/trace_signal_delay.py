"""Trace the pairs that carry a paired hazard difference: do they hold a signalling deployment
whose signal the hotline delayed? (A script for the findings' reader, not a test.)

Why: in `make findings` the agreed line's run-level change in expected severe incidents is
carried by a few pairs. Rerunning those pairs with their event logs shows what they share: a PLA
Navy deployment under orders to signal (`sim/model/deployments.py`), whose ordered hazardous
acts a connected call delays but does not cancel, so the group keeps meeting Japanese units at
high rungs until its signal is made.

    python tools/trace_signal_delay.py results/findings-session/main --treatment hotline_as_agreed
    python tools/trace_signal_delay.py results/findings-session/main \
        --treatment hotline_as_agreed+orders

A treatment named ``<scenario>+<tag>`` is one of the findings' variants (`+orders`,
`+residual_max`), rebuilt as `sim.study.findings.main_scenarios` builds it. A signal whose
orders a call reached and China's command rescinded is shown as rescinded, not as one delayed
past the end of the voyage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def signal_days(result) -> tuple[int, list[float], list[float]]:  # noqa: ANN001 - a RunResult
    """(signalling orders given, days on which a signal was made, days on which orders were
    rescinded after a call) from a run's event log."""
    ev = [e for e in result.events if e["kind"] == "deployment"]
    ordered = sum("sails under orders to signal" in e["text"] for e in ev)
    made = [round(e["t"] / 24.0, 1) for e in ev if "has made its signal" in e["text"]]
    rescinded = [round(e["t"] / 24.0, 1) for e in ev if "rescinds deployment" in e["text"]]
    return ordered, made, rescinded


def scenario(name: str):  # noqa: ANN201 - a Scenario
    """A named scenario, or a findings variant ``<scenario>+<tag>`` rebuilt as the findings
    build it (an unknown name or tag: one line, exit 2)."""
    from sim.config.scenarios import load_scenario
    from sim.study import findings

    if "+" not in name:
        return load_scenario(name)
    head = name.partition("+")[0]
    scens, _ = findings.main_scenarios([head], [head], [head])
    for s in scens:
        if s.name == name:
            return s
    sys.stderr.write(f"trace_signal_delay: --treatment {name}: not a findings variant (allowed "
                     f"tags: {', '.join(s.name for s in scens[2:]) or 'none'})\n")
    raise SystemExit(2)


def _days(made: list[float], rescinded: list[float]) -> str:
    return (f"{made or '-'}" + (f" (orders rescinded on day {rescinded})" if rescinded else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("batch", type=Path, help="a paired batch directory (runs.parquet)")
    ap.add_argument("--base", default="status_quo_2022")
    ap.add_argument("--treatment", default="hotline_as_agreed")
    ap.add_argument("--top", type=int, default=8, help="pairs with the largest rise")
    ap.add_argument("--bottom", type=int, default=3, help="pairs with the largest fall")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from sim.batch import store
    from sim.errors import InputError
    from sim.model import run_scenario

    try:
        runs = store.read_runs(args.batch)
    except (InputError, OSError, ValueError) as exc:
        sys.stderr.write(f"trace_signal_delay: {args.batch}: {exc}\n")
        return 2
    if runs.empty:
        sys.stderr.write(f"trace_signal_delay: {args.batch}: no runs here (a batch directory "
                         "with runs.parquet is needed)\n")
        return 2
    arms = sorted(set(runs["scenario"]))
    for flag, name in (("--base", args.base), ("--treatment", args.treatment)):
        if name not in arms:
            sys.stderr.write(f"trace_signal_delay: {flag} {name}: not an arm of {args.batch} "
                             f"(allowed: {', '.join(arms)})\n")
            return 2
    missing = {"days", "seed", "severe_hazard"} - set(runs.columns)
    if missing:
        sys.stderr.write(f"trace_signal_delay: {args.batch}: its runs lack "
                         f"{', '.join(sorted(missing))} (written by an older version?)\n")
        return 2
    try:
        base, treat = scenario(args.base), scenario(args.treatment)
    except InputError as exc:  # an arm of a design (map cell, Morris point), not a scenario
        sys.stderr.write(f"trace_signal_delay: {exc} (only named scenarios and findings "
                         "variants can be rebuilt)\n")
        return 2
    days = runs["days"].iloc[0]
    h = runs.pivot(index="rep", columns="scenario", values="severe_hazard")
    seeds = runs[runs["scenario"] == args.base].set_index("rep")["seed"]
    d = (h[args.treatment] - h[args.base]).dropna().sort_values()
    print(f"{len(d)} pairs; mean change {d.mean():+.4f}; pairs traced: the {args.top} largest "
          f"rises and the {args.bottom} largest falls")
    for rep in [*d.index[-args.top:], *d.index[:args.bottom]]:
        seed = int(seeds[rep])
        ob, mb, rb = signal_days(run_scenario(base, seed, days=int(days)))
        _, mt, rt = signal_days(run_scenario(treat, seed, days=int(days)))
        print(f"rep {rep:4d}  change {d[rep]:+.3f}  signalling orders {ob}  signal made on day "
              f"{_days(mb, rb)} without the line, {_days(mt, rt)} with it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
