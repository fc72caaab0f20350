"""Check the committed carried runs of the plausible stage against the stage's own design
(wave 17): the wave and the effect carried whole (nothing left to run), their tables equal to
those of the live run in /work/results-w17 (the machine that made them). From the repo root:

    .venv/bin/python docs/dev/notes/wave-17/check_carry.py
"""

import tempfile
from pathlib import Path

import pandas as pd

from sim.batch import store
from sim.config.scenarios import load_scenario
from sim.study import carry, history, uncertainty
from sim.study import findings as fd

LIVE = Path("/work/results-w17/findings/plausible")
size = fd.DESIGNS["session"]["plausible"]
here = Path(tempfile.mkdtemp()) / "plausible"
held = carry.Carry(Path("docs/records/carried/plausible"), here)
base, treat = load_scenario(fd.BASE), fd.drivers_treatment(size.get("treatment"))
facs, design, table = history.run_wave(size, 1, here, base, treat, carry=held,
                                       backend="serial", progress=False)
same = pd.read_csv(LIVE / "implausibility.csv").equals(pd.read_csv(here / "implausibility.csv"))
print("wave: implausibility equal to the live run's:", same, "stay:", int(table["nroy"].sum()))
print("wave store runs here:", len(store.read_runs(here / "wave")))
centres = design[table["nroy"].to_numpy()].reset_index(drop=True)
eff, runs = uncertainty.run_effect(centres, int(size["effect_reps"]), int(size["days"]), base,
                                   treat, here / "effect", 1, carry=held, backend="serial",
                                   progress=False)
same = pd.read_csv(LIVE / "effect" / "effects.csv").equals(
    pd.read_csv(here / "effect" / "effects.csv"))
print("effect: effects equal to the live run's:", same)
print("effect store runs here:", len(store.read_runs(here / "effect")))
print(held.record())
