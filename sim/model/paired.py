"""Paired arms without simulating what is already known.

A paired comparison runs the same seed under a base scenario and under treatments that differ
from it in a few parameter values (the hotline switched on, answered more or less often, ...).
The model is a deterministic function of its seed, its scheduled events, its horizon and the
parameter values it *reads*. So the arms' states can first differ at **the first moment the
model reads a parameter whose value differs between them** -- whatever the mechanism that reads
it. That is the criterion used here, and the only one: it knows nothing about hotlines.

`run_paired` runs the base arm with its parameter mapping watched (`WatchedParams` records the
model time at which each differing key is first read). For each treatment:

* if the base run never read any parameter on which that treatment differs, the treatment's run
  would have taken exactly the same path, reading the same values: its result *is* the base
  result, with the scenario name changed (``hotline_as_practiced`` in most replications of the
  canonical comparison: its line is never called, so its parameters are never read);
* otherwise the treatment is simulated from day 0 in full.

Starting a treatment from a copy of the base arm's state at that first read was measured and
does not pay here (see docs/performance.md): a deep copy of the model mid-run costs as much as
simulating the weeks it would save, and the copy must be taken before the read, when its time
is not yet known.

What keeps this exact when the model changes: every parameter is read through ``model.p`` (a
test scans the model's source for other routes); reading, iterating or copying the mapping
counts as a read; arms whose scheduled events differ are always simulated in full; and
tests/model/test_paired.py compares `run_paired` with full runs over scenario pairs and seeds.
Display-only structures that are built from parameters but never change the run (the hotline's
drawn edge, its initial state label) may use `WatchedParams.peek`, which is not a read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sim.model.results import RunResult

_MISSING = object()


class WatchedParams(dict):
    """A model's parameter mapping that records when watched keys are first read.

    Only the keys in `watch` are tracked (those on which paired arms differ); a read of any other
    key costs one set look-up more than a plain dict. Bulk access (iteration, ``items``,
    ``values``, copying) counts as a read of every watched key.
    """

    def __init__(self, values: dict[str, Any], watch: Iterable[str],
                 clock: Callable[[], float]) -> None:
        super().__init__(values)
        self.watch = set(watch)
        self.first_read: dict[str, float] = {}
        self._clock = clock

    def _read(self, key: str) -> None:
        self.first_read[key] = self._clock()
        self.watch.discard(key)

    def _read_all(self) -> None:
        for key in list(self.watch):
            self._read(key)

    def __getitem__(self, key: str) -> Any:
        if key in self.watch:
            self._read(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.watch:
            self._read(key)
        return dict.get(self, key, default)

    def peek(self, key: str) -> Any:
        """The value, not counted as a read: for display-only structures (see module doc)."""
        return dict.__getitem__(self, key)

    def __iter__(self) -> Iterator[str]:  # also makes dict(p) and {**p} go through here
        self._read_all()
        return dict.__iter__(self)

    def items(self):  # noqa: ANN201 - dict view
        self._read_all()
        return dict.items(self)

    def values(self):  # noqa: ANN201 - dict view
        self._read_all()
        return dict.values(self)

    def copy(self) -> dict[str, Any]:
        self._read_all()
        return dict(dict.items(self))


def peek(params: dict[str, Any], key: str) -> Any:
    """A parameter value for a display-only structure (not a read that can change the run)."""
    return params.peek(key) if isinstance(params, WatchedParams) else params[key]


def differing_keys(base: Any, treat: Any) -> set[str] | None:
    """Parameter keys whose values differ between two scenarios (type and value); None if
    anything else the model reads differs (the scheduled events), so the arms cannot share."""
    if tuple(base.events) != tuple(treat.events):
        return None
    keys = set(base.params) | set(treat.params)
    out = set()
    for k in keys:
        a, b = base.params.get(k, _MISSING), treat.params.get(k, _MISSING)
        if type(a) is not type(b) or a != b:
            out.add(k)
    return out


@dataclass
class ArmResult:
    """One arm of a paired run: its result, the seconds spent on it, and whether it reused
    the base arm's result."""

    result: RunResult
    seconds: float
    reused: bool


def renamed(res: RunResult, name: str) -> RunResult:
    """The same run under another scenario name (fresh dicts: no aliasing between arms)."""
    return RunResult({**res.summary, "scenario": name}, [dict(e) for e in res.encounters],
                     [dict(e) for e in res.events])


def run_paired(base: Any, treatments: list[Any], seed: int, days: int | None = None,
               record_events: bool = False) -> list[ArmResult]:
    """Run `base` and each treatment for one seed; results equal to running each arm alone.

    Returns one `ArmResult` per arm, base first.
    """
    from sim.model.model import EastChinaSeaModel, run_scenario

    diffs = [differing_keys(base, t) for t in treatments]
    watch = set().union(*(d for d in diffs if d is not None))
    t0 = time.perf_counter()
    model = EastChinaSeaModel(base, rng=seed, days=days, record_events=record_events,
                              watch=watch)
    model.run_for(int(model.horizon_h))
    if not model.finished:
        model.finish()
    res = model.result()
    read = set(model.p.first_read) if isinstance(model.p, WatchedParams) else watch
    out = [ArmResult(res, time.perf_counter() - t0, False)]
    for treat, diff in zip(treatments, diffs, strict=True):
        t0 = time.perf_counter()
        if diff is not None and not diff & read:
            out.append(ArmResult(renamed(res, treat.name), time.perf_counter() - t0, True))
            continue
        res_t = run_scenario(treat, seed, days=days, record_events=record_events)
        out.append(ArmResult(res_t, time.perf_counter() - t0, False))
    return out
