"""The results store: atomic chunks, resume bookkeeping, refusal of a foreign DIR, read-back."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.batch import replay, store
from sim.batch.runner import run_batch
from sim.errors import InputError
from tests.helpers import FAKE, comparable, scenarios


def _rows(scen: str, reps: range, status: str = "ok") -> list[dict]:
    return [{"run_id": store.run_id(scen, r), "scenario": scen, "rep": r, "seed": 100 + r,
             "status": status, "error": None if status == "ok" else "boom", "wall_s": 0.1,
             "encounters": r, "peak_ge_4": r % 2} for r in reps]


def _init(tmp_path, names=("status_quo_2022",)):
    sc = scenarios(*names)
    ident = store.batch_identity(sc, 1, 10)
    store.check_or_init(tmp_path, ident, {"scenarios": [{"name": s.name} for s in sc]})
    return sc, ident


def test_chunks_dedupe_failed_then_ok_and_sort(tmp_path):
    _init(tmp_path)
    store.write_chunk(tmp_path, "b", _rows("status_quo_2022", range(3, 6), "failed"), [])
    store.write_chunk(tmp_path, "a", _rows("status_quo_2022", range(0, 3)),
                      [{"run_id": "status_quo_2022/1", "scenario": "status_quo_2022", "rep": 1,
                        "encounter": 0, "peak_rung": 4}])
    store.write_chunk(tmp_path, "c", _rows("status_quo_2022", range(4, 6)), [])
    runs, enc, man = store.load(tmp_path)
    assert list(runs["rep"]) == [0, 1, 2, 3, 4, 5]
    assert list(runs["status"]) == ["ok"] * 3 + ["failed"] + ["ok"] * 2
    assert store.done_keys(tmp_path) == {("status_quo_2022", r) for r in (0, 1, 2, 4, 5)}
    assert len(enc) == 1 and enc["run_id"].iloc[0] == "status_quo_2022/1"
    store.compact(tmp_path)
    assert len(list((tmp_path / store.RUNS).glob("*.parquet"))) == 1
    again, enc2, _ = store.load(tmp_path)
    pd.testing.assert_frame_equal(runs, again)
    # a finished store is also plain parquet for any reader
    assert len(pd.read_parquet(tmp_path / store.RUNS)) == 6


def test_orphans_and_temp_files_are_invisible_and_cleaned(tmp_path):
    _init(tmp_path)
    store.write_chunk(tmp_path, "a", _rows("status_quo_2022", range(2)), [])
    # killed between the encounters rename and the runs rename, and mid-write
    (tmp_path / store.ENCOUNTERS / "zz.parquet").write_bytes(b"PAR1 partial")
    (tmp_path / store.RUNS / ".zz.parquet.1234.tmp").write_bytes(b"partial")
    runs, enc, _ = store.load(tmp_path)
    assert len(runs) == 2 and enc.empty
    assert store.clean_orphans(tmp_path) == 2
    assert not (tmp_path / store.ENCOUNTERS / "zz.parquet").exists()


def test_refuses_dir_of_another_batch(tmp_path):
    sc, ident = _init(tmp_path)
    # same batch: accepted (resume)
    store.check_or_init(tmp_path, ident, {})
    other = store.batch_identity(scenarios("hotline_as_agreed"), 1, 10)
    with pytest.raises(InputError, match="holds another batch"):
        store.check_or_init(tmp_path, other, {})
    # a changed scenario file (different sha256 under the same name) is another batch too
    changed = store.batch_identity(scenarios("status_quo_2022", hotline_answer_prob=0.0), 1, 10)
    with pytest.raises(InputError, match="holds another batch"):
        store.check_or_init(tmp_path, changed, {})
    with pytest.raises(InputError, match="holds another batch"):
        store.check_or_init(tmp_path, store.batch_identity(sc, 2, 10), {})


def test_refuses_to_mix_runs_of_another_output_schema(tmp_path):
    """A batch written by a version with other output fields (say before `severe_hazard`) is
    not resumed: its runs.parquet lacks this version's columns. One clear line, nothing lost."""
    import json

    from sim.batch import manifest

    sc, ident = _init(tmp_path)
    man = json.loads((tmp_path / "manifest.json").read_text())
    old = {k: v for k, v in man["identity"].items() if k not in ("key", "schema")}
    import hashlib
    old["key"] = hashlib.sha256(json.dumps(old, sort_keys=True).encode()).hexdigest()[:16]
    man["identity"] = old  # as a version before the schema was part of the identity wrote it
    (tmp_path / "manifest.json").write_text(json.dumps(man))
    before = (tmp_path / "manifest.json").read_text()
    with pytest.raises(InputError, match="another hotline-sim version"):
        store.check_or_init(tmp_path, ident, {})
    assert (tmp_path / "manifest.json").read_text() == before
    assert ident["schema"] == manifest.output_schema() and len(ident["schema"]) == 12


