"""bench/load.py itself works: a small run against its own MariaDB, Azurite and multi-process devhost.

Only what the run did is checked (every flow completed, no errors, the figures printed); its timings are
the bench's business, never a test's.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.azurite, pytest.mark.mariadb]


def test_a_small_load_run_completes_every_flow_without_errors():
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--users", "4", "--rounds", "2", "--think", "0", "--workers", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout
    assert "4 users × 2 rounds" in out and "8 flows completed" in out, out + run.stderr
    assert "(devhost workers: 2, mean think time: 0 s)" in out
    assert "\nerrors: 0\n" in out
    for op in ("upload", "put_blob", "poll_draft", "confirm", "list", "list_search", "list_only"):
        assert re.search(rf"^{op}\s+\d+\s+[\d.]+", out, re.MULTILINE), op
    assert re.search(r"^database connections opened: \d+$", out, re.MULTILINE)
    assert "devhost log: 0 traceback(s)" in out
    assert run.returncode in (0, 1)  # 1 would only mean this busy machine missed the latency target
