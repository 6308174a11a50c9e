"""Benchmark a recognition engine on labelled sets: `python bench/recognize.py [DIR ...] [--engine ocr|llm|auto]`.

Sets (each printed apart): `corpus` (real screenshots and invoices, ../shared/corpus, labels.jsonl), `dev` and
`eval` (bench/synth renders in bench/out/synth/, generated when missing), `fixtures` (tests/fixtures/bench,
truth.jsonl). Without DIR it runs `--sets` (default all four); with DIR it runs those folders only, so the old
`python bench/recognize.py tests/fixtures/bench` still works. Per set: per field and per app right / blank /
wrong-but-marked / wrong-and-unmarked, totals, a reliability table (confidence → share wrong), latency (median,
p95, 1080×2400 alone), errors; then peak RSS. `--json OUT` writes every number and mistake for later diffs.
Scoring rules: bench/scoring.py. The llm engine uses the normal settings (AZURE_OPENAI_* or OPENAI_BASE_URL…).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402

SYNTH_OUT = ROOT / "bench" / "out" / "synth"
SETS = {
    "corpus": ("real screenshots and invoices", ROOT.parent / "shared" / "corpus"),
    "dev": ("dev renders (bench/synth, rules may look at these)", SYNTH_OUT / "dev"),
    "eval": ("eval renders (bench/synth, nobody tunes to these)", SYNTH_OUT / "eval"),
    "fixtures": (
        "old fixtures (tests/fixtures/bench, same templates as the rules)",
        ROOT / "tests" / "fixtures" / "bench",
    ),
}
SHORT = {
    "direction": "dir",
    "amount": "amount",
    "currency": "cur",
    "occurred_at": "time",
    "merchant": "merchant",
    "platform": "platform",
    "payment_method": "method",
    "order_no": "order",
    "category": "cat",
}


def load_rows(folder: Path) -> list[dict]:
    """The label lines of a folder (labels.jsonl, else the old truth.jsonl) whose file exists."""
    for name in ("labels.jsonl", "truth.jsonl"):
        path = folder / name
        if path.exists():
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            return [row for row in rows if (folder / row["file"]).exists()]
    return []


def app_of(row: dict) -> str:
    """The app a label line belongs to (its `app`, else the old fixtures' kind prefix)."""
    return row.get("app") or (row.get("kind") or "?").split("_")[0]


UPLOAD_DELAY = timedelta(days=3)


def upload_time(row: dict) -> datetime | None:
    """When the file reaches the app: three days after the screen was taken, as the label knows it (None: the
    engine uses now). The engine is not told the capture time; it must find it in the file, as in production."""
    if row.get("now"):  # the old fixtures: a fixed 'today'
        return datetime.fromisoformat(row["now"])
    value = row.get("captured_at")
    return datetime.fromisoformat(value) + UPLOAD_DELAY if value else None


def image_size(row: dict, data: bytes) -> tuple[int, int] | None:
    """(width, height) of the image, None for PDFs and unreadable files."""
    if row.get("size"):
        return tuple(row["size"])
    from recognize.images import open_image

    try:
        return open_image(data).size
    except Exception:  # noqa: BLE001 - a PDF or a broken file has no size to report
        return None


def run_one(
    data: bytes, engine: str, now: datetime | None, filename: str | None = None
) -> tuple[list[dict], list[dict], dict, str | None]:
    """Recognize one file: (items' fields, their confidences, timings in ms, error code or None)."""
    from recognize import RecognizeError, recognize

    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        extraction = recognize(data, engine=engine, now=now, filename=filename)
    except RecognizeError as exc:
        return [], [], {"total_ms": (time.perf_counter() - started) * 1000, "cpu_ms": 0.0}, exc.code
    timings = {"total_ms": (time.perf_counter() - started) * 1000, "cpu_ms": (time.process_time() - cpu_started) * 1000}
    return [i.fields for i in extraction.items], [i.confidence for i in extraction.items], timings, None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def run_set(name: str, folder: Path, engine: str, *, verbose: bool) -> dict | None:
    """Score every labelled file of one folder; print its tables and return its numbers."""
    rows = load_rows(folder)
    title = SETS[name][0] if name in SETS else str(folder)
    if not rows:
        print(f"\n== {name}: {title} — no labelled files in {folder}; skipped ==")
        return None
    from settings import get_settings

    tally = scoring.Tally(scoring.mark_threshold(), get_settings().ledger_tz, scoring.category_map())
    latencies, big, cpu, errors = [], [], [], Counter()
    for row in rows:
        data = (folder / row["file"]).read_bytes()
        read, confidence, timings, error = run_one(data, engine, upload_time(row), row["file"])
        if error:
            errors[error] += 1
        latencies.append(timings["total_ms"])
        cpu.append(timings["cpu_ms"])
        if image_size(row, data) == (1080, 2400):
            big.append(timings["total_ms"])
        tally.add(row["file"], app_of(row), row["items"], read, confidence)
    result = tally.as_dict()
    result |= {
        "folder": str(folder),
        "files": len(rows),
        "errors": dict(errors),
        "latency": _latency(latencies, big, cpu),
    }
    print_set(name, title, folder, result, tally, verbose)
    return result


def _latency(all_ms: list[float], big: list[float], cpu: list[float]) -> dict:
    out = {
        "median_ms": statistics.median(all_ms),
        "p95_ms": percentile(all_ms, 0.95),
        "cpu_median_ms": statistics.median(cpu),
    }
    if big:
        out |= {
            "1080x2400_n": len(big),
            "1080x2400_median_ms": statistics.median(big),
            "1080x2400_p95_ms": percentile(big, 0.95),
        }
    return out


def _cell(c: dict | Counter) -> str:
    if not any(c.values()):
        return "-"
    return "/".join(str(c.get(k, 0)) for k in scoring.OUTCOMES)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "     -"


def print_set(name: str, title: str, folder: Path, r: dict, tally: scoring.Tally, verbose: bool) -> None:
    """Print one set's tables."""
    print(f"\n== {name}: {title} ({folder}) ==")
    errors = ", ".join(f"{k} {v}" for k, v in sorted(r["errors"].items())) or "none"
    print(f"{r['files']} files, {r['items']} labelled items; files the engine refused: {errors}")
    print(f"\nper field (a wrong field is 'marked' when its confidence < {tally.threshold:g}, the page's 请核对)")
    print(f"  {'field':15}{'scored':>7}{'right':>14}{'blank':>13}{'wrong-marked':>14}{'WRONG-UNMARKED':>16}")
    for field in scoring.FIELDS:
        c = r["fields"].get(field)
        if not c:
            continue
        n = sum(c.values())
        right, blank, marked, unmarked = (c.get(k, 0) for k in scoring.OUTCOMES)
        print(
            f"  {field:15}{n:7}{right:6}{_share(right, n):>8}{blank:5}{_share(blank, n):>8}{marked:6}"
            f"{_share(marked, n):>8}{unmarked:7}{_share(unmarked, n):>9}"
        )
    for label, key in (("all fields", "totals"), ("core (amount, direction, time, merchant, method)", "core_totals")):
        c = r[key]
        n = sum(c.values())
        print(
            f"  {label}: {n} scored, right {c.get('right', 0)} ({_share(c.get('right', 0), n).strip()}), "
            f"blank {c.get('blank', 0)}, wrong-marked {c.get('wrong_marked', 0)}, "
            f"WRONG-UNMARKED {c.get('wrong_unmarked', 0)} ({_share(c.get('wrong_unmarked', 0), n).strip()})"
        )
    extra = r["extra_items"]
    print(
        f"  invented items (no labelled row; bill-list rows paired by best order-preserving alignment): "
        f"{sum(extra.values())} ({extra.get('unmarked', 0)} with an unmarked amount)"
    )
    fields = [f for f in scoring.FIELDS if f in r["fields"]]
    print("\nper app: right/blank/wrong-marked/WRONG-UNMARKED")
    print("  " + f"{'app':12}" + "".join(f"{SHORT[f]:>14}" for f in fields))
    for app, per in r["apps"].items():
        print("  " + f"{app:12}" + "".join(f"{_cell(per.get(f, {})):>14}" for f in fields))
    print("\nreliability (fields with a value): confidence → how many, share wrong")
    for key, c in sorted(r["reliability"].items()):
        n = c.get("right", 0) + c.get("wrong", 0)
        print(f"  {key:10} {n:6}  wrong {c.get('wrong', 0):5} {_share(c.get('wrong', 0), n)}")
    lat = r["latency"]
    print(
        f"\nlatency per file, warm engine: median {lat['median_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms, "
        f"CPU median {lat['cpu_median_ms']:.0f} ms"
    )
    if "1080x2400_n" in lat:
        print(
            f"  1080x2400 alone ({lat['1080x2400_n']} images): median {lat['1080x2400_median_ms']:.0f} ms, "
            f"p95 {lat['1080x2400_p95_ms']:.0f} ms (targets 1200 / 2000 ms)"
        )
    if verbose:
        print("\nmistakes")
        for m in r["mistakes"]:
            print(
                f"  {m['file']} #{m['item']} {m['field']}: {m['outcome']} want {m['want']!r} got {m['got']!r} "
                f"(confidence {m['confidence']})"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark over the chosen sets and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="labelled folders to run instead of --sets")
    parser.add_argument("--sets", default="corpus,dev,eval,fixtures", help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--engine", choices=("ocr", "llm", "auto"), default="ocr")
    parser.add_argument("--corpus", type=Path, help=f"the real corpus (default {SETS['corpus'][1]})")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the numbers (and every mistake) as JSON")
    parser.add_argument("--verbose", action="store_true", help="print every mistake")
    parser.add_argument(
        "--ocr-cache",
        type=Path,
        metavar="DIR",
        help="keep each image's OCR boxes in DIR and reuse them: rules re-run in seconds (latency then means nothing)",
    )
    args = parser.parse_args(argv)
    if args.ocr_cache:
        cache_ocr(args.ocr_cache)
    if args.corpus:
        SETS["corpus"] = (SETS["corpus"][0], args.corpus)
    chosen = [(str(f), f) for f in args.folders] or [(s, SETS[s][1]) for s in args.sets.split(",") if s]
    unknown = [name for name, _ in chosen if not args.folders and name not in SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(SETS)}")
    for name, folder in chosen:
        if name in ("dev", "eval") and not (folder / "labels.jsonl").exists():
            # In a child process, so the peak RSS printed at the end is the engine's, not the generator's.
            print(f"generating the {name} renders into {folder} …", flush=True)
            subprocess.run(
                [sys.executable, "-m", "bench.synth", name, "--out", str(folder.parent)],
                check=True,
                cwd=Path(__file__).resolve().parents[1],
            )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"engine {args.engine}; machine load average {load} (other work on the same cores inflates wall time)")
    started = time.perf_counter()
    _warm_up(chosen, args.engine)
    print(f"engine load + warm-up: {(time.perf_counter() - started) * 1000:.0f} ms")
    results = {}
    for name, folder in chosen:
        result = run_set(name, folder, args.engine, verbose=args.verbose)
        if result is not None:
            results[name] = result
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB (target 800 MB)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "engine": args.engine,
            "threshold": scoring.mark_threshold(),
            "peak_rss_mb": round(peak),
            "sets": results,
            "at": datetime.now().isoformat(timespec="seconds"),
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 0 if results else 1


def cache_ocr(folder: Path) -> None:
    """Make the offline engine read each distinct image's boxes from `folder` after its first OCR run."""
    import hashlib

    from recognize import ocr
    from recognize.ocr import pdf, reader
    from recognize.ocr.geometry import Box

    real = reader.read_boxes
    folder.mkdir(parents=True, exist_ok=True)

    def cached(image):
        key = hashlib.sha256(image.tobytes() + repr(image.size).encode()).hexdigest()
        path = folder / f"{key}.json"
        if path.exists():
            return [Box(*values) for values in json.loads(path.read_text(encoding="utf-8"))]
        boxes = real(image)
        rows = [[b.text, *(float(v) for v in (b.score, b.x0, b.y0, b.x1, b.y1))] for b in boxes]
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return boxes

    ocr.read_boxes = pdf.read_boxes = cached


def _warm_up(chosen: list[tuple[str, Path]], engine: str) -> None:
    """Load the engine and read one image once, so the first timed file does not pay for it."""
    for _, folder in chosen:
        for row in load_rows(folder):
            if not row["file"].lower().endswith(".pdf"):
                run_one((folder / row["file"]).read_bytes(), engine, upload_time(row), row["file"])
                return


if __name__ == "__main__":
    sys.exit(main())
