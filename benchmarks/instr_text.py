"""Instructions per narrative of the free-text reader, steady state, counted by valgrind's callgrind.

    .venv/bin/python benchmarks/instr_text.py [--n 40] [--mode read|both] [--warm 50]

On a shared machine wall-clock and CPU timings of the reader swing by a quarter from run to run; the count
of instructions does not (session 21, speed28). The script runs itself under callgrind with instrumentation
off, loads the reader and reads and assesses ``--warm`` narratives (``bench_text.narratives``), switches
instrumentation on from outside (``callgrind_control``), reads (``--mode read``) or reads and assesses
(``--mode both``) the next ``--n`` narratives, switches it off and prints the instructions per narrative.
Loading and warm-up are not counted; the hand-shake around the measured part costs a few thousand
instructions. Run it from the checkout to measure (``PYTHONPATH=src``); compare two checkouts in the same
environment. Needs valgrind (Debian package ``valgrind``); slow: some minutes per run under load.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time


def _handshake(flags: str, name: str) -> None:
    """Tell the parent ``name`` is reached; wait until it answers."""
    open(os.path.join(flags, name), "w").close()
    while not os.path.exists(os.path.join(flags, name + ".ok")):
        time.sleep(0.2)


def child(n: int, mode: str, warm: int, flags: str) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bench_text import narratives

    import legdx
    from legdx.text.reader import Reader

    reader = Reader()
    texts = narratives(warm + n, 150)
    for t in texts[:warm]:
        legdx.assess(reader.read(t).case)
    _handshake(flags, "ready")
    if mode == "read":
        for t in texts[warm:]:
            reader.read(t)
    else:
        for t in texts[warm:]:
            legdx.assess(reader.read(t).case)
    _handshake(flags, "done")


def _wait(flags: str, name: str, proc: subprocess.Popen[bytes]) -> None:
    while not os.path.exists(os.path.join(flags, name)):
        if proc.poll() is not None:
            raise SystemExit(f"the measured process ended early (exit {proc.returncode})")
        time.sleep(0.5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="narratives measured")
    ap.add_argument("--mode", choices=("read", "both"), default="both", help="read, or read and assess")
    ap.add_argument("--warm", type=int, default=50, help="narratives read and assessed before, not counted")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.n, args.mode, args.warm, args.child)
        return
    with tempfile.TemporaryDirectory() as flags:
        log, out = os.path.join(flags, "valgrind.log"), os.path.join(flags, "callgrind.out")
        cmd = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            f"--log-file={log}", sys.executable, os.path.abspath(__file__), "--n", str(args.n),
            "--mode", args.mode, "--warm", str(args.warm), "--child", flags,
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same string hashes, so the same dict walks
        proc = subprocess.Popen(cmd, env=env)
        for name, switch in (("ready", "on"), ("done", "off")):
            _wait(flags, name, proc)
            control = ["callgrind_control", "-i", switch, str(proc.pid)]
            subprocess.run(control, check=True, capture_output=True)
            open(os.path.join(flags, name + ".ok"), "w").close()
        proc.wait()
        with open(log, encoding="utf-8") as f:
            got = re.search(r"Collected : (\d+)", f.read())
    if got is None:
        raise SystemExit("no instruction count in valgrind's log")
    total = int(got.group(1))
    print(f"{args.mode}: {total:,} instructions over {args.n} narratives, {total / args.n / 1e6:.2f} M each")


if __name__ == "__main__":
    main()
