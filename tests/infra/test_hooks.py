"""The azd hooks run for real with a fake `az` on PATH (a small shell script answering like Azure would)
and a local HTTP server standing in for the deployed app: the Graph grant stops the deployment with the
commands an administrator can run, the Entra administrator follows the grant and is set once, and the
post-deploy check fails loudly when the API answers anonymous callers."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.infra.bicep_tools import INFRA

HOOKS = INFRA / "hooks"
GRAPH_SP = "graph-sp-0001"
MYSQL_IDENTITY = "mysql-identity-principal-0002"
APP_IDENTITY = "app-identity-principal-0003"

# A fake az: it logs each call and answers from files in $FAKE_AZ_STATE, so a test can say what Azure
# allows. "forbid-graph-write" makes appRoleAssignments POSTs fail like Graph's 403 does; "granted-by-admin"
# makes them fail like Graph's 400 for an assignment that exists already.
FAKE_AZ = r"""#!/bin/sh
state="$FAKE_AZ_STATE"
printf '%s\n' "$*" >> "$state/calls"
case "$*" in
  "ad sp show --id 00000003-0000-0000-c000-000000000000 --query id -o tsv")
    echo "graph-sp-0001" ;;
  "ad sp show --id 00000003-0000-0000-c000-000000000000 --query appRoles"*)
    permission=$(printf '%s' "$*" | sed "s/.*value=='\([A-Za-z.]*\)'.*/\1/")
    echo "role-$permission" ;;
  "rest --method get"*)
    if [ -f "$state/forbid-graph-read" ]; then echo "ERROR: Forbidden" >&2; exit 1; fi
    cat "$state/granted" 2>/dev/null || true ;;
  "rest --method post"*)
    if [ -f "$state/granted-by-admin" ]; then
      echo 'ERROR: Bad Request({"error":{"code":"Request_BadRequest",' \
        '"message":"Permission being assigned already exists on the object."}})' >&2
      exit 1
    fi
    if [ -f "$state/forbid-graph-write" ]; then
      echo 'ERROR: Forbidden({"error":{"code":"Authorization_RequestDenied",' \
        '"message":"Insufficient privileges to complete the operation."}})' >&2
      exit 1
    fi
    printf '%s\n' "$*" | sed "s/.*appRoleId\": \"\([^\"]*\)\".*/\1/" >> "$state/granted" ;;
  "ad app show"*) echo "https://already.example/.auth/login/aad/callback" ;;
  "ad app update"*|"ad app federated-credential create"*) ;;
  "ad app federated-credential list"*) echo "snapledger-easyauth" ;;
  "mysql flexible-server ad-admin show"*) cat "$state/admin" 2>/dev/null || { echo "not found" >&2; exit 3; } ;;
  "mysql flexible-server ad-admin create"*) echo "app-identity-principal-0003" > "$state/admin" ;;
  "mysql flexible-server parameter show"*) cat "$state/aad_only" 2>/dev/null || echo "OFF" ;;
  "mysql flexible-server parameter set"*) echo "ON" > "$state/aad_only" ;;
  *) echo "fake az: unexpected call: $*" >&2; exit 2 ;;
esac
"""


@pytest.fixture
def azure(tmp_path: Path) -> Path:
    """A directory with the fake az on PATH's first entry and its state files; returns the state dir."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "az").write_text(FAKE_AZ)
    (bin_dir / "az").chmod(0o755)
    state = tmp_path / "state"
    state.mkdir()
    return state


def run_hook(script: str, state: Path, **env: str) -> subprocess.CompletedProcess:
    """Run one hook with sh, the fake az first on PATH and the given azd environment values."""
    environment = {
        "PATH": f"{state.parent / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(state.parent),
        "FAKE_AZ_STATE": str(state),
        **env,
    }
    return subprocess.run(
        ["sh", str(HOOKS / script)], capture_output=True, text=True, env=environment, check=False, timeout=60
    )


def calls(state: Path) -> list[str]:
    """Every az command line the hook ran, in order."""
    path = state / "calls"
    return path.read_text().splitlines() if path.exists() else []


# -- Microsoft Graph grant ---------------------------------------------------------------------------------------


