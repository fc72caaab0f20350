"""The parameter table, generated from the registry and the scenarios' provenance."""

from __future__ import annotations

from typing import Any

from sim.config.parameters import PARAMS
from sim.config.scenarios import DEFAULT_SCENARIO, Scenario, load_scenario

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
    scen = load_scenario(DEFAULT_SCENARIO if scenario is None else scenario)
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


def parameter_diff(a: str, b: str, fmt: str = "text") -> str:
    """How scenario `b` differs from `a`: parameters with another value, and scheduled events.

    Only values are compared (a value re-set with the same number is not a difference); each
    row names the scenario file that set the value on each side.
    """
    sa, sb = load_scenario(a), load_scenario(b)
    rows_out = [(name, sa.params[name], sb.params[name], sa.provenance[name].set_in,
                 sb.provenance[name].set_in, PARAMS[name].unit)
                for name in PARAMS if sa.params[name] != sb.params[name]]
    ev_a = {_event_key(e) for e in sa.events}
    ev_b = {_event_key(e) for e in sb.events}
    events = [("-", e) for e in sorted(ev_a - ev_b)] + [("+", e) for e in sorted(ev_b - ev_a)]
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["parameter", sa.name, sb.name, "unit", f"set in ({sa.name})",
                    f"set in ({sb.name})"])
        for name, va, vb, ia, ib, unit in rows_out:
            w.writerow([name, _fmt(va), _fmt(vb), unit, ia, ib])
        for sign, (day, kind, side, label) in events:
            w.writerow([f"event {sign}", f"day {day:g} {kind} {side}", label, "", "", ""])
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = [f"`{sa.name}` -> `{sb.name}`", "",
                 f"| parameter | {sa.name} | {sb.name} | unit | set in |", "|---|---|---|---|---|"]
        lines += [f"| {n} | {_fmt(va)} | {_fmt(vb)} | {u} | {ia} / {ib} |"
                  for n, va, vb, ia, ib, u in rows_out]
        lines += [f"| event {sign} | day {d:g} {k} {sd} | {lab} | | |"
                  for sign, (d, k, sd, lab) in events]
        return "\n".join(lines)
    if not rows_out and not events:
        return f"{sa.name} and {sb.name}: same parameter values and events"
    w = max([len(r[0]) for r in rows_out] + [9])
    lines = [f"{'parameter':<{w}} {sa.name:>20} {sb.name:>20}  set in"]
    lines += [f"{n:<{w}} {_fmt(va):>20} {_fmt(vb):>20}  {ia} -> {ib}" + (f"  ({u})" if u else "")
              for n, va, vb, ia, ib, u in rows_out]
    lines += [f"event {sign} day {d:g}: {k} ({sd}) {lab}" for sign, (d, k, sd, lab) in events]
    return "\n".join(lines)


def _event_key(e: Any) -> tuple[float, str, str, str]:
    return (float(e.day), e.kind, e.side, e.label)
