"""In-process render tests of the web view (no browser): the page as solara builds it.

Run with mesa's deprecations as errors (pyproject's filterwarnings does that):
``.venv/bin/python -m pytest tests/test_webview.py -q -W error::DeprecationWarning:mesa
-W error::FutureWarning:mesa``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipyvuetify as v
import pytest
import solara

from sim.config.parameters import PARAMS
from sim.config.scenarios import list_scenarios, load_scenario
from sim.web import app as webview

SHORT_DAYS = 4


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("HOTLINE_VIZ_SCENARIO", "HOTLINE_VIZ_SEED", "HOTLINE_VIZ_REPLAY_DIR",
                "HOTLINE_VIZ_REPLAY_RUN"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def rendered() -> Iterator[Any]:
    """The page rendered in-process; yields solara's render context for finding widgets."""
    box, rc = solara.render(solara.AppLayout(children=[webview.Page()]), handle_error=False)
    yield rc
    rc.close()


def _by_class(rc: Any, cls: str) -> list[Any]:
    return list(rc.find(v.Html, class_=cls).widgets)


def _texts(rc: Any, cls: str) -> list[str]:
    return [w.children[0] for w in _by_class(rc, cls) if w.children]


def _clock(rc: Any) -> str:
    return _texts(rc, "hotline-clock")[0]


def _labels(rc: Any) -> set[str]:
    found = set()
    for cls in (v.Slider, v.Checkbox, v.TextField, v.Select):
        found |= {w.label for w in rc.find(cls).widgets}
    return found


def test_controls_come_from_the_registry(rendered: Any) -> None:
    """Every configured control is present, labelled from its ParamSpec, with the scenario's
    value; the issue's controls are among them; plus seed, shock and the scenario picker."""
    labels = _labels(rendered)
    for name in webview.CONTROL_PARAMS:
        assert webview.control_label(PARAMS[name]) in labels, name
    for must in ("hotline_active", "hotline_answer_prob", "hotline_consult_hours"):
        assert must in webview.CONTROL_PARAMS
    assert {"seed", "scenario"} <= labels
    assert any(lab.startswith("tension shock") for lab in labels)
    picker = rendered.find(v.Select, label="scenario").widget
    assert set(list_scenarios()) <= set(picker.items)
    hotline = rendered.find(v.Checkbox, label=webview.control_label(PARAMS["hotline_active"]))
    assert hotline.widget.v_model is load_scenario("status_quo_2022").params["hotline_active"]


def test_widget_kind_follows_param_type() -> None:
    """bool -> Checkbox, int/float with bounds -> Slider of that dtype with registry bounds."""
    for name, spec in PARAMS.items():
        ctl = webview.control_for(spec, spec.default)
        if spec.type is bool:
            assert ctl["type"] == "Checkbox", name
        elif spec.type in (int, float) and spec.lo is not None and spec.hi is not None:
            assert (ctl.min, ctl.max) == (spec.lo, spec.hi), name
            assert ctl.is_float_slider is (spec.type is float), name


def test_step_advances_time(rendered: Any) -> None:
    assert _clock(rendered) == "Day 0 00:00"
    map_before = _image(rendered).value
    step = rendered.find(v.Btn, children=["Step"]).widget
    for _ in range(3):
        step.click()
    hours = 3 * webview.RENDER_INTERVAL
    assert _clock(rendered) == webview.clock(hours)
    assert _image(rendered).value != map_before
    assert _texts(rendered, "hotline-state")[0] in webview.HOTLINE_COLOURS


def _image(rc: Any) -> Any:
    import ipywidgets

    return rc.find(v.Html, class_="hotline-map").find(ipywidgets.Image).widget


