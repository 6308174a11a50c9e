"""Serve the app's HTTP functions, fire its blob trigger for blobs landing in Azurite, and run its timers."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import azure.functions as func

from devhost.azurite import provision
from devhost.blobs import BlobWatcher
from devhost.routing import build_routes, match
from devhost.timers import TimerRunner
from records import accounts
from records.db import get_engine
from settings import get_settings

logger = logging.getLogger("devhost")
ROOT = Path(__file__).resolve().parent.parent
# Azure strips these from client requests when App Service Authentication is on, then sets its own.
EASY_AUTH_HEADERS = (
    "x-ms-client-principal",
    "x-ms-client-principal-id",
    "x-ms-client-principal-name",
    "x-ms-client-principal-idp",
    "x-ms-token-aad-id-token",
    "x-ms-token-aad-access-token",
)
MAX_REQUEST_BYTES = 100 * 1024 * 1024  # the Functions host's own default limit


def load_local_settings(path: Path = ROOT / "local.settings.json") -> None:
    """Put local.settings.json's Values into the environment, as `func start` does (the environment wins)."""
    if not path.exists():
        return
    values = json.loads(path.read_text(encoding="utf-8")).get("Values", {})
    for key, value in values.items():
        os.environ.setdefault(key, str(value))


def make_handler(routes, *, strip_principal: bool, hints=None, scheme: str = "http"):
    """A request handler class bound to the app's routes."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "SnapLedgerDevhost/1"

        def log_message(self, fmt, *args):
            logger.debug("%s " + fmt, self.address_string(), *args)

        def _serve(self):
            split = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            if length > MAX_REQUEST_BYTES:
                self.send_error(413)
                return
            body = self.rfile.read(length) if length else b""
            route, params, other = match(routes, self.command, split.path)
            if route is None:
                self.send_error(405 if other else 404)
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            if strip_principal:
                for name in EASY_AUTH_HEADERS:
                    headers.pop(name, None)
            # As a front end does: the address sign-in throttling and the sessions list see is the peer's own.
            headers["x-forwarded-for"] = self.client_address[0]
            host = headers.get("host", "localhost")
            request = func.HttpRequest(
                method=self.command,
                url=f"{scheme}://{host}{self.path}",
                headers=headers,
                params=dict(parse_qsl(split.query, keep_blank_values=True)),
                route_params=params,
                body=body,
            )
            try:
                response = route.function(request)
            except Exception:
                logger.exception("function for %s raised", route.template)
                self.send_error(500)
                return
            body = response.get_body() or b""
            if hints is not None:
                hints.note(body)  # a write SAS handed out: the blob watcher looks for that blob
            payload = b"" if self.command == "HEAD" else body
            self.send_response(response.status_code)
            headers_out = dict(response.headers.items())
            sent = {k.lower() for k in headers_out}
            for key, value in headers_out.items():
                self.send_header(key, value)
            if "content-type" not in sent and response.mimetype:
                charset = f"; charset={response.charset}" if response.charset else ""
                self.send_header("Content-Type", f"{response.mimetype}{charset}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve

    return Handler


TLS_HANDSHAKE = b"\x16"  # the first byte of every TLS connection


def _redirect_to_https(connection) -> None:
    """Answer a plain-HTTP request on the HTTPS port with a redirect to the same address over HTTPS."""
    head = connection.recv(8192).decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    path = parts[1] if len(parts) == 3 and parts[1].startswith("/") else "/"
    host = next((line.split(":", 1)[1].strip() for line in lines[1:] if line.lower().startswith("host:")), "")
    if not host or any(c in host for c in "\r\n /\\@"):
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        return
    location = f"https://{host}{path}".encode("latin-1", "replace")
    ending = b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    connection.sendall(b"HTTP/1.1 301 Moved Permanently\r\nLocation: " + location + ending)


class _Server(ThreadingHTTPServer):
    # The default accept backlog of 5 resets connections when many phones talk at once; Azure's front end queues.
    request_queue_size = 128
    daemon_threads = True

    tls = None  # an ssl.SSLContext when serving HTTPS

    def get_request(self):
        connection, address = super().get_request()
        # Worker processes share a non-blocking listening socket; each accepted connection is served blocking.
        connection.setblocking(True)
        return connection, address

    def finish_request(self, request, client_address):
        """Serve one connection; over HTTPS the handshake happens here, on the connection's own thread."""
        if self.tls is not None:
            try:
                request.settimeout(30)  # a client that opens a connection and says nothing is let go
                if request.recv(1, socket.MSG_PEEK) != TLS_HANDSHAKE:
                    _redirect_to_https(request)  # someone typed http://: send them to the same page over HTTPS
                    return
                request = self.tls.wrap_socket(request, server_side=True)
                request.settimeout(None)
            except (ssl.SSLError, OSError) as exc:
                logger.info("TLS handshake with %s failed: %s", client_address[0], exc)
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        """A client that hung up mid-answer is not a fault of the app; anything else is printed as before."""
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError, …
            logger.info("client %s went away before its answer was sent", client_address[0])
            return
        super().handle_error(request, client_address)


