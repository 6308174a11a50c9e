"""`python -m devhost [--port 7071] [--host 127.0.0.1] [--workers N]`: serve SnapLedger locally.

With DEVHOST_TLS_DIR (what `make lan` sets, see devhost.lan) it serves HTTPS with the certificate there, and with
DEVHOST_CA_PORT it also offers, over plain HTTP on that port, only the authority's certificate for phones.
"""

import argparse
import logging
import os
import sys
from pathlib import Path

from devhost.server import serve, setup_link, stop_workers, supervise
from devhost.tls import Files, serve_authority, server_context
from handlers.responses import UNPROTECTED, easyauth_unprotected
from settings import get_settings

MAX_WORKERS = 10  # the Functions host's own limit for FUNCTIONS_WORKER_PROCESS_COUNT


def worker_count(text: str) -> int:
    """A worker process count from the command line or FUNCTIONS_WORKER_PROCESS_COUNT (1 to 10)."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"worker processes must be a whole number from 1 to {MAX_WORKERS}: {text!r}")
    return count


def main() -> int:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m devhost", description=__doc__)
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to reach it from a phone on the same network")
    parser.add_argument(
        "--workers",
        type=worker_count,
        default=None,
        help="Python worker processes sharing the port (default: FUNCTIONS_WORKER_PROCESS_COUNT, else 1)",
    )
    args = parser.parse_args()
    if args.workers is None:
        try:
            args.workers = worker_count(os.environ.get("FUNCTIONS_WORKER_PROCESS_COUNT") or "1")
        except argparse.ArgumentTypeError as exc:
            parser.error(f"FUNCTIONS_WORKER_PROCESS_COUNT: {exc}")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [%(process)d] %(name)s %(levelname)s %(message)s")
    # The Azure SDK logs every request at INFO; the host keeps its own log readable.
    logging.getLogger("azure").setLevel(logging.WARNING)
    tls_dir = os.environ.get("DEVHOST_TLS_DIR")
    context = None
    if tls_dir:
        files = Files(Path(tls_dir))
        context = server_context(files.cert, files.key)
    server = serve(args.port, args.host, workers=args.workers, tls=context)
    print(f"SnapLedger is running at {server.scheme}://localhost:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    if tls_dir and os.environ.get("DEVHOST_CA_PORT"):
        app_url = (os.environ.get("DEVHOST_ORIGINS") or "").split(",")[0] + "/"
        serve_authority(args.host, int(os.environ["DEVHOST_CA_PORT"]), files, app_url)
    if easyauth_unprotected(get_settings()):
        # Said at start, not only at the first request: nothing will be served until the setting is fixed.
        logging.getLogger("devhost").error(UNPROTECTED)
    link = setup_link(server.server_port, server.scheme)
    if link:
        print(
            "No account yet. Open this one-time link on this computer to create the first one"
            f" (it works for 24 hours, until the first account exists, or until the next start):\n  {link}",
            flush=True,
        )
    try:
        if server.worker_pids:
            return supervise(server)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop_workers(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
