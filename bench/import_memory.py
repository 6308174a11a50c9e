"""Peak memory and time of a bill import, each case in a fresh process, against the 100 MB target.

    python bench/import_memory.py            # every case
    python bench/import_memory.py largest    # one case

Each case runs in a child process on its own SQLite ledger: the child reads the bill file, builds the
multipart request the page sends, resets the kernel's peak-RSS mark (/proc/self/clear_refs), calls the app's
POST /api/imports handler as the Functions host does (multipart parse, rows, duplicates, the stored preview) and
reports how far the peak rose above the resident size just before, with the wall time. Cases:

- largest: the largest bill allowed, 20,000 WeChat Pay rows in about 10 MB (long memos); then its commit;
- one_cell_lines: 3 MB of one-cell lines below a header (refused at row 20,001: too_many_rows);
- too_large: an 11 MB file (refused while streaming: bill_too_large).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 100
MB = 1024 * 1024
HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"
PREAMBLE = "微信支付账单明细\n" + "\n" * 3 + "----------------------微信支付账单明细列表--------------------\n"
MERCHANTS = ("瑞幸咖啡", "美团外卖", "便利蜂", "滴滴出行", "京东", "全家", "盒马", "星巴克")


def wechat_bill(rows: int, memo_chars: int = 0) -> bytes:
    """A WeChat Pay bill CSV (UTF-8 with BOM) of `rows` distinct payments, each memo `memo_chars` long."""
    start = datetime(2026, 10, 31, 23, 0)
    lines = [PREAMBLE + HEADER]
    memo = ("备注" * memo_chars)[:memo_chars] or "/"
    for n in range(rows):
        when = (start - timedelta(minutes=7 * n)).strftime("%Y-%m-%d %H:%M:%S")
        merchant = MERCHANTS[n % len(MERCHANTS)]
        amount = f"¥{(n % 9000) / 100 + 1:.2f}"
        lines.append(f"{when},商户消费,{merchant},商品{n},支出,{amount},零钱,支付成功,42{n:026d}\t,M{n:020d}\t,{memo}")
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def one_cell_lines(size: int = 3 * MB) -> bytes:
    """A header, then one-cell lines up to `size` bytes: what cost hundreds of MB when read as a whole table."""
    head = (PREAMBLE + HEADER + "\n").encode("utf-8")
    return head + b"x\n" * ((size - len(head)) // 2)


def too_large(size: int = 11 * MB) -> bytes:
    """A bill of `size` bytes (about 1 KB per row), over the 10 MB cap."""
    row = wechat_bill(1, memo_chars=300).split(b"\n")[-2] + b"\n"
    head = wechat_bill(0)
    return head + row * ((size - len(head)) // len(row) + 1)


CASES = {
    "largest": lambda: wechat_bill(20000, memo_chars=120),
    "one_cell_lines": one_cell_lines,
    "too_large": too_large,
}


def _status(field: str) -> int:
    """A field of /proc/self/status in bytes (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _measured(call):
    """(result, peak rise in bytes, seconds) of `call()`, the peak measured from the resident size before it."""
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from the resident size now
    before = _status("VmRSS")
    started = time.perf_counter()
    result = call()
    return result, _status("VmHWM") - before, time.perf_counter() - started


def child(case: str, path: str, folder: str) -> dict:
    """Run one case in this (fresh) process; returns what it measured."""
    os.environ.update({"DATA_DIR": folder, "AUTH_MODE": "single-user", "UPLOADS_CONTAINER": "uploads"})
    os.environ.pop("MYSQL_HOST", None)
    sys.path.insert(0, str(ROOT))
    import azure.functions as func
    import openpyxl  # noqa: F401 - loaded before measuring, as a warm worker has it

    import function_app
    from records.db import get_engine, migrate
    from tests.handlers.multipart import multipart

    migrate(get_engine())
    handlers = {fn.get_function_name(): fn.get_user_function() for fn in function_app.app.get_functions()}
    data = Path(path).read_bytes()
    body, content_type = multipart("bill.csv", data)
    del data
    request = func.HttpRequest(
        method="POST",
        url="http://localhost/api/imports",
        headers={"content-type": content_type, "accept-language": "en", "host": "localhost"},
        body=body,
    )
    response, rise, seconds = _measured(lambda: handlers["create_import"](request))
    answer = json.loads(response.get_body())
    out = {"case": case, "bytes": len(body), "status": response.status_code, "rise": rise, "seconds": seconds}
    out["code"] = answer.get("error", {}).get("code") or f"{answer.get('new', 0)} new rows"
    if response.status_code == 201:
        commit = func.HttpRequest(
            method="POST",
            url="http://localhost/api/imports/x/commit",
            headers={"host": "localhost"},
            route_params={"import_id": answer["import_id"]},
            body=b"",
        )
        done, out["commit_rise"], out["commit_seconds"] = _measured(lambda: handlers["commit_import"](commit))
        out["commit_status"] = done.status_code
    return out


def run(case: str) -> dict:
    """Write the case's file and measure it in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bill.csv"
        path.write_bytes(CASES[case]())
        done = subprocess.run(
            [sys.executable, __file__, "--child", case, str(path), folder],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(result: dict) -> str:
    """One printed row of figures."""
    text = (
        f"{result['case']:<15} {result['bytes'] / MB:6.1f} MB  → {result['status']} {result['code']:<22}"
        f" peak +{result['rise'] / MB:6.1f} MB  {result['seconds']:6.2f} s"
    )
    if "commit_rise" in result:
        text += f"\n{'  then commit':<15} {'':>9}  → {result['commit_status']} {'':<22}"
        text += f" peak +{result['commit_rise'] / MB:6.1f} MB  {result['commit_seconds']:6.2f} s"
    return text


def main(argv: list[str]) -> int:
    """Print the figures of the cases named in argv (all by default)."""
    if argv[:1] == ["--child"]:
        print(json.dumps(child(*argv[1:4])))
        return 0
    results = [run(case) for case in (argv or list(CASES))]
    print(f"bill import, peak memory above the resident size before (target: at most +{TARGET_MB} MB)")
    for result in results:
        print(line(result))
    worst = max(max(r["rise"], r.get("commit_rise", 0)) for r in results)
    print(f"worst rise: {worst / MB:.1f} MB ({'within' if worst <= TARGET_MB * MB else 'OVER'} the target)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
