"""Draw several routines' cards at once, one per processor core.

WeasyPrint lays out in Python, so threads would take turns; helper processes draw side
by side. A build on its own forks them from itself, with WeasyPrint already loaded; beside
other threads (the live preview's) a fork could copy a lock another thread holds, so they
start from a fork server, a clean process, which costs about half a second more. Either way
they are used only when there is enough to draw.
Helpers never outlive the build: stopped with it, and ending by themselves if it is killed.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from warmup.lock import forget_inherited_locks
from warmup.process_ties import end_with

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many drawings, starting the helpers takes longer than it saves.
WORTH_HELPERS = 6
# What helpers run, loaded before they start (WeasyPrint alone takes about 0.3 s); the rasteriser and the PNG
# writer, which every helper's first drawing would otherwise load in turn.
_DRAWING_CODE = ["warmup.printing.weasyprint_loaded", "warmup.printing.cards", "warmup.site.share_image", "pypdfium2",
                 "PIL.PngImagePlugin"]
_FEWER_COLLECTIONS = (20_000, 20, 20)  # Python's own: (700, 10, 10)


def draw_in_parallel(draw: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[draw(item) for item in items]``, in helper processes when there are enough items and cores."""
    cores = os.cpu_count() or 1
    if len(items) < WORTH_HELPERS or cores < 2:
        return [draw(item) for item in items]
    import multiprocessing  # here, not at start: most builds draw too little to need helpers
    from concurrent.futures import ProcessPoolExecutor

    helpers = ProcessPoolExecutor(max_workers=min(cores, len(items)), mp_context=_start_method(multiprocessing),
                                  initializer=_helper_starts, initargs=(os.getpid(),))
    try:
        with _ctrl_c_left_to_the_build():
            drawings = [helpers.submit(draw, item) for item in items]  # starts the helpers
        results = [drawing.result() for drawing in drawings]
    except BaseException:
        # Stopped (Ctrl+C, SIGTERM) or a drawing failed: the other helpers' work is not wanted.
        _stop(helpers)
        raise
    helpers.shutdown()
    return results


def _start_method(multiprocessing):
    """Fork from this process when it runs alone, with the drawing code loaded first; else a fork server."""
    if _threads() == 1:
        for module in _DRAWING_CODE:
            importlib.import_module(module)
        sys.stdout.flush()  # else each helper would write out its copy of what is waiting
        sys.stderr.flush()
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_DRAWING_CODE)
    return context


def _threads() -> int:
    """This process's threads, the operating system's as well as Python's (a library's own count too)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _helper_starts(build_process: int) -> None:
    end_with(build_process)
    # Laying out makes many short-lived objects: collecting less often (and never looking again at what the
    # build had made before the fork) draws about 13% faster, for a few more megabytes.
    gc.freeze()
    gc.set_threshold(*_FEWER_COLLECTIONS)
    # A forked helper has the build's way of stopping and its project lock: neither is the helper's.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    forget_inherited_locks()


def _stop(helpers) -> None:
    drawings_back = helpers._result_queue  # the pool forgets both when shut down
    manager = helpers._executor_manager_thread
    if hasattr(helpers, "kill_workers"):  # Python 3.14
        helpers.kill_workers()
    else:  # before 3.14 the pool's own table of its processes is the only handle on them
        processes = list((helpers._processes or {}).values())
        helpers.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()
    # A helper killed part way through sending its drawing leaves the pool's reading thread waiting for the rest,
    # and Python waits for that thread at exit. The build holds the pipe's other end too: closed, the thread reads
    # its end instead, once the killed helpers' ends are closed with them.
    drawings_back._writer.close()
    # Before 3.12 the pool's own thread closes its wake-up pipe unguarded while Python's exit writes to it: met
    # between the two halves of the close, the write fails ("Exception ignored … Bad file descriptor" after
    # "Stopped."). The thread, told the helpers are gone, ends at once; waited for, its pipe is closed before the exit.
    if manager is not None:
        manager.join(timeout=10)


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
