"""WeasyPrint loaded without asking ctypes where its libraries are: a fifth of a second less of every cold build.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject by trying several names for each (Windows', macOS' and
Linux's). For each name that is not a file's, cffi asks ``ctypes.util.find_library``, which on Linux runs
``ldconfig -p``, then gcc, ld and objdump for every name ldconfig does not know: some forty programs in all (most
of the CPU time of loading WeasyPrint) to learn that ``libpango-1.0-0`` is not a Linux name. On Linux each list
also names the library's own file (``libpango-1.0.so.0``), which the dynamic linker finds by itself, and which is
the file that the lookup answers anyway. So the lookup is left out while WeasyPrint loads there; where that fails
(a library under another file name), WeasyPrint is loaded again as it loads itself, and says nothing meanwhile.

Import this module, not ``weasyprint``, where a process may load WeasyPrint first.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys


def _load_weasyprint() -> None:
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its message about libraries it could not open
            import weasyprint  # noqa: F401
        return
    except OSError:
        pass
    finally:
        ctypes.util.find_library = find_library
    import weasyprint  # noqa: F401, F811


_load_weasyprint()
