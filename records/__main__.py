"""`python -m records export-all [--owner KEY | --user NAME] [--out FILE]` and `import-all FILE`: archives;
`backup [FILE]` and `restore FILE`; `user add NAME`, `user passwd NAME`, `user totp-off NAME`, `user list`: accounts.

The archive is a zip of JSON Lines with a manifest (see records/archive.py); it restores into an empty
database of either kind, and importing the same archive twice changes nothing. `backup` and `restore` copy the
embedded SQLite ledger whole (see records/backup.py); on MySQL they refuse, since Azure keeps those backups.
`user add` and `user passwd` read the password from standard input (asked twice, unseen, at a terminal), never
from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from records import accounts, backup
from records.archive import ArchiveError, export_all, import_all
from records.db import build_engine, get_engine
from records.errors import LedgerError, message
from settings import get_settings


def _say(summary: dict) -> None:
    sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")


def _lang() -> str:
    """'zh' when the terminal's locale is Chinese, else 'en'."""
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def read_password() -> str:
    """The new password: asked twice without echo at a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password / 密码: ")
        if getpass.getpass("Again / 再输入一次: ") != first:
            raise SystemExit("python -m records: the two passwords differ / 两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _user(args) -> dict:
    """Run one `user` subcommand; returns its JSON summary."""
    engine = get_engine()
    if args.action == "list":
        return {"users": accounts.list_people(engine)}
    if args.action == "totp-off":
        return accounts.turn_off_two_step(engine, args.name)
    password = read_password()
    if args.action == "add":
        person = accounts.create(engine, args.name, password)
        return {"user": person["username"], "created": True, "first": person["first"], "took_over": person["adopted"]}
    return accounts.reset_password(engine, args.name, password)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; prints a JSON summary and returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m records", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export-all", help="write every draft and record (or one owner's) to a zip archive")
    whose = export.add_mutually_exclusive_group()
    whose.add_argument("--owner", help="only the rows of this key: a book's id, or a person's id and personal book")
    whose.add_argument("--user", help="only this person's account, drafts and every book they are a member of")
    export.add_argument("--out", help="the archive to write (default: snapledger-archive-<UTC time>.zip)")
    restore = commands.add_parser("import-all", help="restore an archive into this database (idempotent)")
    restore.add_argument("file")
    copy = commands.add_parser("backup", help="copy the embedded SQLite ledger, online, into a new file")
    copy.add_argument("file", nargs="?", help="the file to write (default: DATA_DIR/backups/snapledger-<UTC>.sqlite3)")
    back = commands.add_parser("restore", help="replace the embedded SQLite ledger with a backup (checked first)")
    back.add_argument("file")
    user = commands.add_parser("user", help="accounts: add a person, reset a password, list people")
    actions = user.add_subparsers(dest="action", required=True)
    actions.add_parser("add", help="create an account (the password is read from standard input)").add_argument("name")
    actions.add_parser("passwd", help="set a new password and end every session").add_argument("name")
    actions.add_parser("list", help="every account, with two-step sign-in and live sessions")
    actions.add_parser("totp-off", help="switch two-step sign-in off (lost phone) and end every session").add_argument(
        "name"
    )
    args = parser.parse_args(argv)

    try:
        if args.command == "user":
            _say(_user(args))
        elif args.command in ("backup", "restore"):
            _say(_sqlite_command(args))
        elif args.command == "export-all":
            _say(_export(args))
        else:
            result = import_all(get_engine(), args.file)
            _say({"file": args.file, "tables": result})
    except (ArchiveError, backup.BackupError, OSError) as exc:
        sys.stderr.write(f"python -m records: {exc}\n")
        return 1
    except LedgerError as exc:
        sys.stderr.write(f"python -m records: {message(exc.code, _lang(), **exc.params)}\n")
        return 1
    return 0


def _export(args) -> dict:
    """Run `export-all`; returns its JSON summary. Raises NotFound (no_such_user) for an unknown --user."""
    engine = get_engine()
    person = accounts.id_of(engine, args.user) if args.user is not None else None
    out = args.out or f"snapledger-archive-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
    manifest = export_all(engine, out, owner=args.owner, person=person)
    counts = {name: t["rows"] for name, t in manifest["tables"].items()}
    summary = {"file": out, "owner": args.owner, "rows": counts}
    if person is not None:
        summary.update(user=args.user, books=manifest["books"])
    return summary


def _sqlite_command(args) -> dict:
    """Run `backup` or `restore` on the embedded ledger; raises BackupError (always on MySQL)."""
    settings = get_settings()
    if settings.database_url_kind != "sqlite":
        raise backup.BackupError(backup.ON_MYSQL)
    folder = Path(settings.data_dir) / "backups"
    if args.command == "backup":
        engine = get_engine()  # migrated first, so the copy has the newest schema
        if args.file:
            out = backup.copy_to(engine, Path(args.file))
        else:
            out = backup.backup(engine, folder, keep=settings.backup_keep)
        return {"file": str(out), "bytes": out.stat().st_size}
    engine = build_engine(settings)  # not migrated: the ledger is only written once the file passed its checks
    try:
        result = backup.restore(engine, args.file, keep_current_in=folder)
    finally:
        engine.dispose()
    return {"file": args.file, "restored_into": engine.url.database, **result}


if __name__ == "__main__":
    sys.exit(main())
