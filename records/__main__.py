"""`python -m records export-all [--owner X] [--out FILE]` and `python -m records import-all FILE`: backups.

The archive is a zip of JSON Lines with a manifest (see records/archive.py); it restores into an empty
database of either kind, and importing the same archive twice changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from records.archive import ArchiveError, export_all, import_all
from records.db import get_engine


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
    args = parser.parse_args(argv)

    try:
        if args.command == "export-all":
            out = args.out or f"snapledger-archive-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.zip"
            manifest = export_all(get_engine(), out, owner=args.owner)
            counts = {name: t["rows"] for name, t in manifest["tables"].items()}
            _say({"file": out, "owner": args.owner, "rows": counts})
        else:
            result = import_all(get_engine(), args.file)
            _say({"file": args.file, "tables": result})
    except (ArchiveError, OSError) as exc:
        sys.stderr.write(f"python -m records: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
