"""The blob trigger locally: fire the app's blob function once for each blob that lands in its container.

On Azure, Event Grid sends one BlobCreated event per upload. Azurite sends none, so the devhost has to look,
and looking must not cost more as the ledger grows: listing a container costs Azurite time for every blob in
it, and SnapLedger keeps every screenshot. So:

- an HTTP function hands out a write SAS URL before a phone uploads; the devhost's handlers pass each such
  blob name here (`UploadHints`, through a pipe, from whichever worker process answered), and the watcher
  checks just those until they arrive or their SAS expires;
- a full listing runs at start (blobs that arrived while the devhost was down) and every `scan_every`
  seconds (blobs written some other way);
- receipts in a file remember what fired, so a restart does not fire every old screenshot again.
"""

from __future__ import annotations

import logging
import os
import re
import select
import threading
import time
import typing
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, unquote

from azure.functions.blob import InputStream

logger = logging.getLogger("devhost")

HEAD_AT_MOST = 4  # more blobs awaited than this: one listing is cheaper than a request for each
EXPECT_FALLBACK_SECONDS = 30 * 60  # how long to await a blob whose SAS carries no expiry


def expand(path: str) -> str:
    """Resolve %SETTING% references in a binding path as the host does."""
    return re.sub(r"%(\w+)%", lambda m: os.environ.get(m.group(1), ""), path)


def blob_targets(functions) -> list[tuple[str, object]]:
    """(container, user function) for each blob-triggered function of the app."""
    targets = []
    for fn in functions:
        trigger = fn.get_trigger()
        if trigger.get_binding_name() == "blobTrigger":
            targets.append((expand(trigger.path).split("/", 1)[0], fn.get_user_function()))
    return targets


