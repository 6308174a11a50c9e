"""The app's handlers called by name, as the Functions host calls them, with real HttpRequest objects."""

from __future__ import annotations

import json

import pytest

from tests.conftest import http_request


@pytest.fixture
def respond(app_env, app_functions):
    """Call a handler by name; answers its HttpResponse. `lang` picks the Accept-Language."""

    def respond(name, method="GET", url="/api", *, lang="zh", headers=None, **kwargs):
        headers = {"accept-language": "en-US,en" if lang == "en" else "zh-CN,zh", **(headers or {})}
        return app_functions[name](http_request(method, f"http://localhost{url}", headers=headers, **kwargs))

    return respond


@pytest.fixture
def call(respond):
    """Call a handler by name; answers (status, parsed JSON body or None)."""

    def call(name, method="GET", url="/api", **kwargs):
        response = respond(name, method, url, **kwargs)
        body = response.get_body()
        return response.status_code, (json.loads(body) if body and response.mimetype == "application/json" else None)

    return call
