"""hotline-sim as an EMA Workbench model: uncertainties, levers and outcomes from the registry.

Why: EMA Workbench users explore a model by sampling its uncertainties and levers, running the
experiments with an evaluator (sequential, multiprocessing, ...), saving the results with
``save_results`` and analysing them with PRIM, CART or feature scoring. This module gives them
hotline-sim in that form, built from the parameter registry (`sim.config.parameters`) so that it
never drifts from the model:

* **Uncertainties**: every parameter whose provenance is "assumption" in the scenarios used,
  over the registry's plausible range (`sim.study.sensitivity.factors`); booleans and integers
  keep their type.
* **Levers**: the hotline's design parameters -- the registry's ``hotline`` group that is not an
  assumption about behaviour: whether it exists, its scope (territorial seas, coast guards) and
  the rung at which a ministry considers a call -- over their allowed values.
* **Replications as seeds**: an EMA ``ReplicatorModel`` whose replication i uses the batch
  runner's seed for replication i (`sim.model.streams.replication_seeds`), so every experiment
  runs on the same random draws (common random numbers) and matches ``hotline-sim batch``.
* **Outcomes from the summary**: one ``ArrayOutcome`` per summary field (a value per
  replication) and ``ScalarOutcome`` aggregates (share of runs with a severe incident).

Two models: `scenario_model` runs one scenario (levers applied to it), `effect_model` runs the
base scenario and the hotline scenario on the same seed in each replication and returns the
paired outcomes (``prevented_severe``: the base run had a severe incident and its hotline twin
did not), which is what scenario discovery (`sim.study.discovery`, ``hotline-sim where``) needs.

    from ema_workbench import MultiprocessingEvaluator, perform_experiments, save_results
    from sim.study import ema
    model = ema.effect_model(reps=4, days=90)
    with MultiprocessingEvaluator(model, n_processes=2) as ev:
        experiments, outcomes = perform_experiments(model, scenarios=50, policies=50,
                                                    combine="sample", evaluator=ev)
    save_results((experiments, outcomes), "where.tar.gz")
"""

from __future__ import annotations

import functools
import logging
import warnings
from typing import Any

import numpy as np

from sim.batch.backends import DEFAULT_RUN_FN, backend_for
from sim.batch.runner import resolve_run_fn
from sim.config.parameters import PARAMS
from sim.config.scenarios import DEFAULT_SCENARIO
from sim.model.streams import replication_seeds

BASE = DEFAULT_SCENARIO
TREAT = "hotline_as_agreed"
#: Summary fields returned per replication (numbers only).
#: The activity counts and ``severe_hazard`` are what history matching reads
#: (`sim.study.history.runs_from_ema`): which experiments the record rules out.
FIELDS: tuple[str, ...] = (
    "encounters", "peak_ge_3", "peak_ge_4", "peak_ge_5", "max_rung", "hotline_calls",
    "hotline_answered", "hotline_effective", "scrambles", "mean_tension_cn", "mean_tension_jp",
    "cz_presence_days", "cz_ship_days", "ts_intrusions", "plan_transits", "mil_ts_entries",
    "severe_hazard",
)
#: Paired fields of the effect model, per replication (base and treatment arm);
#: ``severe_hazard`` (expected severe incidents, conditional Monte Carlo) is what the findings'
#: scenario discovery sums over an experiment's replications (`sim.study.prim_check`).
PAIRED: tuple[str, ...] = ("peak_ge_3", "peak_ge_4", "peak_ge_5", "encounters",
                           "hotline_calls", "hotline_answered", "hotline_effective",
                           "severe_hazard")
#: Case definitions of the effect model, per replication (0/1).
CASES: dict[str, str] = {
    "prevented_severe": "base run severe (rung 4+), its hotline twin not",
    "caused_severe": "hotline run severe (rung 4+), its base twin not",
    "fewer_rung3": "fewer encounters reaching rung 3 with the hotline",
}


def lever_names() -> list[str]:
    """The hotline's design parameters: the ``hotline`` group that is not an assumption."""
    return [s.name for s in PARAMS.values() if s.group == "hotline" and s.kind != "assumption"]


def _parameter(name: str, lo: float, hi: float) -> Any:
    from ema_workbench import BooleanParameter, IntegerParameter, RealParameter

    spec = PARAMS[name]
    if spec.type is bool:
        return BooleanParameter(name)
    if spec.type is int:
        return IntegerParameter(name, int(lo), int(hi))
    return RealParameter(name, float(lo), float(hi))


def uncertainties(base: str = BASE, treat: str = TREAT) -> list[Any]:
    """EMA parameters for every assumption of the two scenarios, at the registry's ranges."""
    from sim.config.scenarios import load_scenario
    from sim.study.sensitivity import factors

    levers_ = set(lever_names())
    facs = factors(load_scenario(base), load_scenario(treat), registry_ranges=True)
    return [_parameter(f.name, f.lo, f.hi) for f in facs if f.name not in levers_]


