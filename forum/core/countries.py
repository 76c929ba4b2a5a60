"""
Country names in every site language, from the Unicode CLDR data that Babel ships.

django-countries provides the ISO 3166 list, the model field and the form field, but its
catalogues have no Azerbaijani. CLDR has authoritative names for az, en and ru, so each
name is looked up there, lazily, in the language active when it is displayed.
"""

from functools import cache

from babel import Locale
from django.utils.functional import lazy
from django.utils.translation import get_language


@cache
def _territories(language):
    return Locale.parse(language or "en", sep="-").territories


def cldr_name(code):
    language = (get_language() or "en").split("-")[0]
    return _territories(language).get(code) or _territories("en").get(code, code)


lazy_cldr_name = lazy(cldr_name, str)


def cldr_overrides():
    from django_countries.data import COUNTRIES

    return {code: lazy_cldr_name(code) for code in COUNTRIES}
