"""Commands ``validate``, ``sensitivity``, ``where`` and ``docs`` (registered by `sim.cli.main`).

Each command has a small default that finishes in minutes on a laptop and an option for the full
design (``--design full`` / ``--grid full``, meant for ``--backend dask`` on a cluster). All
simulation goes through `sim.batch.runner.run_batch`, so results do not depend on the backend or the
number of workers, and a killed command resumes when run again with the same ``--out``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sim.batch.backends import DEFAULT_RUN_FN, backend_for

ROOT = Path(__file__).resolve().parents[2]
#: Where `hotline-sim docs` writes: the checkout's docs/ when run from a source tree, else ./docs.
#: No other command writes into the source tree.
DOCS = ROOT / "docs" if (ROOT / "pyproject.toml").is_file() else Path("docs")
VALIDATE_REPS = 10


def _batch_kw(args: argparse.Namespace) -> dict[str, Any]:
    backend = backend_for(args.backend, args.scheduler)
    return {"workers": args.workers, "backend": backend, "scheduler": args.scheduler,
            "run_fn": args.run_fn, "progress": False if args.quiet else None,
            "run_timeout": getattr(args, "run_timeout", None),
            "command": ["hotline-sim", *sys.argv[1:]]}


# --------------------------------------------------------------------------- validate
def _validate(args: argparse.Namespace, write_doc: bool = True) -> tuple[Any, Path]:
    from sim.study import validation

    out = Path(args.out) if args.out else None
    from sim.cli.main import check_out_dir, check_out_file

    if out is not None:
        check_out_dir(out)
    if write_doc and not args.no_doc and args.doc:  # a bad --doc fails before the batch
        check_out_file(Path(args.doc), "--doc")
    table, out = validation.run_validation(args.scenario or None, reps=args.reps, days=args.days,
                                           seed=args.seed, out=out, **_batch_kw(args))
    extra = _record_checks(args, out)
    if write_doc and not args.no_doc:
        meta = {"reps": args.reps, "days": args.days or 365, "seed": args.seed, "out": out}
        cmd = "hotline-sim validate" + (f" --reps {args.reps}" if args.reps != VALIDATE_REPS
                                        else "")
        args.doc = str(Path(args.doc) if args.doc else out / "validation.md")
        validation.write_markdown(table, cmd, meta, Path(args.doc), extra=extra)
    return table, out


def _record_checks(args: argparse.Namespace, out: Path) -> list[str]:
    """Initiator shares of the validated runs and the reconstructions (issue 10): printed, and
    returned as markdown for docs/validation.md."""
    from sim.batch import store
    from sim.study import reconstruction as rc

    runs = store.read_runs(out)
    runs = runs[runs["rep"] < args.reps]
    shares = rc.initiator_shares(runs)
    print(rc.format_initiators(shares))
    md = ["## Who initiates (acts at rung 3 and above)", "",
          "China's share of the acts that took an encounter to rung 3 or more (unsafe approach) "
          "and to rung 4 or more (hazardous act); record 2013-2025: all by Chinese units, one "
          "disputed case (`sim/study/reconstruction.py`).", "",
          "| scenario | acts | China a year | Japan a year | China's share | target | "
          "verdict |", "|---|---|---:|---:|---:|---:|---|"]
    md += [f"| `{r.scenario}` | {r.acts} | {r.cn_per_year:.2f} | {r.jp_per_year:.2f} | "
           f"{r.cn_share:.2f} | >= {r.target:.2f} | **{r.verdict}** |"
           for r in shares.itertuples()]
    severe = rc.severe_rates(runs)
    print(rc.format_severe(severe))
    md += [""] + rc.severe_markdown(severe)
    if getattr(args, "scenario", None):
        return md
    recon = rc.run_reconstructions(reps=args.reps, seed=args.seed)
    print(rc.format_reconstructions(recon))
    return md + [""] + rc.reconstructions_markdown(recon)


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.study import validation

    table, out = _validate(args)
    print(validation.format_table(table))
    bad = table[table["verdict"] != "ok"]
    print(f"{len(table) - len(bad)} of {len(table)} targets in range; runs in {out}")
    if not args.no_doc:
        print(f"table: {args.doc}")
    return 1 if args.strict and not bad.empty else 0


# --------------------------------------------------------------------------- sensitivity
def cmd_sensitivity(args: argparse.Namespace) -> int:
    from sim.study import sensitivity

    summ = sensitivity.run_sensitivity(args.design, reps=args.reps, days=args.days,
                                       seed=args.seed, out=Path(args.out) if args.out else None,
                                       rank_by=args.rank_by, **_batch_kw(args))
    print(sensitivity.headline(Path(summ["out"])))
    print(f"results and plots: {summ['out']}")
    return 0


# --------------------------------------------------------------------------- where
def cmd_where(args: argparse.Namespace) -> int:
    import pandas as pd

    from sim.study import discovery

    summ = discovery.run_where(args.grid, reps=args.reps, days=args.days, seed=args.seed,
                               out=Path(args.out) if args.out else None, prim_n=args.prim_n,
                               mass_min=args.min_mass, **_batch_kw(args))
    out = Path(summ["out"])
    grid = pd.read_csv(out / "grid.csv")
    print(format_grid(grid))
    print(discovery.format_boxes(summ["boxes"], pd.read_csv(out / "cases.csv")))
    print(f"results and plots: {out}")
    return 0


def format_grid(grid: Any) -> str:
    lines = [f"{'treatment':<32} {'P(severe) base':>14} {'treat':>6} "
             f"{'risk difference [95% CI]':>28} {'rung-3 diff [95% CI]':>26}"]
    for r in grid.itertuples():
        lines.append(f"{r.treatment:<32} {r.p_severe_base:>14.3f} {r.p_severe_treat:>6.3f} "
                     f"{f'{r.rd_severe:+.3f} [{r.rd_severe_lo:+.3f}, {r.rd_severe_hi:+.3f}]':>28}"
                     f" {f'{r.diff_peak_ge_3:+.2f} [{r.diff_peak_ge_3_lo:+.2f}, '
                         f'{r.diff_peak_ge_3_hi:+.2f}]':>26}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- docs
def write_parameters(path: Path | None = None) -> Path:
    """docs/parameters.md: every parameter of every scenario with its source (generated)."""
    from sim.config.paramtable import parameter_table
    from sim.config.scenarios import list_scenarios, load_scenario

    path = path or DOCS / "parameters.md"
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    parts = ["# Parameters of every scenario, with their sources", "",
             f"> Generated file — do not edit. Regenerate with `hotline-sim docs --only "
             f"parameters` (last run {stamp}). Source of truth: "
             "`sim/config/parameters.py` (registry; entries in `sim/config/registry/`) "
             "and `scenarios/*.toml` (overrides with their provenance).", "",
             "Kinds: `article` (the SCMP article of 24 Nov 2022), `public` (a public figure), "
             "`calibrated` (tuned to a public figure named in the source), `assumption` (with "
             "the range considered plausible), `setting` (a run setting). `set in` names the "
             "scenario file that set the value (`registry` = the default).", "",
             "Scenarios: " + ", ".join(f"[`{n}`](#{n.replace('_', '-')})"
                                        for n in list_scenarios()), ""]
    for name in list_scenarios():
        scen = load_scenario(name)
        table = parameter_table(name, fmt="markdown").split("\n", 2)[2]
        parts += [f"## {name}", "", f"{scen.description}" + (f" (period {scen.period})"
                                                               if scen.period else ""), "",
                  table, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts))
    return path


def _code_digest() -> str:
    """Short hash of what decides a run's numbers -- the config and model layers (code and
    geodata) and the scenario files: a rerun after any change there starts a fresh results
    directory (the store refuses to mix batches), an interrupted one resumes. Edits to the
    batch, study, web or cli layers do not invalidate results."""
    import hashlib

    from sim.config.scenarios import SCENARIOS_DIR

    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parents[1]
    code = [p for layer in ("config", "model") for p in (pkg / layer).rglob("*")
            if p.suffix in (".py", ".npz")]
    for path in sorted([*code, *SCENARIOS_DIR.glob("*.toml")]):
        h.update(str(path.relative_to(path.parents[1] if path.suffix == ".toml" else pkg)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def cmd_docs(args: argparse.Namespace) -> int:
    only = set(args.only or ("parameters", "codebook", "validation", "findings"))
    docs = Path(args.dir) if args.dir else DOCS
    if "parameters" in only:
        print(f"parameters: {write_parameters(docs / 'parameters.md')}")
    if "codebook" in only:
        from sim.batch import codebook

        docs.mkdir(parents=True, exist_ok=True)
        (docs / "codebook.md").write_text(codebook.to_markdown(codebook.static_rows()))
        print(f"codebook: {docs / 'codebook.md'}")
    if not only & {"validation", "findings"}:
        return 0
    kw = _batch_kw(args)
    root = (Path(args.out) if args.out else
            Path("results") / f"docs-{args.design}-{_code_digest()}")
    val_args = argparse.Namespace(**{**vars(args), "scenario": None, "reps": args.reps or
                                     VALIDATE_REPS, "days": None, "no_doc": False,
                                     "doc": str(docs / "validation.md"),
                                     "out": str(root / "validate")})
    table, val_out = _validate(val_args)
    print(f"validation: {docs / 'validation.md'} "
          f"({int((table['verdict'] == 'ok').sum())} of {len(table)} in range)")
    if "findings" not in only:
        return 0
    # One writer of findings.md: the findings pipeline (sim.study.findings), at the design
    # that matches this command's (small -> session).
    from sim.study import findings, findings_doc

    design = {"small": "session"}.get(args.design, args.design)
    fout = findings.run_findings(design, root / "findings", seed=args.seed, **kw)
    cmd = "hotline-sim docs" + (f" --design {args.design}" if args.design != "small" else "")
    print(f"findings: {findings_doc.write(fout, cmd, docs, None)}")
    return 0


# --------------------------------------------------------------------------- registry
def _common(p: argparse.ArgumentParser, reps: int | None, reps_help: str) -> None:
    from sim.cli.main import _nonneg_int, _positive_int, add_backend_args, bounded_float

    p.add_argument("--reps", type=_positive_int, default=reps, help=reps_help)
    p.add_argument("--seed", type=_nonneg_int, default=1,
                   help="batch seed; replication i of every arm gets the same seed (paired)")
    add_backend_args(p)
    p.add_argument("--out", metavar="DIR", default=None,
                   help="results directory (the same DIR resumes a killed run)")
    p.add_argument("--run-fn", default=DEFAULT_RUN_FN, help=argparse.SUPPRESS)
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--run-timeout", type=bounded_float(0, 7 * 86400), metavar="SECONDS",
                   default=None, help="a run taking longer is marked failed (default: no limit)")


def add_commands(sub: argparse._SubParsersAction) -> None:
    from sim.cli.main import _positive_int, bounded_float, days_arg

    p = sub.add_parser("validate", help="compare simulated base rates with the observed record")
    p.add_argument("--scenario", action="append", metavar="NAME",
                   help="validate only this scenario (repeatable; default: every scenario "
                        "whose period has observed data)")
    _common(p, VALIDATE_REPS, f"replications per scenario (default {VALIDATE_REPS})")
    p.add_argument("--days", type=days_arg, default=None,
                   help="simulated days (default 365; shorter runs are annualised)")
    p.add_argument("--no-doc", action="store_true", help="do not write the markdown table")
    p.add_argument("--doc", metavar="FILE", default=None,
                   help="write the markdown table here (default DIR/validation.md; "
                        "`hotline-sim docs` rewrites docs/validation.md)")
    p.add_argument("--strict", action="store_true", help="exit 1 if a target is out of range")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("sensitivity", help="Morris and Sobol sensitivity of the hotline effect")
    p.add_argument("--design", choices=("tiny", "small", "full"), default="small",
                   help="tiny (seconds: one 10-day replication per point, a smoke test), "
                        "small (default, minutes) or full (hours; use dask)")
    _common(p, None, "paired replications per design point (default: the design's)")
    p.add_argument("--days", type=days_arg, default=None,
                   help="simulated days per run (default: the design's)")
    p.add_argument("--rank-by", choices=("rd_severe", "diff_peak3"), default="rd_severe",
                   help="outcome whose mu* picks the factors for Sobol and the tornado")
    p.set_defaults(handler=cmd_sensitivity)

    p = sub.add_parser("where", help="where the hotline matters: effect grid, heatmap, PRIM")
    p.add_argument("--grid", choices=("tiny", "small", "full"), default="small",
                   help="small (default, minutes) or full (hours; use dask)")
    _common(p, None, "paired replications per grid cell (default: the grid's)")
    p.add_argument("--days", type=days_arg, default=None,
                   help="simulated days per run (default: the grid's)")
    p.add_argument("--prim-n", type=_positive_int, default=None,
                   help="Latin hypercube points for PRIM (default: the grid's)")
    p.add_argument("--min-mass", type=bounded_float(0, 1), default=0.05,
                   help="PRIM's minimum box mass, a share of all cases (default 0.05)")
    p.set_defaults(handler=cmd_where)

    p = sub.add_parser("docs", help="regenerate docs/parameters.md, codebook.md, validation.md, "
                                    "findings.md")
    p.add_argument("--only", action="append",
                   choices=("parameters", "codebook", "validation", "findings"),
                   help="regenerate only this page (repeatable; findings also reruns "
                        "validation)")
    p.add_argument("--design", choices=("tiny", "small", "full"), default="small",
                   help="size of the where/sensitivity designs behind findings.md")
    _common(p, None, f"validation replications (default {VALIDATE_REPS})")
    p.add_argument("--dir", metavar="DIR", default=None,
                   help="write the pages here (default: the checkout's docs/, else ./docs)")
    p.set_defaults(handler=cmd_docs)
