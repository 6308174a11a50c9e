"""LLM engine: one screenshot → GPT-4o on Azure OpenAI (or any OpenAI-compatible endpoint) → validated items.

The model answers in a strict JSON schema (`recognize.schema.ReadAnswer`); the answer is parsed by pydantic,
then every field goes through `recognize.normalize` exactly as the offline engine's fields do.

prompt (what is asked), schema (the answer's shape), client (reaching the model, retries),
answer (reading what came back).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from recognize import normalize
from recognize.errors import NoPaymentFound
from recognize.llm.answer import normalize_item
from recognize.llm.client import DEADLINE_SECONDS, complete, endpoint_for, get_client
from recognize.llm.prompt import chat_messages, image_data_url
from recognize.models import Extraction
from settings import get_settings


def recognize(
    data: bytes,
    *,
    now: datetime | None = None,
    settings=None,
    client=None,
    deadline: float = DEADLINE_SECONDS,
    categories: list[str] | None = None,
) -> Extraction:
    """Read payment items from image bytes with the configured language model.

    Raises UnsupportedImage/CorruptImage/ImageTooLarge for bad bytes, EngineUnavailable when no model is
    configured or reachable, ModelTimeout past `deadline` seconds, ModelRefused when the model refuses or
    answers outside the schema, NoPaymentFound when the image holds no payment.
    """
    if settings is None:
        settings = get_settings()
    endpoint = endpoint_for(settings)
    image_url = image_data_url(data)
    client = client or get_client(endpoint)
    zone = ZoneInfo(settings.ledger_tz)
    now = (now or datetime.now(zone)).astimezone(zone)
    messages = chat_messages(image_url, now.isoformat(timespec="seconds"), categories)
    answer, raw = complete(client, endpoint, messages, deadline)
    warnings: list[str] = []
    if not answer.is_payment:
        raise NoPaymentFound(normalize.tidy_read(answer.reason)[:200] or "the model found no payment in this image")
    items = []
    for index, read in enumerate(answer.items, start=1):
        item = normalize_item(read, now=now, tz=settings.ledger_tz, warnings=warnings, label=f"item {index}")
        if item is not None:
            items.append(item)
    if not items:
        raise NoPaymentFound("the model's answer held no readable transaction")
    return Extraction(items=items, raw_text=raw, engine="llm", warnings=warnings)
