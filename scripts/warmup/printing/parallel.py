"""Draw several routines' cards at once, one per processor core.

WeasyPrint lays out in Python, so threads would take turns; helper processes draw side
by side. They start from a fork server (a clean process, safe beside the live preview's
threads), which costs about half a second, so they are used only when there is enough to draw.
Helpers never outlive the build: stopped with it, and ending by themselves if it is killed.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from warmup.process_ties import end_with

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many drawings, starting the helpers takes longer than it saves.
WORTH_HELPERS = 6


def draw_in_parallel(draw: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[draw(item) for item in items]``, in helper processes when there are enough items and cores."""
    cores = os.cpu_count() or 1
    if len(items) < WORTH_HELPERS or cores < 2:
        return [draw(item) for item in items]
    import multiprocessing  # here, not at start: most builds draw too little to need helpers
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["weasyprint", "warmup.printing.cards", "warmup.site.share_image"])
    helpers = ProcessPoolExecutor(max_workers=min(cores, len(items)), mp_context=context,
                                  initializer=end_with, initargs=(os.getpid(),))
    try:
        with _ctrl_c_left_to_the_build():
            drawings = [helpers.submit(draw, item) for item in items]  # starts the fork server and helpers
        results = [drawing.result() for drawing in drawings]
    except BaseException:
        # Stopped (Ctrl+C, SIGTERM) or a drawing failed: the other helpers' work is not wanted.
        _stop(helpers)
        raise
    helpers.shutdown()
    return results


def _stop(helpers) -> None:
    if hasattr(helpers, "kill_workers"):  # Python 3.14
        helpers.kill_workers()
        return
    # Before 3.14 the pool's own table of its processes is the only handle on them.
    processes = list((helpers._processes or {}).values())
    helpers.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


@contextmanager
def _ctrl_c_left_to_the_build() -> Iterator[None]:
    """Ctrl+C waits while helpers start, and processes started meanwhile never see it.

    Ctrl+C reaches every process of the terminal; the build stops its helpers itself, quietly,
    instead of each printing where it was interrupted. A blocked signal stays blocked in a
    started process, and here waits to be handled as soon as the helpers are started.
    """
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
