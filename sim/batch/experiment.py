"""Experiment files, in the manner of NetLogo's BehaviorSpace: a TOML file says what to vary.

An experiment file::

    [experiment]
    name = "answer_sweep"                        # default: the file's stem
    description = "How often must the hotline be answered?"
    scenarios = ["hotline_as_agreed", "hotline_as_practiced"]   # the varied values apply to each
    control = "status_quo_2022"                  # optional: one unvaried arm to compare against
    design = "full_factorial"                    # or "latin_hypercube" (then `samples = N`)
    replications = 50
    days = 180                                   # horizon (default: each scenario's)
    seed = 1
    paired = true                                # same seeds across all levels (default)
    outputs = ["peak_ge_4", "hotline_calls"]     # summary columns to report (default: a few)
    series = false                               # true: daily series into timeseries.parquet

    [vary]
    hotline_answer_prob = [0.25, 0.5, 0.95]                 # a list of levels
    hotline_consult_hours = {first = 0.5, step = 1.5, last = 3.5}   # [first step last]
    misperception = {min = 0.05, max = 0.3}                 # a continuous range (Latin hypercube)

Every design point times every scenario becomes one arm, named ``<scenario>--p<NNN>``, whose
parameters are the scenario's with the point's values as validated overrides. All arms run as
one batch (`sim.batch.runner.run_batch`): any backend, resumable by running the same command
again, and, because replication i of every arm gets the same seed, paired across levels
(common random numbers) by default. ``paired = false`` gives each design point its own
replication seeds instead (factor ``seed_stream``; independent arms, for designs that must not
share draws). The varied values, ``design_point`` and ``arm`` are columns
of ``runs.parquet``; the manifest records each arm's resolved parameters and the experiment.
"""

from __future__ import annotations

import itertools
import math
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sim.errors import InputError

DESIGNS = ("full_factorial", "latin_hypercube")
DEFAULT_OUTPUTS = ("encounters", "peak_ge_3", "peak_ge_4", "max_rung", "hotline_calls",
                   "hotline_answered")
_EXP_KEYS = {"name", "description", "scenarios", "control", "design", "samples", "replications",
             "days", "seed", "paired", "outputs", "series"}
#: Most design points an experiment file may ask for (a typo like step = 0.0001 fails early).
MAX_POINTS = 10_000


