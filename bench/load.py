"""Load on loopback: 50 simulated people upload a screenshot, wait for it, confirm it and list, at the same time.

    .venv/bin/python bench/load.py [--users 50] [--rounds 3] [--think 2] [--workers N] [--max-seconds 180]
                                   [--recognizer fake|ocr]

Starts its own MariaDB (TLS only), Azurite and devhost (MYSQL_* pointing at that MariaDB) in a temporary
folder, so nothing else is touched. Each person uploads their own screenshot, polls as the page does, looks
at the fields for `--think` seconds on average (0.5× to 1.5×) before confirming, looks at 账单 before searching
it, and pauses before the next screenshot; `--think 0` is a stress run where nobody pauses and all start in the
same instant. `--recognizer fake` (default) answers recognition from a local fake Azure OpenAI at once, so the
figures are the app's own; `ocr` runs the offline engine (CPU-bound on small machines). Everything (the load
too) shares this machine's cores. Prints throughput, p50/p95/p99 per operation and every error; exits 1 when
a request failed or listing missed the target. Bounded: at most users × rounds flows and --max-seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


TARGET_P95_LIST_MS = 100.0
PAGE_SIZE = 30  # what the page asks for per screen of 账单 (static_site/js/views/records.js PAGE_SIZE)


class Stats:
    """Latencies and errors per operation, shared by the user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.flows = 0

    def record(self, op: str, ms: float) -> None:
        with self.lock:
            self.times[op].append(ms)

    def error(self, op: str, what: str) -> None:
        with self.lock:
            self.errors[f"{op}: {what}"] += 1


class Failed(Exception):
    """One request of a flow failed; the flow stops there."""


