"""Without an account key (as on Azure), upload URLs are user-delegation SAS signed with the identity's token.

Azurite with `--oauth basic` over HTTPS issues real user delegation keys; only the Entra token is faked.
"""

import base64
import dataclasses
import json
import os
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from azure.core.credentials import AccessToken

from records import storage
from settings import get_settings
from tests.conftest import Azurite

pytestmark = pytest.mark.azurite
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


class OAuthAzurite(Azurite):
    """Azurite over HTTPS with its basic OAuth check (audience, issuer, expiry) switched on."""

    def __init__(self, location):
        command = "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
        subprocess.run(
            ["openssl", *command.split(), "-keyout", "key.pem", "-out", "cert.pem"],
            cwd=location,
            check=True,
            capture_output=True,
        )
        self.cert = location / "cert.pem"
        self.extra = ["--oauth", "basic", "--cert", str(self.cert), "--key", str(location / "key.pem")]
        super().__init__(location)


class EntraToken:
    """Stands in for the managed identity: hands out an Entra-shaped token for Azure Storage."""

    def get_token(self, *scopes, **kwargs):
        assert scopes == ("https://storage.azure.com/.default",)
        now = int(time.time())
        claims = {
            "aud": "https://storage.azure.com",
            "iss": f"https://sts.windows.net/{TENANT}/",
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "oid": "11111111-2222-3333-4444-555555555555",
            "tid": TENANT,
        }
        header = {"alg": "RS256", "typ": "JWT"}
        return AccessToken(f"{_b64(header)}.{_b64(claims)}.signature", now + 3600)


def _b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")


@pytest.fixture
def settings(tmp_path, monkeypatch):
    server = OAuthAzurite(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.cert))
    storage.reset_service()
    settings = dataclasses.replace(
        get_settings(),
        storage_connection=None,
        storage_blob_uri=f"https://127.0.0.1:{server.port}/devstoreaccount1",
        uploads_container="uploads",
    )
    storage.get_service(settings, credential=EntraToken()).create_container("uploads")
    yield settings
    storage.reset_service()
    server.stop()


def put(url, data=b"\x89PNG\r\n\x1a\n"):
    request = urllib.request.Request(url, data=data, method="PUT", headers={"x-ms-blob-type": "BlockBlob"})
    context = ssl.create_default_context(cafile=os.environ["REQUESTS_CA_BUNDLE"])
    try:
        return urllib.request.urlopen(request, context=context).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_upload_urls_are_user_delegation_sas_for_one_blob(settings):
    url, _ = storage.upload_url(settings, "alice/66666666-6666-6666-6666-666666666666.png")
    assert "skoid=11111111-2222-3333-4444-555555555555" in url  # signed with the identity's delegation key
    assert "spr=https" in url
    assert put(url) == 201
    assert put(url.replace("66666666-6666-6666-6666-666666666666", "77777777-7777-7777-7777-777777777777")) == 403
    facts = storage.blob_facts(settings, "alice/66666666-6666-6666-6666-666666666666.png")
    assert storage.read_checked(settings, "alice/66666666-6666-6666-6666-666666666666.png", facts)


def test_the_delegation_key_is_reused_across_urls(settings):
    first, _ = storage.upload_url(settings, "alice/a.png")
    key = storage._delegation["key"]
    second = storage.read_url(settings, "alice/a.png")
    assert storage._delegation["key"] is key
    assert "skoid=" in first and "skoid=" in second
