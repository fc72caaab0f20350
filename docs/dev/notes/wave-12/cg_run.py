"""callgrind driver: warm-up, counting on for the measured run only, leave with os._exit."""
import os
import subprocess
import sys

import numpy as np

from sim.config.scenarios import load_scenario
from sim.model import geography
from sim.model.model import run_scenario

days = int(sys.argv[1])
sc = load_scenario("status_quo_2022")
run_scenario(sc, seed=999, days=3, record_events=False)
geography.crossed_gate(np.zeros((2, 2)), np.ones((2, 2)))
sc = load_scenario("status_quo_2022")
if len(sys.argv) > 2:
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True,
                   stdout=subprocess.DEVNULL)
run_scenario(sc, seed=1, days=days, record_events=False)
sys.stdout.flush()
os._exit(0)
