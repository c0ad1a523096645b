"""Exercise pictures: proved to be real pictures, and published at a size a phone should download.

A file in content/illustrations/ is published and stored on every phone for offline use, so
it must really be the picture its name says (not a page of script named .png), must not be a
decompression bomb, and a camera original is cut down to web size and re-encoded, which also
drops what the camera wrote into it (place, time, device).
"""

from __future__ import annotations

import contextlib
import io
import threading
import warnings

from warmup.problems import with_article

# Read from the file before anything is decoded: a picture over this is refused at once.
MAX_PICTURE_BYTES = 64 * 1024 * 1024
# A 48-megapixel camera photo fits; a "decompression bomb" (a small file that unpacks to
# gigabytes) does not.
MAX_PICTURE_PIXELS = 50_000_000
# The long side of the published copy: sharp on any phone, at most a few hundred kilobytes.
WEB_LONG_SIDE_PX = 1600

_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
_SAVE_OPTIONS = {"PNG": {"optimize": True}, "JPEG": {"quality": 85, "optimize": True},
                 "WEBP": {"quality": 85, "method": 4}}


class PictureProblem(Exception):
    """What is wrong with a picture file, said for the coach."""


def web_copy(data: bytes, suffix: str) -> bytes:
    """The picture decoded in full (so a broken one is caught), re-encoded at most WEB_LONG_SIDE_PX long.

    Raises PictureProblem when ``data`` is not a whole picture of the kind ``suffix`` names.
    """
    from PIL import Image, ImageOps

    expected = _FORMATS[suffix.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _strict_decoding(), Image.open(io.BytesIO(data), formats=[expected]) as picture:
                width, height = picture.size
                if width * height > MAX_PICTURE_PIXELS:
                    raise PictureProblem(f"is {width}×{height} pixels, more than the {MAX_PICTURE_PIXELS // 1_000_000} "
                                         "megapixels a picture may have; save a smaller copy "
                                         f"(at most {WEB_LONG_SIDE_PX} pixels on the long side is plenty)")
                picture.load()
                upright = ImageOps.exif_transpose(picture)
                upright.thumbnail((WEB_LONG_SIDE_PX, WEB_LONG_SIDE_PX), Image.Resampling.LANCZOS)
                if expected == "JPEG" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                out = io.BytesIO()
                upright.save(out, expected, **_SAVE_OPTIONS[expected])
                return out.getvalue()
    except PictureProblem:
        raise
    except Image.UnidentifiedImageError:
        raise PictureProblem(f"is not {with_article(expected)} picture (what it holds is something else); save it "
                             "again as .png, .jpg or .webp from a photo or drawing program, under a name that "
                             "matches its kind") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureProblem("unpacks to far more pixels than a picture should have; save it again from a "
                             "photo or drawing program") from None
    except Exception as error:  # noqa: BLE001 - Pillow reports a broken file with many kinds of error
        raise PictureProblem(f"is not {with_article(expected)} picture that can be opened ({_reason(error)}); "
                             "save it again as .png, .jpg or .webp from a photo or drawing program, under a name "
                             "that matches its kind") from None


_DECODING = threading.Lock()


@contextlib.contextmanager
def _strict_decoding():
    """Pillow refusing a picture cut short, though WeasyPrint, once imported (the live preview has drawn cards),
    tells it to pad one with grey for the whole process."""
    from PIL import ImageFile

    with _DECODING:
        padding = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = padding


def _reason(error: Exception) -> str:
    return " ".join(str(error).split())[:80] or type(error).__name__
