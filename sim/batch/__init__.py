"""The batch layer: many runs on a backend (serial, processes, Dask), a crash-safe Parquet store.

It imports `sim.config` and `sim.model`; never `sim.study`, `sim.web` or `sim.cli`.
"""