def test_refuses_non_batch_dir(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a hotline-sim batch"):
        store.check_or_init(tmp_path, store.batch_identity(scenarios("status_quo_2022"), 1, 5),
                            {})


def test_manifest_provenance_and_replay_info(tmp_path):
    out = run_batch(scenarios("status_quo_2022", "hotline_as_agreed"), 4, seed=7, days=30,
                    backend="serial", out=tmp_path / "b", run_fn=FAKE, progress=False)
    man = json.loads((out / "manifest.json").read_text())
    for key in ("identity", "scenarios", "seed", "versions", "git", "platform", "sessions",
                "counts", "created", "ended"):
        assert key in man, key
    assert man["counts"] == {"done": 8, "failed": 0, "total": 8}
    assert man["versions"]["mesa"] and man["complete"] is True
    rec = man["scenarios"][0]
    assert rec["path"].endswith("status_quo_2022.toml") and len(rec["sha256"]) == 64
    info = replay.replay_info(out, "hotline_as_agreed/3")
    runs, _, _ = store.load(out)
    row = runs[runs["run_id"] == "hotline_as_agreed/3"].iloc[0]
    assert info["seed"] == row["seed"] and info["days"] == 30
    scen = replay.reload_scenario(info["scenario"])
    assert scen.name == "hotline_as_agreed" and scen.sha256 == info["scenario"]["sha256"]
    with pytest.raises(InputError):
        replay.replay_info(out, "nope/1")
    assert comparable(runs).equals(comparable(store.load(out)[0]))


def test_git_state_fingerprints_uncommitted_changes(tmp_path) -> None:  # noqa: ANN001
    """A second edit to an already-dirty tree changes the recorded state (a dirty flag alone
    stayed the same), and a clean tree records no fingerprint."""
    import subprocess

    from sim.batch.manifest import git_state

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "m.py").write_text("x = 1\n")
    git("add", "m.py")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
    clean = git_state(tmp_path)
    assert clean["dirty"] is False and "diff" not in clean and len(clean["commit"]) == 40
    (tmp_path / "m.py").write_text("x = 2\n")
    first = git_state(tmp_path)
    (tmp_path / "m.py").write_text("x = 3\n")
    second = git_state(tmp_path)
    assert first["dirty"] and second["dirty"] and first["commit"] == second["commit"]
    assert len(first["diff"]) == 12 and first["diff"] != second["diff"]


def test_compaction_streams_parts_keeps_each_run_once_and_unifies_types(tmp_path):
    """Compaction merges the encounters part by part (its memory is one part's, not the
    store's): a run left in two parts by a kill during an earlier compaction appears once, a
    superseded failed run's rows go, and a column all-null in one part is promoted."""
    _init(tmp_path)

    def enc(reps, label):
        return [{"run_id": store.run_id("status_quo_2022", r), "scenario": "status_quo_2022",
                 "rep": r, "encounter": e, "peak_rung": e % 5, "zone": label}
                for r in reps for e in range(4)]
    store.write_chunk(tmp_path, "a", _rows("status_quo_2022", range(0, 3)), enc(range(3), None))
    store.write_chunk(tmp_path, "b", _rows("status_quo_2022", range(3, 6)), enc(range(3, 6), "x"))
    # a kill after an earlier merged part landed and before the old parts went: rep 0-2 twice
    store.write_chunk(tmp_path, "merged-old", _rows("status_quo_2022", range(0, 3)),
                      enc(range(3), None))
    before = store.read_encounters(tmp_path)
    assert len(before) == 6 * 4  # readers already drop the duplicates
    store.compact(tmp_path)
    assert len(list((tmp_path / store.ENCOUNTERS).glob("*.parquet"))) == 1
    raw = pd.read_parquet(tmp_path / store.ENCOUNTERS)
    assert len(raw) == 6 * 4 and not raw.duplicated(["rep", "encounter"]).any()
    assert raw["zone"].isna().sum() == 3 * 4 and (raw["zone"].dropna() == "x").all()
    after = store.read_encounters(tmp_path)
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True),
                                  check_dtype=False)
