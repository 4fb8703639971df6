"""ASGI middleware: request ids, the request-size limit, Prometheus metrics and an access log that
holds no patient data (route templates, never paths with ids or query strings)."""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("legdx.access")
log = logging.getLogger("legdx.server")

_RID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than the {limit} byte limit")


class Metrics:
    """Request counts and latency by route template. Uses prometheus_client's multiprocess mode when
    ``PROMETHEUS_MULTIPROC_DIR`` is set (several uvicorn workers)."""

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self.multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
        self.registry = CollectorRegistry(auto_describe=True)
        reg = None if self.multiprocess else self.registry
        self.requests = Counter(
            "legdx_http_requests_total",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=reg,
        )
        self.latency = Histogram(
            "legdx_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=reg,
        )
        self.assessments = Counter(
            "legdx_assessments_total", "Assessments stored, by input kind", ["source"], registry=reg
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

        if self.multiprocess:
            from prometheus_client import multiprocess

            reg = CollectorRegistry()
            multiprocess.MultiProcessCollector(reg)
            return generate_latest(reg), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class GuardMiddleware:
    """Outermost legdx middleware: request id, body-size limit (413 problem), metrics and access log."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, metrics: Metrics | None):
        self.app = app
        self.max_body = max_body_bytes
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        rid = ""
        length: int | None = None
        for k, v in scope.get("headers", ()):
            if k == b"x-request-id":
                cand = v.decode("latin-1")
                rid = cand if _RID.match(cand) else ""
            elif k == b"content-length":
                try:
                    length = int(v)
                except ValueError:
                    length = None
        rid = rid or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500
        started = False
        rid_header = (b"x-request-id", rid.encode())

        async def send_wrapped(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status = message["status"]
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], rid_header]
            await send(message)

        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            if length is not None and length > self.max_body:
                await _problem(
                    send_wrapped,
                    413,
                    f"the request body is larger than the {self.max_body} byte limit",
                    "request-too-large",
                    scope.get("path", ""),
                )
                return
            try:
                await self.app(scope, receive_limited, send_wrapped)
            except BodyTooLarge as exc:
                if started:
                    raise
                await _problem(send_wrapped, 413, str(exc.detail), "request-too-large", scope.get("path", ""))
            except Exception as exc:  # noqa: BLE001 - answered here so that no server logs the message
                from legdx.server.problems import _tb_only

                status = 500
                log.error(
                    "unhandled %s on %s %s",
                    type(exc).__name__,
                    scope.get("method", "?"),
                    route_template(scope),
                    exc_info=_tb_only(exc),
                )
                if not started:
                    await _problem(
                        send_wrapped,
                        500,
                        "an internal error occurred; it has been logged",
                        "internal",
                        scope.get("path", ""),
                        title="Internal server error",
                    )
        finally:
            elapsed = time.perf_counter() - start
            route = route_template(scope)
            method = scope.get("method", "?")
            if self.metrics is not None:
                self.metrics.observe(method, route, status, elapsed)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %d %.1fms rid=%s client=%s",
                    method,
                    route,
                    status,
                    elapsed * 1000,
                    rid,
                    state.get("client_id", "-"),
                )


async def _problem(
    send: Send, status: int, detail: str, kind: str, instance: str, title: str = "Request body too large"
) -> None:
    body = json.dumps(
        {
            "type": f"urn:legdx:problem:{kind}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": instance,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
