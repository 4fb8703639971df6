"""Compression of stored assessment outputs.

An assessment's JSON is about 70 KB and mostly repeats the knowledge base's wording; zstd (level 1) keeps
about 30 % of it for a third of a millisecond, and a smaller row is cheaper for SQLite to write and to
checkpoint than the text it replaces. Rows written before migration 0002 keep their text in
``output_json``; both read back the same (``AssessmentRecord.output_json``).
"""

from __future__ import annotations

import threading
from typing import Any

zstandard: Any
try:
    import zstandard
except ImportError:  # pragma: no cover - the [server] extra brings it; without it outputs stay text
    zstandard = None

LEVEL = 1
_local = threading.local()


def available() -> bool:
    return zstandard is not None


def _compressor() -> Any:
    c = getattr(_local, "c", None)
    if c is None:
        c = _local.c = zstandard.ZstdCompressor(level=LEVEL)
    return c


def _decompressor() -> Any:
    d = getattr(_local, "d", None)
    if d is None:
        if zstandard is None:
            raise RuntimeError("this assessment is stored compressed; install zstandard (legdx[server])")
        d = _local.d = zstandard.ZstdDecompressor()
    return d


def pack(data: str | bytes) -> bytes:
    """``data`` (text as UTF-8) compressed into one zstd frame that records its size."""
    return bytes(_compressor().compress(data.encode("utf-8") if isinstance(data, str) else data))


def unpack_bytes(blob: bytes) -> bytes:
    return bytes(_decompressor().decompress(blob))


def unpack(blob: bytes) -> str:
    return unpack_bytes(blob).decode("utf-8")
