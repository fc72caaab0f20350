"""The results directory of a batch: chunk files, a manifest, and reading it all back.

Layout of ``DIR``::

    manifest.json            provenance, batch identity, sessions, counts
    runs.parquet/            one row per run       (a directory of Parquet part files)
    encounters.parquet/      one row per encounter (same part names as runs.parquet/)
    timeseries.parquet/      one row per run and day, when the batch records daily series
                             (``--series``; same part names)
    plots/, report.md, report.html   written by `sim.study.plots` and `sim.study.report`

Why part files: every finished task is written as its own part, under a dot-name that Parquet
readers ignore, then renamed into place (atomic on POSIX). A killed batch therefore loses only
the runs in flight, and a reader never sees half a file. The encounters and time-series parts
are renamed before the runs part, so a runs part is the commit marker of its chunk; an
encounters or time-series part without its runs part is an orphan and is ignored (and removed
on resume). At the end of a batch the
parts are compacted into one part per table, deduplicated and sorted.

``pandas.read_parquet(DIR / "runs.parquet")`` works on a finished batch; `load` works on any.
The manifest (identity, provenance, checks) is `sim.batch.manifest`, re-exported here; replaying
one stored run is `sim.batch.replay`.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute  # noqa: F401 - pa.compute
import pyarrow.parquet as pq

from sim.batch.manifest import (
    FORMAT,
    MANIFEST,
    batch_identity,
    check_manifest,
    check_or_init,
    git_state,
    now_iso,
    provenance,
    read_manifest,
    write_manifest,
)
from sim.errors import InputError

# The manifest's names are re-exported: `store` is the batch directory's public face.
__all__ = [
    "ENCOUNTERS", "ENC_KEY_COLUMNS", "FORMAT", "MANIFEST", "RUNS", "RUN_KEY_COLUMNS",
    "TIMESERIES", "ColumnBuffer", "DamagedPart", "batch_identity", "check_manifest",
    "check_or_init", "clean_orphans", "columns_of", "compact", "done_keys", "encounters_table",
    "git_state", "load", "now_iso", "part_files", "provenance", "read_encounters",
    "read_manifest", "read_runs", "read_timeseries", "run_id", "runs_table", "timeseries_table",
    "write_chunk", "write_manifest",
]

RUNS = "runs.parquet"
ENCOUNTERS = "encounters.parquet"
TIMESERIES = "timeseries.parquet"

#: Columns the runner adds in front of the model's summary fields.
RUN_KEY_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "rep", "seed", "status", "error",
                                    "wall_s")
#: Columns the runner adds in front of the model's encounter fields.
ENC_KEY_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "rep")


def run_id(scenario: str, rep: int) -> str:
    """The stable ID of a run in a batch, as used by ``hotline-sim viz --replay DIR --run ID``."""
    return f"{scenario}/{rep}"


# --------------------------------------------------------------------------- chunks
Rows = list[dict[str, Any]]
Columns = dict[str, list[Any]]


def columns_of(rows: Rows) -> Columns:
    """Rows (dicts) as columns (lists), in first-seen key order; a missing value is None.

    Rows that all share one key order (what a run function returns) are transposed in C
    (``zip``), ~10x faster than a look-up per cell.
    """
    if not rows:
        return {}
    keys = tuple(rows[0])
    if all(tuple(r) == keys for r in rows):
        return dict(zip(keys, map(list, zip(*(r.values() for r in rows), strict=True)),
                        strict=True))
    names = list(dict.fromkeys(k for r in rows for k in r))
    return {c: [r.get(c) for r in rows] for c in names}


class ColumnBuffer:
    """Columns grown run by run (a task's encounter rows), padded with None where a run lacks
    a column, so that a chunk is built column-wise and never as one dict per row."""

    def __init__(self) -> None:
        self.cols: Columns = {}
        self.n = 0

    def extend(self, cols: Columns, n: int) -> None:
        for name, vals in cols.items():
            col = self.cols.get(name)
            if col is None:
                col = self.cols[name] = [None] * self.n
            col.extend(vals)
        self.n += n
        for col in self.cols.values():
            if len(col) < self.n:
                col.extend([None] * (self.n - len(col)))


def _table(rows: Rows | Columns, front: tuple[str, ...]) -> pa.Table:
    # Built column by column from Python values (not via pandas) so that an integer column
    # with a missing value (a failed run) stays an integer column with a null.
    cols = rows if isinstance(rows, dict) else columns_of(rows)
    order = [c for c in front if c in cols] + [c for c in cols if c not in front]
    table = pa.table({c: pa.array(cols[c]) for c in order})
    for name in _STRING_COLUMNS:  # all-None in one chunk must not make them null-typed
        i = table.schema.get_field_index(name)
        if i >= 0 and pa.types.is_null(table.schema.field(i).type):
            table = table.set_column(i, name, table.column(i).cast(pa.string()))
    return table


_STRING_COLUMNS = ("run_id", "scenario", "status", "error")


def _atomic_parquet(table: pa.Table, final: Path) -> None:
    tmp = final.parent / f".{final.name}.{uuid.uuid4().hex[:8]}.tmp"
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(final)


def write_chunk(out: Path, name: str, runs: Rows | Columns, encounters: Rows | Columns,
                series: Rows | None = None) -> None:
    """Make one chunk visible: encounters and time-series parts first, then the runs part (the
    commit marker).

    Either table may come as rows (dicts) or as columns (`Columns`, e.g. a `ColumnBuffer`'s).
    """
    rdir, edir = out / RUNS, out / ENCOUNTERS
    rdir.mkdir(exist_ok=True)
    edir.mkdir(exist_ok=True)
    if encounters and any(len(v) for v in (encounters.values() if isinstance(encounters, dict)
                                            else [encounters])):
        _atomic_parquet(_table(encounters, ENC_KEY_COLUMNS), edir / f"{name}.parquet")
    if series:
        (out / TIMESERIES).mkdir(exist_ok=True)
        _atomic_parquet(_table(series, ENC_KEY_COLUMNS), out / TIMESERIES / f"{name}.parquet")
    _atomic_parquet(_table(runs, RUN_KEY_COLUMNS), rdir / f"{name}.parquet")


def part_files(d: Path) -> list[Path]:
    """The committed part files of one table directory (temporary dot-names excluded)."""
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.parquet") if not p.name.startswith((".", "_")))


def clean_orphans(out: Path) -> int:
    """Remove temp files and encounter parts whose runs part never landed (killed mid-write)."""
    removed = 0
    committed = {p.name for p in part_files(out / RUNS)}
    for d in (out / RUNS, out / ENCOUNTERS, out / TIMESERIES):
        if not d.is_dir():
            continue
        for p in d.iterdir():
            orphan = d.name != RUNS and not p.name.startswith(".") \
                and p.name not in committed
            if p.name.startswith(".") and p.name.endswith(".tmp") or orphan:
                p.unlink(missing_ok=True)
                removed += 1
    return removed


class DamagedPart(InputError):
    """A part file of the store cannot be read (truncated, empty, overwritten)."""

    def __init__(self, path: Path, exc: BaseException) -> None:
        self.path = path
        why = (str(exc).splitlines() or [""])[0][:120] or type(exc).__name__
        super().__init__(str(path), None, f"unreadable part file ({type(exc).__name__}: {why}); "
                         "run the batch command again to repair the store")


def _readpart_files(parts: list[Path], columns: list[str] | None = None,
                filters: Any = None) -> pa.Table | None:
    tables = []
    for p in parts:
        try:
            cols = None
            if columns is not None:
                have = set(pq.read_schema(p).names)
                cols = [c for c in columns if c in have]
            tables.append(pq.read_table(p, columns=cols, filters=filters))
        except (OSError, pa.ArrowException) as exc:
            raise DamagedPart(p, exc) from None
    if not tables:
        return None
    # Part files may disagree on types where a column is all-null in one of them.
    return pa.concat_tables(tables, promote_options="permissive")


def _keep_rows(keys: pd.DataFrame, subset: list[str], ok_first: bool) -> list[int]:
    """Row positions to keep, sorted by key: one per key; ok beats failed, later beats earlier."""
    keys = keys.reset_index(drop=True)
    keys["_pos"] = range(len(keys))
    order = list(subset)
    if ok_first:
        keys["_ok"] = keys["status"].eq("ok")
        order.append("_ok")
    keys = keys.sort_values([*order, "_pos"], kind="stable")
    keys = keys.drop_duplicates(subset, keep="last")
    return keys["_pos"].tolist()


def runs_table(out: Path, columns: list[str] | None = None) -> pa.Table | None:
    """The runs as an Arrow table: committed parts, one row per run, sorted by (scenario, rep).

    Deduplication happens on Arrow, so integer columns stay integers once the failed rows that
    made them nullable have been superseded.
    """
    want = None if columns is None else list(dict.fromkeys(["scenario", "rep", "status",
                                                             *columns]))
    table = _readpart_files(part_files(Path(out) / RUNS), want)
    if table is None or table.num_rows == 0:
        return None
    keys = table.select(["scenario", "rep", "status"]).to_pandas()
    return table.take(_keep_rows(keys, ["scenario", "rep"], ok_first=True))


def read_runs(out: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The runs table (all committed parts, deduplicated, sorted by scenario and rep)."""
    table = runs_table(out, columns)
    if table is None:
        return pd.DataFrame(columns=list(columns or RUN_KEY_COLUMNS))
    runs = table.to_pandas()
    return runs if columns is None else runs[[c for c in columns if c in runs.columns]]


def done_keys(out: Path) -> set[tuple[str, int]]:
    """(scenario, rep) of the runs that finished without error (skipped on resume)."""
    runs = read_runs(out, columns=["scenario", "rep", "status"])
    if runs.empty:
        return set()
    ok = runs[runs["status"] == "ok"]
    return {(s, int(r)) for s, r in zip(ok["scenario"], ok["rep"], strict=True)}


def encounters_table(out: Path, run_ids: set[str] | None = None,
                     columns: list[str] | None = None, filters: Any = None) -> pa.Table | None:
    """The encounters of committed runs as Arrow, sorted by (scenario, rep, encounter)."""
    out = Path(out)
    committed = {p.name for p in part_files(out / RUNS)}
    parts = [p for p in part_files(out / ENCOUNTERS) if p.name in committed]
    if columns is not None:
        columns = list(dict.fromkeys([*ENC_KEY_COLUMNS, "encounter", *columns]))
    table = _readpart_files(parts, columns, filters)
    if table is None or table.num_rows == 0:
        return None
    if run_ids is not None:
        table = table.filter(pa.compute.is_in(table["run_id"],
                                              value_set=pa.array(sorted(run_ids))))
    # A run duplicated by a kill during compaction appears once.
    keys = [c for c in ("scenario", "rep", "encounter") if c in table.column_names]
    return table.take(_keep_rows(table.select(keys).to_pandas(), keys, False))


def read_encounters(out: Path, runs: pd.DataFrame | None = None,
                    columns: list[str] | None = None, filters: Any = None) -> pd.DataFrame:
    """The encounters table of the committed, kept runs, sorted by (scenario, rep, encounter)."""
    ids = set(runs["run_id"]) if runs is not None and "run_id" in runs.columns else None
    table = encounters_table(out, ids, columns, filters)
    if table is None:
        return pd.DataFrame(columns=list(columns or ENC_KEY_COLUMNS))
    return table.to_pandas()


def timeseries_table(out: Path, run_ids: set[str] | None = None,
                     columns: list[str] | None = None) -> pa.Table | None:
    """The daily series of committed runs as Arrow, sorted by (scenario, rep, day)."""
    out = Path(out)
    committed = {p.name for p in part_files(out / RUNS)}
    parts = [p for p in part_files(out / TIMESERIES) if p.name in committed]
    if columns is not None:
        columns = list(dict.fromkeys([*ENC_KEY_COLUMNS, "day", *columns]))
    table = _readpart_files(parts, columns)
    if table is None or table.num_rows == 0:
        return None
    if run_ids is not None:
        table = table.filter(pa.compute.is_in(table["run_id"],
                                              value_set=pa.array(sorted(run_ids))))
    keys = ["scenario", "rep", "day"]
    return table.take(_keep_rows(table.select(keys).to_pandas(), keys, False))


def read_timeseries(out: Path, runs: pd.DataFrame | None = None,
                    columns: list[str] | None = None) -> pd.DataFrame:
    """The daily series of the committed, kept runs (empty if the batch recorded none)."""
    ids = set(runs["run_id"]) if runs is not None and "run_id" in runs.columns else None
    table = timeseries_table(out, ids, columns)
    if table is None:
        return pd.DataFrame(columns=[*ENC_KEY_COLUMNS, "day", *(columns or [])])
    return table.to_pandas()


def load(out: Path | str, encounters: bool = True, encounter_columns: list[str] | None = None
         ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Read a batch back: (runs_df, encounters_df, manifest), rows sorted by (scenario, rep).

    Works on a finished, running or killed batch (committed chunks only). With
    ``encounters=False`` the encounters frame is empty (cheap for run-level statistics).
    """
    out = Path(out)
    man = read_manifest(out)
    runs = read_runs(out)
    enc = read_encounters(out, runs, encounter_columns) if encounters else pd.DataFrame()
    return runs, enc, man


def compact(out: Path) -> None:
    """Merge all parts of each table into one deduplicated part (end of a batch).

    The runs (one small row per run) are merged in memory, sorted by (scenario, rep). The
    encounters and daily series -- ~950 encounter rows per run-year, 8 million for the
    design map's 8,640 runs -- are streamed part by part into the merged file (`_stream_merge`),
    so the memory a compaction needs is one part's, not the store's: merging them in one table
    made a batch's peak memory grow with its replications (4.1 GB for that map, wave 8). Their
    rows keep each part's order, sorted by key within it; readers sort (`encounters_table`).

    The merged part is renamed into place before the old parts are removed; a kill in between
    leaves duplicates that readers drop, so the store stays consistent at every instant.
    """
    out = Path(out)
    rparts, eparts = part_files(out / RUNS), part_files(out / ENCOUNTERS)
    tparts = part_files(out / TIMESERIES)
    if len(rparts) <= 1 and len(eparts) <= 1 and len(tparts) <= 1:
        return
    runs = runs_table(out)
    ids = pa.array(sorted(set(runs["run_id"].to_pylist())) if runs is not None else [],
                   type=pa.string())
    committed = {p.name for p in rparts}
    name = f"merged-{uuid.uuid4().hex[:12]}.parquet"
    for parts, d, key in ((eparts, ENCOUNTERS, "encounter"), (tparts, TIMESERIES, "day")):
        parts = [p for p in parts if p.name in committed]
        if parts:
            _stream_merge(parts, ids, ["scenario", "rep", key], out / d / name)
    if runs is not None:
        _atomic_parquet(runs, out / RUNS / name)
    for p in rparts + eparts + tparts:
        if p.name != name:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _stream_merge(parts: list[Path], ids: pa.Array, keys: list[str], final: Path) -> None:
    """Write the rows of `parts` whose run is kept (`ids`) into one file at `final`, one part
    in memory at a time: a run's rows come from the first part that holds it (a kill during an
    earlier compaction can leave a run in two parts, with the same rows), each part's rows
    sorted by `keys`, every part conformed to the parts' unified schema (a column that is
    all-null in one part may have a null type there)."""
    try:
        schema = pa.unify_schemas([pq.read_schema(p) for p in parts],
                                  promote_options="permissive")
    except (OSError, pa.ArrowException) as exc:
        raise DamagedPart(parts[0], exc) from None
    tmp = final.parent / f".{final.name}.{uuid.uuid4().hex[:8]}.tmp"
    written: set[str] = set()
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for p in parts:
            t = _readpart_files([p])
            t = t.filter(pa.compute.is_in(t["run_id"], value_set=ids))
            here = set(t["run_id"].unique().to_pylist())
            if here & written:  # rare: only after a kill during a compaction
                t = t.filter(pa.compute.invert(pa.compute.is_in(
                    t["run_id"], value_set=pa.array(sorted(here & written), type=pa.string()))))
            if t.num_rows == 0:
                continue
            written |= here
            have = [k for k in keys if k in t.column_names]
            t = t.sort_by([(k, "ascending") for k in have]) if have else t
            writer.write_table(_conform(t, schema))
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(final)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` with `schema`'s columns, in its order and types (missing ones all null)."""
    cols = [table[f.name].cast(f.type) if f.name in table.column_names
            else pa.nulls(table.num_rows, type=f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=schema)
