"""Property: no input produces a traceback -- either a result, or one line and exit 2.

Hypothesis generates scenario files (well-formed TOML with hostile values, and plain garbage),
``--set`` values and combinations of batch options; each goes through the real command line
(`sim.cli.main.main`, in-process, serial backend, the fake model) and must end in exit 0/1 with
a result, or exit 2 with exactly one error line on stderr. An exception escaping ``main`` fails
the test with hypothesis's minimal example.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim.cli.main import main
from sim.config.parameters import KINDS, PARAMS
from tests.helpers import FAKE

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
QUICK = ["--backend", "serial", "--run-fn", FAKE, "--quiet"]


def _cli(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return code, err.getvalue()


def _assert_clean(code: int, err: str) -> None:
    event(f"exit {code}")
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), (code, err)
    if code == 2:
        errors = [ln for ln in err.splitlines() if "error" in ln]
        assert len(errors) == 1 and errors[0].startswith("hotline-sim"), err


# --------------------------------------------------------------------------- TOML values
def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(value)


scalars = st.one_of(st.booleans(), st.integers(-10**12, 10**12), st.floats(),
                    st.text(max_size=30), st.sampled_from(["2022-01-01", "2022W011", "0.5",
                                                           "yes", "", "../x", "/etc/x"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3))
names = st.one_of(st.sampled_from(list(PARAMS)), st.text(min_size=1, max_size=12))


@st.composite
def scenario_files(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:  # sometimes not TOML at all
        return draw(st.text(max_size=200))
    lines = ["[scenario]"]
    for key in draw(st.lists(st.sampled_from(["name", "extends", "description", "period",
                                              "bogus"]), unique=True, max_size=3)):
        val = draw(st.one_of(values, st.sampled_from(["status_quo_2022", "x" * 300, "a/b"])))
        lines.append(f"{key} = {_toml(val)}")
    for pname in draw(st.lists(names, unique=True, max_size=3)):
        lines.append(f"[params.{json.dumps(pname)}]")
        lines.append(f"value = {_toml(draw(values))}")
        lines.append(f"kind = {_toml(draw(st.one_of(st.sampled_from(KINDS), values)))}")
        if draw(st.booleans()):
            lines.append(f"source = {_toml(draw(values))}")
        if draw(st.booleans()):
            lines.append(f"plausible = {_toml(draw(values))}")
    for _ in range(draw(st.integers(0, 2))):
        lines.append("[[events]]")
        for key in draw(st.lists(st.sampled_from(["day", "kind", "side", "magnitude", "boats",
                                                  "label", "x"]), unique=True, max_size=4)):
            lines.append(f"{key} = {_toml(draw(values))}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=scenario_files())
def test_any_scenario_file_gives_a_result_or_one_line(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.toml"
        path.write_text(text)
        code, err = _cli(["batch", str(path), "--reps", "1", "--days", "5", *QUICK,
                          "--out", str(Path(tmp) / "out")])
        _assert_clean(code, err)
        assert not list(Path(tmp).parent.glob("escape*"))


set_values = st.one_of(values.map(_toml), st.text(max_size=20))


@SETTINGS
@given(sets=st.lists(st.tuples(names, set_values), max_size=3))
def test_any_set_values_give_a_result_or_one_line(sets: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["batch", "status_quo_2022", "--reps", "1", "--days", "5", *QUICK,
                "--out", str(Path(tmp) / "out")]
        for key, val in sets:
            argv += ["--set", f"{key}={val}"]
        _assert_clean(*_cli(argv))


NUMBERS = ["0", "1", "2", "-1", "3651", "1e9", "nan", "inf", "0.5", "abc", "",
           "99999999999999999999", "1_0"]
OPTIONS = {"--reps": NUMBERS, "--days": [*NUMBERS, "3650"], "--seed": NUMBERS, "--workers": NUMBERS,
           "--chunk-size": NUMBERS, "--until-ci": NUMBERS, "--max-reps": NUMBERS,
           "--target-ci": NUMBERS, "--run-timeout": NUMBERS,
           "--scheduler": ["", " ", "bogus://x", "http://x/y", "a b"],
           "--backend": ["serial", "nope", ""]}


@SETTINGS
@given(command=st.sampled_from(["batch", "compare"]),
       opts=st.dictionaries(st.sampled_from(sorted(OPTIONS)), st.integers(0, 20), max_size=5))
def test_any_option_combination_gives_a_result_or_one_line(command: str,
                                                           opts: dict[str, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        argv = [command, "status_quo_2022", "hotline_as_agreed", "--run-fn", FAKE, "--quiet",
                "--out", str(Path(tmp) / "out"), "--reps", "2", "--days", "5",
                "--backend", "serial", "--max-reps", "4"]
        if command == "compare":
            argv.append("--no-report")
        for opt, i in opts.items():
            val = OPTIONS[opt][i % len(OPTIONS[opt])]
            argv += [f"{opt}={val}"]  # `=`: values like -1 stay values
        _assert_clean(*_cli(argv))
