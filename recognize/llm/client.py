"""Reaching the model: the endpoint from the settings, the SDK client (Entra tokens or a key) built once, one
request with its errors named, and retries that honour Retry-After within one deadline.
"""

from __future__ import annotations

import email.utils
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

from recognize.errors import EngineUnavailable, ModelRefused, ModelTimeout
from recognize.llm.answer import parse_completion
from recognize.llm.schema import ReadAnswer

logger = logging.getLogger(__name__)


TOKEN_SCOPE = "https://cognitiveservices.azure.com/.default"


DEADLINE_SECONDS = 60.0


MAX_ATTEMPTS = 5


BACKOFF_BASE_SECONDS = 0.5


BACKOFF_MAX_SECONDS = 8.0


RETRYABLE_STATUS = frozenset({408, 409, 429})


MAX_OUTPUT_TOKENS = 2000  # a screenshot's answer is a few hundred tokens; a bill list's, up to ~1500


REASONING_OUTPUT_TOKENS = 8000  # a reasoning model spends part of its budget thinking before it answers


PLACEHOLDER_API_KEY = "not-needed"  # local servers (Ollama, vLLM) ignore the key but the SDK insists on one


MODEL_KINDS = ("auto", "chat", "reasoning")  # AZURE_OPENAI_MODEL_KIND; see Settings.uses_reasoning_model


_clients: dict[tuple, object] = {}


_clients_lock = threading.Lock()


@dataclass(frozen=True)
class Endpoint:
    """Where the model lives and how to reach it, taken from the settings."""

    kind: str  # "azure" or "openai"
    url: str
    model: str
    api_version: str | None
    api_key: str | None = field(default=None, repr=False)  # never in logs
    reasoning: bool = False  # a reasoning model (GPT-5 family, o-series) takes other parameters
    reasoning_effort: str = "low"

    def sampling(self) -> dict:
        """The request parameters this kind of model accepts.

        Chat models (GPT-4o, GPT-4.1) take `temperature` and `max_tokens`; reasoning models refuse both and
        take `max_completion_tokens` and `reasoning_effort` instead.
        """
        if self.reasoning:
            return {"max_completion_tokens": REASONING_OUTPUT_TOKENS, "reasoning_effort": self.reasoning_effort}
        return {"temperature": 0, "max_tokens": MAX_OUTPUT_TOKENS}


def endpoint_for(settings) -> Endpoint:
    """Pick Azure OpenAI when its endpoint is set, else the OpenAI-compatible base URL.

    Raises EngineUnavailable when neither is configured, or when AZURE_OPENAI_MODEL_KIND names no kind (a typo
    must not quietly switch the request to the other kind's parameters).
    """
    if settings.model_kind not in MODEL_KINDS:
        raise EngineUnavailable(
            f"AZURE_OPENAI_MODEL_KIND is {settings.model_kind!r}; it must be one of {', '.join(MODEL_KINDS)}"
        )
    if settings.azure_openai_endpoint:
        return Endpoint(
            kind="azure",
            url=settings.azure_openai_endpoint,
            model=settings.azure_openai_deployment,
            api_version=settings.azure_openai_api_version,
            api_key=settings.azure_openai_api_key,
            reasoning=settings.uses_reasoning_model,
            reasoning_effort=settings.reasoning_effort,
        )
    if settings.openai_base_url:
        if not settings.openai_model:
            raise EngineUnavailable("OPENAI_BASE_URL is set but OPENAI_MODEL is not")
        return Endpoint(
            kind="openai",
            url=settings.openai_base_url,
            model=settings.openai_model,
            api_version=None,
            api_key=settings.openai_api_key,
            reasoning=settings.uses_reasoning_model,
            reasoning_effort=settings.reasoning_effort,
        )
    raise EngineUnavailable("no AZURE_OPENAI_ENDPOINT or OPENAI_BASE_URL configured")


def build_client(endpoint: Endpoint, *, credential=None):
    """Construct an SDK client for `endpoint`; Entra ID tokens (managed identity) unless an API key is set.

    `credential` is any azure-core TokenCredential; DefaultAzureCredential when omitted. Tokens are fetched
    per request by the provider, never here.
    """
    # Retries are ours (see complete): the SDK's loop has no total deadline across attempts.
    if endpoint.kind == "openai":
        from openai import OpenAI

        return OpenAI(base_url=endpoint.url, api_key=endpoint.api_key or PLACEHOLDER_API_KEY, max_retries=0)
    from openai import AzureOpenAI

    if endpoint.api_key:
        return AzureOpenAI(
            azure_endpoint=endpoint.url, api_version=endpoint.api_version, api_key=endpoint.api_key, max_retries=0
        )
    from azure.identity import get_bearer_token_provider

    if credential is None:
        from azure.identity import DefaultAzureCredential

        credential = DefaultAzureCredential()
    return AzureOpenAI(
        azure_endpoint=endpoint.url,
        api_version=endpoint.api_version,
        azure_ad_token_provider=get_bearer_token_provider(credential, TOKEN_SCOPE),
        max_retries=0,
    )