def test_seed_string_is_coerced_and_reset_rebuilds(rendered: Any) -> None:
    """SolaraViz hands the seed as a str; Reset must build the model with an int rng."""
    seed_box = rendered.find(v.TextField, label="seed").widget
    seed_box.v_model = "17"
    seed_box.fire_event("keyup.enter", None)  # what the browser sends; solara reads v_model
    rendered.find(v.Btn, children=["Step"]).widget.click()
    rendered.find(v.Btn, children=["Reset"]).widget.click()
    assert _clock(rendered) == "Day 0 00:00"
    assert "seed 17" in _texts(rendered, "hotline-header")[0]


def test_scenario_switch_rebuilds_model(rendered: Any) -> None:
    rendered.find(v.Btn, children=["Step"]).widget.click()
    assert _clock(rendered) != "Day 0 00:00"
    target = "hotline_as_agreed"
    rendered.find(v.Select, label="scenario").widget.v_model = target
    assert _clock(rendered) == "Day 0 00:00"
    scen = load_scenario(target)
    hotline = rendered.find(v.Checkbox, label=webview.control_label(PARAMS["hotline_active"]))
    assert hotline.widget.v_model is scen.params["hotline_active"]
    assert f"scenario {scen.name}" in _texts(rendered, "hotline-header")[0]


def test_controls_override_only_what_changed() -> None:
    model = webview.VizModel(scenario_name="status_quo_2022", rng="5", days=1,
                             hotline_active=True, hotline_answer_prob=0.95)
    assert model.seed == 5
    assert model.viz_changes == {"hotline_active": True}


def test_clock_and_feed_words() -> None:
    assert webview.clock(41 * 24 + 6 + 10 / 60) == "Day 41 06:10"
    assert webview.clock(23.9999) == "Day 1 00:00"
    model = webview.VizModel(scenario_name="status_quo_2022", rng=2, days=SHORT_DAYS)
    for _ in range(SHORT_DAYS * 24):
        model.step()
    for line, _rung in webview.feed_lines(model):
        assert line.startswith("Day ") and " — " in line


def test_replay_reproduces_stored_run(tmp_path: Path) -> None:
    """A run stored by the batch runner, replayed through the page's setup, gives the same
    summary (same scenario file, overrides, seed and horizon)."""
    from sim.batch import runner

    scen = load_scenario("taiwan_shock_2022_hotline", {"hotline_answer_prob": 0.5})
    out = runner.run_batch([scen], reps=2, seed=11, days=SHORT_DAYS, backend="serial",
                           out=tmp_path / "batch", progress=False)
    rid = f"{scen.name}/1"
    setup = webview.replay_setup(out, rid)
    assert setup.base_overrides == (("hotline_answer_prob", 0.5),)
    model = setup.model()
    while not model.finished:
        model.step()
    assert webview.summary_differences(model, dict(setup.stored_summary)) == []
    stored = dict(setup.stored_summary)
    assert model.result().summary["encounters"] == stored["encounters"]


def test_replay_page_shows_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sim.batch import runner

    scen = load_scenario("status_quo_2022")
    out = runner.run_batch([scen], reps=1, seed=4, days=1, backend="serial",
                           out=tmp_path / "batch", progress=False)
    monkeypatch.setenv("HOTLINE_VIZ_REPLAY_DIR", str(out))
    monkeypatch.setenv("HOTLINE_VIZ_REPLAY_RUN", f"{scen.name}/0")
    box, rc = solara.render(solara.AppLayout(children=[webview.Page()]), handle_error=False)
    try:
        assert rc.find(v.Alert).widgets  # the replay banner
        step = rc.find(v.Btn, children=["Step"]).widget
        while step.disabled is False and "matches" not in str(rc.find(v.Alert).widget.children):
            step.click()
        assert "matches the stored run" in str(rc.find(v.Alert).widget.children)
    finally:
        rc.close()


def test_core_never_imports_webview() -> None:
    import subprocess
    import sys

    code = ("import sys, sim.model.model, sim.batch.runner; "
            "bad = [m for m in sys.modules if m.startswith(('sim.web.app', 'solara', "
            "'mesa.visualization'))]; print(bad); sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert res.returncode == 0, res.stdout + res.stderr
