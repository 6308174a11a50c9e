"""`python -m recognize [--engine ocr|llm|auto] FILE…`: one JSON line per file with the items read."""

from __future__ import annotations

import argparse
import json
import sys
import time

from recognize.engine import ENGINES, recognize
from recognize.errors import RecognizeError
from settings import get_settings


def recognize_file(path: str, engine: str | None) -> dict:
    """Recognize one file and return the CLI's JSON object for it (errors included, never raised)."""
    engine = engine or get_settings().recognizer
    started = time.perf_counter()
    result = {
        "file": path,
        "engine": engine,
        "elapsed_ms": 0,
        "items": [],
        "confidence": [],
        "reasons": [],
        "error": None,
    }
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        extraction = recognize(data, engine=engine)
    except OSError as exc:
        result["error"] = {"code": "unreadable_file", "message": exc.strerror or str(exc)}
    except RecognizeError as exc:
        result["error"] = {"code": exc.code, "message": str(exc)}
    else:
        result["engine"] = extraction.engine
        result["items"] = [item.fields for item in extraction.items]
        result["confidence"] = [item.confidence for item in extraction.items]
        result["reasons"] = [item.reasons for item in extraction.items]
    result["elapsed_ms"] = int((time.perf_counter() - started) * 1000)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; the exit status is 1 when any file failed."""
    parser = argparse.ArgumentParser(prog="python -m recognize", description="Read payment screenshots into JSON.")
    parser.add_argument("--engine", choices=ENGINES, default=None, help="default: the RECOGNIZER setting")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    failed = False
    for path in args.files:
        result = recognize_file(path, args.engine)
        failed = failed or result["error"] is not None
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
