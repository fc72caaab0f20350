"""Golden-output harness: digests of whole runs, so refactors prove they change nothing.

Each case is a scenario, a seed and a horizon. Its digest is the SHA-256 of the run's summary,
encounter rows and event log, serialised canonically (sorted keys, floats by ``repr``). The stored
digests live in ``digests.json`` beside this file, each with the one-line reason for its last
change.

A refactor must leave every digest unchanged (``tests/golden/test_golden.py`` checks). A model
change updates them in the same commit, with the reason::

    python tests/golden/harness.py --check              # compare, print what differs
    python tests/golden/harness.py --update "why the model's meaning changed"

A new output field is not a change of meaning; its commit proves that everything else is
unchanged by checking the stored digests with the new field left out, then updates them::

    python tests/golden/harness.py --check --ignore severe_hazard

The cases cover every scenario at least once, the fishing surge (several hundred agents at sea) and
a hotline scenario whose calls are answered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

DIGESTS = Path(__file__).with_name("digests.json")

#: (case id, scenario, seed, days). Horizons reach each scenario's scheduled events.
CASES: tuple[tuple[str, str, int, int], ...] = (
    ("status_quo_2022-s1-120d", "status_quo_2022", 1, 120),
    ("status_quo_2022-s7-365d", "status_quo_2022", 7, 365),
    ("hotline_as_agreed-s3-365d", "hotline_as_agreed", 3, 365),
    ("hotline_as_practiced-s2-120d", "hotline_as_practiced", 2, 120),
    ("hotline_full_scope-s1-120d", "hotline_full_scope", 1, 120),
    ("coastguard_cooperation-s1-120d", "coastguard_cooperation", 1, 120),
    ("pre_mechanism-s1-120d", "pre_mechanism", 1, 120),
    ("taiwan_shock_2022-s1-240d", "taiwan_shock_2022", 1, 240),
    ("taiwan_shock_2022_hotline-s1-240d", "taiwan_shock_2022_hotline", 1, 240),
    ("fishing_surge_2016-s1-230d", "fishing_surge_2016", 1, 230),
)


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, default=repr, separators=(",", ":"))


def _without(row: dict[str, Any], ignore: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ignore} if ignore else row


def run_case(scenario: str, seed: int, days: int,
             ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    """Run one case and return the digests of its three outputs (and a few counts for reading);
    summary and encounter fields named in `ignore` are left out (see ``--ignore``)."""
    from sim.config.scenarios import load_scenario
    from sim.model import run_scenario

    res = run_scenario(load_scenario(scenario), seed=seed, days=days)
    parts = {"summary": _without(res.summary, ignore),
             "encounters": [_without(r, ignore) for r in res.encounters], "events": res.events}
    out = {k: hashlib.sha256(_canonical(v).encode()).hexdigest() for k, v in parts.items()}
    out["n_encounters"] = str(len(res.encounters))
    out["n_events"] = str(len(res.events))
    out["hotline_answered"] = str(res.summary.get("hotline_answered"))
    return out


def compute(cases=CASES, ignore: frozenset[str] = frozenset()) -> dict[str, dict[str, str]]:
    return {cid: run_case(sc, seed, days, ignore) for cid, sc, seed, days in cases}


def load() -> dict[str, Any]:
    return json.loads(DIGESTS.read_text())


def diff(stored: dict[str, Any], fresh: dict[str, dict[str, str]]) -> list[str]:
    """Lines naming every case and output whose digest differs from the stored one."""
    lines = []
    for cid, now in fresh.items():
        was = stored["cases"].get(cid)
        if was is None:
            lines.append(f"{cid}: no stored digest")
            continue
        for key in ("summary", "encounters", "events"):
            if was[key] != now[key]:
                lines.append(f"{cid}: {key} differs ({was[key][:12]} -> {now[key][:12]}; "
                             f"encounters {was['n_encounters']} -> {now['n_encounters']}, "
                             f"events {was['n_events']} -> {now['n_events']})")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true", help="compare with the stored digests")
    g.add_argument("--update", metavar="REASON", help="store fresh digests with this reason")
    ap.add_argument("--ignore", metavar="FIELD", action="append", default=[],
                    help="with --check: leave this summary/encounter field out (a new field)")
    args = ap.parse_args(argv)
    if args.ignore and not args.check:
        ap.error("--ignore goes with --check only")
    fresh = compute(ignore=frozenset(args.ignore))
    if args.check:
        lines = diff(load(), fresh)
        print("\n".join(lines) if lines else f"all {len(fresh)} golden cases identical")
        return 1 if lines else 0
    if not args.update.strip():
        ap.error("--update needs a one-line reason")
    history = load().get("history", []) if DIGESTS.exists() else []
    history.append(args.update.strip())
    DIGESTS.write_text(json.dumps({"reason": args.update.strip(), "history": history,
                                   "cases": fresh}, indent=1, sort_keys=True) + "\n")
    print(f"stored {len(fresh)} digests: {args.update.strip()}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