class UploadHints:
    """Blob names an HTTP answer just handed out a write SAS for, carried from any worker process to the watcher.

    Created before the worker processes fork, so they all hold the pipe's write end.
    """

    def __init__(self, account: str, containers: list[str]):
        self.pattern = None
        if containers:
            names = "|".join(re.escape(c) for c in containers)
            # Path-style URLs, as Azurite serves them: http://host:port/<account>/<container>/<blob>?<sas>
            self.pattern = re.compile(
                rf'https?://[^/"\s]+/{re.escape(account)}/({names})/([^?"\s]+)\?([^"\s]+)'.encode()
            )
        self.read_end, self.write_end = os.pipe()
        os.set_blocking(self.read_end, False)
        os.set_blocking(self.write_end, False)  # an answer never waits for the watcher

    def note(self, body: bytes) -> None:
        """Pass on every blob a response body grants create or write access to (called for each answer)."""
        if self.pattern is None or b"sig=" not in body:
            return
        for match in self.pattern.finditer(body):
            query = dict(parse_qsl(match.group(3).decode("ascii", "replace")))
            if not set(query.get("sp", "")) & set("cw"):
                continue  # a read URL for an image that is already there
            line = "\t".join((match.group(1).decode(), unquote(match.group(2).decode()), query.get("se", "")))
            try:
                os.write(self.write_end, (line + "\n").encode())  # one write below PIPE_BUF is atomic
            except BlockingIOError:
                logger.warning("blob watcher busy; %s will be found by its next listing", match.group(2))

    def take(self, timeout: float) -> list[tuple[str, str, float]]:
        """Hints that arrived, waiting up to `timeout` seconds for the first: (container, name, deadline)."""
        ready, _, _ = select.select([self.read_end], [], [], timeout)
        if not ready:
            return []
        chunks = []
        while True:
            try:
                chunk = os.read(self.read_end, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        hints = []
        for line in b"".join(chunks).decode(errors="replace").splitlines():
            container, name, expiry = (line.split("\t") + ["", ""])[:3]
            hints.append((container, name, _deadline(expiry)))
        return hints


def _deadline(expiry: str) -> float:
    """A monotonic deadline a minute past a SAS expiry (ISO 8601), or the fallback wait."""
    try:
        left = datetime.fromisoformat(expiry.replace("Z", "+00:00")).timestamp() - datetime.now(UTC).timestamp()
    except ValueError:
        left = EXPECT_FALLBACK_SECONDS
    return time.monotonic() + max(0.0, left) + 60


class BlobWatcher:
    """Calls the blob function once for each blob that appears in a trigger's container."""

    def __init__(
        self,
        functions,
        connection: str,
        *,
        receipts: Path | None = None,
        interval: float = 0.1,
        scan_every: float = 30.0,
    ):
        from azure.storage.blob import BlobServiceClient

        self.targets = dict(blob_targets(functions))
        self.connection = connection
        self.interval = interval
        self.scan_every = scan_every
        self.hints = UploadHints(BlobServiceClient.from_connection_string(connection).account_name, [*self.targets])
        self.receipts = receipts
        self.fired: set[tuple[str, str]] = set()
        if receipts is not None and receipts.exists():
            for line in receipts.read_text(encoding="utf-8").splitlines():
                container, _, name = line.partition("/")
                self.fired.add((container, name))
        self.pending: set[tuple[str, str]] = set()
        self.expected: dict[tuple[str, str], float] = {}
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="blob-trigger")
        self.stop = threading.Event()
        self.scans = 0  # full listings so far (tests and logs)

    def start(self) -> threading.Thread:
        """Run the watching loop in a daemon thread."""
        self.thread = threading.Thread(target=self._loop, name="blob-watcher", daemon=True)
        self.thread.start()
        return self.thread

    def close(self) -> None:
        """Stop watching and wait for the functions already fired to finish (and their receipts)."""
        self.stop.set()
        if getattr(self, "thread", None) is not None:
            self.thread.join(30)
        self.pool.shutdown(wait=True)

    def _loop(self):
        from azure.storage.blob import BlobServiceClient

        service = BlobServiceClient.from_connection_string(self.connection)
        next_scan = 0.0
        while not self.stop.is_set():
            for container, name, deadline in self.hints.take(self.interval):
                if container in self.targets:
                    self.expected.setdefault((container, name), deadline)
            try:
                if time.monotonic() >= next_scan:
                    self._scan(service)
                    next_scan = time.monotonic() + self.scan_every
                elif self.expected:
                    self._check_expected(service)
            except Exception as exc:  # storage not up yet, or restarting: keep watching
                logger.debug("blob watch failed: %s", exc)

    def _scan(self, service, containers=None):
        # Names only: the SDK then skips building a properties object per blob.
        for container in containers or self.targets:
            client = service.get_container_client(container)
            for name in client.list_blob_names():
                self._submit(service, container, name)
        self.scans += 1

    def _check_expected(self, service):
        now = time.monotonic()
        for key, deadline in list(self.expected.items()):
            if key in self.fired or key in self.pending or now > deadline:
                del self.expected[key]
        if len(self.expected) > HEAD_AT_MOST:
            self._scan(service, {container for container, _ in self.expected})
            return
        for container, name in list(self.expected):
            if service.get_blob_client(container, name).exists():
                self._submit(service, container, name)

    def _submit(self, service, container: str, name: str) -> None:
        key = (container, name)
        with self.lock:
            if key in self.fired or key in self.pending:
                return
            self.pending.add(key)
        self.expected.pop(key, None)
        self.pool.submit(self._fire, service.get_container_client(container), container, name)

    def _fire(self, client, container: str, name: str) -> None:
        key = (container, name)
        function = self.targets[container]
        try:
            argument = self._argument(function, client, container, name)
        except Exception as exc:  # gone again, or storage down: a later listing tries again
            logger.warning("could not read %s/%s for the blob trigger: %s", container, name, exc)
            with self.lock:
                self.pending.discard(key)
            return
        try:
            function(argument)
        except Exception:
            logger.exception("blob trigger for %s/%s raised", container, name)
        with self.lock:
            self.pending.discard(key)
            self.fired.add(key)
            if self.receipts is not None:
                with self.receipts.open("a", encoding="utf-8") as out:
                    out.write(f"{container}/{name}\n")

    @staticmethod
    def _argument(function, client, container: str, name: str):
        """What the host hands the function: a BlobClient for an SDK-type binding (no byte read), else a stream."""
        blob = client.get_blob_client(name)
        if wants_blob_client(function):
            return blob
        data = blob.download_blob().readall()
        return InputStream(data=data, name=f"{container}/{name}", uri=blob.url, length=len(data))


def wants_blob_client(function) -> bool:
    """True when the function's one parameter is annotated with a BlobClient type (the SDK-type binding)."""
    from azure.storage.blob import BlobClient

    hints = typing.get_type_hints(function)
    hints.pop("return", None)
    return any(isinstance(kind, type) and issubclass(kind, BlobClient) for kind in hints.values())
