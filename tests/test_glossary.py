"""
One term per concept, as /work/shared/GLOSSARY.md gives it: the words it forbids, in the
interface catalogues (ours and the overrides of other apps', locale/third_party) and in the
demo content.

A rule names the English the forbidden word would translate: in a catalogue, it applies to
the messages whose msgid says that (a symbol's "şifrə" is forbidden, a Word document's
"şifrələnib", encrypted, is not); in the demo content, which has no msgid, only the rules
that hold for any text apply.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from forum.core import registry
from forum.core.i18n import translated_fields
from forum.models import Organisation, Person

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {
    language: [LOCALE / language, LOCALE / "third_party" / language] for language in ("az", "ru")
}
# A browser's login session (its key, its cookie), which is not the Forum's.
LOGIN_SESSION = {
    "az": r"\bsessiya (açar|kuki)\w*",
    "ru": r"\bключа сессии|\bсесси\w* (cookie|файл)\w*|\bcookie сесси\w*",
}


@dataclass(frozen=True)
class Rule:
    language: str
    forbidden: str  # a regular expression, case-insensitive
    instead: str
    english: str | None = None  # where the msgid says this; None: in any text
    context: str | None = None  # and has this msgctxt
    allowed: str | None = None  # the words of another concept that hold the forbidden one

    def applies_to(self, msgid, context):
        if self.context is not None and context != self.context:
            return False
        return self.english is None or bool(re.search(self.english, msgid, re.IGNORECASE))

    def finds(self, text):
        if self.allowed:
            text = re.sub(self.allowed, "", text, flags=re.IGNORECASE)
        return re.search(self.forbidden, text, re.IGNORECASE)


RULES = [
    # Azerbaijani
    Rule("az", r"\bsessiya", "iclas", allowed=LOGIN_SESSION["az"]),
    Rule("az", r"\bşifr", "şərti işarə", english=r"symbol"),
    Rule("az", r"\buyğunluq", "nəticə", english=r"\bmatch|\bresult"),
    Rule("az", r"\btip(i|lər)?\b", "növ", english=r"\bkinds?\b"),
    Rule("az", r"\byaradıl", "təsis edilib", english=r"\bestablish"),
    Rule("az", r"\bİrəliləyiş", "icra vəziyyəti", english=r"\bprogress"),
    # Russian
    Rule("ru", r"\bсесси", "заседание", allowed=LOGIN_SESSION["ru"]),
    Rule("ru", r"\bвид(а|у|ом|е|ы|ов|ам|ами|ах)?\b", "тип", english=r"\bkinds?\b"),
    Rule("ru", r"\bшифр", "условное обозначение", english=r"symbol"),
    Rule("ru", r"\bсовпадени", "результат", english=r"\bmatch"),
    Rule("ru", r"\bсоздан", "учреждён", english=r"\bestablish"),
    Rule("ru", r"\bход[ае]? работ", "ход выполнения", english=r"\bprogress"),
    Rule("ru", r"\bназвани", "имя", english=r"^name$", context="person"),
    Rule("ru", r",\s+Начальник", "начальник (lower case after a comma)"),
]
# What holds in any text, demo content included (no msgid to tell the concept).
EVERYWHERE = [rule for rule in RULES if rule.english is None] + [
    Rule("az", r"\bşifr", "şərti işarə"),
    Rule("ru", r"\bход[ае]? работ", "ход выполнения"),
    Rule("az", r"\bİrəliləyiş qeyd", "icra vəziyyəti haqqında qeyd"),
]


def messages(language):
    """(msgctxt, msgid, msgstr) of each translated message of the language's catalogues."""
    for folder in CATALOGUES[language]:
        with open(folder / "LC_MESSAGES" / "django.po", "rb") as po:
            for message in read_po(po):
                if not message.id:
                    continue
                msgid = message.id[0] if message.pluralizable else message.id
                strings = message.string if message.pluralizable else (message.string,)
                yield message.context, msgid, " ".join(strings)


def breaches(rules, texts):
    return [
        (where, rule.instead, text)
        for where, msgid, context, text in texts
        for rule in rules
        if rule.applies_to(msgid, context) and rule.finds(text)
    ]


@pytest.mark.parametrize("language", ["az", "ru"])
def test_catalogues_use_the_glossary_s_terms(language):
    rules = [rule for rule in RULES if rule.language == language]
    texts = [(msgid, msgid, context, text) for context, msgid, text in messages(language)]
    assert breaches(rules, texts) == []


def test_the_rules_catch_what_they_forbid():
    texts = [
        ("symbol", "symbol", None, "şifrə"),
        ("kind", "All documents of this kind", None, "Все документы этого вида"),
        ("name", "name", "person", "название"),
        ("session", "Session", None, "Sessiya"),
        ("sessions", "", None, "ikinci sessiya ilə bağlı xəbərlərdə; сессия форума"),
    ]
    assert len(breaches(RULES, texts)) == 6
    # Where the English means something else, the word is the right one.
    texts = [
        ("encrypted", "The Word document is encrypted", None, "Word sənədi şifrələnib"),
        ("unpacks", "unpacks to %(size)s", None, "В распакованном виде"),
        ("login", "Session key hash (sha256)", None, "Sessiya açarının heşi"),
        ("cookie", "", None, "Əməkdaşların girişi üçün sessiya kukisi"),
        ("key", "Session key hash (sha256)", None, "Хеш ключа сессии (sha256)"),
        ("relevance", "Relevance", None, "Uyğunluq"),
        ("organisation", "name", None, "название"),
    ]
    assert breaches(RULES, texts) == []


def demo_texts(language):
    """Every text of the demo content in ``language``, as the database holds it."""
    for model in registry.models():
        for field in translated_fields(model):
            column = f"{field}_{language}"
            for pk, text in model.objects.values_list("pk", column):
                if text:
                    yield f"{model.__name__} {pk} {column}", "", None, text


@pytest.mark.parametrize("language", ["az", "ru"])
def test_demo_content_uses_the_glossary_s_terms(demo, language):
    rules = [rule for rule in EVERYWHERE if rule.language == language]
    texts = list(demo_texts(language))
    assert texts
    assert breaches(rules, texts) == []


@pytest.mark.parametrize(("language", "person", "organisation"), [("ru", "имя", "название")])
def test_a_person_s_name_is_not_an_organisation_s(language, person, organisation):
    with translation.override(language):
        assert str(Person._meta.get_field("name").verbose_name) == person
        assert str(Organisation._meta.get_field("name").verbose_name) == organisation


@pytest.mark.parametrize(
    ("language", "msgid", "context", "expected"),
    [
        # django-reversion's own: «Восстановить удаленный документы».
        ("ru", "Recover deleted %(name)s", None, "Восстановить удалённые: %(name)s"),
        # Django's own month names, capitalised in its catalogues.
        ("az", "September", None, "sentyabr"),
        ("az", "September", "alt. month", "sentyabr"),
        ("ru", "September", None, "сентябрь"),
    ],
)
def test_our_corrections_of_other_catalogues_come_first(language, msgid, context, expected):
    with translation.override(language):
        found = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert found == expected
