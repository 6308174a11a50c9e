"""Helpers for the security suites: the app's functions called as a named principal, on SQLite or MariaDB."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass

import pytest

from tests.conftest import http_request

UPLOAD = {"filename": "pay.png", "content_type": "image/png", "size": 100}
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家", "category": "餐饮"}
# The smallest GIF: one transparent pixel.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@dataclass
class Answer:
    """One HTTP answer from a function: status, parsed JSON body (or None) and headers."""

    status: int
    body: object
    headers: dict

    @property
    def code(self) -> str | None:
        """The error code of an error answer."""
        return (self.body or {}).get("error", {}).get("code") if isinstance(self.body, dict) else None


OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier"


def encoded_principal(who: str, **overrides) -> str:
    """X-MS-CLIENT-PRINCIPAL as App Service Authentication writes it: base64 of its JSON claims document."""
    document = {
        "auth_typ": "aad",
        "claims": [{"typ": OBJECT_ID, "val": who}, {"typ": "name", "val": f"{who}@example.com"}],
        "name_typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
        "role_typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
        **overrides,
    }
    return base64.b64encode(json.dumps(document).encode()).decode()


def principal(who: str | None) -> dict:
    """The headers App Service Authentication sets for a signed-in person (none for None)."""
    if who is None:
        return {}
    return {
        "x-ms-client-principal-id": who,
        "x-ms-client-principal-name": f"{who}@example.com",
        "x-ms-client-principal": encoded_principal(who),
    }


class Api:
    """Calls the app's HTTP functions the way the Functions host does, as one principal or another."""

    def __init__(self, functions):
        self.functions = functions

    def __call__(self, name, method="GET", path="/api", *, who="alice", lang="en", headers=None, **kwargs) -> Answer:
        headers = {"accept-language": lang, **principal(who), **(headers or {})}
        response = self.functions[name](http_request(method, f"http://localhost{path}", headers=headers, **kwargs))
        raw = response.get_body()
        body = json.loads(raw) if raw and (response.mimetype or "").endswith("json") else None
        return Answer(response.status_code, body, dict(response.headers))


def use_mariadb(monkeypatch, server, name: str) -> None:
    """Point the process settings at a fresh database `name` on `server`, over verified TLS."""
    server.sql(f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} CHARACTER SET utf8mb4;")
    for key, value in {
        "MYSQL_HOST": "127.0.0.1",
        "MYSQL_PORT": str(server.port),
        "MYSQL_USER": server.user,
        "MYSQL_PASSWORD": server.password,
        "MYSQL_DATABASE": name,
        "MYSQL_SSL_CA": str(server.ca),
    }.items():
        monkeypatch.setenv(key, value)


@pytest.fixture(params=["sqlite", "mariadb"])
def easyauth(request, monkeypatch, app_env, app_functions):
    """The app in easyauth mode on an empty SQLite file, then on an empty MariaDB database; yields an Api."""
    from records import db
    from settings import get_settings

    if request.param == "mariadb":
        use_mariadb(monkeypatch, request.getfixturevalue("mariadb"), "sec_" + os.urandom(4).hex())
    monkeypatch.setenv("AUTH_MODE", "easyauth")
    monkeypatch.setenv("WEBSITE_AUTH_ENABLED", "True")
    monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "1000")
    get_settings.cache_clear()
    db.reset_engine()
    yield Api(app_functions)
    db.reset_engine()


def table_counts() -> dict[str, int]:
    """Rows per table of the app's database (to show that a refused request changed nothing)."""
    import sqlalchemy as sa

    from records.db import get_engine

    engine = get_engine()
    with engine.connect() as conn:
        names = [n for n in sa.inspect(conn).get_table_names() if n != "alembic_version"]
        return {n: conn.execute(sa.text(f"SELECT COUNT(*) FROM {n}")).scalar() for n in names}  # noqa: S608


def snapshot() -> dict[str, list]:
    """Every row of the drafts and records tables, to compare before and after a refused request."""
    import sqlalchemy as sa

    from records.db import get_engine
    from records.schema import drafts, records

    with get_engine().connect() as conn:
        return {
            "drafts": [tuple(r) for r in conn.execute(sa.select(drafts).order_by(drafts.c.id))],
            "records": [tuple(r) for r in conn.execute(sa.select(records).order_by(records.c.id))],
        }


def trigger(app_functions, blob_name: str, data: bytes | None = None, container: str = "uploads", **upload) -> None:
    """Fire the app's blob trigger for `blob_name` as the host does (a BlobClient; the host reads no byte).

    With `data`, the blob is written first (as a client holding the SAS would), with `upload` keyword arguments
    for the SDK's upload_blob (content_settings, …); the content type defaults to image/png.
    """
    from azure.storage.blob import BlobServiceClient, ContentSettings

    from settings import get_settings

    service = BlobServiceClient.from_connection_string(get_settings().storage_connection)
    client = service.get_blob_client(container, blob_name)
    if data is not None:
        upload.setdefault("content_settings", ContentSettings(content_type="image/png"))
        client.upload_blob(data, overwrite=True, **upload)
    app_functions["on_upload"](client)


def put_blob(upload: dict, data: bytes) -> int:
    """PUT bytes to an upload URL with the headers the API said to send; returns the HTTP status."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(upload["upload_url"], data=data, method="PUT", headers=upload["headers"])
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class Browser:
    """One browser calling the app's functions in AUTH_MODE=accounts: it keeps the session cookie it is given,
    and sends its own address and User-Agent as the devhost passes them on.
    """

    def __init__(self, functions, *, address: str = "192.168.1.20", agent: str = "Mozilla/5.0 (iPhone) Safari"):
        self.api = Api(functions)
        self.address = address
        self.agent = agent
        self.cookie: str | None = None

    def __call__(self, name, method="GET", path="/api", *, headers=None, **kwargs) -> Answer:
        sent = {"user-agent": self.agent, "x-forwarded-for": self.address}
        if self.cookie:
            sent["cookie"] = f"snapledger_session={self.cookie}"
        answer = self.api(name, method, path, who=None, headers={**sent, **(headers or {})}, **kwargs)
        set_cookie = answer.headers.get("Set-Cookie")
        if set_cookie:
            self.cookie = set_cookie.split(";", 1)[0].split("=", 1)[1] or None
        return answer

    def sign_in(self, username: str, password: str, *, headers=None, **extra) -> Answer:
        """POST /api/session (`extra` joins the body: otp)."""
        body = {"username": username, "password": password, **extra}
        return self("sign_in", "POST", "/api/session", body=body, headers=headers)


@pytest.fixture(params=["sqlite", "mariadb"])
def accounts_mode(request, monkeypatch, app_env, app_functions):
    """The app in AUTH_MODE=accounts on an empty SQLite file, then on an empty MariaDB database; yields a factory
    of Browsers.
    """
    from records import db
    from settings import get_settings

    if request.param == "mariadb":
        use_mariadb(monkeypatch, request.getfixturevalue("mariadb"), "acc_" + os.urandom(4).hex())
    monkeypatch.setenv("AUTH_MODE", "accounts")
    monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "1000")
    get_settings.cache_clear()
    db.reset_engine()
    yield lambda **kwargs: Browser(app_functions, **kwargs)
    db.reset_engine()
