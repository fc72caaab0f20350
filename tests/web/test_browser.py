"""End-to-end: `hotline-sim viz` served by solara, driven by headless Debian Chromium.

Needs /usr/bin/chromium and the Solara asset cache (tools/setup_browser_tests.sh installs both;
CI runs it first). Without them the test is skipped with the reason, never silently passed.
The screenshot is saved as test-artifacts/webview.png (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]
HOTLINE_STATES = ("inactive", "idle", "consulting", "ringing", "connected", "unanswered")
SERVER_START_S = 120.0

pytestmark = pytest.mark.browser


def _asset_cache() -> Path:
    env = os.environ.get("HOTLINE_ASSET_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "hotline-sim" / "solara-cdn"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`hotline-sim viz` on a free port with the offline assets; yields its URL."""
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run tools/setup_browser_tests.sh")
    cache = _asset_cache()
    if not any(cache.glob("@widgetti/solara-vuetify-app@*/package.json")):
        pytest.skip(f"no Solara asset cache at {cache}: run tools/setup_browser_tests.sh")
    pytest.importorskip("playwright.sync_api", reason="playwright (python) not installed")
    port = _free_port()
    env = {**os.environ, "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cache),
           "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH"))
                                         if p)}
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / "viz-server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "sim", "viz", "status_quo_2022", "--seed",
                             "3", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"viz server exited ({proc.returncode}); see {log.name}")
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"viz server not up after {SERVER_START_S:.0f} s; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        # the server runs in its own session: stop the whole group (cli + solara child)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


def test_page_steps_in_chromium(server: str) -> None:
    """Load the page, wait for the map, Step several times: time advances, the map changes and
    the hotline panel shows a state."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS,
                                     headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server, wait_until="domcontentloaded", timeout=90_000)
            map_img = page.locator(".hotline-map img")
            map_img.wait_for(state="visible", timeout=90_000)
            clock = page.locator(".hotline-clock")
            start_time = clock.inner_text()
            before = map_img.screenshot()
            step = page.get_by_role("button", name="Step")
            for _ in range(8):  # one simulated day at the default render interval
                shown = clock.inner_text()
                step.click()
                page.wait_for_function(
                    "([sel, old]) => document.querySelector(sel).innerText !== old",
                    arg=[".hotline-clock", shown], timeout=30_000)
            end_time = clock.inner_text()
            after = map_img.screenshot()
            state = page.locator(".hotline-state").inner_text().strip()
            page.screenshot(path=str(ARTIFACTS / "webview.png"), full_page=True)
        finally:
            browser.close()
    assert start_time.startswith("Day 0 00:00"), start_time
    assert end_time != start_time and end_time.startswith("Day "), (start_time, end_time)
    assert before != after, "the map image did not change after eight steps"
    assert state in HOTLINE_STATES, state
    assert not errors, errors
    assert (ARTIFACTS / "webview.png").stat().st_size > 10_000
