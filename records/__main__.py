"""`python -m records export-all [--owner X] [--out FILE]` and `import-all FILE`; `backup [FILE]` and `restore FILE`.

The archive is a zip of JSON Lines with a manifest (see records/archive.py); it restores into an empty
database of either kind, and importing the same archive twice changes nothing. `backup` and `restore` copy the
embedded SQLite ledger whole (see records/backup.py); on MySQL they refuse, since Azure keeps those backups.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from records import backup
from records.archive import ArchiveError, export_all, import_all
from records.db import build_engine, get_engine
from settings import get_settings


def _say(summary: dict) -> None:
    sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; prints a JSON summary and returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m records", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export-all", help="write every draft and record (or one owner's) to a zip archive")
    export.add_argument("--owner", help="only this owner's rows")
    export.add_argument("--out", help="the archive to write (default: snapledger-archive-<UTC time>.zip)")
    restore = commands.add_parser("import-all", help="restore an archive into this database (idempotent)")
    restore.add_argument("file")
    copy = commands.add_parser("backup", help="copy the embedded SQLite ledger, online, into a new file")
    copy.add_argument("file", nargs="?", help="the file to write (default: DATA_DIR/backups/snapledger-<UTC>.sqlite3)")
    back = commands.add_parser("restore", help="replace the embedded SQLite ledger with a backup (checked first)")
    back.add_argument("file")
    args = parser.parse_args(argv)

    try:
        if args.command in ("backup", "restore"):
            _say(_sqlite_command(args))
        elif args.command == "export-all":
            out = args.out or f"snapledger-archive-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
            manifest = export_all(get_engine(), out, owner=args.owner)
            counts = {name: t["rows"] for name, t in manifest["tables"].items()}
            _say({"file": out, "owner": args.owner, "rows": counts})
        else:
            result = import_all(get_engine(), args.file)
            _say({"file": args.file, "tables": result})
    except (ArchiveError, backup.BackupError, OSError) as exc:
        sys.stderr.write(f"python -m records: {exc}\n")
        return 1
    return 0


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
