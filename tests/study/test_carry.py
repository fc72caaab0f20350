"""Carried runs (`sim.study.carry`): a stage finished over two sessions, its runs' table carried
between them, writes the record one uninterrupted run writes; carried runs of other code, seed
or design are refused before they are used."""

from __future__ import annotations

import json
import subprocess
import time

import pandas as pd
import pytest

from sim.batch import manifest, store
from sim.errors import InputError
from sim.study import carry
from sim.study import findings as fd
from tests.helpers import FAKE

CLEAN = {"commit": "f" * 40, "dirty": False}
#: What a record says of its own run, not of the runs' numbers.
OWN = ("wall_s", "finished", "git", "carried", "note")


@pytest.fixture(autouse=True)
def every_world_stays(monkeypatch):  # noqa: ANN001, ANN201
    """Every part of the stage runs (as in tests/study/test_radial.py): the fake model's worlds
    all stay, over years long enough for severe incidents."""
    from sim.study import history

    real = history.implausibility
    monkeypatch.setattr(history, "implausibility",
                        lambda runs, **kw: real(runs, **kw).assign(nroy=True))
    monkeypatch.setitem(fd.DESIGNS["tiny"], "plausible",
                        {**fd.DESIGNS["tiny"]["plausible"], "days": 300})


@pytest.fixture
def clean_commit(monkeypatch):  # noqa: ANN001, ANN201
    """Stores written as by a clean commit whose code is this tree's (the test may run in a
    working tree with changes: the fingerprint of 'the commit' is then the working tree's)."""
    here = carry.fingerprint()
    monkeypatch.setattr(manifest, "git_state", lambda root=None: dict(CLEAN))
    monkeypatch.setattr(store, "git_state", lambda root=None: dict(CLEAN))
    real = carry.fingerprint
    monkeypatch.setattr(carry, "fingerprint",
                        lambda root=carry.ROOT, commit=None: here if commit else real(root))


def _plausible(out, **kw):  # noqa: ANN001, ANN003, ANN202
    return fd.run_findings("tiny", out, only=["plausible"], backend="serial", run_fn=FAKE,
                           progress=False, **kw)


def _numbers(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k not in OWN}


def _keep(dest, rel: str, rows) -> None:  # noqa: ANN001
    """Keep only some of a carried store's runs (as if its session ended among them)."""
    runs = pd.read_parquet(dest / rel / carry.RUNS)
    runs[rows(runs)].reset_index(drop=True).to_parquet(dest / rel / carry.RUNS, index=False)


