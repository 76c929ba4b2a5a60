"""
Session photographs: uploaded through the session's admin page, checked by their bytes,
stripped of their metadata, made in sizes for the web, and shown (page and files alike)
only once their session is public and their alternative text written in every language.
"""

import io
import json
import struct
import zipfile
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image

from forum import photos
from forum.core.content import Status
from forum.core.portable import MODELS
from forum.models import Session, SessionPhoto
from tests.documents.factories import AttachmentFactory, DocumentFactory
from tests.forum.factories import (
    DESCRIBED,
    SessionFactory,
    SessionPhotoFactory,
    picture,
)

pytestmark = pytest.mark.django_db


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width, height):
    """A PNG whose header claims width × height pixels: a decompression bomb's header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + png_chunk(b"IEND", b"")
    )


def png_with_text_bomb():
    """A small PNG whose compressed text unpacks to 50 MB."""
    data = picture((16, 16), "PNG")
    bomb = png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"a" * 50_000_000, 9))
    return data[:33] + bomb + data[33:]


def stored_files(settings):
    media = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def opened(name):
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


# The change form of a session, as the admin posts it.


def change_url(session):
    return reverse("admin:forum_session_change", args=[session.pk])


def session_form(client, session, rows=(), **changes):
    """The session's fields, and one row per photograph (a dict: its fields, or an upload);
    every other inline of the page posted empty."""
    page = client.get(change_url(session))
    assert page.status_code == 200
    data = {
        "number": session.number,
        "start_date": session.start_date.isoformat(),
        "end_date": session.end_date.isoformat(),
        "date_precision": session.date_precision,
        "status": session.status,
        "original_language": session.original_language,
        **{
            f"{field}_{code}": getattr(session, f"{field}_{code}") or ""
            for field in ("theme", "city")
            for code in ("az", "en", "ru")
        },
    }
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    existing = 0
    for index, row in enumerate(rows):
        photo = row.get("photo")
        fields = {"order": index, **{k: v for k, v in row.items() if k != "photo"}}
        if photo is not None:
            existing += 1
            fields |= {"id": photo.pk, "session": session.pk}
            fields = {
                **{f"{f}_{c}": getattr(photo, f"{f}_{c}") or "" for f in ("alt_text", "caption")
                   for c in ("az", "en", "ru")},
                **fields,
            }  # fmt: skip
        data |= {f"photos-{index}-{name}": value for name, value in fields.items()}
    data |= {"photos-TOTAL_FORMS": len(rows), "photos-INITIAL_FORMS": existing}
    return {**data, **changes}


def errors(response):
    """What the admin's form and inlines refused, to read when a save fails."""
    if response.context is None:
        return response
    found = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        found += [inline.formset.errors, inline.formset.non_form_errors()]
    return found


def upload(content=None, name="IMG_0042.JPG"):
    return SimpleUploadedFile(name, picture() if content is None else content)


# Uploading


def test_an_editor_uploads_a_photograph_through_the_session_page(login, settings):
    editor = login("Editor")
    session = SessionFactory(number=3, draft=True)
    camera = picture((1200, 800), orientation=6, gps=True, comment=b"Taken by J. Doe")
    row = {"image": upload(camera), **DESCRIBED}
    response = editor.post(change_url(session), session_form(editor, session, [row]))
    assert response.status_code == 302, errors(response)

    photo = SessionPhoto.objects.get()
    assert photo.session == session and photo.alt_text_ru == DESCRIBED["alt_text_ru"]
    # Turned upright by its EXIF orientation (6: rotate 90° clockwise): 800 × 1200.
    assert (photo.width, photo.height) == (800, 1200)
    assert photo.image.name == "sessions/3/photos/img_0042.jpg"
    assert [(s["width"], s["height"]) for s in photo.renditions] == [(480, 720), (800, 1200)]
    assert sorted(stored_files(settings)) == sorted(
        ["sessions/3/photos/img_0042.jpg"] + [s["name"] for s in photo.renditions]
    )
    for name in [photo.image.name] + [s["name"] for s in photo.renditions]:
        image = opened(name)
        assert not image.getexif() and "comment" not in image.info, name
        with default_storage.open(name) as file:
            data = file.read()
        assert b"CameraMaker" not in data and b"J. Doe" not in data
    upright = opened(photo.renditions[-1]["name"])
    assert upright.format == "WEBP"
    # The red left half of the picture is at the top once turned upright.
    assert upright.convert("RGB").getpixel((400, 100))[0] > 150
    assert upright.convert("RGB").getpixel((400, 1100))[2] > 150


