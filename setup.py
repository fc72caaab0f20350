"""Build hook: ship the repository's top-level ``scenarios/`` inside the wheel.

``scenarios/`` stays the one source of the built-in scenarios; at build time its TOML files are
copied to ``sim/scenarios/`` in the wheel, where `sim.config.scenarios` finds them when
installed. Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


class BuildPyWithScenarios(build_py):
    """build_py that also copies scenarios/*.toml into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the repository's scenarios/
            return
        dest = Path(self.build_lib) / "sim" / "scenarios"
        dest.mkdir(parents=True, exist_ok=True)
        for src in sorted(SCENARIOS.glob("*.toml")):
            shutil.copyfile(src, dest / src.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outs
        dest = Path(self.build_lib) / "sim" / "scenarios"
        return outs + [str(dest / p.name) for p in sorted(SCENARIOS.glob("*.toml"))]


setup(cmdclass={"build_py": BuildPyWithScenarios})
