"""Page weight of the first load: every response the page pulls in, gzip-compressed, against the 150 KB target.

    python bench/page_weight.py                 # serve static_site/ here (API calls answer 404)
    python bench/page_weight.py --url URL       # measure a running devhost, e.g. http://localhost:7071

Loads the page in Debian's Chromium at 390×844, records each response body, gzips it (level 6, what a
front door or CDN would send) and prints the per-file table and the total. Screenshots (blob storage
images) are excluded: they are the person's content, not the page.
"""

from __future__ import annotations

import argparse
import gzip
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "static_site"
TARGET = 150 * 1024
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class StaticHandler(SimpleHTTPRequestHandler):
    """static_site/ with the app's CSP and MIME types; anything under /api answers 404 like a missing backend."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
    }

    def do_GET(self):
        if self.path.startswith("/api/"):
            body = b'{"error":{"code":"not_found","message":"no API in this bench"}}'
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self):
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; manifest-src 'self'; worker-src 'self'",
        )
        super().end_headers()

    def log_message(self, *args):
        pass


def serve_site() -> tuple[ThreadingHTTPServer, str]:
    """Serve static_site/ on a free port in a background thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def measure(base_url: str) -> list[tuple[str, int, int]]:
    """Load the page once and return (path, raw bytes, gzip bytes) for each same-origin response."""
    from playwright.sync_api import sync_playwright

    origin = urlparse(base_url).netloc
    seen: list[tuple[str, int, int]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base_url}/", wait_until="networkidle")
        page.wait_for_timeout(500)
        for response in responses:
            url = urlparse(response.url)
            if url.netloc != origin:
                continue  # screenshots from blob storage: the person's content, not page weight
            try:
                body = response.body()
            except Exception:
                body = b""
            path = url.path + (f"?{url.query}" if url.query else "")
            if all(path != known for known, _, _ in seen):  # a cached second use costs nothing
                seen.append((path, len(body), len(gzip.compress(body, 6))))
        # Installing the app fetches these too; headless Chromium may not have asked for them yet.
        for path in ("/manifest.webmanifest", "/sw.js"):
            if all(path != known for known, _, _ in seen):
                body = page.request.get(f"{base_url}{path}").body()
                seen.append((path, len(body), len(gzip.compress(body, 6))))
        browser.close()
    return seen


def main() -> None:
    """Print the per-response table and the total against the target."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running devhost to measure instead of serving static_site/ here")
    args = parser.parse_args()
    server = None
    base_url = args.url.rstrip("/") if args.url else None
    if not base_url:
        server, base_url = serve_site()
    try:
        rows = measure(base_url)
    finally:
        if server:
            server.shutdown()
    print(f"first load of {base_url}/ at 390x844")
    print(f"{'path':<44} {'raw B':>9} {'gzip B':>9}")
    for path, raw, packed in sorted(rows, key=lambda r: -r[2]):
        print(f"{path[:44]:<44} {raw:>9} {packed:>9}")
    raw_total = sum(r[1] for r in rows)
    gz_total = sum(r[2] for r in rows)
    verdict = "within" if gz_total <= TARGET else "OVER"
    print(f"{'total (' + str(len(rows)) + ' responses)':<44} {raw_total:>9} {gz_total:>9}")
    print(f"page weight: {gz_total / 1024:.1f} KB gzip ({raw_total / 1024:.1f} KB raw), {verdict} the 150 KB target")


if __name__ == "__main__":
    main()
