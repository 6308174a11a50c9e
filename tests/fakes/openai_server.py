"""A local HTTP server that speaks the chat-completions protocol, so the real `openai` SDK can be tested.

It serves the Azure path (`/openai/deployments/{deployment}/chat/completions?api-version=…`) and the
OpenAI path (`/v1/chat/completions`), records every request, answers from a scripted queue and fails
loudly on anything it was not told to expect: the client gets an HTTP 599 and the failure is kept so
the `fake_openai` fixture fails the test at teardown.

    with FakeOpenAI() as fake:
        fake.answer({"is_payment": True, "reason": None, "items": [...]})
        ... run code against fake.azure_endpoint or fake.openai_base_url ...
        fake.assert_clean()
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qs, urlsplit

import pytest

from recognize.models import FIELDS

UNEXPECTED_STATUS = 599


def model_item(**overrides) -> dict:
    """One item as the model answers it."""
    return {
        "direction": "expense",
        "amount": "-23.90",
        "currency": "CNY",
        "occurred_at": "2026年11月3日 08:15:42",
        "merchant": "瑞幸咖啡",
        "platform": "微信",
        "payment_method": "零钱",
        "category": "餐饮",
        "memo": None,
        "order_no": "4200002468202611030815420001",
        "confidence": dict.fromkeys(FIELDS, 0.9),
        **overrides,
    }


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: object

    @property
    def messages(self) -> list[dict]:
        """The chat messages of the request body."""
        return self.body.get("messages", []) if isinstance(self.body, dict) else []

    def message(self, role: str) -> dict:
        """The first message with `role`."""
        return next(m for m in self.messages if m.get("role") == role)


@dataclass
class Scripted:
    """One scripted reply: a status, headers, a JSON body and an optional delay before answering."""

    status: int
    body: object
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeOpenAI:
    """A scripted chat-completions server on 127.0.0.1 with a free port."""

    def __init__(
        self,
        *,
        deployment: str = "gpt-4o",
        api_version: str | None = None,
        model: str | None = None,
        kind: str = "chat",
    ):
        self.deployment = deployment
        self.kind = kind  # "chat" (temperature, max_tokens) or "reasoning" (max_completion_tokens, effort)
        self.api_version = api_version
        self.model = model
        self.requests: list[Recorded] = []
        self.failures: list[str] = []
        self._queue: list[Scripted] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        self._ids = count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> FakeOpenAI:
        """Listen on a free port in a background thread."""
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        serve = self._server.serve_forever
        self._thread = threading.Thread(target=serve, args=(0.05,), name="fake-openai", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release slow answers, stop serving and close the socket."""
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def azure_endpoint(self) -> str:
        """What AZURE_OPENAI_ENDPOINT would be."""
        return self.url + "/"

    @property
    def openai_base_url(self) -> str:
        """What OPENAI_BASE_URL would be for an OpenAI-compatible server."""
        return self.url + "/v1"

    # -- scripting -------------------------------------------------------------------------------------

    def answer(self, parsed: object, *, delay: float = 0.0) -> None:
        """Answer the next request with `parsed` serialized as the assistant's JSON content."""
        self.answer_text(json.dumps(parsed, ensure_ascii=False), delay=delay)

    def answer_text(self, content: str, *, delay: float = 0.0, finish_reason: str = "stop") -> None:
        """Answer the next request with raw assistant content (malformed JSON, schema violations…)."""
        self._push(Scripted(200, self._completion(content=content, finish_reason=finish_reason), delay=delay))

    def refuse(self, refusal: str = "I'm sorry, I can't help with that.") -> None:
        """Answer with a structured-output refusal message (content null, `refusal` set)."""
        self._push(Scripted(200, self._completion(content=None, refusal=refusal)))

    def content_filtered(self) -> None:
        """Answer with finish_reason 'content_filter', as Azure does when the completion trips the filter."""
        self._push(Scripted(200, self._completion(content=None, finish_reason="content_filter")))

    def prompt_filtered(self) -> None:
        """Answer 400 code 'content_filter', as Azure does when the prompt or image trips the filter."""
        body = {
            "error": {
                "message": "The response was filtered due to the prompt triggering Azure OpenAI's content "
                "management policy. Please modify your prompt and retry.",
                "type": None,
                "param": "prompt",
                "code": "content_filter",
                "status": 400,
                "innererror": {
                    "code": "ResponsibleAIPolicyViolation",
                    "content_filter_result": {"violence": {"filtered": True, "severity": "high"}},
                },
            }
        }
        self._push(Scripted(400, body))

    def rate_limited(self, *, retry_after: str | None = "1", retry_after_ms: str | None = None) -> None:
        """Answer 429 with Retry-After (seconds) and/or retry-after-ms, as Azure does."""
        headers = {}
        if retry_after is not None:
            headers["Retry-After"] = retry_after
        if retry_after_ms is not None:
            headers["retry-after-ms"] = retry_after_ms
        body = {
            "error": {
                "code": "429",
                "message": "Requests to the ChatCompletions_Create Operation have exceeded the token rate limit.",
            }
        }
        self._push(Scripted(429, body, headers))

    def server_error(self, status: int = 500) -> None:
        """Answer with a 5xx error."""
        self._push(Scripted(status, {"error": {"code": "InternalServerError", "message": "The server had an error"}}))

    def error(self, status: int, code: str, message: str) -> None:
        """Answer with any error status and body."""
        self._push(Scripted(status, {"error": {"code": code, "message": message}}))

    def _push(self, reply: Scripted) -> None:
        with self._lock:
            self._queue.append(reply)

    def _completion(self, *, content: str | None, finish_reason: str = "stop", refusal: str | None = None) -> dict:
        """A chat.completion body in the shape Azure OpenAI returns."""
        return {
            "id": f"chatcmpl-fake{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "gpt-4o-2024-11-20",
            "system_fingerprint": "fp_fake",
            "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": finish_reason,
                    "logprobs": None,
                    "message": {"role": "assistant", "content": content, "refusal": refusal},
                    "content_filter_results": {},
                }
            ],
            "usage": {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100},
        }

    # -- checking --------------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many scripted replies no request has consumed yet."""
        with self._lock:
            return len(self._queue)

    def assert_clean(self) -> None:
        """Fail when an unexpected request arrived or a scripted reply was never asked for."""
        problems = list(self.failures)
        if self.pending:
            problems.append(f"{self.pending} scripted repl{'y' if self.pending == 1 else 'ies'} never requested")
        assert not problems, "fake OpenAI server: " + "; ".join(problems)

    def _route(self, method: str, path: str, query: dict[str, str]) -> str | None:
        """Return why a request is not one this server speaks, or None when it is."""
        if method != "POST":
            return f"{method} {path}"
        if path == f"/openai/deployments/{self.deployment}/chat/completions":
            if "api-version" not in query:
                return f"{path} without api-version"
            if self.api_version and query["api-version"] != self.api_version:
                return f"api-version {query['api-version']} (expected {self.api_version})"
            return None
        if path == "/v1/chat/completions":
            return None
        return f"{method} {path}"

    def _refused_parameters(self, body: dict) -> str | None:
        """What Azure OpenAI answers 400 to for this kind of model, or None.

        Reasoning models refuse `temperature` and `max_tokens` ("Unsupported parameter"); chat models
        refuse `reasoning_effort`. Both kinds need an output budget.
        """
        if self.kind == "reasoning":
            refused = [name for name in ("temperature", "max_tokens", "top_p") if name in body]
            needed = "max_completion_tokens"
        else:
            refused = [name for name in ("reasoning_effort",) if name in body]
            needed = "max_tokens"
        if refused:
            return f"a {self.kind} model refuses {', '.join(refused)}"
        if needed not in body:
            return f"a {self.kind} model request without {needed}"
        return None

    def _handle(self, handler: _Handler) -> None:
        """Record the request, then answer with the next scripted reply or fail loudly."""
        parts = urlsplit(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(handler.headers.get("content-length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        headers = {k.lower(): v for k, v in handler.headers.items()}
        self.requests.append(Recorded(handler.command, parts.path, query, headers, body))
        problem = self._route(handler.command, parts.path, query)
        if problem is None and not (isinstance(body, dict) and isinstance(body.get("messages"), list)):
            problem = "body is not a chat-completions request"
        if problem is None and parts.path.startswith("/v1/") and self.model and body.get("model") != self.model:
            problem = f"model {body.get('model')!r} (expected {self.model!r})"
        if problem is None:
            problem = self._refused_parameters(body)
        if problem is None:
            with self._lock:
                reply = self._queue.pop(0) if self._queue else None
            if reply is None:
                problem = f"no scripted reply for {handler.command} {parts.path}"
        if problem is not None:
            self.failures.append("unexpected request: " + problem)
            reply = Scripted(UNEXPECTED_STATUS, {"error": {"code": "unexpected", "message": problem}})
        if reply.delay:
            self._released.wait(reply.delay)
        handler.reply(reply)


class _Handler(BaseHTTPRequestHandler):
    """Hands every request to the owning FakeOpenAI."""

    fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        self.fake._handle(self)

    do_GET = do_PUT = do_DELETE = do_PATCH = do_POST  # noqa: N815

    def reply(self, reply: Scripted) -> None:
        """Write a JSON reply."""
        payload = json.dumps(reply.body, ensure_ascii=False).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("apim-request-id", "00000000-0000-0000-0000-000000000000")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to tell it

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server signature
        """Keep test output quiet; the recorded requests say everything."""


@pytest.fixture
def fake_openai():
    """A running FakeOpenAI; the test fails at teardown on unexpected or missing requests."""
    with FakeOpenAI() as fake:
        yield fake
        fake.assert_clean()
