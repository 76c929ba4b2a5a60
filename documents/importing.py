"""Turning a Word file (.docx) or plain text into the formatted text of a document."""

import html
import re
import zipfile

import mammoth
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
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


def docx_to_html(file):
    return mammoth.convert_to_html(file, style_map=STYLE_MAP).value


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
            upload.seek(0)
            try:
                with zipfile.ZipFile(upload) as archive:
                    archive.getinfo("word/document.xml")
                upload.seek(0)
                self.html = docx_to_html(upload)
            except (KeyError, zipfile.BadZipFile, ValueError) as error:
                raise forms.ValidationError(_("This is not a readable Word document.")) from error
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
        if not self.html:
            raise forms.ValidationError(_("The file holds no text."))
        return upload
