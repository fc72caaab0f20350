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
    page_path = docs / "findings.md"
    page = page_path.read_text()
    bad = 0
    for stage in stages:
        rec = json.loads((out / f"{stage}.json").read_text())
        if "failed" in rec:
            print(f"{stage}: its record says it failed ({rec['failed']}): not published")
            bad += 1
            continue
        lines = doc.section(stage, rec)
        sec = "\n".join(lines)
        if sec not in page:
            a, b = _span(page, lines[0])
            old = page[a:b]
            md, _ = doc._figures(rec, out, docs / "figures", stage)  # noqa: SLF001
            new = "\n".join(lines + md) + "\n"
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True),
                                                       new.splitlines(True), "published",
                                                       "rerun", n=0))
            if stage not in replace:
                print(f"{stage}: its section differs from the page's: not published")
                bad += 1
                continue
            page = page[:a] + new + page[b:]
            print(f"{stage}: section replaced")
        else:
            print(f"{stage}: section identical to the page's")
        _, files = doc._figures(rec, out, docs / "figures", stage)  # noqa: SLF001
        for f in files:
            shutil.copyfile(f, docs / "figures" / f.name)
        pub = docs / doc.RECORDS
        pub.mkdir(exist_ok=True)
        (pub / f"{stage}.json").write_text(json.dumps({**rec, "runs_in": str(out)}, indent=2)
                                           + "\n")
        print(f"{stage}: record and {len(files)} figure(s) published")
    page_path.write_text(page)
    return 1 if bad else 0


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
