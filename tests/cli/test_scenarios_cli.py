"""Scenario files and the single-run command line: inheritance, provenance, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli.main import main
from sim.config.parameters import PARAMS
from sim.config.scenarios import list_scenarios, load_scenario, parse_set
from sim.errors import InputError

REQUIRED = {"pre_mechanism", "status_quo_2022", "hotline_as_agreed", "hotline_as_practiced",
            "hotline_full_scope", "taiwan_shock_2022", "taiwan_shock_2022_hotline",
            "coastguard_cooperation", "fishing_surge_2016"}


def test_required_scenarios_exist() -> None:
    assert set(list_scenarios()) >= REQUIRED


def test_inheritance_and_provenance() -> None:
    prac = load_scenario("hotline_as_practiced")
    assert prac.chain == ("status_quo_2022", "hotline_as_agreed", "hotline_as_practiced")
    assert prac.params["hotline_active"] is True  # from hotline_as_agreed
    assert prac.params["hotline_consult_hours"] == 4.0  # overridden here
    assert prac.provenance["hotline_consult_hours"].set_in == "hotline_as_practiced"
    assert prac.provenance["hotline_active"].set_in == "hotline_as_agreed"
    for name in PARAMS:
        prov = prac.provenance[name]
        assert prov.source
        if prov.kind == "assumption":
            assert prov.plausible is not None


def test_overrides_change_hash_and_record_provenance() -> None:
    base = load_scenario("status_quo_2022")
    over = load_scenario("status_quo_2022", {"misperception": 0.2})
    assert over.params["misperception"] == 0.2
    assert over.sha256 != base.sha256
    assert over.provenance["misperception"].kind == "setting"


def _write(tmp: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, needle", [
    ('[params.no_such]\nvalue = 1\nkind = "public"\nsource = "x"\n', "no_such"),
    ('[params.misperception]\nvalue = "high"\nkind = "assumption"\nsource = "x"\n'
     'plausible = [0, 1]\n', "misperception"),
    ('[params.misperception]\nvalue = 3.0\nkind = "assumption"\nsource = "x"\n'
     'plausible = [0, 1]\n', "[0, 1]"),
    ('[params.diplomatic_hours]\nvalue = 5.0\nkind = "assumption"\nsource = "x"\n',
     "plausible"),
    ('[params.misperception]\nvalue = 0.1\nkind = "guess"\nsource = "x"\n', "kind"),
    ("[params\nvalue = 1\n", "malformed TOML"),
    ('[scenario]\ncolour = "red"\n', "colour"),
    ('[[events]]\nday = 3\nkind = "party"\n', "events[0].kind"),
])
def test_bad_scenario_files_give_one_clear_line(tmp_path: Path, text: str, needle: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert needle in str(err.value) and str(path) in str(err.value)
    assert main(["run", str(path), "--days", "1"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hotline-sim: error:")


@pytest.mark.parametrize("args, needle", [
    (["run", "no_such_scenario"], "unknown scenario"),
    (["run", "missing/file.toml"], "not found"),
    (["run", "status_quo_2022", "--set", "misperception"], "key=value"),
    (["run", "status_quo_2022", "--set", "misperception=2"], "misperception"),
    (["run", "status_quo_2022", "--set", "nope=1"], "nope"),
    (["run", "status_quo_2022", "--set", "hotline_active=maybe"], "true or false"),
    (["run", "status_quo_2022", "--days", "0"], "positive"),
    (["params", "no_such_scenario"], "unknown scenario"),
    (["run", "status_quo_2022", "--set", "start_date=notadate"], "YYYY-MM-DD"),
    (["run", "status_quo_2022", "--set", "days=nan"], "days"),
    (["run", "status_quo_2022", "--days", "1", "--out", "/etc/hostname"], "not a directory"),
    (["batch", "status_quo_2022", "--reps", "1", "--out", "/etc/hostname"], "not a directory"),
])
def test_bad_command_line_gives_one_line_and_status_2(args: list[str], needle: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "sim", *args], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0]
    assert "Traceback" not in proc.stderr


def test_parse_set_reads_toml_literals() -> None:
    assert parse_set(["hotline_active=true", "misperception=0.2", "days=10"]) == {
        "hotline_active": True, "misperception": 0.2, "days": 10}
    assert parse_set(["hotline_active=1"]) == {"hotline_active": True}


def test_user_file_can_extend_a_builtin_scenario(tmp_path: Path) -> None:
    path = _write(tmp_path, '[scenario]\nextends = "hotline_as_agreed"\n\n'
                  '[params.hotline_answer_prob]\nvalue = 0.5\nkind = "assumption"\n'
                  'source = "what if"\nplausible = [0, 1]\n', "mine.toml")
    scen = load_scenario(path)
    assert scen.chain == ("status_quo_2022", "hotline_as_agreed", "mine")
    assert scen.params["hotline_answer_prob"] == 0.5 and scen.params["hotline_active"] is True


def test_run_json_and_event_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "status_quo_2022", "--days", "3", "--seed", "4", "--json",
                 "--out", str(tmp_path / "r")])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["scenario"] == "status_quo_2022" and summary["seed"] == 4
    assert (tmp_path / "r" / "events.csv").read_text().startswith("t,kind,")
    assert (tmp_path / "r" / "encounters.csv").exists()


def test_scenarios_and_params_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in REQUIRED)
    assert main(["params", "hotline_as_practiced", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert len(rows) == len(PARAMS) + 1
