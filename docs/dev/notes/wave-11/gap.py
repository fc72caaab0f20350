"""Wave 11: CPU seconds of one run-year alone, of the agreed arm alone, and of run_paired's three arms, seeds 1-4."""
import time, sys
from sim.config.scenarios import load_scenario
from sim.model.model import run_scenario
from sim.model.paired import run_paired
if __name__ == "__main__":
    names = ["status_quo_2022", "hotline_as_agreed", "hotline_as_practiced"]
    sc = [load_scenario(n) for n in names]
    run_scenario(sc[0], 99, days=20)
    for seed in range(1, 5):
        t = time.process_time(); run_scenario(sc[0], seed, days=365); a = time.process_time() - t
        t = time.process_time(); run_scenario(sc[1], seed, days=365); b = time.process_time() - t
        t = time.process_time(); out = run_paired(sc[0], sc[1:], seed, days=365); c = time.process_time() - t
        print(seed, f"base {a:.3f} agreed {b:.3f} paired {c:.3f} arms", [f"{o.seconds:.3f}{'r' if o.reused else ''}" for o in out], flush=True)