def test_a_stage_over_two_sessions_writes_what_one_run_writes(tmp_path, clean_commit,
                                                               monkeypatch) -> None:  # noqa: ANN001
    from sim.study import sensitivity

    tables: dict[str, list] = {"one": [], "two": []}
    real = sensitivity.run_points

    def seen(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        runs = real(*a, **kw)
        tables[session].append((str(a[2]).split("plausible")[-1], runs))
        return runs

    monkeypatch.setattr(sensitivity, "run_points", seen)
    session = "one"
    one = _plausible(tmp_path / "one")
    whole = json.loads((one / "plausible.json").read_text())
    assert "failed" not in whole and whole["radial_confirm"]["reps"] == 2
    dest = tmp_path / "carry" / "plausible"
    made = carry.export(one / "plausible", dest)
    assert {m["store"] for m in made} >= {"wave", "effect", "radial/block-00"}
    # the first session ended part-way: the wave without its last point, the radial block at
    # its first replication (the confirmation grows it to two) and without some points at all
    _keep(dest, "wave", lambda r: r["scenario"] != "h00005-base")
    _keep(dest, "radial/block-00", lambda r: (r["rep"] == 0) & ~r["scenario"].isin(
        ["r00000-base", "r00000-treat", "r00003-base", "r00003-treat"]))
    carried = sum(len(pd.read_parquet(p)) for p in dest.rglob(carry.RUNS))
    session = "two"
    t0 = time.monotonic()
    two = _plausible(tmp_path / "two", carry=tmp_path / "carry")
    elapsed = time.monotonic() - t0
    rec = json.loads((two / "plausible.json").read_text())
    assert _numbers(rec) == _numbers(whole)
    # every table the stage read is the uninterrupted run's, row for row and type for type
    assert len(tables["one"]) >= 5  # wave, effect, the block twice, the centres
    assert [w for w, _ in tables["two"]] == [w for w, _ in tables["one"]]
    for (where, a), (_, b) in zip(tables["one"], tables["two"], strict=True):
        pd.testing.assert_frame_equal(a.drop(columns="wall_s"), b.drop(columns="wall_s"),
                                      obj=where)
    for csv in ("implausibility.csv", "effect/effects.csv", "radial/elementary_effects.csv",
                "radial/confirm_effects.csv"):
        assert (two / "plausible" / csv).read_bytes() == (one / "plausible" / csv).read_bytes()
    assert store.read_runs(two / "plausible" / "effect").empty  # nothing of it ran again
    assert set(store.read_runs(two / "plausible" / "wave")["scenario"]) == {"h00005-base"}
    block = store.read_runs(two / "plausible" / "radial" / "block-00")
    assert set(block["rep"]) == {0, 1} and set(block.loc[block["rep"] == 0, "scenario"]) == {
        "r00000-base", "r00000-treat", "r00003-base", "r00003-treat"}
    c = rec["carried"]
    assert c["runs"] == carried and c["commits"] == [CLEAN["commit"]]
    assert {"wave", "effect", "radial/block-00"} <= set(c["stores"])
    assert c["wall_s"] > 0 and "carried from earlier sessions" in rec["note"]
    assert c["wall_s"] + elapsed - 10 <= rec["wall_s"] <= c["wall_s"] + elapsed + 0.1
    sess = json.loads((two / "plausible" / "wave" / "manifest.json").read_text())["sessions"]
    assert sess[-1]["carried"] == len(store.read_runs(one / "plausible" / "wave")) - 1
    # carried on again at the end of the second session: the stores it ran join the carried
    # ones; those it did not run (all carried) leave theirs as they were, types and all
    effect = pd.read_parquet(dest / "effect" / carry.RUNS)
    wave = pd.read_parquet(dest / "wave" / carry.RUNS)
    carry.export(two / "plausible", dest)
    pd.testing.assert_frame_equal(pd.read_parquet(dest / "effect" / carry.RUNS), effect)
    merged = pd.read_parquet(dest / "wave" / carry.RUNS)
    assert len(merged) == len(wave) + 1 == len(store.read_runs(one / "plausible" / "wave"))
    assert merged.dtypes.equals(wave.dtypes)


def test_carrying_again_merges_and_counts_a_store_once(tmp_path, clean_commit) -> None:  # noqa: ANN001
    one = _plausible(tmp_path / "one")
    dest = tmp_path / "carry" / "plausible"
    carry.export(one / "plausible", dest)
    first = json.loads((dest / "wave" / carry.META).read_text())
    carry.export(one / "plausible", dest)  # the same stores again: one part each, same rows
    again = json.loads((dest / "wave" / carry.META).read_text())
    assert len(again["parts"]) == 1 and again["scenarios"] == first["scenarios"]
    assert len(pd.read_parquet(dest / "wave" / carry.RUNS)) == first["parts"][0]["runs"]


@pytest.mark.parametrize(("key", "value", "said"), [
    ("seed", 7, "seed: is 7"),
    ("days", 10, "days: is 10"),
    ("fingerprint", "0" * 16, "fingerprint: is '0000000000000000'"),
    ("versions", {"numpy": "1.0"}, "versions: is {'numpy': '1.0'}"),
])
def test_carried_runs_of_other_code_or_batch_are_refused_before_anything_runs(
        tmp_path, clean_commit, capsys, key, value, said) -> None:  # noqa: ANN001
    from sim.cli.main import main

    one = _plausible(tmp_path / "one")
    dest = tmp_path / "carry" / "plausible"
    carry.export(one / "plausible", dest)
    meta = json.loads((dest / "wave" / carry.META).read_text())
    (dest / "wave" / carry.META).write_text(json.dumps({**meta, key: value}))
    rc = main(["findings", "--design", "tiny", "--only", "plausible", "--backend", "serial",
               "--run-fn", FAKE, "--quiet", "--out", str(tmp_path / "two"), "--docs",
               str(tmp_path / "docs"), "--no-readme", "--carry", str(tmp_path / "carry")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and said in err[0]
    assert str(dest / "wave" / carry.META) in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "two").exists()  # refused before anything ran or was written


def test_a_carried_scenario_of_another_design_is_refused_where_it_is_reached(
        tmp_path, clean_commit) -> None:  # noqa: ANN001
    one = _plausible(tmp_path / "one")
    dest = tmp_path / "carry" / "plausible"
    carry.export(one / "plausible", dest)
    meta = json.loads((dest / "effect" / carry.META).read_text())
    name = sorted(meta["scenarios"])[0]
    meta["scenarios"][name] = "0" * 64
    (dest / "effect" / carry.META).write_text(json.dumps(meta))
    with pytest.raises(carry.CarryError, match=f"{name} has other contents"):
        _plausible(tmp_path / "two", carry=tmp_path / "carry")
    assert isinstance(carry.CarryError("a", "b", "c"), InputError)  # exit 2 from the CLI


@pytest.mark.parametrize("state", [{"commit": "e" * 40, "dirty": True, "diff": "abc"},
                                   {"commit": None, "dirty": False}])  # not a git checkout
def test_only_runs_of_one_clean_commit_are_exported(tmp_path, monkeypatch, state
                                                    ) -> None:  # noqa: ANN001
    monkeypatch.setattr(manifest, "git_state", lambda root=None: dict(state))
    monkeypatch.setattr(store, "git_state", lambda root=None: dict(state))
    one = _plausible(tmp_path / "one")
    with pytest.raises(InputError, match="one clean commit"):
        carry.export(one / "plausible", tmp_path / "carry" / "plausible")
    assert not (tmp_path / "carry").exists()


def test_a_carry_directory_without_the_stage_is_refused(tmp_path, clean_commit) -> None:  # noqa: ANN001
    one = _plausible(tmp_path / "one")
    carry.export(one / "plausible", tmp_path / "carry" / "plausible")
    with pytest.raises(carry.CarryError, match="holds no carried runs of plausible"):
        _plausible(tmp_path / "two", carry=tmp_path / "carry" / "plausible")  # one level down
    assert not (tmp_path / "two").exists()


def test_the_code_fingerprint_of_a_commit_is_that_of_its_clean_tree() -> None:
    paths = subprocess.run(["git", "-C", str(carry.ROOT), "status", "--porcelain", "--",
                            *carry.CODE_PATHS], capture_output=True, text=True)
    if paths.returncode or paths.stdout.strip():
        pytest.skip("the model's files have uncommitted changes here")
    assert carry.fingerprint() == carry.fingerprint(commit="HEAD")
    assert len(carry.fingerprint()) == 16


def test_carried_runs_in_the_repository_are_of_this_code() -> None:
    """`docs/records/carried` holds the runs of a stage not finished yet (docs/records/README.md):
    a change of the model, its configuration or the scenarios makes them another code's runs,
    to be deleted with the change (the stage then starts afresh)."""
    root = carry.ROOT / "docs" / "records" / "carried"
    metas = sorted(root.rglob(carry.META)) if root.is_dir() else []
    for p in metas:
        meta = json.loads(p.read_text())
        assert meta["fingerprint"] == carry.fingerprint(), p
        assert meta["versions"] == carry.versions(), p
        assert len(pd.read_parquet(p.parent / carry.RUNS)) >= max(
            part["runs"] for part in meta["parts"])


def test_stages_that_cannot_be_carried_ignore_the_carry(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "c").mkdir()
    carry.check_all(tmp_path / "c", {"crisis": 290, "prim": 365}, 1)  # nothing to check
    with pytest.raises(carry.CarryError, match="holds no carried runs of plausible"):
        carry.check_all(tmp_path / "c", {"crisis": 290, "plausible": 365}, 1)
    with pytest.raises(carry.CarryError, match="is not a directory"):
        carry.check_all(tmp_path / "nothing", {"plausible": 365}, 1)
