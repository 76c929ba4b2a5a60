"""
Reading translated fields on public pages.

django-modeltranslation stores one column per language (``theme_az``, ``theme_en``…).
Public pages must never show an empty field, and must say so when the text shown is not
in the page's language; ``localized`` returns the text together with its language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True, slots=True)
class Localized:
    text: str
    language: str
    # Not in the page's language: the page marks it (lang="…") and may say so.
    is_fallback: bool = False
    # In the item's original language, as staff set it (none where no source says).
    is_original: bool = False

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def localized(obj, field):
    """The field's text in the active language, else the original language, else any."""
    current = get_language()
    original = getattr(obj, "original_language", None)
    text = getattr(obj, build_localized_fieldname(field, current), "")
    if text:
        return Localized(text, current, is_original=current == original)
    preferred = [original, *LANGUAGE_CODES]
    for language in dict.fromkeys(code for code in preferred if code in LANGUAGE_CODES):
        text = getattr(obj, build_localized_fieldname(field, language), "")
        if text:
            return Localized(
                text, language, is_fallback=language != current, is_original=language == original
            )
    return Localized("", current)


def in_every_language(*fields):
    """Each field's column in every site language (django-modeltranslation's names)."""
    return [column for field in fields for column in get_translation_fields(field)]


def translated_fields(model, text_only=True):
    """The model's translated fields; by default its text ones, which can be missing."""
    try:
        names = translator.get_options_for_model(model).fields
    except NotRegistered:
        return ()
    if not text_only:
        return tuple(names)
    return tuple(
        name
        for name in names
        if isinstance(model._meta.get_field(name), (models.CharField, models.TextField))
    )


def missing_languages(obj):
    """Languages in which a translated field filled in some language is still empty."""

    def value(field, language):
        return getattr(obj, build_localized_fieldname(field, language))

    filled = [f for f in translated_fields(type(obj)) if any(value(f, c) for c in LANGUAGE_CODES)]
    return [code for code in LANGUAGE_CODES if any(not value(f, code) for f in filled)]


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_language_q(model, language):
    """The SQL twin of ``missing_languages``: rows that lack ``language`` somewhere."""
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        others = Q(pk__in=[])
        for code in LANGUAGE_CODES:
            if code != language:
                others |= ~_empty(build_localized_fieldname(field, code))
        condition |= _empty(build_localized_fieldname(field, language)) & others
    return condition
