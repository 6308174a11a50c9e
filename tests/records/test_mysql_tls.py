"""MySQL connections always use verified TLS: plain is refused, a wrong CA fails, a verified one works."""

import dataclasses

import pymysql
import pytest
import sqlalchemy as sa

from records import db

pytestmark = pytest.mark.mariadb


def test_plain_connection_is_refused(mariadb):
    with pytest.raises(pymysql.err.OperationalError) as caught:
        pymysql.connect(
            host="127.0.0.1", port=mariadb.port, user=mariadb.user, password=mariadb.password, ssl_disabled=True
        )
    assert caught.value.args[0] in (1045, 3159, 1105)


def test_verified_tls_connection_works(mariadb):
    engine = db.build_engine(mariadb.settings())
    with engine.connect() as conn:
        cipher = conn.execute(sa.text("SHOW STATUS LIKE 'Ssl_cipher'")).one()[1]
        version = conn.execute(sa.text("SHOW STATUS LIKE 'Ssl_version'")).one()[1]
    engine.dispose()
    assert cipher
    assert version in ("TLSv1.2", "TLSv1.3")


def test_wrong_ca_fails(mariadb):
    engine = db.build_engine(mariadb.settings(mysql_ssl_ca=str(mariadb.wrong_ca)))
    with pytest.raises(sa.exc.OperationalError) as caught:
        engine.connect()
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


def test_default_ca_is_certifi_and_refuses_a_private_ca(mariadb):
    engine = db.build_engine(dataclasses.replace(mariadb.settings(), mysql_ssl_ca=None))
    with pytest.raises(sa.exc.OperationalError, match="CERTIFICATE_VERIFY_FAILED"):
        engine.connect()


def test_host_name_is_verified(mariadb):
    # The certificate names 127.0.0.1 and localhost; the same server reached as another name must fail.
    context = db.mysql_ssl_context(str(mariadb.ca))
    with pytest.raises(pymysql.err.OperationalError) as caught:
        pymysql.connect(host="127.0.0.2", port=mariadb.port, user=mariadb.user, password=mariadb.password, ssl=context)
    assert "match" in str(caught.value) or "CERTIFICATE_VERIFY_FAILED" in str(caught.value)


def test_pool_fits_azure_mysql(mariadb):
    engine = db.build_engine(mariadb.settings())
    assert engine.pool._pre_ping is True
    assert 0 < engine.pool._recycle < 1800
    engine.dispose()


def test_entra_password_is_a_fresh_token_per_connection(mariadb):
    class Credential:
        calls = 0

        def get_token(self, scope):
            assert scope == db.ENTRA_SCOPE
            Credential.calls += 1
            return type("Token", (), {"token": mariadb.password, "expires_on": 0})()

    provider = db.EntraPassword(Credential())
    engine = db.build_engine(mariadb.settings(mysql_auth="entra"), password_provider=provider)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    engine.dispose()
    with engine.connect():
        pass
    engine.dispose()
    # The token had already expired, so each new connection asked for a new one.
    assert Credential.calls == 2


def test_migrations_upgrade_in_place_and_are_repeatable(mariadb):
    engine = db.build_engine(mariadb.settings(database="snapledger_migrate"))
    mariadb.sql("DROP DATABASE IF EXISTS snapledger_migrate; CREATE DATABASE snapledger_migrate;")
    db.migrate(engine)
    db.migrate(engine)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"drafts", "records", "categories", "alembic_version"} <= tables
