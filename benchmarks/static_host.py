"""Serve a built site from 127.0.0.1 as static hosts do: gzip for text, the site's 404 page for missing files."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path

# What GitHub Pages, Netlify and the like compress; pictures and PDFs are compressed already.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as every static host: one connection serves many files

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the usual redirect to the address with a slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
            if not path.is_file():
                return self.send_error(404)
        body = path.read_bytes()
        content_type = self.guess_type(str(path))
        if content_type.startswith("text/") and "charset" not in content_type:
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if content_type.startswith(COMPRESSED_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=9, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve_static(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on a free port of 127.0.0.1; returns (base URL, server)."""
    handler = functools.partial(_StaticHostHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server