def get_client(endpoint: Endpoint):
    """The process-wide client for `endpoint`, built on first use and reused after."""
    key = (endpoint.kind, endpoint.url, endpoint.api_version, endpoint.api_key)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = build_client(endpoint)
        return _clients[key]


class _Transient(Exception):
    """A failure worth retrying after `delay` seconds (429, 5xx, a dropped connection)."""

    def __init__(self, reason: str, delay: float):
        super().__init__(reason)
        self.reason, self.delay = reason, delay


def complete(client, endpoint: Endpoint, messages: list[dict], deadline: float):
    """Ask the model, retrying 429/5xx with backoff (honouring Retry-After) until `deadline` seconds pass.

    Returns (ReadAnswer, raw content).
    """
    stop_at = time.monotonic() + deadline
    failure: _Transient | None = None
    for attempt in range(MAX_ATTEMPTS):
        if failure is not None:
            if failure.delay >= stop_at - time.monotonic():
                raise ModelTimeout(f"the model did not answer within {deadline:g} s ({failure.reason})")
            logger.warning("%s; retrying in %.2f s", failure.reason, failure.delay)
            _sleep(failure.delay)
        try:
            return _ask(client, endpoint, messages, timeout=stop_at - time.monotonic(), attempt=attempt)
        except _Transient as transient:
            failure = transient
    raise EngineUnavailable(f"the model endpoint failed {MAX_ATTEMPTS} times in a row ({failure.reason})")


@lru_cache(maxsize=1)
def response_format() -> dict:
    """The strict json_schema response format for ReadAnswer, built once.

    The SDK's `parse()` rebuilds this schema from the pydantic model on every call, which cost more CPU than
    the rest of a recognition's request; the answer is validated against the same model in `parse_completion`.
    """
    from openai.lib._parsing._completions import type_to_response_format_param

    return type_to_response_format_param(ReadAnswer)


def _ask(client, endpoint: Endpoint, messages: list[dict], *, timeout: float, attempt: int):
    """One request; SDK errors become RecognizeErrors, or _Transient when another attempt may succeed."""
    import openai

    try:
        completion = client.chat.completions.create(
            model=endpoint.model,
            messages=messages,
            response_format=response_format(),
            timeout=timeout,
            **endpoint.sampling(),
        )
    except openai.APITimeoutError as exc:
        raise ModelTimeout("the model did not answer in time") from exc
    except openai.APIStatusError as exc:
        status = exc.status_code
        if _is_content_filter(exc):
            raise ModelRefused("the request was blocked by the content filter") from exc
        if status in RETRYABLE_STATUS or status >= 500:
            raise _Transient(f"model endpoint answered {status}", retry_delay(exc.response.headers, attempt)) from exc
        logger.error("model endpoint answered %s: %s", status, exc.message)
        if status in (401, 403, 404):
            raise EngineUnavailable(f"the model endpoint answered {status}") from exc
        raise ModelRefused(f"the model endpoint rejected the request ({status})") from exc
    except openai.APIConnectionError as exc:
        raise _Transient(f"model endpoint unreachable ({exc})", retry_delay({}, attempt)) from exc
    return parse_completion(completion)


def _is_content_filter(exc) -> bool:
    """True for Azure's 400 'content_filter' (the prompt or image tripped the filter)."""
    return exc.status_code == 400 and (exc.code == "content_filter" or "content management policy" in exc.message)


def retry_delay(headers, attempt: int) -> float:
    """Seconds to wait before the next attempt: the server's retry-after-ms / Retry-After, else backoff."""
    value = headers.get("retry-after-ms")
    if value:
        try:
            return max(0.0, float(value) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(0.0, email.utils.mktime_tz(parsed) - time.time())
    # Up to 25% jitter so many instances throttled at once do not come back in step.
    backoff = BACKOFF_BASE_SECONDS * 2**attempt * (1 + random.random() / 4)  # noqa: S311 - jitter, not security
    return min(BACKOFF_MAX_SECONDS, backoff)


def _sleep(seconds: float) -> None:
    """Wait between attempts (a seam so tests can record the wait instead of sleeping)."""
    time.sleep(seconds)