@dataclass(frozen=True)
class Experiment:
    """A parsed, validated experiment file."""

    name: str
    description: str
    path: str
    scenarios: tuple[str, ...]
    control: str | None
    design: str
    samples: int | None
    replications: int
    days: int | None
    seed: int
    paired: bool
    outputs: tuple[str, ...]
    vary: dict[str, Any]  # name -> list of levels, or (min, max) for a continuous range
    series: bool = False  # also record daily series (timeseries.parquet), like BehaviorSpace's
    #                       "measure runs at every step"

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def load_experiment(path: str | Path) -> Experiment:  # noqa: C901 - one flat list of checks, each a clear error line
    """Read and validate an experiment file; InputError (one line) on anything wrong."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise InputError(where, None, "experiment file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(where, None, f"malformed TOML ({exc})") from None
    for key in data:
        if key not in ("experiment", "vary"):
            raise InputError(where, key, "unknown table; allowed: experiment, vary")
    head = data.get("experiment")
    if not isinstance(head, dict):
        raise InputError(where, "experiment", "missing [experiment] table")
    for key in head:
        if key not in _EXP_KEYS:
            raise InputError(where, f"experiment.{key}",
                             f"unknown key; allowed: {', '.join(sorted(_EXP_KEYS))}")
    scens = head.get("scenarios")
    if isinstance(scens, str):
        scens = [scens]
    if not isinstance(scens, list) or not scens or not all(isinstance(s, str) for s in scens):
        raise InputError(where, "experiment.scenarios", "a list of scenario names or files")
    design = head.get("design", "full_factorial")
    if design not in DESIGNS:
        raise InputError(where, "experiment.design", f"got {design!r}; allowed: "
                         + ", ".join(DESIGNS))
    vary = _parse_vary(where, data.get("vary", {}), design)
    samples = head.get("samples")
    if design == "latin_hypercube":
        samples = _int(where, "experiment.samples", samples, 1, MAX_POINTS)
    elif samples is not None:
        raise InputError(where, "experiment.samples", "only for design = \"latin_hypercube\"")
    outputs = head.get("outputs", list(DEFAULT_OUTPUTS))
    _check_outputs(where, outputs)
    control = head.get("control")
    if control is not None and not isinstance(control, str):
        raise InputError(where, "experiment.control", "a scenario name or file")
    paired = head.get("paired", True)
    series = head.get("series", False)
    for key, val in (("paired", paired), ("series", series)):
        if not isinstance(val, bool):
            raise InputError(where, f"experiment.{key}", f"got {val!r}; allowed: true or false")
    exp = Experiment(
        name=_name(where, head.get("name", path.stem)),
        description=str(head.get("description", "")), path=str(path.resolve()),
        scenarios=tuple(scens), control=control, design=design, samples=samples,
        replications=_int(where, "experiment.replications", head.get("replications", 10), 1,
                          1_000_000),
        days=None if head.get("days") is None else _int(where, "experiment.days",
                                                          head["days"], 1, 3650),
        seed=_int(where, "experiment.seed", head.get("seed", 1), 0, 2**63 - 1),
        paired=paired, outputs=tuple(outputs), vary=vary, series=series)
    if len(design_points(exp)) > MAX_POINTS:
        raise InputError(where, "vary", f"{len(design_points(exp))} design points; at most "
                         f"{MAX_POINTS}")
    return exp


def _name(where: str, name: Any) -> str:
    if not isinstance(name, str) or not name or any(c in name for c in "/\\ "):
        raise InputError(where, "experiment.name", "a name without spaces or slashes")
    return name


def _int(where: str, key: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise InputError(where, key, f"got {value!r}; allowed: an integer in [{lo}, {hi}]")
    return value


def _check_outputs(where: str, outputs: Any) -> None:
    from sim.model.results import SUMMARY_FIELDS

    if not isinstance(outputs, list) or not outputs:
        raise InputError(where, "experiment.outputs", "a list of summary columns")
    for out in outputs:
        if out not in SUMMARY_FIELDS:
            raise InputError(where, "experiment.outputs", f"unknown output {out!r}; allowed: "
                             + ", ".join(SUMMARY_FIELDS))


def _parse_vary(where: str, table: Any, design: str) -> dict[str, Any]:
    """name -> list of levels (validated values) or (min, max) for a continuous range."""
    from sim.config.parameters import PARAMS, coerce

    if not isinstance(table, dict) or not table:
        raise InputError(where, "vary", "a [vary] table naming at least one parameter")
    out: dict[str, Any] = {}
    for name, spec in table.items():
        key = f"vary.{name}"
        if name not in PARAMS:
            raise InputError(where, key, "unknown parameter; `hotline-sim params` lists them")
        pspec = PARAMS[name]
        if isinstance(spec, list):
            levels = spec
        elif isinstance(spec, dict) and set(spec) == {"first", "step", "last"}:
            levels = _steps(where, key, spec)
        elif isinstance(spec, dict) and set(spec) == {"min", "max"}:
            if design != "latin_hypercube":
                raise InputError(where, key, "a {min, max} range needs design = "
                                 "\"latin_hypercube\"; give levels or {first, step, last}")
            lo, hi = (coerce(pspec, spec[k], f"{where}: vary") for k in ("min", "max"))
            if pspec.type not in (int, float) or not lo < hi:
                raise InputError(where, key, "a numeric range with min < max")
            out[name] = (lo, hi)
            continue
        else:
            raise InputError(where, key, "a list of levels, {first, step, last} or {min, max}")
        if not levels:
            raise InputError(where, key, "no levels")
        vals = [coerce(pspec, v, f"{where}: vary") for v in levels]
        if len(set(map(repr, vals))) != len(vals):
            raise InputError(where, key, "a level is listed twice")
        out[name] = vals
    return out


def _steps(where: str, key: str, spec: dict[str, Any]) -> list[float]:
    first, step, last = spec["first"], spec["step"], spec["last"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, step, last)):
        raise InputError(where, key, "first, step and last must be numbers")
    if step <= 0 or last < first:
        raise InputError(where, key, "needs step > 0 and last >= first")
    n = math.floor((last - first) / step + 1e-9) + 1
    if n > MAX_POINTS:
        raise InputError(where, key, f"{n} levels; at most {MAX_POINTS}")
    ints = all(isinstance(v, int) for v in (first, step, last))
    return [first + i * step if ints else round(first + i * step, 10) for i in range(n)]


def design_points(exp: Experiment) -> list[dict[str, Any]]:
    """The design: full factorial over the levels, or a Latin hypercube of `samples` points.

    The hypercube is drawn with scipy's `LatinHypercube` seeded by the experiment's seed, so the
    same file always gives the same points (and a rerun resumes the same batch). Integer and
    listed (discrete) factors take the stratum's value.
    """
    names = list(exp.vary)
    if exp.design == "full_factorial":
        return [dict(zip(names, combo, strict=True))
                for combo in itertools.product(*(exp.vary[n] for n in names))]
    from scipy.stats import qmc

    from sim.config.parameters import PARAMS

    unit = qmc.LatinHypercube(d=len(names), seed=exp.seed).random(exp.samples)
    points = []
    for row in unit:
        point: dict[str, Any] = {}
        for u, name in zip(row, names, strict=True):
            spec = exp.vary[name]
            if isinstance(spec, tuple):
                lo, hi = spec
                val = lo + float(u) * (hi - lo)
                point[name] = int(round(val)) if PARAMS[name].type is int else round(val, 6)
            else:
                point[name] = spec[min(int(u * len(spec)), len(spec) - 1)]
        points.append(point)
    return points


def arms(exp: Experiment, sets: dict[str, Any] | None = None) -> list[Any]:
    """The scenarios to run: the control (if any), then every scenario at every design point."""
    out = []
    if exp.control:
        ctrl = _load(exp, "experiment.control", exp.control, sets)
        stream = {} if exp.paired else {"seed_stream": 0}
        out.append(replace(ctrl, factors={"design_point": -1, "arm": ctrl.name, **stream,
                                          **{n: ctrl.params[n] for n in exp.vary}}))
    for name in exp.scenarios:
        scen = _load(exp, "experiment.scenarios", name, sets)
        for i, point in enumerate(design_points(exp)):
            arm = scen.with_overrides(point, where=f"{exp.path}: vary")
            # unpaired: every design point its own seeds (the same for each scenario at it)
            stream = {} if exp.paired else {"seed_stream": i + 1}
            out.append(replace(arm, name=f"{scen.name}--p{i:03d}",
                               factors={"design_point": i, "arm": scen.name, **stream,
                                        **point}))
    names = [s.name for s in out]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise InputError(exp.path, "experiment.scenarios", f"listed twice: {', '.join(dup)}")
    return out


def _load(exp: Experiment, key: str, name: str, sets: dict[str, Any] | None) -> Any:
    """A scenario by name, or a .toml path relative to the experiment file."""
    from sim.config.scenarios import load_scenario

    if name.endswith(".toml") and not Path(name).is_absolute():
        name = str(Path(exp.path).parent / name)
    try:
        return load_scenario(name, sets)
    except InputError as exc:
        raise InputError(exp.path, key, str(exc)) from None


def run_experiment(exp: Experiment, out: Path | None = None, sets: dict[str, Any] | None = None,
                   **kw: Any) -> Path:
    """Run every arm's replications as one resumable batch; return the results DIR.

    `kw` goes to `run_batch` (workers, backend, scheduler, run_fn, progress, ...).
    """
    from sim.batch import runner, store

    scens = arms(exp, sets)
    out = Path(out) if out is not None else runner.default_out(
        scens, exp.seed, exp.days, prefix=f"{exp.name}-")
    runner.run_batch(scens, exp.replications, seed=exp.seed, days=exp.days, out=out,
                     base=scens[0].name if exp.control else None,
                     **({"series": True} if exp.series else {}), **kw)
    man = store.read_manifest(out)
    man["experiment"] = {**exp.to_dict(), "points": design_points(exp)}
    store.write_manifest(out, man)
    return out


def summarise(runs: Any, exp: Experiment) -> Any:
    """Per arm: the varied values, n, and mean with 95% CI half-width of each output."""
    import numpy as np
    import pandas as pd

    ok = runs[runs["status"] == "ok"]
    keys = ["arm", "design_point", *exp.vary]
    rows = []
    for vals, grp in ok.groupby(keys, sort=True, dropna=False):
        row = dict(zip(keys, vals, strict=True))
        row["n"] = len(grp)
        for col in exp.outputs:
            x = pd.to_numeric(grp[col], errors="coerce").dropna().to_numpy(float)
            row[col] = float(x.mean()) if len(x) else math.nan
            row[f"{col}_ci"] = float(1.96 * x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 \
                else math.nan
        rows.append(row)
    return pd.DataFrame(rows)
