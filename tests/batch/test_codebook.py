"""The codebook documents every column of every output file, from the field lists; export
writes flat CSV with it; encounters carry their positions."""

from __future__ import annotations

import pandas as pd

from sim.batch import codebook, runner, store
from sim.cli.main import main
from sim.model import results
from sim.model.escalation import RUNGS
from tests.helpers import MODEL, scenarios

TYPES = {"int", "float", "bool", "string"}


def test_every_field_of_every_list_is_documented_and_nothing_else():
    fields = set(results.SUMMARY_FIELDS) | set(results.ENCOUNTER_FIELDS) | set(
        results.EVENT_FIELDS) | set(results.SERIES_FIELDS)
    assert set(results.FIELD_DOCS) == fields
    for name, (typ, _unit, meaning) in results.FIELD_DOCS.items():
        assert typ in TYPES and len(meaning) > 10, name
    for name in store.RUN_KEY_COLUMNS + store.ENC_KEY_COLUMNS:
        assert codebook.describe(name)[2], name
    assert not codebook.undocumented(codebook.static_rows())
    # the rung names in the codebook are the model's
    assert all(RUNGS[k] in results.FIELD_DOCS[f"open_rung_{k}"][2] for k in range(len(RUNGS)))


def test_codebook_next_to_real_batch_data_matches_its_columns_and_types(tmp_path):
    out = runner.run_batch(scenarios("hotline_as_agreed"), 2, days=30, backend="serial",
                           out=tmp_path / "b", run_fn=MODEL, progress=False)
    book = pd.read_csv(out / "codebook.csv", keep_default_na=False)
    assert (out / "codebook.md").read_text().startswith("# Codebook")
    runs = pd.read_parquet(out / "runs.parquet")
    enc = pd.read_parquet(out / "encounters.parquet")
    assert list(book[book["file"] == "runs.parquet"]["column"]) == list(runs.columns)
    assert list(book[book["file"] == "encounters.parquet"]["column"]) == list(enc.columns)
    assert (book["meaning"] != "").all()
    declared = {c: t for c, (t, _, _) in results.FIELD_DOCS.items()}
    for r in book.itertuples():  # the stored types are the declared ones
        if r.column in declared and r.type != "null":
            assert r.type == declared[r.column], (r.file, r.column, r.type)
    # onset/peak positions lie in the East China Sea model area
    for col, lo, hi in (("onset_lon", 117, 133), ("peak_lon", 117, 133),
                        ("onset_lat", 20, 35), ("peak_lat", 20, 35)):
        assert enc[col].between(lo, hi).all(), col
    moved = enc[enc["peak_rung"] >= 2]
    assert (moved["onset_lon"] != moved["peak_lon"]).any() or moved.empty


def test_export_csv_round_trips_and_renames_codebook_files(tmp_path, capsys):
    out = runner.run_batch(scenarios("status_quo_2022"), 2, days=20, backend="serial",
                           out=tmp_path / "b", run_fn=MODEL, progress=False)
    assert main(["export", str(out), "--csv", "--to", str(tmp_path / "x")]) == 0
    printed = capsys.readouterr().out.split()
    assert str(tmp_path / "x" / "runs.csv") in printed
    flat = pd.read_csv(tmp_path / "x" / "runs.csv")
    runs = store.read_runs(out)
    assert len(flat) == len(runs) and list(flat.columns) == list(runs.columns)
    assert flat["peak_ge_2"].tolist() == runs["peak_ge_2"].tolist()
    enc = pd.read_csv(tmp_path / "x" / "encounters.csv")
    assert len(enc) == len(store.read_encounters(out))
    book = pd.read_csv(tmp_path / "x" / "codebook.csv")
    assert set(book["file"]) == {"runs.csv", "encounters.csv"}
    assert (tmp_path / "x" / "manifest.json").is_file()


def test_export_of_a_non_batch_dir_is_one_line(tmp_path, capsys):
    assert main(["export", str(tmp_path), "--csv"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not a batch directory" in err[0]


def test_docs_codebook_is_current():
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"
    assert page.read_text() == codebook.to_markdown(codebook.static_rows()), \
        "regenerate with `hotline-sim docs --only codebook`"
