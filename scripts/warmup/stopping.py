"""How a build stops when the system asks it to (SIGTERM): as on Ctrl+C, tidying up first.

Python raises a signal handler's exception wherever the program is; where that is a destructor or a garbage
collector's callback, it only prints "Exception ignored" and goes on. The request is therefore also kept, and
looked at where a build goes on to its next stage, swaps its site in, or ends: a stop never turns into a success.
"""

from __future__ import annotations


class Terminated(KeyboardInterrupt):
    """The system asked the command to stop (SIGTERM): it stops as on Ctrl+C, tidying up first."""


_asked = False


def stop_on_terminate(signal_number, frame) -> None:
    global _asked
    if _asked:
        return  # once is enough; a second must not cut the tidying short
    _asked = True
    raise Terminated


def stop_if_asked() -> None:
    """Terminated, if SIGTERM came and its exception was lost where Python ignores exceptions."""
    if _asked:
        raise Terminated
