"""Damage detection and repair of a results store, run at the start of every batch session.

Why: a part file can be damaged after it was committed (a disk error, a full disk, a careless
``cp``, someone deleting ``encounters.parquet/``). Readers then stop with one line naming the file
(`sim.batch.store.DamagedPart`); running the batch again repairs the store here:

* a runs part that cannot be read, or whose encounters part cannot be read, is moved with its
  encounters (and time-series) part to ``DIR/quarantine/`` (nothing is deleted), with a
  warning; its runs are then missing and the session redoes them;
* a runs part whose ``ok`` runs do not have the encounter rows their summary counts
  (``encounters`` column) is quarantined the same way, so those runs are redone.

The check reads every runs part and the ``run_id`` column of every encounters part once: linear
in the size of the store.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from sim.batch import store

QUARANTINE = "quarantine"


def _problem(rpart: Path, epart: Path | None) -> str | None:
    """Why this chunk (runs part + encounters part) cannot be trusted, or None."""
    try:
        runs = pq.read_table(rpart)
    except (OSError, pa.ArrowException) as exc:
        return f"unreadable ({type(exc).__name__})"
    need: dict[str, int] = {}
    if {"run_id", "status", "encounters"} <= set(runs.column_names):
        for rid, status, n in zip(runs["run_id"].to_pylist(), runs["status"].to_pylist(),
                                  runs["encounters"].to_pylist(), strict=True):
            if status == "ok" and n:
                need[rid] = int(n)
    if epart is None:
        return f"encounter rows of {len(need)} run(s) missing" if need else None
    try:
        ids = pq.read_table(epart, columns=["run_id"])["run_id"].to_pylist()
    except (OSError, KeyError, pa.ArrowException) as exc:
        return f"its encounters part is unreadable ({type(exc).__name__})"
    have = Counter(ids)
    short = [rid for rid, n in need.items() if have.get(rid, 0) != n]
    if short:
        return f"encounter rows of {len(short)} run(s) missing or incomplete (e.g. {short[0]})"
    return None


def repair(out: Path) -> int:
    """Quarantine the damaged chunks of DIR (their runs will be redone); return how many."""
    out = Path(out)
    eparts = {p.name: p for p in store.part_files(out / store.ENCOUNTERS)}
    moved = 0
    for rpart in store.part_files(out / store.RUNS):
        why = _problem(rpart, eparts.get(rpart.name))
        if why is None:
            continue
        qdir = out / QUARANTINE
        qdir.mkdir(exist_ok=True)
        series = out / store.TIMESERIES / rpart.name
        for table, part in ((store.RUNS, rpart), (store.ENCOUNTERS, eparts.get(rpart.name)),
                            (store.TIMESERIES, series)):
            if part is not None and part.exists():
                part.replace(qdir / f"{table.split('.')[0]}-{part.name}")
        sys.stderr.write(f"hotline-sim: warning: {rpart}: {why}; moved to {qdir}/, its runs "
                         "will be redone\n")
        moved += 1
    return moved
