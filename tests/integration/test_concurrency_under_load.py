"""A burst of uploads and confirms from many phones, on three worker processes, while every core is busy with
other work (the test makes that load itself): no request fails, on SQLite and on MariaDB.

A busy database waits and retries what is safe to retry (handlers/responses.py) instead of answering 503, so a
person uploading a burst of screenshots on a busy laptop loses nothing and sees no error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from tests.fakes.openai_server import FakeOpenAI, model_item
from tests.http_client import api, put, settled
from tests.integration.test_devhost_workers import screenshot, start

pytestmark = pytest.mark.azurite
PHONES = 12
WORKERS = "3"


def burners() -> list[subprocess.Popen]:
    """One busy-looping process per core, for as long as the test runs."""
    count = os.cpu_count() or 2
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def database_env(kind: str, request) -> dict:
    if kind == "sqlite":
        return {}
    server = request.getfixturevalue("mariadb")
    name = "load_" + os.urandom(4).hex()
    server.sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4;")
    return {
        "MYSQL_HOST": "127.0.0.1",
        "MYSQL_PORT": str(server.port),
        "MYSQL_USER": server.user,
        "MYSQL_PASSWORD": server.password,
        "MYSQL_DATABASE": name,
        "MYSQL_SSL_CA": str(server.ca),
    }


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_a_burst_of_uploads_and_confirms_under_load_gives_no_error(tmp_path, azurite, request, kind):
    with FakeOpenAI() as fake:
        for index in range(PHONES):
            fake.answer({"is_payment": True, "reason": None, "items": [model_item(amount=f"-{20 + index}.10")]})
        host = start(tmp_path, azurite, fake, WORKERS, **database_env(kind, request))
        load = burners()
        failures: list[str] = []
        saved: list[str] = []
        try:

            def phone(index: int) -> None:
                try:
                    data = screenshot(index)
                    body = {"filename": f"s{index}.png", "content_type": "image/png", "size": len(data)}
                    status, started = api(host.url, "POST", "/api/uploads", body)
                    if status != 201:
                        failures.append(f"upload {index}: {status} {started}")
                        return
                    put(started, data)
                    draft = settled(host.url, started["draft_id"], seconds=240)
                    status, answer = api(
                        host.url, "POST", f"/api/drafts/{draft['id']}/confirm", {"items": draft["items"]}
                    )
                    if status != 201:
                        failures.append(f"confirm {index}: {status} {answer}")
                        return
                    status, page = api(host.url, "GET", "/api/records?limit=5")
                    if status != 200:
                        failures.append(f"list {index}: {status} {page}")
                        return
                    saved.append(answer["records"][0]["amount"])
                except Exception as exc:  # every failure is reported below, not just the first
                    failures.append(f"phone {index}: {exc!r}")

            threads = [threading.Thread(target=phone, args=(i,)) for i in range(PHONES)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(300)
        finally:
            for burner in load:
                burner.kill()
                burner.wait()
            host.stop()
        assert failures == []
        assert sorted(saved) == sorted(f"{20 + i}.10" for i in range(PHONES))
