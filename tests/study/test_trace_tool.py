"""`tools/trace_signal_delay.py`: traces findings variants and tells rescinded signals apart."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from tests.helpers import ROOT

_spec = importlib.util.spec_from_file_location("trace_signal_delay",
                                               ROOT / "tools" / "trace_signal_delay.py")
trace = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trace)


def test_a_findings_variant_is_rebuilt_and_an_unknown_tag_is_refused(capsys) -> None:  # noqa: ANN001
    s = trace.scenario("hotline_as_agreed+orders")
    assert s.name == "hotline_as_agreed+orders" and s.params["hotline_reaches_orders"] == 1.0
    assert trace.scenario("hotline_as_agreed").params["hotline_reaches_orders"] == 0.0
    with pytest.raises(SystemExit) as e:
        trace.scenario("hotline_as_agreed+nope")
    assert e.value.code == 2 and "+orders" in capsys.readouterr().err


def test_a_rescinded_signal_is_not_shown_as_a_delayed_one() -> None:
    ev = [{"kind": "deployment", "t": 24.0, "text": "Group A sails under orders to signal"},
          {"kind": "deployment", "t": 48.0,
           "text": "After the hotline call China's command rescinds deployment A's orders"},
          {"kind": "encounter", "t": 50.0, "text": "has made its signal"}]
    ordered, made, rescinded = trace.signal_days(SimpleNamespace(events=ev))
    assert (ordered, made, rescinded) == (1, [], [2.0])
    assert "rescinded on day [2.0]" in trace._days(made, rescinded)


def test_a_directory_without_runs_is_one_line_exit_2(tmp_path, capsys) -> None:  # noqa: ANN001
    assert trace.main([str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no runs here" in err


def test_an_arm_that_is_not_a_scenario_is_one_line_exit_2(tmp_path, capsys) -> None:  # noqa: ANN001
    """A design-map cell is an arm of its batch but no scenario the tool can rebuild."""
    import pandas as pd

    from sim.batch import store

    runs = pd.DataFrame({"scenario": ["status_quo_2022", "map-p0-r0-0.3-0.25"], "rep": [0, 0],
                         "seed": [1, 1], "days": [5, 5], "severe_hazard": [0.1, 0.0]})
    batch = tmp_path / "b"
    batch.mkdir()
    import unittest.mock as mock

    with mock.patch.object(store, "read_runs", return_value=runs):
        rc = trace.main([str(batch), "--treatment", "map-p0-r0-0.3-0.25"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "map-p0-r0-0.3-0.25" in err
