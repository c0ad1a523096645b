"""Serve a built site from 127.0.0.1 as static hosts do: under site_url's path, gzip for text, the site's
404 page for missing files."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml

# What GitHub Pages, Netlify and the like compress; pictures and PDFs are compressed already.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@functools.lru_cache(maxsize=512)
def _compressed(body: bytes) -> bytes:
    """``body`` as the host sends it gzipped: the same bytes every time, so compressed once per content
    (each first visit's service worker fetches the whole site again)."""
    return gzip.compress(body, compresslevel=9, mtime=0)


def site_url_setting(project_root: Path) -> str:
    """The site_url line of the project's mkdocs.yml (which may hold Python tags other settings use)."""
    for line in (project_root / "mkdocs.yml").read_text("utf-8").splitlines():
        if line.startswith("site_url:"):
            return yaml.safe_load(line)["site_url"]
    raise AssertionError("mkdocs.yml has no site_url")


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as every static host: one connection serves many files

    under = "/"  # the site's path on the host, as site_url gives it: "/" or "/name/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path("/" + path.removeprefix(self.under))

    def do_GET(self):
        inside = self.path.startswith(self.under)  # outside the site's path, nothing of it is found
        path = Path(self.translate_path(self.path))
        if inside and path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the usual redirect to the address with a slash
            path = path / "index.html"
        status = 200
        if not inside or not path.is_file():
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
            body = _compressed(body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve_static(folder: Path, site_url: str = "/") -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on a free port of 127.0.0.1 under ``site_url``'s path, as its host would
    (the 404 page and the theme's settings name that path); returns (the site's URL, server)."""
    under = "/" + "".join(part + "/" for part in urlsplit(site_url).path.split("/") if part)
    handler = functools.partial(type("Handler", (_StaticHostHandler,), {"under": under}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{under}", server