def test_graph_grant_fails_with_the_commands_an_administrator_can_run(azure):
    (azure / "forbid-graph-read").touch()
    (azure / "forbid-graph-write").touch()
    result = run_hook("grant-mysql-graph.sh", azure, MYSQL_SERVER_IDENTITY_PRINCIPAL_ID=MYSQL_IDENTITY)
    assert result.returncode != 0
    assert "Privileged Role Administrator" in result.stderr
    commands = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("az rest --method post")]
    assert len(commands) == 3
    for permission, command in zip(
        ["User.Read.All", "GroupMember.Read.All", "Application.Read.All"], commands, strict=True
    ):
        assert f"/servicePrincipals/{MYSQL_IDENTITY}/appRoleAssignments" in command
        body = json.loads(command.split("--body '", 1)[1].rstrip("'"))
        assert body == {"principalId": MYSQL_IDENTITY, "resourceId": GRAPH_SP, "appRoleId": f"role-{permission}"}
    assert "azd provision" in result.stderr


def test_graph_grant_grants_only_what_is_missing(azure):
    (azure / "granted").write_text("role-User.Read.All\nrole-GroupMember.Read.All\n")
    result = run_hook("grant-mysql-graph.sh", azure, MYSQL_SERVER_IDENTITY_PRINCIPAL_ID=MYSQL_IDENTITY)
    assert result.returncode == 0, result.stderr
    posts = [c for c in calls(azure) if c.startswith("rest --method post")]
    assert len(posts) == 1 and "role-Application.Read.All" in posts[0]
    again = run_hook("grant-mysql-graph.sh", azure, MYSQL_SERVER_IDENTITY_PRINCIPAL_ID=MYSQL_IDENTITY)
    assert again.returncode == 0
    assert len([c for c in calls(azure) if c.startswith("rest --method post")]) == 1


