"""Compression of stored assessment outputs.

An assessment's JSON is about 70 KB and mostly repeats the knowledge base's wording. It is stored as one
zstd frame (level 1) compressed with a dictionary trained on assessment outputs
(``scripts/train_zstd_dictionary.py``): about 7 % of the JSON in about 0.1 ms, against 30 % in 0.2 ms
without a dictionary, and a smaller row is cheaper for SQLite or PostgreSQL to write and to checkpoint.

A frame records the id of the dictionary it was made with, and reading it needs that same dictionary,
so a dictionary once shipped is never changed or removed: ``DICTIONARIES`` pins each file by its SHA-256
(checked when it is loaded, and by the tests), and a new one gets a new id. Frames made without a
dictionary (rows written before dictionaries, or with ``LEGDX_ZSTD_DICTIONARY=0``) read back as before.
Rows written before migration 0002 keep their text in ``output_json``; all read back the same
(``AssessmentRecord.output_json``).
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import cache
from importlib import resources
from typing import Any

zstandard: Any
try:
    import zstandard
except ImportError:  # pragma: no cover - the [server] extra brings it; without it outputs stay text
    zstandard = None

LEVEL = 1

#: Shipped dictionaries (``legdx/store/zstd/assessments-<id>.zdict``) by id, with their SHA-256. Append
#: only: stored rows need the dictionary they were written with.
DICTIONARIES: dict[int, str] = {
    1: "a54e24b297d4ccb7b8991fd85ee8b9d3432f42d5c794d230ebc218c808dc0a40",
}
#: The dictionary new rows are compressed with (``LEGDX_ZSTD_DICTIONARY=0``: none).
CURRENT_DICTIONARY = 1

_local = threading.local()


def available() -> bool:
    return zstandard is not None


def dictionary_path(dict_id: int) -> Any:
    return resources.files("legdx.store") / "zstd" / f"assessments-{dict_id}.zdict"


@cache
def dictionary(dict_id: int) -> Any:
    """The shipped dictionary ``dict_id``, checked against its pinned digest."""
    if dict_id not in DICTIONARIES:
        raise ValueError(
            f"this output was compressed with zstd dictionary {dict_id}, which this legdx version does "
            f"not ship (it has {sorted(DICTIONARIES)}); read it with the legdx version that wrote it"
        )
    data = dictionary_path(dict_id).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DICTIONARIES[dict_id]:
        raise ValueError(
            f"zstd dictionary {dict_id} is damaged: SHA-256 {digest}, expected {DICTIONARIES[dict_id]}"
        )
    d = zstandard.ZstdCompressionDict(data)
    if d.dict_id() != dict_id:
        raise ValueError(f"the file of zstd dictionary {dict_id} holds dictionary {d.dict_id()}")
    return d


def writing_dictionary() -> int:
    """The id of the dictionary new outputs are compressed with (0: none)."""
    raw = os.environ.get("LEGDX_ZSTD_DICTIONARY")
    return CURRENT_DICTIONARY if raw is None or raw.strip() == "" else int(raw)


def _compressor() -> Any:
    c = getattr(_local, "c", None)
    if c is None:
        dict_id = writing_dictionary()
        if dict_id:
            d = dictionary(dict_id)
            c = zstandard.ZstdCompressor(level=LEVEL, dict_data=d)
        else:
            c = zstandard.ZstdCompressor(level=LEVEL)
        _local.c = c
    return c


def _decompressor(dict_id: int) -> Any:
    cache_: dict[int, Any] | None = getattr(_local, "d", None)
    if cache_ is None:
        cache_ = _local.d = {}
    d = cache_.get(dict_id)
    if d is None:
        if zstandard is None:
            raise RuntimeError("this assessment is stored compressed; install zstandard (legdx[server])")
        d = cache_[dict_id] = (
            zstandard.ZstdDecompressor(dict_data=dictionary(dict_id))
            if dict_id
            else zstandard.ZstdDecompressor()
        )
    return d


def pack(data: str | bytes) -> bytes:
    """``data`` (text as UTF-8) compressed into one zstd frame that records its size and dictionary."""
    return bytes(_compressor().compress(data.encode("utf-8") if isinstance(data, str) else data))


def frame_dictionary(blob: bytes) -> int:
    """The id of the dictionary a frame was compressed with (0: none)."""
    if zstandard is None:
        raise RuntimeError("this assessment is stored compressed; install zstandard (legdx[server])")
    return int(zstandard.get_frame_parameters(blob).dict_id)


def unpack_bytes(blob: bytes) -> bytes:
    return bytes(_decompressor(frame_dictionary(blob)).decompress(blob))


def unpack(blob: bytes) -> str:
    return unpack_bytes(blob).decode("utf-8")
