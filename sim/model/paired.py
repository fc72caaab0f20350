"""Paired arms without simulating what is already known.

A paired comparison runs the same seed under a base scenario and under treatments that differ
from it in a few parameter values (the hotline switched on, answered more or less often, ...).
The model is a deterministic function of its seed, its scheduled events, its horizon and the
parameter values it *reads*. So the arms' states can first differ at **the first moment the
model reads a parameter whose value differs between them** -- whatever the mechanism that reads
it. That is the criterion used here, and the only one: it knows nothing about hotlines.

`run_paired` runs the base arm with its parameter mapping watched (`WatchedParams` knows each
treatment's values of the keys on which it differs and records when each treatment's path could
first part from the base's). For each treatment:

* if the base run never made a read that could part the two paths, the treatment's run would
  have taken exactly the same path: its result *is* the base result, with the scenario name
  changed (``hotline_as_practiced`` in most replications of the canonical comparison: its line
  is never called, so its parameters never decide anything);
* otherwise the treatment is simulated from day 0 in full.

Two kinds of read. A plain read (``p[key]``) of a key on which a treatment differs parts that
treatment at once: what the model does with the value is unknown. A *decision*
(``decide(p, keys, fn)``) states what the value is used for -- a pure predicate of the values,
such as "is this report's rung at or above the trigger rung" or "is a notice both wanted and
possible" -- and parts a treatment only if the predicate of its values differs from the base's.
The criterion stays generic (nothing here knows what the keys mean); `decide` only lets a
branch say that it reads nothing but the branch's outcome. The predicate must be pure: no random
draws, no state, the same answer for the same values.

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.model.results import RunResult

_MISSING = object()


class WatchedParams(dict):
    """A model's parameter mapping that records when paired arms could first part.

    Only the keys in `watch` are tracked (those on which paired arms differ); a read of any other
    key costs one set look-up more than a plain dict. Bulk access (iteration, ``items``,
    ``values``, copying) counts as a read of every watched key. `arms` holds, per treatment, its
    values of the keys on which it differs: `diverged` then maps each treatment's position to
    the model time at which its path could first differ (a plain read of one of its keys, or a
    decision whose outcome its values change). Without `arms`, a decision counts as a plain
    read of its watched keys.

    Why the watched values are held apart (`_held`) until their first read: the model reads
    its parameters ~300,000 times a run-year, and a `__getitem__` written in Python made each
    of those reads a Python call -- the base arm of a paired run took 24-35 % longer than the
    same run on a plain dict (wave 7). A watched key is absent from the dict's own storage, so
    only a read of it misses and reaches `__missing__`; there it is recorded and moved into the
    storage, and every later read, like every read of an unwatched key, is the dict's own C
    look-up. Iteration and copies read every watched key and restore the scenario's key order.
    """

    def __init__(self, values: dict[str, Any], watch: Iterable[str],
                 clock: Callable[[], float],
                 arms: Sequence[Mapping[str, Any]] = ()) -> None:
        self.arms = [dict(a) for a in arms]
        self.watch = set(watch).union(*(a.keys() for a in self.arms))
        self._order = list(values)
        self._held = {k: v for k, v in values.items() if k in self.watch}
        super().__init__((k, v) for k, v in values.items() if k not in self._held)
        self.first_read: dict[str, float] = {}
        self.diverged: dict[int, float] = {}
        self._clock = clock

    def _read(self, key: str) -> None:
        now = self._clock()
        self.first_read[key] = now
        self.watch.discard(key)
        if key in self._held:  # from now on a plain read of the dict's own storage
            dict.__setitem__(self, key, self._held.pop(key))
        for i, arm in enumerate(self.arms):
            if key in arm:
                self.diverged.setdefault(i, now)

    def __missing__(self, key: str) -> Any:
        """Only reads of keys not (yet) in the storage get here: a watched key's first read."""
        if key in self.watch:
            self._read(key)
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
        raise KeyError(key)

    def _value(self, key: str) -> Any:
        """A value, read or not yet read, without counting a read (KeyError if absent)."""
        return self._held[key] if key in self._held else dict.__getitem__(self, key)

    def decide(self, keys: tuple[str, ...], fn: Callable[..., Any]) -> Any:
        """`fn` of these keys' values; parts only the treatments for which `fn` of their values
        gives another outcome (see the module doc)."""
        values = [self._value(k) for k in keys]
        out = fn(*values)
        if not self.arms:
            for k in keys:
                if k in self.watch:
                    self._read(k)
            return out
        for i, arm in enumerate(self.arms):
            if i in self.diverged or not any(k in arm for k in keys):
                continue
            alt = [arm.get(k, v) for k, v in zip(keys, values, strict=True)]
            if any(a is _MISSING for a in alt) or fn(*alt) != out:
                self.diverged[i] = self._clock()
        return out

    def _read_all(self) -> None:
        for key in list(self.watch):
            self._read(key)
        if list(dict.keys(self)) != self._order:  # held keys came back at the end
            items = [(k, dict.__getitem__(self, k)) for k in self._order]
            dict.clear(self)
            dict.update(self, items)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.watch:
            self._read(key)
        return dict.get(self, key, default)

    def peek(self, key: str) -> Any:
        """The value, not counted as a read: for display-only structures (see module doc)."""
        return self._value(key)

    def __contains__(self, key: object) -> bool:  # membership is not a read
        return dict.__contains__(self, key) or key in self._held

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._held)

    def __iter__(self) -> Iterator[str]:  # also makes dict(p) and {**p} go through here
        self._read_all()
        return dict.__iter__(self)

    def keys(self):  # noqa: ANN201 - dict view
        self._read_all()
        return dict.keys(self)

    def items(self):  # noqa: ANN201 - dict view
        self._read_all()
        return dict.items(self)

    def values(self):  # noqa: ANN201 - dict view
        self._read_all()
        return dict.values(self)

    def copy(self) -> dict[str, Any]:
        self._read_all()
        return dict(dict.items(self))


def decide(params: dict[str, Any], keys: tuple[str, ...], fn: Callable[..., Any]) -> Any:
    """``fn(*values)`` of a branch that uses these parameters only through its outcome: with
    watched parameters, a paired treatment parts only if its values change that outcome."""
    if isinstance(params, WatchedParams):
        return params.decide(keys, fn)
    return fn(*[params[k] for k in keys])


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
    shared = [(i, t, d) for i, (t, d) in enumerate(zip(treatments, diffs, strict=True))
              if d is not None]
    arms = [{k: t.params.get(k, _MISSING) for k in d} for _, t, d in shared]
    t0 = time.perf_counter()
    # no daily rows: `run_scenario` collects none either (the results have no series), and
    # collecting them cost the base arm 35-60 % of its run (measured in wave 7)
    model = EastChinaSeaModel(base, rng=seed, days=days, record_events=record_events,
                              watch=set().union(*(d for _, _, d in shared)), arms=arms,
                              record_days=False)
    model.run_for(int(model.horizon_h))
    if not model.finished:
        model.finish()
    res = model.result()
    parted = ({shared[j][0] for j in model.p.diverged} if isinstance(model.p, WatchedParams)
              else set(range(len(treatments))))
    out = [ArmResult(res, time.perf_counter() - t0, False)]
    for i, (treat, diff) in enumerate(zip(treatments, diffs, strict=True)):
        t0 = time.perf_counter()
        if diff is not None and i not in parted:
            out.append(ArmResult(renamed(res, treat.name), time.perf_counter() - t0, True))
            continue
        res_t = run_scenario(treat, seed, days=days, record_events=record_events)
        out.append(ArmResult(res_t, time.perf_counter() - t0, False))
    return out
