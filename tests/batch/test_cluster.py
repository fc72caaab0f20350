"""A real Dask cluster on localhost: `dask scheduler` and two `dask worker` processes, a batch
through ``--scheduler``, rows identical to the serial backend (README: "Running on a cluster")."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from sim.batch import store
from sim.cli.main import main
from tests.helpers import MODEL, comparable, env

DASK = Path(__import__("sys").executable).with_name("dask")
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cluster(tmp_path):
    """Scheduler and two single-threaded workers as separate processes, as on real machines."""
    distributed = pytest.importorskip("distributed", reason="needs the [cluster] extra")
    addr = f"tcp://127.0.0.1:{_free_port()}"
    logs = [open(tmp_path / f"{n}.log", "w") for n in ("scheduler", "w1", "w2")]  # noqa: SIM115
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                               addr.rsplit(":", 1)[1], "--no-dashboard"], env=env(),
                              stdout=logs[0], stderr=subprocess.STDOUT)]
    try:
        for log in logs[1:]:
            procs.append(subprocess.Popen(
                [str(DASK), "worker", addr, "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--local-directory", str(tmp_path / "worker-space")], env=env(),
                stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + 120
        while True:
            try:
                with distributed.Client(addr, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=120)
                    break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                    raise
                time.sleep(0.5)
        yield addr
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for log in logs:
            log.close()


def test_batch_on_a_real_cluster_equals_serial(cluster, tmp_path, capsys):
    common = ["batch", "status_quo_2022", "hotline_as_agreed", "--reps", "4", "--days", "20",
              "--seed", "9", "--run-fn", MODEL, "--quiet", "--chunk-size", "1"]
    assert main([*common, "--scheduler", cluster, "--out", str(tmp_path / "dask")]) == 0
    assert main([*common, "--backend", "serial", "--out", str(tmp_path / "serial")]) == 0
    dask_runs, dask_enc, man = store.load(tmp_path / "dask")
    serial_runs, serial_enc, _ = store.load(tmp_path / "serial")
    assert len(dask_runs) == 8 and (dask_runs["status"] == "ok").all()
    assert comparable(dask_runs).equals(comparable(serial_runs))
    assert dask_enc.reset_index(drop=True).equals(serial_enc.reset_index(drop=True))
    session = man["sessions"][-1]
    assert session["backend"] == "dask" and session["scheduler"] == cluster
    capsys.readouterr()
