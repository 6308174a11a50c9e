"""`python -m devhost.lan [--data-dir DIR] [--port 7071] [--http]`: the settings that serve SnapLedger to phones.

Prints shell `export` lines (what `make lan` evaluates) and, on standard error, the phone's address with a QR
code to scan. By default the app and Azurite speak HTTPS with a certificate from this install's own authority
(devhost.tls), which the phone installs once from a page on port+1 that offers only that certificate; `--http`
serves plain HTTP instead (no service worker, no install as an app, no share target).

Azurite gets an account of its own — a random name and key made on first run and kept in
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

from devhost import tls


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


def settings_for(
    data_dir: Path, host: str, port: int, blob_port: int = 10000, *, https: bool = False
) -> dict[str, str]:
    """The environment that serves the app on `host`, with this install's own Azurite account (and HTTPS)."""
    name, key = azurite_account(data_dir)
    scheme = "https" if https else "http"
    exports = {
        "AZURITE_ACCOUNTS": f"{name}:{key}",
        "AzureWebJobsStorage": (
            f"DefaultEndpointsProtocol={scheme};AccountName={name};AccountKey={key};"
            f"BlobEndpoint={scheme}://{host}:{blob_port}/{name};"
        ),
        "ALLOWED_HOSTS": host,
        "DEVHOST_ORIGINS": f"{scheme}://{host}:{port}",
        "AZURITE_TLS_ARGS": "",
    }
    if https:
        files = tls.ensure(data_dir / "lan-tls", [host, "127.0.0.1", "localhost"])
        exports.update(
            DEVHOST_TLS_DIR=str(files.folder),
            DEVHOST_CA_PORT=str(port + 1),
            # The devhost's own calls to Azurite (the blob trigger, the container set-up) trust the authority too.
            REQUESTS_CA_BUNDLE=str(files.bundle),
            AZURITE_TLS_ARGS=f"--cert {files.cert} --key {files.key}",  # make lan keeps them under .data/lan-tls
        )
    return exports


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
    parser.add_argument("--http", action="store_true", help="plain HTTP (no service worker, install or share target)")
    args = parser.parse_args(argv)
    host = args.host or lan_address()
    exports = settings_for(args.data_dir, host, args.port, https=not args.http)
    for key, value in exports.items():
        print(f"export {key}={shlex.quote(value)}")
    url = f"{'http' if args.http else 'https'}://{host}:{args.port}/"
    if not args.http:
        authority = f"http://{host}:{exports['DEVHOST_CA_PORT']}/"
        print(
            f"\nFirst time on a phone: open {authority} (scan the first code), install the certificate it offers,"
            " and trust it (the page says how).",
            file=sys.stderr,
        )
        print_qr(authority, sys.stderr)
    print(f"\nOpen {url} on a phone on the same Wi-Fi (scan the code):", file=sys.stderr)
    print_qr(url, sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
