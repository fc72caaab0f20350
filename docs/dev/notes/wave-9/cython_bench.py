"""Wave 9: the model compiled unchanged with Cython against the same code interpreted.

How it was run (a worktree of e56b158 at /work/cy, Cython 3.1.2, gcc, Python 3.12.1):

    git worktree add /work/cy e56b158
    cd /work/cy/sim/model && cythonize -i -3 -j 2 $(ls *.py | grep -v -e kernels.py \\
        -e scene_kernels.py -e __init__.py)      # 30 modules; numba kernels stay Python
    PYTHONPATH=/work/cy python tests/golden/harness.py --check   # all 10 golden cases identical
    python docs/dev/notes/wave-9/cython_bench.py /work/main /work/cy 4   # then again with 6

Output (CPU seconds of one 365-day status_quo_2022 run, fresh interpreters alternating, seeds
1..n; load ~3 from a study batch on the two cores):

    round 1 (n=4): A interpreted [0.577, 0.645, 0.563, 0.582]
                   B compiled [0.723, 0.82, 0.542, 0.713]
                   best x1.038 median x0.807, paired x0.787..x1.038
    round 2 (n=6): A interpreted [0.719, 0.675, 0.526, 0.683, 0.596, 0.978]
                   B compiled [0.67, 0.823, 0.946, 0.783, 0.971, 1.092]
                   best x0.784 median x0.767, paired x0.556..x1.073
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "benchmarks"))
import bench_model as bm  # noqa: E402


def main() -> None:
    a, b, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    ta: list[float] = []
    tb: list[float] = []
    for r in range(n):  # alternate which tree goes first
        order = [(ta, a), (tb, b)] if r % 2 == 0 else [(tb, b), (ta, a)]
        for times, root in order:
            times.extend(bm._timed_years(root, [r + 1]))
    print("A", a, [round(x, 3) for x in ta])
    print("B", b, [round(x, 3) for x in tb])
    print(f"best x{min(ta) / min(tb):.3f} median "
          f"x{statistics.median(ta) / statistics.median(tb):.3f}")
    print("paired", sorted(round(x / y, 3) for x, y in zip(ta, tb, strict=True)))


if __name__ == "__main__":
    main()
