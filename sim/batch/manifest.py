"""A batch's manifest (``DIR/manifest.json``): what makes two batches the same batch, where the
code came from, and strict checks of the file as read back from disk.

Why the checks: replay, report and resume act on what the manifest says (seed, horizon, scenario
files). A damaged or hand-edited manifest (``[]``, ``"reps": "many"``, ``"days": 1e9``) must stop
them with one line naming the field, not with a traceback or, worse, a run of a different model.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import subprocess
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim.errors import InputError

FORMAT = "hotline-sim-batch/1"
MANIFEST = "manifest.json"
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


def now_iso() -> str:
    """UTC timestamp with seconds, for manifests."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- identity
def batch_identity(scenarios: Iterable[Any], seed: int, days: int | None) -> dict[str, Any]:
    """What makes two batches the same batch: scenario contents, batch seed and horizon.

    The number of replications is not part of it: a batch may grow (``--until-ci``) or resume.
    The output schema is: runs written by a model with other output fields (say before
    ``severe_hazard`` existed) must not be mixed with new ones in one table.
    """
    scen = sorted((s.name, s.sha256) for s in scenarios)
    ident = {"scenarios": [list(x) for x in scen], "seed": int(seed),
             "days": None if days is None else int(days), "schema": output_schema()}
    ident["key"] = hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]
    return ident


def output_schema() -> str:
    """A short digest of the model's output fields (summary and encounter rows)."""
    from sim.model.results import ENCOUNTER_FIELDS, SUMMARY_FIELDS

    text = json.dumps([SUMMARY_FIELDS, ENCOUNTER_FIELDS])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _describe(ident: dict[str, Any]) -> str:
    names = ", ".join(n for n, _ in ident["scenarios"])
    return f"scenarios {names}, seed {ident['seed']}, days {ident['days']}"


def check_or_init(out: Path, ident: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Open DIR for a batch: create it, or resume it if it holds the same batch; else refuse.

    Refusal (InputError, one line) keeps runs of different scenario files from being mixed.
    """
    mpath = out / MANIFEST
    if mpath.exists():
        man = read_manifest(out)
        old = man.get("identity", {})
        if man.get("format") != FORMAT or old.get("key") != ident["key"]:
            if old and {k: v for k, v in old.items() if k not in ("key", "schema")} == {
                    k: v for k, v in ident.items() if k not in ("key", "schema")}:
                raise InputError(str(out), None, "holds runs of another hotline-sim version "
                                 "(other output fields); they cannot be resumed or mixed "
                                 "with this version's: use another --out")
            was = _describe(old) if old else "something else"
            raise InputError(str(out), None,
                             f"holds another batch ({was}); use another --out or the same "
                             "scenario files, seed and --days")
        return man
    if out.exists() and any(p for p in out.iterdir() if not p.name.startswith(".")):
        raise InputError(str(out), None, "exists and is not a hotline-sim batch directory; "
                         "use another --out")
    out.mkdir(parents=True, exist_ok=True)
    man = {"format": FORMAT, "identity": ident, "created": now_iso(), "sessions": [], **base}
    write_manifest(out, man)
    return man


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json atomically."""
    tmp = out / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, default=str) + "\n")
    tmp.replace(out / MANIFEST)


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of a batch directory; InputError if DIR is not one."""
    mpath = Path(out) / MANIFEST
    if not mpath.is_file():
        raise InputError(str(out), None, f"not a batch directory (no {MANIFEST})")
    try:
        man = json.loads(mpath.read_text())
    except (OSError, ValueError, RecursionError) as exc:
        msg = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise InputError(str(mpath), None, f"unreadable ({msg}); the manifest is damaged: "
                         "restore it or use another --out") from None
    check_manifest(mpath, man)
    return man


def check_manifest(where: Path, man: Any) -> None:
    """The fields a manifest must have, with their types; InputError naming the first bad one."""
    check(str(where), man)


# --------------------------------------------------------------------------- provenance
def provenance() -> dict[str, Any]:
    """Package versions, git commit and platform, for the manifest."""
    from importlib import metadata

    import sim

    versions = {"python": platform.python_version(), "hotline_sim": sim.__version__}
    for pkg in ("hotline-sim", "mesa", "numpy", "numba", "llvmlite", "scipy", "pandas",
                "pyarrow", "statsmodels", "dask", "distributed", "matplotlib"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {"versions": versions, "git": git_state(),
            "platform": {"system": platform.platform(), "machine": platform.machine(),
                         "cpus": os.cpu_count(), "node": platform.node()}}


def git_state(root: Path | None = None) -> dict[str, Any]:
    """The commit of the code that ran, whether the tree had uncommitted changes, and -- when
    it had -- a fingerprint of them (``diff``: the first 12 hex digits of the SHA-256 of
    ``git diff HEAD``), so that an edit to an already-dirty tree shows as a change of state
    (a dirty flag alone hid it; noticed in wave 6). `root` defaults to this checkout."""
    root = root or Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=5).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    state: dict[str, Any] = {"commit": commit or None, "dirty": bool(dirty.strip())}
    if dirty.strip():
        try:  # plain diff: no external diff driver or colour from the user's git config
            diff = subprocess.run(["git", "diff", "--no-ext-diff", "--no-color", "HEAD"],
                                  cwd=root, capture_output=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            diff = b""
        if diff:
            state["diff"] = hashlib.sha256(diff).hexdigest()[:12]
    return state
