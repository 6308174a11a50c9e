"""Benchmark the offline recognizer on a labelled set: `python bench/recognize.py DIR [--verbose]`.

DIR holds images (*.png, *.jpg, *.jpeg, *.pdf) and truth.jsonl, one {"file", "items": [{fields}], "now"?} per
line. Prints per-field accuracy, per-app accuracy, latency per image with a warm engine (median, p95, and for
1080×2400 screens alone), peak RSS, and the layout rules' time as a share of OCR time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FIELDS = ("direction", "amount", "currency", "occurred_at", "merchant", "platform", "payment_method", "order_no")
TARGETS = {"amount+direction": 0.99, "occurred_at": 0.97, "merchant": 0.95, "payment_method": 0.95}


def load_truth(folder: Path) -> list[dict]:
    """The truth.jsonl lines whose file exists."""
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if (folder / row["file"]).exists()]


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of an image, None for PDFs."""
    from recognize.images import open_image

    try:
        return open_image(data).size
    except Exception:  # noqa: BLE001 - a PDF or a broken file has no size to report
        return None


def run_one(path: Path, now: datetime | None) -> tuple[list[dict], dict, str | None]:
    """Recognize one file: (items' fields, timings in ms, error code or None)."""
    from recognize import ocr
    from recognize.errors import RecognizeError

    data = path.read_bytes()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        if path.suffix.lower() == ".pdf":
            from recognize import pdf

            extraction, timings = pdf.recognize(data, now=now), {}
        else:
            extraction, timings = ocr.recognize_timed(data, now=now)
    except RecognizeError as exc:
        return [], {"total_ms": (time.perf_counter() - started) * 1000}, exc.code
    timings["total_ms"] = (time.perf_counter() - started) * 1000
    timings["cpu_ms"] = (time.process_time() - cpu_started) * 1000
    return [item.fields for item in extraction.items], timings, None


def compare(truth: list[dict], got: list[dict]) -> list[dict[str, bool]]:
    """Per truth item, which fields were right; items are matched in reading order."""
    results = []
    for n, want in enumerate(truth):
        have = got[n] if n < len(got) else {}
        right = {name: have.get(name) == want.get(name) for name in FIELDS if name in want}
        right["amount+direction"] = right.get("amount", False) and right.get("direction", False)
        results.append(right)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    parser.add_argument("--ocr-width", type=int, help="override recognize.ocr.OCR_WIDTH to compare speed/accuracy")
    args = parser.parse_args(argv)
    from recognize import ocr

    if args.ocr_width:
        ocr.OCR_WIDTH = args.ocr_width
    rows = load_truth(args.folder)
    if not rows:
        print(f"no labelled files in {args.folder}")
        return 1
    load_started = time.perf_counter()
    ocr.get_engine()
    warm = next((r for r in rows if not r["file"].endswith(".pdf")), None)
    if warm:
        run_one(args.folder / warm["file"], None)
    print(f"engine load + warm-up: {(time.perf_counter() - load_started) * 1000:.0f} ms")

    per_field = defaultdict(list)
    per_app = defaultdict(list)
    latencies, big_latencies, ocr_ms, parse_ms, cpu_ms = [], [], [], [], []
    extra_items = errors = 0
    for row in rows:
        path = args.folder / row["file"]
        now = datetime.fromisoformat(row["now"]) if row.get("now") else None
        got, timings, error = run_one(path, now)
        errors += error is not None
        latencies.append(timings["total_ms"])
        cpu_ms.append(timings.get("cpu_ms", 0.0))
        if image_size(path.read_bytes()) == (1080, 2400):
            big_latencies.append(timings["total_ms"])
        if "ocr_ms" in timings:
            ocr_ms.append(timings["ocr_ms"])
            parse_ms.append(timings["parse_ms"])
        extra_items += max(0, len(got) - len(row["items"]))
        for n, (want, right) in enumerate(zip(row["items"], compare(row["items"], got), strict=True)):
            for name, ok in right.items():
                per_field[name].append(ok)
            per_app[want.get("platform") or row.get("kind") or "?"].append(all(right.values()))
            if args.verbose and not all(right.values()):
                have = got[n] if n < len(got) else {}
                wrong = [name for name, ok in right.items() if not ok and name in want]
                print(f"  {row['file']} item {n + 1}: {error or ''}", {k: (have.get(k), want[k]) for k in wrong})

    items = len(per_field["amount+direction"])
    print(f"\n{len(rows)} files, {items} labelled items, {errors} files failed, {extra_items} extra items")
    print("\nper-field accuracy")
    for name in ("amount+direction", *FIELDS):
        values = per_field.get(name)
        if values:
            share = sum(values) / len(values)
            target = TARGETS.get(name)
            mark = "" if target is None else ("  ok" if share >= target else f"  BELOW target {target:.0%}")
            print(f"  {name:18} {share:7.1%}  ({sum(values)}/{len(values)}){mark}")
    print("\nper-app accuracy (items with every field right)")
    for app, values in sorted(per_app.items(), key=lambda kv: -len(kv[1])):
        print(f"  {app:10} {sum(values) / len(values):7.1%}  ({sum(values)}/{len(values)})")
    print("\nlatency per image, warm engine")
    print(f"  all      median {statistics.median(latencies):6.0f} ms   p95 {percentile(latencies, 0.95):6.0f} ms")
    if big_latencies:
        median, p95 = statistics.median(big_latencies), percentile(big_latencies, 0.95)
        print(
            f"  1080x2400 median {median:6.0f} ms   p95 {p95:6.0f} ms"
            f"   ({len(big_latencies)} images; targets 1200 / 2000 ms)"
        )
    print(f"  CPU time per image (all threads): median {statistics.median(cpu_ms):.0f} ms")
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"  machine load average now: {' '.join(load)} (other work on the same cores inflates wall time)")
    if ocr_ms:
        share = sum(parse_ms) / sum(ocr_ms)
        print(f"  layout rules after OCR: {share:.2%} of OCR time (median {statistics.median(parse_ms):.1f} ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {peak:.0f} MB (target 800 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
