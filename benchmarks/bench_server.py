"""Load benchmark of the legdx HTTP service on loopback.

Starts a real uvicorn (``--workers N``, default 1) on a free port with a fresh SQLite database in a
temporary LEGDX_HOME (or ``--database-url``), then drives it with

- ``POST /v1/assessments`` with structured cases, every one different (no cache hits), and
- ``POST /cds-services/legdx-patient-view`` with full prefetch, a freshly signed ES384 JWT per call
  (the service verifies each one and records its jti), and a different patient each time.

Two load generators, each on its own event loop (uvloop when installed), run in turn by default
(``--client both``), every phase with cases of its own:

- ``httpx``: httpx's ``AsyncClient`` (the original generator). It spends several milliseconds of CPU per
  request, which on a 2-core machine is taken from the server it measures;
- ``raw``: a lean HTTP/1.1 client on asyncio streams (keep-alive connections, requests built before the
  clock starts, responses checked by status line and read by ``Content-Length``), a few tenths of a
  millisecond per request.

Prints requests/s and p50/p90/p99 latency per endpoint and generator, the CPU time per request of the
server (all its processes, from /proc) and of the generator, and the load average, and checks the
budgets (assessments >= 300/s with p99 < 100 ms; CDS Hooks p99 < 500 ms). The generator runs on the same
machine as the server; on a shared machine compare runs by their ratios and their server CPU per request.

    .venv/bin/python benchmarks/bench_server.py [--workers 2] [--requests 2000] [--concurrency 16]
        [--client both|raw|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from legdx.server.workers import connections_by_worker

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "fhir" / "pad_bundle.json"
ISS = "https://bench.example"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_cases(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Distinct, plausible structured cases: findings the interview can ask, random states."""
    from legdx.knowledge.loader import default_kb

    kb = default_kb()
    askable = [f.id for f in kb.findings.values() if f.question is not None and f.derive is None]
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        picks = rng.sample(askable, k=min(len(askable), rng.randint(3, 10)))
        cases.append(
            {
                "age": rng.randint(40, 90) + (i % 97) / 100,  # unique per case: no cache hits
                "sex": rng.choice(["male", "female"]),
                "patient_id": f"bench-{i % 500}",
                "findings": {f: rng.choice(["present", "absent"]) for f in picks},
            }
        )
    return cases


def make_prefetches(n: int) -> list[dict[str, Any]]:
    bundle = json.loads(FIXTURE.read_text())
    rng = random.Random(11)
    out = []
    for i in range(n):
        b = copy.deepcopy(bundle)
        pid = f"cds-{i}"
        obs, conds, meds = [], [], []
        patient: dict[str, Any] = {}
        for e in b["entry"]:
            r = e["resource"]
            if r["resourceType"] == "Patient":
                r["id"] = pid
                r["birthDate"] = (
                    f"{rng.randint(1935, 1975)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
                patient = r
                continue
            if "subject" in r:
                r["subject"] = {"reference": f"Patient/{pid}"}
            if r["resourceType"] == "Observation":
                if "valueQuantity" in r and isinstance(r["valueQuantity"].get("value"), int | float):
                    r["valueQuantity"]["value"] = round(
                        r["valueQuantity"]["value"] * rng.uniform(0.9, 1.1), 2
                    )
                obs.append(r)
            elif r["resourceType"] == "Condition":
                conds.append(r)
            elif r["resourceType"] == "MedicationRequest":
                meds.append(r)

        def ss(rs: list[dict[str, Any]]) -> dict[str, Any]:
            return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in rs]}

        out.append(
            {"patient": patient, "observations": ss(obs), "conditions": ss(conds), "medications": ss(meds)}
        )
    return out


class Signer:
    def __init__(self) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec
        from jwt.algorithms import ECAlgorithm

        self.key = ec.generate_private_key(ec.SECP384R1())
        jwk = ECAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update({"kid": "bench", "alg": "ES384", "use": "sig"})
        self.jwks = {"keys": [jwk]}

    def tokens(self, aud: str, n: int) -> list[str]:
        import jwt

        now = int(time.time())
        return [
            jwt.encode(
                {"iss": ISS, "aud": aud, "iat": now, "exp": now + 600, "jti": str(uuid.uuid4())},
                self.key,
                algorithm="ES384",
                headers={"kid": "bench", "typ": "JWT"},
            )
            for _ in range(n)
        ]


