"""Choose and run a recognition engine behind one interface."""

from __future__ import annotations

import time
from datetime import datetime

from recognize.errors import EngineUnavailable
from recognize.models import Extraction

ENGINES = ("auto", "llm", "ocr")


def llm_configured(settings) -> bool:
    """True when an Azure OpenAI or OpenAI-compatible endpoint is configured."""
    return bool(settings.azure_openai_endpoint or settings.openai_base_url)


def recognize(data: bytes, *, engine: str | None = None, now: datetime | None = None, settings=None) -> Extraction:
    """Read payment items from image bytes with the chosen engine (default: the RECOGNIZER setting).

    Raises a `RecognizeError` subclass when the bytes are not a usable image or nothing was found.
    """
    if settings is None:
        from settings import get_settings

        settings = get_settings()
    engine = engine or settings.recognizer
    if engine not in ENGINES:
        raise EngineUnavailable(f"unknown engine {engine!r}")
    started = time.perf_counter()
    if engine == "auto":
        engine = "llm" if llm_configured(settings) else "ocr"
    if engine == "llm":
        from recognize import llm

        result = llm.recognize(data, now=now, settings=settings)
    else:
        from recognize import ocr

        result = ocr.recognize(data, now=now, settings=settings)
    result.elapsed_ms = int((time.perf_counter() - started) * 1000)
    return result
