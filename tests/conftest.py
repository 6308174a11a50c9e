"""Shared fixtures: real SQLite files, a real MariaDB over TLS, a real Azurite, the devhost."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from settings import AZURITE_CONNECTION, get_settings  # noqa: E402

# The fake Azure OpenAI server (speaks chat-completions; fails loudly on anything unexpected) as fixture `fake_openai`.
pytest_plugins = ("tests.fakes.openai_server",)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, seconds: float = 30, proc: subprocess.Popen | None = None) -> None:
    """Block until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def stop(proc: subprocess.Popen) -> None:
    """Terminate a child process and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- Azurite


class Azurite:
    """A running azurite-blob process on its own port and folder."""

    extra: tuple = ()

    def __init__(self, location: Path):
        self.location = location
        self.port = free_port()
        self.proc = None
        self.start()

    @property
    def connection(self) -> str:
        return AZURITE_CONNECTION.replace(":10000/", f":{self.port}/")

    def start(self) -> None:
        binary = ROOT / "node_modules" / ".bin" / "azurite-blob"
        if not binary.exists():
            pytest.skip("Azurite is not installed (make test runs npm install)")
        self.proc = subprocess.Popen(
            [
                str(binary),
                "--blobHost",
                "127.0.0.1",
                "--blobPort",
                str(self.port),
                "--location",
                str(self.location),
                "--skipApiVersionCheck",
                "--silent",
                *self.extra,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, proc=self.proc)

    def stop(self) -> None:
        stop(self.proc)


@pytest.fixture(scope="session")
def azurite(tmp_path_factory):
    """A real Azurite blob service for the session."""
    server = Azurite(tmp_path_factory.mktemp("azurite"))
    yield server
    server.stop()


# ---------------------------------------------------------------- MariaDB over TLS


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_ca(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed CA (cert, key) in `folder`."""
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        f"/CN={name}",
        "-keyout",
        f"{name}.key",
        "-out",
        f"{name}.pem",
        cwd=folder,
    )
    return folder / f"{name}.pem", folder / f"{name}.key"


def make_server_cert(folder: Path, ca: tuple[Path, Path]) -> tuple[Path, Path]:
    """A server certificate for 127.0.0.1/localhost signed by `ca`."""
    ext = folder / "san.ext"
    ext.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        cwd=folder,
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        str(ca[0]),
        "-CAkey",
        str(ca[1]),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        str(ext),
        "-out",
        "server.pem",
        cwd=folder,
    )
    return folder / "server.pem", folder / "server.key"


class MariaDB:
    """A mariadbd of our own: free port, generated certificates, --require-secure-transport=ON."""

    user = "snapledger"
    password = "test-only-password"

    def __init__(self, folder: Path):
        self.folder = folder
        self.datadir = folder / "data"
        self.socket = folder / "mysqld.sock"
        self.port = free_port()
        self.ca, ca_key = make_ca(folder, "ca")
        self.wrong_ca, _ = make_ca(folder, "otherca")
        self.cert, self.key = make_server_cert(folder, (self.ca, ca_key))
        install = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
        subprocess.run(
            [
                install,
                "--no-defaults",
                f"--datadir={self.datadir}",
                "--user=root",
                "--auth-root-authentication-method=socket",
                "--skip-test-db",
            ],
            check=True,
            capture_output=True,
        )
        self.proc = None
        self.start()
        self.sql(
            f"CREATE USER '{self.user}'@'%' IDENTIFIED BY '{self.password}' REQUIRE SSL;"
            f"CREATE DATABASE IF NOT EXISTS snapledger_test CHARACTER SET utf8mb4;"
            f"GRANT ALL ON *.* TO '{self.user}'@'%';"
        )

    def start(self) -> None:
        mariadbd = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
        self.proc = subprocess.Popen(
            [
                mariadbd,
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--socket={self.socket}",
                f"--port={self.port}",
                "--bind-address=127.0.0.1,127.0.0.2",
                "--user=root",
                f"--ssl-ca={self.ca}",
                f"--ssl-cert={self.cert}",
                f"--ssl-key={self.key}",
                "--require-secure-transport=ON",
                "--skip-name-resolve",
                f"--pid-file={self.folder / 'mysqld.pid'}",
                f"--log-error={self.folder / 'error.log'}",
                "--innodb-buffer-pool-size=32M",
                "--max-connections=200",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port, seconds=60, proc=self.proc)

    def stop(self) -> None:
        stop(self.proc)

    def sql(self, statements: str) -> None:
        """Run SQL as root over the Unix socket (the only way in without TLS)."""
        client = shutil.which("mariadb") or shutil.which("mysql")
        # The client would follow MYSQL_HOST/MYSQL_TCP_PORT from a test's environment instead of our socket.
        env = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}
        subprocess.run(
            [client, f"--socket={self.socket}", "-uroot", "-e", statements], check=True, capture_output=True, env=env
        )

    def settings(self, database: str = "snapledger_test", **overrides):
        """App settings pointing at this server over verified TLS."""
        values = {
            "mysql_host": "127.0.0.1",
            "mysql_port": self.port,
            "mysql_user": self.user,
            "mysql_password": self.password,
            "mysql_database": database,
            "mysql_ssl_ca": str(self.ca),
        }
        return dataclasses.replace(get_settings(), **{**values, **overrides})


