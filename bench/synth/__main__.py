"""`python -m bench.synth [dev|eval|all] [--out DIR]`: render the splits into DIR/<split>/ with labels.jsonl."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.synth.plan import generate
from bench.synth.variant import SPLITS

OUT = Path(__file__).resolve().parents[1] / "out" / "synth"


def main(argv: list[str] | None = None) -> int:
    """Generate the requested splits and say where they went."""
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", default="all", choices=(*SPLITS, "all"))
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args(argv)
    for split in SPLITS if args.split == "all" else (args.split,):
        started = time.perf_counter()
        folder = generate(split, args.out)
        count = sum(1 for _ in (folder / "labels.jsonl").open(encoding="utf-8"))
        print(f"{split}: {count} screens in {folder} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
