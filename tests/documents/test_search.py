from datetime import date

import pytest

from documents.filters import DocumentFilter
from documents.models import Document, DocumentQuerySet, Kind
from tests.documents.factories import AddressFactory, DocumentFactory

pytestmark = pytest.mark.django_db
SEED = "address-president-aliyev-third-session-2025"


def found(client, query, lang="en", **extra):
    response = client.get(f"/{lang}/documents/", {"q": query, **extra})
    assert response.status_code == 200
    return [d.slug for d in response.context["documents"]]


@pytest.mark.parametrize("query", ["форум", "Форум", "forum", "Forum", "FORUM"])
@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_seed_address_is_found(client, demo, query, lang):
    assert SEED in found(client, query, lang)


def test_words_of_the_full_text_are_found(client, demo):
    assert found(client, "киберугроз") == [SEED]
    assert found(client, "Вашингтоне Армения") == [] or SEED in found(client, "Вашингтоне")


def test_search_by_symbol(client, demo):
    assert found(client, "BSF/3/DECL")[0] == "declaration-baku-security-forum-2025"


def test_search_covers_every_language_version(client):
    DocumentFactory(slug="az-only", title_en="Statement", body_az="<p>Təhlükəsizlik şurası</p>")
    DocumentFactory(slug="ru-only", title_en="Other", summary_ru="Сотрудничество спецслужб")
    assert found(client, "şurası") == ["az-only"]
    assert found(client, "спецслужб") == ["ru-only"]


def test_search_finds_nothing_for_absent_words(client, demo):
    assert found(client, "nonexistentword") == []


def test_drafts_are_never_found(client):
    DocumentFactory(slug="draft", title_en="Uniquemarker", draft=True)
    assert found(client, "Uniquemarker") == []


def test_search_results_show_highlighted_excerpts(client, demo):
    response = client.get("/en/documents/", {"q": "forum"})
    html = response.content.decode()
    assert "<mark>" in html
    assert 'class="excerpt"' in html


def test_search_combines_with_filters(client, demo):
    assert found(client, "forum", kind="declaration") == ["declaration-baku-security-forum-2025"]


def test_excerpts_escape_markup(client):
    DocumentFactory(slug="x", title_en="Hostile", body_en="<p>forum &lt;script&gt;alert(1)</p>")
    html = client.get("/en/documents/", {"q": "forum"}).content.decode()
    assert "<script>" not in html


def test_russian_stemming(client, demo):
    # "форума" and "форумом" share the stem of "форум".
    assert SEED in found(client, "форумом")
    assert SEED in found(client, "безопасностью")


def test_english_stemming(client):
    DocumentFactory(slug="stem", title_en="Cooperation", body_en="<p>The services cooperated.</p>")
    assert found(client, "cooperating") == ["stem"]


def test_results_are_ranked_by_relevance(client):
    DocumentFactory(slug="weak", title_en="Other", body_en="<p>forum mentioned once</p>")
    DocumentFactory(slug="strong", title_en="Forum", summary_en="Forum forum")
    assert found(client, "forum") == ["strong", "weak"]


def test_a_search_counts_its_matches_and_their_kinds(client):
    for n in range(3):
        AddressFactory(slug=f"address-{n}", title_en=f"Forum address {n}")
    DocumentFactory(slug="statement", title_en="Forum statement")
    DocumentFactory(slug="other", title_en="Something else")
    DocumentFactory(slug="draft", title_en="Forum draft", draft=True)

    response = client.get("/en/documents/", {"q": "forum", "kind": "address"})
    assert response.context["paginator"].count == 3
    assert "3 documents" in response.content.decode()
    # Beside each kind: what the search finds with the other filters, the kind aside.
    assert response.context["kind_counts"] == {Kind.ADDRESS: 3, Kind.REPORT: 1}

    response = client.get("/en/documents/", {"q": "forum"})
    assert response.context["paginator"].count == 4
    assert response.context["kind_counts"] == {Kind.ADDRESS: 3, Kind.REPORT: 1}


