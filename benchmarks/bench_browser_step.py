"""Felt speed of the web view: from a Step click to the new map on screen, in headless Chromium.

Usage: ``.venv/bin/python benchmarks/bench_browser_step.py [--scenario status_quo_2022]
[--clicks 30] [--warm 16] [--width 1280 --height 800]``

Starts `hotline-sim viz` on a free port (offline assets as in the browser tests), opens the page
in /usr/bin/chromium through Playwright, takes `--warm` Steps, then times `--clicks` more inside
the page: performance.now() at the click, and again when the map <img> holds a new, fully
decoded image (checked every animation frame). Between clicks it waits for the rest of the page
to settle, so each click starts from a quiet page, as a user's would. Prints median, mean, p90.
This is a benchmark script, not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

TIME_CLICKS = """async (n) => {
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const times = [];
  for (let i = 0; i < n; i++) {
    const btn = document.querySelector('.hotline-step');
    while (btn.disabled) await frame();
    const old = document.querySelector('.hotline-map-0 img').src;
    const t0 = performance.now();
    btn.click();
    for (;;) {
      const img = document.querySelector('.hotline-map-0 img');
      if (img && img.src !== old && img.complete && img.naturalWidth > 0) {
        await img.decode();
        break;
      }
      await frame();
    }
    times.push(performance.now() - t0);
    await sleep(400);  // let the other panels finish updating
  }
  return times;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server(scenario: str, seed: int, port: int) -> subprocess.Popen[bytes]:
    cache = Path(os.environ.get("HOTLINE_ASSET_CACHE",
                                Path.home() / ".cache" / "hotline-sim" / "solara-cdn"))
    env = {**os.environ, "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cache),
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                         if p)}
    proc = subprocess.Popen([sys.executable, "-m", "sim", "viz", scenario, "--seed", str(seed),
                             "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(
                f"http://127.0.0.1:{port}/", timeout=5) as resp:
            if resp.status == 200:
                return proc
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("viz server did not start within 120 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="status_quo_2022")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clicks", type=int, default=30)
    ap.add_argument("--warm", type=int, default=16)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = _free_port()
    proc = _server(args.scenario, args.seed, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.locator(".hotline-map-0 img").wait_for(state="visible", timeout=120_000)
            page.evaluate(TIME_CLICKS, args.warm)
            times = sorted(page.evaluate(TIME_CLICKS, args.clicks))
            clock = page.locator(".hotline-clock").inner_text()
            browser.close()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    print(f"{args.scenario} seed {args.seed}, {args.width}x{args.height}, {args.clicks} Step "
          f"clicks after {args.warm} (ending at {clock}): Step click -> new map visible: "
          f"median {statistics.median(times):.0f} ms, mean {statistics.fmean(times):.0f} ms, "
          f"p90 {p90:.0f} ms")


if __name__ == "__main__":
    main()
