"""Every app setting SnapLedger reads, in one place (app settings on Azure, environment locally)."""

from __future__ import annotations

import os
import re
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
    mysql_pool_size: int
    mysql_max_overflow: int
    data_dir: Path
    recognizer: str
    azure_openai_endpoint: str | None
    azure_openai_deployment: str
    azure_openai_api_version: str
    azure_openai_api_key: str | None
    model_kind: str
    reasoning_effort: str
    openai_base_url: str | None
    openai_model: str | None
    openai_api_key: str | None
    ledger_tz: str
    auth_mode: str
    session_days: int
    platform_auth_enabled: bool
    allowed_hosts: tuple[str, ...]
    max_upload_bytes: int
    sas_minutes: int
    upload_rate_per_minute: int
    image_retention_days: int
    backup_keep: int
    import_rate_per_minute: int
    retry_rate_per_minute: int
    export_rate_per_minute: int

    @property
    def uses_reasoning_model(self) -> bool:
        """Whether the model is a reasoning model (no temperature; max_completion_tokens, reasoning_effort).

        `AZURE_OPENAI_MODEL_KIND` says so (`chat` | `reasoning`); left at `auto`, the model's name decides:
        the GPT-5 family and the o-series reason, GPT-4o, GPT-4.1 and local vision models chat.
        """
        if self.model_kind in ("chat", "reasoning"):
            return self.model_kind == "reasoning"
        name = (self.openai_model if self.openai_base_url else self.azure_openai_deployment) or ""
        return bool(re.match(r"(gpt-5|o[1-9])", name.strip().lower()))

    @property
    def database_url_kind(self) -> str:
        """'mysql' when MYSQL_HOST is set, else the embedded 'sqlite'."""
        return "mysql" if self.mysql_host else "sqlite"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def _hosts(value: str | None, auth_mode: str) -> tuple[str, ...]:
    """The host names (without port) the app answers to: `ALLOWED_HOSTS` (comma-separated, `*` for any) plus the
    loopback names, which are always allowed. Behind App Service Authentication the platform only routes the
    site's own host names, so there the default is any.
    """
    if value is None and auth_mode == "easyauth":
        return ("*",)
    named = tuple(h.strip().lower() for h in (value or "").split(",") if h.strip())
    return LOOPBACK_HOSTS + tuple(h for h in named if h not in LOOPBACK_HOSTS)


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
        mysql_pool_size=int(_env("MYSQL_POOL_SIZE", "2")),
        mysql_max_overflow=int(_env("MYSQL_MAX_OVERFLOW", "3")),
        data_dir=Path(_env("DATA_DIR", ".data")),
        recognizer=_env("RECOGNIZER", "auto"),
        azure_openai_endpoint=_env("AZURE_OPENAI_ENDPOINT"),
        azure_openai_deployment=_env("AZURE_OPENAI_DEPLOYMENT", "gpt-5.4-mini"),
        azure_openai_api_version=_env("AZURE_OPENAI_API_VERSION", "2025-04-01-preview"),
        azure_openai_api_key=_env("AZURE_OPENAI_API_KEY"),
        model_kind=_env("AZURE_OPENAI_MODEL_KIND", "auto"),
        reasoning_effort=_env("AZURE_OPENAI_REASONING_EFFORT", "low"),
        openai_base_url=_env("OPENAI_BASE_URL"),
        openai_model=_env("OPENAI_MODEL"),
        openai_api_key=_env("OPENAI_API_KEY"),
        ledger_tz=_env("LEDGER_TZ", "Asia/Shanghai"),
        # accounts: people sign in with a password (the embedded default); single-user: one local owner, no
        # sign-in (tests, scripts); easyauth: App Service Authentication on Azure.
        auth_mode=_env("AUTH_MODE", "accounts"),
        session_days=int(_env("SESSION_DAYS", "30")),
        # App Service sets WEBSITE_AUTH_ENABLED=True when App Service Authentication (Easy Auth) is on.
        platform_auth_enabled=(_env("WEBSITE_AUTH_ENABLED") or "").lower() == "true",
        allowed_hosts=_hosts(_env("ALLOWED_HOSTS"), _env("AUTH_MODE", "accounts")),
        max_upload_bytes=int(_env("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))),
        sas_minutes=int(_env("UPLOAD_SAS_MINUTES", "10")),
        upload_rate_per_minute=int(_env("UPLOAD_RATE_PER_MINUTE", "30")),
        # The same name azd passes to the storage lifecycle rule (infra/main.parameters.json).
        image_retention_days=int(_env("IMAGE_RETENTION_DAYS", "30")),
        backup_keep=int(_env("BACKUP_KEEP", "14")),
        import_rate_per_minute=int(_env("IMPORT_RATE_PER_MINUTE", "10")),
        retry_rate_per_minute=int(_env("RETRY_RATE_PER_MINUTE", "10")),
        export_rate_per_minute=int(_env("EXPORT_RATE_PER_MINUTE", "20")),
    )
