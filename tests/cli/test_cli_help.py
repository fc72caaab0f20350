"""A command line that helps: usage with examples, --version, examples in every subcommand's
help, quiet end when the reader of a pipe goes away, scenario diffs, cut-off event warnings,
and nothing written into the source tree unless asked."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest

import sim
from sim.cli.main import EXAMPLES, build_parser, main
from tests.helpers import FAKE, PY, env


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "sim", *args], env=env(), capture_output=True, text=True,
                          timeout=60)


def test_bare_command_prints_usage_with_examples():
    res = _cli()
    assert res.returncode == 0
    assert res.stdout.startswith("usage: hotline-sim")
    assert "examples:" in res.stdout and "hotline-sim run status_quo_2022" in res.stdout
    assert "experiment" in res.stdout and not res.stderr


def test_version():
    res = _cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"hotline-sim {sim.__version__}"


def test_every_subcommand_help_has_an_example():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in sub.choices if name not in EXAMPLES]
    assert not missing, f"add an example for: {missing}"
    for name, parser in sub.choices.items():
        text = parser.format_help()
        assert "example" in text and EXAMPLES[name][0] in text, name


def test_closed_pipe_ends_quietly(monkeypatch):
    """`hotline-sim params | head -1`: the reader closes the pipe; no traceback, status 141."""
    read_fd, write_fd = os.pipe()
    os.close(read_fd)
    saved = os.dup(1)
    try:
        os.dup2(write_fd, 1)
        monkeypatch.setattr("sys.stdout", io.TextIOWrapper(os.fdopen(1, "wb", closefd=False)))
        assert main(["params"]) == 141
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(write_fd)


def test_closed_pipe_in_a_real_shell_pipeline():
    """The reader (`true`) is gone long before Python has imported and starts writing."""
    for args in ("params", "scenarios", "codebook --format markdown"):
        res = subprocess.run(["bash", "-c", f"{PY} -m sim {args} | true; "
                              "exit ${PIPESTATUS[0]}"],
                             env=env(), capture_output=True, text=True, timeout=60)
        assert res.stderr == "", res.stderr
        assert res.returncode == 141, args


def test_params_diff_shows_values_sources_and_events(capsys):
    assert main(["params", "--diff", "status_quo_2022", "taiwan_shock_2022_hotline"]) == 0
    out = capsys.readouterr().out
    assert "hotline_active" in out and "false" in out and "true" in out
    assert "event + day 215" in out
    assert "misperception" not in out  # equal values are not differences
    assert main(["params", "--diff", "status_quo_2022", "status_quo_2022"]) == 0
    assert "same parameter values" in capsys.readouterr().out


def test_params_diff_bad_scenario_one_line():
    res = _cli("params", "--diff", "status_quo_2022", "nope")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert "unknown scenario" in res.stderr


def test_days_cutting_off_scheduled_events_warns(tmp_path):
    res = _cli("run", "taiwan_shock_2022", "--days", "30", "--out", str(tmp_path / "r"))
    assert res.returncode == 0
    assert "warning: --days 30 ends taiwan_shock_2022 before" in res.stderr
    assert "day 215 shock" in res.stderr
    res = _cli("batch", "taiwan_shock_2022", "--days", "300", "--reps", "1", "--backend",
               "serial", "--out", str(tmp_path / "b"), "--run-fn", FAKE, "--quiet")
    assert res.returncode == 0 and "day 215" not in res.stderr and "day 320" in res.stderr


def test_missing_optional_dependency_names_the_extra(monkeypatch, capsys):
    import sim.cli.validate as v

    def needs_salib(args):
        raise ModuleNotFoundError("No module named 'SALib'", name="SALib")

    monkeypatch.setattr(v, "cmd_sensitivity", needs_salib)
    assert main(["sensitivity"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'hotline-sim[study]'" in err[0]


@pytest.mark.slow
def test_validate_writes_its_table_into_the_results_dir_not_docs(tmp_path):
    docs = Path(sim.__file__).parents[1] / "docs" / "validation.md"
    before = docs.read_text() if docs.exists() else None
    out = tmp_path / "v"
    res = _cli("validate", "--reps", "1", "--days", "20", "--backend", "serial", "--out",
               str(out), "--run-fn", FAKE, "--quiet", "--scenario", "status_quo_2022")
    assert res.returncode == 0, res.stderr
    assert (out / "validation.md").is_file()
    assert f"table: {out / 'validation.md'}" in res.stdout
    after = docs.read_text() if docs.exists() else None
    assert before == after
