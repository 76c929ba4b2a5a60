"""Azerbaijani and Russian letters render with a real font, never as empty boxes."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)
LETTERS = {"az": "əğıöüçşƏĞİÖÜÇŞ", "ru": "жщыэюяёЖЩЫЭЮЯЁ"}
# Draws a letter in the page's own font and compares its pixels with those of a code
# point no font has (what a browser shows for a missing glyph).
SAME_AS_MISSING = """([letters, selector]) => {
  const font = getComputedStyle(document.querySelector(selector)).font;
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const context = canvas.getContext('2d');
  const draw = (text) => {
    context.clearRect(0, 0, 64, 64);
    context.font = font.replace(/\\d+(\\.\\d+)?px/, '40px');
    context.fillText(text, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
  };
  const missing = draw(String.fromCodePoint(0x10FFFD));
  return [...letters].filter(letter => draw(letter) === missing);
}"""


@pytest.mark.parametrize("lang", LETTERS)
@pytest.mark.parametrize("selector", ["body", "h1"])
def test_letters_have_glyphs(site, page, lang, selector):
    page.goto(f"{site}/{lang}/")
    # The check itself works: another code point without a glyph is caught.
    unassigned = chr(0x10FFFC)
    assert page.evaluate(SAME_AS_MISSING, [unassigned, selector]) == [unassigned]
    assert page.evaluate(SAME_AS_MISSING, [LETTERS[lang], selector]) == []
