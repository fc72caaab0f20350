"""Command ``findings``: regenerate docs/findings.md, its figures and the README's answer.

``hotline-sim findings`` runs every stage of `sim.study.findings` at the chosen design
(resuming a killed run from the same ``--out``), then writes the page from the stage records:
those in ``--out``, and for stages it has none of, the page's published records
(``docs/records/``, committed with the page). ``--only STAGE`` reruns one stage and rewrites
the page with the others as published; ``--write-only`` rewrites the page from the records
alone (from a fresh clone: from ``docs/records/``); ``--recompute`` redoes the headline's
numbers from its stored runs (new analysis, no new runs). The records read from ``--out``
become the published ones.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cmd_findings(args: argparse.Namespace) -> int:
    from sim.study import findings, findings_doc, planning
    from sim.study.outcomes import TARGETS

    out = Path(args.out) if args.out else Path("results") / f"findings-{args.design}"
    if out.exists() and not out.is_dir():
        from sim.errors import InputError

        raise InputError("--out", str(out), "exists and is not a directory")
    targets = planning.parse_targets(args.until_ci, TARGETS)
    docs = Path(args.docs) if args.docs else ROOT / "docs"
    t0 = time.monotonic()
    lost = [] if args.write_only or args.recompute or args.drop_sections else \
        findings_doc.would_lose(out, docs, args.only or findings.STAGES)
    if lost:
        print(f"findings: WARNING: {docs / 'findings.md'} will not be rewritten after this run: "
              f"sections {', '.join(lost)} have no stage record in {out} or "
              f"{docs / findings_doc.RECORDS} (--drop-sections rewrites it without them); the "
              f"records this run writes stay in {out}", file=sys.stderr)
    if args.recompute:
        findings.recompute_main(out)  # the headline's numbers from its stored runs
    elif not args.write_only:
        backend = "dask" if args.scheduler else args.backend
        findings.run_findings(args.design, out, seed=args.seed, only=args.only,
                              targets=targets, reps=args.reps, workers=args.workers,
                              backend=backend,
                              scheduler=args.scheduler, run_fn=args.run_fn,
                              progress=False if args.quiet else None,
                              command=["hotline-sim", *sys.argv[1:]],
                              carry=Path(args.carry) if args.carry else None)
    cmd = "make findings" if args.design == "session" else \
        f"hotline-sim findings --design {args.design}"
    readme = None if args.no_readme else (Path(args.readme) if args.readme
                                          else ROOT / "README.md")
    failed = findings.failed_stages(out)
    for stage, why in failed.items():
        print(f"findings: stage {stage} failed: {why}", file=sys.stderr)
    page = findings_doc.write(out, cmd, docs, readme, drop=args.drop_sections)
    print(f"findings: {page} (runs in {out}; {(time.monotonic() - t0) / 60:.1f} min)")
    return 1 if failed else 0


def cmd_carry(args: argparse.Namespace) -> int:
    from sim.errors import InputError
    from sim.study import carry

    src = Path(args.stage_dir)
    if src.name not in carry.CARRYABLE:
        raise InputError("carry", str(src), "is not the directory of a stage whose runs can "
                         f"be carried ({', '.join(carry.CARRYABLE)}: they read only their "
                         "runs' table)")
    for made in carry.export(src, Path(args.dest) / src.name):
        to = Path(args.dest) / src.name / made["store"]
        print(f"carry: {made['store']}: {made['runs']} finished runs of {made['commit'][:10]} "
              f"in {to}" if made["runs"] else
              f"carry: {made['store']}: no finished runs of its own ({to} left as it was)")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    from sim.cli.main import _nonneg_int, _positive_int, add_backend_args
    from sim.study.carry import CARRYABLE
    from sim.study.findings import DESIGNS, STAGES

    p = sub.add_parser("findings", help="regenerate docs/findings.md, its figures and the "
                       "README's answer (every headline number with its CI and status)")
    p.add_argument("--design", choices=tuple(DESIGNS), default="session",
                   help="tiny (tests), session (~9 h on 2 cores, default) or full (cluster)")
    p.add_argument("--only", action="append", choices=STAGES, metavar="STAGE",
                   help=f"run only this stage (repeatable): {', '.join(STAGES)}")
    p.add_argument("--until-ci", metavar="OUTCOME=HW,...", default=None,
                   help="targets of the main stage's headline numbers (default "
                        "p_severe_rd=0.02); replications grow from the design's pilot to "
                        "meet them, up to its cap (session: fixed pairs, the targets only "
                        "checked)")
    p.add_argument("--seed", type=_nonneg_int, default=1, help="batch seed (paired arms)")
    p.add_argument("--reps", type=_positive_int, default=None, metavar="N",
                   help="the headline's pairs, fixed, instead of its design's (session: "
                        "1644, the published headline's)")
    add_backend_args(p)
    p.add_argument("--out", metavar="DIR", default=None,
                   help="results directory (default results/findings-DESIGN; resumes)")
    p.add_argument("--docs", metavar="DIR", default=None, help="docs directory to write")
    p.add_argument("--readme", metavar="FILE", default=None, help="README to update")
    p.add_argument("--no-readme", action="store_true", help="leave the README alone")
    p.add_argument("--recompute", action="store_true",
                   help="redo the headline's numbers from its stored runs with this code "
                        "(no new runs), then rewrite the page")
    p.add_argument("--write-only", action="store_true",
                   help="rewrite the page from the stage records in --out and, for stages "
                        "it has none of, DOCS/records; run nothing")
    p.add_argument("--drop-sections", action="store_true",
                   help="let the rewrite lose sections whose stage records are neither in "
                        "--out nor in DOCS/records (refused by default: exit 2)")
    p.add_argument("--carry", metavar="DIR", default=None,
                   help="finished runs of a long stage carried from an earlier session "
                        "(`hotline-sim carry`; stages: " + ", ".join(CARRYABLE) + "): not "
                        "run again; refused unless of this code, versions, seed and design")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--run-fn", default="sim.model:run_scenario", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_findings)

    c = sub.add_parser("carry", help="carry a long stage's finished runs to a later session: "
                       "its runs' table (not its encounters), checked on use")
    c.add_argument("stage_dir", metavar="OUT/STAGE",
                   help="a findings stage's directory (its batch stores), e.g. "
                        "results/findings-session/plausible")
    c.add_argument("dest", metavar="DIR",
                   help="where the runs go (DIR/STAGE/...; merged with what is there); pass "
                        "DIR to `hotline-sim findings --carry`")
    c.set_defaults(handler=cmd_carry)