def levers(include_active: bool = True) -> list[Any]:
    """EMA parameters for the hotline's design, over the registry's allowed values."""
    out = []
    for name in lever_names():
        spec = PARAMS[name]
        if name == "hotline_active" and not include_active:
            continue
        out.append(_parameter(name, spec.lo or 0, spec.hi or 1))
    return out


# --------------------------------------------------------------------------- run functions
@functools.lru_cache(maxsize=16)
def _scenario(name: str) -> Any:
    from sim.config.scenarios import load_scenario

    return load_scenario(name)


def _values(params: dict[str, Any]) -> dict[str, Any]:
    """EMA's sampled values as registry values (numpy scalars to Python, known names only)."""
    out = {}
    for k, v in params.items():
        if k in PARAMS:
            out[k] = v.item() if isinstance(v, np.generic) else v
    return out


def _summary(name: str, values: dict[str, Any], seed: int, days: int, run_fn: str
             ) -> dict[str, Any]:
    scen = _scenario(name).with_overrides(values, where="EMA experiment")
    return resolve_run_fn(run_fn)(scen, int(seed), days=days, record_events=False).summary


def run_scenario_once(*, scenario_name: str = BASE, seed: int, days: int | None = None,
                      run_fn: str = DEFAULT_RUN_FN, rep: int = 0, **params: Any
                      ) -> dict[str, float]:
    """One run of the scenario with the experiment's values; its summary's numeric fields."""
    summ = _summary(scenario_name, _values(params), seed, days, run_fn)
    return {f: float(summ[f]) for f in FIELDS}


def run_pair_once(*, base: str = BASE, treat: str = TREAT, seed: int, days: int | None = None,
                  run_fn: str = DEFAULT_RUN_FN, rep: int = 0, **params: Any
                  ) -> dict[str, float]:
    """Base and hotline scenario on the same seed; levers apply to the hotline arm only."""
    vals = _values(params)
    levers_ = set(lever_names())
    b = _summary(base, {k: v for k, v in vals.items() if k not in levers_}, seed, days, run_fn)
    t = _summary(treat, vals, seed, days, run_fn)
    out = {f"{f}_{arm}": float(s[f]) for f in PAIRED for arm, s in (("base", b), ("treat", t))}
    sb, st = b["peak_ge_4"] > 0, t["peak_ge_4"] > 0
    out.update(severe_base=float(sb), severe_treat=float(st),
               prevented_severe=float(sb and not st), caused_severe=float(st and not sb),
               fewer_rung3=float(t["peak_ge_3"] < b["peak_ge_3"]))
    return out


# --------------------------------------------------------------------------- aggregates
def share_positive(values: Any) -> float:
    """Share of replications with a positive value (e.g. P(severe) from peak_ge_4)."""
    return float(np.mean(np.asarray(values, dtype=float) > 0))


def mean(values: Any) -> float:
    return float(np.mean(np.asarray(values, dtype=float)))


def difference_of_means(base: Any, treat: Any) -> float:
    """Mean over replications of treat - base (the paired effect of the experiment)."""
    return float(np.mean(np.asarray(treat, dtype=float) - np.asarray(base, dtype=float)))


# --------------------------------------------------------------------------- models
def _replicator(name: str, fn: Any, reps: int, seed: int) -> Any:
    from ema_workbench import ReplicatorModel

    logging.getLogger("EMA").setLevel(logging.WARNING)
    model = ReplicatorModel(name, function=fn)
    model.replications = [{"seed": s, "rep": i}
                          for i, s in enumerate(replication_seeds(seed, reps))]
    return model


def scenario_model(scenario: str = BASE, reps: int = 10, days: int | None = None,
                   seed: int = 1, run_fn: str = DEFAULT_RUN_FN) -> Any:
    """One scenario as an EMA model: assumptions uncertain, the hotline's design as levers."""
    from ema_workbench import ArrayOutcome, Constant, ScalarOutcome

    model = _replicator("hotline_sim", run_scenario_once, reps, seed)
    model.uncertainties = uncertainties(scenario, scenario)
    model.levers = levers()
    model.constants = [Constant("scenario_name", scenario), Constant("days", days),
                       Constant("run_fn", run_fn)]
    model.outcomes = [
        *(ArrayOutcome(f) for f in FIELDS),
        ScalarOutcome("p_severe", variable_name="peak_ge_4", function=share_positive),
        ScalarOutcome("mean_severe", variable_name="peak_ge_4", function=mean),
    ]
    return model