def test_a_search_with_more_matches_than_it_ranks_says_so(client, monkeypatch):
    monkeypatch.setattr("documents.search.MAX_RESULTS", 2)
    for n in range(3):
        DocumentFactory(slug=f"forum-{n}", title_en=f"Forum {n}")
    assert len(found(client, "forum")) == 2
    assert "Only the newest 2 matches" in client.get("/en/documents/?q=forum").content.decode()
    assert "Only the newest" not in client.get("/en/documents/?q=forum+1").content.decode()


def test_results_are_ranked_by_title_and_summary_before_newer_mentions(client):
    DocumentFactory(slug="newer", date=date(2025, 5, 1), body_en="<p>A forum in passing.</p>")
    DocumentFactory(slug="older", date=date(2020, 5, 1), title_en="The forum")
    assert found(client, "forum") == ["older", "newer"]
    assert found(client, "forum", sort="-date") == ["newer", "older"]


def test_search_is_a_queryset_method_returning_an_annotated_queryset():
    DocumentFactory(slug="strong", title_en="Forum", summary_en="Forum forum")
    DocumentFactory(slug="weak", title_en="Other", body_en="<p>forum mentioned once</p>")
    DocumentFactory(slug="other", title_en="Other")
    found = Document.objects.search("forum")
    assert [d.slug for d in found] == ["strong", "weak"]
    assert found[0].rank > found[1].rank == 0
    assert not Document.objects.search("  ?! ").exists()


def test_the_newest_matches_are_a_subquery_of_what_the_filters_leave(monkeypatch):
    monkeypatch.setattr("documents.search.MAX_RESULTS", 2)
    for n in range(3):
        AddressFactory(slug=f"address-{n}", title_en="Forum", date=date(2020 + n, 1, 1))
    DocumentFactory(slug="statement", title_en="Forum", date=date(2025, 1, 1))
    found = Document.objects.filter(kind=Kind.ADDRESS).search("forum")
    assert sorted(d.slug for d in found) == ["address-1", "address-2"]
    assert "LIMIT 2" in str(found.query)  # one query, not a list of keys read first


def test_the_search_filter_searches(monkeypatch):
    """The `q` filter is the search: replaced by one that raises, the list fails."""
    DocumentFactory(slug="match", title_en="Forum")
    DocumentFactory(slug="other", title_en="Other")
    filterset = DocumentFilter({"q": "forum"}, queryset=Document.objects.for_listing())
    assert [d.slug for d in filterset.qs] == ["match"]

    def broken(self, text, spelling=None):
        raise RuntimeError("search bypassed")

    monkeypatch.setattr(DocumentQuerySet, "search", broken)
    with pytest.raises(RuntimeError, match="search bypassed"):
        list(DocumentFilter({"q": "forum"}, queryset=Document.objects.for_listing()).qs)


def test_the_feed_takes_the_search(client):
    DocumentFactory(slug="match", title_en="Forum")
    DocumentFactory(slug="other", title_en="Other")
    body = client.get("/en/feeds/documents/", {"q": "forum"}).content.decode()
    assert "/documents/match/" in body
    assert "/documents/other/" not in body


def test_a_bounded_search_counts_the_chosen_kinds_of_its_own(client, monkeypatch):
    monkeypatch.setattr("documents.search.MAX_RESULTS", 2)
    for n in range(3):
        AddressFactory(slug=f"address-{n}", title_en="Forum", date=date(2020 + n, 1, 1))
    DocumentFactory(slug="statement", title_en="Forum", date=date(2019, 1, 1))

    response = client.get("/en/documents/", {"q": "forum", "kind": "report"})
    assert found(client, "forum", kind="report") == ["statement"]
    assert response.context["paginator"].count == 1
    assert response.context["search_limit"] is None
    # Beside each kind: the newest two matches whatever their kind.
    assert response.context["kind_counts"] == {Kind.ADDRESS: 2}

    response = client.get("/en/documents/", {"q": "forum", "kind": "address"})
    assert response.context["paginator"].count == 2
    assert response.context["search_limit"] == 2


def test_azerbaijani_word_forms_find_each_other(client):
    DocumentFactory(
        slug="az",
        title_az="Bakı Təhlükəsizlik Forumunun iştirakçılarına müraciət",
        body_az="<p>Xüsusi xidmətlərin əməkdaşlığı təhlükəsizliyin təminatıdır.</p>",
    )
    DocumentFactory(slug="other", title_az="Başqa sənəd", body_az="<p>Format haqqında.</p>")
    for query in ["forum", "forumda", "Forumu", "təhlükəsizlik", "tehlukesizliyi",
                  "xidmətlər", "əməkdaşlıq", "emekdasliq", "iştirakçılar"]:  # fmt: skip
        assert found(client, query, "az") == ["az"], query


