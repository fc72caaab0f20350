"""The codebook: every column of every output file, with its meaning, unit and type.

Generated, never typed: the model's columns come from the field lists and `FIELD_DOCS` in
`sim.model.results`, the runner's key columns from `KEY_DOCS` here, and the columns an
experiment adds (its varied parameters) from the parameter registry. `write_codebook` writes
``codebook.csv`` and ``codebook.md`` next to the data of a batch, listing the columns the files
actually hold, with their Parquet types.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sim.batch import store
from sim.model import results

#: The columns the runner and experiments add around the model's summary and encounter rows.
KEY_DOCS: dict[str, tuple[str, str, str]] = {
    "run_id": ("string", "", "run identifier scenario/rep (`hotline-sim viz --replay DIR --run "
               "ID`)"),
    "rep": ("int", "", "replication number within the scenario (0-based)"),
    "status": ("string", "", "ok, or failed (then `error` says why; rerun the batch to retry)"),
    "error": ("string", "", "the exception of a failed run; empty if ok"),
    "wall_s": ("float", "seconds", "wall-clock time of the run"),
    "design_point": ("int", "", "experiment design point (-1 for the unvaried control arm)"),
    "arm": ("string", "", "the scenario the design point was applied to (experiments)"),
    "seed_stream": ("int", "", "0: the batch's replication seeds; k > 0: the own seeds of an "
                    "unpaired design point (experiments with paired = false)"),
}

#: Output files and the field lists that define them (name, list, what a row is).
FILES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("runs.parquet", store.RUN_KEY_COLUMNS + results.SUMMARY_FIELDS, "one row per run"),
    ("encounters.parquet", store.ENC_KEY_COLUMNS + results.ENCOUNTER_FIELDS,
     "one row per encounter of a run"),
    ("timeseries.parquet", store.ENC_KEY_COLUMNS + results.SERIES_FIELDS,
     "one row per run and day (`--series`)"),
    ("events.csv", results.EVENT_FIELDS, "one row per logged event (`hotline-sim run`)"),
    ("summary.json", results.SUMMARY_FIELDS, "the summary of one run (`hotline-sim run`)"),
)
COLUMNS = ("file", "column", "type", "unit", "meaning")


def describe(column: str) -> tuple[str, str, str]:
    """(type, unit, meaning) of a column; parameters (experiment factors) from the registry."""
    if column in KEY_DOCS:
        return KEY_DOCS[column]
    if column in results.FIELD_DOCS:
        return results.FIELD_DOCS[column]
    from sim.config.parameters import PARAMS

    spec = PARAMS.get(column)
    if spec is not None:
        return (spec.type.__name__.replace("str", "string"), spec.unit,
                f"varied parameter: {spec.doc}")
    return ("", "", "")


def static_rows() -> list[dict[str, str]]:
    """The codebook of every output file, from the field lists alone (no data needed)."""
    return [_row(fname, col) for fname, cols, _ in FILES for col in cols]


def _row(fname: str, col: str, arrow_type: str | None = None) -> dict[str, str]:
    typ, unit, meaning = describe(col)
    return {"file": fname, "column": col, "type": arrow_type or typ, "unit": unit,
            "meaning": meaning}


def _arrow_type(t: Any) -> str:
    import pyarrow as pa

    if pa.types.is_integer(t):
        return "int"
    if pa.types.is_floating(t):
        return "float"
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    return str(t)


def batch_rows(out: Path) -> list[dict[str, str]]:
    """The codebook of a batch DIR: the columns its tables hold, in file order."""
    import pyarrow.parquet as pq

    rows: list[dict[str, str]] = []
    for table in sorted(p for p in Path(out).glob("*.parquet")):
        parts = [table] if table.is_file() else store.part_files(table)
        seen: dict[str, str] = {}
        for part in parts:
            for fld in pq.read_schema(part):
                typ = _arrow_type(fld.type)
                if seen.get(fld.name) in (None, "null"):
                    seen[fld.name] = typ
        rows += [_row(table.name, col, None if typ == "null" else typ)
                 for col, typ in seen.items()]
    return rows


def undocumented(rows: list[dict[str, str]]) -> list[str]:
    """file:column of every row without a meaning (a test keeps this empty)."""
    return [f"{r['file']}:{r['column']}" for r in rows if not r["meaning"]]


def write_codebook(out: Path, rows: list[dict[str, str]] | None = None) -> Path:
    """Write ``codebook.csv`` and ``codebook.md`` into `out`; return the CSV's path."""
    out = Path(out)
    rows = batch_rows(out) if rows is None else rows
    path = out / "codebook.csv"
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    (out / "codebook.md").write_text(to_markdown(rows))
    return path


def to_markdown(rows: list[dict[str, str]]) -> str:
    """One table per file: column, type, unit, meaning."""
    lines = ["# Codebook", "", "Generated by hotline-sim from the field lists of "
             "`sim/model/results.py` and the parameter registry; every column of every file."]
    current = None
    for r in rows:
        if r["file"] != current:
            current = r["file"]
            what = next((d for f, _, d in FILES if f == current), "")
            lines += ["", f"## {current}" + (f" ({what})" if what else ""), "",
                      "| column | type | unit | meaning |", "|---|---|---|---|"]
        lines.append(f"| `{r['column']}` | {r['type']} | {r['unit']} | "
                     f"{r['meaning'].replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def export(out: Path, dest: Path, fmt: str = "csv") -> list[Path]:
    """Flat copies of a batch's tables (``runs.csv``, ``encounters.csv``, ... or single Parquet
    files) with the codebook and manifest, for tools that do not read partitioned Parquet."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    written = []
    runs = store.runs_table(out)
    tables = {"runs": runs, "encounters": store.encounters_table(out),
              "timeseries": store.timeseries_table(out)}
    for name, table in tables.items():
        if table is None:
            continue
        if fmt == "csv":
            path = dest / f"{name}.csv"
            table.to_pandas().to_csv(path, index=False)
        else:
            import pyarrow.parquet as pq

            path = dest / f"{name}.parquet"
            pq.write_table(table, path, compression="zstd")
        written.append(path)
    shutil.copyfile(Path(out) / store.MANIFEST, dest / store.MANIFEST)
    rows = [{**r, "file": r["file"].replace(".parquet", f".{fmt}")} for r in batch_rows(out)]
    written += [dest / store.MANIFEST, write_codebook(dest, rows), dest / "codebook.md"]
    return written
