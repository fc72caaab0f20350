"""Pairs of stored runs: the same replication (same seed) of two scenarios of one batch.

`hotline-sim viz --replay DIR --pair ID` opens such a pair side by side (the counterfactual
view); the CLI checks the pair before starting the server and the page loads it.
"""

from __future__ import annotations

from pathlib import Path

from sim.batch import store
from sim.errors import InputError


def pair_run_ids(batch_dir: str | Path, pair: str) -> tuple[str, str]:
    """The two stored runs a `--pair ID` names: 'A/17,B/17' explicitly, or a replication
    ('17' or 'A/17') whose counterpart is the same replication (same seed) of the batch's other
    scenario. Raises InputError in one line when the batch does not hold such a pair."""
    names = [str(s.get("name")) for s in store.read_manifest(Path(batch_dir)).get("scenarios", [])]
    if "," in pair:
        a, b = (p.strip() for p in pair.split(",", 1))
        return a, b
    first, _, rep = pair.rpartition("/")
    if not rep.isdigit():
        raise InputError("--pair", pair, "give a replication number (17), a run ID "
                         "(scenario/17) or two run IDs (A/17,B/17)")
    if first and first not in names:
        raise InputError("--pair", pair, f"scenario {first!r} is not in this batch "
                         f"({', '.join(names)})")
    others = [n for n in names if n != first] if first else names
    if first:
        return f"{first}/{rep}", f"{others[0]}/{rep}" if others else ""
    if len(names) < 2:
        raise InputError("--pair", pair, "this batch holds one scenario; a pair needs two")
    return f"{names[0]}/{rep}", f"{names[1]}/{rep}"
