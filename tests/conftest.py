"""Fixtures shared by the test modules."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def reader_pairs() -> dict[bool, tuple[Any, Any]]:
    """Per fast_semantic mode: the fast and the plain ConText path readers
    (``text_readings.context_path_pairs``), built once for each test module that asks for them and released
    with it."""
    from text_readings import context_path_pairs

    return context_path_pairs()
