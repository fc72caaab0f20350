"""Checking a Dask scheduler address before trusting it, with a hard timeout.

Why: ``distributed.Client(address, timeout=...)`` bounds the TCP connect but not the handshake
that follows, so an address that accepts connections and never answers hangs a batch for good,
and an address that answers with something else (an HTTP server) is read as a message length
(a 3 EiB allocation). Here the handshake runs on a private event loop under ``wait_for``, and
any failure, whatever its type, becomes one line naming ``--scheduler``.
"""

from __future__ import annotations

import asyncio
import re

from sim.errors import InputError

#: ``tcp://host:port``, ``tls://host:port`` (and the other comm schemes), or ``host:port``.
ADDRESS_RE = re.compile(r"((tcp|tls|ucx|ws|wss|inproc)://)?[^\s/:@]+(:\d{1,5})?")
CONNECT_TIMEOUT_S = 5.0


def check_address(address: str) -> str:
    """A scheduler address that looks like one, else InputError (before any network)."""
    text = address.strip() if isinstance(address, str) else ""
    if not text or len(text) > 300 or not ADDRESS_RE.fullmatch(text):
        raise InputError("--scheduler", repr(address)[:80], "not a Dask scheduler address; "
                         "allowed: tcp://HOST:PORT (or tls://, or HOST:PORT)")
    return text


def _why(exc: BaseException) -> str:
    text = (str(exc).splitlines() or [""])[0][:140]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def probe(address: str, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Connect and handshake with the scheduler within `timeout` seconds, or InputError."""
    from distributed.comm import connect

    address = check_address(address)

    async def _probe() -> None:
        comm = await connect(address, timeout=timeout)
        await comm.close()

    try:
        asyncio.run(asyncio.wait_for(_probe(), timeout + 1))
    except TimeoutError:
        raise InputError(f"--scheduler {address}", None, "no answer from a Dask scheduler "
                         f"within {timeout:g} s (is it a Dask scheduler?)") from None
    except Exception as exc:  # noqa: BLE001 - anything else at that address: one line
        raise InputError(f"--scheduler {address}", None, f"cannot reach the Dask scheduler "
                         f"({_why(exc)})") from None
