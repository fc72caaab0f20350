"""Publish stages rerun in wave 14: records and figures into docs/, checked against the page.

Why a script (wave 14): `hotline-sim findings --write-only` writes the whole page from every
stage's record, and until every stage has its record in docs/records/ a rewrite would lose the
sections whose records were lost with waves 5-12's machines (it is refused: exit 2). So each
rerun stage's record is published only after its section, rendered by the page's own
`findings_doc.section`, is found on the page to the last character -- the rerun reproduces the
published numbers. With ``--replace STAGE`` a section that differs is put in the page's place
for it instead (its heading to the next section), after its diff is printed: for a stage whose
numbers are the same but whose record says something new (the headline rerun with fixed pairs
says "targets met" where the allowance said "targets met; then time budget reached").

    python docs/dev/notes/wave-14/publish.py /work/results-w14/findings crisis map ...
    python docs/dev/notes/wave-14/publish.py OUT main --replace main
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import sys
from pathlib import Path

from sim.study import findings_doc as doc

ROOT = Path(__file__).resolve().parents[4]


def _span(page: str, heading: str) -> tuple[int, int]:
    """Where a section (its '## ' heading line) lies: up to the next '## ' heading."""
    a = page.index(heading + "\n")
    b = page.find("\n## ", a + len(heading))
    return a, (b + 1 if b >= 0 else len(page))


def publish(out: Path, stages: list[str], replace: set[str], docs: Path) -> int:
    """Check every stage first, then write: records, figures and the page together, or nothing."""
    page_path = docs / "findings.md"
    page = page_path.read_text()
    pub_design = {json.loads(p.read_text()).get("design") for p in (docs / doc.RECORDS).glob(
        "*.json")}
    todo = []
    for stage in stages:
        rec = json.loads((out / f"{stage}.json").read_text())
        if "failed" in rec:
            print(f"{stage}: its record says it failed ({rec['failed']}): nothing published")
            return 1
        if pub_design and {rec.get("design")} != pub_design:
            print(f"{stage}: design {rec.get('design')}, the page's records {pub_design}: "
                  "nothing published")
            return 1
        lines = doc.section(stage, rec)
        md, files = doc._figures(rec, out, stage)  # noqa: SLF001
        new = "\n".join(lines + md)
        if new in page:
            print(f"{stage}: section identical to the page's; figures "
                  f"{', '.join(f.name for f in files) or 'none'} replace the page's")
        else:
            a, b = _span(page, lines[0])
            sys.stdout.writelines(difflib.unified_diff(page[a:b].splitlines(True),
                                                       (new + "\n").splitlines(True),
                                                       "published", "rerun", n=0))
            if stage not in replace:
                print(f"{stage}: its section differs from the page's: nothing published")
                return 1
            page = page[:a] + new + "\n" + page[b:]
            print(f"{stage}: section replaced (diff above)")
        todo.append((stage, doc._published(rec, out, stage), files))  # noqa: SLF001
    for stage, rec, files in todo:
        for f in files:
            shutil.copyfile(f, docs / "figures" / f.name)
        doc._write_json(docs / doc.RECORDS / f"{stage}.json", rec)  # noqa: SLF001
        print(f"{stage}: record and {len(files)} figure(s) published")
    page_path.write_text(page)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("stages", nargs="+", choices=doc.PAGE_STAGES)
    ap.add_argument("--replace", action="append", default=[], choices=doc.PAGE_STAGES)
    ap.add_argument("--docs", type=Path, default=ROOT / "docs")
    a = ap.parse_args()
    return publish(a.out, a.stages, set(a.replace), a.docs)


if __name__ == "__main__":
    raise SystemExit(main())
