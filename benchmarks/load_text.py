"""The reader's load: ``Reader()`` and its first read, after spaCy and the reader's modules are imported.

    .venv/bin/python benchmarks/load_text.py [--runs 5] [--instr] [--root A --root B] [--profile N]

Issue #3 asks for the rules to load in under 2 s, once per process. Imports are left out (spaCy's import is
its own cost); what is measured is ``Reader()`` (rules cache, normaliser, targets, screen, number rules,
the spaCy pipeline with ConText) plus its first ``read``. Prints, per checkout (``--root``; default: this
process's ``PYTHONPATH``):

- CPU seconds of the load, the least of ``--runs`` child processes (runs of several roots alternate, so a
  busy spell of the shared machine hits them alike);
- with ``--instr``: the load's instructions, counted by valgrind's callgrind (instrumentation switched on
  from outside after the imports and off after the first read, as ``instr_text.py`` does); slow;
- with ``--profile N``: the N functions with the most cumulative time in one load under cProfile.

A second ``Reader()`` in the same process and the shared ``get_reader()`` are timed too (``again`` and
``shared``: the rules, parsed once per process, are not parsed again; a ``get_reader()`` after the first
builds nothing).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

TEXT = "Pain in both calves when walking 200 m, relieved by standing still. No back pain."


def _imports() -> None:
    import spacy  # noqa: F401

    import legdx  # noqa: F401
    import legdx.text.reader  # noqa: F401
    from legdx.text.nlp_imports import import_nlp

    import_nlp()


def _handshake(flags: str, name: str) -> None:
    open(os.path.join(flags, name), "w").close()
    while not os.path.exists(os.path.join(flags, name + ".ok")):
        time.sleep(0.2)


def child(flags: str | None, profile: int) -> None:
    _imports()
    from legdx.text.reader import Reader, get_reader

    if flags:
        _handshake(flags, "ready")
    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        Reader().read(TEXT)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(profile)
        return
    c0 = time.process_time()
    Reader().read(TEXT)
    c1 = time.process_time()
    if flags:
        _handshake(flags, "done")
        return
    Reader().read(TEXT)
    c2 = time.process_time()
    get_reader().read(TEXT)
    c3 = time.process_time()
    get_reader().read(TEXT)
    c4 = time.process_time()
    print(f"{c1 - c0:.4f} {c2 - c1:.4f} {c4 - c3:.4f}")


def _env(root: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if root:
        env["PYTHONPATH"] = os.path.join(root, "src")
    return env


def cpu(root: str | None) -> list[float]:
    cmd = [sys.executable, os.path.abspath(__file__), "--child", ""]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root, env=_env(root))
    return [float(x) for x in out.stdout.split()[-3:]]


def instructions(root: str | None) -> int:
    with tempfile.TemporaryDirectory() as flags:
        log, out = os.path.join(flags, "valgrind.log"), os.path.join(flags, "callgrind.out")
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            f"--log-file={log}",
            sys.executable,
            os.path.abspath(__file__),
            "--child",
            flags,
        ]
        proc = subprocess.Popen(cmd, cwd=root, env=_env(root))
        for name, switch in (("ready", "on"), ("done", "off")):
            while not os.path.exists(os.path.join(flags, name)):
                if proc.poll() is not None:
                    raise SystemExit(f"the measured process ended early (exit {proc.returncode})")
                time.sleep(0.5)
            subprocess.run(
                ["callgrind_control", "-i", switch, str(proc.pid)], check=True, capture_output=True
            )
            open(os.path.join(flags, name + ".ok"), "w").close()
        proc.wait()
        with open(log, encoding="utf-8") as f:
            got = re.search(r"Collected : (\d+)", f.read())
    if got is None:
        raise SystemExit("no instruction count in valgrind's log")
    return int(got.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="child processes per checkout (the least CPU counts)")
    ap.add_argument("--root", action="append", help="a checkout to measure (repeat to compare)")
    ap.add_argument("--instr", action="store_true", help="also count instructions under callgrind (slow)")
    ap.add_argument("--profile", type=int, default=0, help="print the N costliest functions of one load")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child or None, args.profile)
        return
    roots: list[str | None] = list(args.root or [None])
    if args.profile:
        for root in roots:
            subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", "", "--profile", str(args.profile)],
                check=True,
                cwd=root,
                env=_env(root),
            )
        return
    runs: dict[str | None, list[list[float]]] = {r: [] for r in roots}
    for _ in range(args.runs):
        for root in roots:
            runs[root].append(cpu(root))
    for root in roots:
        load = min(r[0] for r in runs[root])
        again = min(r[1] for r in runs[root])
        shared = min(r[2] for r in runs[root])
        line = f"{root or '.'}: load {load:.3f} s CPU (least of {args.runs}), again {again:.3f} s"
        line += f", shared {shared:.3f} s"
        if args.instr:
            line += f", {instructions(root) / 1e9:.3f} G instructions"
        print(line, flush=True)


if __name__ == "__main__":
    main()
