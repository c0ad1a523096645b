"""The live preview (`warmup serve`): the site built again a moment after a file is saved, on any engine.

A server of warmup's own serves the preview's site under site_url's path, and each open page
waits for the next build to reload itself. A save is seen at once (the system reports it;
nothing is polled), and its rebuild does only what the save changed: the content is read again
and only the pages whose text changed are written into docs/; the engine, loaded once and kept
(Engine.warm), builds only those pages where it can; the drawings (cards, the share picture) are
listed only after its pages are shown, those the save changed drawn into the render cache, and the
pages built once more with them. The preview is never published: it writes no offline files (its pages
change on every save, so nothing may be cached there, and the pages' own script removes a
service worker left from an earlier visit) and keeps the theme's styles whole.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from warmup.stopping import Terminated
from warmup.engines.build_date import source_date_epoch
from warmup.engines.engine import Engine
from warmup.engines.engine_config import engine_config
from warmup.finish.steps import finish_site
from warmup.finish.write_site import generated_files
from warmup.lock import project_lock
from warmup.pipeline import finish_settings, prepare_docs, settle_drawings
from warmup.problems import MachineProblem, WarmupError
from warmup.progress import Progress
from warmup.project import Project
from warmup.site.identity import identity_settings
from warmup.settings.checks import check_settings
from warmup.settings.reader import SiteSettings, read_settings
from warmup.site.navigation import site_nav
from warmup.test_hooks import pause_point

RELOAD = ".warmup-reload"  # the address, under the site's path, at which a page waits for the next build
WAIT_SECONDS = 25  # how long one such wait lasts before the page asks again
QUIET_SECONDS = 0.02  # saves this close together are one rebuild (an editor writes a file in steps)
# Each page of the preview waits for the build after the one it shows, then reloads.
_RELOAD_SCRIPT = """<script>(function(){var seen=%d;function wait(){fetch(%r+"?after="+seen,{cache:"no-store"})
.then(function(r){return r.text()}).then(function(now){if(+now>seen){location.reload()}else{wait()}})
.catch(function(){setTimeout(wait,1000)})}wait()})();</script>"""


def hold(address: str) -> socket.socket:
    """A socket listening at ``address`` from now on (so a second preview there stops at once, before building);
    MachineProblem when another program (or preview) has it."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    try:
        return socket.create_server((host, int(port)), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)  # without the socket module's additions
        raise MachineProblem(f"cannot preview at {address}: {reason}; stop the other preview or choose another "
                             "address, e.g. --address 127.0.0.1:8001") from None


def home_page_url(settings: SiteSettings, address: str) -> str:
    """The address that opens the preview's home page: the site is served under site_url's path, as published."""
    return f"http://{address}{_site_path(settings)}"


def serve(project: Project, settings: SiteSettings, listening: socket.socket, engine: Engine, progress: Progress
          ) -> None:
    """Build the preview, serve it on ``listening`` and build it again after every save, until Ctrl+C."""
    preview = Preview(project, settings, engine, progress)
    server = http_server(listening, preview)
    watcher = Observer()
    for folder, inside_too in preview.watched():
        watcher.schedule(_Saved(preview), str(folder), recursive=inside_too)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    with engine.warm(project, settings) as preview.engine_program:
        try:
            watcher.start()  # a save during the first build is built after it
            preview.build()
            serving.start()
            preview.build_on_every_save()
        except KeyboardInterrupt as stop:
            if isinstance(stop, Terminated):
                raise
            # Ctrl+C is how a preview ends: not an interruption of anything.
        finally:
            watcher.stop()
            if serving.is_alive():  # shutdown() waits for serve_forever(), which a Ctrl+C in the first build forestalls
                server.shutdown()
            server.server_close()
            shutil.rmtree(preview.folder, ignore_errors=True)


