"""The database engine (MySQL over verified TLS, or the embedded SQLite) and schema migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import ssl
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from settings import get_settings

logger = logging.getLogger(__name__)

# Azure Database for MySQL closes idle connections after wait_timeout (default 8 h, often set lower) and its
# gateway drops idle TCP after about 30 minutes: recycle well below that and ping before use.
POOL_RECYCLE_SECONDS = 300


POOL_WAIT_SECONDS = 10  # how long a request waits for a free connection before it is told to retry
ENTRA_SCOPE = "https://ossrdbms-aad.database.windows.net/.default"
MIGRATION_LOCK = "snapledger_migrations"
MIGRATIONS = Path(__file__).parent / "migrations"

_lock = threading.Lock()
_engine: sa.Engine | None = None


def mysql_ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """A TLS context that verifies the server certificate and host name against `ca_file` (default: certifi)."""
    if not ca_file:
        import certifi

        ca_file = certifi.where()
    context = ssl.create_default_context(cafile=ca_file)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class EntraPassword:
    """Hands out a Microsoft Entra access token for MySQL, fetched again shortly before it expires."""

    def __init__(self, credential=None):
        self._credential = credential
        self._token = None
        self._lock = threading.Lock()

    def __call__(self) -> str:
        """The current token string, refreshed five minutes before expiry."""
        with self._lock:
            if self._token is None or self._token.expires_on - time.time() < 300:
                if self._credential is None:
                    from azure.identity import DefaultAzureCredential

                    self._credential = DefaultAzureCredential()
                self._token = self._credential.get_token(ENTRA_SCOPE)
            return self._token.token


def build_engine(settings, *, password_provider=None) -> sa.Engine:
    """Create the engine for these settings; MySQL always uses verified TLS."""
    if settings.mysql_host:
        url = sa.URL.create(
            "mysql+pymysql",
            username=settings.mysql_user,
            host=settings.mysql_host,
            port=settings.mysql_port,
            database=settings.mysql_database,
            query={"charset": "utf8mb4"},
        )
        context = mysql_ssl_context(settings.mysql_ssl_ca)
        if settings.mysql_auth == "entra":
            password_provider = password_provider or EntraPassword()
        engine = sa.create_engine(
            url,
            connect_args={"ssl": context, "connect_timeout": 10},
            pool_pre_ping=True,
            pool_recycle=POOL_RECYCLE_SECONDS,
            # The connection budget (README): instances × (pool + overflow) stays under max_connections.
            pool_size=settings.mysql_pool_size,
            max_overflow=settings.mysql_max_overflow,
            pool_timeout=POOL_WAIT_SECONDS,
            hide_parameters=True,  # statement parameters are people's merchants, memos and amounts
        )
        static_password = settings.mysql_password or ""

        @sa.event.listens_for(engine, "do_connect")
        def _password(dialect, conn_rec, cargs, cparams):
            # Entra tokens expire hourly, so the password is looked up for each new connection.
            cparams["password"] = password_provider() if password_provider else static_password

        return engine
    data_dir = Path(settings.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        f"sqlite:///{data_dir / 'snapledger.sqlite3'}", connect_args={"timeout": 30}, hide_parameters=True
    )

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below take over transaction control
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        # IMMEDIATE takes the write lock up front, so read-then-write transactions (confirm) serialize.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (the newest by default), in place; safe when processes start at once.

    Alembic runs SQLite's DDL outside one transaction, so two worker processes migrating a new file at once
    would both create the same table: SQLite migrations hold an exclusive lock on a file beside the database,
    as MySQL's hold GET_LOCK.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _sqlite_migration_lock(engine), engine.connect() as conn:
        if conn.dialect.name == "mysql":
            conn.exec_driver_sql(f"SELECT GET_LOCK('{MIGRATION_LOCK}', 120)")
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
        finally:
            if conn.dialect.name == "mysql":
                conn.exec_driver_sql(f"SELECT RELEASE_LOCK('{MIGRATION_LOCK}')")


@contextlib.contextmanager
def _sqlite_migration_lock(engine: sa.Engine):
    """Hold an exclusive OS lock on `<database>.migrate.lock` (SQLite files only; a no-op otherwise)."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate.lock", "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - the devhost on Windows
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ten seconds; a migration may take longer
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def get_engine() -> sa.Engine:
    """The process-wide engine, built and migrated on first use."""
    global _engine
    with _lock:
        if _engine is None:
            engine = build_engine(get_settings())
            migrate(engine)
            _engine = engine
        return _engine


def ping(engine: sa.Engine) -> None:
    """Raise unless the database answers a trivial query (the health check)."""
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))


def reset_engine() -> None:
    """Forget the process-wide engine (tests, or after settings change)."""
    global _engine
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None


def known_revisions() -> set[str]:
    """Every schema revision the migrations know (a database at any of them can be migrated to the newest)."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
