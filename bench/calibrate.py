"""Fit the offline engine's confidence table: `python bench/calibrate.py [--ocr-cache DIR] [--check]`.

Reads the corpus, the eval renders and (at a quarter of the weight) the dev renders with the calibration table
switched off, and counts for every field source (`Item.evidence`, see recognize/ocr/confidence.py) how often a
value shown without the 请核对 mark was wrong. A source wrong more often than the target share (0.8 %) gets a
cap below the mark threshold; the rest are trusted. Counts are shrunk towards the source's parent (field|parser
→ field|parser:source → … per platform), so a source seen twice does not decide on its own.

Writes recognize/ocr/calibration.json and prints, for two halves of the files (split by a hash of the name),
what the table fitted on one half does on the other: the honest figure, since the full table has seen every
file it is then measured on. `--check` fits and reports without writing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import recognize as bench  # noqa: E402
from bench import scoring  # noqa: E402

TARGET = 0.008  # share of unmarked values allowed to be wrong, per source (the bound is 1 % overall)
CAP = 0.55  # below the page's 0.6 mark threshold: a capped value always shows 请核对
STRENGTH = 3.0  # how many observations the parent's error rate counts as
ROOT_PRIOR = 0.05
WEIGHTS = {"corpus": 2.0, "eval": 1.0, "dev": 0.25}
OUT = ROOT / "recognize" / "ocr" / "calibration.json"


def observations(sets: list[str]) -> list[dict]:
    """Every field value the engine shows unmarked before calibration, with its source and whether it is right."""
    from recognize import RecognizeError, recognize
    from recognize.ocr import confidence
    from settings import get_settings

    confidence.caps.cache_clear()
    original = confidence.caps
    confidence.caps = lambda: {}  # measure the raw rules
    threshold, tz = scoring.mark_threshold(), get_settings().ledger_tz
    categories = scoring.category_map()
    found = []
    try:
        for name in sets:
            folder = bench.SETS[name][1]
            for row in bench.load_rows(folder):
                data = (folder / row["file"]).read_bytes()
                try:
                    items = recognize(data, engine="ocr", now=bench.upload_time(row), filename=row["file"]).items
                except RecognizeError:
                    continue
                found += _score(name, row, items, threshold, tz, categories)
    finally:
        confidence.caps = original
    return found


def _score(name: str, row: dict, items, threshold: float, tz: str, categories: dict) -> list[dict]:
    """The observations of one file: aligned items' unmarked fields, and invented items' amounts as wrong."""
    read = [i.fields for i in items]
    out = []
    for t, r in scoring.align(row["items"], read, tz):
        if r is None:
            continue
        item = items[r]
        for field, evidence in item.evidence.items():
            if item.confidence.get(field, 0.0) < threshold:
                continue
            if t is None:
                right = None if field != "amount" else False
            else:
                result = scoring.outcome(field, row["items"][t], read[r], {}, 0.0, tz=tz, categories=categories)
                right = None if result is None else result == "right"
            if right is None:
                continue
            out.append(
                {
                    "set": name,
                    "file": row["file"],
                    "field": field,
                    "evidence": evidence,
                    "platform": item.fields.get("platform"),
                    "certainty": item.confidence.get(field, 0.0),
                    "right": right,
                }
            )
    return out


def fit(found: list[dict]) -> dict[str, float | None]:
    """The cap table: every key seen, from field down to field|parser:source|platform."""
    from recognize.ocr.confidence import keys_for

    counts = defaultdict(lambda: [0.0, 0.0])  # key → [weighted n, weighted wrong]
    parents = {}
    for o in found:
        keys = keys_for(o["field"], o["evidence"], o["platform"], o.get("certainty", 1.0))
        weight = WEIGHTS.get(o["set"], 1.0)
        for depth, key in enumerate(keys):
            counts[key][0] += weight
            counts[key][1] += 0.0 if o["right"] else weight
            parents[key] = keys[depth + 1] if depth + 1 < len(keys) else None
    rates: dict[str, float] = {}

    def rate(key: str) -> float:
        if key not in rates:
            parent = parents[key]
            prior = rate(parent) if parent else ROOT_PRIOR
            n, wrong = counts[key]
            rates[key] = (wrong + STRENGTH * prior) / (n + STRENGTH)
        return rates[key]

    return {key: (CAP if rate(key) > TARGET else None) for key in sorted(counts)}


def apply(table: dict, o: dict) -> bool:
    """Whether observation `o` stays unmarked under `table`."""
    from recognize.ocr.confidence import keys_for

    for key in keys_for(o["field"], o["evidence"], o["platform"], o.get("certainty", 1.0)):
        if key in table:
            return table[key] is None
    return True


def report(title: str, table: dict, found: list[dict]) -> None:
    """Per set: unmarked values, how many of them are wrong, and how many right values got marked."""
    print(f"\n{title}")
    for name in sorted({o["set"] for o in found}):
        mine = [o for o in found if o["set"] == name]
        shown = [o for o in mine if apply(table, o)]
        wrong = sum(1 for o in shown if not o["right"])
        marked_right = sum(1 for o in mine if o["right"] and not apply(table, o))
        right = sum(1 for o in mine if o["right"])
        print(
            f"  {name:7} unmarked {len(shown):5}, of them wrong {wrong:4} ({wrong / max(1, len(shown)):.2%}); "
            f"right values now marked {marked_right}/{right}"
        )


def half(o: dict) -> int:
    """0 or 1, fixed per file."""
    return hashlib.sha256(o["file"].encode()).digest()[0] % 2


def main(argv: list[str] | None = None) -> int:
    """Fit, cross-check on halves, write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="corpus,eval,dev")
    parser.add_argument("--ocr-cache", type=Path, metavar="DIR", help="reuse OCR boxes (see bench/recognize.py)")
    parser.add_argument("--check", action="store_true", help="report only; do not write the table")
    parser.add_argument("--corpus", type=Path, help=f"the real corpus (default {bench.SETS['corpus'][1]})")
    args = parser.parse_args(argv)
    if args.corpus:
        bench.SETS["corpus"] = (bench.SETS["corpus"][0], args.corpus)
    missing = [s for s in args.sets.split(",") if s in bench.SETS and not bench.load_rows(bench.SETS[s][1])]
    if missing:
        # A worktree one level deeper than the project's root has no ../shared/corpus: fitting without it
        # would silently drop the set weighted most.
        parser.error(f"no labelled files for {', '.join(missing)} (see --corpus)")
    if args.ocr_cache:
        bench.cache_ocr(args.ocr_cache)
    found = observations([s for s in args.sets.split(",") if s])
    report("before calibration (raw certainties)", {}, found)
    for k in (0, 1):
        table = fit([o for o in found if half(o) != k])
        report(f"fitted on half {1 - k}, measured on half {k} (held out)", table, [o for o in found if half(o) == k])
    table = fit(found)
    report("fitted on everything, measured on everything (in-sample)", table, found)
    capped = sum(1 for v in table.values() if v is not None)
    print(f"\n{len(table)} keys, {capped} capped at {CAP}")
    if not args.check:
        payload = {
            "fitted_at": datetime.now().isoformat(timespec="seconds"),
            "sets": {name: WEIGHTS.get(name, 1.0) for name in args.sets.split(",") if name},
            "target": TARGET,
            "cap": CAP,
            "observations": len(found),
            "caps": table,
        }
        OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
