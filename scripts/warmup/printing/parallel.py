"""Draw several routines' cards at once, one per processor core.

WeasyPrint lays out in Python, so threads would take turns; helper processes draw side
by side. They start from a fork server (a clean process, safe beside the live preview's
threads), which costs about half a second, so they are used only when there is enough to draw.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

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
    context.set_forkserver_preload(["weasyprint", "warmup.printing.cards"])
    with ProcessPoolExecutor(max_workers=min(cores, len(items)), mp_context=context) as helpers:
        return list(helpers.map(draw, items))