def effect_model(base: str = BASE, treat: str = TREAT, reps: int = 10, days: int | None = None,
                 seed: int = 1, run_fn: str = DEFAULT_RUN_FN) -> Any:
    """The hotline's paired effect as an EMA model (see the module docstring)."""
    from ema_workbench import ArrayOutcome, Constant, ScalarOutcome

    model = _replicator("hotline_effect", run_pair_once, reps, seed)
    model.uncertainties = uncertainties(base, treat)
    model.levers = levers(include_active=False)
    model.constants = [Constant("base", base), Constant("treat", treat), Constant("days", days),
                       Constant("run_fn", run_fn)]
    fields = [f"{f}_{arm}" for f in PAIRED for arm in ("base", "treat")]
    model.outcomes = [
        *(ArrayOutcome(f) for f in [*fields, "severe_base", "severe_treat", *CASES]),
        ScalarOutcome("rd_severe", variable_name=["severe_base", "severe_treat"],
                      function=difference_of_means),
        ScalarOutcome("diff_peak_ge_3", variable_name=["peak_ge_3_base", "peak_ge_3_treat"],
                      function=difference_of_means),
    ]
    return model


def _run_experiment(msis: Any, experiment: Any) -> Any:
    from ema_workbench.em_framework.experiment_runner import ExperimentRunner

    return ExperimentRunner(msis).run_experiment(experiment)


def _dask_evaluator_class() -> type:
    from ema_workbench.em_framework.evaluators import BaseEvaluator

    class DaskEvaluator(BaseEvaluator):
        """Experiments as Dask tasks, on an embedded local cluster or a running scheduler (the
        batch runner's `connect_dask`), for ``hotline-sim where --backend dask``."""

        def __init__(self, msis: Any, scheduler: str | None = None,
                     workers: int | None = None) -> None:
            super().__init__(msis)
            self.scheduler, self.workers = scheduler, workers or 2
            self.client = self.cluster = None

        def initialize(self) -> None:
            from sim.batch.runner import connect_dask

            self.client, self.cluster = connect_dask(self.scheduler, self.workers)

        def finalize(self) -> None:
            for obj in (self.client, self.cluster):
                if obj is not None:
                    obj.close()

        def evaluate_experiments(self, experiments: Any, callback: Any, **kwargs: Any) -> None:
            from distributed import as_completed

            futs = {self.client.submit(_run_experiment, self._msis, e, pure=False): e
                    for e in experiments}
            for fut in as_completed(list(futs)):
                callback(futs.pop(fut), fut.result())

    return DaskEvaluator


def DaskEvaluator(model: Any, scheduler: str | None = None,  # noqa: N802 - a class factory
                  workers: int | None = None) -> Any:
    """An EMA evaluator that runs each experiment as a Dask task."""
    return _dask_evaluator_class()(model, scheduler=scheduler, workers=workers)


def evaluator(model: Any, backend: str = "serial", workers: int | None = None,
              scheduler: str | None = None) -> Any:
    """An EMA evaluator for a hotline-sim backend name (serial, process, dask)."""
    from ema_workbench import MultiprocessingEvaluator, SequentialEvaluator

    if backend_for(backend, scheduler) == "dask":
        return DaskEvaluator(model, scheduler=scheduler, workers=workers)
    if backend == "process":
        return MultiprocessingEvaluator(model, n_processes=workers or -1)
    return SequentialEvaluator(model)


def run(model: Any, scenarios: int, policies: int = 0, seed: int = 1, backend: str = "serial",
        workers: int | None = None, scheduler: str | None = None, combine: str = "sample",
        progress: bool | None = None) -> tuple[Any, dict[str, np.ndarray]]:
    """`perform_experiments` with Latin hypercubes seeded by `seed` on the chosen backend
    (EMA's progress bar unless `progress` is False)."""
    from ema_workbench import perform_experiments

    with warnings.catch_warnings(), evaluator(model, backend, workers, scheduler) as ev:
        warnings.simplefilter("ignore", FutureWarning)  # pandas deprecations inside EMA
        return perform_experiments(
            model, scenarios=scenarios, policies=policies, evaluator=ev, combine=combine,
            uncertainty_sampling_kwargs={"rng": seed},
            lever_sampling_kwargs={"rng": seed + 1}, log_progress=progress is False)


def cases_table(experiments: Any, outcomes: dict[str, np.ndarray], model: Any) -> Any:
    """One row per (experiment, replication): the inputs and the 0/1 case columns."""
    import pandas as pd

    names = [p.name for p in (*model.uncertainties, *model.levers)]
    x = experiments[[n for n in names if n in experiments.columns]].reset_index(drop=True)
    reps = outcomes[next(iter(CASES))].shape[1]
    ids = pd.DataFrame({"experiment": np.repeat(np.arange(len(x)), reps),
                        "rep": np.tile(np.arange(reps), len(x))})
    rows = x.loc[x.index.repeat(reps)].reset_index(drop=True)
    cases = pd.DataFrame({c: outcomes[c].reshape(-1).astype(bool) for c in CASES})
    return pd.concat([ids, rows, cases], axis=1)  # one join: no fragmented frame
