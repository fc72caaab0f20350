"""Hostile or careless input: one line and exit 2, never a traceback, never work done first."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest

from sim.batch import store
from sim.cli import viz
from sim.cli.main import main
from sim.config.scenarios import load_scenario, parse_set
from sim.errors import InputError
from tests.helpers import FAKE

QUICK = ["--reps", "2", "--backend", "serial", "--run-fn", FAKE, "--quiet"]


def _one_line(capsys, code, needle):
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and needle in err[0], err
    assert "Traceback" not in err[0]
    return err[0]


# --------------------------------------------------------------------------- numeric options
@pytest.mark.parametrize("argv, option", [
    (["batch", "status_quo_2022", "--days", "1000000000"], "--days"),
    (["compare", "status_quo_2022", "hotline_as_agreed", "--days", "3651"], "--days"),
    (["run", "status_quo_2022", "--days", "3651"], "--days"),
    (["batch", "status_quo_2022", "--reps", "1000000001"], "--reps"),
    (["batch", "status_quo_2022", "--until-ci", "inf"], "--until-ci"),
    (["batch", "status_quo_2022", "--until-ci", "nan"], "--until-ci"),
    (["batch", "status_quo_2022", "--target-ci", "-1"], "--target-ci"),
    (["batch", "status_quo_2022", "--workers", "100000"], "--workers"),
    (["batch", "status_quo_2022", "--seed", str(2**64)], "--seed"),
    (["batch", "status_quo_2022", "--run-timeout", "0"], "--run-timeout"),
    (["validate", "--days", "99999"], "--days"),
    (["viz", "--port", "70000"], "--port"),
])
def test_numeric_options_are_bounded_and_errors_name_the_option(capsys, argv, option):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"argument {option}:" in err[0], err


# --------------------------------------------------------------------------- scenario files
def _scen(tmp_path: Path, text: str, name: str = "mine.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


PARAM = '[params.misperception]\nvalue = {v}\nkind = "assumption"\nsource = "s"\n' \
        'plausible = {p}\n'


@pytest.mark.parametrize("text, needle", [
    ('[scenario]\nname = "../../escape_here"\n', "scenario.name"),
    ('[scenario]\nname = "/abs/path"\n', "scenario.name"),
    ('[scenario]\nname = ""\n', "scenario.name"),
    ('[scenario]\nname = "' + "x" * 5000 + '"\n', "scenario.name"),
    ('[scenario]\nextends = "../status_quo_2022"\n', "scenario.extends"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    (PARAM.format(v="0.1", p="[nan, inf]"), "plausible"),
    (PARAM.format(v="0.1", p="[1.0, 0.0]"), "plausible"),
    (PARAM.format(v='"0.5"', p="[0, 1]"), "misperception: got '0.5'"),
    ('[params.hotline_active]\nvalue = "yes"\nkind = "public"\nsource = "s"\n',
     "hotline_active: got 'yes'"),
    ('[params.hotline_active]\nvalue = 1\nkind = "public"\nsource = "s"\n',
     "hotline_active: got 1"),
    ('[params.days]\nvalue = 10\nkind = "setting"\nsource = 42\n', "params.days.source"),
    ('[params.start_date]\nvalue = "2022W011"\nkind = "setting"\nsource = "s"\n',
     "start_date: got '2022W011'"),
    ('[params.start_date]\nvalue = "2022-02-30"\nkind = "setting"\nsource = "s"\n',
     "start_date"),
])
def test_bad_scenario_files_are_one_line(tmp_path, capsys, text, needle):
    path = _scen(tmp_path, text)
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert needle in str(exc.value) and "\n" not in str(exc.value)
    code = main(["batch", path, *QUICK, "--out", str(tmp_path / "o")])
    _one_line(capsys, code, needle)
    assert not (tmp_path / "o").exists()
    assert not list(Path(tmp_path).parent.glob("escape_here*"))


def test_long_file_name_and_empty_names(tmp_path, capsys):
    long = tmp_path / ("y" * 120 + ".toml")
    long.write_text("")
    _one_line(capsys, main(["batch", str(long), *QUICK, "--out", str(tmp_path / "o")]),
              "scenario.name")
    _one_line(capsys, main(["params", ""]), "not a scenario name")
    _one_line(capsys, main(["viz", ""]), "not a scenario name")
    _one_line(capsys, main(["run", "x" * 5000]), "x" * 10)


def test_sensible_values_are_accepted(tmp_path):
    assert parse_set(["start_date=2022-01-01"]) == {"start_date": "2022-01-01"}
    assert parse_set(["hotline_active=true", "hotline_active=0"]) == {"hotline_active": False}
    scen = load_scenario(_scen(tmp_path, PARAM.format(v="0.1", p="[0, 1]")))
    assert scen.params["misperception"] == 0.1 and scen.name == "mine"


# --------------------------------------------------------------------------- outputs
def test_default_output_stays_in_results(tmp_path, monkeypatch):
    from sim.batch import runner

    monkeypatch.setattr(runner, "RESULTS_ROOT", tmp_path / "results")
    for bad in ("../x", "/abs", "..", "a/b", ""):
        with pytest.raises(InputError, match="one plain name"):
            runner.confined(tmp_path / "results", bad)
    assert runner.confined(tmp_path, "ok-1").parent == tmp_path


def test_validate_doc_directory_fails_before_any_run(tmp_path, capsys):
    code = main(["validate", "--doc", str(tmp_path), "--out", str(tmp_path / "v"), *QUICK])
    _one_line(capsys, code, "--doc")
    assert not (tmp_path / "v").exists()


def test_out_under_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    code = main(["batch", "status_quo_2022", *QUICK, "--out", str(tmp_path / "f" / "o")])
    _one_line(capsys, code, "is not a directory")


def test_full_disk_is_one_line(tmp_path, capsys, monkeypatch):
    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.parquet"))

    monkeypatch.setattr(store, "_atomic_parquet", full)
    code = main(["batch", "status_quo_2022", *QUICK, "--out", str(tmp_path / "o")])
    line = _one_line(capsys, code, "No space left on device")
    assert "x.parquet" in line


def test_compare_whose_runs_all_fail_says_so(tmp_path, capsys):
    code = main(["compare", "status_quo_2022", "hotline_as_agreed", "--reps", "2", "--backend",
                 "serial", "--run-fn", "tests.fake_model:run_fail", "--quiet", "--out",
                 str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1 and "no successful run" in err and "Traceback" not in err


# --------------------------------------------------------------------------- web page host
def test_viz_host_ipv6_loopback_and_exposure():
    assert viz.resolve_host("127.0.0.1", 0)[2] and viz.resolve_host("localhost", 0)[2]
    assert not viz.resolve_host("0.0.0.0", 0)[2]
    assert viz.url("::1", 8765) == "http://[::1]:8765/"
    if socket.has_ipv6:
        assert viz.resolve_host("::1", 0)[0] == socket.AF_INET6
        assert viz.check_listen("::1", 0) is True


def test_viz_host_errors_name_the_right_option(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(InputError, match="--port"):
            viz.check_listen("127.0.0.1", port)
    with pytest.raises(InputError, match="--host"):
        viz.check_listen("192.0.2.1", 0)  # TEST-NET: not an address of this machine
    with pytest.raises(InputError, match="--host"):
        viz.check_listen("no.such.host.invalid", 0)
    assert "no authentication" in viz.EXPOSED


def test_killing_viz_takes_its_web_server_down(tmp_path):
    """kill -9 of `hotline-sim viz`: the solara server it started does not outlive it."""
    import os
    import signal
    import subprocess
    import time

    from tests.helpers import PY, env

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    proc = subprocess.Popen([PY, "-m", "sim", "viz", "--port", str(port)], env=env(),
                            start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)

    def group() -> list[str]:
        out = subprocess.run(["ps", "-o", "pid=", "-g", str(proc.pid)], capture_output=True,
                             text=True).stdout
        return out.split()

    try:
        deadline = time.monotonic() + 60
        while len(group()) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(group()) >= 2  # viz and its server
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while group() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group() == []
    finally:
        if group():
            os.killpg(proc.pid, signal.SIGKILL)
