"""hotline-sim: crisis communication between China and Japan in the East China Sea.

Layers, one package each, imported in one direction only (checked by import-linter, see
pyproject.toml): ``sim.config`` (parameter registry, scenario files) <- ``sim.model`` (the Mesa
model) <- ``sim.batch`` (runs on a backend, Parquet store) <- ``sim.study`` (statistics, plots,
report, validation, sensitivity, discovery); ``sim.web`` (the page) and ``sim.cli`` (the command
line) sit on top. Data flows the same way: scenario file -> model -> run results -> store ->
report and page.
"""

#: The one place the version is set (pyproject.toml reads it; manifests record it).
__version__ = "0.17.0"