def start_server(workers: int, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """``legdx serve`` as a user runs it (with several workers: a listening socket per worker)."""
    legdx_cmd = Path(sys.executable).with_name("legdx")
    cmd = [str(legdx_cmd), "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        time.sleep(0.25)
    proc.kill()
    raise SystemExit("the server did not start within 120 s")


async def drive(
    url: str, bodies: list[Any], headers: list[dict[str, str]], concurrency: int, expect: int
) -> tuple[list[float], float, int]:
    """POST every body (with its headers) keeping ``concurrency`` requests in flight (httpx client)."""
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(bodies)):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                body = json.dumps(bodies[i]).encode()
                t0 = time.perf_counter()
                try:
                    r = await client.post(
                        url, content=body, headers={"Content-Type": "application/json", **headers[i]}
                    )
                except httpx.TransportError as exc:
                    errors += 1
                    print(f"  transport error: {type(exc).__name__}", file=sys.stderr)
                    continue
                latencies.append(time.perf_counter() - t0)
                if r.status_code != expect:
                    errors += 1
                    if errors <= 3:
                        print(f"  unexpected {r.status_code}: {r.text[:300]}", file=sys.stderr)

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, wall, errors


async def drive_raw(
    url: str, bodies: list[Any], headers: list[dict[str, str]], concurrency: int, expect: int
) -> tuple[list[float], float, int]:
    """The same load as ``drive`` from a lean HTTP/1.1 client: ``concurrency`` keep-alive connections on
    asyncio streams, each request's bytes (JSON body included) built before the clock starts, and only
    the status line and ``Content-Length`` of each response parsed (the body is read, not decoded). It
    spends a fraction of httpx's CPU per request, which on a small machine is CPU the server gets back."""
    u = urlsplit(url)
    host, port, path = u.hostname or "127.0.0.1", u.port or 80, u.path or "/"
    requests = []
    for body, hdrs in zip(bodies, headers, strict=True):
        raw = json.dumps(body).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(raw)}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items()) + "\r\n"
        )
        requests.append(head.encode("latin-1") + raw)
    latencies: list[float] = []
    errors = 0
    next_i = 0

    async def worker() -> None:
        nonlocal errors, next_i
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        while next_i < len(requests):
            i = next_i
            next_i += 1
            t0 = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                assert reader is not None
                writer.write(requests[i])
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                lines = head.lower().split(b"\r\n")
                length = next((int(ln[15:]) for ln in lines if ln.startswith(b"content-length:")), None)
                if length is None:
                    raise ValueError("the response has no Content-Length")
                payload = await reader.readexactly(length)
                if b"connection: close" in lines:
                    writer.close()
                    reader = writer = None
            except (OSError, ValueError, asyncio.IncompleteReadError) as exc:
                errors += 1
                print(f"  transport error: {type(exc).__name__}: {exc}", file=sys.stderr)
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            latencies.append(time.perf_counter() - t0)
            if status != expect:
                errors += 1
                if errors <= 3:
                    print(f"  unexpected {status}: {payload[:300]!r}", file=sys.stderr)
        if writer is not None:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - t0
    return latencies, wall, errors


CLIENTS = {"httpx": drive, "raw": drive_raw}


