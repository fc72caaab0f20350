"""Calls, answers and notices a year in each design of the ``uses`` stage (context for its
steps: how much more a line called at rung 2 is used). Usage: python uses_calls.py OUT/uses"""

import sys

from sim.batch import store

runs = store.read_runs(sys.argv[1])
cols = ["hotline_calls", "hotline_answered", "hotline_effective", "hotline_dropped",
        "hotline_notices", "peak_ge_3", "peak_ge_4", "severe_hazard"]
print(runs.groupby("scenario")[cols].mean().round(3).to_string())
