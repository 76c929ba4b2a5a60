"""
Session photographs: an upload checked by its bytes, then made ready for the web.

A file is taken only if Pillow reads it whole as a JPEG, PNG or WebP of at most
MAX_BYTES and MAX_PIXELS: an HTML page named .jpg, an SVG, a truncated JPEG or a
decompression bomb is refused with a message, before anything is stored. The whole
preparation runs while the upload is checked (``validate_photo``), so that a file no step
of it can handle is refused with a message too, and its result is kept for the save: the
photograph is turned upright by its EXIF orientation and encoded anew from its pixels
alone (the colour profile stays; nothing else of the file does: camera, time, GPS
position, comments, private chunks, bytes after the picture), and the sizes the pages
show are made from it, as WebP files WIDTHS wide, never wider than the original.

A file from a content archive (``from_archive``, set by forum.core.portable) is an
original this site stored, already encoded anew: it is checked and its sizes are made
again, but its bytes are kept, since encoding a JPEG again would change them.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Longer side to shorter: a wider panorama or a taller strip is no photograph for a page
# (and a size of it could exceed what WebP holds, 16,383 pixels a side).
MAX_RATIO = 10
WIDTHS = (480, 960, 1600)
# Pillow's format → the stored original's extension.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Prepared:
    """An upload made ready: the original to store (as ``extension``) and its sizes."""

    original: bytes
    extension: str
    width: int
    height: int
    renditions: list


def read(file):
    """The upload's bytes, refused if there are too many."""
    if file.size is not None and file.size > MAX_BYTES:
        raise too_large(file.size)
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    file.seek(0)
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    return data


def too_large(size):
    return ValidationError(
        _("The file is %(size)s; a photograph may be at most %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
    )


def open_image(data):
    """The image in ``data``, decoded whole; a ValidationError for anything else."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as probe:
                check_dimensions(probe)
                probe.verify()  # the structure (a PNG's checksums), not the pixels
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
            image.load()  # the pixels: a truncated or damaged file fails here
        except ValidationError:
            raise
        except UnidentifiedImageError as error:
            raise ValidationError(
                _("Only JPEG, PNG and WebP photographs can be added; this file is none of them."),
                code="not_image",
            ) from error
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels() from error
        except Exception as error:  # a hostile file can make a decoder fail in any way
            raise damaged() from error
    return image


def check_dimensions(image):
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise too_many_pixels()
    if max(width, height) > MAX_RATIO * min(width, height):
        raise ValidationError(
            _("A photograph’s longer side may be at most %(ratio)d times its shorter one."),
            code="shape",
            params={"ratio": MAX_RATIO},
        )


def too_many_pixels():
    return ValidationError(
        _("The photograph has too many pixels; at most %(megapixels)d million can be added."),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )


def validate_photo(file):
    """The field's validator: the upload prepared whole (or refused), the result kept on
    the uploaded file for the model's save (``prepared``)."""
    if getattr(file, "_committed", False):
        return  # stored already, checked when it came in
    prepared(file)


def uploaded(file):
    """The uploaded file itself, as the validator and the model's save both see it (the
    model's field wraps it in a FieldFile)."""
    return file.file if isinstance(file, FieldFile) else file


def prepared(file):
    """The upload's preparation, made once: a ValidationError if it cannot be made."""
    upload = uploaded(file)
    result = getattr(upload, "_prepared", None)
    if result is None:
        result = upload._prepared = prepare(upload)
    return result


def prepare(file):
    """The upload, upright and encoded anew without metadata, with its sizes for the web."""
    data = read(file)
    image = open_image(data)
    try:
        extension = FORMATS[image.format]
        profile = image.info.get("icc_profile")
        if not getattr(file, "from_archive", False):
            # The pixels and colour profile only, in the same format: a JPEG or WebP at
            # quality 95, a PNG losslessly. The sizes are made from what is stored, as
            # an import makes them again.
            data = encode(ImageOps.exif_transpose(image), image.format, profile)
            image = Image.open(io.BytesIO(data), formats=[image.format])
            image.load()
        upright = ImageOps.exif_transpose(image)
        width, height = upright.size
        return Prepared(data, extension, width, height, renditions(upright, profile))
    except Exception as error:  # a broken EXIF block, a mode an encoder refuses, …
        raise damaged() from error


def damaged():
    return ValidationError(
        _("This photograph is damaged or incomplete and cannot be read."), code="damaged"
    )


def encode(image, format, profile=None, **options):
    transparency = image.info.get("transparency")
    image = image.copy()
    # Pillow writes some of what it read back out (a JPEG's comment): only what the
    # pixels need goes with them.
    image.info = {} if transparency is None else {"transparency": transparency}
    if format in ("JPEG", "WEBP"):
        options.setdefault("quality", 95)
    if profile:
        options["icc_profile"] = profile
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def rendition_widths(width):
    """480, 960 and 1600 pixels, those narrower than the photograph, and never wider."""
    return [w for w in WIDTHS[:-1] if w < width] + [min(width, WIDTHS[-1])]


def renditions(image, profile=None):
    if image.mode not in ("RGB", "RGBA"):
        transparent = image.mode in ("LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
        profile = None  # a CMYK or grey profile no longer describes the pixels
    made = []
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        made.append(Rendition(width, height, encode(resized, "WEBP", profile, quality=80)))
    return made
