"""
Turning a Word file (.docx) or plain text into the formatted text of a document.

A Word file is a zip of XML, and a small one can unpack to gigabytes: its members are
checked before anything is unpacked (their total size and compression ratio, no
encryption, only the methods Word uses), and the text is bounded after conversion.
"""

import html
import re
import zipfile
import zlib
from xml.parsers.expat import ExpatError

import mammoth
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from documents.models import Document

# Word's heading styles become the page's sub-headings (the title is the page's <h1>).
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""

# What a damaged or hostile Word file makes the zip module, expat (bad XML, an entity
# bomb) or mammoth raise while it is read.
UNREADABLE = (
    KeyError,
    ValueError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    ExpatError,
    RuntimeError,
    NotImplementedError,
)
NOT_READABLE = _("This is not a readable Word document.")
# Word never writes a document type declaration: entities (the "billion laughs") live there.
DECLARATIONS = [
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
]
# Word stores or deflates; anything else (deflate64, bzip2, lzma) was packed by another tool.
WORD_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def check_word_archive(archive):
    """Refuse, before it is parsed, what would take more than the limits to read."""
    members = archive.infolist()
    if any(member.flag_bits & 0x1 for member in members):
        raise forms.ValidationError(
            _("The Word document is encrypted; save it without a password and try again.")
        )
    if any(member.compress_type not in WORD_METHODS for member in members):
        raise forms.ValidationError(
            _("The Word document is packed in a way Word does not use; save it again in Word.")
        )
    # The zip module reads no more of a member than its declared size, so the sizes
    # declared here bound what parsing the file can unpack.
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    limit = settings.TEXT_IMPORT_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise forms.ValidationError(
            _("The Word document unpacks to %(size)s; at most %(limit)s can be imported."),
            params={"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
        )
    ratio = settings.TEXT_IMPORT_MAX_RATIO
    if unpacked > ratio * max(packed, 1):
        raise forms.ValidationError(
            _("The Word document is packed more than %(ratio)s to 1, far tighter than text."),
            params={"ratio": ratio},
        )
    # Any member can be named as a part by the relationships, so every one is looked at.
    for member in members:
        data = archive.read(member)
        if any(marker in data for marker in DECLARATIONS):
            raise forms.ValidationError(
                _("The Word document holds a document type declaration, which Word never writes.")
            )


def docx_to_html(file):
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            archive.getinfo("word/document.xml")
            check_word_archive(archive)
        file.seek(0)
        # Images are not part of the text (the editor has none): mammoth need not read them.
        result = mammoth.convert_to_html(file, style_map=STYLE_MAP, convert_image=lambda image: [])
    except UNREADABLE as error:
        raise forms.ValidationError(NOT_READABLE) from error
    return result.value


def text_to_html(text):
    """Paragraphs at blank lines, line breaks within them."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(
        "<p>{}</p>".format("<br>".join(html.escape(line) for line in p.split("\n")))
        for p in paragraphs
        if p
    )


def sanitize(markup):
    """The same sanitizer that guards what staff type in the editor."""
    return Document._meta.get_field("body").sanitize(markup)


class ImportTextForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A Word document (.docx) or plain text in UTF-8 (.txt)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s."),
                params={"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            )
        name = upload.name.lower()
        if name.endswith(".docx") and zipfile.is_zipfile(upload):
            self.html = docx_to_html(upload)
        elif name.endswith(".txt"):
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The text file is not in UTF-8.")) from error
            if "\x00" in text:
                raise forms.ValidationError(_("The text file holds binary data."))
            self.html = text_to_html(text)
        else:
            raise forms.ValidationError(_("Choose a .docx or a .txt file."))
        self.html = sanitize(self.html)
        limit = settings.TEXT_IMPORT_MAX_CHARS
        if len(self.html) > limit:
            raise forms.ValidationError(
                _(
                    "The text is %(length)s characters long once formatted; at most %(limit)s "
                    "can be imported."
                ),
                params={
                    "length": number_format(len(self.html), force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            )
        if not self.html:
            raise forms.ValidationError(_("The file holds no text."))
        return upload