class Preview:
    """The preview's built site, and its builds: one at a time, each after the saves that asked for it."""

    def __init__(self, project: Project, settings: SiteSettings, engine: Engine, progress: Progress):
        self.project, self.settings, self.engine, self.progress = project, settings, engine, progress
        self.date = source_date_epoch(project)  # the preview's pages keep one date, as a build's do
        # Inside the project, beside site/ (which stays as built): Zensical builds only there.
        self.folder = Path(tempfile.mkdtemp(dir=project.root, prefix=".warmup-preview-"))
        self.engine_program = None
        self.version = 0  # how many builds the preview has shown
        # What the last build wrote into docs/ (at first, what earlier builds did): its own writes are no saves.
        self.written = generated_files(project.docs_dir)
        self._changed = threading.Condition()
        self._saves: set[Path] = set()
        self._drawing = threading.Lock()
        # The project's lock is this process's, whichever thread takes it: a build and the drawing's tidying up of
        # the render cache take turns by this one.
        self._building = threading.Lock()
        self._builds = 0
        self._to_draw = None  # (rendering, which build) whose drawings a rebuild left for once its pages are shown

    def watched(self) -> list[tuple[Path, bool]]:
        """What a coach edits, and whether each is watched with the folders inside it: content/, templates/, the
        theme's blocks, docs/'s own files, and mkdocs.yml in the project's folder (that folder alone)."""
        project = self.project
        folders = [project.content_dir, project.templates_dir, project.root / "overrides", project.docs_dir]
        return [(folder, True) for folder in folders if folder.is_dir()] + [(project.root, False)]

    def saved(self, path: Path) -> None:
        """A file was written: a rebuild, unless it is no file a coach edits."""
        project = self.project
        if not path.is_relative_to(project.root) or path.is_relative_to(self.folder):
            return
        inside = path.relative_to(project.root)
        if any(part.startswith(".") for part in inside.parts):
            return  # a file being written (".name.x1y2"), an engine's settings file, the caches
        if len(inside.parts) == 1 and path != project.config_file:
            return
        with self._changed:
            self._saves.add(path)
            self._changed.notify_all()

    def build_on_every_save(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._saves)
            time.sleep(QUIET_SECONDS)
            with self._changed:
                saves, self._saves = self._saves, set()
            # What the last build wrote into docs/ itself is no save (its events may come after it, hence here).
            saves = {path for path in saves if not (path.is_relative_to(self.project.docs_dir) and path.relative_to(
                self.project.docs_dir).as_posix() in self.written)}
            if not saves:
                continue
            # The settings or the theme's blocks change every page: the engine builds them all again.
            whole = any(path == self.project.config_file or path.is_relative_to(self.project.root / "overrides")
                        for path in saves)
            try:
                self.build(again=not whole, settings_saved=self.project.config_file in saves,
                           drawn_first=saves == {self.project.cache_dir})
            except WarmupError as error:
                _report(error)

    def build(self, again: bool = False, settings_saved: bool = False, drawn_first: bool = False) -> None:
        """Build the preview from what the files hold now; ``again``: only what changed since the last build;
        ``drawn_first``: its drawings, which the last build's drawing put into the render cache, before its pages."""
        started = time.perf_counter()
        self._to_draw = None  # what an earlier build that failed left
        if settings_saved:
            settings = read_settings(self.project.config_file)
            check_settings(settings)
            self.settings = settings
        # A `warmup build` meanwhile waits, and docs/ stays whole for both.
        with self._building, project_lock(self.project.root):
            self._builds += 1
            rendering, self.written = prepare_docs(self.project, self.settings, finished_later=True,
                                                   drawing_later=self._draw_later if again and not drawn_first else None)
            library = rendering.library
            since = time.time()
            with engine_config(self.project, self.settings, site_nav(library, rendering.catalog), self.folder,
                               identity_settings(library.club, rendering.catalog)) as config:
                self.engine_program.build(config, self.settings.strict, again, self.date)
            finish_site(self.folder, finish_settings(self.settings, rendering.theme_color,
                                                       library.club.header_name, rendering.catalog.language, offline=False),
                        rendering.cache, pages_written_since=since if again else None)
            if self._to_draw is None:  # its drawings listed, the cache knows all it used
                rendering.cache.forget_unused()
        self.shown()
        self.progress.say(f"Built in {time.perf_counter() - started:.2f} s")
        if self._to_draw:
            # Only now: drawing beside the engine would slow the very pages the coach waits for.
            threading.Thread(target=self._settle_drawings, args=self._to_draw, daemon=True).start()
            self._to_draw = None

    def shown(self) -> None:
        """A build is over: the requests waiting for it are answered."""
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def _draw_later(self, rendering) -> None:
        self._to_draw = (rendering, self._builds)

    def _settle_drawings(self, rendering, build: int) -> None:
        """The drawings of build number ``build``, once its pages are shown: what they lack drawn into the render
        cache, then the pages built again with them; else the cache tidied as the build would have."""
        pause_point("preview-draws")
        with self._drawing:
            try:
                changed = settle_drawings(self.project, rendering)
            except WarmupError as error:  # a routine too long for a piece, or a piece found so by laying it out
                _report(error)
                return
        if changed:
            with self._changed:
                self._saves.add(self.project.cache_dir)
                self._changed.notify_all()
            return  # that build forgets what it did not use
        with self._building, project_lock(self.project.root):
            if self._builds == build:  # a later build's cache entries are not in this one's list
                rendering.cache.forget_unused()

    def wait_for_build_after(self, version: int) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.version > version, timeout=WAIT_SECONDS)
            return self.version