def serve(
    port: int = 7071, host: str = "127.0.0.1", workers: int = 1, tls: ssl.SSLContext | None = None
) -> ThreadingHTTPServer:
    """Build the server plus the blob watcher and the timers for function_app.app; the caller serves (or supervises).

    With `workers` > 1, that many child processes share the listening socket, as the Functions host runs
    FUNCTIONS_WORKER_PROCESS_COUNT Python workers (one Python process is held to one core by its GIL), and
    this process only watches for blobs and runs the blob trigger and the timers, so recognizing a screenshot
    or a backup never holds up an HTTP answer, each upload is recognized once and each timer fires once.
    `server.worker_pids` names the children. With `tls` (devhost.tls.server_context) it serves HTTPS only.
    """
    load_local_settings()
    os.environ.setdefault("AzureWebJobsStorage", "UseDevelopmentStorage=true")
    os.environ.setdefault("UPLOADS_CONTAINER", "uploads")
    # As the Functions host does, the app is loaded only once local.settings.json is in the environment.
    import function_app

    settings = get_settings()
    # The host reads this metadata once; azure-functions refuses a second get_functions() on one app.
    functions = function_app.app.get_functions()
    routes = build_routes(functions)
    watcher = None
    if settings.storage_connection:
        receipts = Path(settings.data_dir) / "devhost-blob-receipts.txt"
        receipts.parent.mkdir(parents=True, exist_ok=True)
        watcher = BlobWatcher(functions, settings.storage_connection, receipts=receipts)
    scheme = "https" if tls is not None else "http"
    handler = make_handler(
        routes,
        strip_principal=settings.auth_mode == "easyauth",
        hints=watcher.hints if watcher else None,
        scheme=scheme,
    )
    server = _Server((host, port), handler)
    server.tls = tls
    server.scheme = scheme
    server.worker_pids = []
    server.watcher = watcher
    if settings.storage_connection:
        origins = [f"{scheme}://localhost:{server.server_port}", f"{scheme}://127.0.0.1:{server.server_port}"]
        origins += [o for o in os.environ.get("DEVHOST_ORIGINS", "").split(",") if o]
        provision(settings.storage_connection, settings.uploads_container, origins)
    if workers > 1:
        # Fork before any thread starts (and before any database connection exists): a child must not
        # inherit a lock another thread was holding, nor share a connection with this process.
        server.socket.setblocking(False)
        server.worker_pids = fork_workers(server, workers)
        server.socket.close()  # the workers accept; this process keeps only the port number
    if watcher is not None:
        watcher.start()
    # Started after the fork, in this process only: one firing per scheduled time, whatever the worker count.
    server.timers = TimerRunner(functions, status_file=Path(settings.data_dir) / "devhost-timer-status.json")
    server.timers.start()
    return server


def setup_link(port: int, scheme: str = "http") -> str | None:
    """With AUTH_MODE=accounts and no account yet, a fresh one-time link that creates the first one; else None."""
    if get_settings().auth_mode != "accounts":
        return None
    token = accounts.setup_token(get_engine())
    return f"{scheme}://127.0.0.1:{port}/#/setup?token={token}" if token else None


def fork_workers(server: ThreadingHTTPServer, count: int) -> list[int]:
    """Start `count` child processes serving the listening socket; they exit when this process does."""
    lifeline, keep = os.pipe()  # the children read; EOF means this process is gone, however it ended
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            os.close(keep)
            _serve_child(server, lifeline)
        pids.append(pid)
    os.close(lifeline)
    server.lifeline = keep
    logger.info(
        "%d worker processes (%s) serve HTTP; process %d runs the blob trigger",
        count,
        ", ".join(map(str, pids)),
        os.getpid(),
    )
    return pids


def _serve_child(server: ThreadingHTTPServer, lifeline: int) -> None:
    """A worker process's whole life: serve until the first process goes away or a signal stops it."""

    def leave():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # never run the first process's cleanup (or its finally blocks) in a child

    def watch():
        os.read(lifeline, 1)
        leave()

    threading.Thread(target=watch, name="lifeline", daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        leave()


def supervise(server: ThreadingHTTPServer, *, every: float = 0.5) -> int:
    """Wait while the worker processes serve; if one ends, stop the others and return 1.

    Only the workers are waited for: the blob trigger may run child processes of its own (the Azure CLI
    behind DefaultAzureCredential), which are not the devhost's to reap.
    """
    while True:
        for pid in list(server.worker_pids):
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                logger.error("worker process %d ended unexpectedly (wait status %d); stopping the devhost", pid, status)
                server.worker_pids.remove(pid)
                stop_workers(server)
                return 1
        time.sleep(every)


def stop_workers(server: ThreadingHTTPServer) -> None:
    """Stop the worker processes (they would also exit on their own once this process ends)."""
    for pid in server.worker_pids:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    server.worker_pids = []


def wait_for(url: str, seconds: float = 30) -> None:
    """Block until `url` answers (used by scripts and tests)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
