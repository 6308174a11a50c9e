"""Every app setting SnapLedger reads, in one place (app settings on Azure, environment locally)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

AZURITE_CONNECTION = (
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
    "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
    "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"
)


@dataclass(frozen=True)
class Settings:
    """The typed settings object; build it with `get_settings()`."""

    storage_connection: str | None
    storage_account_name: str | None
    storage_client_id: str | None
    storage_blob_uri: str | None
    uploads_container: str
    mysql_host: str | None
    mysql_port: int
    mysql_user: str | None
    mysql_password: str | None
    mysql_database: str
    mysql_ssl_ca: str | None
    mysql_auth: str
    data_dir: Path
    recognizer: str
    azure_openai_endpoint: str | None
    azure_openai_deployment: str
    azure_openai_api_version: str
    azure_openai_api_key: str | None
    openai_base_url: str | None
    openai_model: str | None
    openai_api_key: str | None
    ledger_tz: str
    auth_mode: str
    max_upload_bytes: int
    sas_minutes: int
    upload_rate_per_minute: int

    @property
    def database_url_kind(self) -> str:
        """'mysql' when MYSQL_HOST is set, else the embedded 'sqlite'."""
        return "mysql" if self.mysql_host else "sqlite"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the environment once and return the settings for this process."""
    storage = _env("AzureWebJobsStorage")
    if storage == "UseDevelopmentStorage=true":
        storage = AZURITE_CONNECTION
    return Settings(
        storage_connection=storage,
        storage_account_name=_env("AzureWebJobsStorage__accountName"),
        storage_client_id=_env("AzureWebJobsStorage__clientId"),
        storage_blob_uri=_env("AzureWebJobsStorage__blobServiceUri"),
        uploads_container=_env("UPLOADS_CONTAINER", "uploads"),
        mysql_host=_env("MYSQL_HOST"),
        mysql_port=int(_env("MYSQL_PORT", "3306")),
        mysql_user=_env("MYSQL_USER"),
        mysql_password=_env("MYSQL_PASSWORD"),
        mysql_database=_env("MYSQL_DATABASE", "snapledger"),
        mysql_ssl_ca=_env("MYSQL_SSL_CA"),
        mysql_auth=_env("MYSQL_AUTH", "password"),
        data_dir=Path(_env("DATA_DIR", ".data")),
        recognizer=_env("RECOGNIZER", "auto"),
        azure_openai_endpoint=_env("AZURE_OPENAI_ENDPOINT"),
        azure_openai_deployment=_env("AZURE_OPENAI_DEPLOYMENT", "gpt-4o"),
        azure_openai_api_version=_env("AZURE_OPENAI_API_VERSION", "2024-10-21"),
        azure_openai_api_key=_env("AZURE_OPENAI_API_KEY"),
        openai_base_url=_env("OPENAI_BASE_URL"),
        openai_model=_env("OPENAI_MODEL"),
        openai_api_key=_env("OPENAI_API_KEY"),
        ledger_tz=_env("LEDGER_TZ", "Asia/Shanghai"),
        auth_mode=_env("AUTH_MODE", "single-user"),
        max_upload_bytes=int(_env("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        sas_minutes=int(_env("UPLOAD_SAS_MINUTES", "10")),
        upload_rate_per_minute=int(_env("UPLOAD_RATE_PER_MINUTE", "30")),
    )