def test_the_original_is_encoded_anew_in_its_own_format():
    data = picture((640, 480), "PNG")
    photo = SessionPhotoFactory(image=SimpleUploadedFile("plan.png", data))
    assert photo.image.name.endswith("/plan.png")
    stored = opened(photo.image.name)
    # A PNG losslessly: the very same pixels.
    assert stored.format == "PNG" and stored.tobytes() == opened_bytes(data).tobytes()


def opened_bytes(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def jpeg_with_jfif_payload(payload):
    """A JPEG whose first APP0 segment starts "JFIF" and goes on with ``payload``."""
    data = picture((200, 100))
    body = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + payload
    return data[:2] + b"\xff\xe0" + struct.pack(">H", len(body) + 2) + body + data[2:]


SMUGGLED_TEXT = b"GPS 40.3667N 49.8352E <script>alert(1)</script>"
SMUGGLED = {
    "after the JPEG's end, ending in FFD9": picture((200, 100)) + SMUGGLED_TEXT + b"\xff\xd9",
    "in an APP0 segment that starts with JFIF": jpeg_with_jfif_payload(SMUGGLED_TEXT),
    "in a private PNG chunk": picture((200, 100), "PNG")[:33]
    + png_chunk(b"gpSs", SMUGGLED_TEXT)
    + picture((200, 100), "PNG")[33:],
}


@pytest.mark.parametrize("where", SMUGGLED)
def test_what_pillow_does_not_report_is_not_kept_either(where):
    """Pillow reads past an unknown PNG chunk, the rest of a JFIF header, bytes after the
    end: the original is encoded anew from its pixels, so none of them is stored."""
    photo = SessionPhotoFactory(image=SimpleUploadedFile("p", SMUGGLED[where]))
    with photo.image.open("rb") as file:
        data = file.read()
    assert b"GPS 40.3667N" not in data and b"<script>" not in data
    assert opened(photo.image.name).size == (200, 100)


@pytest.mark.parametrize(
    ("width", "widths"),
    [(300, [300]), (480, [480]), (1000, [480, 960, 1000]), (2400, [480, 960, 1600])],
)
def test_sizes_are_made_but_never_wider_than_the_original(width, widths):
    photo = SessionPhotoFactory(image=SimpleUploadedFile("p.webp", picture((width, 240), "WEBP")))
    assert [size["width"] for size in photo.renditions] == widths
    assert (photo.width, photo.height) == (width, 240)
    for size in photo.renditions:
        assert opened(size["name"]).size == (size["width"], size["height"])


def picture_in_mode(mode, format, **options):
    image = Image.new(mode, (600, 400))
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("mode", "format", "options"),
    [
        ("CMYK", "JPEG", {}),
        ("L", "JPEG", {}),
        ("P", "PNG", {"transparency": 0}),
        ("LA", "PNG", {}),
        ("I;16", "PNG", {}),
        ("RGBA", "WEBP", {}),
        ("1", "PNG", {}),
    ],
)
def test_every_kind_of_picture_gets_its_sizes(mode, format, options):
    data = picture_in_mode(mode, format, **options)
    photo = SessionPhotoFactory(image=SimpleUploadedFile("p", data))
    assert [(s["width"], s["height"]) for s in photo.renditions] == [(480, 320), (600, 400)]
    assert opened(photo.renditions[0]["name"]).mode in ("RGB", "RGBA")


def test_what_follows_the_picture_is_not_kept():
    data = picture() + b"<html><script>alert(1)</script></html>"
    photo = SessionPhotoFactory(image=SimpleUploadedFile("p.jpg", data))
    with photo.image.open("rb") as file:
        assert b"<html>" not in file.read()


def test_the_type_is_read_from_the_bytes_not_the_name():
    photo = SessionPhotoFactory(image=SimpleUploadedFile("scan.png.exe", picture()))
    assert photo.image.name.endswith("/scanpng.jpg")
    photo = SessionPhotoFactory(image=SimpleUploadedFile(".jpg", picture(format="WEBP")))
    assert photo.image.name.endswith("/photo.webp")