def call(stats: Stats, op: str, method: str, url: str, body=None, headers=None, *, expect=(200, 201)):
    """One timed request; returns the parsed JSON answer (or None) and records errors."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"content-type": "application/json", **(headers or {})}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    except OSError as exc:
        stats.error(op, type(exc).__name__)
        raise Failed(op) from exc
    stats.record(op, (time.perf_counter() - started) * 1000)
    if status not in expect:
        stats.error(op, f"HTTP {status} {raw[:120]!r}")
        raise Failed(op)
    return json.loads(raw) if raw and raw[:1] in b"{[" else None


class Person:
    """One simulated person: their screenshot, how long they look at a screen, and a seeded random source."""

    def __init__(self, image: bytes, think: float, seed: int):
        self.image = image
        self.think_mean = think
        self.random = random.Random(seed)

    def think(self) -> None:
        """Look at the screen for a while (0.5× to 1.5× the mean think time) before the next tap."""
        if self.think_mean > 0:
            time.sleep(self.random.uniform(0.5, 1.5) * self.think_mean)


def flow(base: str, person: Person, stats: Stats, deadline: float) -> None:
    """What one person does: upload, PUT, poll until read (as the page does), check the fields, confirm,
    then look at 账单 and search it."""
    image = person.image
    started = call(
        stats,
        "upload",
        "POST",
        base + "/api/uploads",
        {"filename": "shot.png", "content_type": "image/png", "size": len(image)},
    )
    call(stats, "put_blob", "PUT", started["upload_url"], image, started["headers"], expect=(201,))
    draft_url = f"{base}/api/drafts/{started['draft_id']}"
    delay = 0.5  # as the page polls (static_site/js/api.js pollDraft): 0.5 s, growing ×1.5 to 2 s
    while True:
        draft = call(stats, "poll_draft", "GET", draft_url)
        if draft["status"] in ("ready", "failed"):
            break
        if time.monotonic() > deadline:
            stats.error("poll_draft", "still recognizing at the deadline")
            raise Failed("poll_draft")
        time.sleep(delay)
        delay = min(2.0, delay * 1.5)
    items = [{"fields": item["fields"]} for item in draft["items"]] or [
        {"fields": {"amount": "23.90", "occurred_at": "2026-11-03T08:15:42+08:00"}}
    ]
    person.think()  # checks the recognized fields
    call(stats, "confirm", "POST", draft_url + "/confirm", {"items": items})
    call(stats, "list", "GET", f"{base}/api/records?limit={PAGE_SIZE}")
    person.think()  # looks at the list, then searches it
    call(stats, "list_search", "GET", f"{base}/api/records?limit={PAGE_SIZE}&q=" + urllib.request.quote("瑞幸"))


def user(base: str, person: Person, stats: Stats, rounds: int, deadline: float, start: threading.Barrier) -> None:
    """One simulated person running `rounds` flows, thinking between them."""
    start.wait()
    person.think()  # people do not all tap upload in the same millisecond
    for _ in range(rounds):
        if time.monotonic() > deadline:
            stats.error("flow", "not started: time budget used up")
            return
        began = time.perf_counter()
        try:
            flow(base, person, stats, deadline)
        except Failed:
            continue
        stats.record("whole_flow", (time.perf_counter() - began) * 1000)
        with stats.lock:
            stats.flows += 1
        person.think()  # finds the next screenshot


def list_burst(base: str, stats: Stats, users: int, count: int) -> None:
    """Afterwards, every user lists `count` times at once with no uploads in flight: list latency on its own."""
    start = threading.Barrier(users)

    def lister():
        start.wait()
        for _ in range(count):
            try:
                call(stats, "list_only", "GET", f"{base}/api/records?limit={PAGE_SIZE}")
            except Failed:
                pass

    threads = [threading.Thread(target=lister, daemon=True) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def report(stats: Stats, elapsed: float, args) -> bool:
    """Print the figures; True when there were no errors and the p95 of listing (plain and searched) met the target."""
    requests = sum(len(v) for k, v in stats.times.items() if k not in ("whole_flow", "list_only"))
    print(
        f"\n{args.users} users × {args.rounds} rounds in {elapsed:.1f} s: {stats.flows} flows completed "
        f"(devhost workers: {args.workers}, mean think time: {args.think:g} s)"
    )
    print(f"throughput: {requests / elapsed:.1f} requests/s, {stats.flows / elapsed:.2f} flows/s")
    print(f"{'operation':<14}{'count':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for op in ("upload", "put_blob", "poll_draft", "confirm", "list", "list_search", "whole_flow", "list_only"):
        values = stats.times.get(op)
        if not values:
            continue
        print(
            f"{op:<14}{len(values):>7}{statistics.median(values):>10.1f}{percentile(values, 95):>10.1f}"
            f"{percentile(values, 99):>10.1f}{max(values):>10.1f}"
        )
    print(f"errors: {sum(stats.errors.values())}")
    for what, count in stats.errors.most_common():
        print(f"  {count:>5} × {what}")
    listed = stats.times.get("list", []) + stats.times.get("list_search", [])
    list_p95 = percentile(listed, 95) if listed else float("inf")
    print(f"target: zero errors and p95 list ≤ {TARGET_P95_LIST_MS:.0f} ms → list and search p95 {list_p95:.1f} ms")
    return not stats.errors and list_p95 <= TARGET_P95_LIST_MS


def connections_opened(database) -> str:
    """How many connections the MariaDB accepted since it started (each one a TLS handshake)."""
    import shutil
    import subprocess

    client = shutil.which("mariadb") or shutil.which("mysql")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYSQL")}
    query = "SHOW GLOBAL STATUS LIKE 'Connections'"
    command = [client, f"--socket={database.socket}", "-uroot", "-N", "-e", query]
    answer = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    return answer.stdout.split()[-1] if answer.returncode == 0 and answer.stdout.split() else "unknown"


def tracebacks(log: str) -> list[str]:
    """The message line before and the exception line of each traceback in a log, as one string each."""
    lines = log.splitlines()
    found = []
    for index, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = index + 1
            while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
                end += 1
            before = lines[index - 1] if index else ""
            found.append(f"{before.strip()[:160]} → {lines[end].strip()[:200] if end < len(lines) else '?'}")
    return found


def start_services(folder: Path, recognizer: str, answers: int, workers: int = 1):
    """MariaDB over TLS, Azurite, (a fake model) and the devhost on loopback: (url, stop, log path, database)."""
    from tests.conftest import Azurite, Devhost, MariaDB
    from tests.fakes.openai_server import FakeOpenAI, model_item

    for name in ("db", "blob", "host"):
        (folder / name).mkdir()
    database = MariaDB(folder / "db")
    blob = Azurite(folder / "blob")
    env = {
        "MYSQL_HOST": "127.0.0.1",
        "MYSQL_PORT": str(database.port),
        "MYSQL_USER": database.user,
        "MYSQL_PASSWORD": database.password,
        "MYSQL_DATABASE": "snapledger_test",
        "MYSQL_SSL_CA": str(database.ca),
        "UPLOAD_RATE_PER_MINUTE": "1000000",
        "RECOGNIZER": recognizer if recognizer != "fake" else "llm",
    }
    fake = None
    if recognizer == "fake":
        fake = FakeOpenAI().start()
        for _ in range(answers):
            fake.answer({"is_payment": True, "reason": None, "items": [model_item(order_no=None)]})
        env.update(AZURE_OPENAI_ENDPOINT=fake.azure_endpoint, AZURE_OPENAI_API_KEY="bench-key")
    host = Devhost(folder / "host", blob, FUNCTIONS_WORKER_PROCESS_COUNT=str(workers), **env)

    def stop():
        host.stop()
        blob.stop()
        database.stop()
        if fake is not None:
            fake.stop()

    return host.url, stop, folder / "host" / "devhost.log", database


def main() -> int:
    """Start the services, run the users, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-seconds", type=float, default=180)
    parser.add_argument("--recognizer", choices=("fake", "ocr"), default="fake")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean seconds a person looks at a screen before the next tap (0: a stress run with no pauses)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="devhost worker processes, like FUNCTIONS_WORKER_PROCESS_COUNT (default: one per core)",
    )
    args = parser.parse_args()

    from devhost.server import wait_for
    from tests.fixtures.render import render_png

    # Each person has their own screenshot (people do not all send the same picture, which the app flags).
    images = [
        render_png(
            "wechat_detail", merchant="瑞幸咖啡", amount=f"{20 + index * 0.37:.2f}", occurred_at="2026-11-03 08:15:42"
        )
        for index in range(args.users)
    ]
    size = statistics.median(len(image) for image in images)
    print(
        f"{args.users} screenshots of about {size / 1024:.0f} KB; starting MariaDB (TLS), Azurite and the devhost…",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="snapledger-load-") as tmp:
        base, stop, log, database = start_services(Path(tmp), args.recognizer, args.users * args.rounds, args.workers)
        try:
            wait_for(base + "/api/health", 60)
            stats = Stats()
            start = threading.Barrier(args.users + 1)
            deadline = time.monotonic() + args.max_seconds
            threads = [
                threading.Thread(
                    target=user,
                    args=(base, Person(image, args.think, seed), stats, args.rounds, deadline, start),
                    daemon=True,
                )
                for seed, image in enumerate(images)
            ]
            for thread in threads:
                thread.start()
            start.wait()
            began = time.perf_counter()
            for thread in threads:
                thread.join(max(0.0, deadline - time.monotonic()) + 60)
            elapsed = time.perf_counter() - began
            list_burst(base, stats, args.users, 5)
            ok = report(stats, elapsed, args)
            print(f"database connections opened: {connections_opened(database)}")
            crashes = tracebacks(log.read_text(errors="replace"))
            print(f"devhost log: {len(crashes)} traceback(s)")
            for first, last in Counter(crashes).most_common(5):
                print(f"  {last} × {first}")
        finally:
            stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