def test_azerbaijani_matches_are_marked_in_the_text_as_written(client):
    DocumentFactory(
        slug="az",
        title_az="Forumun iştirakçılarına müraciət",
        title_en="An address",
        body_az="<p>Xüsusi xidmətlərin əməkdaşlığı təhlükəsizliyin təminatıdır.</p>",
    )
    html = client.get("/az/documents/", {"q": "təhlükəsizlik forum"}).content.decode()
    assert "<mark>təhlükəsizliyin</mark>" in html
    assert "<mark>Forumun</mark> iştirakçılarına" in html
    html = client.get("/en/documents/", {"q": "tehlukesizlik"}).content.decode()
    assert '<p class="excerpt" lang="az">' in html


def test_titles_are_marked_in_the_language_shown(client):
    DocumentFactory(
        slug="x",
        title_en="Cooperation of the special services",
        title_ru="Сотрудничество спецслужб",
    )
    html = client.get("/en/documents/", {"q": "cooperating services"}).content.decode()
    assert "<mark>Cooperation</mark> of the special <mark>services</mark>" in html
    html = client.get("/ru/documents/", {"q": "сотрудничества"}).content.decode()
    assert "<mark>Сотрудничество</mark> спецслужб" in html


@pytest.mark.parametrize("query", ["BSF/3/ADDR", "bsf/3/addr", " BSF/3/ADDR/ "])
def test_a_symbol_finds_its_document_alone(client, query):
    AddressFactory(slug="third", symbol="BSF/3/ADDR")
    AddressFactory(slug="second", symbol="BSF/2/ADDR", body_en="<p>See BSF/3/ADDR.</p>")
    DocumentFactory(slug="third-statement", symbol="BSF/3/STAT")
    assert found(client, query) == ["third"]


def test_the_start_of_a_symbol_finds_the_sessions_documents(client):
    AddressFactory(slug="third", symbol="BSF/3/ADDR", date=date(2025, 9, 21))
    DocumentFactory(slug="third-statement", symbol="BSF/3/STAT", date=date(2025, 9, 22))
    AddressFactory(slug="second", symbol="BSF/2/ADDR")
    DocumentFactory(slug="thirty", symbol="BSF/30/STAT")
    assert found(client, "BSF/3") == ["third-statement", "third"]
    assert found(client, "BSF/3", kind="address") == ["third"]


def test_an_exact_phrase_ranks_above_scattered_words(client):
    DocumentFactory(
        slug="scattered", title_en="Security of the forum in Baku", date=date(2025, 1, 1)
    )
    DocumentFactory(slug="phrase", title_en="The Baku Security Forum", date=date(2020, 1, 1))
    assert found(client, "baku security forum") == ["phrase", "scattered"]


def test_a_search_is_ranked_and_the_sort_menu_says_so(client):
    DocumentFactory(slug="newer", date=date(2025, 5, 1), body_en="<p>A forum in passing.</p>")
    DocumentFactory(slug="older", date=date(2020, 5, 1), title_en="The forum")
    response = client.get("/en/documents/", {"q": "forum", "sort": ""})
    assert [d.slug for d in response.context["documents"]] == ["older", "newer"]
    html = response.content.decode()
    assert '<option value="" selected>Relevance</option>' in html
    # Without a search, the same first choice is the list's own order.
    html = client.get("/en/documents/").content.decode()
    assert '<option value="" selected>Newest first</option>' in html
    assert "Relevance" not in html


def test_a_name_in_another_script_finds_the_texts_that_name_it(client):
    DocumentFactory(
        slug="ru", title_en="A note", body_ru="<p>Встреча в Вашингтоне с Пашиняном.</p>"
    )
    DocumentFactory(slug="az", title_en="Another", body_az="<p>Paşinyan Vaşinqtonda idi.</p>")
    DocumentFactory(slug="neither", title_en="Other", body_en="<p>Nothing of the kind.</p>")
    for query in ["Pashinyan", "Пашинян", "Paşinyan"]:
        assert sorted(found(client, query)) == ["az", "ru"], query
    # The spelling typed ranks first.
    assert found(client, "Paşinyan")[0] == "az"


