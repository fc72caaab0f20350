"""Replaying one stored run: its scenario record, seed and horizon, and reloading its scenario
file only if it is unchanged (``hotline-sim viz --replay DIR --run ID``, the web view).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sim.batch.manifest import read_manifest
from sim.batch.store import read_runs
from sim.errors import InputError

__all__ = ["reload_scenario", "replay_info", "scenario_records"]


def scenario_records(out: Path | str) -> dict[str, dict[str, Any]]:
    """Per scenario name: path, sha256, overrides (what replay needs to reload it)."""
    man = read_manifest(Path(out))
    return {s["name"]: s for s in man.get("scenarios", [])}


def replay_info(out: Path | str, rid: str) -> dict[str, Any]:
    """What `hotline-sim viz --replay DIR --run ID` needs: scenario record, seed and days.

    Returns ``{"run_id", "scenario": {name, path, sha256, overrides, ...}, "seed", "days",
    "rep"}``; InputError (one line) if the run is not in the batch.
    """
    out = Path(out)
    runs = read_runs(out, columns=["run_id", "scenario", "rep", "seed", "status"])
    hit = runs[runs["run_id"] == rid] if not runs.empty else runs
    if hit.empty:
        raise InputError(str(out), "--run", f"no run {rid!r} in this batch (IDs look like "
                         "scenario/rep)")
    row = hit.iloc[0]
    man = read_manifest(out)
    rec = scenario_records(out)[row["scenario"]]
    return {"run_id": rid, "scenario": rec, "seed": int(row["seed"]), "rep": int(row["rep"]),
            "days": man.get("identity", {}).get("days"), "status": row["status"]}


def reload_scenario(record: dict[str, Any], force: bool = False) -> Any:
    """Reload a scenario from its manifest record; refuse (InputError) if a file has changed.

    A changed scenario file would replay a different model than the stored run. The refusal
    names each file whose sha256 differs; ``force=True`` (``--force``) replays anyway, with a
    warning on stderr.
    """
    from sim.config.scenarios import load_scenario

    path = record.get("path") or record.get("name", "")
    try:
        scen = load_scenario(path, record.get("overrides") or None)
    except InputError as exc:
        if not force:
            raise InputError(str(path), None, f"cannot reload the batch's scenario ({exc}); "
                             "was it moved or edited?") from None
        raise
    if not record.get("sha256") or scen.sha256 == record["sha256"]:
        return scen
    now = dict(getattr(scen, "files", ()))
    then = dict(tuple(f) for f in record.get("files", []))
    diffs = [f"{p} {h[:12]} -> {now.get(p, 'missing')[:12]}" for p, h in then.items()
             if now.get(p) != h]
    diffs += [f"{p} new in the chain" for p in now if p not in then and then]
    what = "; ".join(diffs) or (f"{path}: sha256 {record['sha256'][:12]} in the manifest, "
                                f"{scen.sha256[:12]} now")
    if not force:
        raise InputError("replay", None, f"scenario changed since the batch ran ({what}); the "
                         "replay would not match the stored run; use --force to replay anyway")
    sys.stderr.write(f"hotline-sim: warning: scenario changed since the batch ran ({what}); "
                     "replaying anyway (--force), the replay may not match the stored run\n")
    return scen
