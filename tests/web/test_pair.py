"""A stored pair opened side by side: `hotline-sim viz --replay DIR --pair ID` (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.batch import runner
from sim.batch.pairs import pair_run_ids
from sim.cli.main import main
from sim.config.scenarios import load_scenario
from sim.errors import InputError
from sim.web import app as webview
from sim.web.session import Session, summary_differences


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scens = [load_scenario("hotline_as_agreed"), load_scenario("status_quo_2022")]
    return runner.run_batch(scens, reps=2, seed=5, days=2, backend="serial",
                            out=tmp_path_factory.mktemp("pair") / "batch", progress=False)


def test_pair_ids_name_the_same_replication(batch: Path) -> None:
    both = ("hotline_as_agreed/1", "status_quo_2022/1")
    assert pair_run_ids(batch, "1") == both
    assert pair_run_ids(batch, "hotline_as_agreed/1") == both
    assert pair_run_ids(batch, "status_quo_2022/1") == both[::-1]
    assert pair_run_ids(batch, "hotline_as_agreed/0,status_quo_2022/1") == (
        "hotline_as_agreed/0", "status_quo_2022/1")
    for bad in ("x", "nosuch/1"):
        with pytest.raises(InputError):
            pair_run_ids(batch, bad)


def test_page_opens_a_stored_pair_and_both_match(batch: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOTLINE_VIZ_REPLAY_RUN", raising=False)
    monkeypatch.setenv("HOTLINE_VIZ_REPLAY_DIR", str(batch))
    monkeypatch.setenv("HOTLINE_VIZ_PAIR", "1")
    setups = webview.setups_from_env()
    assert [s.replay_run for s in setups] == ["hotline_as_agreed/1", "status_quo_2022/1"]
    assert setups[0].seed == setups[1].seed  # a pair: same replication, same seed
    session = Session(setups)
    session.goto(session.model.horizon_h)
    assert session.finished
    for setup, model in zip(setups, session.models, strict=True):
        assert summary_differences(model, dict(setup.stored_summary)) == []


@pytest.mark.parametrize("args", [["--pair", "99"], ["--pair", "x"], ["--pair", "1", "--run",
                                                                      "status_quo_2022/1"]])
def test_bad_pair_is_one_line_and_exit_2(batch: Path, args: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["viz", "--replay", str(batch), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
