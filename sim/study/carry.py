"""Finished runs carried from one machine to the next, for a stage longer than a session.

A findings stage resumes from its batch stores (`sim.batch.store`), but the stores of a long
stage do not outlive the machine that wrote them: the plausible stage's ~21,600 whole-year runs
fill ~1.4 GB with their encounter rows, and a session here lasts three hours, which on a slow
host is less than the stage. What the stage reads of its runs is only their table (one row a
run, ~150 bytes compressed), so that table is what is carried:

* `export` writes, for every batch store under a stage's directory, its finished runs
  (``runs.parquet``) and what they are (``carried.json``: each scenario's content hash, the
  batch seed and horizon, the code's fingerprint, the package versions, when and on what commit
  they ran and the sessions' wall time), merging with what the destination already holds;
* `Carry` hands them back, store by store, to `sim.study.sensitivity.run_points` in a later
  session, which runs only the rest (`sim.batch.runner.run_batch`'s ``carried``) and returns
  the carried rows with the new ones -- the same table, row for row, as one uninterrupted run,
  because a run is a function of its scenario's contents, its seed and its horizon alone.

That last clause is what the checks hold, and a carry that fails one is refused (`CarryError`,
an `InputError`: exit 2; before anything runs, except a scenario's contents, checked when its
store is reached): the same code (`fingerprint`: the model, its configuration and the
scenario files, byte for byte, with the output schema and the numerical packages' versions --
strict on purpose: the golden digests cover the defaults, not the corners a stage samples, so
even a refactor that keeps them invalidates carried runs), the same seed and horizon, and for
every carried scenario the same contents as the one the stage builds now. Only stages that read
nothing but their runs' table may be carried (`CARRYABLE`); the encounter rows are not.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError

FORMAT = "hotline-sim-carry/1"
META = "carried.json"
RUNS = "runs.parquet"
#: Stages whose numbers come from their runs' table alone (no encounter rows, no daily series).
CARRYABLE = ("plausible",)
#: What a run's outputs depend on besides its scenario, seed and horizon.
CODE_PATHS = ("sim/model", "sim/config", "scenarios")
VERSIONS = ("python", "numpy", "numba", "mesa")
ROOT = Path(__file__).resolve().parents[2]


class CarryError(InputError):
    """Carried runs that are not this stage's (bad input: exit 2, even from inside a stage)."""


