"""How the command stops when the system asks it to (SIGTERM): as on Ctrl+C, tidying up first."""

from __future__ import annotations

import signal


class Terminated(KeyboardInterrupt):
    """The system asked the command to stop (SIGTERM): it stops as on Ctrl+C, tidying up first."""


def stop_on_terminate(signal_number, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough; a second must not cut the tidying short
    raise Terminated
