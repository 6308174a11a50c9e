"""HTTPS at home: a certificate authority made on this computer, and certificates it signs for the LAN address.

The person installs the authority's certificate (`ca.crt`, public) on their phone once; from then on the phone
trusts the app and Azurite on this computer's address, which service workers, installing the page as an app
and the share target need (browsers offer them only to secure contexts). The authority's private key stays in
`DATA_DIR/lan-tls/ca.key` (mode 600) and signs only for the names given here; a new LAN address gets a new
server certificate from the same authority, so the phone never has to install anything again.
"""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
import os
import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CA_DAYS = 3650
# Apple's rule for certificates from an authority a person installed: at most 825 days; browsers want 398.
SERVER_DAYS = 397
RENEW_BEFORE_DAYS = 30


@dataclass(frozen=True)
class Files:
    """Where one install's HTTPS material lives."""

    folder: Path

    @property
    def ca_cert(self) -> Path:
        """The authority's certificate (public: what the phone installs)."""
        return self.folder / "ca.crt"

    @property
    def ca_key(self) -> Path:
        """The authority's private key (mode 600, never leaves this computer)."""
        return self.folder / "ca.key"

    @property
    def cert(self) -> Path:
        """The server certificate (with the authority's after it) the app and Azurite present."""
        return self.folder / "server.crt"

    @property
    def key(self) -> Path:
        """The server certificate's private key (mode 600)."""
        return self.folder / "server.key"

    @property
    def bundle(self) -> Path:
        """The public authorities plus this one: what this computer's own clients of Azurite trust."""
        return self.folder / "trust.pem"


def _private(path: Path, data: bytes) -> None:
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _authority(files: Files):
    """(certificate, key) of this install's authority, made on first use."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    if files.ca_cert.exists() and files.ca_key.exists():
        cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())
        key = serialization.load_pem_private_key(files.ca_key.read_bytes(), password=None)
        return cert, key
    files.folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, f"SnapLedger home CA {os.urandom(3).hex()}"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SnapLedger (this computer)"),
        ]
    )
    start = _now() - dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _private(files.ca_key, pem_key)
    files.ca_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def _names(hosts: list[str]):
    from cryptography import x509

    names = []
    for host in dict.fromkeys(hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def _current(files: Files, hosts: list[str]) -> bool:
    """True when the server certificate names exactly `hosts` and is not about to expire."""
    from cryptography import x509

    if not (files.cert.exists() and files.key.exists()):
        return False
    cert = x509.load_pem_x509_certificate(files.cert.read_bytes())
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    fresh = cert.not_valid_after_utc - _now() > dt.timedelta(days=RENEW_BEFORE_DAYS)
    return fresh and set(names) == set(_names(hosts))


def ensure(folder: Path, hosts: list[str]) -> Files:
    """The authority (made once) and a server certificate for `hosts` (made again when they change); the files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    files = Files(folder)
    ca_cert, ca_key = _authority(files)
    if not _current(files, hosts):
        key = ec.generate_private_key(ec.SECP256R1())
        start = _now() - dt.timedelta(minutes=5)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=SERVER_DAYS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName(_names(hosts)), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        pem_key = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _private(files.key, pem_key)
        files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + files.ca_cert.read_bytes())
    import certifi

    files.bundle.write_bytes(Path(certifi.where()).read_bytes() + b"\n" + files.ca_cert.read_bytes())
    return files


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """The TLS settings the devhost serves HTTPS with (TLS 1.2 or newer)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


AUTHORITY_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>SnapLedger 证书 / certificate</title></head>
<body style="font-family:system-ui,sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5">
<h1>在手机上信任这台电脑 · Trust this computer</h1>
<p><a href="/ca.crt" download="snapledger-ca.crt"><b>下载证书 · Download the certificate</b></a></p>
<p>iPhone：设置 → 通用 → VPN与设备管理 → 安装描述文件；再到 设置 → 通用 → 关于本机 → 证书信任设置，打开它。<br>
Android：设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书。</p>
<p>iPhone: Settings → General → VPN &amp; Device Management → install; then Settings → General → About →
Certificate Trust Settings → turn it on. Android: Settings → Security → Encryption &amp; credentials → Install a
certificate → CA certificate.</p>
<p>装好以后 · Then open: <a href="{app}">{app}</a></p>
</body></html>
"""


def serve_authority(host: str, port: int, files: Files, app_url: str):
    """A plain-HTTP server (in a daemon thread) that offers only the authority's certificate and how to install it.

    The certificate is public; this server answers nothing else, so it gives a neighbour nothing of the ledger.
    Returns the server (its `server_port` is the port it got).
    """
    certificate = files.ca_cert.read_bytes()
    page = AUTHORITY_PAGE.replace("{app}", html.escape(app_url)).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            return

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/ca.crt":
                body, kind = certificate, "application/x-x509-ca-cert"
            elif path == "/":
                body, kind = page, "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="authority", daemon=True).start()
    return server
