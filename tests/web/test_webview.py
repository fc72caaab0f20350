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
from sim.web import controls, draw

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


def _walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", None) or []:
        if hasattr(child, "children"):
            yield from _walk(child)


def _by_class(rc: Any, cls: str) -> list[Any]:
    return [w for w in _walk(rc.find(v.Html).widgets[0])
            if isinstance(w, v.Html) and cls in str(w.class_ or "").split()]


def _texts(rc: Any, cls: str) -> list[str]:
    return [w.children[0] for w in _by_class(rc, cls) if w.children]


def _clock(rc: Any) -> str:
    return _texts(rc, "hotline-clock")[0]


def _labels(rc: Any) -> set[str]:
    found = set()
    for cls in (v.Checkbox, v.TextField, v.Select):
        found |= {w.label for w in rc.find(cls).widgets}
    return found | set(_texts(rc, "hl-ctl-label"))


def test_controls_come_from_the_registry(rendered: Any) -> None:
    """Every configured control is present, labelled from its ParamSpec with its value shown;
    plus seed, shock and the scenario picker listing every scenario."""
    labels = _labels(rendered)
    scen = load_scenario("status_quo_2022")
    for name in controls.CONTROL_PARAMS:
        want = f"{controls.control_label(PARAMS[name])}: {controls.shown(scen.params[name])}"
        assert want in labels, (want, labels)
    assert {"seed", "scenario"} <= labels
    assert any(lab.startswith("tension shock") for lab in labels)
    picker = rendered.find(v.Select, label="scenario").widget
    assert set(list_scenarios()) <= set(picker.items)


def test_widget_kind_follows_param_type() -> None:
    for name, spec in PARAMS.items():
        kind = controls.widget_kind(spec)
        if spec.type is bool:
            assert kind == "checkbox", name
        elif spec.choices:
            assert kind == "select", name
        elif spec.type in (int, float) and spec.lo is not None and spec.hi is not None:
            assert kind == "slider", name


BUTTONS = {"hotline-step": "Step", "hotline-reset": "Reset"}


def _click(rc: Any, cls: str) -> None:
    rc.find(v.Btn, children=[BUTTONS[cls]]).widget.click()


def test_step_advances_time(rendered: Any) -> None:
    assert _clock(rendered) == "Day 0 00:00"
    map_before = _image(rendered).value
    for _ in range(3):
        _click(rendered, "hotline-step")
    assert _clock(rendered) == webview.story.clock(3 * webview.RENDER_INTERVAL)
    assert _image(rendered).value != map_before
    assert _texts(rendered, "hotline-state")[0] in draw.HOTLINE_COLOURS


def _image(rc: Any) -> Any:
    import ipywidgets

    return rc.find(v.Html, class_="hotline-map hotline-map-0").find(ipywidgets.Image).widget


def _seed(rc: Any, text: str) -> None:
    box = rc.find(v.TextField, label="seed").widget
    box.v_model = text
    box.fire_event("keyup.enter", None)  # what the browser sends; solara reads v_model


def test_seed_is_checked_and_reset_rebuilds(rendered: Any) -> None:
    _seed(rendered, "17")
    _click(rendered, "hotline-step")
    _click(rendered, "hotline-reset")
    assert _clock(rendered) == "Day 0 00:00"
    assert "seed 17" in _texts(rendered, "hotline-header")[0]
    _click(rendered, "hotline-step")
    _seed(rendered, "abc")
    _click(rendered, "hotline-reset")
    assert _clock(rendered) != "Day 0 00:00"  # the run is kept
    alert = rendered.find(v.Alert, class_="hotline-error").widget
    assert "seed must be a whole number" in str(alert.children)


def test_pick_then_reset_keeps_the_picked_scenario(rendered: Any) -> None:
    target = "hotline_as_agreed"
    rendered.find(v.Select, label="scenario").widget.v_model = target
    _click(rendered, "hotline-step")
    _click(rendered, "hotline-reset")
    assert _clock(rendered) == "Day 0 00:00"
    assert f"scenario {target}" in _texts(rendered, "hotline-header")[0]


def test_picker_refuses_anything_not_listed(rendered: Any, tmp_path: Path) -> None:
    good = tmp_path / "mine.toml"
    good.write_text('[scenario]\nname = "mine"\nextends = "status_quo_2022"\n')
    texts = []
    for value in (str(good), "/no/such.toml", "../etc/passwd"):
        rendered.find(v.Select, label="scenario").widget.v_model = value
        alert = rendered.find(v.Alert, class_="hotline-error").widget
        texts.append(str(alert.children))
        assert "scenario status_quo_2022" in _texts(rendered, "hotline-header")[0]
    assert len(set(texts)) == 1 and "Refused" in texts[0]


def test_controls_override_only_what_changed() -> None:
    model = webview.VizModel(scenario_name="status_quo_2022", rng="5", days=1,
                             hotline_active=True, hotline_answer_prob=0.95)
    assert model.seed == 5
    assert model.viz_changes == {"hotline_active": True}


def test_seed_words() -> None:
    for bad in ("abc", "-1", "1.5", "", "9" * 40, True):
        with pytest.raises(ValueError, match="whole number"):
            webview.coerce_seed(bad)
    assert webview.coerce_seed(" 42 ") == 42


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
        def banner() -> str:
            return " ".join(str(w.children) for w in rc.find(v.Alert).widgets
                            if "Replay of run" in str(w.children))

        assert banner()  # the replay banner
        step = rc.find(v.Btn, children=["Step"]).widget
        while step.disabled is False and "matches" not in banner():
            step.click()
        assert "matches the stored run" in banner()
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
