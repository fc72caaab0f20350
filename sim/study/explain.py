"""An encounter's story in plain words, from a run's event log (issue 10, item 9).

Why this exists: a severe run must be explainable. The event log records every act (and which
unit performed it), every misreading that changed a decision, every order's arrival and its
effect, every tension change with its cause, every entry into and exit from a territorial sea
or airspace, and every hotline step. `story` puts together, for one encounter, who met whom and
where, the deployment it belongs to and that deployment's earlier encounters, and the
encounter's events in time order. Input: a directory written by ``hotline-sim run --out DIR``
(``events.csv``, ``encounters.csv``).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sim.errors import InputError

#: event kinds shown in a story (messages are summarised, not listed one by one)
STORY_KINDS = ("rung", "zone", "misperception", "order", "tension", "hotline", "deployment",
               "notice", "crisis")


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError(str(path), None, "not found; write a run with `hotline-sim run "
                         "SCENARIO --out DIR` first")
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def clock(t: float) -> str:
    d = int(t // 24)
    minutes = int(round((t - 24 * d) * 60))
    if minutes == 1440:
        d, minutes = d + 1, 0
    return f"Day {d} {minutes // 60:02d}:{minutes % 60:02d}"


def _num(x: str) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def story(run_dir: Path, encounter: int) -> str:
    """The plain-words story of one encounter of the run in `run_dir`."""
    encs = _read(run_dir / "encounters.csv")
    events = _read(run_dir / "events.csv")
    row = next((r for r in encs if int(float(r["encounter"])) == encounter), None)
    if row is None:
        raise InputError("--encounter", encounter, f"no such encounter in {run_dir} (ids 1-"
                         f"{len(encs)})")
    start, end = _num(row["start_h"]) or 0.0, _num(row["end_h"])
    lines = [f"Encounter {encounter}: {row['cn_units'] or '?'} (China) and "
             f"{row['jp_units'] or '?'} (Japan), {row['domain']}, zone {row['zone']}",
             f"  from {clock(start)} to {clock(end) if end is not None else 'the horizon'}; "
             f"peak rung {row['peak_rung']} at {clock(_num(row['peak_h']) or start)}"
             + (f", reached by {'China' if row.get('peak_by') == 'CN' else 'Japan'}"
                if row.get("peak_by") else "")
             + f"; radio contact: {row['radio']}; hotline: "
             f"{row.get('hotline_state') or 'not used'}"]
    dep = row.get("deployment") or ""
    if dep:
        same = [r for r in encs if r.get("deployment") == dep
                and int(float(r["encounter"])) != encounter]
        begins = next((e["text"] for e in events if e["kind"] == "deployment"
                       and e["text"].startswith(f"Deployment {int(float(dep))} begins")), "")
        lines.append(f"  deployment {int(float(dep))}: {begins.split(': ', 1)[-1] or '?'}; "
                     f"{len(same)} other encounter(s)"
                     + (": " + ", ".join(f"#{int(float(r['encounter']))} (rung {r['peak_rung']}"
                                         f", {clock(_num(r['start_h']) or 0.0)})"
                                         for r in same[:8]) if same else ""))
    lines.append("")
    mine = [e for e in events if e["encounter"] and int(float(e["encounter"])) == encounter]
    dep_words = f"deployment {int(float(dep))}" if dep else None
    since = start - 48.0
    for e in events:
        if (dep_words and not e["encounter"] and dep_words in e["text"]
                and e["kind"] in ("hotline", "order", "deployment", "notice")
                and (_num(e["t"]) or 0.0) >= since):
            mine.append(e)
    mine.sort(key=lambda e: float(e["t"]))
    msgs = 0
    for e in mine:
        if e["kind"] == "message":
            msgs += 1
            continue
        if e["kind"] not in STORY_KINDS:
            continue
        who = f" [{e['sender']}]" if e["kind"] == "rung" and e["sender"] else ""
        lines.append(f"  {clock(float(e['t']))}  {e['kind']:<13} {e['text']}{who}")
    lines.append("")
    lines.append(f"  ({msgs} messages about this encounter on the chains of command, radio and "
                 "diplomatic channels are in events.csv)")
    return "\n".join(lines)
