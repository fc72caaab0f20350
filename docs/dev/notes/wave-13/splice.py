"""Add the ``uses_wear`` stages to docs/findings.md and the README's answer from their records.

Why a splice (wave 13): `hotline-sim findings --write-only` writes the whole page from every
stage's record and stored runs, and the other stages' records (waves 5-12, in
/work/results-w12 and before) were on a machine this session did not have. So each wear
stage's section, its row of section 9, its bullet and the clause in the answer are rendered by
the same functions the page's generator calls (`findings_doc.section_wear`, `section_design`,
`findings_answer.wear_sentence`, `wear_short`) and put where the generator would put them; the
page's header says so. Idempotent: a second run replaces what the first added.

    python docs/dev/notes/wave-13/splice.py /work/results-w13/findings  # [--docs D --readme F]

Superseded in wave 14: the page's records are committed in docs/records/, the page is written
from them (a stage rerun alone keeps the others' sections), and the lookup this script made is
the wear records' ``free_lookup``. Kept as the record of how wave 13's sections were placed.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sim.study import findings_answer as answer
from sim.study import findings_doc as doc
from sim.study import findings_format as fmt

ROOT = Path(__file__).resolve().parents[4]
NOTE = "> Section 4d (`uses_wear`) was added on"
NOTE_PREFIX = "> Section"
_NO_STORE = "call-at-rung-2 numbers to the last digit."
NEXT = "## 5. The record's counterfactuals"


def _section_span(text: str, heading: str) -> tuple[int, int] | None:
    """Where the section that starts with `heading` lies (up to the next '## ' heading)."""
    a = text.find(heading)
    if a < 0:
        return None
    b = text.find("\n## ", a + len(heading))
    return a, (b + 1 if b >= 0 else len(text))


def _answer(text: str, recs: dict[str, dict], minutes: float) -> str:
    """The answer block (README or the page's section 1): the clause after the uses sentence,
    a bullet per wear stage after the uses bullets, and the total of the records' minutes."""
    text = re.sub(r" If each call that rang in the previous month cost the line[^\n]*?"
                  r"\(sections? 4d(-4e)?\)\.", "", text)
    anchor = "and the model lets calls cost nothing)."
    assert text.count(anchor) == 1, "the uses clause of the short answer is not there"
    text = text.replace(anchor, f"{anchor} {answer.wear_short(list(recs.values()))}")
    m = re.search(r"the stage records behind these numbers sum to (\d+) min", text)
    if m:
        text = text.replace(m.group(0), "the stage records behind these numbers sum to "
                            f"{minutes:.0f} min")
    text = re.sub(r"\n- If calls cost the line part of its answers[^\n]*", "", text)
    lines = text.split("\n")
    at = max(i for i, line in enumerate(lines)
             if line.startswith("- When a line is used and what for, each changed alone"))
    for k, rec in enumerate(recs.values()):
        lines.insert(at + 1 + k, f"- {answer.wear_sentence(rec)}")
    return "\n".join(lines)


def _against_published(page: str, rec: dict, twin: str) -> str:
    """The calls-free row's numbers looked up in section `twin` as published: the reference
    against the status quo and the rung-2 step, each as the page prints it."""
    a, b = _section_span(page, f"## {twin}.")
    sec = page[a:b]
    ref = next(r for r in rec["table"] if r["row"] == 0 and r["panel"].startswith("reference"))
    step = next(r for w, r in answer._wear_rows(rec) if w == 0)  # noqa: SLF001
    shown = {"the reference against the status quo": fmt.signed(ref["diff_severe_hazard"], 4)
             + f" [{fmt.signed(ref['diff_severe_hazard_lo'], 4)}, "
               f"{fmt.signed(ref['diff_severe_hazard_hi'], 4)}]",
             "the rung-2 step": fmt.signed(step["diff_severe_hazard"], 4)
             + f" [{fmt.signed(step['diff_severe_hazard_lo'], 4)}, "
               f"{fmt.signed(step['diff_severe_hazard_hi'], 4)}]",
             "its P(severe)": fmt.signed(step["rd_severe"], 3)
             + f" [{fmt.signed(step['rd_severe_lo'], 3)}, {fmt.signed(step['rd_severe_hi'], 3)}]"}
    found = {k: v in sec for k, v in shown.items()}
    return (f" Looked up in section {twin} as published: " + "; ".join(
        f"{k} {v} -- {'the same' if found[k] else '**not found there**'}"
        for k, v in shown.items()) + ".")


def _commit(rec: dict) -> str:
    runs = rec.get("git_runs") or rec["git"]
    commit = runs["commit"][:10] + (" (uncommitted changes)" if runs.get("dirty") else "")
    if rec.get("git_runs"):
        commit += f", the record recomputed from its runs on {rec['git']['commit'][:10]}"
    return commit


def splice(out: Path, docs: Path, readme: Path | None, base_minutes: float) -> None:
    recs = {s: r for s in doc.WEAR_SECTIONS if (r := fmt.load(out, s)) is not None}
    assert recs, f"no uses_wear record in {out}"
    minutes = base_minutes + sum(r["wall_s"] for r in recs.values()) / 60.0
    page = docs / "findings.md"
    text = page.read_text()
    for stage in doc.WEAR_SECTIONS:  # out with the old sections
        if (span := _section_span(text, f"## {doc.WEAR_SECTIONS[stage][0]}")) is not None:
            text = text[:span[0]] + text[span[1]:]
    new = ""
    for stage, rec in recs.items():
        twin = doc.WEAR_SECTIONS[stage][1]
        section = "\n".join(doc.section_wear(rec, stage)) + "\n"
        new += section.replace(_NO_STORE, _NO_STORE + _against_published(text, rec, twin))
    at = text.index(NEXT)
    text = text[:at] + new + text[at:]
    text = re.sub(r"\n\| uses_wear(_built)? \|[^\n]*", "", text)
    rows = [line for line in doc.section_design(recs) if line.startswith("| uses_wear")]
    built = re.search(r"\n\| uses_built \|[^\n]*", text)
    text = text[:built.end()] + "".join("\n" + r for r in rows) + text[built.end():]
    said = "; ".join(f"`{s}`: runs on code {_commit(r)}, {r['wall_s'] / 60:.1f} min"
                     for s, r in recs.items())
    sections = ", ".join(doc.WEAR_SECTIONS[s][0].split(" ")[0].rstrip(".") for s in recs)
    note = (f"{NOTE_PREFIX}{'s' if len(recs) > 1 else ''} {sections} ({', '.join(recs)}) "
            f"{'were' if len(recs) > 1 else 'was'} added on 2026-12-07 from "
            f"{'their' if len(recs) > 1 else 'its'} own record{'s' if len(recs) > 1 else ''} "
            f"(wave 13; {said}; runs in `{out}`): the other stages' records were on a machine "
            "this session did not have, so the page was not regenerated as a whole; each "
            "stage's section, its row of section 9, its bullet and its clause in the answer "
            "were rendered by the generator's own functions and put where it puts them "
            "(`docs/dev/notes/wave-13/splice.py`). The run time above is the other stages'; "
            f"with these the records sum to {minutes:.1f} min.")
    text = re.sub(r"\n> Sections? 4d[^\n]*\n", "", text)
    head_end = text.index("\n\n", text.index("> Generated by")) + 1
    text = text[:head_end] + "\n" + note + "\n" + text[head_end:]
    for rec in recs.values():
        doc._copy_figures(rec, out, docs / "figures")  # noqa: SLF001
    page.write_text(_answer(text, recs, minutes))
    if readme is not None:
        readme.write_text(_answer(readme.read_text(), recs, minutes))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="the findings directory holding uses_wear*.json")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs")
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    ap.add_argument("--base-minutes", type=float, default=642.0,
                    help="the other stages' minutes, as the page's header gives them")
    a = ap.parse_args()
    splice(a.out, a.docs, a.readme, a.base_minutes)
