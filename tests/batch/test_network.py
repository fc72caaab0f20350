"""Dask scheduler addresses: every bad one is one line within seconds, a real one works."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from sim.batch import netcheck
from sim.cli.main import main
from sim.errors import InputError


@pytest.fixture
def silent_server():
    """Accepts connections and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def http_server():
    srv = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"tcp://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


@pytest.mark.parametrize("which", ["silent", "http", "tls", "closed"])
def test_bad_scheduler_is_one_line_within_seconds(request, which):
    addr = {"silent": lambda: request.getfixturevalue("silent_server"),
            "http": lambda: request.getfixturevalue("http_server"),
            "tls": lambda: "tls://127.0.0.1:1", "closed": lambda: "tcp://127.0.0.1:1"}[which]()
    t0 = time.monotonic()
    with pytest.raises(InputError, match="--scheduler") as exc:
        netcheck.probe(addr, timeout=1.0)
    assert "\n" not in str(exc.value)
    assert time.monotonic() - t0 < 20  # bounded, not a hang (generous for a loaded machine)


@pytest.mark.parametrize("addr", ["", " ", "http://x:1/path", "bogus://x", "a b:1"])
def test_malformed_scheduler_address_is_refused_by_the_parser(capsys, addr):
    with pytest.raises(SystemExit) as exc:
        main(["batch", "status_quo_2022", "--scheduler", addr])
    err = capsys.readouterr().err.strip().splitlines()
    assert exc.value.code == 2 and len(err) == 1 and "--scheduler" in err[0]


def test_a_real_scheduler_passes_the_probe():
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, protocol="tcp", dashboard_address=None) as cluster:
        netcheck.probe(cluster.scheduler_address, timeout=5.0)
