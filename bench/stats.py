"""Load 100k records into SQLite and into MariaDB (over TLS) and print the stats API's latency for a year's view.

    .venv/bin/python bench/stats.py [--records 100000] [--runs 40] [--only sqlite|mariadb]

Each database gets the same generated ledger (one owner, five years, ~55 records a day); the figure is the time
of GET /api/stats?from&to for the last 365 days through the real handler, median and p95 after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

END = date(2026, 11, 20)
YEARS = 5
OWNER = "local"
MERCHANTS = [
    (f"商户{i:03d}", cat) for i, cat in enumerate(["餐饮", "交通", "购物", "日用", "娱乐", "通讯", "医疗"] * 43)
]
PLATFORMS = ["微信支付", "支付宝", "云闪付", "美团", "京东", "滴滴出行"]


def generate(count: int, seed: int = 7) -> list[dict]:
    """`count` records spread over five years up to END, mostly expenses, with realistic hours and amounts."""
    rng = random.Random(seed)
    first = datetime.combine(END - timedelta(days=365 * YEARS), datetime.min.time())
    span = int((datetime.combine(END, datetime.min.time()) - first).total_seconds())
    now = datetime(2026, 11, 20, 12)
    rows = []
    for _ in range(count):
        merchant, category = rng.choice(MERCHANTS)
        roll = rng.random()
        direction = "expense" if roll < 0.88 else "refund" if roll < 0.93 else "income" if roll < 0.97 else "transfer"
        cents = int(rng.lognormvariate(3.3, 1.0) * 100) + 1
        rows.append(
            {
                "owner": OWNER,
                "direction": direction,
                "amount": Decimal(cents) / 100,
                "currency": "CNY",
                "occurred_at": first + timedelta(seconds=rng.randrange(span)),
                "tz": "Asia/Shanghai",
                "merchant": merchant,
                "platform": rng.choice(PLATFORMS),
                "payment_method": "零钱",
                "category": "收入" if direction == "income" else category,
                "memo": None,
                "order_no": f"{rng.getrandbits(60):018d}",
                "source": "import:wechat",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def load(engine, rows: list[dict]) -> float:
    """Bulk-insert rows in chunks; returns the seconds it took."""
    from records.schema import records

    started = time.perf_counter()
    for start in range(0, len(rows), 5000):
        with engine.begin() as conn:
            conn.execute(records.insert(), rows[start : start + 5000])
    return time.perf_counter() - started


def measure(runs: int) -> tuple[list[float], list[float]]:
    """Milliseconds of each GET /api/stats call for the last 365 days, through the decorated handler."""
    import azure.functions as func

    from handlers.reports import bp

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    app.register_functions(bp)
    handler = next(fn.get_user_function() for fn in app.get_functions() if fn.get_function_name() == "get_stats")
    params = {"from": (END - timedelta(days=364)).isoformat(), "to": END.isoformat()}
    request = func.HttpRequest(method="GET", url="http://localhost/api/stats", headers={}, params=params, body=b"")
    timings, cpu = [], []
    for index in range(runs + 3):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = handler(request)
        elapsed, elapsed_cpu = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
        if response.status_code != 200:
            raise SystemExit(f"stats answered {response.status_code}: {response.get_body()[:300]!r}")
        if index >= 3:  # the first calls build the engine and warm the caches
            timings.append(elapsed)
            cpu.append(elapsed_cpu)
    body = json.loads(response.get_body())
    print(f"    year view: expense {body['totals']['expense']} over {body['totals']['count']} records")
    return timings, cpu


def percentiles(values: list[float]) -> tuple[float, float]:
    """(median, p95) of `values`."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def report(name: str, measured: tuple[list[float], list[float]]) -> None:
    """Print wall-clock median and p95, and this process's CPU time (the figure a busy machine distorts least)."""
    timings, cpu = measured
    median, p95 = percentiles(timings)
    cpu_median, cpu_p95 = percentiles(cpu)
    verdict = "ok" if p95 <= 150 else "SLOWER THAN 150 ms"
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"{name:8s} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({len(timings)} runs, {verdict})")
    print(f"{'':8s} python cpu median {cpu_median:6.1f} ms   p95 {cpu_p95:6.1f} ms   load average {load}")


def use_settings(**env: str) -> None:
    """Point the process-wide settings and engine at another database."""
    from records import db
    from settings import get_settings

    for key in ("MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE", "MYSQL_SSL_CA"):
        os.environ.pop(key, None)
    os.environ.update(env)
    get_settings.cache_clear()
    db.reset_engine()


def bench_sqlite(rows: list[dict], runs: int, folder: Path) -> None:
    from records import db

    use_settings(DATA_DIR=str(folder / "sqlite"), AUTH_MODE="single-user")
    engine = db.get_engine()
    print(f"sqlite: loaded {len(rows)} records in {load(engine, rows):.1f} s")
    report("sqlite", measure(runs))


def server_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process has used so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_mariadb(rows: list[dict], runs: int, folder: Path) -> None:
    from records import db
    from tests.conftest import MariaDB

    server = MariaDB(folder / "mariadb")
    try:
        settings = server.settings(database="snapledger_bench")
        # The test server starts with a 32 MB buffer pool; a real one holds this table and its indexes in memory.
        server.sql(
            "SET GLOBAL innodb_buffer_pool_size = 268435456; CREATE DATABASE snapledger_bench CHARACTER SET utf8mb4;"
        )
        use_settings(
            AUTH_MODE="single-user",
            MYSQL_HOST=settings.mysql_host,
            MYSQL_PORT=str(settings.mysql_port),
            MYSQL_USER=settings.mysql_user,
            MYSQL_PASSWORD=settings.mysql_password,
            MYSQL_DATABASE=settings.mysql_database,
            MYSQL_SSL_CA=settings.mysql_ssl_ca,
        )
        engine = db.get_engine()
        print(f"mariadb (TLS): loaded {len(rows)} records in {load(engine, rows):.1f} s")
        before = server_cpu_seconds(server.proc.pid)
        measured = measure(runs)
        spent = (server_cpu_seconds(server.proc.pid) - before) * 1000 / (runs + 3)
        report("mariadb", measured)
        print(f"{'':8s} mariadbd cpu {spent:6.1f} ms a request (mean)")
    finally:
        db.reset_engine()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", choices=("sqlite", "mariadb"))
    args = parser.parse_args()
    rows = generate(args.records)
    with tempfile.TemporaryDirectory(prefix="snapledger-bench-") as tmp:
        folder = Path(tmp)
        (folder / "mariadb").mkdir()
        if args.only in (None, "sqlite"):
            bench_sqlite(rows, args.runs, folder)
        if args.only in (None, "mariadb"):
            bench_mariadb(rows, args.runs, folder)


if __name__ == "__main__":
    main()
