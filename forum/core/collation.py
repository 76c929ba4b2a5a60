"""
Names in alphabetical order as each site language has it, without ICU.

Code points put Azerbaijani's Ç, Ə, Ş… after Z and Russian's Ё before А; stripping
accents (django-countries' order) files Ç under C and leaves Ə after Z. Here each
language's alphabet gives its letters' order: az puts ç after c, ə after e, x after h,
ı before i, q after k; ru files ё under е (as dictionaries and CLDR do) but not й under и.
Then, as CLDR's collations: spaces and punctuation before digits, digits before letters,
letters of other scripts after the language's own.
"""

import functools
import unicodedata

from django.utils.translation import get_language

LATIN = "abcdefghijklmnopqrstuvwxyz"
ALPHABETS = {
    "az": "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz",
    "en": LATIN,
    "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
}
# Azerbaijani capitals: I is ı's, İ is i's (str.lower() would make both i).
TURKIC_CAPITALS = str.maketrans({"I": "ı", "İ": "i"})
PUNCTUATION, DIGIT, LETTER, OTHER_LETTER = range(4)


@functools.cache
def _positions(language):
    return {letter: n for n, letter in enumerate(ALPHABETS.get(language, LATIN))}


def sort_key(text, language=None):
    """A key that sorts ``text`` as the alphabet of ``language`` (default: the active
    one) orders it; ties between case and accents broken by the text itself."""
    language = (language or get_language() or "en").split("-")[0]
    positions = _positions(language)
    if language == "az":
        text = text.translate(TURKIC_CAPITALS)
    folded = text.lower()
    primary = []
    for char in folded:
        if char not in positions:
            char = unicodedata.normalize("NFD", char)[0]  # é as e, ё as е
        if char in positions:
            primary.append((LETTER, positions[char]))
        elif char.isalpha():
            primary.append((OTHER_LETTER, ord(char)))
        elif char.isdigit():
            primary.append((DIGIT, ord(char)))
        else:
            primary.append((PUNCTUATION, ord(char)))
    return tuple(primary), folded, text
