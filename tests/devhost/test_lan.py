"""Serving phones at home (`make lan`): this install's own Azurite account, kept private; the LAN address only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from devhost import lan
from tests.conftest import AZURITE_CONNECTION, ROOT, free_port, stop, wait_port


def test_the_account_is_made_once_kept_private_and_reused(tmp_path):
    first = lan.azurite_account(tmp_path)
    again = lan.azurite_account(tmp_path)

    assert first == again
    assert first[0].startswith("snapledger") and len(first[1]) >= 80
    assert stat.S_IMODE(os.stat(tmp_path / "azurite-account").st_mode) == 0o600
    assert first[1] not in AZURITE_CONNECTION  # never the key every Azurite ships with


def test_the_exports_answer_only_to_the_lan_address(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "devhost.lan", "--data-dir", str(tmp_path), "--host", "192.168.1.20", "--port", "7071"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    exports = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines() if line)
    assert exports["ALLOWED_HOSTS"] == "192.168.1.20"
    assert "BlobEndpoint=http://192.168.1.20:10000/snapledger" in exports["AzureWebJobsStorage"]
    assert "http://192.168.1.20:7071/" in done.stderr  # the phone's address, with its QR code
    assert "█" in done.stderr or "▀" in done.stderr or "▄" in done.stderr


@pytest.mark.azurite
def test_azurite_with_the_installs_account_refuses_the_published_key(tmp_path):
    from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
    from azure.storage.blob import BlobServiceClient

    binary = ROOT / "node_modules" / ".bin" / "azurite-blob"
    if not binary.exists():
        pytest.skip("Azurite is not installed")
    port = free_port()
    mine = lan.settings_for(tmp_path / "data", "127.0.0.1", 7071, blob_port=port)
    env = {**os.environ, "AZURITE_ACCOUNTS": mine["AZURITE_ACCOUNTS"]}
    command = [str(binary), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location", str(tmp_path / "az"),
               "--skipApiVersionCheck", "--silent"]  # fmt: skip
    proc = subprocess.Popen(command, env=env)
    try:
        wait_port(port, seconds=60, proc=proc)
        own = BlobServiceClient.from_connection_string(mine["AzureWebJobsStorage"])
        own.create_container("uploads")
        own.get_blob_client("uploads", "a.png").upload_blob(b"x")
        published = BlobServiceClient.from_connection_string(AZURITE_CONNECTION.replace(":10000/", f":{port}/"))
        with pytest.raises((ClientAuthenticationError, HttpResponseError)):
            list(published.list_containers())
    finally:
        stop(proc)  # Azurite can take its time closing on a busy machine: terminate, then kill
