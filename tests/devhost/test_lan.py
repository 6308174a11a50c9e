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
    # HTTPS by default: the app, Azurite, and the page that offers the certificate on the next port
    assert "BlobEndpoint=https://192.168.1.20:10000/snapledger" in exports["AzureWebJobsStorage"]
    assert exports["DEVHOST_ORIGINS"] == "https://192.168.1.20:7071"
    assert "https://192.168.1.20:7071/" in done.stderr  # the phone's address, with its QR code
    assert "http://192.168.1.20:7072/" in done.stderr  # where the phone gets the certificate, first time only
    assert "█" in done.stderr or "▀" in done.stderr or "▄" in done.stderr


def test_plain_http_is_there_for_whoever_asks_for_it(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "devhost.lan", "--data-dir", str(tmp_path), "--host", "192.168.1.20", "--http"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    exports = dict(line.removeprefix("export ").split("=", 1) for line in done.stdout.splitlines() if line)
    assert "BlobEndpoint=http://192.168.1.20:10000/snapledger" in exports["AzureWebJobsStorage"]
    assert "DEVHOST_TLS_DIR" not in exports and exports["AZURITE_TLS_ARGS"] == "''"
    assert not (tmp_path / "lan-tls").exists()


def test_the_authority_is_made_once_and_a_new_address_gets_a_new_certificate_from_it(tmp_path):
    from cryptography import x509

    from devhost import tls

    first = tls.ensure(tmp_path, ["192.168.1.20", "localhost"])
    authority = first.ca_cert.read_bytes()
    server = first.cert.read_bytes()
    again = tls.ensure(tmp_path, ["192.168.1.20", "localhost"])
    assert again.ca_cert.read_bytes() == authority and again.cert.read_bytes() == server  # nothing to reinstall
    moved = tls.ensure(tmp_path, ["192.168.1.33", "localhost"])
    assert moved.ca_cert.read_bytes() == authority and moved.cert.read_bytes() != server

    for secret in (moved.ca_key, moved.key):
        assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    ca = x509.load_pem_x509_certificate(authority)
    leaf = x509.load_pem_x509_certificate(moved.cert.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["192.168.1.33"]
    # phones refuse server certificates from a personal authority that last longer than 825 days
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days <= 398
    leaf.verify_directly_issued_by(ca)


class TlsAzurite:
    """Azurite serving HTTPS with the install's certificate, under the install's own account."""

    def __init__(self, folder, settings):
        binary = ROOT / "node_modules" / ".bin" / "azurite-blob"
        if not binary.exists():
            pytest.skip("Azurite is not installed")
        self.port = int(settings["AzureWebJobsStorage"].split(":")[-1].split("/")[0])
        self.connection = settings["AzureWebJobsStorage"]
        command = [str(binary), "--blobHost", "127.0.0.1", "--blobPort", str(self.port), "--location",
                   str(folder / "az"), "--skipApiVersionCheck", "--silent",
                   *settings["AZURITE_TLS_ARGS"].split()]  # fmt: skip
        self.proc = subprocess.Popen(
            command, env={**os.environ, "AZURITE_ACCOUNTS": settings["AZURITE_ACCOUNTS"]}, stdout=subprocess.DEVNULL
        )
        wait_port(self.port, seconds=60, proc=self.proc)


@pytest.mark.azurite
def test_over_https_a_phone_that_trusts_the_authority_uploads_and_nothing_is_served_in_plain_text(
    tmp_path, monkeypatch
):
    import http.client
    import ssl
    import urllib.error
    import urllib.request

    import certifi

    from tests.conftest import Devhost
    from tests.fakes.openai_server import FakeOpenAI, model_item
    from tests.http_client import api, put, settled
    from tests.integration.test_devhost_workers import screenshot

    port = free_port()
    settings = lan.settings_for(tmp_path / "data", "127.0.0.1", port, blob_port=free_port(), https=True)
    # The phone (this test's HTTP client) has installed the authority; nothing else trusts it.
    monkeypatch.setenv("SSL_CERT_FILE", settings["REQUESTS_CA_BUNDLE"])
    storage = TlsAzurite(tmp_path, settings)
    with FakeOpenAI() as fake:
        fake.answer({"is_payment": True, "reason": None, "items": [model_item(amount="-12.30")]})
        env = {k: v for k, v in settings.items() if k != "AZURITE_TLS_ARGS"}
        host = Devhost(
            tmp_path,
            storage,
            port,
            RECOGNIZER="llm",
            AZURE_OPENAI_ENDPOINT=fake.azure_endpoint,
            AZURE_OPENAI_DEPLOYMENT=fake.deployment,
            AZURE_OPENAI_API_KEY="test-key",
            **env,
        )
        base = f"https://127.0.0.1:{port}"
        try:
            data = screenshot(3)
            status, started = api(base, "POST", "/api/uploads", {"filename": "a.png", "content_type": "image/png",
                                                                 "size": len(data)})  # fmt: skip
            assert status == 201, started
            assert started["upload_url"].startswith(f"https://127.0.0.1:{storage.port}/")
            assert put(started, data) == 201
            draft = settled(base, started["draft_id"])
            assert draft["status"] == "ready" and draft["items"][0]["fields"]["amount"] == "12.30"

            # http:// typed by hand is sent to the same page over HTTPS; nothing is answered in plain text
            plain = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            plain.request("GET", "/api/records?limit=1")
            moved = plain.getresponse()
            assert (moved.status, moved.getheader("Location")) == (301, f"{base}/api/records?limit=1")
            assert moved.read() == b""
            plain.close()
            untrusting = ssl.create_default_context(cafile=certifi.where())  # the public authorities only
            with pytest.raises(urllib.error.URLError):  # a client that has not installed the authority
                urllib.request.urlopen(f"{base}/api/health", timeout=30, context=untrusting)

            offer = f"http://127.0.0.1:{settings['DEVHOST_CA_PORT']}"
            with urllib.request.urlopen(offer + "/ca.crt", timeout=30) as answer:
                assert answer.read() == (tmp_path / "data" / "lan-tls" / "ca.crt").read_bytes()
            with urllib.request.urlopen(offer + "/", timeout=30) as answer:
                page = answer.read().decode()
            assert "/ca.crt" in page and f"https://127.0.0.1:{port}/" in page
            with pytest.raises(urllib.error.HTTPError) as refused:  # it offers the certificate and nothing else
                urllib.request.urlopen(offer + "/api/records", timeout=30)
            assert refused.value.code == 404
        finally:
            host.stop()
            stop(storage.proc)


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
