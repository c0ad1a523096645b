"""Turn the first page of a PDF into a PNG picture, for previews of cards and share images."""

from __future__ import annotations

import io


def pdf_to_png(pdf: bytes, width_px: int, grey_levels: int | None = None) -> bytes:
    """A PNG of the PDF's first page, ``width_px`` wide; the same PDF always gives the same bytes.

    ``grey_levels``, for a black-and-white original: a grey palette of that many shades,
    a fraction of the bytes of full colour for a phone on a weak signal.
    """
    import pypdfium2  # here, not at start: a build whose pictures all come from the render cache needs none

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width_px / page.get_width()).to_pil()
    finally:
        document.close()
    output = io.BytesIO()
    image = image.convert("L").quantize(grey_levels) if grey_levels else image.convert("RGB")
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
