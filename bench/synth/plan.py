"""Which screens a split holds and how one screen is made: seeded choices → canvas → truth → damage → bytes.

`make(split, kind, n)` is deterministic: the same split, kind and index always give the same bytes and truth.
`generate(split, out)` writes a folder in the corpus layout (images in per-kind folders, `labels.jsonl`).
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path

from bench.synth import (
    degrade,
    invoice,
    pages_alipay,
    pages_bank,
    pages_bankapp,
    pages_lists,
    pages_orders,
    pages_sms,
    pages_wechat,
    receipts,
    tickets,
)
from bench.synth.canvas import DARK, LIGHT, Canvas
from bench.synth.common import Ctx
from bench.synth.data import capture_time
from bench.synth.pages_sheets import PAGES as SHEET_PAGES
from bench.synth.truth import resolve
from bench.synth.variant import SPLITS, Variant

PAGES = {
    **pages_wechat.PAGES,
    **pages_alipay.PAGES,
    **pages_bank.PAGES,
    **pages_bankapp.PAGES,
    **pages_sms.PAGES,
    **pages_orders.PAGES,
    **pages_lists.PAGES,
    **SHEET_PAGES,
}
# How many screens of each kind a split holds; kinds not named get DEFAULT_COUNT.
COUNTS = {
    "wechat_bill_list": 12,
    "alipay_bill_list": 12,
    "invoice": 24,
    "wechat_detail": 10,
    "alipay_detail": 10,
    "food_order": 14,
    "shop_order": 15,
    "didi_trip": 8,
    "train_ticket": 6,
    "train_eticket": 4,
    "bus_ticket": 6,
    "ride_receipt": 6,
    "bank_card_detail": 12,
    "bank_transfer_detail": 8,
    "bank_sms": 12,
}
DEFAULT_COUNT = 7
# Tickets and receipts: (picture or PDF bytes, items, device, app, page, is paper) from the split's choices.
DOCUMENTS = {**tickets.RENDER, **receipts.RENDER}
TZ = "+08:00"


def kinds() -> list[str]:
    """Every screen kind the generator draws (invoices, tickets and receipts included)."""
    return [*PAGES, "invoice", *tickets.KINDS, *receipts.KINDS]


def plan(split: str) -> list[tuple[str, int]]:
    """(kind, index) of every screen in a split."""
    return [(kind, n) for kind in kinds() for n in range(COUNTS.get(kind, DEFAULT_COUNT))]


def make(split: str, kind: str, n: int) -> tuple[bytes, dict]:
    """Draw screen `n` of `kind` for `split`: its bytes and its label line (without the file name's folder)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    v = Variant(split, random.Random(f"{SPLITS[split]}:{kind}:{n}"))
    captured = capture_time(v.rng, split)
    if kind in DOCUMENTS:
        image, items, device, app, page, paper = DOCUMENTS[kind](v, captured)
        if isinstance(image, bytes):  # a PDF: its bytes as they are
            return image, pdf_label(v, split, kind, n, captured, app, page, items)
    elif kind == "invoice":
        image, rows, device, app, page, paper = invoice.render(v, captured)
        items = rows
    else:
        app, page, draw = PAGES[kind]
        device = v.device()
        fonts = v.fonts()
        c = Canvas(device.width, device.height, device.dp, DARK if v.coin("dark", 0.25) else LIGHT, fonts)
        rows = draw(c, v, Ctx(captured, device))
        image = c.finish()
        items = resolve(rows, c.visible)
        app = v.app or app
        paper = False
    image, steps = degrade.photo(image, v) if paper else degrade.screen(image, v)
    data, name, hint = degrade.encode(image, v, captured, device.os, photo_=paper)
    label = {
        "file": name,
        "app": app,
        "page": page,
        "kind": kind,
        "split": split,
        "seed": f"{SPLITS[split]}:{kind}:{n}",
        "captured_at": captured.isoformat() + TZ,
        "capture_hint": hint,
        "device": device.name,
        "size": list(image.size),
        "variant": dict(sorted(v.chosen.items())),
        "flags": dict(sorted(v.flags.items())),
        "damage": steps,
        "items": items,
    }
    return data, label


def generate(split: str, out: Path) -> Path:
    """Write every screen of `split` under `out/split/` with its labels.jsonl; returns that folder."""
    folder = out / split
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*/*"):
        old.unlink()
    lines, used = [], set()
    for kind, n in plan(split):
        data, label = make(split, kind, n)
        name = f"{kind}/{label['file']}"
        if name in used:
            stem, dot, ext = label["file"].rpartition(".")
            name = f"{kind}/{stem}-{n}{dot}{ext}"
        used.add(name)
        label["file"] = name
        (folder / kind).mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
        lines.append(json.dumps(label, ensure_ascii=False))
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def pdf_label(v: Variant, split: str, kind: str, n: int, captured: datetime, app: str, page: str, items) -> dict:
    """The label line of a PDF (no device, no damage: the file as it was sent)."""
    return {
        "file": f"{kind}_{v.rng.randrange(10**5, 10**6)}.pdf",
        "app": app,
        "page": page,
        "kind": kind,
        "split": split,
        "seed": f"{SPLITS[split]}:{kind}:{n}",
        "captured_at": captured.isoformat() + TZ,
        "capture_hint": "none",
        "device": "pdf",
        "size": None,
        "variant": dict(sorted(v.chosen.items())),
        "flags": dict(sorted(v.flags.items())),
        "damage": [],
        "items": items,
    }


def parse_captured(label: dict) -> datetime:
    """The capture time of a label line as an aware datetime."""
    return datetime.fromisoformat(label["captured_at"])
