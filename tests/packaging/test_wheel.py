"""The built wheel works outside the repository: scenarios inside, `hotline-sim` runs one.

Offline: the wheel is built without build isolation (setuptools from the test environment) and
installed with ``--no-deps`` into a throwaway venv whose only other path is the test
environment's site-packages (a .pth line), so the dependencies are the tested ones and `sim`
can only come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORE = shutil.ignore_patterns(".git", ".venv", "results", "build", "dist", "*.egg-info",
                                "__pycache__", ".pytest_cache", ".ruff_cache", "test-artifacts",
                                "docs")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from a copy of the tree (the build writes build/ and egg-info there)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    dist = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(dist)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (whl,) = dist.glob("hotline_sim-*.whl")
    return whl


def test_wheel_ships_every_builtin_scenario(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(Path(n).name for n in names if n.startswith("sim/scenarios/"))
    assert shipped == sorted(p.name for p in (ROOT / "scenarios").glob("*.toml"))
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA")))
    import sim

    assert f"Version: {sim.__version__}" in meta.decode()
    assert "Provides-Extra: cluster" in meta.decode()


def test_installed_wheel_runs_a_scenario(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                           "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The tested dependencies, after the venv's own site-packages (so `sim` is the wheel's).
    (Path(site) / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HOTLINE_SCENARIOS")}
    work = tmp_path / "elsewhere"
    work.mkdir()

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(env_dir / "bin" / "hotline-sim"), *args], cwd=work,
                              env=env, capture_output=True, text=True, timeout=300)

    where = subprocess.run([py, "-c", "import sim, sim.config.scenarios as s; "
                            "print(sim.__file__); print(s.SCENARIOS_DIR)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(env_dir) for p in where), where
    listed = cli("scenarios")
    assert listed.returncode == 0, listed.stderr
    assert "status_quo_2022" in listed.stdout and "hotline_as_agreed" in listed.stdout
    run = cli("run", "hotline_as_agreed", "--days", "20", "--seed", "3", "--json",
              "--out", str(work / "one"))
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["scenario"] == "hotline_as_agreed" and summary["days"] == 20
    # Nothing was written anywhere but where asked.
    assert sorted(p.name for p in work.iterdir()) == ["one"]
