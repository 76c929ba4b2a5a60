"""The interface catalogues: complete in every language, and compiled ones load."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from forum.core.catalogues import extract

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("folder", [LOCALE, LOCALE / "third_party"])
@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete(folder, language):
    with open(folder / language / "LC_MESSAGES" / "django.po", "rb") as po:
        catalogue = read_po(po)
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            message.fuzzy or not (all(message.string) if message.pluralizable else message.string)
        )
    ]
    assert untranslated == []
    assert not catalogue.fuzzy, "the catalogue header is marked fuzzy"


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_catalogue_exists(language):
    assert (LOCALE / language / "LC_MESSAGES" / "django.po").is_file()


def test_compiled_catalogues_load():
    with translation.override("ru"):
        assert translation.gettext("Baku Security Forum") == "Бакинский форум безопасности"
    with translation.override("az"):
        assert translation.gettext("Baku Security Forum") == "Bakı Təhlükəsizlik Forumu"


def test_admin_history_strings_are_translated():
    with translation.override("az"):
        assert translation.gettext("Initial version.") != "Initial version."
    with translation.override("ru"):
        assert translation.gettext("There are no differences.") != "There are no differences."


def _keys(catalogue):
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalogue if m.id}


def test_every_string_the_code_and_templates_use_is_in_the_catalogues(tmp_path):
    """Babel finds the strings of all three sources (`make messages`), and every one of
    them is in each language's catalogue: nothing shows untranslated for want of a run."""
    extract(tmp_path / "django.pot")
    with open(tmp_path / "django.pot", "rb") as pot:
        used = _keys(read_po(pot))
    assert ("Page %(number)s of %(total)s", "pagination") in used  # a Jinja2 template
    assert ("Too many failed logins", None) in used  # an admin (Django) template
    assert ("Newest first", None) in used  # Python
    for language in [code for code, _name in settings.LANGUAGES]:
        with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
            assert used - _keys(read_po(po)) == set(), language
