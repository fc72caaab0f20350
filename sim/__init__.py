"""hotline-sim: crisis communication between China and Japan in the East China Sea.

Data flows one way: scenario file (`sim.scenarios`) -> model (`sim.model`) -> run results
(`sim.results`) -> batch store (`sim.runner`, `sim.store`) -> statistics, plots and report.
The core model never imports the web view or the runner.
"""

__version__ = "0.1.0"
