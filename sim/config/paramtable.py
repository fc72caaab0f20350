"""The parameter table, generated from the registry and the scenarios' provenance."""

from __future__ import annotations

from typing import Any

from sim.config.parameters import PARAMS
from sim.config.scenarios import Scenario, load_scenario

COLUMNS = ("parameter", "value", "unit", "kind", "source", "plausible", "set in", "meaning")


def rows(scen: Scenario) -> list[dict[str, Any]]:
    """One row per parameter of `scen`, with its effective value and provenance."""
    out = []
    for name, spec in PARAMS.items():
        prov = scen.provenance[name]
        pl = prov.plausible
        out.append({"parameter": name, "value": scen.params[name], "unit": spec.unit,
                    "kind": prov.kind, "source": prov.source,
                    "plausible": f"{pl[0]:g}-{pl[1]:g}" if pl else "",
                    "set in": prov.set_in, "meaning": spec.doc})
    return out


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def parameter_table(scenario: str | None = None, fmt: str = "text") -> str:
    """Render the table for one scenario (or the registry defaults) as text, markdown or csv."""
    scen = load_scenario(scenario or "status_quo_2022")
    table = rows(scen)
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows({k: _fmt(v) for k, v in r.items()} for r in table)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        head = "| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS)
        body = "\n".join("| " + " | ".join(_fmt(r[c]).replace("|", "/") for c in COLUMNS) + " |"
                         for r in table)
        return f"Scenario `{scen.name}`\n\n{head}\n{body}"
    lines = [f"scenario {scen.name}: {scen.description}"]
    for r in table:
        lines.append(f"{r['parameter']:<30} {_fmt(r['value']):>12} {r['unit']:<10} "
                     f"{r['kind']:<10} [{r['set in']}] {r['source']}"
                     + (f" (plausible {r['plausible']})" if r["plausible"] else ""))
    return "\n".join(lines)