HOSTILE = {
    "html named .jpg": (b"<!DOCTYPE html><script>alert(1)</script>", "Only JPEG, PNG and WebP"),
    "svg": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "Only JPEG, PNG and WebP",
    ),
    "gif": (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Only JPEG, PNG and WebP"),
    "empty": (b"", "The submitted file is empty."),
    "truncated jpeg": (picture((800, 600))[:2000], "damaged or incomplete"),
    "png declaring ten gigapixels": (png_declaring(100_000, 100_000), "too many pixels"),
    "png declaring 41 megapixels": (png_declaring(8000, 5125), "too many pixels"),
    "png with a text bomb": (png_with_text_bomb(), "damaged or incomplete"),
    "a strip twenty times taller than wide": (png_declaring(100, 2000), "at most 10 times"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_file_is_refused_with_a_message(login, settings, kind):
    content, message = HOSTILE[kind]
    editor = login("Editor")
    session = SessionFactory(draft=True)
    row = {"image": upload(content, name="photo.jpg"), **DESCRIBED}
    response = editor.post(change_url(session), session_form(editor, session, [row]))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionPhoto.objects.exists()
    assert stored_files(settings) == []


def png_with_broken_exif():
    """A PNG whose eXIf chunk is no TIFF structure (Pillow reads the pixels fine)."""
    data = picture((64, 48), "PNG")
    return data[:33] + png_chunk(b"eXIf", b"garbage-not-tiff") + data[33:]


def jpeg_with_mangled_exif():
    """A JPEG whose EXIF block has one byte changed: Pillow decodes the picture, but
    turning it upright by that EXIF raises a TypeError."""
    data = bytearray(picture((300, 200), orientation=6, gps=True))
    data[data.index(b"Exif\x00\x00") + 6 + 101] = 29
    return bytes(data)


@pytest.mark.parametrize(
    ("content", "name"),
    [(png_with_broken_exif(), "photo.png"), (jpeg_with_mangled_exif(), "photo.jpg")],
    ids=["png eXIf garbage", "jpeg EXIF mangled"],
)
def test_a_photograph_whose_processing_fails_is_refused_with_a_message(
    login, settings, content, name
):
    """The whole preparation runs while the upload is checked: what fails after the
    decoding (EXIF orientation, encoding) is a message on the form, not a 500."""
    editor = login("Editor")
    editor.raise_request_exception = False
    session = SessionFactory(draft=True)
    row = {"image": upload(content, name=name), **DESCRIBED}
    response = editor.post(change_url(session), session_form(editor, session, [row]))
    assert response.status_code == 200, response.status_code
    assert "damaged or incomplete" in response.content.decode()
    assert not SessionPhoto.objects.exists()
    assert stored_files(settings) == []


def test_an_upload_is_prepared_once_when_checked_and_saved_as_prepared(login, monkeypatch):
    calls = []
    prepare = photos.prepare
    monkeypatch.setattr(photos, "prepare", lambda file: calls.append(file) or prepare(file))
    editor = login("Editor")
    session = SessionFactory(draft=True)
    row = {"image": upload(), **DESCRIBED}
    response = editor.post(change_url(session), session_form(editor, session, [row]))
    assert response.status_code == 302, errors(response)
    assert len(calls) == 1
    assert len(SessionPhoto.objects.get().renditions) == 3


def test_a_file_too_large_is_refused_before_it_is_read(login, monkeypatch):
    monkeypatch.setattr(photos, "MAX_BYTES", 1000)
    editor = login("Editor")
    session = SessionFactory(draft=True)
    row = {"image": upload(picture()), **DESCRIBED}
    response = editor.post(change_url(session), session_form(editor, session, [row]))
    assert response.status_code == 200
    assert "a photograph may be at most 1000" in response.content.decode()
    assert not SessionPhoto.objects.exists()


# What the public sees


def test_only_described_photographs_of_public_sessions_are_public():
    public = SessionFactory()
    shown = SessionPhotoFactory(session=public)
    SessionPhotoFactory(session=public, alt_text_az="")
    SessionPhotoFactory(session=public, alt_text_ru=None)
    SessionPhotoFactory(session=SessionFactory(draft=True))
    assert list(SessionPhoto.objects.published()) == [shown]
    assert SessionPhoto.objects.described().count() == 2


def test_the_session_page_shows_its_described_photographs(client):
    session = SessionFactory(number=3)
    second = SessionPhotoFactory(session=session, order=2, caption_en="Second")
    first = SessionPhotoFactory(
        session=session,
        order=1,
        image=SimpleUploadedFile("wide.jpg", picture((2400, 1600))),
        caption_en="",
        caption_ru="Подпись",
    )
    hidden = SessionPhotoFactory(session=session, alt_text_az="")
    html = client.get("/en/sessions/3/").content.decode()

    assert html.index(first.sizes[0].url) < html.index(second.sizes[0].url)
    assert hidden.sizes[0].url not in html
    small, middle, large = first.sizes
    assert (
        f'<a class="gallery__link" href="{large.url}" data-width="1600" data-height="1067">'
        f'<img src="{small.url}" srcset="{small.url} 480w, {middle.url} 960w, {large.url} 1600w" '
        'sizes="(min-width: 72rem) 23rem, (min-width: 40rem) 45vw, 100vw" width="480" '
        f'height="320" alt="{DESCRIBED["alt_text_en"]}" loading="lazy" decoding="async"></a>'
    ) in html
    # A caption missing in English is shown in the language it exists in, and says which.
    assert '<figcaption lang="ru">Подпись</figcaption>' in html
    assert "<figcaption>Second</figcaption>" in html
    # The larger view: a dialog the script opens, no inline script, nothing from elsewhere.
    assert '<section class="gallery" aria-labelledby="photos-title" data-gallery>' in html
    assert '<dialog class="lightbox" aria-labelledby="lightbox-count"' in html
    assert 'data-counter="Photograph {number} of {count}"' in html
    assert '<script src="/static/forum/gallery.js" defer></script>' in html
    assert "<script>" not in html and 'src="http' not in html and 'src="//' not in html
    # The page's preview card on other sites: the first photograph.
    assert f'<meta property="og:image" content="http://testserver{large.url}">' in html
    assert f'<meta property="og:image:alt" content="{DESCRIBED["alt_text_en"]}">' in html

    az = client.get("/az/sessions/3/").content.decode()
    assert f'alt="{DESCRIBED["alt_text_az"]}"' in az


def test_staff_preview_a_draft_session_with_its_photographs(staff_client):
    photo = SessionPhotoFactory(session=SessionFactory(number=6, draft=True))
    assert Client().get("/en/sessions/6/").status_code == 404
    html = staff_client.get("/en/sessions/6/").content.decode()
    assert photo.srcset in html
    assert staff_client.get(photo.sizes[0].url).status_code == 200


def test_a_session_without_public_photographs_has_no_gallery(client):
    SessionPhotoFactory(session=SessionFactory(number=5), alt_text_en="")
    html = client.get("/en/sessions/5/").content.decode()
    assert "gallery" not in html and "<dialog" not in html
    assert "social-card.png" in html


def test_the_files_are_served_only_while_public(staff_client):
    shown = SessionPhotoFactory(session=SessionFactory(number=3))
    response = Client().get(shown.sizes[0].url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" not in response.get("Cache-Control", "")
    with default_storage.open(shown.renditions[0]["name"]) as file:
        assert b"".join(response.streaming_content) == file.read()

    undescribed = SessionPhotoFactory(session=shown.session, alt_text_az="")
    of_a_draft = SessionPhotoFactory(session=SessionFactory(number=4, draft=True))
    for hidden in (undescribed, of_a_draft):
        for size in hidden.sizes:
            assert Client().get(size.url).status_code == 404
            preview = staff_client.get(size.url)
            assert preview.status_code == 200
            assert "no-store" in preview["Cache-Control"]


def test_no_other_address_serves_a_photograph(client):
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    SessionFactory(number=4)
    name = photo.renditions[0]["name"].rsplit("/", 1)[-1]
    for url in (
        f"/en/sessions/4/photos/{photo.pk}/{name}",  # another session's number
        f"/en/sessions/3/photos/{photo.pk}/{photo.image.name.rsplit('/', 1)[-1]}",  # original
        f"/en/sessions/3/photos/{photo.pk}/..%2F..%2F{name}",
        f"/en/sessions/3/photos/{photo.pk + 100}/{name}",
        "/media/" + photo.image.name,
        "/media/" + photo.renditions[0]["name"],
    ):
        assert client.get(url).status_code == 404, url


def test_only_sizes_of_the_photographs_own_file_are_served(client):
    """Whatever its ``renditions`` say, a photograph's address serves only a size named
    after its own file: not another photograph's, not a document's."""
    secret = AttachmentFactory(document=DocumentFactory(slug="secret-draft", draft=True))
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    other = SessionPhotoFactory(session=photo.session)
    own = photo.sizes[0].url
    for name in (secret.file.name, other.renditions[0]["name"]):
        SessionPhoto.objects.filter(pk=photo.pk).update(
            renditions=[*photo.renditions, {"width": 10, "height": 10, "name": name}]
        )
        url = f"/en/sessions/3/photos/{photo.pk}/{name.rsplit('/', 1)[-1]}"
        assert client.get(url).status_code == 404, name
    assert client.get(own).status_code == 200


def test_a_photograph_without_sizes_is_left_out_of_the_page(client):
    session = SessionFactory(number=3)
    shown = SessionPhotoFactory(session=session)
    broken = SessionPhotoFactory(session=session)
    SessionPhoto.objects.filter(pk=broken.pk).update(renditions=[])
    response = client.get("/en/sessions/3/")
    assert response.status_code == 200
    assert shown.srcset in response.content.decode()
    SessionPhoto.objects.filter(pk=shown.pk).update(renditions=[])
    html = client.get("/en/sessions/3/").content.decode()
    assert "gallery" not in html


def test_a_photograph_whose_file_is_gone_is_a_404(client):
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    default_storage.delete(photo.renditions[0]["name"])
    assert client.get(photo.sizes[0].url).status_code == 404


def test_behind_nginx_the_app_checks_and_nginx_sends_the_bytes(client, settings):
    settings.ATTACHMENT_ACCEL_REDIRECT = "/protected-media/"
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    response = client.get(photo.sizes[0].url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + photo.renditions[0]["name"]
    hidden = SessionPhotoFactory(session=SessionFactory(draft=True))
    refused = client.get(hidden.sizes[0].url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


# Publishing: a missing alternative text asks first, as a missing translation does


def test_the_inline_says_which_photographs_stay_hidden_and_why(staff_client):
    session = SessionFactory(draft=True)
    SessionPhotoFactory(session=session, alt_text_az="", alt_text_ru="")
    SessionPhotoFactory(session=session)
    html = staff_client.get(change_url(session)).content.decode()
    assert "Hidden until the alternative text is written in: az, ru." in html
    assert "Shown once the session is published." in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_publishing_a_session_with_an_undescribed_photograph_asks_first(login):
    publisher = login("Publisher")
    session = SessionFactory(draft=True)
    photo = SessionPhotoFactory(session=session, alt_text_az="")
    rows = [{"photo": photo}]

    data = session_form(publisher, session, rows, status=Status.PUBLISHED)
    response = publisher.post(change_url(session), data)
    assert response.status_code == 200
    assert "Photographs without alternative text in az will stay hidden" in (
        response.content.decode()
    )
    session.refresh_from_db()
    assert session.status == Status.DRAFT

    data = session_form(publisher, session, rows, status=Status.PUBLISHED, publish_anyway="on")
    response = publisher.post(change_url(session), data)
    assert response.status_code == 302, errors(response)
    session.refresh_from_db()
    assert session.is_public
    assert Client().get(photo.sizes[0].url).status_code == 404


def test_publishing_with_every_photograph_described_asks_nothing(login):
    publisher = login("Publisher")
    session = SessionFactory(draft=True)
    photo = SessionPhotoFactory(session=session)
    data = session_form(publisher, session, [{"photo": photo}], status=Status.PUBLISHED)
    response = publisher.post(change_url(session), data)
    assert response.status_code == 302, errors(response)
    assert Client().get(photo.sizes[-1].url).status_code == 200


def test_the_publish_action_asks_first_too(login):
    publisher = login("Publisher")
    session = SessionFactory(draft=True, number=7)
    SessionPhotoFactory(session=session, alt_text_az="")
    SessionPhotoFactory(session=session, alt_text_az="", alt_text_en="")
    url = reverse("admin:forum_session_changelist")
    action = {"action": "publish", "_selected_action": [session.pk]}
    response = publisher.post(url, action)
    assert response.status_code == 200
    html = response.content.decode()
    assert "az (alternative text of 2 photographs); en (alternative text of 1 photograph)" in html
    assert Session.objects.get().status == Status.DRAFT

    assert publisher.post(url, {**action, "publish_anyway": "yes"}).status_code == 302
    assert Session.objects.get().is_public


def test_the_release_action_tells_which_photographs_stay_hidden(login):
    publisher = login("Publisher")
    session = SessionFactory(draft=True, number=7)
    SessionPhotoFactory(session=session, alt_text_ru="")
    url = reverse("admin:forum_session_changelist")
    response = publisher.post(url, {"action": "release", "_selected_action": [session.pk]})
    html = response.content.decode()
    assert "These photographs will stay hidden until their alternative text is written" in html
    assert "Session 7 — ru (alternative text of 1 photograph)" in html


def test_a_translator_writes_the_alternative_text(login):
    translator = login("Translator")
    session = SessionFactory(draft=True)
    photo = SessionPhotoFactory(session=session, alt_text_az="")
    page = translator.get(change_url(session)).content.decode()
    assert 'name="photos-0-alt_text_az"' in page and 'name="photos-0-image"' not in page

    data = session_form(translator, session, [{"photo": photo, "alt_text_az": "Zal"}])
    response = translator.post(change_url(session), data)
    assert response.status_code == 302, errors(response)
    photo.refresh_from_db()
    assert photo.alt_text_az == "Zal" and photo.is_described


# Export and import


def test_photographs_go_through_export_and_import(tmp_path, settings):
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    before = {
        "row": SessionPhoto.objects.values().get(),
        "files": {name: default_storage.open(name).read() for name in stored_files(settings)},
    }
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    with connection.cursor() as cursor:
        for model in reversed(MODELS):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    for name in stored_files(settings):
        default_storage.delete(name)

    call_command("import_content", str(archive))
    row = SessionPhoto.objects.values().get()
    assert {k: v for k, v in row.items() if k != "updated_at"} == {
        k: v for k, v in before["row"].items() if k != "updated_at"
    }
    # The original comes back exactly; the sizes are made from it again, the same.
    assert {name: default_storage.open(name).read() for name in stored_files(settings)} == (
        before["files"]
    )
    assert Client().get(photo.sizes[0].url).status_code == 200


def test_an_archive_cannot_point_a_photograph_at_another_stored_file(tmp_path, settings):
    """A photograph's sizes are made from its file on import, never taken from the
    archive: a row without a file (whose ``renditions`` would name a draft document's
    file, say) is refused."""
    secret = AttachmentFactory(document=DocumentFactory(slug="secret-draft", draft=True))
    photo = SessionPhotoFactory(session=SessionFactory(number=3))
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    with connection.cursor() as cursor:
        for model in reversed(MODELS):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    for name in stored_files(settings):
        default_storage.delete(name)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            if info.filename == f"media/{photo.image.name}":
                continue
            data = source.read(info)
            if info.filename == "content.json":
                rows = json.loads(data)
                for row in rows:
                    if row["model"] == "forum.sessionphoto":
                        row["fields"]["image"] = ""
                        row["fields"]["renditions"] = [
                            {"width": 10, "height": 10, "name": secret.file.name}
                        ]
                data = json.dumps(rows).encode()
            target.writestr(info.filename, data)
    with pytest.raises(Exception, match=f"forum.SessionPhoto {photo.pk} lacks its file"):
        call_command("import_content", str(tampered))
    assert not SessionPhoto.objects.exists()
    assert stored_files(settings) == []


def test_an_archive_with_a_hostile_photograph_is_refused(tmp_path, settings):
    photo = SessionPhotoFactory()
    archive = tmp_path / "content.zip"
    call_command("export_content", str(archive))
    with connection.cursor() as cursor:
        for model in reversed(MODELS):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")
    for name in stored_files(settings):
        default_storage.delete(name)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"media/{photo.image.name}":
                data = b"<html><script>alert(1)</script></html>"
            target.writestr(info.filename, data)
    with pytest.raises(Exception, match="is refused: Only JPEG, PNG and WebP"):
        call_command("import_content", str(tampered))
    assert not SessionPhoto.objects.exists()
    assert stored_files(settings) == []
