"""Azerbaijani for full-text search: folding (in Python and in the database) and stems."""

import importlib

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.core import textsearch
from forum.core.textsearch import az_fold, az_matcher, az_stem, az_tsquery

# The forms of a word a reader may type or a text may hold: each finds every other.
WORD_FORMS = [
    ["forum", "forumun", "forumda", "foruma", "forumu", "forumdan", "forumla", "forumdakı",
     "forumlar", "forumların", "forumumuz", "forumdur"],
    ["təhlükəsizlik", "təhlükəsizliyi", "təhlükəsizliyin", "təhlükəsizliyə", "təhlükəsizlikdə",
     "təhlükəsizliyində", "təhlükəsizliklə"],
    ["əməkdaşlıq", "əməkdaşlığı", "əməkdaşlığın", "əməkdaşlığa", "əməkdaşlıqda", "əməkdaşlığımız"],
    ["sessiya", "sessiyası", "sessiyasında", "sessiyaya", "sessiyanın", "sessiyalar"],
    ["Azərbaycan", "Azərbaycanın", "Azərbaycana", "Azərbaycanda", "Azərbaycandan"],
    ["ölkə", "ölkələr", "ölkələrin", "ölkəmiz", "ölkəmizin", "ölkədə"],
    ["Bakı", "Bakının", "Bakıda", "Bakıya", "Bakıdan"],
    ["dövlət", "dövlətlər", "dövlətlərin", "dövlətin", "dövlətə"],
    ["xidmət", "xidməti", "xidmətləri", "xidmətlərinin", "xidmətlərimiz"],
    ["terrorizm", "terrorizmə", "terrorizmlə", "terrorizmin"],
    ["Əliyev", "Əliyevin", "Əliyevə"],
]  # fmt: skip
# Words that must not find each other.
DISTINCT = [("forum", "format"), ("sessiya", "səs"), ("ölkə", "ölçü"), ("Bakı", "bank"),
            ("dövlət", "dövr"), ("xidmət", "xitab"), ("Əliyev", "əlaqə")]  # fmt: skip


def finds(query, text):
    """Does the database find ``text`` (indexed as Azerbaijani) for ``query``?"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('simple', az_fold(%s)) @@ to_tsquery('simple', %s)",
            [text, az_tsquery(query)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("forms", WORD_FORMS, ids=lambda forms: forms[0])
def test_every_form_of_a_word_finds_every_other(forms):
    missed = [(query, text) for query in forms for text in forms if not finds(query, text)]
    assert missed == []


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other"), DISTINCT)
def test_different_words_do_not_find_each_other(one, other):
    assert not finds(one, other)
    assert not finds(other, one)


@pytest.mark.django_db
def test_words_typed_without_azerbaijani_letters_are_found():
    assert finds("tehlukesizliyi", "Təhlükəsizlik Şurası")
    assert finds("Azerbaycanin", "AZƏRBAYCAN RESPUBLİKASI")
    assert finds("emekdasliq", "əməkdaşlığın")


def test_folding_is_letter_for_letter_and_puts_back_the_softened_consonant():
    for text in ["İlham Əliyev", "ƏMƏKDAŞLIĞI", "Təhlükəsizliyi", "Ölkələrin"]:
        assert len(az_fold(text)) == len(text)
    assert az_fold("İSTANBUL Işıq") == "istanbul isiq"
    assert az_fold("təhlükəsizliyi əməkdaşlığı") == "tehlukesizliki emekdasliqi"
    assert az_fold("Əliyev") == "eliyev"  # "-yev" is no suffix: nothing put back


def test_stems_keep_four_letters():
    assert az_stem("forumun") == "forum"
    assert az_stem("forum") == "forum"  # not "for" + "-um"
    assert az_stem(az_fold("sessiyasında")) == "sessiya"


def test_queries_keep_the_websearch_syntax():
    assert az_tsquery('"Bakı Forumu" -iclas') == "('baki':* <-> 'forum':*) & !'iclas':*"
    assert az_tsquery("terror or terrorizm") == "'terror':* | 'terrorizm':*"
    assert az_tsquery("və ilə") == ""  # too common to look for
    assert az_tsquery("'); DROP TABLE x; --") == "'drop':* & 'tabl':* & 'x'"


def test_the_matcher_marks_the_words_found_and_not_the_excluded():
    matches = az_matcher("forumun -iclas")
    assert [w for w in "Forumun iclası forumda format".split() if matches(w)] == [
        "Forumun",
        "forumda",
    ]


azerbaijani_text = st.text(
    alphabet="abcçdeəfgğhxıijkqlmnoöprsştuüvyzABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ -.,",
    max_size=60,
)


@pytest.mark.django_db
@settings(max_examples=200, deadline=None)
@given(text=azerbaijani_text)
def test_python_and_the_database_fold_alike(text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT az_fold(%s)", [text])
        assert cursor.fetchone()[0] == az_fold(text)


def test_the_database_function_is_the_latest_migrations():
    """A change to the rules needs a migration that writes az_fold() anew."""
    migration = importlib.import_module("forum.core.migrations.0002_az_fold")
    assert migration.AZ_FOLD_SQL.strip() == textsearch.AZ_FOLD_SQL.strip()


def name_keys(*words):
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(name_key(w)) FROM unnest(%s::text[]) AS w", [list(words)])
        return set(cursor.fetchone()[0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spellings",
    [
        ("Əliyev", "Aliyev", "Aliev", "Alijev", "Алиев"),
        ("Nağıyev", "Naghiyev", "Nagiyev", "Нагиев"),
        ("Vaşinqton", "Washington", "Вашингтон"),
        ("Paşinyan", "Pashinyan", "Пашинян"),
        ("İlham", "Ilham", "Ильхам"),
        ("Xəzər", "Khazar", "Хазар"),
    ],
)
def test_a_name_has_one_key_in_every_script_and_transliteration(spellings):
    assert len(name_keys(*spellings)) == 1


@pytest.mark.django_db
def test_different_names_keep_different_keys():
    assert len(name_keys("Aliyev", "Əlizadə", "Naghiyev", "Nazarov")) == 4


def test_the_name_key_function_is_the_latest_migrations():
    migration = importlib.import_module("forum.core.migrations.0003_name_key")
    assert migration.NAME_KEY_SQL.strip() == textsearch.NAME_KEY_SQL.strip()
