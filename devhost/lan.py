"""`python -m devhost.lan [--data-dir DIR] [--port 7071]`: the settings that serve SnapLedger to phones at home.

Prints shell `export` lines (what `make lan` evaluates) and, on standard error, the phone's address with a QR
code to scan. Azurite gets an account of its own — a random name and key made on first run and kept in
`DATA_DIR/azurite-account` (mode 600) — instead of the development key every Azurite ships with, so a
neighbour who can reach port 10000 cannot read or write the screenshots; the app answers only to this
computer's LAN address and loopback (ALLOWED_HOSTS), so a DNS-rebound name gets nothing.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path


def lan_address() -> str:
    """This computer's address on the local network (the interface a packet to a private address leaves by)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: connect() on UDP only picks a route
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def azurite_account(data_dir: Path) -> tuple[str, str]:
    """(account name, base64 key) of this install's Azurite account, made once and kept under `data_dir`."""
    path = data_dir / "azurite-account"
    if path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        return saved["name"], saved["key"]
    data_dir.mkdir(parents=True, exist_ok=True)
    name = "snapledger" + secrets.token_hex(4)
    key = base64.b64encode(secrets.token_bytes(64)).decode()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump({"name": name, "key": key}, out)
    return name, key


def settings_for(data_dir: Path, host: str, port: int, blob_port: int = 10000) -> dict[str, str]:
    """The environment that serves the app on `host`, with this install's own Azurite account."""
    name, key = azurite_account(data_dir)
    return {
        "AZURITE_ACCOUNTS": f"{name}:{key}",
        "AzureWebJobsStorage": (
            f"DefaultEndpointsProtocol=http;AccountName={name};AccountKey={key};"
            f"BlobEndpoint=http://{host}:{blob_port}/{name};"
        ),
        "ALLOWED_HOSTS": host,
        "DEVHOST_ORIGINS": f"http://{host}:{port}",
    }


def print_qr(url: str, out) -> None:
    """The address as a QR code drawn with characters, for the phone's camera."""
    try:
        import segno
    except ImportError:  # the address alone still works
        return
    segno.make(url, error="m").terminal(out=out, compact=True)


def main(argv: list[str] | None = None) -> int:
    """Print the export lines, and the phone's address (with its QR code) on standard error."""
    parser = argparse.ArgumentParser(prog="python -m devhost.lan", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("DATA_DIR", ".data")))
    parser.add_argument("--port", type=int, default=7071)
    parser.add_argument("--host", help="the address phones use (default: this computer's LAN address)")
    args = parser.parse_args(argv)
    host = args.host or lan_address()
    for key, value in settings_for(args.data_dir, host, args.port).items():
        print(f"export {key}={shlex.quote(value)}")
    url = f"http://{host}:{args.port}/"
    print(f"\nOpen {url} on a phone on the same Wi-Fi (scan the code):", file=sys.stderr)
    print_qr(url, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