def run_load(
    client: str, url: str, bodies: list[Any], headers: list[dict[str, str]], concurrency: int, expect: int
) -> tuple[list[float], float, int, float]:
    """One load phase on a fresh event loop (uvloop when installed); also returns the load generator's
    own CPU time per request, in ms."""
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    cpu0 = time.process_time()
    lat, wall, err = runner(CLIENTS[client](url, bodies, headers, concurrency, expect))
    cpu_ms = (time.process_time() - cpu0) / max(1, len(bodies)) * 1000
    return lat, wall, err, cpu_ms


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server process and its workers (Linux ``/proc``;
    NaN elsewhere). Per request, this is the figure least moved by other load on a shared machine."""
    return sum(server_cpu_by_process(pid).values()) if os.path.isdir("/proc") else float("nan")


def server_cpu_by_process(pid: int) -> dict[int, float]:
    """CPU seconds so far of ``pid`` and each of its descendants (Linux ``/proc``; empty elsewhere)."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        stats: dict[int, tuple[int, float]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as fh:
                        f = fh.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(d)] = (int(f[1]), (int(f[11]) + int(f[12])) / tick)
    except OSError:
        return {}
    tree, grew = {pid}, True
    while grew:
        grew = False
        for p, (ppid, _) in stats.items():
            if ppid in tree and p not in tree:
                tree.add(p)
                grew = True
    return {p: stats[p][1] for p in tree if p in stats}