def _blob(data: bytes) -> str:
    """Git's object id of a file's bytes (so a commit's tree and a working tree compare)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _digest(blobs: dict[str, str], schema: str) -> str:
    text = json.dumps({"files": dict(sorted(blobs.items())), "schema": schema}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(root: Path = ROOT, commit: str | None = None) -> str:
    """The code a run's outputs depend on (`CODE_PATHS`), as a short hash: of the files in the
    working tree at `root` (tracked or not ignored), or of those in `commit` of its repository.
    The two agree for a clean tree (tests/study/test_carry.py)."""
    from sim.batch.manifest import output_schema

    git = ["git", "-C", str(root)]
    try:
        if commit is not None:
            out = subprocess.run([*git, "ls-tree", "-r", "-z", commit, "--", *CODE_PATHS],
                                 capture_output=True, check=True).stdout.decode()
            blobs = {line.split("\t", 1)[1]: line.split()[2]
                     for line in out.split("\0") if line}
            return _digest(blobs, output_schema())
        out = subprocess.run([*git, "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard", "--", *CODE_PATHS],
                             capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError) as exc:
        raise CarryError("--carry", str(root), "carried runs need the source tree in git "
                         f"to check their code ({exc})") from None
    blobs = {p: _blob((root / p).read_bytes()) for p in out.split("\0")
             if p and (root / p).is_file()}
    return _digest(blobs, output_schema())


def versions() -> dict[str, str | None]:
    """The versions of what computes a run's numbers (`VERSIONS`), in this environment
    (Python's to its minor release: `_norm`)."""
    import platform
    from importlib import metadata

    res: dict[str, str | None] = {"python": platform.python_version()}
    for pkg in VERSIONS[1:]:
        try:
            res[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            res[pkg] = None
    return _norm(res)


def stores(stage_dir: Path) -> list[Path]:
    """The batch stores under a stage's directory (each holds a ``manifest.json``)."""
    return sorted(p.parent for p in Path(stage_dir).rglob("manifest.json"))


def _wall(man: dict[str, Any], now: float) -> float:
    """Seconds the store's sessions ran (a session still running or killed: until `now`)."""
    from datetime import datetime

    def t(s: str) -> float:
        return datetime.fromisoformat(s).timestamp()

    return sum((t(s["ended"]) if s.get("ended") else now) - t(s["started"])
               for s in man.get("sessions", []) if s.get("started"))


def export(stage_dir: Path, dest: Path, root: Path = ROOT) -> list[dict[str, Any]]:
    """Write the finished runs of every store under `stage_dir` to the same place under
    `dest`, merged with what `dest` holds there (which must be of the same code and batch).
    Each store's runs must have been made by one clean commit of `root`'s repository (its
    manifest's sessions say which), so that their code's fingerprint can be taken from it.
    A store with no finished runs of its own (all carried, say) leaves `dest` as it is.
    Returns what was written, one dict a store."""
    from sim.batch import store

    stage_dir, dest = Path(stage_dir), Path(dest)
    found = stores(stage_dir)
    if not found:
        raise InputError("carry", str(stage_dir), "holds no batch store (manifest.json)")
    now, made = time.time(), []
    for src in found:
        man = json.loads((src / "manifest.json").read_text())
        commit = _commit_of(man, str(src / "manifest.json"))
        runs = store.read_runs(src)
        runs = runs[runs["status"] == "ok"].reset_index(drop=True)
        rel = src.relative_to(stage_dir)
        if runs.empty:  # an empty frame has other column types: nothing to merge
            made.append({"store": str(rel), "runs": 0, "commit": commit})
            continue
        meta = _meta(man, runs, fingerprint(root, commit), commit, now)
        to = dest / rel
        if (to / META).is_file():
            old = json.loads((to / META).read_text())
            _same(old, meta, str(to / META))
            runs = pd.concat([pd.read_parquet(to / RUNS), runs], ignore_index=True
                             ).drop_duplicates(["scenario", "rep"], keep="first")
            meta["scenarios"] = {**old["scenarios"], **meta["scenarios"]}
            # a store exported again (it ran on) replaces its earlier part: its sessions
            # would otherwise count twice in the wall time
            ids = set(meta["parts"][0]["sessions"])
            meta["parts"] = [*(p for p in old["parts"] if not ids & set(p["sessions"])),
                             *meta["parts"]]
        runs = runs.sort_values(["scenario", "rep"], kind="stable").reset_index(drop=True)
        to.mkdir(parents=True, exist_ok=True)
        # the rows, then what they are: a kill between the two leaves rows that the old
        # metadata (or none) does not vouch for, which `Carry.runs_for` does not hand out
        tmp = to / (RUNS + ".tmp")
        runs.to_parquet(tmp, index=False, compression="zstd")
        tmp.replace(to / RUNS)
        (to / META).write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
        made.append({"store": str(rel), "runs": len(runs), "commit": commit})
    return made


def _commit_of(man: dict[str, Any], where: str) -> str:
    """The one clean commit whose code made a store's runs (every session's), or refuse."""
    states = [s.get("git") or man.get("git") or {} for s in man.get("sessions", [])] \
        or [man.get("git") or {}]
    commits = {(g.get("commit"), g.get("dirty")) for g in states}
    if len(commits) != 1 or next(iter(commits))[1] is not False or \
            not next(iter(commits))[0]:
        raise InputError("carry", where, "its runs must come from one clean commit of a git "
                         f"checkout (its sessions ran on {states})")
    return str(next(iter(commits))[0])


def _meta(man: dict[str, Any], runs: pd.DataFrame, code: str, commit: str, now: float
          ) -> dict[str, Any]:
    """`carried.json` for a store's finished `runs` (its manifest `man`)."""
    from sim.batch import store

    scen = {s["name"]: s["sha256"] for s in man["scenarios"]}
    ran = man.get("versions", {})
    return {"format": FORMAT, "fingerprint": code,
            # numba is in manifests written from 3385997 on; before, this venv's (the same
            # constraints file pins it)
            "versions": _norm({**{k: ran.get(k) for k in VERSIONS},
                               "numba": ran.get("numba") or versions()["numba"]}),
            "seed": int(man["seed"]), "days": man["days"],
            "scenarios": {n: scen[n] for n in sorted(set(runs["scenario"]))},
            "parts": [{"commit": commit, "exported": store.now_iso(), "runs": len(runs),
                       "sessions": [s["id"] for s in man.get("sessions", [])],
                       "wall_s": round(_wall(man, now), 1)}]}


def _norm(v: dict[str, Any]) -> dict[str, Any]:
    """Versions as compared: Python's to the minor release (a patch release does not change
    its arithmetic, and `.python-version` names only 3.12)."""
    py = v.get("python")
    return {**v, "python": ".".join(str(py).split(".")[:2]) if py else py}


def _same(old: dict[str, Any], new: dict[str, Any], where: str) -> None:
    """Refuse to mix carried runs of other code, versions, seed, horizon or contents."""
    for key in ("format", "fingerprint", "versions", "seed", "days"):
        if old.get(key) != new.get(key):
            raise CarryError(where, key, f"is {old.get(key)!r} there, {new.get(key)!r} here "
                             "(carried runs of one code and batch only)")
    clash = [n for n, h in new["scenarios"].items() if old["scenarios"].get(n, h) != h]
    if clash:
        raise CarryError(where, "scenarios", f"{clash[0]} has other contents there "
                         "(another design)")


def check_all(carry: Path, stages: dict[str, int | None], seed: int) -> None:
    """`check` the carried runs under `carry` of each stage in `stages` (stage -> its design's
    horizon in days) that can be carried; one of them must have some."""
    if not Path(carry).is_dir():
        raise CarryError("--carry", str(carry), "is not a directory")
    wanted = [s for s in stages if s in CARRYABLE]  # the others ignore --carry
    if wanted and not any((Path(carry) / s).is_dir() for s in wanted):
        raise CarryError("--carry", str(carry), "holds no carried runs of "
                         f"{', '.join(wanted) or 'the stages run'} (DIR/STAGE, as "
                         "`hotline-sim carry OUT/STAGE DIR` writes them)")
    for stage in wanted:
        check(Path(carry) / stage, seed, stages[stage])


def check(root: Path, seed: int, days: int | None) -> None:
    """Before a stage runs: every carried store under `root` (DEST/<stage>) is of this code,
    these versions, this seed and this horizon (each scenario's contents are checked as its
    store is reached: they are the design's, which the stage builds as it goes)."""
    here = {"format": FORMAT, "fingerprint": fingerprint(), "versions": versions(),
            "seed": int(seed), "days": days, "scenarios": {}}
    for meta_path in sorted(Path(root).rglob(META)):
        _same(json.loads(meta_path.read_text()), here, str(meta_path))


@dataclass
class Carry:
    """Carried runs of one stage (`root`: DEST/<stage> as `export` wrote it) for the stage
    running into `stage_out`; `used` collects what was handed out, for the stage's record."""

    root: Path
    stage_out: Path
    used: dict[str, dict[str, Any]] = field(default_factory=dict)

    def runs_for(self, out: Path, scenarios: list[Any], seed: int, days: int | None
                 ) -> pd.DataFrame | None:
        """The carried finished runs of these scenarios for the store at `out`, or None."""
        rel = Path(out).resolve().relative_to(Path(self.stage_out).resolve())
        where = self.root / rel
        if not (where / META).is_file() or not (where / RUNS).is_file():
            return None
        meta = json.loads((where / META).read_text())
        here = {"format": FORMAT, "fingerprint": fingerprint(), "seed": int(seed),
                "days": days, "versions": versions(),
                "scenarios": {s.name: s.sha256 for s in scenarios}}
        _same(meta, here, str(where / META))
        runs = pd.read_parquet(where / RUNS)
        vouched = set(here["scenarios"]) & set(meta["scenarios"])  # contents checked above
        runs = runs[runs["scenario"].isin(vouched) & (runs["status"] == "ok")]
        self.used[str(rel)] = {"runs": int(len(runs)), "parts": meta["parts"]}
        return runs.reset_index(drop=True)

    def stamp(self, rec: dict[str, Any]) -> None:
        """Put what was carried into the stage's record `rec` (``carried``, its note) and add
        the carried sessions' wall time to its own (``wall_s``: this session's)."""
        carried = self.record()
        if not carried:
            return
        rec["carried"] = carried
        note = (f"{carried['runs']} of its runs carried from earlier sessions (code "
                f"{', '.join(c[:10] for c in carried['commits'])}; {carried['wall_s'] / 60:.1f} "
                f"min there, {rec['wall_s'] / 60:.1f} min here: the wall time is their sum)")
        rec["note"] = f"{rec['note']}; {note}" if rec.get("note") else note
        rec["wall_s"] = round(rec["wall_s"] + carried["wall_s"], 1)

    def record(self) -> dict[str, Any] | None:
        """What the stage's record says of its carried runs: how many, from which sessions,
        and their wall time (each store's sessions until its export), or None."""
        if not self.used:
            return None
        parts = [p for u in self.used.values() for p in u["parts"]]
        return {"runs": sum(u["runs"] for u in self.used.values()),
                "stores": sorted(self.used),
                "commits": sorted({p["commit"] for p in parts}),
                "exported": sorted({p["exported"] for p in parts}),
                "wall_s": round(sum(p["wall_s"] for p in parts), 1)}
