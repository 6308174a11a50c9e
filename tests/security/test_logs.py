"""Logs never hold a secret or an image: a whole upload, recognition by the model and confirm on MariaDB."""

from __future__ import annotations

import base64
import logging
import os
import urllib.parse

import pytest

from tests.conftest import AZURITE_CONNECTION
from tests.fakes.openai_server import model_item
from tests.security.conftest import ITEM, Api, put_blob, trigger, use_mariadb

pytestmark = [pytest.mark.azurite, pytest.mark.mariadb]
API_KEY = "sk-test-0123456789-secret-key"


def signatures(url: str) -> list[str]:
    sig = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))["sig"]
    return [sig, urllib.parse.quote(sig, safe=""), urllib.parse.quote(sig)]


def test_no_password_key_signature_or_image_bytes_reach_the_log(
    monkeypatch, app_env, app_functions, mariadb, fake_openai, caplog
):
    from records import db
    from settings import get_settings
    from tests.fixtures.render import render_png

    use_mariadb(monkeypatch, mariadb, "logs_" + os.urandom(4).hex())
    monkeypatch.setenv("RECOGNIZER", "llm")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", fake_openai.azure_endpoint)
    monkeypatch.setenv("AZURE_OPENAI_DEPLOYMENT", fake_openai.deployment)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "1000")
    get_settings.cache_clear()
    db.reset_engine()
    # What the Functions host keeps by default (Information), and everything our own packages say.
    caplog.set_level(logging.INFO)
    for name in ("handlers", "records", "recognize", "devhost"):
        caplog.set_level(logging.DEBUG, logger=name)
    api = Api(app_functions)

    image = render_png("wechat_detail", merchant="瑞幸咖啡", amount="23.90", occurred_at="2026-11-03 08:15:42")
    fake_openai.rate_limited(retry_after_ms="10")
    fake_openai.answer({"is_payment": True, "reason": None, "items": [model_item()]})
    started = api(
        "create_upload", "POST", body={"filename": "pay.png", "content_type": "image/png", "size": len(image)}, who=None
    )
    assert started.status == 201
    assert put_blob(started.body, image) == 201
    blob = urllib.parse.unquote(urllib.parse.urlsplit(started.body["upload_url"]).path.split("/uploads/", 1)[1])
    trigger(app_functions, blob)
    draft = api("get_draft", route_params={"id": started.body["draft_id"]}, who=None).body
    assert draft["status"] == "ready", draft["error"]
    saved = api("confirm_draft", "POST", route_params={"id": draft["id"]}, body={"items": [{"fields": ITEM}]}, who=None)
    assert saved.status == 201
    # A refused password is logged as a failure, never with the password.
    monkeypatch.setenv("MYSQL_PASSWORD", "wrong-" + mariadb.password)
    get_settings.cache_clear()
    db.reset_engine()
    assert api("list_records", who=None).status == 503
    assert api("health", who=None).status == 503

    sent = fake_openai.requests[-1].message("user")["content"][1]["image_url"]["url"]
    assert sent.startswith("data:image/jpeg;base64,")
    log = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "429" in log  # the retry was logged, so this test does look at a log with content
    secrets = {
        "MySQL password": mariadb.password,
        "OpenAI key": API_KEY,
        "storage account key": AZURITE_CONNECTION.split("AccountKey=")[1].split(";")[0],
    }
    for sig in signatures(started.body["upload_url"]) + signatures(draft["image_url"]):
        secrets["SAS signature"] = sig
        assert sig not in log, "a SAS signature was logged"
    for what, secret in secrets.items():
        assert secret not in log, f"the {what} was logged"
    image_b64 = base64.b64encode(image).decode()
    for what, chunk in {
        "image sent to the model": sent[40:120],
        "image as base64": image_b64[40:120],
        "image bytes": repr(image[16:64])[2:-1],
        "image hex": image[16:48].hex(),
    }.items():
        assert chunk not in log, f"the {what} was logged"


@pytest.mark.parametrize("easyauth", ["sqlite", "mariadb"], indirect=True)
def test_a_database_error_logs_the_statement_but_never_the_persons_values(easyauth, caplog, monkeypatch):
    import sqlalchemy as sa

    from handlers import records as handler
    from records.db import get_engine
    from records.schema import records

    secret = "秘密的牙科诊所 Dr. Zhang"
    created = easyauth("create_record", "POST", body=ITEM).body

    def clashing(*args, **kwargs):
        # The same primary key again: a real IntegrityError from the driver, carrying the row's values.
        with get_engine().begin() as conn:
            source = conn.execute(sa.select(records).where(records.c.id == created["id"])).mappings().one()
            row = {**source, "merchant": secret, "memo": secret}
            conn.execute(records.insert().values(**row))

    monkeypatch.setattr(handler.ledger, "create", clashing)
    caplog.set_level(logging.DEBUG)
    answer = easyauth("create_record", "POST", body={**ITEM, "merchant": secret})

    assert (answer.status, answer.code) == (500, "internal")
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records) + caplog.text
    assert "INSERT INTO records" in logged  # the statement is there to debug with
    assert secret not in logged and "Dr. Zhang" not in logged
