"""Strict checks of a batch manifest (``DIR/manifest.json``), as read back from disk.

Why: replay, report and resume act on what the manifest says (seed, horizon, scenario files).
A damaged or hand-edited manifest (``[]``, ``"reps": "many"``, ``"days": 1e9``) must stop them
with one line naming the field, not with a traceback or, worse, a run of a different model.
"""

from __future__ import annotations

import math
from typing import Any

from sim.errors import InputError

FORMAT = "hotline-sim-batch/1"
MAX_DAYS = 3650


def _int(val: Any, lo: int, hi: float = math.inf) -> bool:
    return isinstance(val, int) and not isinstance(val, bool) and lo <= val <= hi


def _fail(where: str, key: str, val: Any, allowed: str) -> None:
    shown = repr(val)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise InputError(where, key, f"got {shown}; allowed: {allowed} (the manifest is damaged: "
                     "restore it or use another --out)")


def _check_identity(where: str, ident: Any) -> None:
    if not isinstance(ident, dict):
        _fail(where, "identity", ident, "a table with key, scenarios, seed, days")
    if not isinstance(ident.get("key"), str) or not ident["key"]:
        _fail(where, "identity.key", ident.get("key"), "a non-empty string")
    if not _int(ident.get("seed"), 0):
        _fail(where, "identity.seed", ident.get("seed"), "a non-negative integer")
    if ident.get("days") is not None and not _int(ident["days"], 1, MAX_DAYS):
        _fail(where, "identity.days", ident["days"], f"null or an integer in [1, {MAX_DAYS}]")
    scen = ident.get("scenarios")
    if not isinstance(scen, list) or not all(
            isinstance(x, list) and len(x) == 2 and all(isinstance(v, str) for v in x)
            for x in scen):
        _fail(where, "identity.scenarios", scen, "a list of [name, sha256] pairs")


def _check_scenarios(where: str, scens: Any) -> None:
    if not isinstance(scens, list):
        _fail(where, "scenarios", scens, "a list of scenario records")
    for i, rec in enumerate(scens):
        key = f"scenarios[{i}]"
        if not isinstance(rec, dict):
            _fail(where, key, rec, "a table with name, path, sha256")
        if not isinstance(rec.get("name"), str) or not rec["name"]:
            _fail(where, f"{key}.name", rec.get("name"), "a non-empty string")
        for field in ("path", "sha256"):
            if field in rec and not isinstance(rec[field], str):
                _fail(where, f"{key}.{field}", rec[field], "a string")
        if "overrides" in rec and not isinstance(rec["overrides"], dict):
            _fail(where, f"{key}.overrides", rec["overrides"], "a table")
        files = rec.get("files", [])
        if not isinstance(files, list) or not all(
                isinstance(x, list) and len(x) == 2 and all(isinstance(v, str) for v in x)
                for x in files):
            _fail(where, f"{key}.files", files, "a list of [path, sha256] pairs")


def check(where: str, man: Any) -> None:
    """Raise InputError (one line) at the first field of `man` that is missing or ill-typed."""
    if not isinstance(man, dict):
        _fail(where, "", man, "a JSON object")
    if man.get("format") != FORMAT:
        _fail(where, "format", man.get("format"), FORMAT)
    _check_identity(where, man.get("identity"))
    _check_scenarios(where, man.get("scenarios", []))
    if "reps" in man and not _int(man["reps"], 0):
        _fail(where, "reps", man["reps"], "a non-negative integer")
    if "seed" in man and not _int(man["seed"], 0):
        _fail(where, "seed", man["seed"], "a non-negative integer")
    if man.get("days") is not None and not _int(man["days"], 1, MAX_DAYS):
        _fail(where, "days", man["days"], f"null or an integer in [1, {MAX_DAYS}]")
    if not isinstance(man.get("sessions", []), list):
        _fail(where, "sessions", man["sessions"], "a list")
    for key in ("complete",):
        if key in man and not isinstance(man[key], bool):
            _fail(where, key, man[key], "true or false")
    if man.get("base") is not None and not isinstance(man["base"], str):
        _fail(where, "base", man["base"], "null or a scenario name")
    counts = man.get("counts", {})
    if not isinstance(counts, dict) or not all(_int(v, 0) for v in counts.values()):
        _fail(where, "counts", counts, "a table of non-negative integers")
