from modeltranslation.translator import TranslationOptions, register

from documents.models import (
    Address,
    Attachment,
    DataLicence,
    Declaration,
    Document,
    Initiative,
    ProgressNote,
)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "is_authentic")
    fallback_undefined = {"is_authentic": None}


# The proxies edit the same columns; registering them gives their admins the tabs.
register(Address)(DocumentTranslationOptions)
register(Declaration)(DocumentTranslationOptions)


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(ProgressNote)
class ProgressNoteTranslationOptions(TranslationOptions):
    fields = ("text",)


@register(Attachment)
class AttachmentTranslationOptions(TranslationOptions):
    fields = ("title",)


@register(DataLicence)
class DataLicenceTranslationOptions(TranslationOptions):
    fields = ("name", "terms")
