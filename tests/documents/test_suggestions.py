"""Suggestions while typing in the document search: published content only, in the page's
language, a few bounded queries, and never a server error whatever is typed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.suggestions import LIMIT, MAX_LENGTH, suggest
from tests.documents.factories import DocumentFactory
from tests.forum.factories import (
    HIDDEN_STATES,
    CommitteeFactory,
    CommitteeMemberFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def suggestions(client, text, lang="en"):
    response = client.get(f"/{lang}/documents/suggestions.json", {"q": text})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    data = response.json()
    assert data["query"] == text
    return data["suggestions"]


def labels(found, kind):
    return [suggestion["label"] for suggestion in found if suggestion["kind"] == kind]


@pytest.fixture
def cyber():
    return DocumentFactory(
        slug="cyber",
        title_en="Cybersecurity cooperation between security services",
        title_ru="Сотрудничество спецслужб в области кибербезопасности",
        title_az="Xüsusi xidmətlərin kibertəhlükəsizlik sahəsində əməkdaşlığı",
        summary_en="Zanzibar.",
        body_en="<p>Quixotic.</p>",
    )


@pytest.mark.parametrize(
    "text",
    [
        "cyber", "Cyber", "CYBERSEC", "coop", "cooperation", "serv", "cyber coop",
        "coop cyber", "Сотруд", "кибербез", "спецслужб", "kibertəh", "KİBERTƏH", "kiberteh",
        "emekdas", "əməkdaşlığı",
    ],
)  # fmt: skip
def test_a_word_of_a_title_in_any_language_starts_with_each_word_typed(client, cyber, text):
    assert labels(suggestions(client, text), "document") == [cyber.title_en]


@pytest.mark.parametrize("text", ["securit", "security", "servic", "services", "policy", "polic"])
def test_a_word_typed_past_its_stem_still_finds_the_title(client, text):
    DocumentFactory(title_en="Security policy of special services")
    assert labels(suggestions(client, text), "document") == ["Security policy of special services"]


@pytest.mark.parametrize("text", ["operation", "ecurity", "zanzib", "quixo", "cyber zzz"])
def test_only_the_start_of_a_title_word_is_a_match(client, cyber, text):
    assert labels(suggestions(client, text), "document") == []


@pytest.mark.parametrize(
    ("lang", "title", "kind"),
    [
        ("en", "Cybersecurity cooperation between security services", "Report"),
        ("ru", "Сотрудничество спецслужб в области кибербезопасности", "Доклад"),
        ("az", "Xüsusi xidmətlərin kibertəhlükəsizlik sahəsində əməkdaşlığı", "Hesabat"),
    ],
)
def test_labels_and_addresses_are_in_the_language_of_the_page(client, cyber, lang, title, kind):
    [found] = suggestions(client, "cyber", lang)
    assert found["kind"] == "document"
    assert found["label"] == title
    assert found["lang"] == lang
    assert found["url"] == f"/{lang}/documents/cyber/"
    assert found["detail"].startswith(f"{kind} · ")


def test_a_missing_translation_falls_back_and_says_in_which_language(client):
    DocumentFactory(
        slug="ru-only", title_en="", title_az="", title_ru="Обращение", original_language="ru"
    )
    [found] = suggestions(client, "обращ", "az")
    assert (found["label"], found["lang"], found["url"]) == (
        "Обращение",
        "ru",
        "/az/documents/ru-only/",
    )


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_content_is_never_suggested(client, state):
    session = SessionFactory(number=41, theme_en="Hiddenmarker theme", **HIDDEN_STATES[state])
    author = PersonFactory(name_en="Hiddenmarker Person")
    DocumentFactory(title_en="Hiddenmarker title", symbol="BSF/41/HID", author_person=author,
                    **HIDDEN_STATES[state])  # fmt: skip
    member = PersonFactory(name_en="Hiddenmarker Member")
    CommitteeMemberFactory(person=member, committee=CommitteeFactory(**HIDDEN_STATES[state]))
    shown = DocumentFactory(title_en="Hiddenmarker shown")
    assert labels(suggestions(client, "hiddenmark"), "document") == [shown.title_en]
    assert labels(suggestions(client, "hiddenmark"), "person") == []
    assert labels(suggestions(client, "hiddenmark"), "session") == []
    assert suggestions(client, "Session 41") == []
    assert suggestions(client, "BSF/41") == []
    assert session.pk  # made, and hidden


def test_a_symbol_or_its_start_suggests_documents_by_symbol(client):
    DocumentFactory(slug="decl", symbol="BSF/9/DECL", title_en="Declaration")
    DocumentFactory(slug="addr", symbol="BSF/9/ADDR", title_en="Address")
    DocumentFactory(slug="other", symbol="BSF/10/DECL", title_en="Later declaration")
    found = suggestions(client, "bsf/9/")
    assert [(s["kind"], s["label"]) for s in found] == [
        ("symbol", "BSF/9/ADDR"),
        ("symbol", "BSF/9/DECL"),
    ]
    assert found[0]["detail"] == "Address"
    assert found[0]["url"] == "/en/documents/addr/"
    assert labels(suggestions(client, "BSF/9/DE"), "symbol") == ["BSF/9/DECL"]
    assert labels(suggestions(client, "BSF/1"), "symbol") == ["BSF/10/DECL"]


def test_sessions_by_name_number_year_theme_or_city_in_any_language(client):
    day = datetime.date(2031, 9, 1)
    SessionFactory(
        number=7, theme_en="Transport networks", start_date=day, end_date=day, city_ru="Баку"
    )
    for text in ["transp", "Session 7", "session", "Заседание 7", "2031", "Баку"]:
        found = suggestions(client, text)
        assert labels(found, "session") == ["Session 7"], text
    [session] = [s for s in suggestions(client, "transport", "ru") if s["kind"] == "session"]
    assert session["label"] == "Заседание № 7"
    assert session["url"] == "/ru/sessions/7/"
    assert "Баку" in session["detail"]
    assert labels(suggestions(client, "Session 8"), "session") == []


def test_authors_are_suggested_with_their_documents(client):
    aliyev = PersonFactory(name_en="Ilham Aliyev", name_ru="Ильхам Алиев", name_az="İlham Əliyev",
                           position_en="President")  # fmt: skip
    DocumentFactory(slug="address", title_en="An address", author_person=aliyev)
    [person] = [s for s in suggestions(client, "Ilham Al") if s["kind"] == "person"]
    assert person == {
        "kind": "person",
        "label": "Ilham Aliyev",
        "lang": "en",
        "url": "/en/documents/?author=Ilham+Aliyev",
        "detail": "President",
    }
    assert [d.slug for d in client.get(person["url"]).context["documents"]] == ["address"]
    assert labels(suggestions(client, "алиев", "ru"), "person") == ["Ильхам Алиев"]
    assert labels(suggestions(client, "Əliy", "az"), "person") == ["İlham Əliyev"]


def test_people_the_public_pages_do_not_name_are_not_suggested(client):
    DocumentFactory(author_person=PersonFactory(name_en="Zed Draftauthor"), draft=True)
    PersonFactory(name_en="Zed Nobody")
    shown = CommitteeFactory()  # the committee page shows the latest published
    earlier = CommitteeFactory(published_at=shown.published_at - datetime.timedelta(days=1))
    CommitteeMemberFactory(person=PersonFactory(name_en="Zed Member"), committee=shown)
    CommitteeMemberFactory(person=PersonFactory(name_en="Zed Formermember"), committee=earlier)
    [member] = suggestions(client, "zed")
    assert (member["kind"], member["label"], member["url"]) == (
        "person",
        "Zed Member",
        "/en/committee/",
    )


def test_documents_fill_what_sessions_and_people_leave(client):
    for number in range(1, 5):
        SessionFactory(number=number, theme_en=f"Peace {number}")
        DocumentFactory(author_person=PersonFactory(name_en=f"Peace Person {number}"))
    for n in range(LIMIT):
        DocumentFactory(title_en=f"Peace statement {n}")
    found = suggestions(client, "peace")
    assert len(found) == LIMIT
    assert [s["kind"] for s in found] == ["document"] * (LIMIT - 5) + ["session"] * 2 + [
        "person"
    ] * 3


def test_titles_are_suggested_from_the_newest_documents(client, monkeypatch):
    monkeypatch.setattr("documents.suggestions.RECENT", 3)
    for day in range(1, 6):
        DocumentFactory(title_en=f"Archive {day}", date=datetime.date(2020, 1, day))
    assert labels(suggestions(client, "archive"), "document") == [
        "Archive 5",
        "Archive 4",
        "Archive 3",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "' OR 1=1 --", "'; DROP TABLE documents_document; --", "<script>alert(1)</script>", "a:*",
        "!(", "&|", "'':*A", "%", "%%", "_", "__", "\\", "\\x", "\x00", "ab\x00cd", "\r\n", "   ",
        "", "a", "İ", "\u0301\u0301", "🙂🙂", "x" * MAX_LENGTH, "a b c d e f g h i j k l m n",
        "{{ 7*7 }}", "Ы" * 50, "/", "//", "BSF//", "bsf/%", "bsf/_/'",
    ],
)  # fmt: skip
def test_any_text_gets_a_list(client, cyber, text):
    found = suggestions(client, text)
    assert isinstance(found, list) and len(found) <= LIMIT


@pytest.mark.parametrize("length", [MAX_LENGTH + 1, 10_000])
def test_a_text_too_long_is_refused(client, length):
    response = client.get("/en/documents/suggestions.json", {"q": "x" * length})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=MAX_LENGTH), lang=st.sampled_from(["az", "en", "ru"]))
def test_no_text_raises(cyber, text, lang):
    assert len(suggest(text, lang)) <= LIMIT


def test_only_get(client):
    assert client.post("/en/documents/suggestions.json", {"q": "cyber"}).status_code == 405


@pytest.mark.parametrize("text", ["peace", "peace treaty of", "BSF/1", "se"])
def test_a_few_queries_whatever_the_content(client, django_assert_max_num_queries, text):
    committee = CommitteeFactory()
    for number in range(1, 4):
        session = SessionFactory(number=number, theme_en="Peace")
        person = PersonFactory(name_en=f"Peace Person {number}")
        CommitteeMemberFactory(committee=committee, person=person)
        for n in range(5):
            DocumentFactory(title_en=f"Peace treaty {n}", symbol=f"BSF/{number}/{n}",
                            session=session, author_person=person)  # fmt: skip
    with django_assert_max_num_queries(4):
        suggestions(client, text)


def test_kept_by_the_page_cache_until_content_changes(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE = True
    DocumentFactory(title_en="Peace treaty")
    assert labels(suggestions(client, "peace"), "document") == ["Peace treaty"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/documents/suggestions.json", {"q": "peace", "utm": "x"})
    assert len(queries) == 0
    assert "max-age=0" in response["Cache-Control"] and response["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        DocumentFactory(title_en="Peace accord")
    assert "Peace accord" in labels(suggestions(client, "peace"), "document")


def test_throttled_with_a_budget_of_their_own(client, settings):
    settings.SUGGESTIONS_THROTTLE_RATE = "2/m"
    settings.THROTTLE_RATE = "1/m"
    assert client.get("/en/documents/suggestions.json", {"q": "one"}).status_code == 200
    assert client.get("/en/documents/suggestions.json", {"q": "two"}).status_code == 200
    refused = client.get("/en/documents/suggestions.json", {"q": "three"})
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too many requests."}
    assert int(refused["Retry-After"]) >= 1
    assert client.get("/en/documents/suggestions.json", {"q": ""}).status_code == 200
    # Typing did not use up the searches' budget.
    assert client.get("/en/documents/", {"q": "peace"}).status_code == 200
    assert client.get("/en/documents/", {"q": "accord"}).status_code == 429


def test_the_list_page_says_where_to_ask_and_what_to_say(client):
    html = client.get("/ru/documents/").content.decode()
    assert 'data-suggest="/ru/documents/suggestions.json"' in html
    assert 'data-suggest-none="' in html and 'data-suggest-label="' in html
    assert all(f'data-suggest-{count}="' in html for count in range(1, LIMIT + 1))
    assert f'data-suggest-{LIMIT + 1}="' not in html
    # The script comes from the site, deferred; nothing inline, and the field is unchanged.
    scripts = [s for s in re.findall(r"<script[^>]*>", html) if "application/ld+json" not in s]
    assert scripts == ['<script src="/static/documents/suggest.js" defer>']
    assert re.search(r'<input type="search" name="q" autocomplete="off" id="id_q"', html)
    assert 'role="combobox"' not in html  # the script adds it


def test_other_pages_do_not_load_the_script(client):
    DocumentFactory(slug="a-document")
    for url in ("/en/", "/en/sessions/", "/en/documents/a-document/"):
        assert "suggest.js" not in client.get(url).content.decode()


@pytest.mark.parametrize(("text", "lang"), [("address by the", "en"), ("обращение к", "ru")])
def test_stop_words_which_titles_are_indexed_without_are_left_out(client, text, lang):
    DocumentFactory(title_en="Address by the President", title_ru="Обращение к участникам")
    assert len(labels(suggestions(client, text, lang), "document")) == 1


def test_a_stop_word_being_typed_is_the_start_of_a_title_word(client):
    DocumentFactory(title_en="Forum of the services")
    assert labels(suggestions(client, "for"), "document") == ["Forum of the services"]
    assert labels(suggestions(client, "forum of"), "document") == ["Forum of the services"]
    assert labels(suggestions(client, "forum of the serv"), "document") == [
        "Forum of the services"
    ]
