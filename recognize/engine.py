"""Choose and run a recognition engine behind one interface."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from decimal import Decimal, InvalidOperation
from importlib.util import find_spec

from recognize import ocr
from recognize.capture import captured_at
from recognize.errors import EngineUnavailable, ModelRefused, ModelTimeout, RecognizeError
from recognize.images import sniff
from recognize.models import Extraction, Item, doubt
from recognize.normalize import tidy_read
from settings import get_settings

logger = logging.getLogger(__name__)

ENGINES = ("auto", "llm", "ocr")

DOCUMENTS = ("pdf", "ofd", "xml")

# Fields both engines read from the screen; category and memo are guesses/free text, not worth comparing.
CROSS_CHECKED = ("direction", "amount", "occurred_at", "merchant", "platform", "payment_method", "order_no")
DISAGREE_CONFIDENCE = 0.3
FILLED_CONFIDENCE = 0.4

# The LLM failing this way leaves the offline reading as the best we have; image errors would fail both.
_LLM_FALLBACK_ERRORS = (ModelRefused, ModelTimeout, EngineUnavailable)


def llm_configured(settings) -> bool:
    """True when an Azure OpenAI or OpenAI-compatible endpoint is configured."""
    return bool(settings.azure_openai_endpoint or settings.openai_base_url)


def ocr_installed() -> bool:
    """True when the offline engine's OCR package is importable here (the embedded default)."""
    return find_spec("rapidocr") is not None


def recognize(
    data: bytes,
    *,
    engine: str | None = None,
    now: datetime | None = None,
    settings=None,
    filename: str | None = None,
    last_modified: datetime | None = None,
    categories: list[str] | None = None,
) -> Extraction:
    """Read payment items from image bytes with the chosen engine (default: the RECOGNIZER setting).

    `now` is when the file arrived; the moment the screenshot was taken — the image's own time, a time in its
    `filename`, else the file's `last_modified` as the phone reported it — anchors dates printed without a year
    and 今天/昨天 instead. `auto` uses the LLM when one is configured, else the offline engine; when both can
    run, both read the image and fields they disagree on get low confidence. Raises a `RecognizeError`
    subclass when the bytes are not a usable image or nothing was found.
    """
    if settings is None:
        settings = get_settings()
    captured = captured_at(data, filename, settings.ledger_tz, not_after=now)
    if captured is None and last_modified is not None and (now is None or last_modified <= now):
        captured = last_modified
    now = captured or now
    engine = engine or settings.recognizer
    if engine not in ENGINES:
        raise EngineUnavailable(f"unknown engine {engine!r}")
    if sniff(data) in DOCUMENTS:
        engine = "ocr"  # e-invoices are read from their own text; the model is asked about pictures only
    started = time.perf_counter()
    if engine == "auto":
        if not llm_configured(settings):
            engine = "ocr"
        elif not ocr_installed():
            engine = "llm"
    if engine == "llm":
        # The model's engine loads pydantic and the openai SDK: only when a model is asked (cold start).
        from recognize import llm

        result = llm.recognize(data, now=now, settings=settings, categories=categories)
    elif engine == "ocr":
        result = ocr.recognize(data, now=now, settings=settings)
    else:
        result = _both(data, now=now, settings=settings, categories=categories)
    for item in result.items:
        item.explain()
    result.elapsed_ms = int((time.perf_counter() - started) * 1000)
    result.captured_at = captured
    return result


def _both(data: bytes, *, now: datetime | None, settings, categories: list[str] | None = None) -> Extraction:
    """Run the offline engine in a thread while the LLM request is in flight, then cross-check."""
    from recognize import llm  # pydantic and the openai SDK, only when a model is asked

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr-cross-check") as pool:
        offline = pool.submit(ocr.recognize, data, now=now, settings=settings)
        try:
            primary = llm.recognize(data, now=now, settings=settings, categories=categories)
        except _LLM_FALLBACK_ERRORS as exc:
            second = _result(offline)
            if second is None:
                raise
            logger.warning("llm failed (%s); using the offline reading", exc.code)
            second.warnings.append(f"the language model failed ({exc.code}); offline reading shown")
            return second
        second = _result(offline)
    if second is None:
        primary.warnings.append("offline cross-check unavailable")
        return primary
    return cross_check(primary, second)


def _result(future: Future) -> Extraction | None:
    """The offline engine's reading, or None when it could not produce one."""
    try:
        return future.result()
    except RecognizeError as exc:
        logger.info("offline cross-check gave nothing: %s", exc.code)
    except Exception:
        # A crash in the cross-check must not cost the person the model's reading.
        logger.exception("offline cross-check failed")
    return None


def cross_check(primary: Extraction, second: Extraction) -> Extraction:
    """Lower the confidence of `primary`'s fields that `second` read differently; fill its blanks from it.

    Items are paired by position when both found the same number, else by equal amount.
    """
    disagreements: set[str] = set()
    for item, other in _pairs(primary.items, second.items):
        for name in CROSS_CHECKED:
            mine, theirs = item.fields.get(name), other.fields.get(name)
            if theirs is None:
                continue
            if mine is None:
                item.fields[name] = theirs
                item.confidence[name] = min(other.confidence.get(name, 0.0), FILLED_CONFIDENCE)
                # Only the offline engine read it: its cause, if it gave one, else the fallback (hard to read).
                item.reasons.pop(name, None)
                if name in other.reasons:
                    item.reasons[name] = other.reasons[name]
            elif not same(name, mine, theirs):
                item.confidence[name] = min(item.confidence.get(name, 0.0), DISAGREE_CONFIDENCE)
                doubt(item.reasons, name, "engines_disagree")
                disagreements.add(name)
    if disagreements:
        primary.warnings.append("engines disagree on " + ", ".join(sorted(disagreements)))
    for item in primary.items:
        item.explain()
    primary.engine = f"{primary.engine}+{second.engine}"
    return primary


def _pairs(items: list[Item], others: list[Item]) -> list[tuple[Item, Item]]:
    """Pair each item with the other engine's reading of the same transaction."""
    if len(items) == len(others):
        return list(zip(items, others, strict=True))
    pairs, free = [], list(others)
    for item in items:
        match = next((o for o in free if o.fields.get("amount") == item.fields.get("amount")), None)
        if match is not None and item.fields.get("amount") is not None:
            free.remove(match)
            pairs.append((item, match))
    return pairs


def same(name: str, a: str, b: str) -> bool:
    """True when two engines' values of field `name` mean the same thing."""
    if name == "amount":
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    if name == "occurred_at":
        # The offline engine may miss the seconds or the time; the date and minute must agree when both have them.
        a_date, b_date = a[:10], b[:10]
        a_time, b_time = a[11:16], b[11:16]
        return a_date == b_date and (a_time == b_time or "00:00" in (a_time, b_time))
    if name == "order_no":
        return _alnum(a) == _alnum(b)
    a, b = tidy_read(a).casefold(), tidy_read(b).casefold()
    # OCR often keeps only part of a long name (招商银行信用卡 vs 招商银行信用卡(6789)): containment agrees.
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


def _alnum(text: str) -> str:
    """Only the letters and digits of `text`, for comparing order numbers OCR may have spaced out."""
    return "".join(ch for ch in text if ch.isalnum()).upper()
