"""`python -m devhost [--port 7071] [--host 127.0.0.1]`: serve SnapLedger locally."""

import argparse
import logging

from devhost.server import serve


def main() -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m devhost", description=__doc__)
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 to reach it from a phone on the same network")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # The Azure SDK logs every request at INFO; the host keeps its own log readable.
    logging.getLogger("azure").setLevel(logging.WARNING)
    server = serve(args.port, args.host)
    print(f"SnapLedger is running at http://localhost:{server.server_port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
