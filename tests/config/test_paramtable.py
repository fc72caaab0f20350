"""The generated parameter table: every parameter of every scenario, each with a source."""

from __future__ import annotations

from sim.config.parameters import PARAMS
from sim.config.paramtable import rows
from sim.config.scenarios import list_scenarios, load_scenario


def test_every_parameter_of_every_scenario_has_a_source() -> None:
    names = list_scenarios()
    assert "status_quo_2022" in names
    for name in names:
        scen = load_scenario(name)
        table = rows(scen)
        assert [r["parameter"] for r in table] == list(PARAMS), name
        for r in table:
            assert r["source"].strip(), (name, r["parameter"])
            assert r["kind"] in ("article", "public", "calibrated", "assumption", "setting")
            if r["kind"] == "assumption":
                pl = scen.provenance[r["parameter"]].plausible
                assert pl is not None and pl[0] <= pl[1], (name, r["parameter"])
                assert r["plausible"] == f"{pl[0]:g}-{pl[1]:g}"


def test_generated_parameters_page(tmp_path) -> None:  # noqa: ANN001
    from sim.cli.validate import write_parameters

    text = write_parameters(tmp_path / "p.md").read_text()
    assert "Generated file" in text
    for name in list_scenarios():
        assert f"## {name}" in text
    for p in PARAMS:
        starts = [ln for ln in text.splitlines() if ln.startswith(f"| {p} |")]
        assert len(starts) == len(list_scenarios()), p
