import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.core.content import Status
from tests.documents.factories import (
    PDF,
    AddressFactory,
    AttachmentFactory,
    DeclarationFactory,
    DocumentFactory,
    InitiativeFactory,
    ProgressNoteFactory,
)
from tests.forum.factories import SessionFactory

pytestmark = pytest.mark.django_db
SEED = "/{lang}/documents/address-president-aliyev-third-session-2025/"


@pytest.mark.parametrize("lang", ["az", "en", "ru"])
def test_seed_address_page(client, demo, lang):
    response = client.get(SEED.format(lang=lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "Уважаемые участники конференции!" in html
    assert "BSF/3/ADDR" in html
    assert "Trend" in html
    # The page says in which languages the text exists and links to them.
    assert 'hreflang="ru" lang="ru">Русский</a>' in html or lang == "ru"


def test_text_in_another_language_is_marked(client, demo):
    html = client.get(SEED.format(lang="en")).content.decode()
    assert "Address by President of the Republic of Azerbaijan Ilham Aliyev" in html
    # No source says which text is the original: the page claims none.
    assert "Not yet translated into this language; shown in Russian." in html
    assert "shown in the original" not in html
    assert "(original" not in html and "(translation" not in html
    assert '<div class="document-body" lang="ru">' in html
    assert "fallback-note" not in client.get(SEED.format(lang="ru")).content.decode()


def test_record_without_text_says_so(client, demo):
    html = client.get("/en/documents/declaration-baku-security-forum-2025/").content.decode()
    assert "The full text has not been published yet." in html
    assert "By consensus" in html


def test_declaration_links_to_its_initiatives_and_back(client, demo):
    html = client.get("/en/documents/declaration-baku-security-forum-2025/").content.decode()
    url = "/en/documents/declaration-baku-security-forum-2025/initiatives/1/"
    assert f'href="{url}"' in html
    initiative = client.get(url).content.decode()
    assert 'href="/en/documents/declaration-baku-security-forum-2025/"' in initiative
    assert "Sample progress note" in initiative
    assert "badge--sample" in initiative


def test_citation_and_print_stylesheet(client, demo):
    html = client.get(SEED.format(lang="en")).content.decode()
    assert "Cite as" in html
    assert "http://testserver/en/documents/address-president-aliyev-third-session-2025/" in html
    assert 'media="print"' in html


def test_attachments_show_language_type_and_size(client):
    attachment = AttachmentFactory(language="ru")
    html = client.get(attachment.document.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in html
    assert f"Русский · PDF · {len(PDF)}\xa0bytes" in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_unpublished_document_is_404(client, status):
    document = DocumentFactory(status=status)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_staff_preview_of_a_draft(staff_client):
    document = DocumentFactory(draft=True, title_en="Draft title")
    response = staff_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "Preview for staff" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_initiative_of_an_unpublished_declaration_is_404(client):
    initiative = InitiativeFactory(declaration=DeclarationFactory(draft=True))
    assert client.get(initiative.get_absolute_url()).status_code == 404
    hidden = InitiativeFactory(draft=True)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert (
        hidden.title_en not in client.get(hidden.declaration.get_absolute_url()).content.decode()
    )


def test_unknown_document_is_404(client):
    assert client.get("/en/documents/no-such-document/").status_code == 404
    assert client.get("/en/documents/x/initiatives/1/").status_code == 404


def test_session_page_lists_its_documents_grouped_by_kind(client, demo):
    html = client.get("/en/sessions/3/").content.decode()
    groups = re.findall(r'<h3 class="group-title">([^<]+)</h3>', html)
    assert groups == ["Address", "Declaration", "Regulations", "Speech", "Press release"]
    assert "address-president-aliyev-third-session-2025" in html


def test_session_page_hides_draft_documents(client):
    session = SessionFactory(number=4)
    DocumentFactory(session=session, draft=True, title_en="Secret draft")
    assert "Secret draft" not in client.get("/en/sessions/4/").content.decode()


def test_home_shows_latest_documents(client, demo):
    html = client.get("/ru/").content.decode()
    assert "Обращение Президента Азербайджанской Республики Ильхама Алиева" in html


def test_hostile_markup_never_reaches_a_reader(client):
    document = DocumentFactory(
        body_en=(
            '<p onclick="x()">Text<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">link</a><img src=x onerror=alert(1)>'
            '<iframe src="https://evil.example"></iframe><h2>Heading</h2>'
        )
    )
    html = client.get(document.get_absolute_url()).content.decode()
    body = re.search(r'<div class="document-body">(.*?)</div>', html, re.S).group(1)
    assert "<script" not in body and "onclick" not in body and "onerror" not in body
    assert "javascript:" not in body and "<iframe" not in body and "<img" not in body
    assert "<h2>Heading</h2>" in body


@pytest.mark.parametrize("count", [2, 30])
def test_detail_query_count_does_not_grow(client, count):
    declaration = DeclarationFactory(session=SessionFactory())
    for n in range(count):
        ProgressNoteFactory(initiative=InitiativeFactory(declaration=declaration, number=n + 1))
        AttachmentFactory(document=declaration)
    client.get("/en/")  # the menus, read once for each content version (forum/templating.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(declaration.get_absolute_url()).status_code == 200
    initiative = declaration.initiatives.first()
    with CaptureQueriesContext(connection) as initiative_queries:
        assert client.get(initiative.get_absolute_url()).status_code == 200
    assert len(queries) <= 4
    assert len(initiative_queries) <= 4


def test_session_page_query_count_does_not_grow(client):
    session = SessionFactory(number=7)
    AddressFactory(session=session)
    client.get("/en/")  # the menus, read once for each content version (forum/templating.py)
    with CaptureQueriesContext(connection) as few:
        client.get("/en/sessions/7/")
    AddressFactory.create_batch(20, session=session)
    DeclarationFactory.create_batch(5, session=session)
    with CaptureQueriesContext(connection) as many:
        client.get("/en/sessions/7/")
    assert len(few) == len(many)


def test_session_page_lists_the_newest_of_each_kind_and_links_to_all(client):
    import datetime

    from documents.views import PER_KIND

    session = SessionFactory(number=8)
    for day in range(PER_KIND + 3):
        AddressFactory(session=session, date=datetime.date(2025, 1, 1) + datetime.timedelta(day))
    DeclarationFactory(session=session)
    response = client.get("/en/sessions/8/")
    groups = {g["kind"]: g for g in response.context["document_groups"]}
    assert len(groups["address"]["documents"]) == PER_KIND
    assert groups["address"]["total"] == PER_KIND + 3
    newest = datetime.date(2025, 1, 1) + datetime.timedelta(PER_KIND + 2)
    assert groups["address"]["documents"][0].date == newest
    html = response.content.decode()
    assert f"All {PER_KIND + 3} documents of this kind" in html
    assert 'href="/en/documents/?session=8&amp;kind=address"' in html


def test_the_citation_quotes_and_ends_as_the_language_writes(client):
    from django.utils import translation

    document = DocumentFactory(title_ru="Декларация", title_en="Declaration")
    with translation.override("ru"):
        url = document.get_absolute_url()
    page = client.get(url).content.decode()
    assert "«Декларация»" in page
    assert "г.." not in page  # a Russian date ends with "г."; no second full stop
    with translation.override("en"):
        url = document.get_absolute_url()
    assert "“Declaration”" in client.get(url).content.decode()


def test_home_and_list_order_documents_of_one_day_alike(client):
    import datetime

    from django.utils import timezone

    # Five documents of one day, put online in another order than they were entered, and
    # an older one put online last: newest first by date, then one tie-break, on both.
    day = datetime.date(2025, 9, 21)
    for hour in (9, 7, 8, 6, 5):
        DocumentFactory(
            date=day, published_at=timezone.make_aware(datetime.datetime(2025, 9, 22, hour))
        )
    older = DocumentFactory(
        date=day - datetime.timedelta(days=1),
        published_at=timezone.make_aware(datetime.datetime(2025, 9, 23)),
    )
    home = [d.pk for d in client.get("/en/").context["latest_documents"]]
    listed = [d.pk for d in client.get("/en/documents/").context["documents"]]
    newest = [d.pk for d in client.get("/en/documents/", {"sort": "-date"}).context["documents"]]
    assert home == listed == newest
    assert len(home) == 6
    assert home[-1] == older.pk


@pytest.mark.parametrize(
    ("original", "authentic", "notes"),
    [
        ("ru", ["ru"], {"ru": "(original, authentic text)", "en": "(translation)"}),
        ("en", ["ru"], {"ru": "(authentic text)", "en": "(original)"}),
        ("", ["ru"], {"ru": "(authentic text)", "en": ""}),
        ("", [], {"ru": "", "en": ""}),
    ],
)
def test_the_languages_claim_an_original_only_where_staff_set_one(
    client, original, authentic, notes
):
    flags = {f"is_authentic_{code}": code in authentic for code in ("az", "en", "ru")}
    document = DocumentFactory(
        original_language=original, body_ru="<p>Текст.</p>", body_en="<p>Text.</p>", **flags
    )
    html = client.get(document.get_absolute_url()).content.decode()
    languages = re.search(r'<ul class="inline-list document-languages">(.*?)</ul>', html, re.S)
    items = re.findall(r'<li>.*?lang="(\w+)">[^<]+</(?:a|strong)>(.*?)</li>', languages[1], re.S)
    assert {code: note.strip() for code, note in items} == notes


def test_session_page_names_each_kind_once_in_its_heading(client, demo):
    html = client.get("/en/sessions/3/").content.decode()
    section = r'<section aria-labelledby="documents-title">(.*?)</section>'
    documents = re.search(section, html, re.S)
    assert re.findall(r'<h3 class="group-title">([^<]+)</h3>', documents[1])
    assert 'class="kind"' not in documents[1]
    assert '<span class="symbol">BSF/3/ADDR</span>' in documents[1]  # the symbol stays
    # Elsewhere, without the heading, the item says its kind.
    assert '<span class="kind">Address</span>' in client.get("/en/documents/").content.decode()


def test_the_list_shows_results_then_its_filters_with_the_active_ones_above(client):
    session = SessionFactory(number=3)
    AddressFactory(session=session, title_en="An address of the third session")
    html = client.get("/en/documents/", {"kind": "address", "session": "3"}).content.decode()
    # In the page's order: the count, a link down to the form, the active filters, each a
    # link that removes it alone, the results; then the form.
    count = html.index('id="results-title"')
    to_form = html.index('href="#filters"')
    chips = html.index('class="active-filters"')
    results = html.index('class="document-list"')
    form = html.index('<form class="filters"')
    assert count < to_form < chips < results < form
    assert 'id="filters"' in html[results:]
    active = re.findall(r'<a href="([^"]+)" class="chip">([^<]+)', html)
    assert [(link, text.strip()) for link, text in active] == [
        ("?session=3", "Kind: Address"),
        ("?kind=address", "Session: Session 3"),
    ]
