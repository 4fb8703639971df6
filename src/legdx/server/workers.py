"""Several worker processes for ``legdx serve --workers N``, each with a listening socket of its own.

uvicorn's own multi-worker mode binds one socket in the supervisor and hands it to every worker. Each
worker's event loop accepts every connection that is waiting when it wakes, so a burst of new keep-alive
connections (a client's connection pool filling up) tends to land on one worker, and that worker then
serves nearly all the requests while the other cores idle: on a 2-core machine under 16 connections,
half the throughput (see docs/service.md).

Here every worker binds the address itself with ``SO_REUSEPORT``, and the kernel spreads new
connections over the workers' sockets by a hash of the connection's addresses and ports. uvicorn's
supervisor is used unchanged (start-up checks, restarts of dead or hung workers, signals): it is given a
placeholder socket whose pickled form, sent to each spawned worker, binds a fresh listening socket there.
The placeholder itself is bound (to hold the port, and to turn port 0 into a real one) but never
listens, so the kernel routes no connection to it.
"""

from __future__ import annotations

import os
import socket
from typing import Any


def reuse_port_supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _bound(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind((host.strip("[]"), port))
    except BaseException:
        sock.close()
        raise
    return sock


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A listening socket of this worker's own on ``host:port``, sharing the port (``SO_REUSEPORT``)."""
    sock = _bound(host, port)
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


class PortPlaceholder(socket.socket):
    """Bound to the address with ``SO_REUSEPORT`` but not listening; pickled (as uvicorn's supervisor does
    when it spawns a worker) it becomes a new listening socket on the same address in that worker."""

    backlog: int

    @classmethod
    def bind_address(cls, host: str, port: int, backlog: int) -> PortPlaceholder:
        plain = _bound(host, port)
        sock = cls(plain.family, plain.type, plain.proto, fileno=plain.detach())
        sock.backlog = backlog
        return sock

    def __reduce__(self) -> tuple[Any, ...]:
        host, port = self.getsockname()[:2]
        return (listening_socket, (host, port, self.backlog))


def run(config: Any) -> None:
    """Serve ``config`` (a ``uvicorn.Config`` with ``workers > 1``) with one ``SO_REUSEPORT`` listening
    socket per worker, under uvicorn's supervisor."""
    import sys

    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors import Multiprocess

    try:
        placeholder = PortPlaceholder.bind_address(config.host, config.port, config.backlog)
    except OSError as exc:
        import logging

        logging.getLogger("uvicorn.error").error("cannot bind %s:%s: %s", config.host, config.port, exc)
        sys.exit(STARTUP_FAILURE)
    config.port = placeholder.getsockname()[1]
    try:
        Multiprocess(config, sockets=[placeholder]).run()
    finally:
        placeholder.close()


def descendants(pid: int) -> list[int]:
    """``pid``'s child processes and theirs (Linux ``/proc``; empty elsewhere)."""
    parents: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for d in entries:
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    parents[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, grew = {pid}, True
    while grew:
        grew = False
        for p, pp in parents.items():
            if pp in out and p not in out:
                out.add(p)
                grew = True
    return sorted(out - {pid})


def tcp_sockets(pid: int, port: int, state: str) -> int:
    """How many TCP sockets on local ``port`` in ``state`` (``"01"`` established, ``"0A"`` listening) the
    process ``pid`` holds (Linux ``/proc``; 0 elsewhere). For the tests and the benchmark: how the
    connections are spread over the workers."""
    inodes = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return 0
    for fd in fds:
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    n = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as fh:
                lines = fh.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == state and f[9] in inodes:
                n += 1
    return n


def connections_by_worker(supervisor: int, port: int) -> dict[int, int]:
    """Established connections on ``port`` held by each worker (a process below ``supervisor`` that
    listens on ``port``)."""
    return {p: tcp_sockets(p, port, "01") for p in descendants(supervisor) if tcp_sockets(p, port, "0A")}
