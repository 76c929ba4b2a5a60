"""The admin's lists: the columns chosen for each content type, the status and languages
badges in words, long texts clamped with the whole text on hover, and a query count that
does not grow with the rows shown."""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Address, DataLicence, Declaration, Document, Initiative
from forum.core import registry
from forum.core.admin import PublishableAdmin
from forum.core.content import PublishableModel, Status
from forum.models import Committee, Organisation, Page, Person, Session
from tests.documents.factories import AddressFactory, DocumentFactory, InitiativeFactory
from tests.forum.factories import (
    CommitteeFactory,
    OrganisationFactory,
    PageFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
LISTED = [m for m in registry.models() if m in admin.site._registry]
COLUMNS = {
    Document: (
        "title_clamped",
        "kind",
        "symbol",
        "date",
        "session",
        "status_badge",
        "missing_languages",
    ),
    Address: ("title_clamped", "author_person", "date", "session", "status_badge"),
    Declaration: ("title_clamped", "symbol", "adopted_on", "session", "status_badge"),
    Initiative: ("title_clamped", "declaration_clamped", "number", "progress", "status_badge"),
    Session: ("number", "theme_clamped", "start_date", "city", "status_badge"),
    Committee: ("name_clamped", "coordinating_country", "established_on", "status_badge"),
    Page: ("title_clamped", "slug", "placement", "position", "status_badge"),
    DataLicence: ("name_clamped", "url", "is_sample", "updated_at"),
    Organisation: ("name_clamped", "acronym", "kind", "country"),
    Person: ("name_clamped", "position_clamped", "country", "organisation_clamped"),
}


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", LISTED, ids=lambda m: m._meta.label)
def test_each_list_has_the_columns_chosen_for_it(model):
    list_display = admin.site._registry[model].list_display
    assert list_display[: len(COLUMNS[model])] == COLUMNS[model]
    assert list_display[-1] == "missing_languages"
    # "published at" is inside the status badge; the plain status column is the badge.
    assert "published_at" not in list_display and "status" not in list_display
    if issubclass(model, PublishableModel):
        assert isinstance(admin.site._registry[model], PublishableAdmin)


def test_the_status_badge_says_the_status_and_when_it_is_scheduled():
    column = admin.site._registry[Document].status_badge
    soon = timezone.now() + datetime.timedelta(days=2)

    draft = column(DocumentFactory(draft=True))
    assert re.fullmatch(r'<span class="badge status-draft" title="">Draft</span>', draft)

    published = column(DocumentFactory())
    assert ">Published</span>" in published
    assert 'title="published at: ' in published and "<small" not in published

    scheduled = column(DocumentFactory(published_at=soon))
    assert 'class="badge status-scheduled"' in scheduled and ">Scheduled</span>" in scheduled
    assert re.search(r'<small class="badge-note">[^<]*\d{4}[^<]*</small>', scheduled)

    withdrawn = DocumentFactory(status=Status.WITHDRAWN)
    assert ">Withdrawn</span>" in column(withdrawn)


def test_the_languages_badges_mark_the_missing_ones_in_words():
    column = admin.site._registry[Session].missing_languages
    html = column(SessionFactory(theme_az="", description_ru="Только по-русски"))
    assert '<span class="badge">ru</span>' in html
    for code in ("az", "en"):
        assert re.search(
            rf'<s class="badge missing" title="missing">{code}'
            r'<span class="visually-hidden"> \(missing\)</span></s>',
            html,
        )
    complete = column(SessionFactory())
    assert "missing" not in complete and complete.count('class="badge"') == 3


def test_long_titles_are_clamped_with_the_whole_title_on_hover(staff_client):
    title = "A title of a hundred and thirty characters, " * 3
    DocumentFactory(title_en=title)
    html = staff_client.get(changelist(Document)).content.decode()
    assert f'<span class="clamped" title="{title}">{title}</span>' in html
    assert 'class="sortable column-status_badge' in html
    assert "column-published_at" not in html


def test_an_empty_title_shows_the_usual_dash():
    column = admin.site._registry[Session].theme_clamped
    untitled = SessionFactory(theme_az="", theme_en="", theme_ru="")
    assert column(untitled) == admin.site.empty_value_display


def rows(model, count):
    """``count`` items of ``model``, with whatever they show in their list."""
    if model is Document:
        session = SessionFactory()
        DocumentFactory.create_batch(count, session=session)
    elif model is Address:
        AddressFactory.create_batch(count)  # each with its own session and author
    elif model is Initiative:
        InitiativeFactory.create_batch(count)  # each under its own declaration
    elif model is Session:
        SessionFactory.create_batch(count)
    elif model is Committee:
        CommitteeFactory.create_batch(count)
    elif model is Page:
        PageFactory.create_batch(count)
    elif model is Organisation:
        OrganisationFactory.create_batch(count)
    elif model is Person:
        for _n in range(count):
            PersonFactory(organisation=OrganisationFactory())


@pytest.mark.parametrize(
    "model",
    [Document, Address, Initiative, Session, Committee, Page, Organisation, Person],
    ids=lambda m: m._meta.label,
)
def test_the_query_count_does_not_grow_with_the_rows(staff_client, model):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(changelist(model))
        assert response.status_code == 200
        return len(captured), len(response.context["cl"].result_list)

    rows(model, 5)
    few, shown = queries()
    rows(model, 45)
    many, more_shown = queries()
    assert more_shown == shown + 45
    assert many == few