def worker_split(before: dict[int, float], after: dict[int, float]) -> str:
    """How the CPU of a phase fell on the server's processes, largest first (e.g. ``52/47/1%``): with
    several workers, how evenly the connections were spread."""
    used = sorted((after[p] - before.get(p, 0.0) for p in after), reverse=True)
    total = sum(used)
    if total <= 0:
        return "n/a"
    return "/".join(f"{100 * u / total:.0f}" for u in used if u > 0.005 * total) + "%"


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def report(
    name: str,
    lat: list[float],
    wall: float,
    errors: int,
    rps_budget: float | None,
    p99_budget_ms: float,
    gen_cpu_ms: float,
    server_cpu_ms: float,
    split: str = "",
) -> bool:
    rps = len(lat) / wall
    p50, p90, p99 = (pct(lat, p) * 1000 for p in (50, 90, 99))
    ok = p99 <= p99_budget_ms and (rps_budget is None or rps >= rps_budget) and errors == 0
    budget = f"budget: p99 < {p99_budget_ms:g} ms" + (f", >= {rps_budget:g}/s" if rps_budget else "")
    print(
        f"{name:<44} {len(lat):>5} req {rps:>7.1f} req/s  p50 {p50:6.1f}  p90 {p90:6.1f}  "
        f"p99 {p99:6.1f} ms  errors {errors}  CPU/req: server {server_cpu_ms:.2f} ms, "
        f"generator {gen_cpu_ms:.2f} ms  "
        + (f"server CPU by process {split}  " if split else "")
        + f"load {loadavg()}  [{'PASS' if ok else 'MISS'}; {budget}]",
        flush=True,
    )
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    ap.add_argument("--requests", type=int, default=2000, help="assessment requests (default 2000)")
    ap.add_argument("--cds-requests", type=int, default=300, help="CDS Hooks calls (default 300)")
    ap.add_argument("--concurrency", type=int, default=16, help="requests in flight (default 16)")
    ap.add_argument("--cds-concurrency", type=int, default=8)
    ap.add_argument("--database-url", default=None, help="default: SQLite in a temporary LEGDX_HOME")
    ap.add_argument("--repeat-case", action="store_true", help="send the same case every time (cache hits)")
    ap.add_argument(
        "--client",
        choices=["httpx", "raw", "both"],
        default="both",
        help="load generator: httpx's AsyncClient, a lean asyncio HTTP/1.1 client, or both in turn "
        "(default both; uvloop drives either when installed)",
    )
    args = ap.parse_args()

    home = tempfile.mkdtemp(prefix="legdx-bench-")
    env = {**os.environ, "LEGDX_HOME": home}
    env.pop("LEGDX_INSECURE_DEV", None)
    if args.database_url:
        env["LEGDX_DATABASE_URL"] = args.database_url
    else:
        env.pop("LEGDX_DATABASE_URL", None)
    signer = Signer()
    env["LEGDX_CDS_JWKS"] = json.dumps(signer.jwks)
    env["LEGDX_CDS_ISS_ALLOW"] = ISS
    if args.workers > 1:
        env["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="legdx-bench-prom-")

    os.environ["LEGDX_HOME"] = home
    if args.database_url:
        os.environ["LEGDX_DATABASE_URL"] = args.database_url
    from legdx.store import repo
    from legdx.store.db import Database, redact

    db = Database()
    db.upgrade()
    with db.session() as s:
        key = repo.create_api_key(s, "bench")
    db_url = db.url
    db.dispose()

    # the engine alone, in this process, on the same kind of cases: the floor under any HTTP figure
    import legdx

    sample = make_cases(200, seed=3)
    legdx.assess(sample[0])
    t_engine = time.perf_counter()
    for c in sample:
        legdx.assess(c).model_dump_json()
    engine_ms = (time.perf_counter() - t_engine) / len(sample) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"engine alone (assess + JSON, one thread): {engine_ms:.1f} ms per case, so at most "
        f"{1000 / engine_ms:.0f} assessments/s per core; load average {load:.1f}"
    )

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(
        f"legdx benchmark: uvicorn with {args.workers} worker(s) on {base}, database {redact(db_url)}, "
        f"{os.cpu_count()} CPU(s) shared with the load generator"
    )
    t0 = time.perf_counter()
    proc = start_server(args.workers, env, port)
    print(
        f"server ready in {time.perf_counter() - t0:.1f} s "
        "(knowledge base and FHIR models loaded at start-up)"
    )
    ok = True
    clients = ["httpx", "raw"] if args.client == "both" else [args.client]
    try:
        auth = {"Authorization": f"Bearer {key}"}
        n, nc = args.requests, args.cds_requests
        # every phase gets cases of its own, so that no client is helped by the other's cache entries
        cases = make_cases((n + 50) * len(clients))
        if args.repeat_case:
            cases = [cases[0]] * len(cases)
        aud = f"{base}/cds-services/legdx-patient-view"
        pfs = make_prefetches((nc + 20) * len(clients))
        toks = signer.tokens(aud, len(pfs))
        hooks = [
            {
                "hook": "patient-view",
                "hookInstance": str(uuid.uuid4()),
                "context": {"userId": "Practitioner/1", "patientId": pf["patient"]["id"]},
                "prefetch": pf,
            }
            for pf in pfs
        ]
        hook_headers = [{"Authorization": f"Bearer {t}"} for t in toks]
        for k, client in enumerate(clients):
            mine = cases[k * (n + 50) : (k + 1) * (n + 50)]
            url = f"{base}/v1/assessments"
            warm = run_load(client, url, mine[n:], [auth] * 50, 8, 201)
            if warm[2]:
                raise SystemExit("warm-up requests failed")
            c0 = server_cpu_by_process(proc.pid)
            spread: dict[int, int] = {}  # connections held by each worker, 1 s into the phase
            timer = threading.Timer(1.0, lambda got=spread: got.update(connections_by_worker(proc.pid, port)))
            timer.start()
            lat, wall, err, cpu = run_load(client, url, mine[:n], [auth] * n, args.concurrency, 201)
            timer.cancel()
            c1 = server_cpu_by_process(proc.pid)
            srv = (sum(c1.values()) - sum(c0.values())) / n * 1000
            label = f"POST /v1/assessments c={args.concurrency} [{client}]"
            ok &= report(
                label + (" same case" if args.repeat_case else ""),
                lat,
                wall,
                err,
                300,
                100,
                cpu,
                srv,
                worker_split(c0, c1)
                + " connections per worker "
                + ("/".join(str(v) for v in sorted(spread.values(), reverse=True)) or "n/a"),
            )

        for k, client in enumerate(clients):
            lo, hi = k * (nc + 20), (k + 1) * (nc + 20)
            bodies, hdrs = hooks[lo:hi], hook_headers[lo:hi]
            run_load(client, aud, bodies[nc:], hdrs[nc:], 4, 200)
            c0 = server_cpu(proc.pid)
            lat, wall, err, cpu = run_load(client, aud, bodies[:nc], hdrs[:nc], args.cds_concurrency, 200)
            srv = (server_cpu(proc.pid) - c0) / nc * 1000
            label = f"POST /cds-services/... c={args.cds_concurrency} [{client}]"
            ok &= report(label, lat, wall, err, None, 500, cpu, srv)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
