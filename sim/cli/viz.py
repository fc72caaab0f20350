"""``hotline-sim viz``: start the web view (sim/web/app.py) under ``solara run``.

The page is configured through environment variables because solara, not this process, imports
the page module. The offline asset cache and the telemetry switch are set here, before solara
starts, so the page renders on a machine without CDN access.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from sim.config.assets import asset_cache
from sim.config.scenarios import DEFAULT_SCENARIO
from sim.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def viz_env(scenario: str | None, seed: int, replay: str | None, run: str | None,
            pair: str | None = None) -> dict[str, str]:
    """The environment for `solara run`: page setup, offline assets, no telemetry."""
    env = dict(os.environ)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"
    cache = asset_cache()
    if "SOLARA_ASSETS_PROXY_CACHE_DIR" not in env and cache.is_dir():
        env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cache)
    for key in ("HOTLINE_VIZ_SCENARIO", "HOTLINE_VIZ_SEED", "HOTLINE_VIZ_REPLAY_DIR",
                "HOTLINE_VIZ_REPLAY_RUN", "HOTLINE_VIZ_PAIR", "HOTLINE_VIZ_REPLAY_FORCE"):
        env.pop(key, None)
    if replay:
        env["HOTLINE_VIZ_REPLAY_DIR"] = str(Path(replay).resolve())
        if pair:
            env["HOTLINE_VIZ_PAIR"] = str(pair)
        else:
            env["HOTLINE_VIZ_REPLAY_RUN"] = str(run)
    else:
        env["HOTLINE_VIZ_SCENARIO"] = scenario or DEFAULT_SCENARIO
        env["HOTLINE_VIZ_SEED"] = str(seed)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def solara_command(host: str, port: int) -> list[str]:
    """`solara run` on the page module, without opening a browser."""
    return [sys.executable, "-m", "solara", "run", "sim.web.app", "--host", host,
            "--port", str(port), "--no-open", "--production"]


def _check_inputs(args: argparse.Namespace) -> None:
    """Fail fast, in one line, before solara's slow start."""
    if args.run and args.pair:
        raise InputError("--run/--pair", None, "give --run ID or --pair ID, not both")
    if bool(args.replay) != bool(args.run or args.pair):
        raise InputError("--replay/--run", None,
                         "give --replay DIR with --run ID (one run) or --pair ID (two runs)")
    if args.replay:
        if args.scenario is not None:
            raise InputError("viz", args.scenario, "a replay takes its scenario from the batch; "
                             "drop the SCENARIO argument")
        from sim.batch import replay, store

        store.read_manifest(args.replay)  # "not a batch directory" beats "no such run"
        if args.pair:
            from sim.batch.pairs import pair_run_ids

            run_ids = pair_run_ids(args.replay, args.pair)
        else:
            run_ids = (args.run,)
        for rid in run_ids:
            info = replay.replay_info(args.replay, rid)
            replay.reload_scenario(info["scenario"], force=args.force)
    elif args.scenario is not None:
        from sim.config.scenarios import load_scenario

        load_scenario(args.scenario)
    check_listen(args.host, args.port)


def resolve_host(host: str, port: int) -> tuple[int, Any, bool]:
    """(address family, sockaddr, is_loopback) of --host; InputError naming --host if unusable.

    IPv6 hosts (``::1``, ``::``) work: the family comes from getaddrinfo, not an IPv4 default.
    """
    text = host.strip("[]")
    if not text or len(text) > 253 or any(c.isspace() or c in "/@" for c in text):
        raise InputError("--host", repr(host)[:60], "not a host name or IP address")
    try:
        infos = socket.getaddrinfo(text, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise InputError("--host", host, f"cannot resolve it ({why})") from None
    family, _, _, _, addr = infos[0]
    try:
        loopback = all(ipaddress.ip_address(str(i[4][0]).split("%")[0]).is_loopback
                       for i in infos)
    except ValueError:
        loopback = False
    return family, addr, loopback


def check_listen(host: str, port: int) -> bool:
    """Fail fast if the page cannot listen on host:port; return whether host is loopback."""
    family, addr, loopback = resolve_host(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(addr)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise InputError("--port", str(port), f"cannot listen on {url(host, port)} "
                                 f"({exc.strerror}); pick another --port") from None
            raise InputError("--host", host, f"cannot listen on this address ({exc.strerror}); "
                             "use an address of this machine") from None
    return loopback


def url(host: str, port: int) -> str:
    """The page's address, with IPv6 hosts in brackets."""
    text = host.strip("[]")
    return f"http://[{text}]:{port}/" if ":" in text else f"http://{text}:{port}/"


EXPOSED = ("hotline-sim viz: warning: --host {host} is not a loopback address: anyone who can "
           "reach this machine can use the page (it has no authentication and runs simulations "
           "on this machine's CPU); use --host 127.0.0.1 unless you mean it")


def _cmd_viz(args: argparse.Namespace) -> int:
    _check_inputs(args)
    env = viz_env(args.scenario, args.seed, args.replay, args.run, args.pair)
    if args.force:
        env["HOTLINE_VIZ_REPLAY_FORCE"] = "1"
    what = (f"replay of pair {args.pair} from {args.replay}" if args.replay and args.pair else
            f"replay of run {args.run} from {args.replay}" if args.replay else
            f"scenario {args.scenario or 'status_quo_2022'}, seed {args.seed}")
    print(f"hotline-sim viz: {what}")
    print(f"hotline-sim viz: open {url(args.host, args.port)}  (Ctrl-C stops)", flush=True)
    if not resolve_host(args.host, args.port)[2]:
        print(EXPOSED.format(host=args.host), file=sys.stderr, flush=True)
    if "SOLARA_ASSETS_PROXY_CACHE_DIR" not in env:
        print("hotline-sim viz: warning: no local asset cache; without internet access the page "
              "stays blank (run tools/setup_browser_tests.sh)", file=sys.stderr)
    proc = subprocess.Popen(solara_command(args.host, args.port), env=env,
                            preexec_fn=_die_with_parent)

    def _stop(signum: int, frame: object) -> None:  # SIGTERM: take the server down with us
        proc.terminate()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _stop)
    try:
        return proc.wait()
    except (KeyboardInterrupt, SystemExit):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise


def _die_with_parent() -> None:
    """In the server process, before exec: the kernel sends it SIGKILL when `viz` dies by any
    signal (even kill -9), so the page never outlives its command (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `viz` with the CLI frame (sim/cli/main.py)."""
    from sim.cli.main import _nonneg_int

    p = sub.add_parser("viz", help="open the interactive web view (map, network, hotline)")
    p.add_argument("scenario", nargs="?", default=None,
                   help="scenario name or .toml file (default status_quo_2022)")
    p.add_argument("--seed", type=_nonneg_int, default=1, help="random seed (default 1)")
    p.add_argument("--host", default=DEFAULT_HOST,
                   help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--replay", metavar="DIR", help="batch results directory to replay a run from")
    p.add_argument("--run", metavar="ID", help="run ID in that batch, e.g. status_quo_2022/17")
    p.add_argument("--pair", metavar="ID",
                   help="open two runs of that batch side by side: a replication (17) of its "
                        "two scenarios, a run ID (A/17) and its counterpart, or A/17,B/17")
    p.add_argument("--force", action="store_true",
                   help="replay even if the scenario file changed since the batch ran")
    p.set_defaults(handler=_cmd_viz)


def _port(text: str) -> int:
    try:
        val = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if not 1 <= val <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: must be in 1..65535")
    return val
