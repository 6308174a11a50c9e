"""Schemathesis against /api/openapi.json on a devhost of our own: no 500s, every answer matches the document.

Runs the examples, coverage, fuzzing and stateful phases (links between operations are inferred from the
document and the answers), bounded to well under two minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Devhost

pytestmark = pytest.mark.azurite
HERE = Path(__file__).resolve().parent
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)


@pytest.fixture(scope="module")
def host(tmp_path_factory, azurite):
    budgets = {f"{kind}_RATE_PER_MINUTE": "100000" for kind in ("UPLOAD", "IMPORT", "RETRY", "EXPORT")}
    server = Devhost(tmp_path_factory.mktemp("fuzz"), azurite, **budgets)
    yield server.url
    server.stop()


def test_the_api_answers_every_generated_request_as_documented(host, tmp_path):
    st = shutil.which("st", path=os.path.dirname(sys.executable))
    if st is None:
        pytest.skip("schemathesis is not installed (pip install -r requirements-dev.txt)")
    command = [
        st,
        "--config-file",
        str(HERE / "schemathesis.toml"),
        "run",
        f"{host}/api/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        "20",
        "--max-time",
        "90",
        "--seed",
        "7",
        "--request-timeout",
        "30",
        "--continue-on-failure",
        "--max-failures",
        "20",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    # Run in tmp_path: schemathesis keeps a crash cache (.schemathesis/) in its working directory.
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"}
    )
    summary = done.stdout[-6000:]
    assert done.returncode == 0, f"schemathesis found problems:\n{summary}\n{done.stderr[-2000:]}"
    assert "Stateful" in done.stdout and "generated" in done.stdout, summary
