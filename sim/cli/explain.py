"""Command ``explain``: an encounter's story in plain words (registered by `sim.cli.main`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_explain(args: argparse.Namespace) -> int:
    from sim.study.explain import story

    print(story(Path(args.dir), args.encounter))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    from sim.cli.main import _positive_int

    p = sub.add_parser("explain", help="tell one encounter's story from a run's event log")
    p.add_argument("dir", help="a run directory written by `hotline-sim run ... --out DIR`")
    p.add_argument("--encounter", type=_positive_int, required=True, metavar="ID",
                   help="encounter id (column `encounter` of encounters.csv)")
    p.set_defaults(handler=cmd_explain)
