"""Where one run-year's time goes, as shares of the total (a script, not a test).

Samples `--runs` run-years of a scenario with pyinstrument and attributes every sample to one
category: the innermost frame on its stack that a rule below recognises wins, so a zone lookup
made by a mission counts as "zone lookups", and an event scheduled by a decision round counts as
"event machinery". Shares, not seconds, are what docs/performance.md compares: the machine is
shared and absolute times are noisy.

    .venv/bin/python benchmarks/profile_model.py [--runs 4] [--scenario status_quo_2022]
        [--top 25]   # also list the functions with the most self time
    .venv/bin/python benchmarks/profile_model.py --counts   # work done per run-year instead
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

# (category, test on "function\0file"): first match from the innermost frame outwards wins.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("random-stream creation", ("Streams.child", "SeedSequence", "PCG64", "Generator",
                                "_seed_sequence", "seed_state")),
    ("zone lookups", ("zones_at", "zone_at", "push_out_of_ts", "zone_one", "_zones_source")),
    ("event machinery", ("schedule_event", "mesa/time/", "EventQueue", "_advance_time",
                         "run_for", "weakref", "_do_step", "_hourly", "Observable")),
    ("movement", ("Fleet.move", "Fleet._advance", "move_numpy", "_move_source")),
    ("detection (pairs)", ("_detect", "_contacts", "pairs_numpy", "_pairs_source", "cKDTree")),
    ("encounter bookkeeping", ("Scenes.", "_components", "find ", "_group", "_open", "close",
                               "_absorb", "Encounter.refresh", "update_zones",
                               "Encounter.__init__", "Encounter.__post_init__", "_zone_label",
                               "Encounter.seen", "still_in_contact", "centre")),
    ("decision rounds and messages", ("Encounter.", "Communication", "Hotline", "_Call",
                                      "Message", "Tension", "_softmax3", "act_text")),
    ("missions and activity", ("Loiter", "Route", "on_arrival", "Activity.", "_Launch", "Then",
                               "IntrusionLoiter", "Unit.", "take_unit", "Process.", "Ccg",
                               "Fishing", "Flights", "UnitPool", "Air", "missions.py",
                               "coastguard.py", "fishing.py", "flights.py", "activity.py")),
    ("responses and observation", ("Responses.", "Observer.", "_observe", "_plan_transits",
                                   "crossed_gate", "responses.py", "observation.py")),
    ("step orchestration", ("EastChinaSeaModel.step", "_spatial", "EastChinaSeaModel")),
    ("results", ("summary", "result", "row", "to_lonlat", "_lonlat", "pyproj")),
)


def frame_name(frame: str) -> str:
    """"Class.function file" from a pyinstrument frame identifier."""
    head, *attrs = frame.split("\x01")
    func, file, *_ = [*head.split("\x00"), "", ""]
    cls = next((a[1:] for a in attrs if a.startswith("c")), "")
    return f"{cls + '.' if cls else ''}{func} {file.split('site-packages/')[-1]}"


def categorise(stack: list[str]) -> str:
    for frame in reversed(stack):
        name = frame_name(frame)
        for cat, keys in RULES:
            if any(k in name for k in keys):
                return cat
    return "other (set-up, imports)"


def _counting(owner: object, name: str, counts: Counter[str], key: str,
              size: bool = False) -> None:
    """Wrap owner.name so that each call adds 1 (or len of its first argument) to counts[key]."""
    fn = getattr(owner, name)

    def wrapped(*args: object, **kw: object) -> object:
        counts[key] += len(args[0]) if size and hasattr(args[0], "__len__") else 1
        return fn(*args, **kw)

    setattr(owner, name, wrapped)


def count_work(scenario: str, runs: int, days: int) -> None:
    """Work counts per run-year: what a lean implementation must still do."""
    from sim.config.scenarios import load_scenario
    from sim.model import geography, kernels, missions, streams
    from sim.model.agents import Unit
    from sim.model.encounter import Encounter
    from sim.model.model import EastChinaSeaModel

    c: Counter[str] = Counter()
    _counting(EastChinaSeaModel, "schedule_event", c, "events scheduled")
    _counting(EastChinaSeaModel, "_spatial", c, "spatial updates")
    _counting(Encounter, "round", c, "decision rounds")
    _counting(Unit, "on_arrival", c, "mission arrivals")
    _counting(streams.Streams, "child", c, "random generators created")
    _counting(geography, "zone_at", c, "scalar zone look-ups")
    _counting(missions.Loiter, "next_point", c, "loiter legs (one compiled call each)")
    if kernels.JIT:  # the dispatcher, which stays bound (`kernels._direct` would rebind the
        kernels.leg_first = kernels.leg_first_jit  # name to its entry point and drop the count)
    _counting(kernels, "leg_first", c, "flight legs watched (one compiled call each)")
    _counting(geography, "zones_at", c, "vector zone look-ups (calls)")
    scen = load_scenario(scenario)
    for seed in range(1, runs + 1):
        m = EastChinaSeaModel(scen, rng=seed, days=days, record_events=False)
        m.run_for(int(m.horizon_h))
        if not m.finished:
            m.finish()
        res = m.result()
        c["hourly steps"] += m.steps
        c["encounters"] += len(res.encounters)
        c["messages"] += res.summary["messages"]
    print(f"{scenario}: work per run-year (mean of {runs} x {days} days)")
    for key, v in sorted(c.items()):
        print(f"  {v / runs * 365 / days:10,.0f}  {key}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--scenario", default="status_quo_2022")
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--interval", type=float, default=0.0005)
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("--counts", action="store_true", help="count work instead of timing")
    a = ap.parse_args()
    if a.counts:
        count_work(a.scenario, a.runs, a.days)
        return
    try:
        from pyinstrument import Profiler
    except ImportError:
        sys.exit("profile_model.py: needs pyinstrument (pip install pyinstrument)")
    from sim.config.scenarios import load_scenario
    from sim.model import run_scenario

    scen = load_scenario(a.scenario)
    run_scenario(scen, seed=999, days=5, record_events=False)  # warm-up: imports, JIT, caches
    prof = Profiler(interval=a.interval)
    prof.start()
    for seed in range(1, a.runs + 1):
        run_scenario(scen, seed=seed, days=a.days, record_events=False)
    session = prof.stop()
    cats: Counter[str] = Counter()
    selft: Counter[str] = Counter()
    total = 0.0
    for stack, t in session.frame_records:
        cats[categorise(stack)] += t
        selft[frame_name(stack[-1])] += t
        total += t
    print(f"{a.scenario}, {a.runs} x {a.days} days, {session.sample_count} samples "
          f"({total / a.runs:.2f} s per run under the profiler)")
    for cat, t in cats.most_common():
        print(f"  {100 * t / total:5.1f} %  {cat}")
    if a.top:
        print(f"top {a.top} functions by self time:")
        for name, t in selft.most_common(a.top):
            print(f"  {100 * t / total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
