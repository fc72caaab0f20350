"""Light names the command line needs before it imports the runner (pandas, pyarrow, dask).

The run function every batch calls unless told otherwise, the backends, and the one rule that
naming a Dask scheduler means the Dask backend.
"""

from __future__ import annotations

DEFAULT_RUN_FN = "sim.model:run_scenario"  # "module:function", importable by every worker
BACKENDS = ("serial", "process", "dask")


def backend_for(backend: str, scheduler: str | None) -> str:
    """The backend actually used: naming a scheduler means Dask, whatever backend was asked."""
    return "dask" if scheduler else backend
