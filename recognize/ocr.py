"""Offline engine: rapidocr boxes → rows → label/value pairs → per-app layout rules (being built)."""

from __future__ import annotations

from recognize.errors import EngineUnavailable


def recognize(data: bytes, *, now=None, settings=None):
    """Read payment items from image bytes with the local OCR model."""
    raise EngineUnavailable("offline engine not built yet")
