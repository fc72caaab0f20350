"""The package's layers hold: config <- model <- batch <- study, with web and cli on top.

The contracts live in pyproject.toml ([tool.importlinter]); this test runs them, so a back-import
(for example the model importing the runner) fails the suite, not only `make lint`.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a test dependency (pip install -e '.[test]')"
    r = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "0 broken" in r.stdout


def test_every_module_sits_in_a_layer():
    """No module floats beside the layers (only the package's entry files and errors)."""
    loose = {p.name for p in (ROOT / "sim").glob("*.py")}
    assert loose <= {"__init__.py", "__main__.py", "errors.py"}, loose