class _Saved(FileSystemEventHandler):
    def __init__(self, preview: Preview):
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.preview.saved(Path(os.fsdecode(path)))


def _report(error: WarmupError) -> None:
    for line in error.problems:
        print(f"error: {line}", file=sys.stderr, flush=True)
    print("The preview waits until this is fixed, then rebuilds by itself.", file=sys.stderr, flush=True)


def _site_path(settings: SiteSettings) -> str:
    """site_url's path, "/" first and last: where the site is served."""
    path = urlsplit(settings.site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def http_server(listening: socket.socket, preview: Preview) -> ThreadingHTTPServer:
    """The server that answers the preview's requests on ``listening``, started by the caller."""
    root = _site_path(preview.settings)

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *arguments, **keywords):
            super().__init__(*arguments, directory=str(preview.folder), **keywords)

        def log_message(self, format, *arguments) -> None:
            pass  # a browser asks for many files; the terminal shows builds and problems only

        def do_GET(self) -> None:
            address = urlsplit(self.path)
            if not address.path.startswith(root):
                self.send_response(HTTPStatus.FOUND)  # the bare address, as a browser asks for it first
                self.send_header("Location", root)
                self.end_headers()
                return
            inside = address.path[len(root):]
            if inside == RELOAD:
                after = int(parse_qs(address.query).get("after", ["0"])[0] or 0)
                self._send(str(preview.wait_for_build_after(after)).encode(), "text/plain")
                return
            file = preview.folder / inside
            if file.is_dir() and not address.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", address.path + "/")
                self.end_headers()
                return
            version = preview.version
            answer = self._answer(file)
            if answer is None:
                # The engine rebuilds in the folder served: a file found a moment ago can be gone. Its build is under
                # way, so the answer is what that build leaves.
                preview.wait_for_build_after(version)
                answer = self._answer(file) or (b"Not found", "text/plain", HTTPStatus.NOT_FOUND)
            self._send(*answer)

        def _answer(self, file: Path) -> tuple[bytes, str, HTTPStatus] | None:
            """The body, type and status that answer a request for ``file``; None when a rebuild removed what was
            found before it could be read."""
            if file.is_dir():
                file = file / "index.html"
            found = file.is_file() and file.resolve().is_relative_to(preview.folder.resolve())
            page = file if found else preview.folder / "404.html"
            try:
                if page.suffix == ".html" and page.is_file():
                    html = page.read_text("utf-8", errors="replace")
                    script = _RELOAD_SCRIPT % (preview.version, root + RELOAD)
                    html = html.replace("</body>", script + "</body>", 1) if "</body>" in html else html + script
                    return (html.encode("utf-8"), "text/html; charset=utf-8",
                            HTTPStatus.OK if found else HTTPStatus.NOT_FOUND)
                if found:
                    return page.read_bytes(), self.guess_type(str(page)), HTTPStatus.OK
            except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
                return None
            return b"Not found", "text/plain", HTTPStatus.NOT_FOUND

        def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address) -> None:
            if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that left before its answer: no news
                super().handle_error(request, client_address)

    server = Server(listening.getsockname()[:2], Handler, bind_and_activate=False)
    server.socket.close()
    server.socket = listening  # the socket held since the command started: no moment without a listener
    server.daemon_threads = True
    return server
