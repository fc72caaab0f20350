"""Progress of a batch on stderr: a tqdm bar with ETA on a terminal, a plain line now and then
otherwise (logs, CI)."""

from __future__ import annotations

import math
import sys
import time

__all__ = ["Progress"]


class Progress:
    """tqdm with ETA on a terminal; a plain line every `every` seconds otherwise (stderr)."""

    def __init__(self, total: int, desc: str, enabled: bool | None = None,
                 every: float = 10.0) -> None:
        self.total, self.n, self.failed, self.every = total, 0, 0, every
        self.t0 = self.last = time.monotonic()
        self.quiet = enabled is False
        self.bar = None
        if not self.quiet and (enabled or sys.stderr.isatty()) and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="run", file=sys.stderr,
                            dynamic_ncols=True)

    def update(self, n: int, failed: int = 0) -> None:
        self.n += n
        self.failed += failed
        if self.bar is not None:
            self.bar.update(n)
            if failed:
                self.bar.set_postfix(failed=self.failed)
            return
        now = time.monotonic()
        if not self.quiet and (now - self.last >= self.every or self.n == self.total):
            self.last = now
            sys.stderr.write(self.line() + "\n")
            sys.stderr.flush()

    def line(self) -> str:
        el = time.monotonic() - self.t0
        rate = self.n / el if el > 0 else 0.0
        eta = (self.total - self.n) / rate if rate > 0 else float("nan")
        pct = 100 * self.n / self.total if self.total else 100.0
        eta_s = "?" if math.isnan(eta) else _dur(eta)
        return (f"hotline-sim: {self.n}/{self.total} runs ({pct:.0f}%), {self.failed} failed, "
                f"{rate:.1f} runs/s, elapsed {_dur(el)}, ETA {eta_s}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _dur(sec: float) -> str:
    sec = int(round(sec))
    return f"{sec // 3600}h{sec % 3600 // 60:02d}m" if sec >= 3600 else \
        f"{sec // 60}m{sec % 60:02d}s"
