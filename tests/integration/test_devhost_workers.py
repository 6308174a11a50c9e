"""The devhost with several worker processes (FUNCTIONS_WORKER_PROCESS_COUNT), as the Functions host runs them."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, Devhost
from tests.fakes.openai_server import FakeOpenAI, model_item
from tests.http_client import api, put, settled

pytestmark = pytest.mark.azurite
UPLOADS = 6


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def workers_of(host: Devhost, count: int) -> list[int]:
    """The devhost's worker processes, once all `count` have started (the port accepts before they fork)."""
    deadline = time.monotonic() + 60
    while len(found := children(host.proc.pid)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(found) == count, found
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[1].split()[0] == "Z")


def all_gone(pids: list[int], seconds: float = 10) -> bool:
    """True once none of `pids` runs any more (they leave as soon as they see the first process gone)."""
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(alive(pid) for pid in pids)


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def screenshot(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((120 + seed, 200), 40).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def start(tmp_path, azurite, fake, workers: str, **env) -> Devhost:
    """A devhost of `workers` processes recognizing with the fake model (and any other settings in `env`)."""
    return Devhost(
        tmp_path,
        azurite,
        RECOGNIZER="llm",
        AZURE_OPENAI_ENDPOINT=fake.azure_endpoint,
        AZURE_OPENAI_DEPLOYMENT=fake.deployment,
        AZURE_OPENAI_API_KEY="test-key",
        UPLOAD_RATE_PER_MINUTE="1000",
        FUNCTIONS_WORKER_PROCESS_COUNT=workers,
        **env,
    )


def test_workers_share_the_port_and_each_upload_is_recognized_once(tmp_path, azurite, fake):
    host = start(tmp_path, azurite, fake, "3")
    try:
        workers = workers_of(host, 3)
        for index in range(UPLOADS):
            fake.answer({"is_payment": True, "reason": None, "items": [model_item(amount=f"-{10 + index}.50")]})
        # Uploads at once from several people's phones, so more than one worker answers.
        started, errors = [], []

        def one(index):
            try:
                data = screenshot(index)
                status, answer = api(
                    host.url,
                    "POST",
                    "/api/uploads",
                    {"filename": "a.png", "content_type": "image/png", "size": len(data)},
                )
                assert status == 201, answer
                assert put(answer, data) == 201
                started.append(answer["draft_id"])
            except Exception as exc:  # reported below, with the others
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(index,)) for index in range(UPLOADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        drafts = [settled(host.url, draft_id) for draft_id in started]
        assert [draft["status"] for draft in drafts] == ["ready"] * UPLOADS, [d["error"] for d in drafts]
        for draft in drafts:
            status, _ = api(host.url, "POST", f"/api/drafts/{draft['id']}/confirm", {"items": draft["items"]})
            assert status == 201
        # Each picture went to the model exactly once, although three processes could have fired the trigger.
        time.sleep(1.5)  # a second firing would come within a few watcher polls
        fake.assert_clean()
        assert len(fake.requests) == UPLOADS
        status, listed = api(host.url, "GET", "/api/records?limit=50")
        assert status == 200
        assert sorted(r["amount"] for r in listed["records"]) == sorted(f"{10 + i}.50" for i in range(UPLOADS))
    finally:
        host.stop()
    assert all_gone(workers), "a worker outlived the devhost"


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["terminated", "killed"])
def test_workers_end_with_the_devhost_however_it_ends(tmp_path, azurite, fake, how):
    host = start(tmp_path, azurite, fake, "2")
    try:
        workers = workers_of(host, 2)
        assert api(host.url, "GET", "/api/health")[0] == 200
        host.proc.send_signal(how)
        host.proc.wait(10)
        assert all_gone(workers)
        assert not accepts(host.port)
    finally:
        host.stop()


def test_a_worker_that_dies_stops_the_devhost_instead_of_serving_half(tmp_path, azurite, fake):
    host = start(tmp_path, azurite, fake, "2")
    try:
        first, second = workers_of(host, 2)
        os.kill(first, signal.SIGKILL)
        assert host.proc.wait(10) == 1
        assert all_gone([second])
    finally:
        host.stop()
    assert "ended unexpectedly" in (tmp_path / "devhost.log").read_text()


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--workers", "0"], {}, "from 1 to 10"),
        (["--workers", "eleven"], {}, "from 1 to 10"),
        ([], {"FUNCTIONS_WORKER_PROCESS_COUNT": "64"}, "FUNCTIONS_WORKER_PROCESS_COUNT"),
    ],
    ids=["zero", "words", "setting-too-high"],
)
def test_a_bad_worker_count_is_refused_before_anything_starts(args, env, message):
    run = subprocess.run(
        [sys.executable, "-m", "devhost", "--port", "1", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert message in run.stderr


def test_supervision_waits_for_its_workers_only():
    from types import SimpleNamespace

    from devhost.server import supervise

    worker = subprocess.Popen(["sleep", "60"])
    other = subprocess.Popen(["true"])  # e.g. the Azure CLI run by the trigger's credential, ending at once
    server = SimpleNamespace(worker_pids=[worker.pid])
    answer = []
    watching = threading.Thread(target=lambda: answer.append(supervise(server, every=0.05)), daemon=True)
    watching.start()
    assert other.wait(10) == 0  # its owner still gets its exit status
    time.sleep(0.5)
    assert watching.is_alive(), "an unrelated child ending stopped the devhost"
    worker.kill()
    watching.join(10)
    assert answer == [1] and server.worker_pids == []
