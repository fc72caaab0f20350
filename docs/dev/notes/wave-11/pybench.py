"""Wave 11: one run-year under Python 3.12 (the project venv) and 3.13 (/work/py313, same
numpy/numba/mesa), alternating fresh interpreters, CPU seconds. Usage: python pybench.py N."""
import subprocess, sys, statistics
code = """
import time
from sim.config.scenarios import load_scenario
from sim.model.model import run_scenario
sc = load_scenario('status_quo_2022')
run_scenario(sc, 99, days=20)
t = time.process_time(); run_scenario(sc, %d, days=365); print(time.process_time() - t)
"""
pys = {"3.12": "/work/main/.venv/bin/python", "3.13": "/work/py313/bin/python"}
res = {k: [] for k in pys}
for i in range(int(sys.argv[1])):
    for k, py in pys.items():
        out = subprocess.run([py, "-c", code % (i + 1)], capture_output=True, text=True,
                             env={"PYTHONPATH": "/work/main", "PATH": "/usr/bin"}).stdout
        res[k].append(float(out.strip().splitlines()[-1]))
    print(i, {k: round(v[-1], 3) for k, v in res.items()}, flush=True)
for k, v in res.items():
    print(k, "best", round(min(v), 3), "median", round(statistics.median(v), 3))
r = [a / b for a, b in zip(res["3.12"], res["3.13"])]
print("paired ratio 3.12/3.13:", [round(x, 2) for x in r], "median", round(statistics.median(r), 3))
