"""Helpers for fault injection: servers of our own that a test may stop, and the app pointed at them."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import MariaDB
from tests.security.conftest import Api, use_mariadb


def root_query(server: MariaDB, sql: str) -> list[list[str]]:
    """Rows of a query run as root over the server's Unix socket."""
    client = shutil.which("mariadb") or shutil.which("mysql")
    # The client reads MYSQL_HOST / MYSQL_PWD from the environment and would follow them to another server.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}
    command = [client, "--protocol=socket", f"--socket={server.socket}", "-uroot", "-N", "-B", "-e", sql]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        raise RuntimeError(f"{sql}: {done.stderr}")
    return [line.split("\t") for line in done.stdout.splitlines() if line]


@pytest.fixture(scope="module")
def own_mariadb(tmp_path_factory):
    """A MariaDB only this module uses, so stopping it breaks no other test."""
    if not (shutil.which("mariadbd") or os.path.exists("/usr/sbin/mariadbd")):
        pytest.skip("mariadbd is not installed")
    server = MariaDB(tmp_path_factory.mktemp("faultdb"))
    yield server
    server.stop()


@pytest.fixture
def app_on(monkeypatch, app_env, app_functions):
    """Point the app (single-user) at a fresh database on a given MariaDB; returns an Api."""
    from records import db
    from settings import get_settings

    def on(server: MariaDB | None) -> Api:
        if server is not None:
            use_mariadb(monkeypatch, server, "f_" + os.urandom(4).hex())
        monkeypatch.setenv("UPLOAD_RATE_PER_MINUTE", "1000")
        get_settings.cache_clear()
        db.reset_engine()
        return Api(app_functions)

    yield on
    db.reset_engine()