def test_graph_grant_an_administrator_made_counts_even_when_the_grants_cannot_be_read(azure):
    # Someone without the role re-runs azd provision after an administrator granted the permissions.
    (azure / "forbid-graph-read").touch()
    (azure / "granted-by-admin").touch()
    result = run_hook("grant-mysql-graph.sh", azure, MYSQL_SERVER_IDENTITY_PRINCIPAL_ID=MYSQL_IDENTITY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("already granted") == 3
    assert "Privileged Role Administrator" not in result.stderr


def test_graph_grant_failure_shows_what_graph_answered(azure):
    (azure / "forbid-graph-write").touch()
    result = run_hook("grant-mysql-graph.sh", azure, MYSQL_SERVER_IDENTITY_PRINCIPAL_ID=MYSQL_IDENTITY)
    assert result.returncode != 0
    assert "Insufficient privileges to complete the operation." in result.stderr


POSTPROVISION_ENV = {
    "AUTH_CLIENT_ID": "client-0004",
    "SERVICE_API_HOST": "func-abc-hash.eastus2-01.azurewebsites.example",
    "AZURE_TENANT_ID": "tenant-0005",
    "SERVICE_API_IDENTITY_PRINCIPAL_ID": APP_IDENTITY,
    "MYSQL_SERVER_IDENTITY_PRINCIPAL_ID": MYSQL_IDENTITY,
    "AZURE_RESOURCE_GROUP": "rg-test",
    "AZURE_MYSQL_SERVER_NAME": "mysql-abc",
    "AZURE_MYSQL_USER": "id-api-abc",
    "MYSQL_SERVER_IDENTITY_ID": "/subscriptions/s/resourceGroups/rg-test/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/id-mysql-abc",
}


def test_postprovision_stops_before_the_entra_administrator_when_the_grant_fails(azure):
    (azure / "forbid-graph-write").touch()
    result = run_hook("postprovision.sh", azure, **POSTPROVISION_ENV)
    assert result.returncode != 0
    assert not any("ad-admin create" in c for c in calls(azure))
    assert not any("parameter set" in c for c in calls(azure))
    # The redirect URI uses the host name Azure gave the site.
    update = [c for c in calls(azure) if c.startswith("ad app update")]
    assert update and f"https://{POSTPROVISION_ENV['SERVICE_API_HOST']}/.auth/login/aad/callback" in update[0]


def test_rerun_after_the_grant_sets_the_administrator_then_entra_only_sign_in_once(azure):
    (azure / "forbid-graph-write").touch()
    assert run_hook("postprovision.sh", azure, **POSTPROVISION_ENV).returncode != 0
    (azure / "forbid-graph-write").unlink()  # an administrator granted the permissions
    result = run_hook("postprovision.sh", azure, **POSTPROVISION_ENV)
    assert result.returncode == 0, result.stderr
    made = calls(azure)
    create = [i for i, c in enumerate(made) if "ad-admin create" in c]
    aad_only = [i for i, c in enumerate(made) if "parameter set" in c and "aad_auth_only --value ON" in c]
    last_grant = max(i for i, c in enumerate(made) if c.startswith("rest --method post"))
    assert len(create) == 1 and len(aad_only) == 1
    assert last_grant < create[0] < aad_only[0]
    assert f"--object-id {APP_IDENTITY}" in made[create[0]]
    assert run_hook("postprovision.sh", azure, **POSTPROVISION_ENV).returncode == 0
    assert len([c for c in calls(azure) if "ad-admin create" in c or "parameter set" in c]) == 2


# -- post-deploy check -------------------------------------------------------------------------------------------


class FakeApp(BaseHTTPRequestHandler):
    """Answers /api/records with the status the test chose and the blob webhook's validation handshake."""

    records_status = 401
    records_body = b""  # App Service Authentication's 401 to an XHR has no body
    echoes_validation = True
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        self.send_response(self.records_status)
        if self.records_status == 302:
            self.send_header("Location", "/.auth/login/aad")
        self.send_header("Content-Length", str(len(self.records_body)))
        self.end_headers()
        self.wfile.write(self.records_body)

    def do_POST(self):  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        events = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        code = events[0]["data"]["validationCode"] if self.echoes_validation else "something-else"
        payload = json.dumps({"validationResponse": code}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def app():
    """A local HTTP server standing in for the deployed Function App; yields its handler class to tune."""
    handler = type("App", (FakeApp,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield handler
    server.shutdown()
    server.server_close()


def check(app, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run check-deployment.sh against the fake app, without proxies, one attempt per request."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        SERVICE_API_URI=app.base,
        BLOBS_EXTENSION_KEY="secret-key-0006",
        CHECK_ATTEMPTS="1",
        CHECK_RETRY_SECONDS="0",
        NO_PROXY="127.0.0.1",
        HOME=str(tmp_path),
    )
    return subprocess.run(
        ["sh", str(HOOKS / "check-deployment.sh")], capture_output=True, text=True, env=env, check=False, timeout=60
    )


@pytest.mark.parametrize("refusal", [401, 302])
def test_check_passes_when_anonymous_callers_are_refused_and_the_webhook_answers(app, tmp_path, refusal):
    app.records_status = refusal
    result = check(app, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"/api/records -> HTTP {refusal}" in result.stdout
    assert "answers Event Grid's validation handshake" in result.stdout
    assert "secret-key-0006" not in result.stdout + result.stderr
    assert any(p.startswith("/runtime/webhooks/blobs?functionName=Host.Functions.on_upload&code=") for p in app.seen)


def test_check_says_so_when_the_app_and_not_the_platform_refused(app, tmp_path):
    # Easy Auth let the anonymous caller through to the code, which answered with its own JSON error.
    app.records_body = json.dumps({"error": {"code": "unauthorized", "message": "请先登录"}}).encode()
    result = check(app, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the app itself refused the anonymous request, not App Service Authentication" in result.stdout
    assert "ok: App Service Authentication refuses" not in result.stdout


def test_check_fails_when_sign_in_is_not_switched_on(app, tmp_path):
    # AUTH_MODE=easyauth without the platform in front: the app refuses everything with 503 auth_not_configured.
    app.records_status = 503
    result = check(app, tmp_path)
    assert result.returncode != 0
    assert "expected 401 or 302" in result.stderr and "HTTP 503" in result.stderr


def test_check_fails_loudly_when_the_api_is_open(app, tmp_path):
    app.records_status = 200
    result = check(app, tmp_path)
    assert result.returncode != 0
    assert "THE API IS OPEN" in result.stderr
    assert "/api/records -> HTTP 200" in result.stdout


def test_check_fails_when_the_webhook_does_not_answer_the_handshake(app, tmp_path):
    app.echoes_validation = False
    result = check(app, tmp_path)
    assert result.returncode != 0
    assert "did not echo the validation code" in result.stderr


def test_postdeploy_runs_the_check_with_the_key_it_read():
    hook = (HOOKS / "postdeploy.sh").read_text()
    assert 'BLOBS_EXTENSION_KEY="$key" sh "$(dirname "$0")/check-deployment.sh"' in hook
    assert hook.index("event-subscription create") < hook.rindex("check-deployment.sh")