@pytest.fixture(scope="session")
def mariadb(tmp_path_factory):
    """A MariaDB server that only speaks TLS, for the session."""
    if not (shutil.which("mariadbd") or Path("/usr/sbin/mariadbd").exists()):
        pytest.skip("mariadbd is not installed (make test installs mariadb-server)")
    server = MariaDB(tmp_path_factory.mktemp("mariadb"))
    yield server
    server.stop()


# ---------------------------------------------------------------- engines and app settings


def _fresh_mysql_database(server: MariaDB, name: str):
    server.sql(f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name} CHARACTER SET utf8mb4;")
    return server.settings(database=name)


@pytest.fixture(params=["sqlite", "mariadb"])
def db_settings(request, tmp_path):
    """Settings for an empty database: a SQLite file, then a fresh database on MariaDB over TLS."""
    if request.param == "sqlite":
        return dataclasses.replace(get_settings(), data_dir=tmp_path, mysql_host=None)
    server = request.getfixturevalue("mariadb")
    return _fresh_mysql_database(server, "t_" + os.urandom(4).hex())


@pytest.fixture
def engine(db_settings):
    """A migrated engine on the database of `db_settings`."""
    from records import db

    engine = db.build_engine(db_settings)
    db.migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def app_env(monkeypatch, tmp_path, azurite):
    """Point the process-wide settings at a fresh SQLite file and the session's Azurite; yields the settings."""
    from records import db, storage

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("AzureWebJobsStorage", azurite.connection)
    monkeypatch.setenv("UPLOADS_CONTAINER", "uploads")
    monkeypatch.delenv("MYSQL_HOST", raising=False)
    monkeypatch.setenv("AUTH_MODE", "single-user")
    get_settings.cache_clear()
    db.reset_engine()
    storage.reset_service()
    from handlers.site import content_security_policy

    content_security_policy.cache_clear()
    from devhost.azurite import provision

    provision(azurite.connection, "uploads", ["http://localhost:7071"])
    yield get_settings()
    db.reset_engine()
    storage.reset_service()
    get_settings.cache_clear()


# ---------------------------------------------------------------- the devhost over real HTTP


class Devhost:
    """`python -m devhost` in a child process, on the embedded default."""

    def __init__(self, folder: Path, azurite: Azurite, port: int | None = None, **env):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {
            **os.environ,
            "DATA_DIR": str(folder / "data"),
            "AzureWebJobsStorage": azurite.connection,
            "UPLOADS_CONTAINER": "uploads",
            "RECOGNIZER": "ocr",
            "AUTH_MODE": "single-user",
            "DEVHOST_ORIGINS": f"http://localhost:{self.port}",
            **env,
        }
        if "MYSQL_HOST" not in env:
            environment.pop("MYSQL_HOST", None)
        self.log = open(folder / "devhost.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devhost", "--port", str(self.port)],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_port(self.port, seconds=60, proc=self.proc)

    def stop(self) -> None:
        stop(self.proc)
        self.log.close()


@pytest.fixture(scope="session")
def devhost(tmp_path_factory, azurite):
    """The devhost serving the app over real HTTP for the session."""
    host = Devhost(tmp_path_factory.mktemp("devhost"), azurite)
    yield host
    host.stop()


@pytest.fixture(scope="session")
def devhost_url(devhost):
    """The base URL of the session's devhost (no trailing slash)."""
    return devhost.url


@pytest.fixture(scope="session")
def app_function_metadata():
    """function_app.app's functions, read once as the Functions host does (azure-functions refuses a second read)."""
    import function_app

    return function_app.app.get_functions()


@pytest.fixture(scope="session")
def app_functions(app_function_metadata):
    """The app's functions by name, as the Functions host calls them."""
    return {fn.get_function_name(): fn.get_user_function() for fn in app_function_metadata}


def http_request(method: str, url: str, *, body=None, params=None, route_params=None, headers=None):
    """A real azure.functions.HttpRequest with a JSON (or raw bytes) body."""
    import json

    import azure.functions as func

    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
    return func.HttpRequest(
        method=method,
        url=url,
        headers={"content-type": "application/json", **(headers or {})},
        params=params or {},
        route_params=route_params or {},
        body=raw,
    )
