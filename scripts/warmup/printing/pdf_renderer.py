"""WeasyPrint, set up once for cards and pictures: project files only, never the network.

Imported on first use rather than at start: loading WeasyPrint takes about 0.4 s, which a
build whose drawings all come from the render cache need not pay.
"""

from __future__ import annotations

import base64
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from weasyprint import Document


def _weasyprint():
    from warmup.printing import weasyprint_loaded  # noqa: F401 - how it is loaded first
    import weasyprint

    return weasyprint


@functools.cache
def _local_files_only():
    # Fonts, pictures and styles ship with the project; a missing one stops the build
    # instead of quietly printing without it.
    return _weasyprint().URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def font_configuration():
    """Share one between the drawings of a build: WeasyPrint then unpacks each font file once."""
    _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def stylesheet(path: Path, font_config):
    """``path`` parsed once, for every layout of a build that uses it (parsing costs as much as styling a card)."""
    return _weasyprint().CSS(filename=str(path), url_fetcher=_local_files_only(), font_config=font_config)


def lay_out(html: str, base_url: str, font_config=None, **options) -> Document:
    """``html`` laid out into pages, resolving relative addresses against ``base_url``."""
    source = _weasyprint().HTML(string=html, base_url=base_url, url_fetcher=_local_files_only())
    return source.render(font_config=font_config, **options)


def svg_picture(svg: str, ink: str, alt: str) -> Markup:
    """An inline <svg> as an <img> of it in ``ink``: WeasyPrint reads a picture once per drawing instead of
    styling each of its shapes on every layout, and takes its currentColor from the svg element's own colour."""
    coloured = svg.replace("<svg ", f'<svg color="{ink}" ', 1).encode("utf-8")
    return Markup(f'<img src="data:image/svg+xml;base64,{base64.b64encode(coloured).decode("ascii")}" '
                  f'alt="{escape(alt)}">')
