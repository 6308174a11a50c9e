"""`python -m records user add|passwd|list` as a person runs it: the password comes on standard input, never the
command line; weak ones are refused with a sentence in the terminal's language.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from records import accounts, db, ledger, sessions, signin
from settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD = "correct horse battery"
ITEM = {"amount": "36.00", "occurred_at": "2026-11-03T12:34:56+08:00", "merchant": "全家"}


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def run(data_dir: Path, *args: str, stdin: str = "", lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYSQL", "LC_", "LANG"))}
    env.update(DATA_DIR=str(data_dir), LANG=lang)
    return subprocess.run(
        [sys.executable, "-m", "records", "user", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def engine_of():
    built = []

    def engine_of(data_dir: Path):
        engine = db.build_engine(dataclasses.replace(get_settings(), data_dir=data_dir, mysql_host=None))
        db.migrate(engine)
        built.append(engine)
        return engine

    yield engine_of
    for engine in built:
        engine.dispose()


def test_adding_the_first_person_reads_the_password_from_stdin_and_takes_over_local_rows(data_dir, engine_of):
    engine = engine_of(data_dir)
    ledger.create(engine, accounts.SINGLE_USER_OWNER, ITEM, tz="Asia/Shanghai")

    done = run(data_dir, "add", "Mum", stdin=GOOD + "\n")

    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary == {"user": "mum", "created": True, "first": True, "took_over": {"records": 1}}
    result = signin.sign_in(engine, "mum", GOOD, client=signin.Client("127.0.0.1"), tz="Asia/Shanghai", days=30)
    assert len(ledger.list_records(engine, result["person"]["id"], {})["records"]) == 1


@pytest.mark.parametrize(
    ("stdin", "lang", "sentence"),
    [
        ("", "C.UTF-8", "Passwords need at least 8 characters"),
        ("12345678\n", "C.UTF-8", "cannot be a common one"),
        ("short\n", "zh_CN.UTF-8", "密码至少需要 8 个字符"),
    ],
)
def test_empty_or_weak_passwords_are_refused_with_a_sentence(data_dir, engine_of, stdin, lang, sentence):
    done = run(data_dir, "add", "mum", stdin=stdin, lang=lang)
    assert done.returncode == 1
    assert sentence in done.stderr and "Traceback" not in done.stderr
    with engine_of(data_dir).connect() as conn:
        assert not accounts.has_people(conn)


def test_passwd_resets_a_forgotten_password_and_ends_every_session(data_dir, engine_of):
    engine = engine_of(data_dir)
    accounts.create(engine, "mum", GOOD)
    client = signin.Client("192.168.1.20")
    old = signin.sign_in(engine, "mum", GOOD, client=client, tz="Asia/Shanghai", days=30)

    done = run(data_dir, "passwd", "mum", stdin="a brand new secret\n")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"username": "mum", "sessions_ended": 1}
    assert sessions.find(engine, old["token"], days=30) is None
    assert signin.sign_in(engine, "mum", "a brand new secret", client=client, tz="Asia/Shanghai", days=30)["token"]


def test_passwd_for_nobody_says_so(data_dir):
    done = run(data_dir, "passwd", "nobody", stdin=GOOD + "\n")
    assert done.returncode == 1 and "There is no account with that username." in done.stderr


def test_a_second_person_with_the_same_name_is_refused_and_list_shows_who_there_is(data_dir):
    assert run(data_dir, "add", "mum", stdin=GOOD + "\n").returncode == 0
    assert run(data_dir, "add", "dad", stdin="another good one\n").returncode == 0
    taken = run(data_dir, "add", "MUM", stdin="yet another one\n")
    assert taken.returncode == 1 and "already taken" in taken.stderr
    listed = json.loads(run(data_dir, "list").stdout)["users"]
    assert sorted((u["username"], u["totp"], u["sessions"]) for u in listed) == [("dad", False, 0), ("mum", False, 0)]


def test_totp_off_lets_a_person_who_lost_their_phone_in_with_the_password(data_dir, engine_of):
    from records import totp
    from records.dates import utcnow

    engine = engine_of(data_dir)
    made = accounts.create(engine, "mum", GOOD)
    started = totp.begin(engine, made["id"], "mum")
    totp.confirm(engine, made["id"], totp.code_at(started["secret"], totp.step_at(utcnow())))
    client = signin.Client("127.0.0.1")
    with pytest.raises(Exception, match="second step"):
        signin.sign_in(engine, "mum", GOOD, client=client, tz="Asia/Shanghai", days=30)

    done = run(data_dir, "totp-off", "mum")

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"username": "mum", "totp": False, "sessions_ended": 0}
    assert signin.sign_in(engine, "mum", GOOD, client=client, tz="Asia/Shanghai", days=30)["token"]