def test_a_misspelt_word_finds_what_the_word_would_and_says_so(client):
    DocumentFactory(slug="match", title_en="Security of the services", title_ru="Безопасность")
    DocumentFactory(slug="other", title_en="Other")
    response = client.get("/en/documents/", {"q": "securty"})
    assert [d.slug for d in response.context["documents"]] == ["match"]
    assert response.context["typed"] == "securty"
    assert response.context["query"] == "security"
    html = response.content.decode()
    assert "No document contains “securty”" in html
    assert 'href="?q=security"' in html
    # A word the texts hold is taken as typed, with no notice.
    response = client.get("/en/documents/", {"q": "security"})
    assert response.context["typed"] == ""


def test_a_spelling_of_a_name_the_texts_use_is_searched_without_notice(client):
    DocumentFactory(slug="match", title_en="International terrorism")
    response = client.get("/en/documents/", {"q": "terorism"})  # "terrorism" by its key
    assert [d.slug for d in response.context["documents"]] == ["match"]
    assert response.context["typed"] == ""


def test_corrections_come_from_published_texts_only(client):
    DocumentFactory(slug="draft", title_en="Confidentialmarker", draft=True)
    response = client.get("/en/documents/", {"q": "confidentialmarkr"})
    assert list(response.context["documents"]) == []
    assert response.context["typed"] == ""
    assert "confidentialmarker" not in response.content.decode().lower()


def test_words_with_a_slash_are_no_symbol(client):
    DocumentFactory(slug="words", title_en="Prevention and/or response")
    DocumentFactory(slug="symbol", symbol="AND/OR/1", title_en="Other")
    assert found(client, "and/or response") == ["words"]


def test_a_correction_keeps_the_words_spelt_right_and_the_feed_follows_it(client):
    DocumentFactory(slug="match", title_en="Forum on security")
    DocumentFactory(slug="forumu", title_en="Other", body_az="<p>Forumu açdı.</p>")
    response = client.get("/en/documents/", {"q": "forum securty"})
    assert response.context["typed"] == "forum securty"
    assert response.context["query"] == "forum security"
    assert 'href="/en/feeds/documents/?q=forum+security"' in response.content.decode()


def test_no_correction_is_announced_over_an_empty_list(client):
    DocumentFactory(slug="match", title_en="Forum")
    response = client.get("/en/documents/", {"q": "forum -forum"})
    assert list(response.context["documents"]) == []
    assert response.context["typed"] == ""


def test_an_excluded_symbol_is_not_searched_for(client):
    AddressFactory(slug="third", symbol="BSF/3/ADDR")
    DocumentFactory(slug="other", symbol="BSF/2/STAT")
    assert "third" not in found(client, "-BSF/3")


def test_other_spellings_and_the_words_beside_a_symbol_are_marked(client):
    DocumentFactory(slug="en", symbol="BSF/3/STAT", title_en="President Aliyev on threats")
    DocumentFactory(slug="az", title_az="Prezident", body_az="<p>Əliyevin çıxışı.</p>")
    html = client.get("/en/documents/", {"q": "Алиев"}).content.decode()
    assert "President <mark>Aliyev</mark>" in html
    assert "<mark>Əliyevin</mark>" in html
    html = client.get("/en/documents/", {"q": "BSF/3 threats"}).content.decode()
    assert "on <mark>threats</mark>" in html
    assert "<mark>BSF" not in html


def test_a_misspelling_typed_without_the_azerbaijani_letters_is_corrected(client):
    DocumentFactory(slug="match", title_az="Təhlükəsizlik şurası")
    response = client.get("/az/documents/", {"q": "tehlukesizlk"})
    assert [d.slug for d in response.context["documents"]] == ["match"]
    assert response.context["query"] == "təhlükəsizlik"


def test_the_feed_of_a_misspelt_search_is_that_of_the_corrected_one(client):
    DocumentFactory(slug="match", title_en="Security of the services")
    body = client.get("/en/feeds/documents/", {"q": "securty"}).content.decode()
    assert "/documents/match/" in body
