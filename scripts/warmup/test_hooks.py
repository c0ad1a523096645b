"""Fault points for the tests: stop a build at a chosen moment, or take the fallback swap.

Unset in normal use, so they do nothing. WARMUP_TEST_PAUSE_AT=NAME:FILE makes the build
create FILE each time it reaches the point NAME and wait there while FILE exists, so that a
test can kill it at exactly that moment, or start something else meanwhile and then let it
go on by deleting FILE; WARMUP_TEST_NO_EXCHANGE=1 makes it swap site/ with two renames, the
way it does on systems without an atomic exchange.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_VARIABLE = "WARMUP_TEST_PAUSE_AT"
NO_EXCHANGE_VARIABLE = "WARMUP_TEST_NO_EXCHANGE"


def pause_point(name: str) -> None:
    wanted, _, flag = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if wanted == name:
        Path(flag).touch()
        while Path(flag).exists():
            time.sleep(0.05)


def exchange_allowed() -> bool:
    return not os.environ.get(NO_EXCHANGE_VARIABLE)
