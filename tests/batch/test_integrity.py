"""A damaged store: readers stop with one line, a rerun quarantines and redoes; manifests."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from sim.batch import integrity, replay, store
from sim.batch.runner import run_batch
from sim.cli.main import main
from sim.config.scenarios import load_scenario
from sim.errors import InputError
from tests.helpers import FAKE, comparable, scenarios

NAMES = ("status_quo_2022", "hotline_as_agreed")


def _batch(out, reps=6):
    return run_batch(scenarios(*NAMES), reps, seed=3, days=30, backend="serial", out=out,
                     run_fn=FAKE, progress=False, chunk_size=2, compact=False)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = _batch(tmp_path_factory.mktemp("ref") / "ref")
    runs, enc, _ = store.load(out)
    return comparable(runs), enc


def _damage(part, how):
    if how == "truncated":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    elif how == "empty":
        part.write_bytes(b"")
    else:
        part.write_bytes(bytes(range(256)) * 8)


@pytest.mark.parametrize("table", [store.RUNS, store.ENCOUNTERS])
@pytest.mark.parametrize("how", ["truncated", "empty", "random"])
def test_damaged_part_one_line_then_rerun_repairs(tmp_path, capsys, reference, table, how):
    out = _batch(tmp_path / "b")
    part = sorted((out / table).glob("*.parquet"))[1]
    _damage(part, how)
    with pytest.raises(InputError, match="unreadable part file"):
        store.load(out)
    assert main(["report", str(out), "--no-plots"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and part.name in err[0] and "run the batch command again" in err[0]
    _batch(out)  # the same batch again: quarantine with a warning, redo those runs
    err = capsys.readouterr().err
    assert "moved to" in err and "quarantine" in err
    assert (out / integrity.QUARANTINE).is_dir()
    runs, enc, man = store.load(out)
    pd.testing.assert_frame_equal(comparable(runs), reference[0])
    pd.testing.assert_frame_equal(enc, reference[1])
    assert man["complete"] is True


def test_deleted_encounters_are_redone(tmp_path, reference):
    out = _batch(tmp_path / "b")
    shutil.rmtree(out / store.ENCOUNTERS)
    _batch(out)
    runs, enc, man = store.load(out)
    assert man["complete"] is True and man["sessions"][-1]["to_run"] == 12
    pd.testing.assert_frame_equal(enc, reference[1])
    pd.testing.assert_frame_equal(comparable(runs), reference[0])


def test_partly_missing_encounter_rows_are_redone(tmp_path, reference):
    out = _batch(tmp_path / "b")
    part = sorted((out / store.ENCOUNTERS).glob("*.parquet"))[0]
    table = pd.read_parquet(part)
    table.iloc[: len(table) // 2].to_parquet(part)
    _batch(out)
    _, enc, _ = store.load(out)
    pd.testing.assert_frame_equal(enc, reference[1])


@pytest.mark.parametrize("content, needle", [
    ("[]", "a JSON object"),
    ("{", "unreadable"),
    ("", "unreadable"),
    ("[" * 100000, "unreadable"),
    (None, "reps: got 'many'"),
    ("days=abc", "days: got 'abc'"),
    ("days=1e9", "days: got 1000000000.0"),
    ("seed=-1", "seed: got -1"),
    ("scenarios=x", "scenarios: got 'x'"),
])
def test_damaged_manifest_is_one_clear_line(tmp_path, capsys, content, needle):
    out = _batch(tmp_path / "b", reps=2)
    mpath = out / store.MANIFEST
    man = json.loads(mpath.read_text())
    if content is None:
        man["reps"] = "many"
        content = json.dumps(man)
    elif "=" in content:
        key, val = content.split("=")
        man[key] = {"abc": "abc", "1e9": 1e9, "-1": -1, "x": "x"}[val]
        if key == "days":
            man["identity"]["days"] = man[key]
        content = json.dumps(man)
    mpath.write_text(content)
    for argv in (["report", str(out), "--no-plots"], ["plot", str(out)],
                 ["batch", *NAMES, "--reps", "2", "--days", "30", "--seed", "3", "--out",
                  str(out), "--backend", "serial", "--run-fn", FAKE, "--quiet"]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and needle in err[0] and "manifest" in err[0], (argv, err)


def test_replay_refuses_a_changed_scenario_file_unless_forced(tmp_path, capsys):
    src = tmp_path / "mine.toml"
    src.write_text('[scenario]\nextends = "status_quo_2022"\n')
    out = run_batch([load_scenario(src)], 2, days=10, backend="serial", out=tmp_path / "b",
                    run_fn=FAKE, progress=False)
    info = replay.replay_info(out, "mine/0")
    assert replay.reload_scenario(info["scenario"]).name == "mine"
    src.write_text('[scenario]\nextends = "status_quo_2022"\ndescription = "edited"\n')
    with pytest.raises(InputError, match=r"mine.toml [0-9a-f]{12} -> [0-9a-f]{12}.*--force"):
        replay.reload_scenario(info["scenario"])
    assert replay.reload_scenario(info["scenario"], force=True).description == "edited"
    assert "replaying anyway" in capsys.readouterr().err
