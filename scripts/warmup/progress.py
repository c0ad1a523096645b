"""One line of progress per stage of a build, with how long it took."""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable, ContextManager, Iterator

from warmup.stopping import stop_if_asked

Stage = Callable[[str], ContextManager[None]]


@contextmanager
def no_progress(name: str) -> Iterator[None]:
    """The stage reporter for callers that print nothing (the MkDocs plugin, tests)."""
    yield


class Progress:
    """Prints `  check content ........ 0.05 s` when a stage finishes; nothing when it fails or when quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.started = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        stop_if_asked()
        self.say(f"  {name} {'.' * max(2, 22 - len(name))} {time.perf_counter() - started:5.2f} s")

    def say(self, line: str) -> None:
        if not self.quiet:
            print(line, flush=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started
